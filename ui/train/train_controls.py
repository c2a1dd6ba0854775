"""The Train page's controls: a preset picker, then every TrainConfig knob as a widget."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from core.common.device import list_devices, pick_device
from core.data.datasets import DATASETS
from core.data.folder_dataset import is_folder
from core.data.normalization import config_stats
from core.models import get_model_info, list_models
from core.models.transfer import IMAGENET_STATS, RANDOM, is_transfer
from core.training.config import OPTIMIZERS, PRECISIONS, SCHEDULES, TrainConfig
from core.training.engine import pick_engine
from core.training.presets import EPOCH_SECONDS_2_CPU_CORES, PICTURES, PRESETS, matching_preset
from core.training.run_data import dataset_title, kept_shape
from ui.common.i18n import t
from ui.common.remember import KEPT  # every control's persist_state: hidden by its optimizer, a run or a page, it comes back
from ui.train.picture_source import FOLDER, select_pictures, set_title, show_folder, steps_note
from ui.train.run_labels import optimizer_name
from ui.train.speedrun_panel import show_speedrun_recipe
from ui.train.start_problem import start_problem
from ui.train.transfer_controls import shown_weights, transfer_knobs
from ui.transforms.train_pipeline import TRAIN_PIPELINE, has_normalize, select_pipeline

LEARNING_RATES = [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 2e-3, 4e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0, 10.0]
BATCH_SIZES = [16, 32, 64, 128, 256, 512, 1024]
WEIGHT_DECAYS = [0.0, 1e-5, 1e-4, 1e-3, 1e-2]
TRAIN_SIZES = [1000, 5000, 10000, 30000, 0]  # 0 = the whole training set
PRESET = "train.preset"
LAST_PRESET = "train.last_preset"  # the preset last applied: a click that deselects its pill keeps it
RECIPE_NOTE = "train.pictures_recipe"  # said once after choosing "Your pictures" set the recipe for them
NORMALIZATIONS = ("dataset", "0.5", "none")  # the widget's choices; "pipeline" comes with a handed-over Normalize
# Every TrainConfig field a control sets, and that control's key.
SETTINGS = {"model": "train.model", "dataset": "train.dataset", "optimizer": "train.optimizer", "lr": "train.lr",
            "momentum": "train.momentum", "alpha": "train.alpha", "beta1": "train.beta1", "beta2": "train.beta2",
            "batch_size": "train.batch_size", "epochs": "train.epochs", "weight_decay": "train.weight_decay",
            "train_subset": "train.subset", "schedule": "train.schedule", "step_size": "train.step_size",
            "gamma": "train.gamma", "augment": "train.augment", "normalization": "train.normalization",
            "seed": "train.seed", "device": "train.device", "precision": "train.precision",
            "valid_share": "train.valid_share", "weights": "train.weights", "transfer": "train.transfer",
            "backbone_lr": "train.backbone_lr", "warmup": "train.warmup", "label_smoothing": "train.label_smoothing"}
# A preset leaves them as they are: the presets are MNIST recipes, and these belong to the machine, the
# folder of your pictures or the transfer model.
NOT_A_RECIPE = ("seed", "device", "valid_share", "weights", "transfer", "backbone_lr")
VALID_SHARES = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]
# The knobs drawn only for some optimizers or schedules (_optimizer_knobs, select_config): a run that does not
# use them was given their defaults, not the values they keep for when they are drawn again.
OPTIMIZER_KNOBS = {"momentum": ("momentum",), "rmsprop": ("alpha",), "adam": ("beta1", "beta2"),
                   "adamw": ("beta1", "beta2")}
SCHEDULE_KNOBS = {"step": ("step_size", "gamma"), "onecycle": ("warmup",)}
WARMUPS = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5]
LABEL_SMOOTHINGS = [0.0, 0.05, 0.1, 0.2]


def apply_preset(name: str | None = None) -> None:
    """on_change of the preset picker (or a button naming a preset): put the preset's values into the
    widgets, before they are drawn; the optimizer's and schedule's own knobs get the preset's too."""
    name = name or st.session_state.get(PRESET) or st.session_state.get(LAST_PRESET) or "fast"
    st.session_state[PRESET] = st.session_state[LAST_PRESET] = name  # clicking the selected pill keeps it
    config = PRESETS[name]
    for field_name, key in SETTINGS.items():
        if field_name not in NOT_A_RECIPE:
            st.session_state[key] = getattr(config, field_name)


