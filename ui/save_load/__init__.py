"""The Save & load page: the formats, loading into a changed model, an uploaded checkpoint, ReLU(inplace=True).
May import: core, ui.common.
"""
