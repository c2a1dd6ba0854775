// The Train page's live charts, drawn in the browser from the job's feed (core/live_feed.py).
// Streamlit sends the labels and the feed's name once (a "render" message); from then on this
// page fetches the feed every `poll_ms` and redraws, and tells Streamlit when the run has ended.
"use strict";

const ORANGE = "#ee4c2c", LIGHT_ORANGE = "rgba(238, 76, 44, 0.25)";
const AXIS = "#8a8a8a", GRID = "rgba(138, 138, 138, 0.25)";
const PAD = { left: 62, right: 10, top: 30, bottom: 38 };

let args = null;        // from Streamlit: feed, poll_ms, lang, labels
let timer = null;
let drawnKey = "";      // what is on screen, so an unchanged feed costs no redraw
let ended = false;
let lastFeed = null;
let frameHeight = -1;   // told to Streamlit only when it changes
let mistakesName = null, mistakesShown = [];  // the mistakes file last fetched, and its contents

function send(type, extra) {
  window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, extra), "*");
}

window.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "streamlit:render") return;
  const fresh = event.data.args;
  const changed = !args || JSON.stringify(fresh) !== JSON.stringify(args);
  args = fresh;
  if (event.data.theme && event.data.theme.textColor) document.body.style.color = event.data.theme.textColor;
  if (changed) { drawnKey = ""; if (lastFeed) draw(lastFeed); }
  if (!lastFeed) document.getElementById("caption").textContent = args.labels.starting;
  if (timer === null && !ended) poll();
});

document.addEventListener("visibilitychange", () => {
  if (!document.hidden && timer === null && args && !ended) poll();  // a hidden tab fetches nothing
});

async function poll() {
  timer = null;
  if (document.hidden || ended) return;
  try {
    const response = await fetch("feeds/" + encodeURIComponent(args.feed) + "?t=" + Date.now(), { cache: "no-store" });
    if (response.ok) {
      const feed = await response.json();
      if (feed.mistakes && feed.mistakes !== mistakesName) {  // a new epoch's mistakes: fetched once
        const pictures = await fetch("feeds/" + encodeURIComponent(feed.mistakes), { cache: "no-store" });
        if (pictures.ok) { mistakesShown = await pictures.json(); mistakesName = feed.mistakes; }
      }
      draw(feed);
    }
  } catch (error) {
    // not written yet, or the server is restarting: the next poll tries again
  }
  if (!ended) timer = setTimeout(poll, args.poll_ms);
}

function draw(feed) {
  lastFeed = feed;
  const key = [feed.status, feed.step, feed.epochs.length, feed.threads, mistakesName, args.lang].join("|");
  if (key !== drawnKey) {
    drawnKey = key;
    const L = args.labels;
    document.getElementById("bar").style.width = (Math.min(feed.progress, 1) * 100).toFixed(1) + "%";
    document.getElementById("caption").textContent = feed.status === "starting" ? L.starting : progressText(feed);
    charts(feed).forEach((svg, i) => update(slot(i), svg));  // an unchanged chart is not drawn again
    update(document.getElementById("mistakes"), mistakes());
    const height = document.body.scrollHeight;
    if (height !== frameHeight) { frameHeight = height; send("streamlit:setFrameHeight", { height: height }); }
  }
  if (feed.done && !ended) {
    ended = true;
    send("streamlit:setComponentValue", { value: feed.status, dataType: "json" });  // the page reruns
  }
}

function slot(i) {
  const grid = document.getElementById("charts");
  while (grid.children.length <= i) grid.appendChild(document.createElement("div"));
  return grid.children[i];
}

const shown = new WeakMap();  // element -> the markup it shows

function update(element, html) {
  if (shown.get(element) !== html) { element.innerHTML = html; shown.set(element, html); }
}

