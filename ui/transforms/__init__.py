"""The Transforms page: picture source, step builder and its widgets, the view, normalisation,
its code, and the note a pipeline carries to the Train page (train_pipeline).
May import: core, ui.common.
"""
