"""No page hands Streamlit a bare user-visible string: all words come from locales/ via t().

Scans pages/, ui/ and streamlit_app.py with the ast module. Code shown with st.code
stays code; the few allowed literals (brand name, units) are listed below.
"""

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FILES = [REPO / "streamlit_app.py", *sorted((REPO / "pages").glob("*.py")), *sorted((REPO / "ui").rglob("*.py"))]

TEXT_CALLS = {
    "title", "header", "subheader", "markdown", "write", "caption", "text", "button", "selectbox", "slider",
    "select_slider", "radio", "checkbox", "toggle", "metric", "expander", "tabs", "error", "warning", "info",
    "success", "page_link", "file_uploader", "number_input", "text_input", "text_area", "segmented_control",
    "pills", "toast", "download_button", "link_button", "multiselect", "popover", "form_submit_button",
    "status", "spinner", "Page", "progress", "exception",
}
TEXT_KWARGS = {"label", "help", "placeholder", "caption", "title", "body", "value", "delta", "text", "page_title"}
ALLOWED = {"TorchLab", "MB"}  # brand name and units read the same in both languages
MARKUP = re.compile(r":material/[a-z_]+:|:[a-z]+(-badge)?\[|`[^`]*`|&nbsp;|\*\*|[\[\]·←→×—–:]")
WORD = re.compile(r"[^\W\d_]{2,}")  # two letters in a row, any script (Latin or CJK)


def literal_words(node: ast.AST) -> list[str]:
    """User-visible words in a string literal or an f-string's literal parts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        parts = [node.value]
    elif isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
    elif isinstance(node, (ast.List, ast.Tuple)):
        return [w for element in node.elts for w in literal_words(element)]
    else:
        return []
    return [w for part in parts for w in WORD.findall(MARKUP.sub(" ", part)) if w not in ALLOWED]


def bare_strings(path: Path, root: Path = REPO) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name not in TEXT_CALLS:
            continue
        positional = [] if name == "Page" else list(node.args)  # st.Page's first argument is a file
        args = positional + [k.value for k in node.keywords if k.arg in TEXT_KWARGS]
        for arg in args:
            words = literal_words(arg)
            if words:
                found.append(f"{path.relative_to(root)}:{arg.lineno}: {' '.join(words)}")
    return found


def test_no_bare_user_visible_strings():
    problems = [p for path in FILES for p in bare_strings(path)]
    assert problems == [], "use t('key') from locales/*.toml:\n" + "\n".join(problems)


def test_the_scanner_catches_bare_strings(tmp_path):
    sample = tmp_path / "page.py"
    sample.write_text('st.title("Hello")\ncol.button(label=f"Run {n} steps")\nst.tabs(["一", "张量"])\n'
                      'st.markdown(f"`{x}` · {y}")\nst.code("print(1)")\n')
    found = "\n".join(bare_strings(sample, root=tmp_path))
    assert "Hello" in found and "Run" in found and "steps" in found and "张量" in found
    assert "print" not in found and "page.py:4" not in found
