"""Models and their files: the registry (`list_models()`, `create_model(name)`,
`get_model_info(name)`), the seed tutorials' nets (seeds), torchvision builders with a new head,
checkpoints and metadata, the two torch.save formats, seed 004's training checkpoint,
layer-by-layer summaries, heads fitted to your classes (heads), and transfer learning
(transfer_nets: ResNet-18 and MobileNetV3-Small with a new head; transfer: their weights, frozen
or fine-tuned).

May import: core.common, core.data.
"""

from core.models import seeds as _seeds  # noqa: F401  (registers the seed tutorials' models)
from core.models.registry import ModelInfo, create_model, get_model_info, list_models, register_model

__all__ = ["ModelInfo", "create_model", "get_model_info", "list_models", "register_model"]
