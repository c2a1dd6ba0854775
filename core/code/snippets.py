"""The "same in plain PyTorch" code the pages show, generated from their settings.

Each function returns a complete script; tests execute every one, so the code we
show is code that runs.
"""

from __future__ import annotations

from pathlib import Path

from core.common.i18n import translate
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


def checkpoint_loading_code(checkpoint: Path | str, cls: str, lang: str = "en") -> str:
    """Lines that load any checkpoint layout TorchLab reads (core.models.checkpoints) into `model = cls()`:
    the weights under "state_dict", "model_state_dict" or "model", or the file itself, without
    nn.DataParallel's "module." or torch.compile's "_orig_mod." prefixes. The same lines for every
    page that shows loading code."""
    return f'''# {translate(lang, "code.draw_load")}
blob = torch.load("{checkpoint}", map_location="cpu", weights_only=True)
weights = next((blob[k] for k in ("state_dict", "model_state_dict", "model") if isinstance(blob.get(k), dict)), blob)
model = {cls}()
model.load_state_dict({{k.removeprefix("module.").removeprefix("_orig_mod."): v for k, v in weights.items()}})'''
