"""The Autograd page in chromium: type an expression, see its graph drawn and a gradient on the page."""

from pathlib import Path

from streamlit_server import exception_texts, wait_until_settled

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots-tmp"
GRAPH = ".st-key-autograd-graph svg"
RETAIN_GRAPH = ".st-key-autograd-retain-graph svg"
# The graph is an SVG picture: its arrows are read from its description for screen readers ("input → node" for
# every arrow); drawn means the description names the node and a dot is on the page.
DRAWN = """([selector, name]) => { const graph = document.querySelector(selector);
  return graph !== null && graph.querySelector('circle') !== null && (graph.getAttribute('aria-label') || '').includes(name); }"""


def test_typing_an_expression_draws_its_graph_and_grad(page, app_url):
    page.goto(f"{app_url}/autograd?lang=en")
    wait_until_settled(page, timeout_ms=60000)
    page.wait_for_function(DRAWN, arg=[GRAPH, "MulBackward0"], timeout=30000)
    box = page.locator(".st-key-autograd-expression input")
    box.fill("x ** 3 * w")
    box.press("Enter")
    page.get_by_text("x.grad = tensor(36.)").wait_for(timeout=30000)  # 3x²·w at x = 2, w = 3
    wait_until_settled(page)
    page.wait_for_function(DRAWN, arg=[GRAPH, "PowBackward0"], timeout=30000)
    arrows = page.locator(GRAPH).get_attribute("aria-label")
    assert "x · AccumulateGrad → PowBackward0" in arrows and "PowBackward0 → MulBackward0" in arrows
    assert "w · AccumulateGrad → MulBackward0" in arrows
    assert "b · AccumulateGrad" not in arrows, "b is not used, so it is not in the graph"
    assert not page.locator('[data-testid="stPlotlyChart"]').count(), "no plotly on the page, hidden tabs included"
    graph = page.locator(GRAPH)
    box = graph.bounding_box()
    drawn_at = (round(box["width"]), round(box["height"]))
    assert drawn_at == (int(graph.get_attribute("width")), int(graph.get_attribute("height"))), "at its own size"
    out = graph.locator("g:has(circle) title").first.text_content()  # the output's dot: its tooltip survived markdown
    assert out.startswith("MulBackward0") and out.endswith("= 24"), out  # x³·w at x = 2, w = 3
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "autograd-typed.png"), full_page=True)
    assert not exception_texts(page)


def test_the_retain_tab_runs_on_the_lab_expression_and_the_lab_comes_back_as_left(page, app_url):
    """Only the open tab runs: the retain_grad() tab reads the lab's inputs while they are not drawn."""
    page.goto(f"{app_url}/autograd?lang=en")
    wait_until_settled(page, timeout_ms=60000)
    box = page.locator(".st-key-autograd-expression input")
    box.fill("x ** 3 * w")
    box.press("Enter")
    page.get_by_text("x.grad = tensor(36.)").wait_for(timeout=30000)
    page.get_by_role("tab", name="Leaf or not: retain_grad()").click()
    page.wait_for_function(DRAWN, arg=[RETAIN_GRAPH, "PowBackward0"], timeout=30000)
    wait_until_settled(page)  # the run has ended: what it did not draw is gone
    assert not page.locator(GRAPH).count(), "the lab is not drawn while another tab is open"
    page.get_by_role("tab", name="Your expression").click()
    page.wait_for_function(DRAWN, arg=[GRAPH, "PowBackward0"], timeout=30000)
    assert page.locator(".st-key-autograd-expression input").input_value() == "x ** 3 * w"
    assert not exception_texts(page)
