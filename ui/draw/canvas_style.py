"""Keep streamlit-drawable-canvas's toolbar off the drawing surface.

The component (0.13) floats its toolbar over the canvas's top right corner: invisible until
hovered, yet still catching the pointer, so a stroke (or a finger) starting in the top 30 px of
the right half was lost, and on hover it slid over the pen-width slider above. The toolbar lives
in the component's shadow root, which no page CSS reaches, so a small script adds one rule there:
room above the canvas, and the toolbar always in that room. The script sits in a hidden
container, so it takes no space on the page.

The toolbar's buttons are named only by their English tooltips (`title`, and `aria-label` for screen
readers). Given `titles`, the same script writes the page's words over them; each button keeps
its English in `data-torchlab-title`, so a later language (English too) starts again from it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import streamlit as st

from ui.common.page_script import hidden_script

ROOM = "3rem"  # the toolbar with its padding is 2.9rem tall: it ends above the canvas

# streamlit-drawable-canvas 0.13's toolbar tooltips (its index-*.js), each with the name of its words
# in the catalog's draw.toolbar table.
TOOLBAR_TITLES = {
    "Update the app with this drawing": "send",
    "Undo": "undo",
    "Redo": "redo",
    "Edit": "edit",
    "Bring forward": "forward",
    "Send backward": "backward",
    "Delete selected": "delete",
    "Reset canvas & history": "reset",
}

RULES = (f".dc-root{{margin-top:{ROOM}}}"
         f".dc-toolbar,.dc-root:hover>.dc-toolbar,.dc-toolbar[data-pinned=true]{{top:-{ROOM} !important}}")

SCRIPT = """<script>
(() => {
  window.__torchlabCanvasTitles = %s;  // English tooltip -> the page's words; every run brings the current ones
  if (window.__torchlabCanvasToolbar) { window.__torchlabCanvasToolbar(); return; }  // installed by an earlier run
  const rules = %s;
  const name = (button) => {
    const english = button.dataset.torchlabTitle || button.title;
    button.dataset.torchlabTitle = english;
    const shown = window.__torchlabCanvasTitles[english] || english;
    if (button.title !== shown) button.title = shown;
    if (button.getAttribute('aria-label') !== shown) button.setAttribute('aria-label', shown);
  };
  let queued = false;  // at most one look per frame, however many changes the page makes
  const look = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; fix(document); });
  };
  // A component fills its shadow root after it is attached, and a body observer never sees
  // inside shadow roots: every shadow root found is watched too.
  const observer = new MutationObserver(look);
  const fix = (root) => {
    for (const el of root.querySelectorAll('*')) {
      const shadow = el.shadowRoot;
      if (!shadow) continue;
      if (!shadow.__torchlabWatched) {
        shadow.__torchlabWatched = true;
        observer.observe(shadow, {childList: true, subtree: true});
      }
      if (shadow.querySelector('.dc-root') && !shadow.getElementById('torchlab-canvas-toolbar')) {
        const style = document.createElement('style');
        style.id = 'torchlab-canvas-toolbar';
        style.textContent = rules;
        shadow.appendChild(style);
      }
      shadow.querySelectorAll('.dc-toolbar button[title]').forEach(name);
      fix(shadow);
    }
  };
  observer.observe(document.body, {childList: true, subtree: true});
  // A shadow root attached to a host already in the page changes nothing an observer sees, so for a few
  // seconds after each run the page is also looked at on a timer (a busy machine mounts the canvas late).
  let polls = 0;
  const settle = () => {
    const running = polls > 0;
    polls = 40;  // 40 × 250 ms
    if (running) return;
    const again = () => { fix(document); if (--polls > 0) setTimeout(again, 250); };
    again();
  };
  window.__torchlabCanvasToolbar = settle;  // later runs: new titles, a canvas mounted anew (settle looks at once)
  settle();
})();
</script>"""


def keep_toolbar_off_the_canvas(key: str, titles: Mapping[str, str] | None = None) -> None:
    """Call once where a canvas is drawn; `key` names the hidden container (unique on the page).

    `titles` maps the toolbar's English tooltips (TOOLBAR_TITLES) to the page's words; None keeps English."""
    hidden_script(key, toolbar_script(titles or {}))


def toolbar_script(titles: Mapping[str, str]) -> str:
    return SCRIPT % (_js(dict(titles)), _js(RULES))


def _js(value) -> str:
    """A JavaScript literal of plain data that cannot end the <script> it sits in."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
