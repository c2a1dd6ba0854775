"""Transfer learning (#23): torchvision backbones with a new head, their weights from a file, torchvision's
download or nowhere, frozen or fine-tuned at a smaller lr. Nothing is downloaded: files hold random
weights saved in torchvision's format, and the download itself is replaced."""

from __future__ import annotations

import math
from urllib.error import URLError

import pytest
import torch
from torch import nn

from core.data.shape_pictures import write_shape_folder
from core.models import create_model
from core.models import transfer as tr
from core.models.checkpoints import CheckpointError, save_checkpoint
from core.models.transfer import BACKBONES, WeightsError, head_of, published_weights, transfer_model
from core.training.config import TrainConfig
from core.training.loop import seeded_model, train
from core.training.optim import build_optimizer, lr_at, param_groups, set_lr
from core.training.records import EndRecord, EpochRecord, StartRecord

from shape_folder import own_cache  # noqa: F401  (fixture: a cache folder per test)

RESNET, MOBILENET = "resnet18-transfer", "mobilenet-v3-small-transfer"
SMALL = (2, 3, 64, 64)  # the nets end in adaptive pooling: small pictures keep these tests fast


@pytest.fixture(autouse=True)
def own_torch_home(tmp_path, monkeypatch):
    """torch.hub's cache in the test's folder: never the machine's ~/.cache/torch."""
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))


def torchvision_state(name: str, seed: int = 1) -> dict:
    """What torchvision publishes for this backbone, with random numbers: a 1000-class ImageNet head."""
    import torchvision.models

    torch.manual_seed(seed)
    return getattr(torchvision.models, BACKBONES[name].builder)(weights=None).state_dict()


def backbone_params(model: nn.Module, name: str) -> dict:
    head = {id(p) for p in head_of(model, name).parameters()}
    return {n: p.detach().clone() for n, p in model.named_parameters() if id(p) not in head}


@pytest.mark.parametrize("name", [RESNET, MOBILENET])
def test_a_transfer_model_answers_with_one_score_per_class_at_224(name):
    model = transfer_model(name, classes=3).eval()
    with torch.no_grad():
        assert model(torch.randn(2, 3, 224, 224)).shape == (2, 3)  # (N, classes)
    assert head_of(model, name).out_features == 3


@pytest.mark.parametrize("name", [RESNET, MOBILENET])
def test_features_mode_trains_the_head_alone(name):
    torch.manual_seed(0)
    model = transfer_model(name, classes=3, transfer="features").train()
    trainable = [n for n, p in model.named_parameters() if p.requires_grad]
    assert trainable == [f"net.{BACKBONES[name].head}.weight", f"net.{BACKBONES[name].head}.bias"]
    config = TrainConfig(model=name, transfer="features")
    optimizer = build_optimizer(config, param_groups(model, config))
    assert len(optimizer.param_groups) == 1 and len(optimizer.param_groups[0]["params"]) == 2
    backbone, head = backbone_params(model, name), head_of(model, name).weight.detach().clone()
    nn.functional.cross_entropy(model(torch.randn(*SMALL)), torch.tensor([0, 2])).backward()
    optimizer.step()
    assert all(torch.equal(p, backbone[n]) for n, p in model.named_parameters() if n in backbone)
    assert not torch.equal(head_of(model, name).weight, head), "the head learned"


def test_finetuning_trains_the_backbone_at_a_share_of_the_schedules_lr():
    model = transfer_model(MOBILENET, classes=3)
    assert all(p.requires_grad for p in model.parameters())
    config = TrainConfig(model=MOBILENET, lr=0.01, schedule="cosine", epochs=3, backbone_lr=0.1)
    optimizer = build_optimizer(config, param_groups(model, config))
    head, backbone = optimizer.param_groups
    assert {id(p) for p in head["params"]} == {id(p) for p in head_of(model, MOBILENET).parameters()}
    assert len(head["params"]) + len(backbone["params"]) == len(list(model.parameters()))
    assert (head["lr"], backbone["lr"]) == pytest.approx((0.01, 0.001)), "they start apart before any set_lr"
    for step in range(0, 30, 7):
        set_lr(optimizer, lr_at(config, step, 10))
        assert head["lr"] == pytest.approx(lr_at(config, step, 10))
        assert backbone["lr"] == pytest.approx(0.1 * lr_at(config, step, 10))


