"""The Train page's "same in plain PyTorch": a standalone training script for a TrainConfig.

A test runs the generated script (on a small subset) and loads its checkpoint, so
the code we show is code that runs.
"""

from __future__ import annotations

import json
import re
import unicodedata

from core.code.folder_training_code import folder_datasets, folder_model, folder_parameters, folder_transforms
from core.code.snippets import plain_model_source
from core.code.transform_code import builtin_transforms
from core.common.device import pick_device
from core.common.i18n import translate
from core.data.datasets import get_spec
from core.data.folder_dataset import is_folder, stored_size
from core.models import get_model_info
from core.training.config import TrainConfig
from core.training.engine import pick_engine
from core.training.run_data import dataset_shape, input_size, run_classes
from core.training.tensorboard_log import EPOCH_TAGS, SAMPLE_SIZE, SAMPLE_TAG, STEP_TAGS


def training_loop_code(config: TrainConfig, data_root: str = "data", lang: str = "en") -> str:
    """A standalone script that trains as `config` says with torchvision's datasets and DataLoader.

    The same run as core.training.loop, written the way a learner would write it by hand;
    the comments say where torchvision's pieces differ from ours.
    """
    info = get_model_info(config.model)
    cls = info.factory.__name__
    c = lambda key, **params: translate(lang, f"code.train_{key}", **params)  # noqa: E731
    if is_folder(config.dataset):
        transforms_code, train_transform = folder_transforms(config, c)
        datasets_code = folder_datasets(config, c)
        model_code = folder_model(config, cls, c)
        parameters, outputs = folder_parameters(config, c), len(run_classes(config))
    else:
        spec = get_spec(config.dataset)
        transforms_code, train_transform = builtin_transforms(config, c)
        datasets_code = (
            f"# {c('dataset', cls=spec.torchvision_class)}\n"
            f"train_set = datasets.{spec.torchvision_class}(root={_quote(data_root)}, train=True, download=True, "
            f"transform=train_transform)\n"
            f"test_set = datasets.{spec.torchvision_class}(root={_quote(data_root)}, train=False, download=True, "
            f"transform=test_transform)\n")
        model_code = f"model = {cls}().to(device)  # {c('model')}"
        parameters, outputs = "model.parameters()", info.num_classes
    subsets = "".join(
        f"# {c('subset', count=count)}\n{name} = torch.utils.data.Subset({name}, range({count}))\n"
        for name, count in (("train_set", config.train_subset), ("test_set", config.test_subset))
        if count > 0
    )
    if config.device == "auto":
        device = (f"# {c('device_auto')}\n"
                  'device = torch.device("cuda" if torch.cuda.is_available()\n'
                  '                      else "mps" if torch.backends.mps.is_available() else "cpu")')
    else:
        device = f"# {c('device_fixed')}\ndevice = torch.device({_quote(config.device)})"
    schedule, batch_step, epoch_step = _schedule_code(config, c)
    smoothing = f", label_smoothing={config.label_smoothing!r}" if config.label_smoothing else ""
    forward = f"loss = F.cross_entropy(model(images), labels{smoothing})"
    if _precision(config) == "bf16":
        forward = (f"with torch.autocast(device.type, dtype=torch.bfloat16):  # {c('autocast')}\n"
                   f"            output = model(images)\n"
                   f"        loss = F.cross_entropy(output.float(), labels{smoothing})  # {c('autocast_loss')}")
    if smoothing:
        forward = f"# {c('label_smoothing', value=f'{config.label_smoothing:g}')}\n        {forward}"
    loss_tag, lr_tag = STEP_TAGS
    acc_tag, test_loss_tag, speed_tag = EPOCH_TAGS
    return wrap_comments(f'''import time

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.tensorboard import SummaryWriter  # {c("tb_import")}
from torchvision import datasets, transforms


{plain_model_source(config.model)}


# {c("seed")}
# {c("seed_differs")}
torch.manual_seed({config.seed})
{device}

# {c("transform")}
{transforms_code}
{train_transform}

{datasets_code}{subsets}
# {c("loader", batch_size=config.batch_size)}
# {c("loader_differs")}
train_loader = torch.utils.data.DataLoader(train_set, batch_size={config.batch_size}, shuffle=True)
test_loader = torch.utils.data.DataLoader(test_set, batch_size={config.batch_size})

{model_code}
model = model.to(memory_format=torch.channels_last)  # {c("channels_last")}
# {c("optimizer")}
optimizer = {_optimizer_code(config, parameters)}
epochs = {config.epochs}
{schedule}

# {c("tb_writer")}
writer = SummaryWriter(time.strftime("runs/%Y%m%d-%H%M%S"))
{_sample_code(config, data_root, c)}
# {c("tb_graph")}
writer.add_graph(model.eval(), torch.zeros(1, {", ".join(map(str, dataset_shape(config)))}, device=device))

best_acc = 0.0
step = 0
for epoch in range(1, epochs + 1):
    model.train()  # {c("mode")}
    epoch_start = time.perf_counter()
    for images, labels in train_loader:
        images, labels = images.to(device), labels.to(device)  # (N, C, H, W), (N,)
        images = images.contiguous(memory_format=torch.channels_last)  # {c("channels_last_batch")}
        # {c("loss")}
        # {c("loss_nll")}
        {forward}
        optimizer.zero_grad()  # {c("zero_grad")}
        loss.backward()  # {c("backward")}
        lr = optimizer.param_groups[0]["lr"]  # {c("tb_lr")}
        optimizer.step()  # {c("step")}{batch_step}
        step += 1
        writer.add_scalar("{loss_tag}", loss.item(), step)  # {c("tb_step")}
        writer.add_scalar("{lr_tag}", lr, step)
        if step % 100 == 0:  # {c("log")}
            print(f"epoch {{epoch}} step {{step}} loss {{loss.item():.4f}}")
    samples_per_s = len(train_set) / (time.perf_counter() - epoch_start)  # {c("tb_speed")}

    # {c("evaluate")}
    model.eval()
    correct, loss_sum = 0, 0.0
    with torch.no_grad():
        for images, labels in test_loader:
            images, labels = images.to(device), labels.to(device)
            output = model(images)  # (N, {outputs})
            loss_sum += F.cross_entropy(output, labels, reduction="sum").item()
            correct += (output.argmax(dim=1) == labels).sum().item()
    acc = correct / len(test_set)
    print(f"epoch {{epoch}}: test loss {{loss_sum / len(test_set):.4f}}, test accuracy {{acc:.2%}}")
    writer.add_scalar("{acc_tag}", acc, epoch)  # {c("tb_epoch")}
    writer.add_scalar("{test_loss_tag}", loss_sum / len(test_set), epoch)
    writer.add_scalar("{speed_tag}", samples_per_s, epoch){epoch_step}

    # {c("checkpoint")}
    # {c("checkpoint_load")}
    if acc >= best_acc:
        best_acc = acc
        torch.save({{"epoch": epoch, "state_dict": model.state_dict(), "best_acc": best_acc,
                    "optimizer": optimizer.state_dict()}}, "checkpoint.pt")

writer.close()  # {c("tb_close")}
print(f"best test accuracy {{best_acc:.2%}}")
print(f"TensorBoard: tensorboard --logdir runs  ({{writer.log_dir}})")
''')


