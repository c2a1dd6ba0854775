"""core.plots.train_plots: the Train page's figures carry the data they are given and only the words passed in."""

import ast
import dataclasses
import re
from pathlib import Path

import plotly.graph_objects as go
import pytest

from core.plots.train_plots import ChartText, accuracy_chart, confusion_heatmap, loss_chart, lr_chart, runs_overlay
from core.training.evaluation import smooth

MODULE = Path(__file__).resolve().parents[1] / "core" / "plots" / "train_plots.py"
TEXT = ChartText(title="T-title", x_title="T-x", y_title="T-y", raw_name="T-raw", smooth_name="T-smooth")
CHINESE = ChartText(title="训练损失", x_title="步数", y_title="损失", raw_name="原始", smooth_name="平滑")


def visible_strings(fig: go.Figure) -> set[str]:
    """Every word a reader could see: titles, axis titles, legend names, annotations."""
    layout = fig.layout
    found = {layout.title.text, layout.xaxis.title.text, layout.yaxis.title.text}
    found |= {trace.name for trace in fig.data}
    found |= {a.text for a in layout.annotations}
    return {s for s in found if s}


def all_figures(text: ChartText) -> list[go.Figure]:
    return [
        loss_chart([1, 2, 3], [2.0, 1.0, 0.5], text),
        accuracy_chart([1, 2], [0.9, 0.95], text),
        lr_chart([1, 2, 3], [0.1, 0.1, 0.01], text),
        confusion_heatmap([[3, 1], [0, 4]], ["0", "1"], text),
        runs_overlay({"run-a": ([1, 2], [0.8, 0.9])}, text),
    ]


def test_loss_chart_draws_raw_losses_and_their_smoothed_curve():
    steps, losses = [10, 20, 30, 40], [2.3, 1.1, 0.9, 0.4]
    fig = loss_chart(steps, losses, TEXT)
    raw, smoothed = fig.data
    assert list(raw.x) == steps and list(raw.y) == losses
    assert list(smoothed.x) == steps
    assert list(smoothed.y) == pytest.approx(smooth(losses, 0.9))
    assert smoothed.line.color.lower() == "#ee4c2c"
    assert smoothed.line.width > raw.line.width
    assert (raw.name, smoothed.name) == ("T-raw", "T-smooth")
    assert fig.layout.title.text == "T-title"
    assert fig.layout.xaxis.title.text == "T-x" and fig.layout.yaxis.title.text == "T-y"
    assert fig.layout.uirevision is not None  # zoom survives the twice-a-second redraw
    assert 250 <= fig.layout.height <= 350


def test_loss_chart_uses_the_chinese_words_it_is_given():
    fig = loss_chart([1, 2], [1.0, 0.5], CHINESE)
    assert fig.layout.title.text == "训练损失"
    assert fig.layout.xaxis.title.text == "步数" and fig.layout.yaxis.title.text == "损失"
    assert [t.name for t in fig.data] == ["原始", "平滑"]
    assert visible_strings(fig) == {"训练损失", "步数", "损失", "原始", "平滑"}


def test_accuracy_chart_shows_percent_per_integer_epoch():
    epochs, accs = [1, 2, 3], [0.91, 0.95, 0.973]
    fig = accuracy_chart(epochs, accs, TEXT)
    (trace,) = fig.data
    assert list(trace.x) == epochs and list(trace.y) == accs
    assert trace.mode == "lines+markers"
    assert fig.layout.yaxis.tickformat == ".1%"
    assert fig.layout.xaxis.dtick == 1 and fig.layout.xaxis.tick0 == 1
    assert fig.layout.title.text == "T-title" and fig.layout.xaxis.title.text == "T-x"
    assert fig.layout.yaxis.title.text == "T-y"


def test_accuracy_chart_stops_labelling_every_epoch_when_there_are_many():
    epochs = list(range(1, 101))
    fig = accuracy_chart(epochs, [e / 100 for e in epochs], TEXT)
    assert fig.layout.xaxis.dtick is None
    assert fig.layout.xaxis.tickformat == "d"  # still whole epochs


def test_lr_chart_draws_the_learning_rate_per_step_in_a_short_figure():
    steps, lrs = [1, 2, 3, 4], [0.1, 0.1, 0.01, 0.001]
    fig = lr_chart(steps, lrs, TEXT)
    (trace,) = fig.data
    assert list(trace.x) == steps and list(trace.y) == lrs
    assert trace.mode == "lines"
    assert fig.layout.height <= 250
    assert fig.layout.title.text == "T-title" and fig.layout.yaxis.title.text == "T-y"


def test_confusion_heatmap_rows_are_true_classes_with_class_0_on_top():
    matrix = [[50, 2, 1], [3, 40, 0], [0, 5, 45]]
    names = ["cat", "dog", "猫"]
    fig = confusion_heatmap(matrix, names, TEXT)
    (heat,) = fig.data
    assert isinstance(heat, go.Heatmap)
    assert [list(row) for row in heat.z] == matrix
    assert list(heat.x) == names and list(heat.y) == names
    assert fig.layout.yaxis.autorange == "reversed"
    assert "%{z}" in heat.texttemplate  # counts written in the cells
    assert heat.colorscale is not None and heat.zmin == 0
    assert fig.layout.yaxis.scaleanchor == "x"  # square cells
    assert fig.layout.title.text == "T-title"
    assert fig.layout.xaxis.title.text == "T-x" and fig.layout.yaxis.title.text == "T-y"


