"""See inside: the input picker, feature maps, kernels, a closer look at one map, and the conv
arithmetic lab. May import: core, ui.common, ui.draw (its canvas and model picker).
"""
