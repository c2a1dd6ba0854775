"""Every checkpoint layout a learner brings, through every entry point that reads an uploaded file.

The Save & load upload, the Draw page's weight upload and the Models page's weight upload must
accept the same layouts and refuse the same files with the same message. The layouts are built
the way their authors write them: seed 004's save_checkpoint dict (with and without
nn.DataParallel's "module."), {epoch, model, optimizer, best_acc}, the Train page's own script,
PyTorch's {model_state_dict, optimizer_state_dict} recipe, TorchLab's format and a bare state_dict.
"""

import ast
import contextlib
import io
import pickle
import runpy

import pytest
import torch
import torch.nn.functional as F
from apptest_pages import open_page
from seed_004 import seed_004_state
from test_training_snippet import mnist_root  # noqa: F401  (a fixture: MNIST unpacked where torchvision reads it)
from torch import nn

from core.code.training_code import training_loop_code
from core.models import create_model
from core.models.checkpoints import CheckpointError, load_checkpoint, save_checkpoint
from core.models.torchvision_models import build_torchvision, load_pretrained
from core.models.training_checkpoint import inspect_upload
from core.training.config import TrainConfig


def saved(obj) -> bytes:
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()


def trained(model: nn.Module, shape=(1, 28, 28), classes=10) -> tuple[nn.Module, torch.optim.Optimizer]:
    """One real SGD-momentum step (the ImageNet example's optimizer), so the optimizer has state to save."""
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
    x = torch.randn(4, *shape, generator=torch.Generator().manual_seed(1))  # (N, C, H, W)
    y = torch.arange(4) % classes  # (N,)
    F.cross_entropy(model(x), y).backward()
    optimizer.step()
    return model.eval(), optimizer


def train_script_save(model: nn.Module, optimizer) -> bytes:
    """Run the very torch.save statement the Train page's plain-PyTorch script contains."""
    code = training_loop_code(TrainConfig(device="cpu"))
    call = next(node for node in ast.walk(ast.parse(code)) if isinstance(node, ast.Call)
                and ast.unparse(node.func) == "torch.save")
    buffer = io.BytesIO()
    call.args[1] = ast.Name("buffer", ast.Load())  # "checkpoint.pt" → memory
    exec(compile(ast.Expression(ast.fix_missing_locations(call)), "train.py", "eval"),
         {"torch": torch, "model": model, "optimizer": optimizer, "epoch": 2, "best_acc": 0.93, "buffer": buffer})
    return buffer.getvalue()


def our_format(model: nn.Module, _optimizer, tmp_path) -> bytes:
    save_checkpoint(tmp_path / "ours.pt", model, "convnet", {"test_acc": 0.99})
    return (tmp_path / "ours.pt").read_bytes()


def with_prefix(state: dict, prefix: str) -> dict:
    return {prefix + k: v for k, v in state.items()}


LAYOUTS = {
    "seed 004": lambda m, o, _: saved(seed_004_state(m, o, "convnet")),
    "seed 004, DataParallel": lambda m, o, _: saved(seed_004_state(nn.DataParallel(m), o, "convnet")),
    "seed 004, arch torchvision's": lambda m, o, _: saved(seed_004_state(m, o, "resnet18")),
    "{epoch, model, optimizer, best_acc}": lambda m, o, _: saved(
        {"epoch": 3, "model": m.state_dict(), "optimizer": o.state_dict(), "best_acc": 0.97}),
    "{epoch, model, optimizer, best_acc}, DataParallel": lambda m, o, _: saved(
        {"epoch": 3, "model": nn.DataParallel(m).state_dict(), "optimizer": o.state_dict(), "best_acc": 0.97}),
    "Train page script": lambda m, o, _: train_script_save(m, o),
    "PyTorch recipe": lambda m, o, _: saved(
        {"epoch": 1, "model_state_dict": m.state_dict(), "optimizer_state_dict": o.state_dict(), "loss": 0.4}),
    "TorchLab": our_format,
    "bare state_dict": lambda m, o, _: saved(m.state_dict()),
    "bare, DataParallel": lambda m, o, _: saved(nn.DataParallel(m).state_dict()),
    "bare, torch.compile": lambda m, o, _: saved(with_prefix(m.state_dict(), "_orig_mod.")),
}


@pytest.fixture(scope="module")
def convnet():
    torch.manual_seed(0)
    return trained(create_model("convnet"))