def _sample_code(config: TrainConfig, data_root: str, c) -> str:
    """TensorBoard's sample batch, as core.training.tensorboard_log writes it: the first training
    pictures as the run keeps them (uint8, before any transform), one add_images call."""
    channels, height, width = dataset_shape(config)
    if is_folder(config.dataset):
        height = width = stored_size(input_size(config))
        pictures = (f"pictures = torch.utils.data.Subset(datasets.ImageFolder(root, transform=transforms.Compose([\n"
                    f"    transforms.Resize({height}), transforms.CenterCrop({height}), transforms.PILToTensor()])), "
                    f"train_rows)")
    else:
        pictures = (f"pictures = datasets.{get_spec(config.dataset).torchvision_class}(root={_quote(data_root)}, "
                    f"train=True, download=True, transform=transforms.PILToTensor())")
    return (f"# {c('tb_sample', count=SAMPLE_SIZE)}\n{pictures}\n"
            f"sample = torch.stack([pictures[i][0] for i in range(min({SAMPLE_SIZE}, len(pictures)))])"
            f"  # ({SAMPLE_SIZE}, {channels}, {height}, {width}) uint8\n"
            f'writer.add_images("{SAMPLE_TAG}", sample, 0)  # {c("tb_images")}')


def _precision(config: TrainConfig) -> str:
    """What core.training.loop will run in on this machine: the script does the same."""
    try:
        return pick_engine(config.precision, pick_device(config.device)).precision
    except ValueError:  # a device this machine lacks: the script would fail the same way at .to(device)
        return "fp32"