def test_runs_overlay_draws_one_line_per_run():
    runs = {"mlp 3 epochs": ([1, 2, 3], [0.9, 0.93, 0.95]), "cnn": ([1, 2], [0.97, 0.985])}
    fig = runs_overlay(runs, TEXT)
    assert [t.name for t in fig.data] == list(runs)
    for trace, (epochs, accs) in zip(fig.data, runs.values()):
        assert list(trace.x) == epochs and list(trace.y) == accs
    assert fig.layout.showlegend is True
    assert fig.layout.yaxis.tickformat == ".1%" and fig.layout.xaxis.dtick == 1
    assert fig.layout.title.text == "T-title" and fig.layout.xaxis.title.text == "T-x"


@pytest.mark.parametrize("make", [
    lambda: loss_chart([], [], TEXT),
    lambda: accuracy_chart([], [], TEXT),
    lambda: lr_chart([], [], TEXT),
    lambda: confusion_heatmap([], [], TEXT),
    lambda: runs_overlay({}, TEXT),
], ids=["loss", "accuracy", "lr", "confusion", "runs"])
def test_empty_inputs_give_a_valid_empty_figure(make):
    fig = make()
    assert isinstance(fig, go.Figure)
    fig.to_json()  # serialisable, as st.plotly_chart needs
    for trace in fig.data:
        for key in ("x", "y", "z"):
            values = getattr(trace, key, None)
            assert values is None or len(values) == 0
    assert fig.layout.title.text == "T-title"


@pytest.mark.parametrize("text", [TEXT, CHINESE], ids=["sentinel", "chinese"])
def test_figures_show_only_the_words_passed_in(text):
    allowed = {s for s in dataclasses.astuple(text) if s} | {"run-a", "0", "1"}
    for fig in all_figures(text):
        assert visible_strings(fig) <= allowed
        assert fig.layout.title.text == text.title


def test_blank_text_leaves_the_figures_wordless():
    for fig in all_figures(ChartText()):
        assert visible_strings(fig) <= {"run-a"}  # the run's own name is data, not a label


def test_chart_text_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        TEXT.title = "other"


# Words allowed in the module's string literals: Plotly keywords, not anything a reader sees.
TECHNICAL = {
    "rgba", "lines", "markers", "extra", "fullData", "name", "right", "top", "bottom",
    "Oranges", "category", "reversed", "domain", "log",
}
WORD = re.compile(r"[^\W\d_]{2,}")  # two letters in a row, any script (Latin or CJK)
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b")


def literal_words(source: str) -> set[str]:
    """Words in every string literal of a module except docstrings."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value) for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body
        and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    return {
        word for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        for word in WORD.findall(HEX_COLOUR.sub(" ", node.value))
    }


def test_module_string_literals_hold_no_user_visible_words():
    assert literal_words(MODULE.read_text()) - TECHNICAL == set()


def test_the_literal_scan_catches_hard_coded_words():
    sample = '"""Doc words are fine."""\ndef f():\n    """Also fine."""\n    return dict(title="Loss", x="步数", mode="lines", c="#ee4c2c")\n'
    assert literal_words(sample) - TECHNICAL == {"Loss", "步数"}


@pytest.mark.parametrize("make", [
    lambda accs: accuracy_chart(list(range(1, len(accs) + 1)), accs, TEXT),
    lambda accs: runs_overlay({"run-a": (list(range(1, len(accs) + 1)), accs)}, TEXT),
], ids=["accuracy", "runs"])
@pytest.mark.parametrize("accuracies", [[0.5], [0.0], [1.0], [0.1, 0.98, 0.993], [float("nan"), 0.9]],
                         ids=["one-epoch", "zero", "perfect", "climbing", "nan"])
def test_accuracy_axes_stay_inside_0_to_100_percent_and_zoom_to_the_data(make, accuracies):
    """Plotly's own range for one point is its value ± 1: −50%..150% for a one-epoch run at 50%."""
    fig = make(accuracies)
    low, high = fig.layout.yaxis.range
    seen = [a for a in accuracies if a == a]  # NaN is no point
    assert 0 <= low <= min(seen) and max(seen) <= high <= 1
    assert high - low <= (max(seen) - min(seen)) + 0.05, "zoomed to the points, not the whole 0..100%"
    first, last = fig.layout.xaxis.range
    assert first < 1 and len(accuracies) < last <= len(accuracies) + 1, "every epoch in view, none invented"


def test_the_comparison_resets_its_view_when_its_runs_change():
    one = runs_overlay({"run-a": ([1], [0.9])}, TEXT)
    two = runs_overlay({"run-a": ([1], [0.9]), "run-b": ([1, 2], [0.5, 0.7])}, TEXT)
    assert one.layout.uirevision != two.layout.uirevision  # a zoom kept from before could hide the new run
    assert two.layout.yaxis.range[0] < 0.5 and list(two.layout.xaxis.range) == [0.5, 2.5]


def test_a_diverged_runs_loss_chart_ends_at_the_value_its_message_quotes_and_keeps_the_rest_visible():
    steps, losses = [1, 2, 3, 4], [2.3, 2.1, 40.0, 1.76e20]
    fig = loss_chart(steps, losses, TEXT)
    assert list(fig.data[0].x)[-1] == 4 and list(fig.data[0].y)[-1] == 1.76e20
    assert fig.layout.yaxis.type == "log", "on a linear axis 2.3 and 40 both sit on zero"
    assert loss_chart([1, 2, 3], [2.3, 1.0, 0.4], TEXT).layout.yaxis.type != "log"
