"""The "same run in plain PyTorch" script of the Train page: it runs, and it says what our trainer does."""

import ast
import contextlib
import io
import re
import runpy

import pytest
import torch
from PIL import Image
from torch import nn

from core.code.snippets import plain_model_source
from core.code.training_code import training_loop_code
from core.data.datasets import DATASETS
from core.models import get_model_info
from core.models.checkpoints import load_checkpoint
from core.training.config import OPTIMIZERS, SCHEDULES, TrainConfig
from core.training.optim import build_optimizer, lr_at
from mnist_raw import mnist_root  # noqa: F401, F811  (a fixture)

RUN = dict(model="convnet", dataset="mnist", train_subset=1000, test_subset=500, epochs=1, batch_size=100,
           device="cpu")
TUNED = dict(lr=0.05, momentum=0.8, alpha=0.95, beta1=0.85, beta2=0.99, weight_decay=5e-4, epochs=4,
             step_size=2, gamma=0.5)  # none of them a torch default, so a dropped argument shows




@pytest.mark.parametrize("extra", [
    {},  # Adam, constant learning rate, no augmentation
    dict(optimizer="momentum", lr=0.05, schedule="cosine", augment=True, lang="zh"),
    dict(optimizer="rmsprop", lr=1e-3, schedule="step", epochs=2, train_subset=500, test_subset=200),
    dict(normalization="0.5", model="linear", lr=1e-2),  # seed 003's Normalize((0.5,), (0.5,))
], ids=["adam", "momentum-cosine-augment-zh", "rmsprop-step", "normalize-half"])
def test_the_script_trains_and_writes_a_checkpoint_torchlab_loads(extra, mnist_root, tmp_path, monkeypatch):
    lang = extra.pop("lang", "en")
    config = TrainConfig(**{**RUN, **extra})
    script = tmp_path / "train.py"
    script.write_text(training_loop_code(config, data_root=str(mnist_root), lang=lang), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        runpy.run_path(str(script), run_name="__main__")

    printed = [float(a) / 100 for a in re.findall(r"^epoch \d+: test loss [\d.]+, test accuracy ([\d.]+)%$",
                                                  out.getvalue(), re.M)]
    assert len(printed) == config.epochs, out.getvalue()
    assert max(printed) > 0.25  # it learned: chance is 0.1, and 10 steps of Adam reach ~0.7
    loaded = load_checkpoint(tmp_path / "checkpoint.pt")  # the architecture is recognised from the weights
    assert loaded.model_name == config.model
    assert loaded.meta["best_acc"] == pytest.approx(max(printed), abs=1e-4)
    assert loaded.meta["epoch"] == max(i + 1 for i, a in enumerate(printed) if a == max(printed))
    blob = torch.load(tmp_path / "checkpoint.pt", weights_only=True)
    assert set(blob["optimizer"]) == {"state", "param_groups"}  # resumable: the optimizer's state rides along


@pytest.mark.parametrize("schedule", SCHEDULES)
@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_optimizer_and_schedule_are_the_configs(optimizer, schedule):
    config = TrainConfig(optimizer=optimizer, schedule=schedule, **TUNED)
    code = training_loop_code(config)
    compile(code, "train.py", "exec")
    line = next(row for row in code.splitlines() if row.startswith("optimizer = "))
    cls = {"sgd": "SGD(", "momentum": "SGD(", "rmsprop": "RMSprop(", "adam": "Adam(", "adamw": "AdamW("}
    assert f"torch.optim.{cls[optimizer]}model.parameters(), lr=0.05" in line
    assert "weight_decay=0.0005" in line
    assert ("momentum=0.8" in line) == (optimizer == "momentum")
    assert ("alpha=0.95" in line) == (optimizer == "rmsprop")
    assert ("betas=(0.85, 0.99)" in line) == (optimizer in ("adam", "adamw"))

    # What the script builds is what core.training.optim builds, hyperparameter for hyperparameter ...
    ns = {"torch": torch, "model": nn.Linear(2, 2), "epochs": config.epochs, "train_loader": range(3)}
    exec(line, ns)
    ours = build_optimizer(config, nn.Linear(2, 2).parameters())
    assert type(ns["optimizer"]) is type(ours)
    hyper = lambda opt: {k: v for k, v in opt.param_groups[0].items() if k != "params"}  # noqa: E731
    assert hyper(ns["optimizer"]) == hyper(ours)

    # ... and its scheduler, stepped where the script steps it, gives core.training.optim.lr_at's rates.
    scheduler = [ast.get_source_segment(code, node) for node in ast.parse(code).body  # one statement, maybe
                 if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "scheduler"]  # lines
    assert ("lr_scheduler" in code) == (schedule != "constant") == bool(scheduler)
    per_batch = "\n        scheduler.step()" in code
    per_epoch = "\n    scheduler.step()" in code
    assert (per_batch, per_epoch) == {"constant": (False, False), "step": (False, True),
                                      "cosine": (True, False), "onecycle": (True, False)}[schedule]
    if scheduler:
        exec(scheduler[0], ns)
    rates = []
    for _ in range(config.epochs):
        for _ in ns["train_loader"]:
            rates.append(ns["optimizer"].param_groups[0]["lr"])
            ns["optimizer"].step()
            if per_batch:
                ns["scheduler"].step()
        if per_epoch:
            ns["scheduler"].step()
    expected = [lr_at(config, step, 3) for step in range(config.epochs * 3)]
    assert rates == pytest.approx(expected, rel=1e-9, abs=1e-15)
    if schedule == "step":
        assert "StepLR(optimizer, step_size=2, gamma=0.5)" in code


def test_the_script_imports_only_torch_torchvision_and_time():
    code = training_loop_code(TrainConfig(augment=True, schedule="cosine", train_subset=10))
    imported = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module.split(".")[0])
    assert imported == {"time", "torch", "torchvision"}  # torch.utils.tensorboard also needs the tensorboard package


