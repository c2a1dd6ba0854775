"""'Compare runs': chips that pick past runs, and their accuracy curves overlaid — always the same runs.

The page owns the chips' value instead of leaving it to the widget. A widget's value outlives the
training layout that hides it, but a browser remounting it shows the widget's *default*: after a
run the chips showed the newest runs while the chart, drawn from the kept value, still plotted the
previous ones. Now the page decides the runs (a run that just appeared joins them), writes them into
the widget before it is drawn, and plots exactly that list.
"""

from __future__ import annotations

import math
from pathlib import Path

import streamlit as st

from core.plots.train_plots import ChartText, runs_overlay
from core.training.runs import Run, RunStore
from ui.common.i18n import t

CHIPS = "train.compare"  # the multiselect's key: written by the page before every draw
CHOSEN = "train.compare_chosen"  # the runs compared, kept across page switches (a widget's state is not)
BY_HAND = "train.compare_by_hand"  # the learner edited the chips: keep their choice, only add new runs
NEWEST = 3  # compared until the learner picks: the newest runs


def compared_runs(run_ids: list[str], new_ids: list[str], chosen: list[str] | None, by_hand: bool) -> list[str]:
    """The runs to compare now, from the ids listed (newest first) and the ones that just appeared."""
    if chosen is None or not by_hand:
        return run_ids[:NEWEST]
    return new_ids + [i for i in chosen if i in run_ids and i not in new_ids]


def render_comparison(store: RunStore, labels: dict[str, str], new_ids: list[str]) -> None:
    """Chips, then the chart of exactly the runs in the chips, in their order."""
    chosen = compared_runs(list(labels), new_ids, st.session_state.get(CHOSEN), st.session_state.get(BY_HAND, False))
    st.session_state[CHOSEN] = chosen
    st.session_state[CHIPS] = chosen  # the browser is told the value: chips and chart cannot part
    st.multiselect(t("train_page.compare"), list(labels), format_func=labels.get, key=CHIPS, on_change=_picked_by_hand)
    if not chosen:
        st.caption(t("train_page.compare_empty"))
        return
    curves = {labels[run_id]: _curve(store.root / run_id) for run_id in chosen}
    st.plotly_chart(runs_overlay(curves, ChartText(t("train_page.compare_title"), t("train_page.epoch"),
                                                   t("train_page.accuracy"))), key="train-history-chart")
    blank = [name for name, (epochs, _) in curves.items() if not epochs]
    if blank:  # in the legend, but no line: say why rather than leave a learner looking for it
        st.caption(t("train_page.compare_no_points", runs=t("common.list_separator").join(blank)))


def _picked_by_hand() -> None:
    st.session_state[CHOSEN] = list(st.session_state[CHIPS])
    st.session_state[BY_HAND] = True


def _curve(run_dir: Path) -> tuple[list[int], list[float]]:
    metrics = run_dir / "metrics.jsonl"
    try:
        stat = metrics.stat()
    except OSError:  # no metrics yet (or the run was deleted meanwhile): a legend entry without points
        return [], []
    return _epoch_curve(str(run_dir), stat.st_mtime_ns, stat.st_size)


@st.cache_data(max_entries=256)
def _epoch_curve(run_dir: str, modified_ns: int, size: int) -> tuple[list[int], list[float]]:
    """(epochs, test accuracies) of a run, re-read only when its metrics file changes (time or size).
    An evaluation that gave NaN is no point on the chart."""
    epochs = [r for r in Run(Path(run_dir)).read_metrics()
              if r.get("event") == "epoch" and isinstance(r.get("test_acc"), (int, float)) and math.isfinite(r["test_acc"])]
    return [r["epoch"] for r in epochs], [r["test_acc"] for r in epochs]
