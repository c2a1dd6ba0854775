"""Models by name: `list_models()`, `create_model(name)`, `get_model_info(name)`."""

from core.models.registry import ModelInfo, create_model, get_model_info, list_models, register_model
from core.models import seeds as _seeds  # noqa: F401  (registers the seed tutorials' models)

__all__ = ["ModelInfo", "create_model", "get_model_info", "list_models", "register_model"]
