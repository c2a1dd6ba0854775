"""ui.remember: a page switch no longer resets a page's controls (AppTest switches pages as a person would)."""

from apptest_pages import open_page


def test_a_typed_expression_survives_a_visit_to_another_page():
    at = open_page("pages/autograd.py")
    at.text_input(key="autograd.expression").set_value("x * w").run()
    at.switch_page("pages/home.py").run()
    at.switch_page("pages/autograd.py").run()
    assert not at.exception
    assert at.text_input(key="autograd.expression").value == "x * w"