def _optimizer_code(config: TrainConfig, parameters: str = "model.parameters()") -> str:
    """The torch.optim call core.training.optim.build_optimizer makes, as source text."""
    args = f"lr={config.lr!r}"
    if config.optimizer == "momentum":
        args += f", momentum={config.momentum!r}"
    elif config.optimizer == "rmsprop":
        args += f", alpha={config.alpha!r}"
    elif config.optimizer in ("adam", "adamw"):
        args += f", betas=({config.beta1!r}, {config.beta2!r})"
    cls = {"sgd": "SGD", "momentum": "SGD", "rmsprop": "RMSprop", "adam": "Adam", "adamw": "AdamW"}[config.optimizer]
    return f"torch.optim.{cls}({parameters}, {args}, weight_decay={config.weight_decay!r})"


def _schedule_code(config: TrainConfig, c) -> tuple[str, str, str]:
    """(scheduler set-up, line after each batch, line after each epoch) matching core.training.optim.lr_at."""
    if config.schedule == "step":
        return (f"# {c('schedule_step', gamma=config.gamma, step_size=config.step_size)}\n"
                f"# {c('schedule_step_exact')}\n"
                f"scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size={config.step_size}, "
                f"gamma={config.gamma!r})",
                "", f"\n    scheduler.step()  # {c('epoch_schedule')}")
    if config.schedule == "cosine":
        return (f"# {c('schedule_cosine')}\n"
                f"# {c('schedule_cosine_differs')}\n"
                "scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs * len(train_loader))",
                f"\n        scheduler.step()  # {c('batch_schedule')}", "")
    if config.schedule == "onecycle":
        return (f"# {c('schedule_onecycle', warmup=f'{config.warmup:.0%}')}\n"
                "scheduler = torch.optim.lr_scheduler.OneCycleLR(\n"
                f"    optimizer, max_lr={config.lr!r}, total_steps=epochs * len(train_loader), "
                f"pct_start={config.warmup!r},\n"
                '    anneal_strategy="linear", cycle_momentum=False)',
                f"\n        scheduler.step()  # {c('batch_schedule')}", "")
    return f"# {c('schedule_constant')}", "", ""


def _quote(text: str) -> str:
    """A double-quoted Python string literal, like the rest of the generated code."""
    return json.dumps(text, ensure_ascii=False)


_OPENING, _CLOSING = "（《“(", "，。；：、！？）》”),.;:!?"


def wrap_comments(code: str, width: int = 100) -> str:
    """Wrap whole-line comments to `width` columns; Chinese may break between any two characters.
    (core.code.tensorboard_snippets wraps its scripts' comments with it too.)"""
    out = []
    for line in code.split("\n"):
        match = re.fullmatch(r"( *)# (.*)", line)
        if not match or _columns(line) <= width:
            out.append(line)
            continue
        prefix, tokens = f"{match[1]}# ", _tokens(match[2])
        count, narrow = len(_fill(tokens, prefix, width)), width
        while narrow > 40 and len(_fill(tokens, prefix, narrow - 1)) == count:
            narrow -= 1  # as narrow as the same number of lines allows: no one-word last line
        out.extend(_fill(tokens, prefix, narrow))
    return "\n".join(out)


def _fill(tokens: list[tuple[str, str]], prefix: str, width: int) -> list[str]:
    lines, current = [], ""
    for space, token in tokens:
        if current and _columns(prefix + current + space + token) > width:
            lines.append(prefix + current)
            current = token
        else:
            current += space + token
    return lines + [prefix + current]


def _tokens(text: str) -> list[tuple[str, str]]:
    """(space before, token): a Latin word, or one wide character, with punctuation kept attached."""
    tokens: list[tuple[str, str]] = []
    for space, word in re.findall(r"(\s*)(\S+)", text):
        pieces = re.findall(r"[^\x00-\u2e7f]|[\x00-\u2e7f]+", word)  # wide characters one by one
        for i, piece in enumerate(pieces):
            before = space if i == 0 else ""
            if tokens and not before and (piece[0] in _CLOSING or tokens[-1][1][-1] in _OPENING):
                tokens[-1] = (tokens[-1][0], tokens[-1][1] + piece)  # no line starts with ，or ends with （
            else:
                tokens.append((before, piece))
    return tokens


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
