"""core.models.checkpoints: weights round-trip, writes are atomic, and anything that is not weights is refused."""

import pickle
import random

import pytest
import torch

from core.models import create_model
from core.models.checkpoints import CheckpointError, load_checkpoint, read_metadata, save_checkpoint


def _model(name="convnet", seed=0):
    torch.manual_seed(seed)
    return create_model(name).eval()


def _same_outputs(a, b, shape=(3, 1, 28, 28)):
    x = torch.randn(*shape, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        return torch.equal(a(x), b(x))


def _bytes_of(obj, tmp_path):
    torch.save(obj, tmp_path / "obj.pt")
    return (tmp_path / "obj.pt").read_bytes()


def test_round_trip(tmp_path):
    model = _model()
    save_checkpoint(tmp_path / "m.pt", model, "convnet", {"test_acc": 0.987})
    loaded = load_checkpoint(tmp_path / "m.pt")
    assert loaded.model_name == "convnet" and not loaded.model.training
    assert _same_outputs(model, loaded.model)
    meta = read_metadata(tmp_path / "m.pt")
    assert meta["model"] == "convnet" and meta["test_acc"] == 0.987
    assert meta["torch_version"] == torch.__version__ and meta["date"][:2] == "20"
    assert loaded.meta == meta


def test_write_is_atomic(tmp_path, monkeypatch):
    first = _model(seed=0)
    save_checkpoint(tmp_path / "m.pt", first, "convnet")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json", "m.pt"]

    def save_half_then_fail(obj, f):
        with open(f, "wb") as out:
            out.write(b"PK\x03\x04 half a checkpoint")
        raise OSError("disk full")

    monkeypatch.setattr(torch, "save", save_half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        save_checkpoint(tmp_path / "m.pt", _model(seed=1), "convnet")
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json", "m.pt"]  # no temp file left
    assert _same_outputs(first, load_checkpoint(tmp_path / "m.pt").model)


class Payload:
    """Unpickling this creates `marker`: a stand-in for any code a checkpoint could run."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_the_payload_is_live_when_unpickled_carelessly(tmp_path):
    pickle.loads(pickle.dumps(Payload(tmp_path / "control")))
    assert (tmp_path / "control").exists()


@pytest.mark.filterwarnings("ignore:Detected pickle protocol")
@pytest.mark.parametrize("how", ["torch.save", "pickle"])
def test_a_file_carrying_code_is_refused_and_not_run(tmp_path, how):
    marker = tmp_path / "pwned"
    evil = {"state_dict": create_model("linear").state_dict(), "extra": Payload(marker)}
    path = tmp_path / "evil.pt"
    if how == "pickle":
        path.write_bytes(pickle.dumps(evil))
    else:
        torch.save(evil, path)
    with pytest.raises(CheckpointError, match="never runs code"):
        load_checkpoint(path)
    assert not marker.exists()


@pytest.mark.filterwarnings("ignore:Detected pickle protocol")
@pytest.mark.parametrize("content", [b"", random.Random(0).randbytes(4096), b"just some text\n"],
                         ids=["empty", "random", "text"])
def test_junk_is_refused(tmp_path, content):
    (tmp_path / "junk.pt").write_bytes(content)
    with pytest.raises(CheckpointError):
        load_checkpoint(tmp_path / "junk.pt")
    with pytest.raises(CheckpointError):
        load_checkpoint(content)


def test_truncated_checkpoint_is_refused(tmp_path):
    save_checkpoint(tmp_path / "m.pt", _model(), "convnet")
    whole = (tmp_path / "m.pt").read_bytes()
    with pytest.raises(CheckpointError, match="cut short"):
        load_checkpoint(whole[: len(whole) // 2])


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(CheckpointError, match="No checkpoint file"):
        load_checkpoint(tmp_path / "nope.pt")


def test_wrong_shapes_for_the_named_model_are_refused(tmp_path):
    state = create_model("convnet").state_dict()
    state["fc1.weight"] = torch.zeros(256, 2000)
    with pytest.raises(CheckpointError, match=r"fc1.weight has shape \[256, 2000\].*\[500, 2000\]"):
        load_checkpoint(_bytes_of(state, tmp_path), model_name="convnet")


def test_another_architecture_under_a_given_name_is_refused(tmp_path):
    cnn = _bytes_of(create_model("cnn").state_dict(), tmp_path)
    with pytest.raises(CheckpointError, match=r"missing conv1\.bias.*unexpected conv1\.0\.bias"):
        load_checkpoint(cnn, model_name="convnet")


@pytest.mark.parametrize("name", ["convnet", "cnn", "linear"])
def test_bare_state_dict_loads_and_its_architecture_is_guessed(tmp_path, name):
    model = _model(name)
    loaded = load_checkpoint(_bytes_of(model.state_dict(), tmp_path))
    assert loaded.model_name == name
    assert _same_outputs(model, loaded.model)


def test_ddp_module_prefix_is_stripped(tmp_path):
    model = _model()
    state = {f"module.{k}": v for k, v in model.state_dict().items()}
    loaded = load_checkpoint(_bytes_of(state, tmp_path))
    assert loaded.model_name == "convnet" and _same_outputs(model, loaded.model)


def test_seed_004_training_checkpoint_loads(tmp_path):
    model = _model()
    blob = {"epoch": 7, "arch": "convnet", "state_dict": model.state_dict(), "best_acc1": 99.0,
            "optimizer": torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9).state_dict()}
    loaded = load_checkpoint(_bytes_of(blob, tmp_path))
    assert _same_outputs(model, loaded.model)
    assert loaded.meta["epoch"] == 7 and loaded.meta["best_acc1"] == 99.0


def test_nan_weights_are_refused(tmp_path):
    state = create_model("convnet").state_dict()
    state["fc2.bias"][3] = float("nan")
    with pytest.raises(CheckpointError, match="NaN"):
        load_checkpoint(_bytes_of(state, tmp_path))


@pytest.mark.parametrize("obj, key", [
    ({"lr": 0.1, "epoch": 3}, "errors.ckpt_no_weights"),
    ({"state_dict": {"w": [1.0, 2.0]}}, "errors.ckpt_not_state_dict"),
    ([torch.zeros(2)], "errors.ckpt_no_weights"),
    ({}, "errors.ckpt_no_weights"),
])
def test_non_tensor_contents_are_refused(tmp_path, obj, key):
    with pytest.raises(CheckpointError, match="state_dict") as caught:
        load_checkpoint(_bytes_of(obj, tmp_path))
    assert caught.value.message.key == key
