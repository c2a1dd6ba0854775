"""Train in chromium: a knob the optimizer hides comes back with its value, not its slider's minimum, and a
reload mid-run brings the controls back with the run's settings (tests/test_train_settings_kept.py checks the
same under AppTest, with a model of what a browser shows)."""

import re

from streamlit_server import exception_texts, wait_until_settled

ENDED = """() => document.querySelector('[data-testid="stProgress"]') !== null
  && [...document.querySelectorAll('button')].some(b => b.innerText.trim().endsWith('Train'))"""


def choose(page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_until_settled(page)


def press(page, slider: str, *keys: str) -> None:
    handle = page.get_by_role("slider", name=slider)
    handle.focus()
    for key in keys:
        handle.press(key)
    wait_until_settled(page)


def slider_value(page, label: str) -> str:
    """The value a slider shows: its text reads "label value min max"."""
    text = page.locator('[data-testid="stSlider"]').filter(has_text=label).inner_text()
    return text.split()[-3]


def test_adams_betas_come_back_after_an_sgd_run(page, app_url):
    page.goto(app_url + "/train?lang=en")
    wait_until_settled(page)
    press(page, "Training images", "Home")  # 1,000 images
    press(page, "Epochs", "Home")  # 1 epoch
    choose(page, "Optimizer", "SGD")
    page.get_by_role("button", name="Train").click()
    page.wait_for_function(ENDED, timeout=120000)  # the run's charts beside Train again: it has ended
    wait_until_settled(page)
    choose(page, "Optimizer", "Adam")
    assert (slider_value(page, "β₁"), slider_value(page, "β₂")) == ("0.90", "0.9990"), "not the sliders' minimums"
    press(page, "Weight decay", "ArrowRight")  # a rerun: the server now has the values the browser shows
    page.locator("details:not([open]) > summary").filter(has_text="training loop in plain PyTorch").click()
    wait_until_settled(page)  # the panel builds its code once opened: a rerun
    code = page.locator('[data-testid="stCode"]').filter(has_text="optimizer")
    code.scroll_into_view_if_needed()
    assert "betas=(0.9, 0.999)" in code.inner_text(), "the next run trains with them"
    assert not exception_texts(page)


def test_a_reload_mid_run_brings_the_runs_settings_back(page, app_url):
    page.goto(app_url + "/train?lang=en")
    wait_until_settled(page)
    choose(page, "Optimizer", "SGD")
    press(page, "Learning rate", "ArrowRight")  # 0.004 -> 0.01
    press(page, "Batch size", "Home")  # 16
    press(page, "Epochs", "Home", *["ArrowRight"] * 4)  # 5: all of MNIST, so it is still training after the reload
    page.get_by_role("button", name="Train").click()
    page.wait_for_selector('iframe[src*="live_view"]', timeout=60000)
    page.reload()  # a new session: the URL's owner finds the running job again
    page.wait_for_selector('iframe[src*="live_view"]', timeout=60000)
    page.get_by_role("button", name="Stop").click()
    page.get_by_text(re.compile("Stopped by request")).wait_for(timeout=30000)
    wait_until_settled(page)
    assert page.get_by_role("combobox", name="Optimizer").input_value() == "SGD"
    shown = [slider_value(page, label) for label in ("Learning rate", "Batch size", "Epochs")]
    assert shown == ["0.01", "16", "5"], "the stopped run's settings, not the Fast preset's"
    assert not exception_texts(page)
