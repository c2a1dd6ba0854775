"""The Transforms page: picture source, step builder and its widgets, the view, normalisation,
its code, the warnings for steps wrong for the data (transforms_misfits), training vs test
(train_vs_test), and the note a pipeline carries to the Train page (train_pipeline).
May import: core, ui.common.
"""
