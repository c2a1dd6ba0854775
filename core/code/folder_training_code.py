"""The pieces of the Train page's script that differ for your own pictures (`folder:PATH`):
ImageFolder and the per-class split, seed 004's transforms, the new head, and for transfer
models the weights, the frozen backbone or the two learning rates."""

from __future__ import annotations

import json

from core.code.predict_script import attribute_path, head_line
from core.code.transform_code import PIPELINE_HEAD, pipeline_step_code
from core.data.folder_dataset import folder_root, stored_size
from core.models.transfer import BACKBONES, RANDOM, TORCHVISION, is_transfer
from core.training.config import TrainConfig
from core.training.run_data import SPLIT_SEED, input_size, run_classes, run_data


def folder_transforms(config: TrainConfig, c) -> tuple[str, str]:
    """(the mean/std line and test_transform, train_transform): seed 004's Resize + CenterCrop to
    validate; to train, the Transforms page's steps on the picture as TorchLab keeps it (a square a
    little larger than the model's input), then a random resized crop and flip when the run augments."""
    size, kept = input_size(config), stored_size(input_size(config))
    spec = run_data(config).spec
    stats = f"mean, std = {tuple(spec.mean)!r}, {tuple(spec.std)!r}  # {c('folder_stats')}"
    test = (f"{stats}\ntest_transform = transforms.Compose([\n"
            f"    transforms.Resize({kept}),  # {c('folder_resize')}\n"
            f"    transforms.CenterCrop({size}),\n    transforms.ToTensor(),\n    transforms.Normalize(mean, std),\n])")
    steps = pipeline_step_code(config.augment_pipeline, (3, kept, kept))
    if not config.augment and not steps:
        return test, f"# {c('same_transform')}\ntrain_transform = test_transform"
    head = PIPELINE_HEAD.format(comment=c("augment_pipeline")) if steps else ""
    lines = [f"transforms.Resize({kept})"]
    if steps:
        lines += [f"transforms.CenterCrop({kept})  # {c('folder_kept')}", *steps]
    if config.augment:
        lines += [f"transforms.RandomResizedCrop({size}, scale=(0.35, 1.0))", "transforms.RandomHorizontalFlip()"]
    else:
        lines += [f"transforms.CenterCrop({size})"]
    lines += ["transforms.ToTensor()", "transforms.Normalize(mean, std)"]
    why = f"# {c('folder_augment')}\n" if config.augment else ""
    body = "".join(f"    {_with_comma(line)}\n" for line in lines)
    return test, f"{head}{why}train_transform = transforms.Compose([\n{body}])"


def _with_comma(line: str) -> str:
    """A Compose entry, its comma before any comment."""
    code, hash_, comment = line.partition("  # ")
    return f"{code},{hash_}{comment}"


def folder_datasets(config: TrainConfig, c) -> str:
    """ImageFolder twice (one per transform) and TorchLab's split: a share of each class, seeded."""
    root = json.dumps(str(folder_root(config.dataset)), ensure_ascii=False)
    return f'''# {c("folder_dataset")}
root = {root}
labels = torch.tensor(datasets.ImageFolder(root).targets)  # {c("folder_labels")}
generator = torch.Generator().manual_seed({SPLIT_SEED})
train_rows, valid_rows = [], []
# {c("folder_split", share=round(config.valid_share * 100))}
for label in labels.unique():
    rows = (labels == label).nonzero().flatten()
    rows = rows[torch.randperm(len(rows), generator=generator)]
    n_valid = min(max(1, round(len(rows) * {config.valid_share!r})), len(rows) - 1)
    valid_rows += rows[:n_valid].tolist()
    train_rows += rows[n_valid:].tolist()
train_set = torch.utils.data.Subset(datasets.ImageFolder(root, transform=train_transform), train_rows)
test_set = torch.utils.data.Subset(datasets.ImageFolder(root, transform=test_transform), valid_rows)
'''


def folder_model(config: TrainConfig, cls: str, c) -> str:
    """The model with one output per class; a transfer model's weights and what of it trains."""
    classes = len(run_classes(config))
    head = head_line(config.model, classes, c("folder_head", classes=classes)).strip()
    lines = [f"model = {cls}()  # {c('model')}"]
    if is_transfer(config.model):
        lines += _weights_lines(config, c)
    lines += [head] if head else []
    if is_transfer(config.model) and config.transfer == "features":
        lines += [f"model.requires_grad_(False)  # {c('folder_freeze')}",
                  f"model.net{attribute_path(BACKBONES[config.model].head)}.requires_grad_(True)"]
    lines.append("model = model.to(device)")
    return "\n".join(lines)


def folder_parameters(config: TrainConfig, c) -> str:
    """What the optimizer updates: everything; the head alone; or the head fast and the backbone slowly."""
    if not is_transfer(config.model):
        return "model.parameters()"
    head = f"model.net{attribute_path(BACKBONES[config.model].head)}"
    if config.transfer == "features":
        return f"{head}.parameters()"  # the frozen backbone has nothing to update
    backbone_lr = config.lr * config.backbone_lr
    return (f"[\n    {{\"params\": {head}.parameters()}},  # {c('folder_head_group')}\n"
            f"    {{\"params\": [p for name, p in model.named_parameters() if not name.startswith(\"net.{BACKBONES[config.model].head}.\")],\n"
            f"     \"lr\": {backbone_lr!r}}},  # {c('folder_backbone_group', share=config.backbone_lr)}\n]")


def _weights_lines(config: TrainConfig, c) -> list[str]:
    backbone = BACKBONES[config.model]
    if config.weights == RANDOM:
        return [f"# {c('folder_random')}"]
    if config.weights == TORCHVISION:
        fetch = (f"from torchvision import models\n"
                 f"state = models.get_model_weights(\"{backbone.builder}\").DEFAULT.get_state_dict(progress=True)"
                 f"  # {c('folder_download')}")
    else:
        fetch = f"state = torch.load({json.dumps(config.weights)}, weights_only=True)  # {c('folder_file')}"
    return [fetch,
            f"state = {{k: v for k, v in state.items() if not k.startswith(\"{backbone.head}.\")}}"
            f"  # {c('folder_drop_head')}",
            "model.net.load_state_dict(state, strict=False)"]
