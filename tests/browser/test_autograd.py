"""The Autograd page in chromium: type an expression, see its graph drawn and a gradient on the page."""

from pathlib import Path

from streamlit_server import exception_texts, wait_until_drawn, wait_until_settled

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots-tmp"


def test_typing_an_expression_draws_its_graph_and_grad(page, app_url):
    page.goto(f"{app_url}/autograd?lang=en")
    wait_until_settled(page, timeout_ms=60000)
    wait_until_drawn(page)
    box = page.locator(".st-key-autograd-expression input")
    box.fill("x ** 3 * w")
    box.press("Enter")
    page.get_by_text("x.grad = tensor(36.)").wait_for(timeout=30000)  # 3x²·w at x = 2, w = 3
    wait_until_settled(page)
    wait_until_drawn(page)
    labels = " ".join(page.locator(".st-key-autograd-graph .main-svg .textpoint text")
                      .evaluate_all("els => els.map(e => e.textContent)"))  # SVG text: no innerText
    assert "PowBackward0" in labels and "MulBackward0" in labels and "AccumulateGrad" in labels
    assert "b ·" not in labels, "b is not used, so it is not in the graph"
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "autograd-typed.png"), full_page=True)
    assert not exception_texts(page)
