"""The Save & load page: the formats and an uploaded checkpoint. May import: core, ui.common.
"""
