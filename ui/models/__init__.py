"""The Models page: torchvision models and layer summaries. May import: core, ui.common.
"""
