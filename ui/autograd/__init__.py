"""The Autograd page: its inputs and the graph view. May import: core, ui.common.
"""
