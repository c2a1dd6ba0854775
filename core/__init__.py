"""TorchLab's PyTorch logic: data, models, training, checkpoints, inference.

Nothing in this package imports Streamlit, so every part runs headless
(`python -m core.train ...`) and is tested without a browser.
"""
