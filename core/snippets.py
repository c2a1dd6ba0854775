"""The "same in plain PyTorch" code the pages show, generated from their settings.

Each function returns a complete script; tests execute every one, so the code we
show is code that runs.
"""

from __future__ import annotations

from pathlib import Path

from core.i18n import translate
from core.models import get_model_info


def plain_model_source(name: str) -> str:
    """The model's class as a learner would write it: our registry decorator left out."""
    lines = get_model_info(name).source.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("class "))
    return "\n".join(lines[start:])


def model_summary_code(name: str, lang: str = "en") -> str:
    """A standalone script: the class, then forward hooks that print each layer's output shape."""
    info = get_model_info(name)
    cls = info.factory.__name__
    shape = ", ".join(map(str, info.input_shape))
    return f'''import torch
from torch import nn


{plain_model_source(name)}


model = {cls}().eval()
rows = []


def record(module, inputs, output):
    rows.append((type(module).__name__, tuple(output.shape)))


# {translate(lang, "code.hook_comment")}
hooks = [m.register_forward_hook(record) for m in model.modules() if not list(m.children())]
with torch.no_grad():
    model(torch.zeros(1, {shape}))
for hook in hooks:
    hook.remove()

for kind, shape in rows:
    print(f"{{kind:<10}} {{list(shape)}}")
print(sum(p.numel() for p in model.parameters()), "parameters")
'''


def load_checkpoint_code(path: Path | str, name: str, lang: str = "en") -> str:
    """A standalone script that loads a TorchLab checkpoint with plain torch.load."""
    cls = get_model_info(name).factory.__name__
    return f'''import torch
from torch import nn


{plain_model_source(name)}


# {translate(lang, "code.checkpoint_comment")}
# {translate(lang, "code.weights_only_comment")}
blob = torch.load("{path}", map_location="cpu", weights_only=True)
model = {cls}()
model.load_state_dict(blob["state_dict"])  # {translate(lang, "code.load_state_comment")}
model.eval()  # {translate(lang, "code.eval_comment")}
print(blob["model"], sum(p.numel() for p in model.parameters()), "parameters")
print("GPU available:", torch.cuda.is_available())
'''


def digit_inference_code(checkpoint: Path | str, name: str, image_path: str, lang: str = "en") -> str:
    """A standalone script: load weights, MNIST-style preprocessing, forward, softmax."""
    cls = get_model_info(name).factory.__name__
    c = lambda key: translate(lang, f"code.draw_{key}")  # noqa: E731
    return f'''import torch
import torch.nn.functional as F
from PIL import Image, ImageOps
from torch import nn


{plain_model_source(name)}


model = {cls}()
blob = torch.load("{checkpoint}", map_location="cpu", weights_only=True)
model.load_state_dict(blob["state_dict"])
model.eval()

# {c("gray")}
image = ImageOps.exif_transpose(Image.open("{image_path}")).convert("L")
x = torch.tensor(list(image.getdata()), dtype=torch.float32).view(image.height, image.width) / 255
# {c("polarity")}
if x.median() > 0.5:
    x = 1 - x
x = torch.where(x > 0.3, x, torch.zeros_like(x))
# {c("crop")}
rows, cols = x.sum(1).nonzero(), x.sum(0).nonzero()
x = x[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
# {c("scale")}
h, w = x.shape
size = (max(1, round(20 * h / max(h, w))), max(1, round(20 * w / max(h, w))))
x = F.interpolate(x[None, None], size=size, mode="bilinear", antialias=True)[0, 0]
# {c("centre")}
cy = (x.sum(1) * torch.arange(x.shape[0])).sum() / x.sum()
cx = (x.sum(0) * torch.arange(x.shape[1])).sum() / x.sum()
top = int(min(max(round(13.5 - cy.item()), 0), 28 - x.shape[0]))
left = int(min(max(round(13.5 - cx.item()), 0), 28 - x.shape[1]))
canvas = torch.zeros(28, 28)
canvas[top:top + x.shape[0], left:left + x.shape[1]] = x
# {c("normalize")}
batch = ((canvas - 0.1307) / 0.3081).view(1, 1, 28, 28)  # (N, C, H, W)

with torch.no_grad():
    probs = torch.softmax(model(batch), dim=1)[0]  # {c("softmax")}
print("digit:", int(probs.argmax()), f"{{probs.max():.1%}}")
'''