def same_outputs(a: nn.Module, b: nn.Module) -> bool:
    x = torch.randn(3, 1, 28, 28, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        return torch.equal(a(x), b(x))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_entry_point_accepts_every_layout(layout, convnet, tmp_path):
    model, optimizer = convnet
    data = LAYOUTS[layout](model, optimizer, tmp_path)
    report = inspect_upload(data)  # the Save & load page's upload
    assert report.model == "convnet" and report.mismatch is None, report.mismatch
    loaded = load_checkpoint(data)  # the Draw page's upload
    assert loaded.model_name == "convnet" and same_outputs(model, loaded.model)


def test_the_upload_reports_where_it_found_the_weights(convnet, tmp_path):
    model, optimizer = convnet
    found = {name: inspect_upload(build(model, optimizer, tmp_path)).kind for name, build in LAYOUTS.items()}
    assert found["seed 004, DataParallel"] == found["Train page script"] == "state_dict"
    assert found["{epoch, model, optimizer, best_acc}"] == "model"
    assert found["PyTorch recipe"] == "model_state_dict"
    assert found["TorchLab"] == "torchlab" and found["bare, DataParallel"] == "bare"
    report = inspect_upload(LAYOUTS["seed 004"](model, optimizer, tmp_path))
    rows = {r.path: r.detail for r in report.rows}
    assert rows["arch"] == "'convnet'" and rows["epoch"] == "5" and "optimizer.state.0.momentum_buffer" in rows


def test_the_meta_of_a_seed_004_checkpoint_comes_along(convnet):
    loaded = load_checkpoint(LAYOUTS["seed 004"](*convnet, None))
    assert loaded.meta == {"epoch": 5, "arch": "convnet", "best_acc1": 71.25}


@pytest.mark.parametrize("wrap", [False, True], ids=["plain", "DataParallel"])
def test_a_seed_004_resnet_checkpoint_loads_on_the_models_page(wrap):
    """Seed 004 trains a torchvision ResNet; its checkpoint is the Models page's weights too."""
    torch.manual_seed(0)
    model, optimizer = trained(build_torchvision("resnet18", "cpu").train(), shape=(3, 64, 64))
    data = saved(seed_004_state(nn.DataParallel(model) if wrap else model, optimizer, "resnet18"))
    loaded = load_pretrained("resnet18", data)
    x = torch.randn(2, 3, 64, 64, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        assert torch.equal(model(x), loaded(x))
    report = inspect_upload(data)  # ~90 MB with the momentum buffers: a real seed 004 file's size
    assert report.kind == "state_dict" and report.mismatch.message.key == "errors.ckpt_no_architecture"


class Payload:
    """Unpickling this creates `marker`: a stand-in for any code a checkpoint could run."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


ENTRY_POINTS = {
    "Save & load": inspect_upload,
    "Draw": load_checkpoint,
    "Models": lambda data: load_pretrained("resnet18", data),
}


@pytest.mark.filterwarnings("ignore:Detected pickle protocol")
@pytest.mark.parametrize("what, key", [
    ("code", "errors.ckpt_code"),
    ("pickled code", "errors.ckpt_code"),
    ("whole model", "errors.ckpt_code"),
    ("not a checkpoint", "errors.ckpt_no_weights"),
    ("a list", "errors.ckpt_no_weights"),
    ("junk", "errors.ckpt_not_checkpoint"),
    ("empty", "errors.ckpt_empty"),
])
def test_every_entry_point_refuses_the_same_files_with_the_same_message(what, key, tmp_path):
    marker = tmp_path / "pwned"
    data = {
        "code": lambda: saved({"state_dict": create_model("linear").state_dict(), "extra": Payload(marker)}),
        "pickled code": lambda: pickle.dumps({"state_dict": {"w": torch.zeros(2)}, "extra": Payload(marker)}),
        "whole model": lambda: saved(create_model("convnet")),
        "not a checkpoint": lambda: saved({"epoch": 3, "note": "hello"}),
        "a list": lambda: saved([torch.zeros(2)]),
        "junk": lambda: b"just some text, not a checkpoint\n",
        "empty": lambda: b"",
    }[what]()
    messages = {}
    for name, read in ENTRY_POINTS.items():
        with pytest.raises(CheckpointError) as caught:
            read(data)
        messages[name] = caught.value.message
    assert {m.key for m in messages.values()} == {key}, messages
    assert len({m.render("zh") for m in messages.values()}) == 1, "word for word the same"
    assert not marker.exists(), "nothing in the file ran"


def test_the_refusal_names_what_the_file_holds_instead():
    with pytest.raises(CheckpointError) as caught:
        load_checkpoint(saved({"epoch": 3, "note": "hello"}))
    assert "epoch, note" in str(caught.value) and "state_dict, model_state_dict or model" in str(caught.value)


def test_the_checkpoint_the_train_pages_script_writes_is_accepted(mnist_root, tmp_path, monkeypatch):
    """Run the generated script for a tiny run, then upload the checkpoint.pt it wrote."""
    config = TrainConfig(train_subset=200, test_subset=100, epochs=1, batch_size=50, device="cpu")
    script = tmp_path / "train.py"
    script.write_text(training_loop_code(config, data_root=str(mnist_root)), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with contextlib.redirect_stdout(io.StringIO()):
        runpy.run_path(str(script), run_name="__main__")
    data = (tmp_path / "checkpoint.pt").read_bytes()
    report = inspect_upload(data)
    assert report.kind == "state_dict" and report.model == "convnet" and report.mismatch is None
    assert load_checkpoint(data).meta["epoch"] == 1


def upload(at, key: str, data: bytes, name: str = "checkpoint.pt"):
    at.file_uploader(key=key).set_value((name, data, "application/octet-stream")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("layout", ["seed 004, DataParallel", "{epoch, model, optimizer, best_acc}"])
def test_the_draw_page_uses_an_uploaded_training_checkpoint(layout, convnet, tmp_path):
    at = open_page("pages/draw.py")
    at.selectbox(key="draw.model").select("upload").run()
    upload(at, "draw.weights", LAYOUTS[layout](*convnet, tmp_path))
    assert not at.error and "Using your convnet" in at.success[0].value


def test_the_draw_page_refuses_a_file_without_weights_in_the_save_load_pages_words():
    at = open_page("pages/draw.py")
    at.selectbox(key="draw.model").select("upload").run()
    upload(at, "draw.weights", saved({"epoch": 3, "note": "hi"}), "notes.pt")
    assert "TorchLab finds no weights" in at.error[0].value and "{epoch, note}" in at.error[0].value


def test_the_models_page_loads_seed_004s_resnet_checkpoint():
    torch.manual_seed(0)
    model, optimizer = trained(build_torchvision("resnet18", "cpu").train(), shape=(3, 64, 64))
    at = open_page("pages/models.py")
    at.selectbox(key="models.model").select("resnet18").run()
    upload(at, "models.weights.resnet18", saved(seed_004_state(nn.DataParallel(model), optimizer, "resnet18")))
    assert not at.error and "every tensor fits" in at.success[0].value
