"""See inside's model picker: trained digit readers (shipped, checkpoints, your runs) and every
registry architecture untrained, so a learner can compare learned and random kernels."""

from __future__ import annotations

import streamlit as st
import torch
from torch import nn

from core.models import create_model, list_models
from core.models.transfer import is_transfer
from core.vision.model_store import list_digit_models
from ui.common.i18n import t
from ui.common.identity import current_owner
from ui.common.remember import KEPT
from ui.draw.digit_models import PickedModel, model_label, picked_checkpoint

UNTRAINED = "untrained:"  # option prefix: "untrained:convnet"


@st.cache_resource
def untrained_model(name: str) -> nn.Module:
    """Random weights from seed 0, shared read-only: the same every visit, and the same as the code shows."""
    with torch.random.fork_rng():  # seed only this model, leave the global generator alone
        torch.manual_seed(0)
        return create_model(name).eval()


def select_inside_model() -> PickedModel:
    trained = {str(c.path): c for c in list_digit_models(current_owner())}
    labels = {key: model_label(choice) for key, choice in trained.items()}
    labels |= {UNTRAINED + name: t("inside.model_untrained", model=name)
               for name in list_models() if not is_transfer(name)}  # 224 px: 70+ charts, too heavy here
    picked = st.selectbox(t("inside.model"), list(labels), key="inside.model", persist_state=KEPT,
                          format_func=labels.get, help=t("inside.model_help"))
    if picked.startswith(UNTRAINED):
        name = picked.removeprefix(UNTRAINED)
        return PickedModel(untrained_model(name), name, None)
    return picked_checkpoint(trained[picked])
