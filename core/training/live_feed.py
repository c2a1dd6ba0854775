"""A running job's numbers as one small JSON file that a browser fetches and draws itself.

Redrawing the Train page through Streamlit costs a script rerun on the server (the Python
of which competes with training's for the GIL) and a React render of the whole page in the
browser, every time. A file the job rewrites at most every 1.5 s, fetched by the page's
own script (ui/train/live_view), costs the server one file read per viewer and the browser about
half as much per update: the charts are drawn on the viewer's machine, from numbers. Its
name is the job's ticket id (96 random bits), so only the page that started the job finds it.
"""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

from core.common.atomic import write_text_atomically
from core.common.i18n import LANGUAGES, translate
from core.common.visual import png_data_uri, upscale
from core.training.evaluation import Smoother
from core.training.optim import lr_at
from core.training.run_data import run_classes, run_data

MAX_POINTS = 300  # a chart is ~400 px across: more points cost the browser drawing, not detail
PUBLISH_EVERY_S = 1.5  # half the view's poll (ui/train/live_charts.py): a frame is at most 1.5 s old when fetched


def thinned(count: int, limit: int = MAX_POINTS) -> list[int]:
    """Indices of at most about `limit` evenly spaced points out of `count`, always with the newest."""
    if count <= limit:
        return list(range(count))
    stride = math.ceil(count / limit)
    picked = list(range(0, count, stride))
    return picked if picked[-1] == count - 1 else picked + [count - 1]


