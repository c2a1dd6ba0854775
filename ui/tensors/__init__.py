"""The Tensors page: the tensor maker and the shape operations. May import: core, ui.common.
"""