def _dataset_chosen() -> None:
    """on_change of the dataset select: "Your pictures" come with a recipe for a few hundred pictures
    (core.training.presets.PICTURES: small batches, many epochs, crops and flips), and a model for colour
    pictures unless one is chosen already. The MNIST presets no longer describe the controls."""
    if st.session_state.get("train.dataset") != FOLDER:
        return
    recipe = dict(PICTURES)
    if get_model_info(st.session_state.get("train.model", recipe["model"])).input_shape[0] == 3:
        recipe.pop("model")  # a colour model (a transfer one, say) the person picked stays
    for field_name, value in recipe.items():
        st.session_state[SETTINGS[field_name]] = value
    st.session_state[PRESET] = None
    st.session_state[RECIPE_NOTE] = True


def show_settings(config: TrainConfig) -> None:
    """Put a run's settings into the controls, hidden while it waits or trains, so that they come back with
    them however the page is reached: staying on it, from another page, or reloaded (a new session). A knob
    the run does not use (Adam's betas in an SGD run) keeps the value it had."""
    unused = _unused_knobs(config)
    for field_name, key in SETTINGS.items():
        if field_name not in unused:
            st.session_state[key] = getattr(config, field_name)
    if is_folder(config.dataset):  # the select shows "Your pictures"; its panel, the set or the path
        st.session_state["train.dataset"] = FOLDER
        show_folder(config.dataset)
    if "weights" not in unused:
        st.session_state["train.weights"] = shown_weights(config.weights)
    st.session_state.setdefault(TRAIN_PIPELINE, [[name, dict(params)] for name, params in config.augment_pipeline])
    st.session_state[PRESET] = matching_preset(config) or st.session_state.get(PRESET)


def _unused_knobs(config: TrainConfig) -> set[str]:
    """The fields whose controls `config` hides: its optimizer's and schedule's, a handed-over Normalize's,
    the validation share of a built-in dataset, the transfer knobs of a model without a pretrained backbone."""
    knobs = {name for names in (*OPTIMIZER_KNOBS.values(), *SCHEDULE_KNOBS.values()) for name in names}
    used = {*OPTIMIZER_KNOBS.get(config.optimizer, ()), *SCHEDULE_KNOBS.get(config.schedule, ())}
    unused = (knobs - used) | ({"normalization"} if config.normalization not in NORMALIZATIONS else set())
    if not is_folder(config.dataset):
        unused.add("valid_share")
    if not is_transfer(config.model):
        unused |= {"weights", "transfer", "backbone_lr"}
    elif config.transfer != "finetune":
        unused.add("backbone_lr")
    return unused