def planned_lrs(config, total_steps: int) -> list[list[float]]:
    """[step, learning rate] the schedule plans for the whole run (thinned), drawn under the real one."""
    per_epoch = max(total_steps // config.epochs, 1)
    return [[step + 1, _short(lr_at(config, step, per_epoch))] for step in thinned(total_steps)]


class Curves:
    """Every step's loss, smoothed loss and learning rate so far, as the feed writes them (_short).
    A feed grows them by the steps each publish adds: made afresh each time, they were most of
    a publish's work, and that work is the training thread's."""

    def __init__(self):
        self.losses: list[float | None] = []
        self.smoothed: list[float | None] = []
        self.lrs: list[float | None] = []
        self._smoother = Smoother(0.9)

    def grow(self, snap) -> Curves:
        """Add the steps of `snap` (a core.training.jobs.JobSnapshot of the same run) not yet here."""
        for loss, lr in zip(snap.losses[len(self.losses):], snap.lrs[len(self.lrs):]):
            self.losses.append(_short(loss))
            self.smoothed.append(_short(self._smoother(loss)))
            self.lrs.append(_short(lr))
        return self


def feed_payload(snap, config, planned: list | None = None, curves: Curves | None = None) -> dict:
    """What the live charts draw, from a core.training.jobs.JobSnapshot of a run of `config`, as plain JSON values.

    Curves are thinned after smoothing (so the smoothed line is that of every step). `planned`:
    planned_lrs for this run, if already made (it is the same all run long); `curves`: this
    run's Curves from the last payload, if any. The mistakes' pictures go in a file of their
    own (mistakes_payload), written once an epoch."""
    keep = thinned(len(snap.steps))
    curves = (curves or Curves()).grow(snap)
    return {
        "status": snap.status, "done": snap.done, "progress": snap.progress,
        "samples_per_s": snap.samples_per_s, "eta_s": snap.eta_s, "total_steps": snap.total_steps,
        "step": len(snap.steps), "device": snap.device, "precision": snap.precision, "threads": snap.threads,
        "steps": [snap.steps[i] for i in keep],
        "losses": [curves.losses[i] for i in keep],
        "smoothed": [curves.smoothed[i] for i in keep],
        "lrs": [curves.lrs[i] for i in keep],
        "epochs": snap.epochs, "accuracies": snap.accuracies, "confusion": snap.confusion,
        "planned_lr": planned_lrs(config, snap.total_steps) if planned is None else planned,
        "epochs_planned": config.epochs,
        "classes": _classes(config), "mistakes": None,  # the mistakes file's name, once there is one
    }


def mistakes_payload(mistakes: list[dict], pictures: list[str], classes: list[str]) -> list[dict]:
    """Each mistake's picture (a data URI) and its caption in every language the app speaks:
    the viewer may switch language while it trains."""
    return [{"src": src, "caption": {lang: translate(lang, "train_page.mistake", true=classes[m["true"]],
                                                     predicted=classes[m["predicted"]], confidence=m["confidence"])
                                     for lang in LANGUAGES}}
            for src, m in zip(pictures, mistakes)]


def _classes(config) -> list[str]:
    return list(run_classes(config))


def _short(value: float) -> float | None:
    """Five significant digits, finer than a chart's pixels and a third of the bytes; None for
    NaN or infinity, which JSON cannot carry (a diverged step is a gap in the line)."""
    return float(f"{value:.5g}") if math.isfinite(value) else None


def enlarged_test_images(config, indices: tuple[int, ...], side: int = 84) -> list:
    """The run's test (or a folder's validation) images as (H, W[, C]) uint8 arrays, enlarged with
    crisp pixels to about `side` pixels (28 px digits 3×; a 224 px photo stays as it is)."""
    images = run_data(config).test.images  # (N, C, H, W) uint8, decoded once per process
    factor = max(1, side // images.shape[-1])
    return [upscale(images[i].permute(1, 2, 0).squeeze(-1).numpy(), factor) for i in indices]


class LiveFeed:
    """Publishes a job's snapshot to `path` (atomically), at most every `every_s` seconds unless
    forced; the mistakes (pictures: the bulk of the bytes) beside it, only when they change."""

    def __init__(self, path: Path, config, every_s: float = PUBLISH_EVERY_S):
        self.path, self._config, self._every_s = Path(path), config, every_s
        self._last = -math.inf
        self._mistakes_for: tuple | None = None  # the test images of the mistakes file written last
        self._mistakes_name: str | None = None
        self._mistakes_written = 0
        self._planned: tuple[int, list] = (-1, [])  # (total steps, planned_lrs): two thirds of a payload's work
        self._curves = Curves()

    def publish(self, snapshot, force: bool = False) -> bool:
        """Write `snapshot()` (called only then) if it is time or `force`; True when written."""
        now = time.monotonic()
        if not force and now - self._last < self._every_s:
            return False
        self._last = now
        snap = snapshot()
        if self._planned[0] != snap.total_steps:  # known once the run has started, then fixed
            self._planned = (snap.total_steps, planned_lrs(self._config, snap.total_steps))
        payload = feed_payload(snap, self._config, self._planned[1], self._curves)
        try:
            previous = self._mistakes_name
            payload["mistakes"] = self._write_mistakes(snap.mistakes)
            write_text_atomically(self.path, json.dumps(payload, separators=(",", ":")))
            if previous not in (None, payload["mistakes"]):
                self.path.with_name(previous).unlink(missing_ok=True)  # the feed no longer names it
        except OSError:
            return False  # a full disk costs the live view a frame, never the run; the page polls too
        return True

    def _write_mistakes(self, mistakes: list[dict]) -> str | None:
        """The mistakes file's name for the feed, written first when this epoch's mistakes are new.
        Its name changes with them, so a browser fetches it once per epoch."""
        indices = tuple(m["index"] for m in mistakes)
        if mistakes and indices != self._mistakes_for:
            pictures = [png_data_uri(p) for p in enlarged_test_images(self._config, indices)]
            self._mistakes_written += 1
            name = f"{self.path.stem}.mistakes-{self._mistakes_written}.json"
            write_text_atomically(self.path.with_name(name), json.dumps(
                mistakes_payload(mistakes, pictures, _classes(self._config)), separators=(",", ":")))
            self._mistakes_for, self._mistakes_name = indices, name
        return self._mistakes_name