function progressText(feed) {
  const L = args.labels;
  const epoch = Math.min(feed.epochs_planned, Math.floor(feed.progress * feed.epochs_planned) + 1);
  const device = [feed.device, feed.precision].concat(feed.threads ? [fill(L.threads, { n: feed.threads })] : []);
  return fill(L.progress, {
    epoch: epoch, epochs: feed.epochs_planned, step: feed.step, steps: feed.total_steps,
    rate: Math.round(feed.samples_per_s).toLocaleString("en-US"), eta: Math.round(feed.eta_s),
    device: device.join(" · "),
  });
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

function charts(feed) {
  const L = args.labels, total = Math.max(feed.total_steps, 1);
  const planned = feed.planned_lr;
  const out = [
    lineChart([
      { xs: feed.steps, ys: feed.losses, color: LIGHT_ORANGE, width: 1, name: L.raw },
      { xs: feed.steps, ys: feed.smoothed, color: ORANGE, width: 3, name: L.smoothed },
    ], L.loss_title, L.step, L.loss, { xRange: [0, total] }),
    lineChart([{ xs: feed.epochs, ys: feed.accuracies, color: ORANGE, width: 2, markers: true }],
      L.acc_title, L.epoch, L.accuracy, { xRange: [0.5, feed.epochs_planned + 0.5], percent: true }),
    lineChart([
      { xs: planned.map((p) => p[0]), ys: planned.map((p) => p[1]), color: LIGHT_ORANGE, width: 2 },
      { xs: feed.steps, ys: feed.lrs, color: ORANGE, width: 2 },
    ], L.lr_title, L.step, L.lr, {
      xRange: [0, total], yRange: [0, Math.max(1e-12, ...planned.map((p) => p[1])) * 1.15], height: 220,
    }),
  ];
  if (feed.confusion.length) out.push(heatmap(feed.confusion, feed.classes, L.confusion_title, L.predicted));
  return out;
}

function mistakes() {
  if (!mistakesShown.length) return "";
  const cells = mistakesShown.map((m) =>
    `<figure><img src="${m.src}" alt=""><figcaption>${escapeHtml(m.caption[args.lang] || m.caption.en)}</figcaption></figure>`);
  return `<h4>${escapeHtml(args.labels.mistakes_title)}</h4><div class="mistakes">${cells.join("")}</div>`;
}

// Round tick values (1, 2 or 5 × 10^k apart) from the one at or below `low` up to `high`.
function niceTicks(low, high, count = 5) {
  if (!isFinite(low) || !isFinite(high)) return [];
  if (high <= low) high = low + (Math.abs(low) || 1);
  const raw = (high - low) / Math.max(count - 1, 1);
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw);
  const ticks = [];
  for (let value = Math.floor(low / step + 1e-9) * step; value <= high + step * 1e-9; value += step) {
    ticks.push(Number(value.toPrecision(12)));
  }
  return ticks;
}

function lineChart(series, title, xTitle, yTitle, opts) {
  const width = 400, height = opts.height || 260;
  const finite = (s) => s.xs.map((x, i) => [x, s.ys[i]]).filter((p) => p[1] !== null && isFinite(p[1]));
  const points = series.flatMap(finite);
  const xs = points.length ? points.map((p) => p[0]) : [0, 1];
  const ys = points.length ? points.map((p) => p[1]) : [0, 1];
  let [xLow, xHigh] = opts.xRange || [Math.min(...xs), Math.max(...xs)];
  let [yLow, yHigh] = opts.yRange || [Math.min(...ys), Math.max(...ys)];
  if (opts.percent && !opts.yRange) { yLow = Math.max(0, yLow - 0.005); yHigh = Math.min(1, yHigh + 0.005); }
  const yTicks = niceTicks(yLow, yHigh);
  if (!opts.yRange && !opts.percent && yTicks.length) {  // whole ticks: the curve never touches the frame
    yLow = Math.min(yLow, yTicks[0]); yHigh = Math.max(yHigh, yTicks[yTicks.length - 1]);
  }
  if (xHigh <= xLow) xHigh = xLow + 1;
  if (yHigh <= yLow) yHigh = yLow + 1;
  const plotW = width - PAD.left - PAD.right, plotH = height - PAD.top - PAD.bottom;
  const px = (x) => PAD.left + (x - xLow) / (xHigh - xLow) * plotW;
  const py = (y) => PAD.top + plotH - (Math.min(Math.max(y, yLow), yHigh) - yLow) / (yHigh - yLow) * plotH;
  const parts = [svgOpen(width, height, title)];
  const digits = yTicks.length > 1 && yTicks[1] - yTicks[0] < 0.01 ? 1 : 0;
  for (const tick of yTicks) {
    if (tick < yLow - 1e-12 || tick > yHigh + 1e-12) continue;
    const label = opts.percent ? (tick * 100).toFixed(digits) + "%" : number(tick);
    parts.push(`<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${py(tick).toFixed(1)}" y2="${py(tick).toFixed(1)}" stroke="${GRID}"/>` +
      `<text x="${PAD.left - 6}" y="${(py(tick) + 4).toFixed(1)}" text-anchor="end">${label}</text>`);
  }
  for (const tick of niceTicks(xLow, xHigh, 6)) {
    if (tick >= xLow && tick <= xHigh) {
      parts.push(`<text x="${px(tick).toFixed(1)}" y="${PAD.top + plotH + 16}" text-anchor="middle">${number(tick)}</text>`);
    }
  }
  parts.push(`<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="none" stroke="${AXIS}"/>`);
  parts.push(`<text x="${(PAD.left + plotW / 2).toFixed(1)}" y="${height - 4}" text-anchor="middle">${escapeHtml(xTitle)}</text>`);
  parts.push(`<text transform="translate(12 ${(PAD.top + plotH / 2).toFixed(1)}) rotate(-90)" text-anchor="middle">${escapeHtml(yTitle)}</text>`);
  for (const s of series) {
    const pairs = finite(s);
    const coords = pairs.map((p) => `${px(p[0]).toFixed(1)},${py(p[1]).toFixed(1)}`).join(" ");
    if (coords) {
      parts.push(`<polyline points="${coords}" fill="none" stroke="${s.color}" stroke-width="${s.width}" stroke-linejoin="round"/>`);
    }
    if (s.markers) {
      for (const p of pairs) parts.push(`<circle cx="${px(p[0]).toFixed(1)}" cy="${py(p[1]).toFixed(1)}" r="4" fill="${s.color}"/>`);
    }
  }
  let y = PAD.top + 14;
  for (const s of series.filter((s) => s.name)) {
    const x = width - PAD.right - 8;
    parts.push(`<text x="${x - 26}" y="${y}" text-anchor="end">${escapeHtml(s.name)}</text>` +
      `<line x1="${x - 20}" x2="${x}" y1="${y - 4}" y2="${y - 4}" stroke="${s.color}" stroke-width="${Math.max(s.width, 2)}"/>`);
    y += 16;
  }
  return parts.join("") + "</svg>";
}

