"""AppTest runs as chromium sees them: a widget drawn again after a run (or a page) without it shows what the
server sends with it, else its own default.

Streamlit sends a widget's value to the browser only when it has changed in that run (proto.set_value); a
browser forgets a widget it stops drawing, so one drawn again without that value shows its own default (a
slider's minimum, a segmented control with nothing selected) and sends it back with the next run. AppTest reads
every value from session state, which hides the difference: `run` puts the browser's view back.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import ButtonGroup, Multiselect, Radio, Selectbox, SelectSlider, Slider

KINDS = ("slider", "select_slider", "number_input", "radio", "selectbox", "toggle", "checkbox", "button_group",
         "multiselect", "text_input", "text_area")


def controls(at: AppTest, prefix: str = "") -> list:
    """The keyed widgets on screen (main area and sidebar) whose key starts with `prefix`."""
    return [w for kind in KINDS for w in getattr(at, kind) if w.key is not None and w.key.startswith(prefix)]


def default_shown(at: AppTest, widget):
    """What a browser shows in a widget it mounts afresh when the server sends no value: the widget's own
    default, for a slider without value= its minimum."""
    proto = widget.proto
    if isinstance(widget, Slider):
        raw = list(proto.default)
    elif isinstance(widget, SelectSlider):
        raw = [proto.options[int(i)] for i in proto.default]  # indices of the formatted options
    elif isinstance(widget, ButtonGroup):
        raw = [proto.options[i].content for i in proto.default]
    elif isinstance(widget, Multiselect):
        raw = [proto.options[i] for i in proto.default]
    elif isinstance(widget, (Radio, Selectbox)):
        raw = proto.options[proto.default] if _has_default(proto) else None
    else:  # number_input, toggle, checkbox, text_input, text_area
        raw = proto.default if _has_default(proto) else None
    metadata = at._session_state._state.get_widget_metadata(widget.id)  # no public door to the deserializer
    return metadata.deserializer(raw)


def _has_default(proto) -> bool:
    try:
        return proto.HasField("default")
    except ValueError:  # a field without presence (a checkbox's bool): always set
        return True


def run(at: AppTest, prefix: str = "") -> AppTest:
    """at.run() as chromium sees it, for the keyed widgets whose key starts with `prefix`: each one the last
    run did not draw, and this one draws without a value from the server, shows its own default and sends it
    with the next run."""
    mounted = {w.id for w in controls(at, prefix)}
    at.run()
    for widget in controls(at, prefix):
        if widget.id not in mounted and not widget.proto.set_value:
            widget.set_value(default_shown(at, widget))  # what the page shows now, and the next run gets
    assert not at.exception, [e.value for e in at.exception]
    return at


def switch(at: AppTest, page: str, prefix: str = "") -> AppTest:
    """A click on another page's link in the sidebar, as chromium sees it."""
    at.switch_page(page)
    return run(at, prefix)
