"""AppTest of See inside: feature maps for each kind of model and input, kernels, the conv lab, in both languages."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from apptest_pages import open_page
from apptest_pages import open_tab as click_tab
from PIL import Image, ImageDraw

from core.common.i18n import translate
from core.lessons.conv_arithmetic import pool_output_size


REPO = Path(__file__).resolve().parents[1]


def open_inside(lang="en", tab="maps"):
    at = open_page("pages/inside.py", lang)
    return at if tab == "maps" else open_tab(at, tab, lang)


def open_tab(at, tab: str, lang="en"):
    """A click on one of the page's tabs: the widget's value is the tab's label."""
    return click_tab(at, "inside.tab", translate(lang, f"inside.tab_{tab}"))


def texts(at) -> str:
    return "\n".join(m.value for m in [*at.markdown, *at.caption, *at.subheader, *at.info, *at.warning, *at.error])


def layer_titles(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("**") and "** · `" in m.value]


def pick_untrained(at, name: str):
    at.selectbox(key="inside.model").select(f"untrained:{name}").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_shipped_model_shows_every_layer_of_a_test_digit(lang):
    at = open_inside(lang)
    titles = layer_titles(at)
    assert [t.split("**")[1] for t in titles] == ["1. conv1", "2. relu1", "3. pool", "4. conv2", "5. relu2",
                                                  "6. flatten", "7. fc1", "8. relu3", "9. fc2"]
    shown = texts(at)
    assert "[1, 10, 24, 24]" in shown and "[1, 20, 10, 10]" in shown and "[1, 500]" in shown
    assert translate(lang, "inside.prediction", label="7", confidence=1.0)[:4] in shown
    drawn = {e.key: json.loads(json.loads(e.proto.json)["view"]) for e in at.get("bidi_component")}  # map_view._send
    assert list(drawn) == [f"inside-map-{i}" for i in (0, 1, 2, 3, 4, 6, 7, 8)] + [
        "inside-closer-input", "inside-closer-kernel", "inside-closer-output"], "every layer but Flatten"
    assert at.get("plotly_chart") == [], "the first view needs no plotly: its code alone takes a fresh tab a second"
    conv1, scores = drawn["inside-map-0"], drawn["inside-map-8"]
    assert (conv1["kind"], conv1["channels"], conv1["pick"]) == ("map", 10, True), "a click picks a channel"
    assert conv1["words"]["channel"] == translate(lang, "inside.hover_channel"), "hover in the reader's language"
    assert scores["kind"] == "bars" and scores["labels"] == [str(d) for d in range(10)] and scores["highlight"] == 7
    assert drawn["inside-closer-kernel"]["numbers"], "a 5×5 kernel gets its numbers in its cells"


def test_another_sample_of_the_class():
    at = open_inside()
    before = [c.value for c in at.caption if "test set" in c.value]
    at.button(key="inside.another").click().run()
    after = [c.value for c in at.caption if "test set" in c.value]
    assert before != after and not at.exception


def test_closer_look_shows_the_kernel_that_made_a_channel():
    at = open_inside()
    picker = next(box for box in at.selectbox if box.key.startswith("inside.closer_layer."))
    picker.select("5. relu2 (ReLU)").run()  # made by conv2's kernels
    at.slider(key="inside.channel.relu2").set_value(13).run()
    shown = texts(at)
    assert "**relu2, channel 13**" in shown and "**Kernel 13 of conv2** [10, 3, 3]" in shown
    assert "Then: ReLU, channel by channel." in shown


def test_an_untrained_colour_model_gets_a_picture_even_without_cifar():
    at = pick_untrained(open_inside(), "cifar-net")
    shown = texts(at)
    assert "[1, 32, 32, 32]" in shown and "[1, 64, 4, 4]" in shown
    assert "CIFAR-10 is not on this machine" in shown or "CIFAR-10 test set" in shown
    assert "random weights" in shown


def test_an_untrained_transfer_model_is_drawn_block_by_block_at_224_pixels():
    at = pick_untrained(open_inside(), "mobilenet-v3-small-transfer")
    titles = layer_titles(at)
    assert len(titles) == 18 and titles[0].endswith("net.features.0** · `Conv2dNormActivation`")
    shown = texts(at)
    assert "[1, 16, 112, 112]" in shown and "the first 2 of 16 channels drawn" in shown and "random weights" in shown
    assert at.selectbox(key="inside.view.mobilenet-v3-small-transfer").value == ""


