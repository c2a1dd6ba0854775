"""The Tensors page: the tensor maker, the shape operations, indexing, and where the numbers live (fresh memory,
NumPy). May import: core, ui.common.
"""
