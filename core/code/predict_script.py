"""Take it home: a standalone predict.py for a model trained on your own pictures.

`python predict.py checkpoint.pt picture.jpg` prints each class with its probability. The script
needs only torch, torchvision and PIL: it holds the model's class (the registry's source), gives it
the run's head, loads TorchLab's checkpoint with weights_only=True and prepares the picture as
core.vision.picture_predict does (a test runs it and compares the probabilities with the page's).
"""

from __future__ import annotations

import re

import torch
from torch import nn

from core.common.i18n import translate
from core.data.folder_dataset import stored_size
from core.models import create_model, get_model_info

DEFINITION = re.compile(r"^(class|def) (\w+)")


def predict_script(meta: dict, lang: str = "en", checkpoint_name: str = "checkpoint.pt") -> str:
    """predict.py for the checkpoint whose metadata is `meta` (a run on a folder: it records
    "model", "classes", "input_stats" and "input_shape"). KeyError when one is missing."""
    c = lambda key, **params: translate(lang, f"code.predict_{key}", **params)  # noqa: E731
    name, classes = meta["model"], list(meta["classes"])
    mean, std = ([round(float(v), 6) for v in values] for values in meta["input_stats"])
    size = int((meta.get("input_shape") or get_model_info(name).input_shape)[-1])
    side = stored_size(size)
    source, build = standalone_source(name)
    head = head_line(name, len(classes), c("head", count=len(classes)))
    return f'''"""{c("doc")}

    python predict.py {checkpoint_name} picture.jpg
"""

import math
import sys

{_imports(source)}

CLASSES = {classes!r}  # {c("classes")}


{source}


# {c("steps", side=side, size=size)}
preprocess = transforms.Compose([
    transforms.Lambda(lambda picture: ImageOps.fit(picture, ({side}, {side}), Image.Resampling.BILINEAR)),  # {c("stored", side=side)}
    {center_crop_code(side, size)},  # {c("crop", size=size)}
    transforms.ToTensor(),  # {c("to_tensor", size=size)}
    transforms.Normalize(mean={mean!r}, std={std!r}),  # {c("normalize")}
])


def load_model(path):
    # {translate(lang, "code.weights_only_comment")}
    blob = torch.load(path, map_location="cpu", weights_only=True)
    weights = blob["state_dict"] if isinstance(blob.get("state_dict"), dict) else blob  # {c("layout")}
    model = {build}{head}
    model.load_state_dict({{k.removeprefix("module.").removeprefix("_orig_mod."): v for k, v in weights.items()}})
    return model.eval()  # {translate(lang, "code.eval_comment")}


def open_picture(path):
    picture = Image.open(path)
    if picture.format == "JPEG" and max(picture.size) > 2048:  # {c("big_jpeg")}
        scale = 1024 / max(picture.size)
        picture.draft("RGB", (math.ceil(picture.width * scale), math.ceil(picture.height * scale)))
    return ImageOps.exif_transpose(picture).convert("RGB")  # {c("upright")}


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("python predict.py {checkpoint_name} picture.jpg")
    model = load_model(sys.argv[1])
    batch = preprocess(open_picture(sys.argv[2])).unsqueeze(0)  # (1, 3, {size}, {size})
    with torch.no_grad():
        probs = torch.softmax(model(batch), dim=1)[0]  # {c("softmax", count=len(classes))}
    for p, name in sorted(zip(probs.tolist(), CLASSES), reverse=True):  # {c("sorted")}
        print(f"{{p:.6f}}  {{name}}")
'''


def standalone_source(name: str) -> tuple[str, str]:
    """(the registry entry's code without our decorator, the expression that builds it): a seed's
    class, or a function that builds a torchvision network and replaces its head."""
    lines = get_model_info(name).source.splitlines()
    start = next(i for i, line in enumerate(lines) if DEFINITION.match(line))  # past @register_model(…)
    function = DEFINITION.match(lines[start]).group(2)
    return "\n".join(lines[start:]), f"{function}()"


def head_line(name: str, classes: int, comment: str = "") -> str:
    """The line that gives the model one output per class, as core.models.heads.with_classes does
    (the last nn.Linear replaced); nothing when the architecture already has that many."""
    with torch.device("meta"):  # shapes only: a ResNet's millions of weights are never drawn
        model = create_model(name)
    path, last = [(n, m) for n, m in model.named_modules() if isinstance(m, nn.Linear)][-1]
    if last.out_features == classes:
        return ""
    bias = "" if last.bias is not None else ", bias=False"
    note = f"  # {comment}" if comment else ""
    return f"\n    model{attribute_path(path)} = nn.Linear({last.in_features}, {classes}{bias}){note}"


def attribute_path(path: str) -> str:
    """A module's dotted name as Python reaches it: model.8 -> .model[8], classifier.3 -> .classifier[3]."""
    return "".join(f"[{part}]" if part.isdigit() else f".{part}" for part in path.split("."))


def center_crop_code(side: int, size: int) -> str:
    """transforms.CenterCrop(size), unless it would round its offset otherwise than training's (side - size) // 2."""
    top = (side - size) // 2
    if int(round((side - size) / 2.0)) == top:  # torchvision's rounding
        return f"transforms.CenterCrop({size})"
    return f"transforms.Lambda(lambda picture: picture.crop(({top}, {top}, {top + size}, {top + size})))"


def _imports(source: str) -> str:
    lines = ["import torch"]
    if "F." in source:
        lines.append("import torch.nn.functional as F")
    if re.search(r"\btorchvision\.", source):
        lines.append("import torchvision")
    lines += ["from PIL import Image, ImageOps", "from torch import nn"]
    uses_models = re.search(r"(?<![\w.])models\.", source) and "from torchvision import models" not in source
    lines.append("from torchvision import models, transforms" if uses_models else "from torchvision import transforms")
    return "\n".join(lines)
