"""The Feature maps tab's forward pass and pictures, computed once per model and input and shared by every session.

Every visitor's first view is the same (the shipped model, the first 7 of the test set) and a rerun for another
tab, the closer look's slider or the language keeps the input: colouring and compressing the pictures takes
longer than the forward pass itself. Entries are keyed by the model object's id and the input's bytes; a model is a cached,
read-only object, and each entry keeps a weak reference to it, so an id reused by another model after the
first was dropped misses instead of showing the old model's maps.
"""

from __future__ import annotations

import hashlib
import weakref

import streamlit as st
import torch
from torch import nn

from core.plots.map_pictures import MapPicture, VectorPicture, layer_pictures
from core.vision.activations import FeatureMaps, LayerOutput, feature_maps

ENTRIES = 16  # views kept: a class's worth of inputs on a few models
CACHED_INPUT = 3 * 64 * 64  # numbers in an input whose every layer's output is kept (MNIST, CIFAR-10 size: under
# 1 MB of outputs); a 224-px model's run through ResNet-18 leaves ~100 MB, so it is recomputed, its pictures kept


def input_key(x: torch.Tensor) -> str:
    """A digest of the input's values, shape and type: the same picture gives the same key."""
    data = x.detach().cpu().contiguous()
    return hashlib.blake2b(data.numpy().tobytes() + repr((tuple(data.shape), data.dtype)).encode(),
                           digest_size=16).hexdigest()


def shared_feature_maps(model: nn.Module, x: torch.Tensor) -> FeatureMaps:
    """feature_maps(model, x), from the cache when this model already read this (small) input."""
    if x.numel() > CACHED_INPUT:
        return feature_maps(model, x)
    alive, maps = _maps(id(model), input_key(x), model, x)
    return maps if alive() is model else feature_maps(model, x)


def shared_layer_pictures(model: nn.Module, x: torch.Tensor, maps: FeatureMaps, classes: list[str],
                          layers: list[LayerOutput]) -> list[MapPicture | VectorPicture | None]:
    """layer_pictures for the drawn `layers` of `maps` (which model made of x), from the cache when it has them."""
    names = tuple((layer.name, tuple(layer.shape)) for layer in layers)
    alive, pictures = _pictures(id(model), input_key(x), names, tuple(classes), model, maps, layers)
    return pictures if alive() is model else layer_pictures(maps, classes, layers)


@st.cache_resource(max_entries=ENTRIES, show_spinner=False)
def _maps(model_id: int, key: str, _model: nn.Module, _x: torch.Tensor) -> tuple[weakref.ref, FeatureMaps]:
    return weakref.ref(_model), feature_maps(_model, _x)


@st.cache_resource(max_entries=ENTRIES, show_spinner=False)
def _pictures(model_id: int, key: str, names: tuple, classes: tuple[str, ...], _model: nn.Module, _maps: FeatureMaps,
              _layers: list[LayerOutput]) -> tuple[weakref.ref, list[MapPicture | VectorPicture | None]]:
    return weakref.ref(_model), layer_pictures(_maps, list(classes), _layers)
