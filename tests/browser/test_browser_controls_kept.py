"""Controls hidden for a while come back with their values in chromium: the Datasets page's split and loader
knobs after a look at a folder (tests/test_controls_kept.py checks every page under AppTest, with a model of
what a browser shows)."""

from streamlit_server import exception_texts, wait_until_settled


def click_option(page, name: str) -> None:
    """An option of a segmented control (its buttons are radios)."""
    page.get_by_role("radio", name=name, exact=True).click()
    wait_until_settled(page)


def slider_value(page, label: str) -> str:
    """The value a slider shows: its text reads "label value min max"."""
    text = page.locator('[data-testid="stSlider"]').filter(has_text=label).inner_text()
    return text.split()[-3]


def test_the_split_and_batch_size_come_back_after_a_folder(page, app_url):
    """The reported steps: Split to Test, ImageFolder, another folder size, MNIST: the split showed nothing
    selected, and the batch size its slider's minimum."""
    page.goto(f"{app_url}/data?lang=en")
    wait_until_settled(page, timeout_ms=60000)
    click_option(page, "test")
    click_option(page, "ImageFolder")
    page.get_by_role("combobox", name="Resize every image to").click()
    page.get_by_role("option", name="64", exact=True).click()
    wait_until_settled(page)
    click_option(page, "MNIST")
    assert page.get_by_role("radio", name="test", exact=True).get_attribute("aria-checked") == "true"
    assert page.get_by_role("radio", name="train", exact=True).get_attribute("aria-checked") == "false"
    page.get_by_role("tab", name="DataLoader").click()
    assert slider_value(page, "batch_size") == "64", "not the slider's minimum"
    page.get_by_text("Batch 0: images [64, 1, 28, 28]").wait_for(timeout=15000)
    assert "10,000" in page.locator('[data-testid="stMetric"]').filter(has_text="Samples per epoch").inner_text(), \
        "the test split's 10,000 images"
    click_option(page, "ImageFolder")
    assert page.get_by_role("combobox", name="Resize every image to").input_value() == "64"
    assert not exception_texts(page)