@pytest.mark.parametrize("dataset", DATASETS)
def test_each_dataset_gets_its_torchvision_class_and_statistics(dataset):
    spec = DATASETS[dataset]
    model = "cifar-net" if spec.shape[0] == 3 else "linear"
    code = training_loop_code(TrainConfig(model=model, dataset=dataset), data_root="/data/x")
    compile(code, "train.py", "exec")
    assert f'datasets.{spec.torchvision_class}(root="/data/x", train=True, download=True' in code
    assert f'datasets.{spec.torchvision_class}(root="/data/x", train=False, download=True' in code
    assert f"mean, std = {spec.mean}, {spec.std}" in code
    assert f"class {get_model_info(model).factory.__name__}(nn.Module)" in code
    assert "Subset" not in code  # subsets of 0 mean the whole set


def _transforms(config: TrainConfig) -> dict:
    """Run the script up to the datasets: what it binds to train_transform and test_transform."""
    code = training_loop_code(config)
    ns: dict = {}
    exec(code[:code.index("train_set = ")], ns)
    return ns


def test_augmentation_is_a_random_affine_on_training_images_only():
    ns = _transforms(TrainConfig(augment=True))
    train_steps = [type(t).__name__ for t in ns["train_transform"].transforms]
    test_steps = [type(t).__name__ for t in ns["test_transform"].transforms]
    assert train_steps == ["RandomAffine", "ToTensor", "Normalize"]
    assert test_steps == ["ToTensor", "Normalize"]
    affine = ns["train_transform"].transforms[0]
    assert list(affine.degrees) == [-12.0, 12.0] and affine.translate == (0.12, 0.12)
    assert affine.scale == (0.85, 1.15) and list(affine.shear) == [-14.0, 14.0]
    assert affine.interpolation.value == "bilinear"
    x = ns["train_transform"](Image.new("L", (28, 28)))
    assert x.shape == (1, 28, 28) and torch.allclose(x, torch.full_like(x, -0.1307 / 0.3081))  # black stays black

    plain = _transforms(TrainConfig(augment=False))
    assert plain["train_transform"] is plain["test_transform"]
    assert "RandomAffine" not in training_loop_code(TrainConfig(augment=False))


@pytest.mark.parametrize("normalization", ["dataset", "0.5", "none", "pipeline"])
def test_the_script_normalises_every_image_as_the_run_does(normalization):
    """The script's transforms, run on real MNIST digits, give the batches core.training.loop feeds the model."""
    from core.data.batches import make_batch
    from core.data.loading import load_split
    from core.data.normalization import normalized_spec

    pipeline = [["ToImage", {}], ["ToDtype", {}], ["Normalize", {"mean": [0.25], "std": [0.5]}]]
    config = TrainConfig(normalization=normalization, augment_pipeline=pipeline if normalization == "pipeline" else [])
    ns = _transforms(config)
    images = load_split("mnist", False).images[:8]  # (8, 1, 28, 28) uint8
    ours = make_batch(images, normalized_spec(config))
    for name in ("train_transform", "test_transform"):
        script = torch.stack([ns[name](Image.fromarray(image[0].numpy())) for image in images])
        torch.testing.assert_close(script, ours, rtol=0, atol=1e-5)
    assert ("transforms.Normalize(mean, std)" in training_loop_code(config)) == (normalization != "none")


def _code_and_comments(code: str) -> tuple[list[str], list[str]]:
    lines, comments = [], []
    for line in code.splitlines():
        text, _, comment = line.partition("#")
        if comment:
            comments.append(comment.strip())
        if text.strip():
            lines.append(text.rstrip())
    return lines, comments


@pytest.mark.parametrize("settings", [
    dict(),
    dict(optimizer="momentum", schedule="cosine", augment=True, train_subset=1000, test_subset=500, device="cpu"),
    dict(model="cifar-net", dataset="cifar10", optimizer="adamw", schedule="step", step_size=2, gamma=0.3),
])
def test_chinese_version_differs_only_in_its_comments(settings):
    config = TrainConfig(**settings)
    en_code, en_comments = _code_and_comments(training_loop_code(config, lang="en"))
    zh_code, zh_comments = _code_and_comments(training_loop_code(config, lang="zh"))
    assert zh_code == en_code
    neutral = set(_code_and_comments(plain_model_source(config.model))[1]) | {"(N, C, H, W), (N,)", "(N, 10)"}
    neutral |= {c for c in en_comments if re.fullmatch(r"\(64, \d, \d+, \d+\) uint8", c)}  # the sample batch's shape
    assert set(zh_comments) & set(en_comments) <= neutral  # no comment left untranslated
    translated = [c for c in zh_comments if c not in neutral]
    assert len(translated) >= 20
    assert all(re.search(r"[\u4e00-\u9fff]", c) for c in translated), translated
    assert not any(re.search(r"[\u4e00-\u9fff]", c) for c in en_comments)
    assert any("损失函数" in c for c in translated) and any("优化器" in c for c in translated)


@pytest.mark.parametrize("precision", ["fp32", "bf16"])
def test_the_script_uses_bf16_autocast_exactly_when_the_run_does(precision):
    code = training_loop_code(TrainConfig(precision=precision, device="cpu"))
    assert ("torch.autocast(device.type, dtype=torch.bfloat16)" in code) == (precision == "bf16")
    assert "memory_format=torch.channels_last" in code
    compile(code, "train.py", "exec")
