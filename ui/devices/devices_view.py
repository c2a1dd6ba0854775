"""The Devices page's first sections: what is here, .to(device), and a matmul timed on each device."""

from __future__ import annotations

import streamlit as st

from core.code.device_snippets import machine_code, matmul_code, move_code
from core.lessons.device_facts import (MISMATCH_MESSAGE, available_devices, cpu_facts, gpu_facts, mismatch_error, move_to,
                               time_matmul)
from ui.common.code_expander import code_panel
from ui.common.i18n import current_language, t
from ui.common.remember import KEPT


def _code(name: str, build) -> None:
    code_panel(t("devices_page.code_heading"), f"devices.code.{name}", build)


def render_machine() -> None:
    st.header(t("devices_page.machine_heading"), divider="gray")
    cpu = cpu_facts()
    st.markdown(t("devices_page.cpu_name", name=cpu.name))
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("devices_page.cores"), f"{cpu.usable_cores} / {cpu.logical_cores}", help=t("devices_page.cores_help"))
    c2.metric("`torch.get_num_threads()`", cpu.torch_threads, help=t("devices_page.threads_help"))
    c3.metric(t("devices_page.capability"), cpu.capability, help=t("devices_page.capability_help"))
    c4.metric(t("devices_page.bf16"), t("devices_page.bf16_native") if cpu.native_bf16 else t("devices_page.bf16_emulated"),
              help=t("devices_page.bf16_help", units=", ".join(cpu.bf16_units) or "—"))
    gpus = gpu_facts()
    if not gpus:
        st.info(t("devices_page.no_cuda"), icon=":material/memory:")
    for gpu in gpus:
        st.markdown(t("devices_page.gpu_name", device=gpu.device, name=gpu.name))
        g1, g2, g3, g4 = st.columns(4)
        g1.metric(t("devices_page.memory_total"), t("devices_page.gib", value=f"{gpu.total_gib:.1f}"))
        g2.metric(t("devices_page.memory_free"), t("devices_page.gib", value=f"{gpu.free_gib:.1f}"), help=t("devices_page.memory_free_help"))
        g3.metric(t("devices_page.compute_capability"), gpu.capability, help=t("devices_page.compute_capability_help"))
        g4.metric(t("devices_page.multiprocessors"), gpu.multiprocessors)
    st.caption(t("devices_page.mps_yes" if "mps" in available_devices() else "devices_page.mps_no"))
    _code("machine", lambda: machine_code(current_language()))


def render_moving() -> None:
    st.header(t("devices_page.move_heading"), divider="gray")
    devices = available_devices()
    device = st.selectbox(t("devices_page.move_device"), devices, index=len(devices) - 1, key="devices.move_device",
                          persist_state=KEPT)
    report = move_to(device)
    left, right = st.columns(2, gap="large")
    left.markdown(t("devices_page.move_tensor", before=report.tensor_before, after=report.tensor_after))
    left.caption(t("devices_page.tensor_copied" if report.tensor_copied else "devices_page.tensor_same"))
    right.markdown(t("devices_page.move_model", before=report.param_before, after=report.param_after))
    right.caption(t("devices_page.model_in_place"))
    st.subheader(t("devices_page.mismatch_heading"))
    others = [d for d in devices if d != "cpu"]
    if others:
        st.markdown(t("devices_page.mismatch_real", device=others[0]))
        st.code(mismatch_error(others[0]), language="text", wrap_lines=True)
    else:
        st.markdown(t("devices_page.mismatch_only_cpu"))
        st.code("RuntimeError: " + MISMATCH_MESSAGE, language="text", wrap_lines=True)
    st.markdown(t("devices_page.mismatch_explained"))
    _code("move", lambda: move_code(device, current_language()))


def _time_all(n: int) -> None:
    st.session_state["devices.timings"] = (n, [time_matmul(device, n) for device in available_devices()])


def render_timing() -> None:
    st.header(t("devices_page.timing_heading"), divider="gray")
    st.markdown(t("devices_page.timing_intro"))
    left, right = st.columns([2, 1], vertical_alignment="bottom")
    n = left.select_slider(t("devices_page.size"), [256 * k for k in range(1, 17)], value=1024, key="devices.n",
                           persist_state=KEPT, help=t("devices_page.size_help"))
    right.button(t("devices_page.time_it"), icon=":material/timer:", key="devices.time", on_click=_time_all,
                 args=(n,), width="stretch")
    st.caption(t("devices_page.flops", n=n, gflop=f"{2 * n**3 / 1e9:.2f}"))
    shown = st.session_state.get("devices.timings")
    if shown and shown[0] == n:
        st.table([{t("devices_page.col_device"): r.device, t("devices_page.col_reps"): r.reps,
                   t("devices_page.col_ms"): f"{r.ms:.2f}", t("devices_page.col_gflops"): f"{r.gflops:.1f}"} for r in shown[1]],
                 hide_index=True, hide_header=False)
        st.caption(t("devices_page.timing_caption"))
    else:
        st.caption(t("devices_page.timing_hint"))
    devices = available_devices()
    _code("matmul", lambda: matmul_code(devices[-1], n, current_language()))