def select_config(max_epochs: int) -> tuple[TrainConfig, str | None]:
    """Widgets -> (config, problem). `problem` is a sentence when this config cannot start.
    `max_epochs` is the host's limit (core.common.host_limits): the epochs slider stops there."""
    if PRESET not in st.session_state:
        st.session_state[PRESET] = "fast"
        apply_preset()  # first visit: the widgets start at the fast preset (the CLI's defaults)
    if st.session_state.get("train.epochs", 1) > max_epochs:  # a preset may ask for more than this host allows
        st.session_state["train.epochs"] = max_epochs
    d = TrainConfig()
    for field_name, key in SETTINGS.items():
        st.session_state.setdefault(key, getattr(d, field_name))  # widgets below take no value=: no clash
    presets = {name: t(f"train_page.preset_{name}") for name in PRESETS}
    st.segmented_control(t("train_page.preset"), list(PRESETS), key=PRESET, persist_state=KEPT, on_change=apply_preset,
                         format_func=presets.get, help=t("train_page.preset_help"))
    _preset_note(st.session_state.get(PRESET), max_epochs)
    model = st.selectbox(t("train_page.model"), list_models(), key="train.model", persist_state=KEPT,
                         format_func={n: f"{n} — {t(f'models.descriptions.{n}')}" for n in list_models()}.get)
    extra = transfer_knobs(model)  # weights, what trains, the backbone's lr: only for a pretrained backbone
    titles = {k: s.title for k, s in DATASETS.items()} | {FOLDER: t("pictures.option")}
    choice = st.selectbox(t("train_page.dataset"), list(titles), key="train.dataset", persist_state=KEPT,
                          format_func=titles.get, help=t("pictures.dataset_help"), on_change=_dataset_chosen)
    if st.session_state.pop(RECIPE_NOTE, False):
        st.caption(t("pictures.recipe_set", batch=PICTURES["batch_size"], lr=f"{PICTURES['lr']:g}",
                     epochs=st.session_state["train.epochs"]))
    picked = select_pictures() if choice == FOLDER else None
    dataset = picked.dataset if picked else choice
    if picked:
        extra["valid_share"] = st.select_slider(t("pictures.valid_share"), VALID_SHARES, key="train.valid_share",
                                                persist_state=KEPT, format_func=lambda v: f"{v:.0%}",
                                                help=t("pictures.valid_share_help"))
    optimizer = st.selectbox(t("train_page.optimizer"), OPTIMIZERS, key="train.optimizer", persist_state=KEPT,
                             format_func={o: optimizer_name(o) for o in OPTIMIZERS}.get)  # words of this run
    extra |= _optimizer_knobs(optimizer)
    lr = st.select_slider(t("train_page.lr"), LEARNING_RATES, key="train.lr", persist_state=KEPT,
                          format_func=lambda v: f"{v:g}", help=t("train_page.lr_help"))
    left, right = st.columns(2)
    batch_size = left.select_slider(t("train_page.batch_size"), BATCH_SIZES, key="train.batch_size", persist_state=KEPT)
    if max_epochs > 1:
        epochs = right.slider(t("train_page.epochs"), 1, max_epochs, key="train.epochs", persist_state=KEPT)
    else:  # a slider needs two values to slide between
        epochs = 1
        right.caption(t("train_page.one_epoch_only"))
    weight_decay = left.select_slider(t("train_page.weight_decay"), WEIGHT_DECAYS, key="train.weight_decay",
                                      persist_state=KEPT, format_func=lambda v: f"{v:g}")
    sizes = {n: t("train_page.all") if n == 0 else f"{n:,}" for n in TRAIN_SIZES}
    train_subset = right.select_slider(t("train_page.train_size"), TRAIN_SIZES, key="train.subset", persist_state=KEPT,
                                       format_func=sizes.get)
    if picked and picked.problem is None and picked.pictures:
        steps_note(picked.pictures, extra["valid_share"], batch_size)
    schedule = st.radio(t("train_page.schedule"), SCHEDULES, key="train.schedule", persist_state=KEPT, horizontal=True,
                        format_func={s: t(f"train_page.sched_{s}") for s in SCHEDULES}.get)
    if schedule == "step":
        left, right = st.columns(2)
        extra["step_size"] = left.number_input(t("train_page.step_size"), 1, 30, key="train.step_size",
                                               persist_state=KEPT)
        extra["gamma"] = right.select_slider(t("train_page.gamma"), [0.1, 0.2, 0.5, 0.8], key="train.gamma",
                                             persist_state=KEPT)
    elif schedule == "onecycle":
        extra["warmup"] = st.select_slider(t("train_page.warmup"), WARMUPS, key="train.warmup", persist_state=KEPT,
                                           format_func=lambda v: f"{v:.0%}", help=t("train_page.warmup_help"))
    label_smoothing = st.select_slider(t("train_page.label_smoothing"), LABEL_SMOOTHINGS, key="train.label_smoothing",
                                       persist_state=KEPT, format_func=lambda v: f"{v:g}",
                                       help=t("train_page.label_smoothing_help"))
    augment = st.toggle(t("train_page.augment"), key="train.augment", persist_state=KEPT,
                        help=t("train_page.augment_help"))
    pipeline = select_pipeline(dataset, kept_shape(dataset, model) if picked else None)
    pretrained = is_transfer(model) and extra.get("weights", RANDOM) != RANDOM  # fed as ImageNet was (run_data)
    normalization = _select_normalization(dataset, pipeline, pretrained)
    seed = st.number_input(t("train_page.seed"), 0, 2**31 - 1, key="train.seed", persist_state=KEPT)
    left, right = st.columns(2)
    devices = {"auto": t("train_page.device_auto")} | {dev.kind: f"{dev.kind} — {dev.name}" for dev in list_devices()}
    device = left.selectbox(t("train_page.device"), list(devices), key="train.device", persist_state=KEPT,
                            format_func=devices.get)
    precision = right.selectbox(t("train_page.precision"), PRECISIONS, key="train.precision", persist_state=KEPT,
                                format_func=_precision_labels(device).get, help=t("train_page.precision_help"))
    config = TrainConfig(model=model, dataset=dataset, optimizer=optimizer, lr=lr, batch_size=batch_size,
                         epochs=epochs, weight_decay=weight_decay, schedule=schedule, augment=augment,
                         augment_pipeline=pipeline, normalization=normalization, label_smoothing=label_smoothing,
                         seed=int(seed), device=device, precision=precision, train_subset=train_subset, **extra)
    _preset_caption(config, max_epochs)
    return config, (picked.problem if picked else None) or start_problem(config)