def test_uploads_for_a_colour_model_and_for_a_digit_model():
    at = pick_untrained(open_inside(), "cifar-net")
    at.segmented_control(key="inside.source.cifar10").set_value("upload").run()
    photo = Image.new("RGB", (300, 200), (30, 90, 200))
    at.file_uploader(key="inside.photo").set_value(("sky.png", png(photo), "image/png")).run()
    assert not at.exception and "[1, 32, 32, 32]" in texts(at) and len(layer_titles(at)) == 9

    at = open_inside()
    at.segmented_control(key="inside.source.mnist").set_value("upload").run()
    drawing = Image.new("L", (200, 200), 255)
    ImageDraw.Draw(drawing).line([(100, 30), (100, 170)], fill=0, width=14)
    at.file_uploader(key="inside.photo").set_value(("one.png", png(drawing), "image/png")).run()
    assert not at.exception and len(layer_titles(at)) == 9
    at.file_uploader(key="inside.photo").set_value(("junk.png", b"not an image", "image/png")).run()
    assert not at.exception and "not an image" in at.error[0].value


def test_drawing_is_offered_and_waits_for_a_stroke():
    at = open_inside()
    at.segmented_control(key="inside.source.mnist").set_value("draw").run()
    assert not at.exception and "Draw a digit (0–9)" in texts(at) and layer_titles(at) == []


def test_a_model_without_convolutions_says_so():
    at = pick_untrained(open_inside(), "linear")
    assert [t.split("**")[1] for t in layer_titles(at)] == ["1. flatten", "2. fc"]
    assert "has no convolution layer" in texts(open_tab(at, "kernels"))


def test_missing_mnist_is_a_message_not_a_traceback(monkeypatch, tmp_path):
    monkeypatch.setenv("TORCHLAB_DATA", str(tmp_path / "empty"))
    monkeypatch.setenv("TORCHLAB_CACHE", str(tmp_path / "cache"))
    at = open_inside()
    assert not at.exception
    assert any("MNIST is not on this machine" in w.value for w in at.warning)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_conv_lab_pool_with_ceil_mode_shows_the_formula_and_shape(lang):
    at = open_inside(lang, tab="lab")
    at.segmented_control(key="inside.lab.kind").set_value("pool").run()
    at.slider(key="inside.lab.pool.kernel").set_value(3).run()
    at.slider(key="inside.lab.pool.stride").set_value(2).run()
    assert at.toggle(key="inside.lab.ceil_mode").value is True
    size = pool_output_size(28, 3, 2, 0, 1, ceil_mode=True)
    assert f"[1, 1, {size}, {size}]" in texts(at) and f"= {size}" in at.latex[0].value
    assert not at.exception


def test_conv_lab_colour_image_has_three_input_channels():
    at = open_inside(tab="lab")
    at.segmented_control(key="inside.lab.image").set_value(3).run()
    at.slider(key="inside.lab.conv.padding").set_value(1).run()
    assert "[1, 3, 32, 32]" in texts(at) and "[1, 6, 32, 32]" in texts(at)
    assert not at.code, "the code is built when its expander opens"
    at.session_state["inside.code.lab"] = True
    at.run()
    assert any("nn.Conv2d(3, 6, kernel_size=3, stride=1, padding=1, dilation=1)" in c.value for c in at.code)


def test_only_the_open_tab_runs_and_it_is_still_open_after_another_page():
    at = open_inside()
    assert not at.get("plotly_chart") and "inside.lab.kind" not in [w.key for w in at.button_group]
    open_tab(at, "kernels")
    assert [c.key for c in at.get("plotly_chart")] == ["inside-kernels-first", "inside-kernels-deeper"]
    assert not at.get("bidi_component"), "the feature maps did not run"
    open_tab(at, "lab")
    at.switch_page("pages/home.py").run()
    at.switch_page("pages/inside.py").run()
    assert "inside.lab.kind" in [w.key for w in at.button_group] and not at.get("bidi_component"), "back on the lab"


def test_a_fresh_server_shows_the_maps_without_importing_pandas_or_scipy():
    """See inside's first visit on a fresh server: Streamlit imports pandas to look for dataframes among the values
    of a component's data dict (0.8 s), and SciPy came with the digit reader (0.4 s). Neither is needed to show a
    test digit's maps."""
    script = ("import sys; sys.path.insert(0, 'tests'); from apptest_pages import open_page; "
              "open_page('pages/inside.py'); print(sorted({'pandas', 'scipy'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout
