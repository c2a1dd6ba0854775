"""A layer's output on the page without plotly: its maps as one picture (core/plots/map_pictures.py), or a
vector as bars, in a small inline component that says a cell's channel, row, column and value (a bar's
number and value) on hover, writes the numbers in the cells of a small map, and sends a click on a channel
back to Python. The page shows its maps before plotly's code would even have loaded.

It is a Streamlit components-v2 element: inline HTML, CSS and JavaScript, no build step, no iframe; the
bars are drawn on a canvas (500 bars as HTML cost the browser 0.1 s of sanitising alone).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import numpy as np
import streamlit as st

from core.plots.feature_plots import GAP, HoverWords
from core.plots.map_pictures import MapPicture, VectorPicture, colour_stops

MAX_HEIGHT = 640  # px: a tall grid is drawn narrower rather than taller than a screen
NUMBERS_UP_TO = 12  # a single map this small (a 5×5 kernel, a 12×12 output) gets its numbers in the cells
LABELS_UP_TO = 32  # bars with names under them: a model's classes, not 500 hidden units
BAR_COLOURS = {"positive": "#ee4c2c", "negative": "#5b7fa6", "winner": "#b3261e"}  # PyTorch orange, blue-grey

CSS = """
:host{display:block}
.tl-out{max-width:100%;font-size:12px;position:relative}
.tl-frame{position:relative;line-height:0}
.tl-frame img,.tl-frame canvas{display:block;width:100%;user-select:none}
.tl-frame img{height:auto;image-rendering:pixelated;cursor:crosshair}
.tl-pick .tl-frame img{cursor:pointer}
.tl-tip{position:absolute;display:none;pointer-events:none;z-index:5;white-space:pre;line-height:1.4;
  padding:4px 8px;border-radius:4px;background:rgba(30,32,40,.92);color:#fff;box-shadow:0 1px 4px rgba(0,0,0,.25)}
.tl-numbers{position:absolute;inset:0;display:grid;pointer-events:none;line-height:1;color:#262730}
.tl-numbers span{display:flex;align-items:center;justify-content:center}
.tl-numbers .tl-light{color:#fff}
.tl-scale{display:flex;align-items:center;gap:6px;margin-top:6px;font-size:11px;line-height:1;opacity:.75}
.tl-scale i{display:block;width:110px;height:8px;border-radius:2px}
.tl-names{display:flex;margin-top:4px;font-size:12px;line-height:1.2}
.tl-names span{flex:1;min-width:0;text-align:center;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.tl-names .tl-win{font-weight:700}
"""

JS = """
const make = (tag, cls) => { const e = document.createElement(tag); if (cls) e.className = cls; return e; };
const floats = s => new Float32Array(Uint8Array.from(atob(s), c => c.charCodeAt(0)).buffer);

function withTip(frame, target, describe) {  // describe(event) -> lines, or null: no tip there
  const tip = make('div', 'tl-tip');
  target.addEventListener('mousemove', e => {
    const lines = describe(e);
    if (!lines) { tip.style.display = 'none'; return; }
    tip.textContent = lines.join('\\n');
    tip.style.display = 'block';
    const f = frame.getBoundingClientRect(), x = e.clientX - f.left;
    tip.style.left = (x + 14 + tip.offsetWidth <= f.width ? x + 14 : x - 14 - tip.offsetWidth) + 'px';
    tip.style.top = (e.clientY - f.top + 14) + 'px';
  });
  target.addEventListener('mouseleave', () => { tip.style.display = 'none'; });
  frame.appendChild(tip);
}

function drawMap(root, frame, d, w, setTriggerValue) {
  const img = make('img'), values = floats(d.values), W = d.width, H = d.height;
  const stepX = d.tile_width + d.gap, stepY = d.tile_height + d.gap;
  img.src = d.src; img.alt = d.alt; img.draggable = false;
  const cell = e => {  // the number under the pointer, or null over a gap
    const r = img.getBoundingClientRect();
    const x = Math.floor((e.clientX - r.left) / r.width * W), y = Math.floor((e.clientY - r.top) / r.height * H);
    if (x < 0 || y < 0 || x >= W || y >= H || Number.isNaN(values[y * W + x])) return null;
    return { v: values[y * W + x], row: y % stepY, col: x % stepX,
             channel: d.first + Math.floor(y / stepY) * d.cols + Math.floor(x / stepX) };
  };
  frame.appendChild(img);
  withTip(frame, img, e => {
    const c = cell(e);
    if (!c) return null;
    const lines = d.channels > 1 || d.first ? [`${w.channel} ${c.channel}`] : [];
    lines.push(`${w.row} ${c.row}, ${w.column} ${c.col}`, `${w.value} ${c.v.toFixed(3)}`);
    return d.pick ? [...lines, w.click] : lines;
  });
  if (d.pick) img.addEventListener('click', e => { const c = cell(e); if (c) setTriggerValue('channel', c.channel); });
  if (d.numbers) {
    const grid = make('div', 'tl-numbers');
    grid.style.gridTemplateColumns = `repeat(${W}, 1fr)`;
    grid.style.gridTemplateRows = `repeat(${H}, 1fr)`;
    grid.style.fontSize = Math.min(12, d.display_width / W / 3.2) + 'px';
    values.forEach(v => {
      const span = make('span', Math.abs(v) > 0.55 * d.limit ? 'tl-light' : '');
      if (!Number.isNaN(v)) span.textContent = v.toFixed(2);
      grid.appendChild(span);
    });
    frame.appendChild(grid);
  }
  const scale = make('div', 'tl-scale'), low = make('span'), bar = make('i'), high = make('span');
  low.textContent = (-d.limit).toPrecision(3); high.textContent = d.limit.toPrecision(3);
  bar.style.background = d.gradient;
  scale.append(low, bar, high);
  root.appendChild(scale);
}

function drawBars(root, frame, d, w) {
  const values = floats(d.values), n = values.length, width = d.display_width, height = d.bar_height;
  const canvas = make('canvas'), ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio); canvas.height = Math.round(height * ratio);
  canvas.style.height = height + 'px';
  canvas.setAttribute('role', 'img'); canvas.setAttribute('aria-label', d.alt);
  const g = canvas.getContext('2d');
  g.scale(ratio, ratio);
  const top = Math.max(0, ...values), bottom = Math.min(0, ...values), span = (top - bottom) || 1;
  const zero = top / span * height, step = width / n, pad = n <= 32 ? step * 0.12 : 0;
  values.forEach((v, i) => {
    g.fillStyle = i === d.highlight ? d.colours.winner : v >= 0 ? d.colours.positive : d.colours.negative;
    g.fillRect(i * step + pad, v >= 0 ? zero - v / span * height : zero, Math.max(step - 2 * pad, 0.6),
               Math.max(Math.abs(v) / span * height, 0.5));
  });
  g.fillStyle = 'rgba(128,128,128,.6)';
  g.fillRect(0, zero - 0.5, width, 1);
  frame.appendChild(canvas);
  const name = i => d.labels ? d.labels[i] : String(i);
  withTip(frame, canvas, e => {
    const r = canvas.getBoundingClientRect(), i = Math.floor((e.clientX - r.left) / r.width * n);
    return i >= 0 && i < n ? [`${name(i)} · ${w.value} ${values[i].toFixed(3)}`] : null;
  });
  if (d.labels && n <= d.labels_up_to) {
    const names = make('div', 'tl-names');
    d.labels.forEach((label, i) => { const s = make('span', i === d.highlight ? 'tl-win' : ''); s.textContent = label;
                                     names.appendChild(s); });
    root.appendChild(names);
  }
}

export default function ({ parentElement, data, setTriggerValue }) {
  const d = JSON.parse(data.view);  // sent as one JSON text: see _send
  let root = parentElement.querySelector('.tl-out');
  if (!root) { root = make('div'); parentElement.appendChild(root); }
  root.className = 'tl-out' + (d.pick ? ' tl-pick' : '');
  root.style.width = d.display_width + 'px';
  const frame = make('div', 'tl-frame');
  root.replaceChildren(frame);
  if (d.kind === 'bars') drawBars(root, frame, d, d.words); else drawMap(root, frame, d, d.words, setTriggerValue);
}
"""

OUTPUT_VIEW = st.components.v2.component("torchlab.inside_output", css=CSS, js=JS)
GRADIENT = "linear-gradient(to right, {})".format(
    ", ".join(f"rgb{colour} {position:.0%}" for position, colour in colour_stops()))


def show_map(picture: MapPicture, words: HoverWords, key: str, width: int, alt: str,
             on_pick: Callable[[int], None] | None = None) -> None:
    """Draw `picture` about `width` px wide (narrower when tall); on_pick(channel) after a click on a channel."""
    data = picture.data() | {
        "kind": "map", "display_width": min(width, round(MAX_HEIGHT * picture.width / picture.height)), "gap": GAP,
        "gradient": GRADIENT, "alt": alt, "pick": on_pick is not None, "words": _words(words),
        "numbers": picture.channels == 1 and max(picture.width, picture.height) <= NUMBERS_UP_TO,
    }
    if on_pick is None:
        _send(data, key)
    else:
        _send(data, key, on_channel_change=lambda: _picked(key, on_pick))


def show_bars(vector: VectorPicture, words: HoverWords, key: str, width: int, alt: str, height: int = 140) -> None:
    """A vector as bars from a zero line, `width` × `height` px, class names under a model's scores."""
    values = base64.b64encode(np.asarray(vector.values, dtype="<f4").tobytes()).decode("ascii")
    _send({"kind": "bars", "values": values, "labels": vector.labels, "highlight": vector.highlight,
           "display_width": width, "bar_height": height, "colours": BAR_COLOURS, "alt": alt,
           "labels_up_to": LABELS_UP_TO, "words": _words(words)}, key)


def _send(data: dict, key: str, **callbacks) -> None:
    """Mount the element with `data` as one JSON text. Streamlit looks for dataframes among the values of the
    dict it is given, and looking at a list or a dict imports pandas (0.8 s of See inside's first visit on a fresh
    server); a string it passes by."""
    OUTPUT_VIEW(data={"view": json.dumps(data)}, key=key, **callbacks)


def _words(words: HoverWords) -> dict[str, str]:
    return {"channel": words.channel, "value": words.value, "row": words.row, "column": words.column,
            "click": words.click}


def _picked(key: str, on_pick: Callable[[int], None]) -> None:
    """The click's trigger value, in the component's session state for this run only."""
    state = st.session_state.get(key)
    channel = state.get("channel") if isinstance(state, dict) else getattr(state, "channel", None)
    if channel is not None:
        on_pick(int(channel))
