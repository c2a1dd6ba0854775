"""Text echoed in a page message: typed text reads back as typed (CommonMark code spans); torch's words whole."""

import re

import pytest
import torch

from core.common.torch_words import torch_words
from core.common.typed_text import literal


def read_code_span(markdown: str) -> str:
    """What CommonMark shows for a text that is one code span (spec 6.1), or an AssertionError."""
    fence = re.match(r"`+", markdown).group()
    assert markdown.endswith(fence) and len(markdown) > 2 * len(fence), markdown
    inside = markdown[len(fence):-len(fence)]
    runs = re.findall(r"`+", inside)
    assert fence not in runs, "a run as long as the fence would close the span early"
    if inside.startswith(" ") and inside.endswith(" ") and inside.strip(" "):
        inside = inside[1:-1]  # one space is stripped from each side
    return inside


@pytest.mark.parametrize("text", ["__class__", "x * w * b", "**bold**", "a`b", "`x`", "``", ":smile: $x$",
                                  "[1, 2](http://a)", "<b>hi</b>", " x ", "1, __2__"])
def test_typed_text_reads_back_as_typed(text):
    assert read_code_span(literal(text)) == text


def test_a_code_span_is_one_line():
    assert read_code_span(literal("a\nb")) == "a b"


def test_torchs_words_are_whole_but_without_its_cpp_backtrace():
    with pytest.raises(TypeError) as overflow:
        torch.zeros(6).view(10 ** 30)
    assert "frame #" in str(overflow.value), "torch appends where in C++ it was raised"
    words = torch_words(overflow.value)
    assert words.startswith("view(): argument 'size' failed to unpack") and "frame #" not in words
    with pytest.raises(TypeError) as signatures:
        torch.zeros(2).sum(torch.zeros(()))
    assert torch_words(signatures.value) == str(signatures.value).rstrip(), "a message of many lines stays whole"
    assert torch_words(signatures.value).count("\n") >= 2
