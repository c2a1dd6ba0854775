"""ui.common.remember: a page switch no longer resets a page's controls (AppTest switches pages as a person would)."""

from apptest_pages import click_tab, open_page


def test_a_typed_expression_survives_a_visit_to_another_page():
    at = open_page("pages/autograd.py")
    at.text_input(key="autograd.expression").set_value("x * w").run()
    at.switch_page("pages/home.py").run()
    at.switch_page("pages/autograd.py").run()
    assert not at.exception
    assert at.text_input(key="autograd.expression").value == "x * w"


def away_and_back(at, page: str):
    at.switch_page("pages/home.py").run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_every_autograd_control_survives_a_visit_to_another_page():
    at = open_page("pages/autograd.py")
    at.selectbox(key="autograd.preset").set_value("sigmoid").run()
    at.segmented_control(key="autograd.x_mode").set_value("vector").run()
    at.number_input(key="autograd.x.1").set_value(1.5).run()
    at.slider(key="autograd.w").set_value(-2.0).run()
    at.slider(key="autograd.b").set_value(0.5).run()
    at.pills(key="autograd.requires_grad").set_value(["x", "b"]).run()
    at.number_input(key="autograd.v.2").set_value(-1.0).run()
    away_and_back(at, "pages/autograd.py")
    assert at.selectbox(key="autograd.preset").value == "sigmoid"
    assert at.text_input(key="autograd.expression").value == "torch.sigmoid(w * x + b)"
    assert at.segmented_control(key="autograd.x_mode").value == "vector"
    assert at.number_input(key="autograd.x.1").value == 1.5
    assert (at.slider(key="autograd.w").value, at.slider(key="autograd.b").value) == (-2.0, 0.5)
    assert at.pills(key="autograd.requires_grad").value == ["x", "b"]
    assert at.number_input(key="autograd.v.2").value == -1.0
    at.segmented_control(key="autograd.x_mode").set_value("scalar").run()
    at.slider(key="autograd.x").set_value(-1.2).run()
    away_and_back(at, "pages/autograd.py")
    assert at.slider(key="autograd.x").value == -1.2


def test_every_tensors_control_survives_a_visit_to_another_page():
    at = open_page("pages/tensors.py")
    at.radio(key="tensors.kind").set_value("rand").run()
    at.selectbox(key="tensors.dtype").set_value("float64").run()
    at.segmented_control(key="tensors.dims").set_value(3).run()
    for i, size in enumerate((3, 4, 5)):
        at.number_input(key=f"tensors.size.3.{i}").set_value(size).run()
    at.number_input(key="tensors.seed").set_value(7).run()
    at.selectbox(key="tensors.op").set_value("reshape").run()
    at.toggle(key="tensors.transpose").set_value(True).run()
    at.text_input(key="tensors.reshape.shape.5x4x3").set_value("10, 6").run()
    click_tab(at, "tensors.tab", "tensors_page.tabs.broadcast")  # only the open tab runs
    at.text_input(key="tensors.shape_a").set_value("2, 1, 3").run()
    at.text_input(key="tensors.shape_b").set_value("4, 1").run()
    away_and_back(at, "pages/tensors.py")
    assert at.radio(key="tensors.kind").value == "rand" and at.selectbox(key="tensors.dtype").value == "float64"
    assert at.segmented_control(key="tensors.dims").value == 3
    assert [at.number_input(key=f"tensors.size.3.{i}").value for i in range(3)] == [3, 4, 5]
    assert at.number_input(key="tensors.seed").value == 7
    assert (at.text_input(key="tensors.shape_a").value, at.text_input(key="tensors.shape_b").value) == \
        ("2, 1, 3", "4, 1"), "back on the tab that was open"
    click_tab(at, "tensors.tab", "tensors_page.tabs.ops")
    assert at.selectbox(key="tensors.op").value == "reshape" and at.toggle(key="tensors.transpose").value
    assert at.text_input(key="tensors.reshape.shape.5x4x3").value == "10, 6"
    at.selectbox(key="tensors.op").set_value("unsqueeze").run()
    at.number_input(key="tensors.unsqueeze.dim.5x4x3").set_value(-2).run()
    at.radio(key="tensors.kind").set_value("list").run()
    at.text_input(key="tensors.list").set_value("[[1, 2, 3]]").run()
    away_and_back(at, "pages/tensors.py")
    assert at.text_input(key="tensors.list").value == "[[1, 2, 3]]"
    at.radio(key="tensors.kind").set_value("rand").run()
    assert at.number_input(key="tensors.unsqueeze.dim.5x4x3").value == -2


def test_every_losses_control_survives_a_visit_to_another_page():
    at = open_page("pages/losses.py")
    at.segmented_control(key="losses.reduction").set_value("none").run()
    at.slider(key="losses.beta").set_value(0.4).run()
    for i, value in enumerate((-3.5, 0.0, 1.1, 3.9)):
        at.slider(key=f"losses.pred.{i}").set_value(value).run()
    click_tab(at, "losses.tab", "losses_page.tab_classification")  # only the open tab runs
    at.slider(key="losses.classes").set_value(8).run()
    at.selectbox(key="losses.target").set_value(6).run()
    at.slider(key="losses.logit.7").set_value(-4.5).run()
    away_and_back(at, "pages/losses.py")
    assert at.slider(key="losses.classes").value == 8 and at.selectbox(key="losses.target").value == 6, "same tab"
    assert at.slider(key="losses.logit.7").value == -4.5
    click_tab(at, "losses.tab", "losses_page.tab_regression")
    assert at.segmented_control(key="losses.reduction").value == "none"
    assert at.slider(key="losses.beta").value == 0.4
    assert [at.slider(key=f"losses.pred.{i}").value for i in range(4)] == [-3.5, 0.0, 1.1, 3.9]
