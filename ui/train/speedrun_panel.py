"""Under the preset picker, with Speedrun chosen: how fast it is and what made it fast, in measured seconds.

The figures are bench/speedrun.py's, saved with the machine and the day they were measured
(core.training.speedrun.load_measured): each ingredient left out in turn and the run timed to 99%
again. Nothing here is derived; a missing file says how to measure it.
"""

from __future__ import annotations

import streamlit as st

from core.training.presets import PRESETS
from core.training.speedrun import INGREDIENTS, MAX_EPOCHS, load_measured, shares
from ui.common.i18n import t


def show_speedrun_recipe() -> None:
    """Under the preset picker: the recipe in one line."""
    recipe = PRESETS["speedrun"]
    st.caption(t("speedrun.recipe", lr=f"{recipe.lr:g}", batch=recipe.batch_size,
                 warmup=f"{recipe.warmup:.0%}", smoothing=f"{recipe.label_smoothing:g}"))


def show_speedrun_panel() -> None:
    """Beside the controls, before a run: how fast it is and what each ingredient is worth."""
    facts = load_measured()
    if facts is None:
        st.info(t("speedrun.not_measured"), icon=":material/timer_off:")
        return
    launch = (facts.get("launch") or {}).get("seconds")
    with st.expander(t("speedrun.why_title"), icon=":material/bolt:", expanded=True):
        if launch is not None:
            st.markdown(t("speedrun.launch", seconds=f"{launch:.1f}", target=f"{facts['target']:.0%}",
                          fast=_seconds(facts.get("fast", {}).get("seconds"))))
        st.caption(t("speedrun.how_measured", machine=facts["machine"], day=facts["measured"]))
        saved = shares(facts)
        total = sum(value for value in saved.values() if value and value > 0)
        rows = [{t("speedrun.col_ingredient"): t(f"speedrun.ingredient_{name}"),
                 t("speedrun.col_instead"): t(f"speedrun.instead_{name}"),
                 t("speedrun.col_one_epoch"): _one_epoch(facts["without"][name]),
                 t("speedrun.col_saves"): _saves(value, total)}
                for name, value in saved.items() if name in INGREDIENTS]
        st.dataframe(rows, hide_index=True, width="stretch")
        startup = facts.get("startup")
        if startup:
            st.markdown(t("speedrun.startup", torch=f"{startup['import_torch_s']:.1f}",
                          compiler=f"{startup['import_compiler_s']:.1f}", first=f"{startup['first_record_s']:.1f}"))
        st.caption(t("speedrun.method", epochs=MAX_EPOCHS))


def _one_epoch(row: dict) -> str:
    """"4/5 (lowest 98.96%)": how many seeds the one-epoch run still takes to the target."""
    if row.get("lowest_one_epoch_acc") is None:
        return "—"
    return t("speedrun.one_epoch", reached=row["in_one_epoch"], seeds=row["seeds"],
             lowest=f"{row['lowest_one_epoch_acc']:.2%}")


def _seconds(value: float | None) -> str:
    return t("speedrun.never") if value is None else f"{value:.1f} s"


def _saves(value: float | None, total: float) -> str:
    """Seconds the run loses without it, and that share of all the ingredients' savings."""
    if value is None:
        return t("speedrun.not_within", epochs=MAX_EPOCHS)
    share = f" ({max(value, 0.0) / total:.0%})" if total else ""
    return f"{value:+.1f} s{share}"
