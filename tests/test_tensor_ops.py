"""Tensors page core: making tensors, shape ops with element tracking, broadcasting — torch is the oracle."""

import pytest
import torch

from core.common.i18n import translate
from core.common.typed_text import literal
from core.lessons.tensor_create import (DTYPES, TensorError, TensorSpec, check_shape, create_tensor, describe_tensor,
                                parse_ints, parse_nested_list)
from core.lessons.tensor_ops import (OPS, OpError, apply_op, broadcast, default_params, dim_range, explain_torch_error,
                             memory_order, other_operand)

SHAPES = [(5,), (2, 3), (3, 1), (2, 2, 3), (1, 4, 1)]


def test_factories_match_torch():
    assert torch.equal(create_tensor(TensorSpec("zeros", (2, 3))), torch.zeros(2, 3))
    assert torch.equal(create_tensor(TensorSpec("ones", (4,), "int64")), torch.ones(4, dtype=torch.int64))
    assert torch.equal(create_tensor(TensorSpec("arange", (2, 2, 3))), torch.arange(12.0).reshape(2, 2, 3))
    torch.manual_seed(7)
    expected = torch.rand(3, 2)
    assert torch.equal(create_tensor(TensorSpec("rand", (3, 2), seed=7)), expected)
    typed = create_tensor(TensorSpec("list", dtype="int64", text="[[1, 2], [3, 4]]"))
    assert torch.equal(typed, torch.tensor([[1, 2], [3, 4]])) and typed.dtype == torch.int64


@pytest.mark.parametrize("dtype", list(DTYPES))
def test_every_dtype_makes_a_tensor_of_that_dtype(dtype):
    kind = "rand" if DTYPES[dtype].is_floating_point else "ones"
    assert create_tensor(TensorSpec(kind, (2, 2), dtype)).dtype == DTYPES[dtype]


@pytest.mark.parametrize("spec", [TensorSpec("arange", (2, 2), "bool"), TensorSpec("list", dtype="int64", text="[1e30]")])
def test_what_torch_refuses_for_a_dtype_is_explained(spec):
    with pytest.raises(TensorError) as caught:
        create_tensor(spec)
    assert caught.value.message.key == "tensors_page.errors.dtype_refused" and spec.dtype in str(caught.value)


def test_rand_with_an_integer_dtype_is_explained():
    with pytest.raises(TensorError) as caught:
        create_tensor(TensorSpec("rand", (2, 2), "int64"))
    assert "float" in str(caught.value) and caught.value.message.key == "tensors_page.errors.rand_dtype"


@pytest.mark.parametrize("shape", [(), (6,), (0, 2), (1, 2, 3, 4)])
def test_shapes_that_cannot_be_drawn_are_refused(shape):
    with pytest.raises(TensorError):
        check_shape(shape)


@pytest.mark.parametrize("text, key", [
    ("[[1, 2], [3]]", "list_ragged"), ("[1, 'a']", "list_not_number"), ("__import__('os')", "list_syntax"),
    ("[1, 2", "list_syntax"), ("[" * 5 + "1" + "]" * 5, "list_depth"), (str(list(range(61))), "list_too_big"),
    ("[]", "list_empty"), ("[1, None]", "list_not_number"), ("1" * 700, "list_too_long"), ("{1: 2}", "list_not_number"),
])
def test_bad_typed_lists_get_a_reason(text, key):
    with pytest.raises(TensorError) as caught:
        parse_nested_list(text)
    assert caught.value.message.key == f"tensors_page.errors.{key}"
    assert caught.value.render("zh") != str(caught.value), "both languages"


def test_good_typed_lists_become_the_same_tensor_as_torch_tensor():
    for text in ("[[1, 2], [3, 4]]", "[True, False]", "3.5", "[[[1.5]], [[2]]]", "(1, 2, 3)"):
        assert torch.equal(torch.tensor(parse_nested_list(text)), torch.tensor(eval(text)))  # our own literals


def test_facts_and_item():
    facts = describe_tensor(torch.arange(6.0).reshape(2, 3).t())
    assert facts.shape == (3, 2) and facts.stride == (1, 3) and not facts.contiguous and facts.numel == 6
    assert facts.item is None and facts.item_error == "a Tensor with 6 elements cannot be converted to Scalar"
    one = describe_tensor(torch.tensor([[2.5]]))
    assert one.item == "2.5" and one.item_error is None and one.tolist == "[[2.5]]"


