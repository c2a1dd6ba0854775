"""The Autograd page: its inputs and the graph view (autograd_inputs, autograd_view), and its tabs: a non-leaf's
.grad and a frozen model (autograd_leaves), reductions and a vector w (autograd_shapes). May import: core, ui.common.
"""
