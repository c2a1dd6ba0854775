"""Streamlit-side helpers shared by the pages (the pages stay thin; PyTorch lives in core/)."""