// Counts as shaded cells with the number on each: rows = true class, columns = predicted.
function heatmap(matrix, labels, title, xTitle, size = 400) {
  const n = matrix.length, top = PAD.top + 6, left = 40;
  const cell = (size - left - 8) / n, height = top + cell * n + 34;
  const biggest = Math.max(1, ...matrix.flat());
  const parts = [svgOpen(size, height, title)];
  matrix.forEach((row, i) => {
    parts.push(`<text x="${left - 6}" y="${(top + (i + 0.5) * cell + 4).toFixed(1)}" text-anchor="end">${escapeHtml(labels[i])}</text>`);
    row.forEach((count, j) => {
      const share = Math.sqrt(count / biggest);  // square root: the few mistakes still show next to the diagonal
      const x = left + j * cell, y = top + i * cell;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${cell.toFixed(1)}" height="${cell.toFixed(1)}" ` +
        `fill="rgba(238, 76, 44, ${(0.06 + 0.94 * share).toFixed(3)})"/>` +
        `<text x="${(x + cell / 2).toFixed(1)}" y="${(y + cell / 2 + 4).toFixed(1)}" text-anchor="middle" ` +
        `fill="${share > 0.6 ? "#ffffff" : "#333333"}" font-size="${Math.round(Math.min(12, cell / 3))}">${count}</text>`);
    });
  });
  labels.forEach((label, j) => parts.push(
    `<text x="${(left + (j + 0.5) * cell).toFixed(1)}" y="${(top + n * cell + 14).toFixed(1)}" text-anchor="middle">${escapeHtml(label)}</text>`));
  parts.push(`<text x="${(left + n * cell / 2).toFixed(1)}" y="${(height - 4).toFixed(1)}" text-anchor="middle">${escapeHtml(xTitle)}</text>`);
  return parts.join("") + "</svg>";
}

function svgOpen(width, height, title) {
  return `<svg viewBox="0 0 ${width} ${Math.round(height)}" role="img" aria-label="${escapeHtml(title)}" ` +
    `font-size="12" fill="currentColor"><text x="${PAD.left}" y="18" font-size="15" font-weight="600">${escapeHtml(title)}</text>`;
}

function number(value) {
  if (value === 0) return "0";
  if (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e5) return value.toExponential(0).replace(/e([+-])(\d)$/, "e$10$2");
  return String(Number(value.toPrecision(6)));
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

send("streamlit:componentReady", { apiVersion: 1 });