def run_summary(config: TrainConfig) -> str:
    """One line that says what is training: the controls are hidden meanwhile."""
    preset = matching_preset(config)
    parts = [config.model, _title(config), f"{optimizer_name(config.optimizer)} {config.lr:g}",
             t("train_page.summary_batch", batch=config.batch_size),
             t("train_page.summary_epochs", epochs=config.epochs),
             t(f"train_page.sched_{config.schedule}")]
    if config.label_smoothing:
        parts.append(t("train_page.summary_smoothing", value=f"{config.label_smoothing:g}"))
    if config.augment:
        parts.append(t("train_page.augment"))
    if config.normalization != "dataset":
        mean, std = config_stats(config)
        parts.append(t("train_page.summary_normalization", mean=_numbers(mean), std=_numbers(std)))
    if preset:
        parts.append(t(f"train_page.preset_{preset}"))
    return " · ".join(f"**{p}**" if i == 0 else p for i, p in enumerate(parts))


def _title(config: TrainConfig) -> str:
    """The dataset as a person named it: a built-in's title, your set's name, a folder's path."""
    return (set_title(config.dataset) if is_folder(config.dataset) else None) or dataset_title(config)


def _precision_labels(device: str) -> dict[str, str]:
    try:
        chosen = pick_engine("auto", pick_device(device)).precision
    except ValueError:
        chosen = "fp32"
    return {"auto": t("train_page.precision_auto", chosen=chosen), "fp32": "fp32", "bf16": "bf16"}


def _preset_caption(config: TrainConfig, max_epochs: int) -> None:
    name = st.session_state.get(PRESET)
    if not name or matching_preset(config) == name:
        return
    if _cut_short(name, max_epochs) and matching_preset(replace(config, epochs=PRESETS[name].epochs)) == name:
        return  # only the host's epoch limit changed it: the warning under the picker says so
    st.caption(t("train_page.preset_changed", preset=t(f"train_page.preset_{name}")))


