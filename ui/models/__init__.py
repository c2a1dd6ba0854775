"""The Models page: torchvision models and layer summaries, and a module of your own (own_module_*).
May import: core, ui.common.
"""