def test_under_cuda_graphs_each_group_keeps_its_own_lr_tensor_and_steps_like_eager():
    """build_optimizer(graph_device=…) as core.training.step uses it; fused, capturable Adam runs on a CPU too."""
    config = TrainConfig(model=MOBILENET, lr=0.01)
    torch.manual_seed(0)
    graphed, eager = transfer_model(MOBILENET, 3), transfer_model(MOBILENET, 3)
    eager.load_state_dict(graphed.state_dict())
    x, y = torch.randn(*SMALL), torch.tensor([1, 2])
    optimizers = []
    for model, device in ((graphed, torch.device("cpu")), (eager, None)):
        optimizer = build_optimizer(config, param_groups(model, config), graph_device=device)
        set_lr(optimizer, 0.005)
        model.eval()  # the same BatchNorm statistics in both
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
        optimizers.append(optimizer)
    lrs = [group["lr"] for group in optimizers[0].param_groups]
    assert all(isinstance(lr, torch.Tensor) for lr in lrs) and lrs[0] is not lrs[1]
    assert [lr.item() for lr in lrs] == pytest.approx([0.005, 0.0005])
    for (name, a), b in zip(graphed.named_parameters(), eager.parameters()):
        torch.testing.assert_close(a, b, msg=name)


def test_other_models_keep_one_plain_group():
    model = create_model("cifar-net")
    groups = param_groups(model, TrainConfig(model="cifar-net"))
    assert len(groups) == 1 and groups[0].keys() == {"params"}
    assert len(groups[0]["params"]) == len(list(model.parameters()))


def test_a_pth_in_torchvisions_format_fills_the_backbone_and_its_head_is_replaced(tmp_path):
    path = tmp_path / "resnet18.pth"
    saved = torchvision_state(RESNET)
    torch.save(saved, path)  # the layout of torchvision's resnet18-f37072fd.pth
    model = transfer_model(RESNET, classes=3, weights=str(path))
    state = model.state_dict()
    assert all(torch.equal(state[f"net.{k}"], v) for k, v in saved.items() if not k.startswith("fc."))
    assert model.net.fc.out_features == 3


def test_seed_004s_resnet18_checkpoint_is_weights_too(tmp_path):
    """torch.save({"epoch", "arch": "resnet18", "state_dict": DataParallel's "module."-prefixed weights, …})."""
    saved = torchvision_state(RESNET)
    torch.save({"epoch": 3, "arch": "resnet18", "best_acc1": 71.0, "optimizer": {"state": {}, "param_groups": []},
                "state_dict": {f"module.{k}": v for k, v in saved.items()}}, tmp_path / "checkpoint.pth.tar")
    model = transfer_model(RESNET, classes=3, weights=str(tmp_path / "checkpoint.pth.tar"))
    assert torch.equal(model.net.conv1.weight, saved["conv1.weight"])


def test_an_earlier_run_of_the_same_model_is_weights_too(tmp_path):
    earlier = transfer_model(MOBILENET, classes=5)
    save_checkpoint(tmp_path / "earlier.pt", earlier, MOBILENET)
    model = transfer_model(MOBILENET, classes=3, weights=str(tmp_path / "earlier.pt"))
    assert torch.equal(model.net.features[0][0].weight, earlier.net.features[0][0].weight)


def test_the_seed_draws_the_same_head_whatever_weights_the_backbone_gets(tmp_path, shapes_small):
    torch.save(torchvision_state(MOBILENET), tmp_path / "m.pth")
    config = TrainConfig(model=MOBILENET, dataset=f"folder:{shapes_small}", seed=3)
    random_start = seeded_model(config)
    from_file = seeded_model(TrainConfig(**{**vars(config), "weights": str(tmp_path / "m.pth")}))
    torch.testing.assert_close(head_of(random_start, MOBILENET).weight, head_of(from_file, MOBILENET).weight)
    assert not torch.equal(random_start.net.features[0][0].weight, from_file.net.features[0][0].weight)
    assert head_of(from_file, MOBILENET).out_features == 3


def test_weights_of_the_other_backbone_are_refused_naming_the_model_they_fit(tmp_path):
    path = tmp_path / "mobilenet.pth"
    torch.save(torchvision_state(MOBILENET), path)
    with pytest.raises(WeightsError) as refused:
        transfer_model(RESNET, classes=3, weights=str(path))
    assert "MobileNetV3-Small" in str(refused.value) and MOBILENET in str(refused.value)
    assert "不是 ResNet-18" in refused.value.render("zh")


