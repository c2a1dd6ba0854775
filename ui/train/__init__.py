"""The Train page: controls, the queue, the live view (live_charts + live_view/, drawn by the
browser), the run history (table, compare, delete, labels), and the TensorBoard section (tensorboard_*).
May import: core, ui.common, ui.transforms (an augmentation handed over from the Transforms page).
"""
