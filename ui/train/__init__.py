"""The Train page: controls, the queue, the live view (live_charts + live_view/, drawn by the
browser), and the run history (table, compare, delete, labels).
May import: core, ui.common, ui.transforms (an augmentation handed over from the Transforms page).
"""
