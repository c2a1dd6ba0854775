"""The Models page's "Build your own nn.Module" tab under AppTest, in both languages; its script is run and
prints what the page shows (the hook trace, named_parameters, the weights' std, the histogram)."""

import json

import pytest
from apptest_pages import open_page
from run_snippet import run_script
from snippet_prints import printed_values

from core.code.module_snippets import WEIGHT_LINE
from core.common.i18n import translate

PAGE = "pages/models.py"


def open_own_tab(lang: str = "en"):
    at = open_page(PAGE, lang)
    assert "models.own.kind" not in [w.key for w in at.button_group], "a closed tab runs nothing"
    at.session_state["models.view"] = translate(lang, "models.tab_own")  # a click on the tab
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def choose(at, **values):
    """One change per run, as a person makes them: models.own.<name> = value."""
    for name, value in values.items():
        widget = next(w for kind in ("button_group", "slider", "select_slider", "selectbox", "toggle")
                      for w in getattr(at, kind) if w.key == f"models.own.{name}")
        widget.set_value(value).run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def code_texts(at) -> list[str]:
    return [c.value for c in at.code]


def chart(at, key: str) -> dict:
    return next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if key in c.proto.id)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_tudui_adds_one_and_has_nothing_to_learn(lang, tmp_path, monkeypatch):
    at = open_own_tab(lang)
    trace = next(c for c in code_texts(at) if c.startswith("forward_pre_hook"))
    assert trace.splitlines()[0].endswith("tensor(1.)") and trace.splitlines()[1].endswith("tensor(2.)")
    assert "`list(tudui.parameters())`" in at.info[0].value and len(at.info) == 2, "no parameters, nothing to init"
    at.number_input(key="models.own.value").set_value(4.0).run()
    script = code_texts(at)[-1]
    assert "x = torch.tensor(4.0)" in script and "class Tudui(nn.Module)" in script
    assert printed_values(run_script(script, tmp_path, monkeypatch))["out"] == "tensor(5.)"
    if lang == "zh":
        assert any("前置钩子" in m.value for m in [*at.markdown, *at.caption])


def test_the_pages_script_prints_the_pages_numbers(tmp_path, monkeypatch):
    at = choose(open_own_tab(), kind="convnet", blocks=3, layout="attributes", frozen=True, scheme="normal_",
                std=0.05, layer="conv2.weight")
    out = run_script(code_texts(at)[-1], tmp_path, monkeypatch)
    printed, values = out.splitlines(), printed_values(out)
    trace = next(c for c in code_texts(at) if c.startswith("forward_pre_hook")).splitlines()
    assert printed[:len(trace)] == trace

    params, weights = at.dataframe[0].value, at.dataframe[1].value
    assert list(params.iloc[:, 0]) == ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "conv3.weight",
                                      "conv3.bias", "classifier.weight", "classifier.bias"]
    assert [m.value for m in at.metric] == [f"{int(values['parameters']):,}", f"{int(values['trainable']):,}"]
    for row in weights.itertuples(index=False):
        line = WEIGHT_LINE.format(name=row[0], fan_in=row[1], fan_out=row[2], before=float(row[4]),
                                  after=float(row[6]))
        assert line in printed, line

    bars = [trace_ for trace_ in chart(at, "models.own.histogram")["data"] if trace_["type"] == "bar"]
    assert [b["y"] for b in bars] == [json.loads(values["histogram before"]), json.loads(values["histogram after"])]
    assert "conv2.weight" in chart(at, "models.own.histogram")["layout"]["title"]["text"]

    assert "model (SmallNet)" in trace[0] and "model (SmallNet)" in trace[-1]
    choose(at, direct=True)  # model.forward(x): the model's own two hooks do not run
    shorter = next(c for c in code_texts(at) if c.startswith("forward_pre_hook")).splitlines()
    assert shorter == trace[1:-1] and "forward" in at.warning[0].value
    assert "out = model.forward(x)" in code_texts(at)[-1]


def test_a_vanished_weight_falls_back_and_the_tab_survives_a_language_switch_and_another_page():
    at = choose(open_own_tab(), kind="convnet", blocks=3, layer="features.6.weight")
    choose(at, blocks=1)
    assert at.selectbox(key="models.own.layer").value == "features.0.weight"
    assert "layer = 'features.0.weight'" in code_texts(at)[-1]
    at.segmented_control(key="language_switch").set_value("zh").run()
    assert not at.exception and at.segmented_control(key="models.own.kind").value == "convnet"
    at.switch_page("pages/home.py").run()
    at.switch_page(PAGE).run()
    assert at.segmented_control(key="models.own.kind").value == "convnet", "the tab and its choice came back"
