"""See inside: the model picker (digit readers, your runs on your own pictures, untrained architectures),
the input pickers (a test-set sample, a drawing or a photo; a picture run's validation pictures), feature
maps (a deep network's block by block) drawn as pictures without plotly (map_view, view_cache), kernels,
a closer look at one map, and the conv arithmetic lab; only the open tab runs (inside_tabs).
May import: core, ui.common, ui.draw (its canvas and model picker).
"""
