"""Seed 002's TensorBoard calls, run for real and read back from the event files they wrote.

Each `write_*` makes a SummaryWriter in `folder`, writes what the Train page's TensorBoard lesson
asked for, closes it, then reads the events back with tensorboard's own EventAccumulator (the
reader behind `tensorboard --load_fast=false`): what the page shows is what the files hold.
core.code.tensorboard_snippets writes the same calls as scripts a test runs.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image

SCALAR_TAG = "y=2x"  # seed 002's tag
IMAGE_TAG = "test"  # seed 002's tag for its picture
BATCH_TAG = "batch"
LAYOUTS = ("hwc_uint8", "chw_float", "hwc_float255")  # np.array(image); ToTensor()(image); float 0..255
DATAFORMATS = ("HWC", "CHW")  # add_image's default is "CHW"


@dataclass(frozen=True)
class EventFile:
    name: str  # events.out.tfevents.<seconds>.<host>.<pid>.<count>
    size: int  # bytes


@dataclass(frozen=True)
class ScalarDemo:
    written: list[tuple[int, float]]  # every (step, value) in the folder's files, in order
    shown: list[tuple[int, float]]  # what TensorBoard 2.21's default (fast) loader keeps of them
    files: list[EventFile]


@dataclass(frozen=True)
class ImageDemo:
    shape: tuple[int, ...]  # what add_image was given
    dtype: str
    png: bytes | None  # the picture TensorBoard stored, or None when add_image refused
    error: str | None  # "TypeError: Cannot handle this data type: ..." when it refused
    files: list[EventFile]


@dataclass(frozen=True)
class BatchDemo:
    shape: tuple[int, ...]  # (N, C, H, W) given to add_images
    png: bytes  # the one picture TensorBoard stored: the batch in a grid, 8 to a row
    width: int
    height: int
    files: list[EventFile]


def _writer(folder: Path | str):
    from torch.utils.tensorboard import SummaryWriter  # imported here: ~1 s, only when asked

    return SummaryWriter(str(folder))


def read_events(folder: Path | str):
    """The folder's events, as TensorBoard's Python reader loads them (every file, in name order)."""
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    events = EventAccumulator(str(folder), size_guidance={"scalars": 0, "images": 0})  # 0: keep them all
    events.Reload()
    return events


def event_files(folder: Path | str) -> list[EventFile]:
    """The event files SummaryWriter made in `folder` (one per writer opened there), oldest first."""
    paths = sorted(Path(folder).glob("events.out.tfevents.*"))
    return [EventFile(path.name, path.stat().st_size) for path in paths]


def write_scalars(folder: Path | str, runs: list[tuple[float, int]], tag: str = SCALAR_TAG) -> ScalarDemo:
    """Seed 002's loop `add_scalar(tag, slope * i, i)` for i < steps, once per (slope, steps) in
    `runs`, each with a writer of its own on the same folder, as when a script is run again."""
    for slope, steps in runs:
        writer = _writer(folder)
        for i in range(steps):
            writer.add_scalar(tag, slope * i, i)
        writer.close()
    written = [(e.step, e.value) for e in read_events(folder).Scalars(tag)]
    return ScalarDemo(written, after_restarts(written), event_files(folder))


def after_restarts(points: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """What TensorBoard 2.21 draws by default (its fast data server): a step that is not past the
    last one starts the curve over from there, and the older points from that step on are dropped.
    `tensorboard --load_fast=false` (the Python reader) draws every point instead, the zigzag seed
    002 warns about. tests/test_tensorboard_server.py checks this against a real TensorBoard."""
    kept: list[tuple[int, float]] = []
    for step, value in points:
        if kept and step <= kept[-1][0]:
            kept = [point for point in kept if point[0] < step]
        kept.append((step, value))
    return kept


def picture_array(image: Image.Image, layout: str):
    """The picture as seed 002 hands it to add_image (np.array: (H, W, 3) uint8), as
    transforms.ToTensor gives it ((3, H, W) float 0..1), or as a float array still 0..255."""
    if layout == "hwc_uint8":
        return np.array(image.convert("RGB"))  # (H, W, 3) uint8
    if layout == "chw_float":
        from torchvision import transforms

        return transforms.ToTensor()(image.convert("RGB"))  # (3, H, W) float32, 0..1
    if layout == "hwc_float255":
        return np.array(image.convert("RGB")).astype(np.float32)  # (H, W, 3) float32, still 0..255
    raise ValueError(f"Unknown layout {layout!r}; choose one of: {', '.join(LAYOUTS)}.")


def write_image(folder: Path | str, image: Image.Image, layout: str, dataformats: str) -> ImageDemo:
    """add_image(IMAGE_TAG, picture, 1, dataformats=...): the picture stored, or the error it raised."""
    if dataformats not in DATAFORMATS:
        raise ValueError(f"Unknown dataformats {dataformats!r}; choose one of: {', '.join(DATAFORMATS)}.")
    array = picture_array(image, layout)
    writer, error = _writer(folder), None
    try:
        writer.add_image(IMAGE_TAG, array, 1, dataformats=dataformats)
    except (TypeError, ValueError) as refused:  # PIL cannot make a picture of what add_image read
        error = f"{type(refused).__name__}: {refused}"
    finally:
        writer.close()
    png = None if error else read_events(folder).Images(IMAGE_TAG)[-1].encoded_image_string
    return ImageDemo(tuple(array.shape), str(array.dtype).removeprefix("torch."), png, error, event_files(folder))


def write_batch(folder: Path | str, images: torch.Tensor) -> BatchDemo:
    """add_images(BATCH_TAG, images, 0) of an (N, C, H, W) uint8 batch, read back as the one picture it is."""
    writer = _writer(folder)
    writer.add_images(BATCH_TAG, images, 0)
    writer.close()
    (event,) = read_events(folder).Images(BATCH_TAG)
    return BatchDemo(tuple(images.shape), event.encoded_image_string, event.width, event.height,
                     event_files(folder))


def png_pixels(png: bytes) -> np.ndarray:
    """A stored picture as an (H, W, C) uint8 array."""
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
