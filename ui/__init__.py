"""Streamlit helpers, one package per page (draw, inside, train, transforms, data, models,
tensors, autograd, losses, optimizers, save_load, devices) and `common` for what every page
shares. Pages stay thin and PyTorch lives in core/; a page's package may use ui.common and core,
and tests/test_layering.py lists the few places one page's package uses another's.
"""
