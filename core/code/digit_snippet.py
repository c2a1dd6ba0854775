"""The Draw page's "same in plain PyTorch": a standalone script that reads digit.png as the page does.

It makes the same calls as core.vision.preprocess for a drawing (exactly: a test compares the
probabilities), for a photo's main cleaning (even lighting, paper cut at Otsu's threshold) and
for a pen outside MNIST's range; the rarer steps (desk, ruled lines, specks) are named, not spelled out.
"""

from __future__ import annotations

from pathlib import Path

from core.code.snippets import checkpoint_loading_code, plain_model_source
from core.common.i18n import translate
from core.models import get_model_info
from core.vision.digit_cleaning import FLAT, STRONGEST, UNEVEN
from core.vision.digit_ink import WORK_SIZE
from core.vision.digit_strokes import FINE, HAIRLINE, MARKER, SMALLEST, THICKENED, THINNED
from core.vision.preprocess import DIGIT_BOX, INK_EXTENT, MNIST_MEAN, MNIST_STD


def digit_inference_code(checkpoint: Path | str, name: str, image_path: str, lang: str = "en",
                         stats: tuple[tuple[float, ...], tuple[float, ...]] | None = None) -> str:
    """A script: load the weights, preprocess the image MNIST-style, print the digit and how sure.
    `stats`: the (mean, std) the model was trained with (core.data.normalization.input_normalization);
    None: MNIST's, as the shipped model."""
    cls = get_model_info(name).factory.__name__
    c = lambda key, **params: translate(lang, f"code.draw_{key}", **params)  # noqa: E731
    (mean,), (std,) = stats or ((MNIST_MEAN,), (MNIST_STD,))
    source = c("norm_dataset") if stats is None or (mean, std) == (MNIST_MEAN, MNIST_STD) else c("norm_recorded")
    return f'''import numpy as np
import torch
from PIL import Image, ImageOps
from scipy import ndimage as ndi
from skimage.filters import threshold_otsu
from torch import nn


{plain_model_source(name)}


{checkpoint_loading_code(checkpoint, cls, lang)}
model.eval()

# {c("gray")}
image = ImageOps.exif_transpose(Image.open("{image_path}")).convert("L")
if max(image.size) > {WORK_SIZE}:
    if max(image.size) // {WORK_SIZE} >= 2:
        image = image.reduce(max(image.size) // {WORK_SIZE})
    scale = {WORK_SIZE} / max(image.size)
    image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))), Image.Resampling.BOX)
gray = np.asarray(image)  # {c("shape_gray")}


def frame(a):  # {c("frame")}
    b = max(1, min(a.shape) // 20)
    return [a[:b], a[-b:], a[b:-b, :b].T, a[b:-b, -b:].T]


# {c("polarity")}
edge = np.concatenate([side.ravel() for side in frame(gray)])
background = int(np.median(edge))
if np.mean(edge == background) >= {FLAT}:  # {c("drawing_pen")}
    n, ordered = min(20, gray.size // 10 + 1), np.sort(gray.ravel())
    paper = background - int(ordered[n - 1]) > int(ordered[-n]) - background
else:  # {c("photo_paper")}
    paper = background > 127
ink = (255 - gray if paper else gray).astype(np.float32) / 255
level = float(np.median(np.concatenate([side.ravel() for side in frame(ink)])))  # {c("level")}
x = np.clip(ink - level, 0, None)

# {c("photo")}
edge = np.concatenate([side.ravel() for side in frame(ink)])
if max(x.shape) >= 100 and np.mean(np.abs(edge - level) < 0.5 / 255) < {FLAT}:
    contrast = np.sort(x.ravel())[-{STRONGEST}]  # {c("strongest")}
    pieces = sorted(np.median(piece) for side in frame(ink) for piece in np.array_split(side, 4, axis=1))
    if (pieces[12] - pieces[0]) / contrast > {UNEVEN}:
        # {c("lighting")}
        k = max(3, min(ink.shape) // 5) | 1
        background = ndi.grey_opening(ink, size=(k, k))
        x = np.clip((ink - background) / np.maximum(1 - background, 0.15) if paper else ink - background, 0, None)
    # {c("paper")}
    x = np.where(x >= max(threshold_otsu(x[x > 0]), 0.25 * np.sort(x.ravel())[-{STRONGEST}]), x, 0)
# {c("more")}

# {c("crop")}
rows, cols = np.nonzero((x >= {INK_EXTENT} * x.max()).any(1))[0], np.nonzero((x >= {INK_EXTENT} * x.max()).any(0))[0]
x = x[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
# {c("pen")}
mask = x >= 0.5 * x.max()
share = 2 * mask.sum() / max(mask.sum() - ndi.binary_erosion(mask).sum(), 1) / max(x.shape)
if max(x.shape) >= {SMALLEST} and not {HAIRLINE} <= share <= {MARKER}:
    target, fine = ({THICKENED} if share < {HAIRLINE} else {THINNED}), x
    if max(x.shape) < {FINE}:  # {c("enlarge")}
        f = {FINE} / max(x.shape)
        fine = np.clip(np.asarray(Image.fromarray(x, "F").resize((max(1, round(x.shape[1] * f)), max(1, round(x.shape[0] * f))),
                                                                 Image.Resampling.BICUBIC)), 0, None)
    r = round(abs(target - share) * max(fine.shape) / 2)
    changed = (ndi.grey_dilation(np.pad(fine, r), size=(2 * r + 1,) * 2) if share < {HAIRLINE}
               else ndi.grey_erosion(fine, size=(2 * r + 1,) * 2))
    if r >= 1 and changed.max() > 0.2 * fine.max():
        rows, cols = np.nonzero((changed >= {INK_EXTENT} * changed.max()).any(1))[0], np.nonzero((changed >= {INK_EXTENT} * changed.max()).any(0))[0]
        x = changed[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
# {c("scale")}
h, w = x.shape
size = (max(1, round(w * {DIGIT_BOX} / max(h, w))), max(1, round(h * {DIGIT_BOX} / max(h, w))))  # {c("size")}
x = np.clip(np.asarray(Image.fromarray(x, "F").resize(size, Image.Resampling.LANCZOS)), 0, None)
x = np.clip(x / x.max(), 0, 1)
# {c("centre")}
cy, cx = ndi.center_of_mass(x)
top = int(np.clip(round(13.5 - cy), 0, 28 - x.shape[0]))
left = int(np.clip(round(13.5 - cx), 0, 28 - x.shape[1]))
canvas = np.zeros((28, 28), np.float32)
canvas[top:top + x.shape[0], left:left + x.shape[1]] = x
# {c("normalize", source=source)}
batch = ((torch.from_numpy(canvas) - {mean:g}) / {std:g}).view(1, 1, 28, 28)  # {c("batch")}

with torch.no_grad():
    probs = torch.softmax(model(batch), dim=1)[0]  # {c("softmax")}
print("digit:", int(probs.argmax()), f"{{probs.max():.1%}}")
print("probabilities:", [round(p, 4) for p in probs.tolist()])
'''
