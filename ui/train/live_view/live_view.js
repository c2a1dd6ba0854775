// The Train page's live charts, drawn in the browser from the job's feed (core/training/live_feed.py).
// Streamlit sends the labels and the feed's name once (a "render" message); from then on this
// page fetches the feed every `poll_ms` and redraws, and tells Streamlit when the run has ended.
"use strict";

const ORANGE = "#ee4c2c", LIGHT_ORANGE = "rgba(238, 76, 44, 0.25)";
const AXIS = "#8a8a8a", GRID = "rgba(138, 138, 138, 0.25)";
const PAD = { left: 62, right: 10, top: 30, bottom: 38 };
const WIDTH = 400;      // every chart's own units across; drawn at the frame's pixels

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
  if (changed) redrawAll();
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
    charts(feed).forEach((chart, i) => paint(slot(i), chart));  // an unchanged chart is not drawn again
    update(document.getElementById("mistakes"), mistakes());
    const height = document.body.scrollHeight;
    if (height !== frameHeight) { frameHeight = height; send("streamlit:setFrameHeight", { height: height }); }
  }
  if (feed.done && !ended) {
    ended = true;
    send("streamlit:setComponentValue", { value: feed.status, dataType: "json" });  // the page reruns
  }
}

window.addEventListener("resize", redrawAll);  // the canvases' pixels follow the frame's width

function redrawAll() {  // new labels, language, theme or width
  document.querySelectorAll("#charts > div").forEach((element) => shown.delete(element));
  drawnKey = "";
  if (lastFeed) draw(lastFeed);
}

function slot(i) {
  const grid = document.getElementById("charts");
  while (grid.children.length <= i) grid.appendChild(document.createElement("div"));
  return grid.children[i];
}

const shown = new WeakMap();  // element -> the key (charts) or markup (mistakes) it shows

function update(element, html) {
  if (shown.get(element) !== html) { element.innerHTML = html; shown.set(element, html); }
}

// Charts are drawn on canvases, redrawn in place. Each redraw of SVG markup built ~300 DOM
// nodes that the next one threw away; that garbage set off full collections of the whole
// Streamlit page's heap (the frame shares its process), on the cores training uses.
function paint(element, chart) {
  if (shown.get(element) === chart.key) return;
  shown.set(element, chart.key);
  let canvas = element.firstElementChild;
  if (!canvas) {
    canvas = element.appendChild(document.createElement("canvas"));
    canvas.setAttribute("role", "img");
  }
  canvas.setAttribute("aria-label", chart.title);
  canvas.dataset.points = chart.points;  // what the browser tests count
  const scale = (element.clientWidth || WIDTH) * (window.devicePixelRatio || 1) / WIDTH;  // crisp at any width
  const width = Math.round(WIDTH * scale), height = Math.round(chart.height * scale);
  if (canvas.width !== width || canvas.height !== height) { canvas.width = width; canvas.height = height; }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.clearRect(0, 0, WIDTH, chart.height);
  const style = getComputedStyle(document.body);
  const font = (size, weight = "") => `${weight} ${size}px ${style.fontFamily}`.trim();
  const pen = { color: style.color, font: font };
  ctx.fillStyle = pen.color;
  ctx.font = font(15, "600");
  text(ctx, chart.title, PAD.left, 18);
  ctx.font = font(12);
  chart.draw(ctx, pen);
}

function text(ctx, value, x, y, align = "start") {
  ctx.textAlign = align;
  ctx.fillText(value, x, y);
}

function stroke(ctx, color, width, path) {
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.beginPath();
  path();
  ctx.stroke();
}

