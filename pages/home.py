"""Home: what TorchLab teaches, what this machine can run, and the model that ships with it."""

import streamlit as st

from ui.catalog import PAGES

st.title("TorchLab")
st.markdown(
    "**Learn PyTorch by touching it.** Draw a digit and watch a CNN read it, train a network with "
    "sliders and live charts, open any layer and look inside. TorchLab grows out of five Chinese "
    "PyTorch tutorials, and every page shows the plain PyTorch code that does what the page does."
)


def render_page_cards() -> None:
    st.subheader("What each page teaches")
    for row_start in range(0, len(PAGES), 3):  # one st.columns per row keeps the cards aligned
        for column, entry in zip(st.columns(3), PAGES[row_start:row_start + 3]):
            render_card(column, entry)


def render_card(column, entry) -> None:
    with column.container(border=True, height="stretch"):
        if entry.path:
            st.page_link(entry.path, label=f"**{entry.title}**", icon=entry.icon)
            st.markdown(":green-badge[:material/check: Open it]")
        else:
            st.markdown(f"{entry.icon} **{entry.title}** &nbsp; :gray-badge[Coming]")
        st.write(entry.teaches)
        st.caption(f"From {entry.seeds}")


render_page_cards()

# Below the fold: these need torch (≈1.5 s to import), so the text above shows first.
from core.checkpoints import SHIPPED, read_metadata  # noqa: E402
from core.data import dataset_available, missing_message  # noqa: E402
from core.datasets import DATASETS  # noqa: E402
from core.device import list_devices, pick_device  # noqa: E402
from core.snippets import load_checkpoint_code  # noqa: E402


def render_device() -> None:
    st.markdown("**Compute device**")
    chosen = pick_device()
    for device in list_devices():
        mark = " ← training runs here" if device.kind.split(":")[0] == chosen.type else ""
        st.markdown(f"`{device.kind}` {device.name} · {device.detail}{mark}")
    if chosen.type == "cpu":
        st.caption("No CUDA or MPS GPU found: everything runs on the CPU, which is fine for MNIST.")


def render_datasets() -> None:
    st.markdown("**Datasets**")
    for spec in DATASETS.values():
        if dataset_available(spec.name):
            st.markdown(f":green[:material/check_circle:] {spec.title} — found")
        else:
            st.markdown(f":orange[:material/cloud_off:] {spec.title} — not found")
            with st.expander(f"How to get {spec.title}"):
                st.caption(missing_message(spec))


def render_shipped_model() -> None:
    st.markdown("**Shipped model**")
    meta = read_metadata(SHIPPED)
    if meta is None:
        st.warning(f"No model in {SHIPPED.parent.name}/. Train one with `make checkpoint` (see README).")
        return
    cfg = meta.get("config", {})
    st.markdown(f"`{meta['model']}` on {meta.get('dataset', '?').upper()}: "
                f"**{meta['test_acc']:.2%}** test accuracy")
    st.caption(
        f"{meta['parameters']:,} parameters · {meta.get('epochs_done', '?')} epochs of "
        f"{cfg.get('optimizer', '?')} (lr {cfg.get('lr', '?')}, {cfg.get('schedule', '?')} schedule"
        f"{', augmented' if cfg.get('augment') else ''}) · torch {meta['torch_version']} · {meta['date'][:10]}"
    )
    with st.expander("How it was trained"):
        st.code(meta.get("command", ""), language="bash")


st.subheader("This machine")
device_col, data_col, model_col = st.columns(3)
with device_col.container(border=True, height="stretch"):
    render_device()
with data_col.container(border=True, height="stretch"):
    render_datasets()
with model_col.container(border=True, height="stretch"):
    render_shipped_model()

st.subheader("The same in plain PyTorch")
st.caption("Load the shipped model without TorchLab: the class, `torch.load` with `weights_only=True`, `load_state_dict`.")
shipped_name = (read_metadata(SHIPPED) or {}).get("model", "convnet")
st.code(load_checkpoint_code(f"checkpoints/{SHIPPED.name}", shipped_name), language="python")
