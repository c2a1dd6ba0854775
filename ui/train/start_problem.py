"""Why the Train page's settings cannot start a run: a dataset that is absent offline, a model that cannot
eat the pictures, a Normalize that does not fit, weights that cannot be had."""

from __future__ import annotations

import streamlit as st

from core.data.datasets import DATASETS
from core.data.folder_dataset import is_folder
from core.data.loading import dataset_available, downloads_allowed, missing_message
from core.data.normalization import NormalizationError, config_stats
from core.models import get_model_info, list_models
from core.training.config import TrainConfig
from core.training.loop import IncompatibleModel, check_compatible
from ui.common.i18n import current_language, t
from ui.train.transfer_controls import weights_problem


def start_problem(config: TrainConfig) -> str | None:
    """Why this config cannot start, in the reader's language; None when it can (a download to come is said
    in passing)."""
    if is_folder(config.dataset):
        return _folder_problem(config)
    if not dataset_available(config.dataset):
        if not downloads_allowed():
            return missing_message(DATASETS[config.dataset]).render(current_language())
        st.info(t("train_page.will_download", title=DATASETS[config.dataset].title), icon=":material/download:")
    try:
        check_compatible(config)
        config_stats(config)  # a handed-over Normalize with 3 values for 1-channel digits, or a std of 0
    except (IncompatibleModel, NormalizationError) as error:
        return error.render(current_language())
    return weights_problem(config.model, config.weights)


def _folder_problem(config: TrainConfig) -> str | None:
    """Your pictures are in colour and any size: a model for three channels takes them (cut to its size)."""
    if get_model_info(config.model).input_shape[0] != 3:
        colour = [name for name in list_models() if get_model_info(name).input_shape[0] == 3]
        return t("pictures.pick_colour_model", model=config.model, models=", ".join(colour))
    return weights_problem(config.model, config.weights)