function progressText(feed) {
  const L = args.labels;
  const epoch = Math.min(feed.epochs_planned, Math.floor(feed.progress * feed.epochs_planned) + 1);
  const device = [feed.device, feed.precision].concat(feed.threads ? [fill(L.threads, { n: feed.threads })] : []);
  const values = {
    epoch: epoch, epochs: feed.epochs_planned, step: feed.step, steps: feed.total_steps,
    rate: Math.round(feed.samples_per_s).toLocaleString("en-US"), eta: Math.round(feed.eta_s),
    device: device.join(" · "),
  };
  if (feed.done) {
    values.ended = L["ended_" + feed.status] || feed.status;
    return fill(feed.step ? L.progress_ended : L.progress_ended_early, values);
  }
  if (!feed.step) return fill(L.progress_first, values);  // no step timed yet: no "0 samples/s"
  return fill(L.progress, values);
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

function charts(feed) {
  const L = args.labels, total = Math.max(feed.total_steps, 1);
  const planned = feed.planned_lr;
  const out = [
    lineChart(`${feed.step}/${total}`, [
      { xs: feed.steps, ys: feed.losses, color: LIGHT_ORANGE, width: 1, name: L.raw },
      { xs: feed.steps, ys: feed.smoothed, color: ORANGE, width: 3, name: L.smoothed },
    ], L.loss_title, L.step, L.loss, { xRange: [0, total] }),
    lineChart(`${feed.epochs.length}/${feed.epochs_planned}`,
      [{ xs: feed.epochs, ys: feed.accuracies, color: ORANGE, width: 2, markers: true }],
      L.acc_title, L.epoch, L.accuracy, { xRange: [0.5, feed.epochs_planned + 0.5], percent: true }),
    lineChart(`${feed.step}/${total}`, [
      { xs: planned.map((p) => p[0]), ys: planned.map((p) => p[1]), color: LIGHT_ORANGE, width: 2 },
      { xs: feed.steps, ys: feed.lrs, color: ORANGE, width: 2 },
    ], L.lr_title, L.step, L.lr, {
      xRange: [0, total], yRange: [0, Math.max(1e-12, ...planned.map((p) => p[1])) * 1.15], height: 220,
    }),
  ];
  if (feed.confusion.length) {
    out.push(heatmap(String(feed.epochs.length), feed.confusion, feed.classes, L.confusion_title, L.predicted));
  }
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

// Indices of the points of a series that can be drawn (a diverged step is null: a gap).
function drawable(s) {
  const kept = [];
  for (let i = 0; i < s.xs.length; i++) if (s.ys[i] !== null && isFinite(s.ys[i])) kept.push(i);
  return kept;
}

// A chart of lines in WIDTH × height units: its key (it is drawn again only when that changes),
// its title, how many points its first line has, and how to draw the rest of it.
function lineChart(key, series, title, xTitle, yTitle, opts) {
  const height = opts.height || 260;
  const kept = series.map(drawable);
  const xs = series.flatMap((s, n) => kept[n].map((i) => s.xs[i]));
  const ys = series.flatMap((s, n) => kept[n].map((i) => s.ys[i]));
  let [xLow, xHigh] = opts.xRange || (xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1]);
  let [yLow, yHigh] = opts.yRange || (ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1]);
  if (opts.percent && !opts.yRange) { yLow = Math.max(0, yLow - 0.005); yHigh = Math.min(1, yHigh + 0.005); }
  const yTicks = niceTicks(yLow, yHigh);
  if (!opts.yRange && !opts.percent && yTicks.length) {  // whole ticks: the curve never touches the frame
    yLow = Math.min(yLow, yTicks[0]); yHigh = Math.max(yHigh, yTicks[yTicks.length - 1]);
  }
  if (xHigh <= xLow) xHigh = xLow + 1;
  if (yHigh <= yLow) yHigh = yLow + 1;
  const plotW = WIDTH - PAD.left - PAD.right, plotH = height - PAD.top - PAD.bottom;
  const px = (x) => PAD.left + (x - xLow) / (xHigh - xLow) * plotW;
  const py = (y) => PAD.top + plotH - (Math.min(Math.max(y, yLow), yHigh) - yLow) / (yHigh - yLow) * plotH;
  const draw = (ctx, pen) => {
    const digits = yTicks.length > 1 && yTicks[1] - yTicks[0] < 0.01 ? 1 : 0;
    for (const tick of yTicks) {
      if (tick < yLow - 1e-12 || tick > yHigh + 1e-12) continue;
      stroke(ctx, GRID, 1, () => { ctx.moveTo(PAD.left, py(tick)); ctx.lineTo(WIDTH - PAD.right, py(tick)); });
      text(ctx, opts.percent ? (tick * 100).toFixed(digits) + "%" : number(tick), PAD.left - 6, py(tick) + 4, "end");
    }
    for (const tick of niceTicks(xLow, xHigh, 6)) {
      if (tick >= xLow && tick <= xHigh) text(ctx, number(tick), px(tick), PAD.top + plotH + 16, "center");
    }
    stroke(ctx, AXIS, 1, () => ctx.rect(PAD.left, PAD.top, plotW, plotH));
    text(ctx, xTitle, PAD.left + plotW / 2, height - 4, "center");
    ctx.save();
    ctx.translate(12, PAD.top + plotH / 2);
    ctx.rotate(-Math.PI / 2);
    text(ctx, yTitle, 0, 0, "center");
    ctx.restore();
    ctx.lineJoin = "round";
    series.forEach((s, n) => {
      stroke(ctx, s.color, s.width, () => kept[n].forEach((i, k) => ctx[k ? "lineTo" : "moveTo"](px(s.xs[i]), py(s.ys[i]))));
      if (s.markers) {
        ctx.fillStyle = s.color;
        for (const i of kept[n]) { ctx.beginPath(); ctx.arc(px(s.xs[i]), py(s.ys[i]), 4, 0, 2 * Math.PI); ctx.fill(); }
      }
    });
    let y = PAD.top + 14;
    for (const s of series.filter((s) => s.name)) {
      const x = WIDTH - PAD.right - 8;
      ctx.fillStyle = pen.color;
      text(ctx, s.name, x - 26, y, "end");
      stroke(ctx, s.color, Math.max(s.width, 2), () => { ctx.moveTo(x - 20, y - 4); ctx.lineTo(x, y - 4); });
      y += 16;
    }
  };
  return { key: key + "|" + title, title: title, height: height, points: kept[0].length, draw: draw };
}

