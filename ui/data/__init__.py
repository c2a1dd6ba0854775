"""The Datasets & loaders page: the source (a dataset, a zip, a folder) and the view.
May import: core, ui.common.
"""
