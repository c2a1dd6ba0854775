"""Train in chromium: the loss chart gains points live, Stop ends the run, the run shows in history."""

from streamlit_server import exception_texts, wait_until_settled

# While training, the loss chart is an SVG image (core.live_svg): count the points of its raw-loss line.
POINTS = """() => { for (const img of document.querySelectorAll('img[src^="data:image/svg+xml;base64,"]')) {
                     const svg = atob(img.src.split(',')[1]);
                     if (!svg.includes('aria-label="Training loss"')) continue;
                     const m = svg.match(/<polyline points="([^"]*)"/);
                     return m ? m[1].trim().split(' ').length : 0; }
                   return 0; }"""


def loss_points(page) -> int:
    return page.evaluate(POINTS)


def test_train_live_then_stop_then_history(page, app_url):
    page.goto(app_url + "/train?lang=en")
    wait_until_settled(page)
    page.get_by_role("button", name="Train").click()  # defaults: ConvNet, all of MNIST, 3 epochs
    page.wait_for_function(f"({POINTS})() >= 3", timeout=60000)
    first = loss_points(page)
    page.wait_for_function(f"({POINTS})() > {first}", timeout=30000)  # the chart grows while training
    assert loss_points(page) > first

    page.get_by_role("button", name="Stop").click()
    # no timing assert (STYLE: benches measure, tests don't); the job's own stop is tested in core
    page.get_by_text("Stopped by request").wait_for(timeout=20000)
    wait_until_settled(page)
    assert page.get_by_role("button", name="Train").is_enabled()

    table = page.locator('[data-testid="stDataFrame"]')  # drawn on a canvas; its code may arrive lazily
    table.first.wait_for(timeout=20000)
    assert table.count() == 1, "the history table"
    chips = page.locator('[data-testid="stMultiSelect"]').first  # "Compare runs" lists the run
    assert "convnet · adam 0.004" in chips.inner_text(), "the stopped run is listed in history"
    assert not exception_texts(page)