// Counts as shaded cells with the number on each: rows = true class, columns = predicted.
function heatmap(key, matrix, labels, title, xTitle) {
  const n = matrix.length, top = PAD.top + 6, left = 40;
  const cell = (WIDTH - left - 8) / n, height = Math.round(top + cell * n + 34);
  const biggest = Math.max(1, ...matrix.flat());
  const draw = (ctx, pen) => {
    ctx.font = pen.font(Math.round(Math.min(12, cell / 3)));  // the counts'
    matrix.forEach((row, i) => row.forEach((count, j) => {
      const share = Math.sqrt(count / biggest);  // square root: the few mistakes still show next to the diagonal
      const x = left + j * cell, y = top + i * cell;
      ctx.fillStyle = `rgba(238, 76, 44, ${(0.06 + 0.94 * share).toFixed(3)})`;
      ctx.fillRect(x, y, cell, cell);
      ctx.fillStyle = share > 0.6 ? "#ffffff" : "#333333";
      text(ctx, String(count), x + cell / 2, y + cell / 2 + 4, "center");
    }));
    ctx.font = pen.font(12);
    ctx.fillStyle = pen.color;
    labels.forEach((label, i) => text(ctx, label, left - 6, top + (i + 0.5) * cell + 4, "end"));
    labels.forEach((label, j) => text(ctx, label, left + (j + 0.5) * cell, top + n * cell + 14, "center"));
    text(ctx, xTitle, left + n * cell / 2, height - 4, "center");
  };
  return { key: key + "|" + title, title: title, height: height, points: n * n, draw: draw };
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
