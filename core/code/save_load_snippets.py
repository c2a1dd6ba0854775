"""The Save & load page's "same in plain PyTorch" scripts; tests run each one and compare its output."""

from __future__ import annotations

from core.code.snippets import plain_model_source
from core.common.i18n import translate
from core.models import get_model_info
from core.models.training_checkpoint import CheckpointConfig


def _c(lang: str, key: str) -> str:
    return translate(lang, f"save_load_page.code_{key}")


def save_both_ways_code(name: str, lang: str = "en") -> str:
    """Save a model both ways, print both sizes and the state_dict's keys, shapes and dtypes."""
    cls = get_model_info(name).factory.__name__
    return f'''import os

import torch
from torch import nn


{plain_model_source(name)}


model = {cls}()
torch.save(model.state_dict(), "weights.pt")  # {_c(lang, "weights")}
torch.save(model, "model.pt")  # {_c(lang, "whole")}
print("weights.pt", os.path.getsize("weights.pt"), "bytes")
print("model.pt", os.path.getsize("model.pt"), "bytes")

state = torch.load("weights.pt")  # {_c(lang, "default_safe")}
for key, tensor in state.items():
    print(key, list(tensor.shape), str(tensor.dtype).removeprefix("torch."))
'''


def missing_class_code(name: str, lang: str = "en") -> str:
    """Save a whole model, lose its class, load it again; then a pickle that runs code when loaded."""
    cls = get_model_info(name).factory.__name__
    return f'''import pickle

import torch
from torch import nn


{plain_model_source(name)}


def refusal(error):  # {_c(lang, "refusal")}
    return str(error).split("WeightsUnpickler error: ")[-1].split(". ")[0]


torch.save({cls}(), "model.pt")  # {_c(lang, "pickles_reference")}
del {cls}  # {_c(lang, "del_class")}

try:
    torch.load("model.pt", weights_only=False)
except AttributeError as error:
    print("weights_only=False:", type(error).__name__ + ":", error)

try:
    torch.load("model.pt")  # {_c(lang, "default_safe")}
except pickle.UnpicklingError as error:
    print("weights_only=True:", type(error).__name__ + ":", refusal(error))


class Surprise:
    def __reduce__(self):  # {_c(lang, "reduce")}
        return (print, ("!!! this line ran while the file was being loaded !!!",))


torch.save({{"weights": torch.zeros(2), "extra": Surprise()}}, "surprise.pt")
try:
    torch.load("surprise.pt")
except pickle.UnpicklingError as error:
    print("weights_only=True refused surprise.pt:", refusal(error))
torch.load("surprise.pt", weights_only=False)  # {_c(lang, "runs_code")}
'''


def checkpoint_code(cfg: CheckpointConfig, more_steps: int, lang: str = "en") -> str:
    """Seed 004's checkpoint: train, save {epoch, arch, state_dict, best_acc1, optimizer}, load, resume."""
    info = get_model_info(cfg.model)
    cls = info.factory.__name__
    shape = ", ".join(map(str, info.input_shape))
    return f'''import torch
import torch.nn.functional as F
from torch import nn


{plain_model_source(cfg.model)}


def train_steps(model, optimizer, x, y, steps):
    model.train()
    for _ in range(steps):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        print(f"loss {{loss.item():.4f}}")


torch.manual_seed({cfg.seed})
model = {cls}()
x = torch.randn({cfg.batch_size}, {shape})  # {_c(lang, "batch")}
y = torch.randint(0, {info.num_classes}, ({cfg.batch_size},))
optimizer = torch.optim.Adam(model.parameters(), lr={cfg.lr})
epoch = 0  # {_c(lang, "one_epoch")}
train_steps(model, optimizer, x, y, {cfg.steps})
with torch.no_grad():
    acc1 = 100 * (model.eval()(x).argmax(1) == y).float().mean().item()  # {_c(lang, "acc1")}
best_acc1 = acc1

# {_c(lang, "seed004_save")}
torch.save({{
    "epoch": epoch + 1,  # {_c(lang, "next_epoch")}
    "arch": "{cfg.model}",  # {_c(lang, "arch")}
    "state_dict": model.state_dict(),
    "best_acc1": best_acc1,
    "optimizer": optimizer.state_dict(),
}}, "checkpoint.pt")

# {_c(lang, "resume")}
checkpoint = torch.load("checkpoint.pt", weights_only=True)
start_epoch = checkpoint["epoch"]
best_acc1 = checkpoint["best_acc1"]
model = {cls}()
model.load_state_dict(checkpoint["state_dict"])
optimizer = torch.optim.Adam(model.parameters(), lr={cfg.lr})
optimizer.load_state_dict(checkpoint["optimizer"])
first = optimizer.state_dict()["state"][0]
print("start_epoch", start_epoch, "arch", checkpoint["arch"], "best_acc1", f"{{best_acc1:.2f}}")
print("Adam step", int(first["step"]), "exp_avg", list(first["exp_avg"].shape))
train_steps(model, optimizer, x, y, {more_steps})
print("Adam step", int(optimizer.state_dict()["state"][0]["step"]))
'''