def test_parse_ints():
    assert parse_ints("2, -1") == (2, -1) and parse_ints("(3 2)") == (3, 2) and parse_ints("( )") == ()
    assert parse_ints("125") == (125,) and parse_ints("1, 1, 1, 1, 5, 25") == (1, 1, 1, 1, 5, 25), "torch decides"
    for bad in ("", "a, b", "1.5", "3, two", "`__x__`"):
        with pytest.raises(TensorError) as caught:
            parse_ints(bad)
        assert literal(bad) in str(caught.value), "echoed as typed, in a code span"


LARGEST = TensorSpec("arange", (5, 5, 5))  # the biggest x the page makes: 125 elements


@pytest.mark.parametrize("text", ["125", "125, 1", "1, 125", "5, 25", "-1", "25, -1", "1, 1, 1, 1, 5, 25",
                                  "1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 125"])
@pytest.mark.parametrize("name", ["view", "reshape"])
def test_every_shape_torch_accepts_for_the_largest_x_is_accepted(name, text):
    x = create_tensor(LARGEST)
    shape = parse_ints(text)
    result = apply_op(name, x, {"shape": shape})
    assert torch.equal(result.output.tensor, getattr(x, name)(*shape))
    assert result.code == f"out = x.{name}({text})"


def test_an_empty_shape_is_the_0d_tensor_torch_makes_of_one_element():
    x = torch.tensor([2.5])
    result = apply_op("view", x, {"shape": parse_ints("()")})
    assert result.output.tensor.shape == () and result.code == "out = x.view(())"
    assert apply_op("permute", torch.tensor(2.5), default_params("permute", ())).output.tensor.shape == ()


def test_a_size_past_int64_is_refused_by_torch_and_explained():
    with pytest.raises(OpError) as caught:
        apply_op("view", create_tensor(LARGEST), {"shape": parse_ints("1" + "0" * 30)})
    assert caught.value.message.key == "tensors_page.reasons.overflow" and "Overflow" in caught.value.torch_message


def _torch_call(name: str, x: torch.Tensor, param: str, dim: int):
    """The op called on torch directly, with `param` = dim and the other parameter at its default."""
    calls = {"squeeze": lambda: x.squeeze(dim), "unsqueeze": lambda: x.unsqueeze(dim),
             "cat": lambda: torch.cat([x, x], dim=dim), "stack": lambda: torch.stack([x, x], dim=dim),
             "transpose": lambda: x.transpose(dim, -1) if param == "dim0" else x.transpose(0, dim),
             "flatten": lambda: x.flatten(dim, -1) if param == "start_dim" else x.flatten(0, dim)}
    return calls[name]()


def _accepted_by_torch(name: str, x: torch.Tensor, param: str) -> list[int]:
    accepted = []
    for dim in range(-8, 8):
        try:
            _torch_call(name, x, param, dim)
        except (RuntimeError, IndexError):
            continue
        accepted.append(dim)
    return accepted


DIM_PARAMS = [(name, param) for name in OPS for param in OPS[name].params if param not in ("shape", "dims")]


@pytest.mark.parametrize("shape", [(), (5,), (2, 3), (5, 5, 5)])
@pytest.mark.parametrize("name, param", DIM_PARAMS)
def test_the_dim_range_a_refusal_states_is_the_one_torch_accepts(name, param, shape):
    x = torch.zeros(shape)
    accepted = _accepted_by_torch(name, x, param)
    if not accepted:  # torch.cat of 0-D tensors: no dim works, and the page does not pretend one does
        assert dim_range(name, param, x) is None
        return
    low, high = min(accepted), max(accepted)
    assert accepted == list(range(low, high + 1)), "one unbroken range"
    for outside in (low - 1, high + 1):
        with pytest.raises(OpError) as caught:
            apply_op(name, x, default_params(name, shape) | {param: outside})
        for lang in ("en", "zh"):
            words = caught.value.render(lang)
            assert f"{low}" in words and f"{high}" in words, (lang, words)
        assert f"torch accepts dim from {low} to {high}" in str(caught.value)
    assert dim_range(name, param, x) == (low, high), "the range the page's help states"


def _values_by_id(operands) -> torch.Tensor:
    """Element k's value: operands laid out in memory order, x's elements first, then y's."""
    flat = []
    for operand in operands:
        t = operand.tensor
        order = operand.ids.reshape(-1).argsort()  # cells sorted by id
        flat.append(t.reshape(-1)[order])
    return torch.cat(flat)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("name", list(OPS))
