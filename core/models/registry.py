"""A registry of model classes by name, in the manner of timm's `@register_model`."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

from torch import nn


@dataclass(frozen=True)
class ModelInfo:
    """What a page needs to offer a model: its name, what it is, what it eats, its code."""

    name: str
    description: str  # one line, for pickers and the home page
    input_shape: tuple[int, int, int]  # (C, H, W) it was designed for
    num_classes: int
    factory: Callable[[], nn.Module]

    @property
    def source(self) -> str:
        """The PyTorch code this entry stands for: the class we actually run."""
        return inspect.getsource(self.factory)


_REGISTRY: dict[str, ModelInfo] = {}


def register_model(name: str, description: str, input_shape: tuple[int, int, int], num_classes: int = 10):
    """Class decorator: make `cls` creatable by `name`. A second use of a name is an error."""

    def decorate(cls: type[nn.Module]) -> type[nn.Module]:
        if name in _REGISTRY:
            raise ValueError(f"Model name {name!r} is already registered by {_REGISTRY[name].factory.__name__}.")
        _REGISTRY[name] = ModelInfo(name, description, input_shape, num_classes, cls)
        return cls

    return decorate


def list_models() -> list[str]:
    """Registered names, in registration order (the order of the seeds)."""
    return list(_REGISTRY)


def get_model_info(name: str) -> ModelInfo:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"Unknown model {name!r}; choose one of: {', '.join(_REGISTRY)}.") from None


def create_model(name: str) -> nn.Module:
    """A fresh, randomly initialised model of the named architecture."""
    return get_model_info(name).factory()
