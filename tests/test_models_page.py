"""AppTest of the Models page's torchvision part: VGG16/ResNet summaries, head surgery, local weights."""

import io

import pytest
import torch
from apptest_pages import open_code, open_page
from markdown_tables import tables

from core.models.torchvision_models import TORCHVISION_MODELS, build_torchvision, head_surgery


def open_models(name: str, lang: str = "en"):
    """The page on one network, its plain-PyTorch panel opened (closed, it builds no code)."""
    at = open_page("pages/models.py", lang)
    at.selectbox(key="models.model").select(name).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.code, "closed code panels send no st.code: its highlighter costs a fresh tab"
    return open_code(at, "models.tv_code") if name in TORCHVISION_MODELS else at


def metrics(at) -> list[str]:
    return [m.value for m in at.metric]


def saved(state: dict) -> bytes:
    out = io.BytesIO()
    torch.save(state, out)
    return out.getvalue()


def test_a_tutorial_networks_parameters_per_layer_are_bars_without_plotly():
    at = open_models("convnet")
    chart = next(h.proto.body for h in at.get("html") if "Parameters per layer" in h.proto.body)
    assert 'title="fc1 (Linear): 1,000,500 parameters"' in chart, "where the parameters live, on hover"
    assert not at.get("plotly_chart"), "no plotly on first view: its code alone takes a fresh tab a second"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_vgg16_summary_and_replacing_its_head(lang):
    at = open_models("vgg16", lang)
    assert metrics(at)[:2] == ["138,357,544", "527.79 MB"]
    assert metrics(at)[3:] == ["134,301,514", "512.32 MB", "[1, 10]"], "replace is the default surgery"
    assert "vgg16.classifier[6] = nn.Linear(4096, 10)" in at.code[-1].value
    assert len(tables(at)) == 3, "the whole table, then the last layers before and after"
    assert not at.dataframe, "markdown tables: no Arrow or grid code on a fresh tab"
    assert tables(at)[2][-1] == ["classifier.6", "Linear", "[1, 10]", "40,970"], "the new head, its parameters"


def test_appending_a_head_and_choosing_the_classes():
    at = open_models("resnet18")
    at.segmented_control(key="models.surgery").set_value("append").run()
    at.number_input(key="models.classes").set_value(100).run()
    assert metrics(at)[3] == f"{11_689_512 + 1000 * 100 + 100:,}" and metrics(at)[5] == "[1, 100]"
    assert "resnet18.fc = nn.Sequential(resnet18.fc, nn.Linear(1000, 100))" in at.code[-1].value


def test_local_weights_load_and_show_the_first_layer_kernels():
    at = open_models("resnet18")
    charts = len(at.get("plotly_chart"))
    torch.manual_seed(0)
    weights = saved(build_torchvision("resnet18", "cpu").state_dict())
    at.file_uploader(key="models.weights.resnet18").set_value(("resnet18-f37072fd.pth", weights, "")).run()
    assert not at.exception and "every tensor fits" in at.success[0].value
    assert len(at.get("plotly_chart")) == charts + 1, "the first layer's 64 kernels"
    assert 'torch.load("resnet18-f37072fd.pth", map_location="cpu", weights_only=True)' in at.code[-1].value


@pytest.mark.parametrize("payload, words", [
    (b"junk, not weights", "not a PyTorch checkpoint"),
    ("ten-classes", "fc.weight has shape [10, 512] but ResNet-18 needs [1000, 512]"),
])
def test_weights_that_do_not_fit_get_a_clear_message(payload, words):
    if payload == "ten-classes":
        payload = saved(head_surgery(build_torchvision("resnet18", "cpu"), "resnet18", "replace").state_dict())
    at = open_models("resnet18")
    at.file_uploader(key="models.weights.resnet18").set_value(("mine.pth", payload, "")).run()
    assert not at.exception and words in at.error[0].value