def _preset_note(name: str | None, max_epochs: int) -> None:
    """Under the picker: what seed 000 as written costs and its fast variant; a preset this host cuts short."""
    if name == "seed000":
        recipe = PRESETS["seed000"]
        minutes = max(1, round(recipe.epochs * EPOCH_SECONDS_2_CPU_CORES["seed000"] / 60))
        seconds = round(PRESETS["fast"].epochs * EPOCH_SECONDS_2_CPU_CORES["fast"])
        st.caption(t("train_page.seed000_note", epochs=recipe.epochs, minutes=minutes))
        st.button(t("train_page.seed000_fast", epochs=PRESETS["fast"].epochs, seconds=seconds),
                  icon=":material/bolt:", key="train.seed000_fast", on_click=apply_preset, args=("fast",),
                  help=t("train_page.seed000_fast_help"))
    if name == "speedrun":
        show_speedrun_recipe()
    if name and _cut_short(name, max_epochs):
        st.warning(t("train_page.preset_cut_short", preset=t(f"train_page.preset_{name}"),
                     epochs=PRESETS[name].epochs, limit=max_epochs), icon=":material/content_cut:")


def _cut_short(name: str, max_epochs: int) -> bool:
    """This host allows fewer epochs than the preset asks for, and the slider sits at that limit."""
    return PRESETS[name].epochs > max_epochs and st.session_state.get("train.epochs", max_epochs) >= max_epochs


def _select_normalization(dataset: str, pipeline: list, pretrained: bool = False) -> str:
    """How pixels become the model's input; a Normalize handed over from the Transforms page decides it.
    A pretrained backbone's "its own" statistics are ImageNet's, as core.training.run_data feeds it."""
    if has_normalize(pipeline):
        return "pipeline"  # select_pipeline's note shows its values
    if st.session_state.get("train.normalization") not in NORMALIZATIONS:
        st.session_state["train.normalization"] = "dataset"  # e.g. "pipeline" left from a cleared pipeline
    if pretrained:
        own = t("pictures.norm_imagenet", mean=_numbers(IMAGENET_STATS[0]), std=_numbers(IMAGENET_STATS[1]))
    elif is_folder(dataset):  # its numbers are measured on its training part when the run starts
        own = t("pictures.norm_folder")
    else:
        spec = DATASETS[dataset]
        own = t("train_page.norm_dataset", title=spec.title, mean=_numbers(spec.mean), std=_numbers(spec.std))
    labels = {"dataset": own, "0.5": t("train_page.norm_half"), "none": t("train_page.norm_none")}
    return st.radio(t("train_page.normalization"), NORMALIZATIONS, key="train.normalization", persist_state=KEPT,
                    horizontal=True, format_func=labels.get, help=t("train_page.normalization_help"))


def _numbers(values) -> str:
    """(0.1307,) -> "0.1307"; three channels -> "0.49, 0.48, 0.45"."""
    return ", ".join(f"{v:g}" for v in values)


def _optimizer_knobs(optimizer: str) -> dict:
    if optimizer == "momentum":
        return {"momentum": st.slider(t("train_page.momentum"), 0.0, 0.99, step=0.01,
                                      key="train.momentum", persist_state=KEPT)}
    if optimizer == "rmsprop":
        return {"alpha": st.slider(t("train_page.alpha"), 0.5, 0.999, step=0.001,
                                   key="train.alpha", persist_state=KEPT)}
    if optimizer in ("adam", "adamw"):
        left, right = st.columns(2)
        return {"beta1": left.slider(t("train_page.beta1"), 0.5, 0.999, step=0.001, key="train.beta1",
                                     persist_state=KEPT),
                "beta2": right.slider(t("train_page.beta2"), 0.9, 0.9999, step=0.0001, format="%.4f",
                                      key="train.beta2", persist_state=KEPT)}
    return {}
