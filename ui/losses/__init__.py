"""The Losses page: regression and classification. May import: core, ui.common.
"""
