"""The Transforms page under AppTest: add steps, see the code follow, hand the pipeline to Train."""

import json

from apptest_pages import open_code, open_page


def code_of(at) -> str:
    """The pipeline's code: its panel opened (closed, it builds no code)."""
    return open_code(at, "tf.code").code[0].value


def add(at, name: str):
    at.selectbox(key="tf.add_choice").set_value(name).run()
    at.button(key="tf.add").click().run()
    assert not at.exception, [e.value for e in at.exception]


def test_starts_with_a_showcase_pipeline_and_its_code():
    at = open_page("pages/transforms.py")
    assert not at.code, "the code panel is closed: a fresh tab loads no highlighter"
    code = code_of(at)
    assert "v2.RandomResizedCrop(size=224, scale=(0.5, 1.0))" in code and "v2.ColorJitter(" in code
    assert len(at.image) >= 10, "before, after and eight draws"


def test_adding_to_tensor_steps_and_normalize_shows_histograms():
    at = open_page("pages/transforms.py")
    for name in ("ToImage", "ToDtype", "Normalize"):
        add(at, name)
    code = code_of(at)
    assert "v2.ToImage()," in code and "v2.ToDtype(torch.float32, scale=True)," in code
    assert "v2.Normalize(mean=(0.5,), std=(0.5,))" in code
    about_this_pipeline = [w.value for w in at.warning if "The Train page trains on MNIST" not in w.value]
    assert not about_this_pipeline, "right for the photo (the flip is only wrong for the Train page's digits)"
    charts = [json.loads(chart.proto.spec) for chart in at.get("echarts_chart")]
    assert [c["title"]["text"] for c in charts] == ["before Normalize", "after Normalize"], "the histograms"
    assert [s["name"] for s in charts[1]["series"]] == ["channel 0", "channel 1", "channel 2"]


def test_a_step_out_of_order_is_explained_and_remove_and_move_work():
    at = open_page("pages/transforms.py")
    add(at, "Normalize")
    assert any("Normalize" in e.value for e in at.warning), "Normalize on a PIL image is explained"
    at.button(key="tf.up.3").click().run()
    assert code_of(at).index("Normalize") < code_of(at).index("ColorJitter")
    at.button(key="tf.remove.2").click().run()
    assert "v2.Normalize" not in code_of(at) or "ColorJitter" in code_of(at)
    assert not at.exception


def test_slider_changes_the_code_and_the_pipeline_goes_to_train():
    at = open_page("pages/transforms.py")
    add(at, "RandomRotation")
    at.slider(key=[s.key for s in at.slider if s.key.endswith(".degrees")][0]).set_value(45.0).run()
    assert "v2.RandomRotation(degrees=45.0)" in code_of(at)
    at.button(key="tf.to_train").click().run()
    handed = at.session_state["train.augment_pipeline"]
    assert [name for name, _ in handed] == ["RandomResizedCrop", "RandomHorizontalFlip", "ColorJitter",
                                            "RandomRotation"]
    at.switch_page("pages/train.py").run()
    assert not at.exception
    assert any("RandomRotation" in i.value for i in at.info), "the Train page says a pipeline is active"


def test_dataset_source_and_chinese():
    at = open_page("pages/transforms.py", lang="zh")
    at.segmented_control(key="tf.source").set_value("dataset").run()
    assert not at.exception
    assert "变换前" in [m.value for m in at.markdown][-0:] or any("变换前" in m.value for m in at.markdown)


def test_reroll_draws_anew_and_a_fixed_seed_repeats():
    at = open_page("pages/transforms.py")
    first = [i.value for i in at.image]
    at.button(key="tf.reroll").click().run()
    assert not at.exception and at.session_state["tf.rolls"] == 1
    at.toggle(key="tf.fixed").set_value(True).run()
    assert at.button(key="tf.reroll").disabled and not at.exception
    assert first  # the draws are images


def test_a_new_crop_on_a_digit_starts_at_the_digits_size():
    at = open_page("pages/transforms.py")
    at.segmented_control(key="tf.source").set_value("dataset").run()
    add(at, "RandomCrop")
    assert "v2.RandomCrop(size=28)" in code_of(at) and not at.error


def test_the_train_page_can_clear_a_handed_over_pipeline():
    at = open_page("pages/transforms.py")
    at.button(key="tf.to_train").click().run()
    at.switch_page("pages/train.py").run()
    assert "RandomResizedCrop" in open_code(at, "train.code").code[0].value, "the Train page's script shows the steps"
    at.button(key="train.clear_pipeline").click().run()
    assert "train.augment_pipeline" not in at.session_state
    assert not any("Transforms page" in i.value for i in at.info) and not at.exception
