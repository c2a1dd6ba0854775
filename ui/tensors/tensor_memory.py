"""The Tensors page, part 4: where a tensor's numbers live. torch.Tensor(5, 3) / torch.empty / torch.zeros and
uniform_ in place; torch.Tensor vs torch.tensor; NumPy ↔ tensor, sharing memory or copying it."""

from __future__ import annotations

import streamlit as st
import torch

from core.code.tensor_snippets import fresh_code, numpy_code
from core.lessons.tensor_fresh import Constructor, FreshError, RangeError, compare_constructors, make_fresh
from core.lessons.tensor_numpy import NAMES, SHAPE, STEP, Edit, add_edit, replay
from core.lessons.tensor_ops import Operand
from ui.common.i18n import current_language, t, t_error
from ui.common.markdown_table import code_cell, markdown_table
from ui.common.remember import KEPT
from ui.tensors.tensor_maker import render_grid
from ui.tensors.tensor_shapes import render_code

QUARTER = 205  # pixels: four 5 × 3 grids side by side in the page's 900
THIRD = 280  # pixels: three 2 × 3 grids side by side
EDITS = "tensors.numpy_edits"  # the learner's changes to a, t and c (not a widget: replayed every run)
CELLS = [(r, c) for r in range(SHAPE[0]) for c in range(SHAPE[1])]


def render_fresh() -> None:
    """torch.Tensor(rows, cols) and torch.empty as memory left them, torch.zeros, then x.uniform_(low, high)."""
    st.markdown(t("tensors_page.fresh.intro"))
    columns = st.columns(4)
    sizes = []
    for i, (column, default) in enumerate(zip(columns[:2], (5, 3))):  # seed 004's torch.Tensor(5, 3)
        key = f"tensors.fresh.size.{i}"
        st.session_state.setdefault(key, default)
        sizes.append(int(column.number_input(t("tensors_page.size", dim=i), 1, 5, key=key, persist_state=KEPT)))
    bounds = []
    for name, column, default in (("low", columns[2], -1.0), ("high", columns[3], 1.0)):
        key = f"tensors.fresh.{name}"
        st.session_state.setdefault(key, default)
        bounds.append(float(column.number_input(t(f"tensors_page.fresh.{name}"), -100.0, 100.0, step=0.5, key=key,
                                                persist_state=KEPT, help=t("tensors_page.fresh.range_help"))))
    shape, (low, high) = (sizes[0], sizes[1]), bounds
    try:
        fresh = make_fresh(shape, low, high)
    except (RangeError, FreshError) as error:
        st.error(t_error(error), icon=":material/error:")
        return
    size = ", ".join(map(str, shape))
    ids = torch.arange(fresh.filled.numel()).reshape(shape)  # x before and after uniform_: the same cells
    grids = ((f"torch.Tensor({size})", fresh.uninitialised, ids), (f"torch.empty({size})", fresh.empty, None),
             (f"torch.zeros({size})", fresh.zeros, None), (f"x.uniform_({low:g}, {high:g})", fresh.filled, ids))
    for n, (column, (code, tensor, tensor_ids)) in enumerate(zip(st.columns(4), grids)):
        with column:
            st.markdown(f"**`{code}`**")
            render_grid(Operand(code, tensor, tensor_ids), tensor.numel(), QUARTER, f"tensors.fresh.grid.{n}", "")
    st.button(t("tensors_page.fresh.again"), icon=":material/refresh:", key="tensors.fresh.again")
    st.warning(t("tensors_page.fresh.garbage", size=size), icon=":material/warning:")
    st.info(t("tensors_page.fresh.in_place", low=f"{low:g}", high=f"{high:g}", size=size, returns_x=fresh.returns_x,
              same_memory=fresh.same_memory), icon=":material/edit:")
    _render_constructors()
    render_code("fresh", lambda: fresh_code(shape, low, high, compare_constructors(), current_language()))


def _render_constructors() -> None:
    """torch.Tensor vs torch.tensor: what each call really makes, asked of torch."""
    st.markdown(f"**{t('tensors_page.fresh.constructors')}**")
    header = [t(f"tensors_page.fresh.{column}") for column in ("call", "shape", "dtype", "values")]
    st.markdown(markdown_table(header, [_constructor_cells(row) for row in compare_constructors()]))
    st.caption(t("tensors_page.fresh.constructors_note"))


def _constructor_cells(row: Constructor) -> list[str]:
    """One call's row: its code, shape, dtype and values as code; torch's error or "uninitialised" as words."""
    shape = code_cell(str(list(row.shape))) if row.shape is not None else "—"
    values = row.error or (code_cell(row.values) if row.values else t("tensors_page.fresh.garbage_short"))
    return [code_cell(row.code), shape, code_cell(row.dtype) if row.dtype else "—", values]


def _change(name: str, cell_index: int) -> None:
    st.session_state[EDITS] = add_edit(st.session_state.get(EDITS, []), name, CELLS[cell_index])


def _start_again() -> None:
    st.session_state[EDITS] = []


def render_numpy_bridge() -> None:
    """a (NumPy), t = torch.from_numpy(a), c = torch.tensor(a): change a cell of one and see who else changes."""
    st.markdown(t("tensors_page.numpy.intro"))
    labels = {name: t(f"tensors_page.numpy.names.{name}") for name in NAMES}
    left, right = st.columns([2, 1])
    st.session_state.setdefault("tensors.numpy.target", "a")
    name = left.segmented_control(t("tensors_page.numpy.target"), NAMES, required=True, key="tensors.numpy.target",
                                  persist_state=KEPT, format_func=labels.get)
    st.session_state.setdefault("tensors.numpy.cell", 1)
    cell = right.selectbox(t("tensors_page.numpy.cell"), range(len(CELLS)), key="tensors.numpy.cell",
                           persist_state=KEPT, format_func=lambda i: f"[{CELLS[i][0]}, {CELLS[i][1]}]")
    with st.container(horizontal=True):
        st.button(t("tensors_page.numpy.change", code=Edit(name, CELLS[cell], STEP).code), icon=":material/edit:",
                  key="tensors.numpy.change", on_click=_change, args=(name, cell), type="primary")
        st.button(t("tensors_page.numpy.reset"), icon=":material/restart_alt:", key="tensors.numpy.reset",
                  on_click=_start_again)
    edits = st.session_state.get(EDITS, [])
    bridge = replay(edits)
    ids = torch.arange(6).reshape(SHAPE)
    for column, key in zip(st.columns(3), NAMES):
        with column:
            st.markdown(f"**{labels[key]}**")
            value = getattr(bridge, key)
            shown = torch.from_numpy(value.copy()) if key == "a" else value  # drawn as a grid; a itself stays NumPy
            render_grid(Operand(key, shown, ids), 6, THIRD, f"tensors.numpy.grid.{key}", "",
                        picked=torch.from_numpy(bridge.changed[key]).long(), fade=False)
            shares = t("tensors_page.numpy.shares") if bridge.shares[key] else t("tensors_page.numpy.own_memory")
            st.caption(shares if key != "a" else t("tensors_page.numpy.the_array"))
    if edits:
        st.caption(t("tensors_page.numpy.done", codes=", ".join(f"`{e.code}`" for e in edits)))
    st.info(t("tensors_page.numpy.back", back_shares=bridge.back_shares), icon=":material/swap_horiz:")
    render_code("numpy", lambda: numpy_code(edits, current_language()))
