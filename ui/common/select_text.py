"""Select boxes that show their whole choice, however narrow their column, on every page.

Streamlit 1.67 draws a select box's choice in a one-line <input> (react-aria's ComboBox), so a long
option in a narrow column was cut ("auto (GPU if ther…"), and its open list cut every option to one
line too. An input cannot wrap. So a small script marks each select box whose text does not fit,
copying that text onto the box (`data-torchlab-text`), and the style sheet below draws it there,
wrapped, over the input, until the list is opened for typing. The open list's options wrap as
well; a list of more than 25 options is virtualised by Streamlit with a fixed row height (each
row in a positioned wrapper) and stays as it is. Should an upgrade change this markup, the select
boxes simply go back to cutting their text.
"""

from __future__ import annotations

import streamlit as st

from ui.common.page_script import hidden_script

BOX = '[data-testid="stSelectbox"] [role="group"][data-torchlab-text]'  # a select box whose text did not fit
# An option of an open list that is not virtualised (a virtualised row sits in a positioned wrapper).
OPTION = '[data-testid="stSelectboxVirtualDropdown"] [role="listbox"] > [role="option"]'

STYLE = f"""<style>
{BOX} {{ height: auto; min-height: 2.5rem; align-items: center; }}
{BOX}::before {{
  content: attr(data-torchlab-text) / "";  /* the input still names the choice to a screen reader */
  flex: 1 1 auto; min-width: 0; padding: 0.5rem; pointer-events: none;
  font-size: 0.875rem; line-height: 1.4; white-space: normal; overflow-wrap: anywhere;
}}
{BOX} > input {{ position: absolute; left: 0; top: 0; bottom: 0; right: 2rem; color: transparent; }}
{BOX}:has(> button ~ button) > input {{ right: 4rem; }}  /* a clearable box has a second button */
{BOX}:has(> input[aria-expanded="true"])::before {{ visibility: hidden; }}
{BOX} > input[aria-expanded="true"] {{ color: inherit; }}
{BOX}:has(> input:disabled)::before {{ opacity: 0.4; }}
{OPTION} {{ height: auto; min-height: 2.5rem; }}
{OPTION} > div {{ height: auto; min-height: 1.75rem; padding-top: 0.25rem; padding-bottom: 0.25rem;
                 white-space: normal; overflow-wrap: anywhere; line-height: 1.4; }}
</style>"""

SCRIPT = """<script>
(() => {
  if (window.__torchlabSelectText) { window.__torchlabSelectText(); return; }
  const ATTR = 'data-torchlab-text';
  const watched = new WeakSet();
  let queued = false;  // at most one look per frame, however many changes the page makes
  const look = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; fit(); });
  };
  const resized = new ResizeObserver(look);  // a column that narrows (a window, the sidebar) can cut a text
  const fit = () => {
    for (const input of document.querySelectorAll('[data-testid="stSelectbox"] input[role="combobox"]')) {
      if (!watched.has(input)) { watched.add(input); resized.observe(input); }
      const box = input.parentElement;  // the bordered group: the input and its buttons
      const cut = input.value !== '' && input.scrollWidth > input.clientWidth + 1;
      if (cut && box.getAttribute(ATTR) !== input.value) box.setAttribute(ATTR, input.value);
      if (!cut && box.hasAttribute(ATTR)) box.removeAttribute(ATTR);
    }
  };
  // React writes a new choice into the input's value attribute too: that, or new select boxes, mean a look.
  new MutationObserver(look).observe(document.body, {childList: true, subtree: true, attributes: true,
                                                     attributeFilter: ['value']});
  window.__torchlabSelectText = look;
  fit();
})();
</script>"""


def show_whole_select_text(key: str = "select-text") -> None:
    """Call once per run, before the page: the style sheet, and the script in a container the page never shows."""
    st.html(STYLE)  # styles only: out of the page's flow
    hidden_script(key, SCRIPT)
