"""Home: what TorchLab teaches, what this machine can run, and the model that ships with it."""

import streamlit as st

from ui.common.shell import ensure_app_navigation

ensure_app_navigation()  # first line of every page: see ui/common/shell.py

from ui.common.catalog import SECTIONS, pages_in
from ui.common.i18n import current_language, t

st.title(t("home.title"))
st.markdown(t("home.intro"))


def render_page_cards() -> None:
    st.subheader(t("home.pages_heading"))
    for section in SECTIONS:
        st.markdown(f"##### {t(f'sections.{section}')}")
        st.caption(t(f"sections.{section}_about"))
        entries = pages_in(section)
        for row_start in range(0, len(entries), 3):  # one st.columns per row keeps the cards aligned
            for column, entry in zip(st.columns(3), entries[row_start:row_start + 3]):
                render_card(column, entry)


# A ready page's card is one link: its title is an st.page_link (Streamlit's own navigation, so the session,
# the language and the ?user= token go along, and Tab + Enter opens it), stretched by CSS over the whole card.
CARD = "home-card-"  # key prefix of a ready page's card; Streamlit gives it the class st-key-home-card-<page>
CARD_STYLE = f"""<style>
[class*="st-key-{CARD}"] {{ position: relative; transition: border-color .15s, box-shadow .15s; }}
[class*="st-key-{CARD}"] [data-testid="stElementContainer"]:has([data-testid="stPageLink"]) {{ position: static; }}
[class*="st-key-{CARD}"] [data-testid="stPageLink"] a::after {{
  content: ""; position: absolute; inset: 0; z-index: 1; }}  /* above the card's other elements, themselves positioned */
[class*="st-key-{CARD}"]:hover {{ border-color: #ee4c2c; box-shadow: 0 1px 6px rgba(0, 0, 0, .08); }}
[class*="st-key-{CARD}"]:has(a:focus-visible) {{ outline: 2px solid #ee4c2c; outline-offset: 2px; }}
</style>"""


def render_card(column, entry) -> None:
    title = t(f"pages.{entry.key}.title")
    if not entry.path:
        with column.container(border=True, height="stretch"):
            st.markdown(f"{entry.icon} **{title}** &nbsp; :gray-badge[{t('home.coming')}]")
            st.write(t(f"pages.{entry.key}.teaches"))
            st.caption(t("home.from_seeds", seeds=entry.seeds))
        return
    with column.container(border=True, height="stretch", key=CARD + entry.key):
        st.page_link(entry.path, label=f"**{title}**", icon=entry.icon)
        st.markdown(f":green-badge[:material/arrow_forward: {t('home.open')}]")
        st.write(t(f"pages.{entry.key}.teaches"))
        st.caption(t("home.from_seeds", seeds=entry.seeds))


st.html(CARD_STYLE)  # a style-only st.html takes no room on the page
render_page_cards()

# Below the fold: these need torch (≈1.5 s to import), so the text above shows first.
from core.code.snippets import load_checkpoint_code  # noqa: E402
from core.common.device import list_devices, pick_device  # noqa: E402
from core.data.datasets import DATASETS  # noqa: E402
from core.data.loading import dataset_available, missing_message  # noqa: E402
from core.data.picture_checks import SetLimits  # noqa: E402
from core.models.checkpoints import SHIPPED, read_metadata  # noqa: E402
from core.training.config import SCHEDULES  # noqa: E402
from ui.common.code_expander import code_panel  # noqa: E402
from ui.common.markdown_table import inline_code  # noqa: E402
from ui.train.run_labels import optimizer_name  # noqa: E402  (Adam, SGD + momentum: as people write them)
from ui.train.train_queue import shared_scheduler  # noqa: E402


def render_device() -> None:
    st.markdown(f"**{t('home.device_heading')}**")
    chosen = pick_device()
    for device in list_devices():
        here = t("home.device_here") if device.kind.split(":")[0] == chosen.type else ""
        st.markdown(f"`{device.kind}` {device.name} · {device.detail} {here}")
    if chosen.type == "cpu":
        st.caption(t("home.device_cpu_only"))
    render_hosting()


def render_hosting() -> None:
    """The limits a host set for sharing this server (core.common.host_limits), and how busy it is now."""
    queue = shared_scheduler().status()
    limits = queue.limits
    st.markdown(f"**{t('home.hosting_heading')}**")
    st.markdown(t("home.hosting_limits", jobs=limits.max_jobs, threads=limits.train_threads, busy=limits.busy_threads,
                  epochs=limits.max_epochs, queue=limits.max_queue))
    sets = SetLimits.of_host()  # read as the sets read it, on every change (core.data.picture_sets)
    st.markdown(t("home.hosting_sets", per_class=sets.per_class, mb=sets.total_mb))
    st.caption(t("home.hosting_now", running=queue.running, queued=queue.queued) + " " + t("home.hosting_how"))
    for problem in limits.problems:
        st.warning(problem.render(current_language()), icon=":material/settings_alert:")


def render_datasets() -> None:
    st.markdown(f"**{t('home.datasets_heading')}**")
    for spec in DATASETS.values():
        if dataset_available(spec.name):
            st.markdown(f":green[:material/check_circle:] {t('home.dataset_found', title=spec.title)}")
        else:
            st.markdown(f":orange[:material/cloud_off:] {t('home.dataset_missing', title=spec.title)}")
            with st.expander(t("home.how_to_get", title=spec.title)):
                st.caption(missing_message(spec).render(current_language()))


def render_shipped_model() -> None:
    st.markdown(f"**{t('home.model_heading')}**")
    meta = read_metadata(SHIPPED)
    if meta is None:
        st.warning(t("home.model_none", folder=SHIPPED.parent.name))
        return
    cfg = meta.get("config", {})
    schedule = cfg.get("schedule", "?")
    st.markdown(t("home.model_accuracy", model=meta["model"], dataset=meta.get("dataset", "?").upper(),
                  accuracy=f"{meta['test_acc']:.2%}"))
    st.caption(t(
        "home.model_details", parameters=f"{meta['parameters']:,}", epochs=meta.get("epochs_done", "?"),
        optimizer=optimizer_name(cfg.get("optimizer", "?")), lr=cfg.get("lr", "?"),
        schedule=t(f"train_page.sched_{schedule}") if schedule in SCHEDULES else schedule,
        augmented=t("home.augmented") if cfg.get("augment") else "", torch=meta["torch_version"],
        date=meta["date"][:10],
    ))
    with st.expander(t("home.how_trained")):  # inline code: no highlighter for a fresh tab to load
        st.markdown(inline_code(meta.get("command", "")))


st.subheader(t("home.machine_heading"))
device_col, data_col, model_col = st.columns(3)
with device_col.container(border=True, height="stretch"):
    render_device()
with data_col.container(border=True, height="stretch"):
    render_datasets()
with model_col.container(border=True, height="stretch"):
    render_shipped_model()

shipped_name = (read_metadata(SHIPPED) or {}).get("model", "convnet")
code_panel(t("home.code_heading"), "home.code",  # built once opened: st.code's highlighter is 1.5 MB of JavaScript
           lambda: load_checkpoint_code(f"checkpoints/{SHIPPED.name}", shipped_name, current_language()),
           t("home.code_caption"))