def test_a_misshapen_layer_is_named(tmp_path):
    state = torchvision_state(RESNET)
    state["layer1.0.conv1.weight"] = torch.zeros(64, 64, 5, 5)  # a 5×5 kernel where ResNet-18 has 3×3
    torch.save(state, tmp_path / "odd.pth")
    with pytest.raises(CheckpointError) as refused:
        transfer_model(RESNET, classes=3, weights=str(tmp_path / "odd.pth"))
    assert "layer1.0.conv1.weight" in str(refused.value) and "[64, 64, 3, 3]" in str(refused.value)


def test_a_file_with_code_is_refused_before_anything_runs(tmp_path):
    torch.save({"model": nn.Linear(2, 2)}, tmp_path / "whole.pth")  # a pickled module, not a state_dict
    with pytest.raises(CheckpointError):
        transfer_model(RESNET, classes=3, weights=str(tmp_path / "whole.pth"))


def test_offline_the_torchvision_weights_are_refused_with_the_url_and_the_folder():
    published = published_weights(RESNET)
    assert not published.cached and published.megabytes == pytest.approx(44.7, abs=0.1)
    with pytest.raises(WeightsError) as refused:
        transfer_model(RESNET, classes=3, weights="torchvision")
    words = str(refused.value)
    assert "https://download.pytorch.org/models/resnet18-f37072fd.pth" in words
    assert str(published.path.parent) in words and "TORCHLAB_OFFLINE" in words
    assert published.url in refused.value.render("zh")


def test_online_torchvisions_download_fills_its_cache_once(monkeypatch):
    fetched = []

    def fake_fetch(name):  # what get_state_dict(progress=False) leaves behind: the file in torch.hub's cache
        fetched.append(name)
        path = published_weights(name).path
        path.parent.mkdir(parents=True, exist_ok=True)
        torch.save(torchvision_state(name, seed=7), path)

    monkeypatch.setattr(tr, "downloads_allowed", lambda: True)
    monkeypatch.setattr(tr, "fetch_weights", fake_fetch)
    first = transfer_model(MOBILENET, classes=3, weights="torchvision")
    second = transfer_model(MOBILENET, classes=3, weights="torchvision")
    assert fetched == [MOBILENET], "the second model came from the cache"
    expected = torchvision_state(MOBILENET, seed=7)["features.0.0.weight"]
    assert torch.equal(first.net.features[0][0].weight, expected)
    assert torch.equal(second.net.features[0][0].weight, expected)


def test_a_failed_download_says_how_to_get_the_file_by_hand(monkeypatch):
    def no_network(name):
        raise URLError("Temporary failure in name resolution")

    monkeypatch.setattr(tr, "downloads_allowed", lambda: True)
    monkeypatch.setattr(tr, "fetch_weights", no_network)
    with pytest.raises(WeightsError) as refused:
        transfer_model(MOBILENET, classes=3, weights="torchvision")
    words = str(refused.value)
    assert "name resolution" in words and published_weights(MOBILENET).url in words


@pytest.fixture(scope="module")
def shapes_small(tmp_path_factory):
    return write_shape_folder(tmp_path_factory.mktemp("shapes"), per_class=6, size=64)


def test_the_loop_extracts_features_on_a_folder_end_to_end(shapes_small, tmp_path):
    """224-px pictures (kept at 256, centre-cropped), a frozen MobileNet from a .pth, one epoch of batches of 8."""
    torch.save(torchvision_state(MOBILENET), tmp_path / "m.pth")
    config = TrainConfig(model=MOBILENET, dataset=f"folder:{shapes_small}", weights=str(tmp_path / "m.pth"),
                         transfer="features", epochs=1, batch_size=8, lr=1e-3)
    model = seeded_model(config)
    backbone, head = backbone_params(model, MOBILENET), head_of(model, MOBILENET).weight.detach().clone()
    records = list(train(config, model))
    start, end = records[0], records[-1]
    assert isinstance(start, StartRecord) and (start.train_size, start.test_size) == (15, 3)
    epoch = next(r for r in records if isinstance(r, EpochRecord))
    assert math.isfinite(epoch.train_loss) and len(epoch.confusion) == 3
    assert isinstance(end, EndRecord) and end.reason == "finished"
    assert all(torch.equal(p, backbone[n]) for n, p in model.named_parameters() if n in backbone)
    assert not torch.equal(head_of(model, MOBILENET).weight, head)