@pytest.mark.parametrize("transposed", [False, True])
def test_every_op_matches_torch_and_tracks_every_element(name, shape, transposed):
    x = torch.arange(float(torch.Size(shape).numel())).reshape(shape)
    x = x.transpose(0, -1) if transposed else x
    params = default_params(name, tuple(x.shape))
    if name == "view" and not x.is_contiguous():
        with pytest.raises(OpError) as caught:
            apply_op(name, x, params)
        assert caught.value.message.key == "tensors_page.reasons.not_contiguous"
        return
    result = apply_op(name, x, params)
    expected = {"cat": lambda: torch.cat([x, x * 10], **params), "stack": lambda: torch.stack([x, x * 10], **params),
                "squeeze": lambda: x.squeeze()}.get(name, lambda: getattr(x, name)(*_flat(params)))()
    assert torch.equal(result.output.tensor, expected)
    values = _values_by_id(result.operands)
    assert torch.equal(values[result.output.ids], result.output.tensor), "ids say which element sits where"


def _flat(params: dict) -> list:
    return [v for value in params.values() for v in (value if isinstance(value, tuple) else (value,))]


def test_a_0d_tensor_starts_from_parameters_that_work():
    x = torch.tensor(3.5)
    assert apply_op("view", x, default_params("view", ())).output.tensor.tolist() == [3.5]


def test_bool_tensors_join_with_their_negation():
    x = torch.tensor([True, False])
    assert torch.equal(other_operand(x), torch.tensor([False, True]))
    assert apply_op("cat", x, {"dim": 0}).output.tensor.tolist() == [True, False, False, True]


@pytest.mark.parametrize("name, params, key", [
    ("view", {"shape": (4, 2)}, "bad_size"), ("reshape", {"shape": (-1, -1)}, "two_minus_ones"),
    ("unsqueeze", {"dim": 4}, "bad_new_dim"), ("squeeze", {"dim": 3}, "bad_dim"), ("permute", {"dims": (0,)},
                                                                               "permute_count"),
    ("permute", {"dims": (0, 0)}, "permute_repeat"), ("flatten", {"start_dim": 1, "end_dim": 0}, "flatten_order"),
    ("cat", {"dim": 2}, "bad_dim"), ("transpose", {"dim0": 0, "dim1": 2}, "bad_dim"),
])
def test_refused_parameters_are_explained_with_torchs_words(name, params, key):
    x = torch.arange(6.0).reshape(2, 3)
    with pytest.raises(OpError) as caught:
        apply_op(name, x, params)
    error = caught.value
    assert error.message.key == f"tensors_page.reasons.{key}"
    assert error.torch_message and "Traceback" not in error.torch_message
    assert "{" not in str(error) and "{" not in error.render("zh")


def test_cat_and_stack_size_mismatches_are_explained():
    a, b = torch.zeros(2, 3), torch.zeros(2, 2)
    for call, key in ((lambda: torch.cat([a, b]), "cat_sizes"), (lambda: torch.stack([a, b]), "stack_sizes")):
        with pytest.raises(RuntimeError) as caught:
            call()
        assert explain_torch_error(caught.value, a).message.key == f"tensors_page.reasons.{key}"
    assert explain_torch_error(RuntimeError("something new"), a).message.key == "tensors_page.reasons.other"


def test_broadcasting_stretches_size_one_dimensions():
    result = broadcast((3, 1), (1, 4))
    a, b = result.operands[0].tensor, result.operands[1].tensor
    assert torch.equal(result.output.tensor, a + b) and result.output.tensor.shape == (3, 4)
    stretched_a, stretched_b = result.stretched
    assert torch.equal(stretched_a.tensor, a.expand(3, 4)) and stretched_a.tensor.stride() == (1, 0)
    assert stretched_b.ids[:, 2].unique().numel() == 1, "one element of b read in every row"
    assert set(stretched_b.ids.unique().tolist()) == {3, 4, 5, 6}, "b's ids follow a's"
    assert broadcast((2, 3), (3,)).output.tensor.shape == (2, 3), "a missing dimension counts as 1"
    with pytest.raises(OpError) as caught:
        broadcast((3, 2), (4, 1))
    assert caught.value.message.key == "tensors_page.reasons.broadcast"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_op_has_words_in_both_languages(lang):
    for name in OPS:
        assert translate(lang, f"tensors_page.ops.{name}", shape=[2, 3])
        for param in OPS[name].params:
            assert translate(lang, f"tensors_page.params.{param}")


def test_memory_order_lists_a_transposed_tensors_storage():
    x = torch.arange(6.0).reshape(2, 3).t()  # (3, 2), stride (1, 3): not contiguous
    strip = memory_order(x)
    assert strip.tensor.tolist() == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0] and strip.ids.tolist() == list(range(6))
    assert x.reshape(-1).tolist() == [0.0, 3.0, 1.0, 4.0, 2.0, 5.0], "row order jumps about the strip"
