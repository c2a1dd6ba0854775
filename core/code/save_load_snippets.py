"""The Save & load page's "same in plain PyTorch" scripts; tests run each one and compare its output."""

from __future__ import annotations

import inspect

from core.code.snippets import plain_model_source
from core.common.i18n import translate
from core.lessons.state_dict_lab import NEW_SEED, SAVED_SEED, TinyVGG
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


STRICT_CHANGE = {  # what each mismatch changes, and its comment: the new model, or (data_parallel) how it was saved
    "add_module": ('model.classifier.add_module("add_linear", nn.Linear(10, 2))', "change_add_module"),
    "insert": ("model.features.insert(1, nn.BatchNorm2d(8))", "change_insert"),
    "rename": ("model.head = model.classifier\ndel model.classifier", "change_rename"),
    "no_head": ("model.classifier = nn.Identity()", "change_no_head"),
    "new_head": ("model.classifier[3] = nn.Linear(32, 2)", "change_new_head"),
    "data_parallel": ('torch.save(nn.DataParallel(saved).state_dict(), "tiny_vgg.pt")', "save_data_parallel"),
}
STRICT_FIX = {  # the usual repair of the loaded state_dict, where there is one
    "insert": ('state = {key.replace("features.3.", "features.4.", 1): value for key, value in state.items()}',
               "fix_insert"),
    "rename": ('state = {key.replace("classifier.", "head.", 1): value for key, value in state.items()}', "fix_rename"),
    "new_head": ("own = model.state_dict()\nstate = {key: value for key, value in state.items()\n"
                 "         if key not in own or value.shape == own[key].shape}", "fix_new_head"),
    "data_parallel": ('consume_prefix_in_state_dict_if_present(state, "module.")', "fix_data_parallel"),
}


def strict_change_code(name: str, lang: str = "en") -> str:
    """The one edit that makes the new model differ from the saved one (or how the file was saved), comment above."""
    code, key = STRICT_CHANGE[name]
    return f"# {_c(lang, key)}\n{code}"


def strict_fix_code(name: str, lang: str = "en") -> str:
    """The usual fix for that mismatch, comment above; empty where strict=False alone is right."""
    if name not in STRICT_FIX:
        return ""
    code, key = STRICT_FIX[name]
    return f"# {_c(lang, key)}\n{code}"


def strict_loading_code(name: str, strict: bool, fixed: bool, lang: str = "en") -> str:
    """Save TinyVGG, change the new model as the page's mismatch does, load with strict, print every key's fate."""
    if name not in STRICT_CHANGE:
        raise ValueError(f"Unknown mismatch {name!r}; choose one of {tuple(STRICT_CHANGE)}")
    fix = strict_fix_code(name, lang) if fixed else ""
    saved_from_dp = name == "data_parallel"
    save = strict_change_code(name, lang) if saved_from_dp else 'torch.save(saved.state_dict(), "tiny_vgg.pt")'
    change = "" if saved_from_dp else strict_change_code(name, lang) + "\n"
    imports = "from torch.nn.modules.utils import consume_prefix_in_state_dict_if_present\n" if fix and saved_from_dp \
        else ""
    return f'''import torch
from torch import nn
{imports}

{inspect.getsource(TinyVGG)}

torch.manual_seed({SAVED_SEED})
saved = TinyVGG()
{save}

torch.manual_seed({NEW_SEED})  # {_c(lang, "other_init")}
model = TinyVGG()
{change}
state = torch.load("tiny_vgg.pt")  # {_c(lang, "default_safe")}
{fix + chr(10) if fix else ""}before = {{key: tensor.clone() for key, tensor in model.state_dict().items()}}
try:
    print(model.load_state_dict(state, strict={strict}))  # {_c(lang, "returns_keys")}
except RuntimeError as error:
    print("RuntimeError:", error)

after = model.state_dict()
for key, tensor in after.items():  # {_c(lang, "compare_tensors")}
    if key in state and state[key].shape != tensor.shape:
        status = "mismatch"
    elif key in state and torch.equal(tensor, state[key]):
        status = "loaded"
    else:
        status = "init" if torch.equal(tensor, before[key]) else "changed"
    print(f"{{key:<30}} {{status}}")
for key in state:
    if key not in after:
        print(f"{{key:<30}} unexpected")
'''


RELU_INPUTS = {"mul": "w * 2", "sigmoid": "torch.sigmoid(w)", "leaf": "w"}  # what hands ReLU its input


def relu_inplace_code(values: list[float], inplace: bool, preceding: str, lang: str = "en") -> str:
    """ReLU on a tensor, x before and after, y is x?; then ReLU after another op, and what backward() says."""
    if preceding not in RELU_INPUTS:
        raise ValueError(f"preceding must be one of {tuple(RELU_INPUTS)}, not {preceding!r}")
    numbers = "[" + ", ".join(repr(float(v)) for v in values) + "]"
    return f'''import torch
from torch import nn

x = torch.tensor({numbers})
print("x before:", x.tolist(), "version", x._version)
y = nn.ReLU(inplace={bool(inplace)})(x)  # {_c(lang, "inplace_" + str(bool(inplace)).lower())}
print("x after: ", x.tolist(), "version", x._version)  # {_c(lang, "version")}
print("y:       ", y.tolist())
print("y is x:", y is x)
print("same memory:", y.data_ptr() == x.data_ptr())

w = torch.tensor({numbers}, requires_grad=True)  # {_c(lang, "leaf")}
try:
    h = {RELU_INPUTS[preceding]}  # {_c(lang, "relu_input_" + preceding)}
    out = nn.ReLU(inplace={bool(inplace)})(h)
    out.sum().backward()
    print("w.grad:", w.grad.tolist())
except RuntimeError as error:
    print("RuntimeError:", error)
'''
