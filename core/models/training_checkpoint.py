"""Seed 004's training checkpoint: the {epoch, arch, state_dict, best_acc1, optimizer} its save_checkpoint writes.

Built from a few real Adam steps on a fixed synthetic batch (so it is instant and repeatable),
saved to bytes, resumed, and — for uploads — read by core.models.checkpoints (weights_only=True, the
same reader as every other upload) and described, never run.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from core.models import create_model, get_model_info
from core.models.checkpoints import CheckpointError, load_checkpoint, load_weights_only, read_checkpoint

MAX_UPLOAD_BYTES = 200 * 2**20  # Streamlit's own default; a seed 004 ResNet-50 with SGD momentum is ~195 MB
CHECKPOINT_KEYS = ("epoch", "arch", "state_dict", "best_acc1", "optimizer")  # seed 004's save_checkpoint dict


@dataclass(frozen=True)
class CheckpointConfig:
    model: str = "convnet"  # a registry name
    steps: int = 3  # Adam steps before saving: enough for exp_avg to be non-zero
    lr: float = 1e-3  # Adam's usual default
    batch_size: int = 32  # one fixed synthetic batch, so the page answers at once
    seed: int = 0  # same weights and batch every time: the code shown prints the same numbers


@dataclass(frozen=True)
class TreeRow:
    """One leaf of a nested checkpoint, e.g. ("optimizer.state.0.exp_avg", "Tensor", "[10, 1, 5, 5] float32")."""

    path: str
    kind: str
    detail: str


@dataclass(frozen=True)
class ResumeReport:
    step_before: int  # Adam's step counter right after loading: proof the optimizer state came back
    step_after: int
    losses: list[float]  # the continued training's losses


@dataclass(frozen=True)
class UploadReport:
    kind: str  # where the weights were: "torchlab", "bare", or a core.models.checkpoints.WEIGHTS_KEYS key
    rows: list[TreeRow]
    model: str | None  # the registry model the weights fit, if any
    mismatch: CheckpointError | None  # why they fit none, if so


def synthetic_batch(cfg: CheckpointConfig) -> tuple[torch.Tensor, torch.Tensor]:
    """Random images of the model's input shape and random labels, drawn after the model's weights."""
    info = get_model_info(cfg.model)
    x = torch.randn(cfg.batch_size, *info.input_shape)  # (N, C, H, W)
    y = torch.randint(0, info.num_classes, (cfg.batch_size,))  # (N,)
    return x, y


def train_steps(model, optimizer, x, y, steps: int) -> list[float]:
    """`steps` Adam steps on one batch; the losses, as floats."""
    model.train()
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def build_checkpoint(cfg: CheckpointConfig) -> tuple[dict, list[float]]:
    """Train `cfg.steps` steps as epoch 0, then pack seed 004's checkpoint dict; also the losses seen."""
    torch.manual_seed(cfg.seed)
    model = create_model(cfg.model)
    x, y = synthetic_batch(cfg)
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    losses = train_steps(model, optimizer, x, y, cfg.steps)
    with torch.no_grad():
        acc1 = 100 * (model.eval()(x).argmax(1) == y).float().mean().item()  # top-1 accuracy, in %
    epoch, best_acc1 = 0, acc1  # the one "epoch" trained here, so its accuracy is the best so far
    checkpoint = {  # as seed 004's save_checkpoint call builds it, key for key
        "epoch": epoch + 1,  # the epoch to start from when resuming
        "arch": cfg.model,  # plain str: what to rebuild, without pickling the class
        "state_dict": model.state_dict(),
        "best_acc1": best_acc1,
        "optimizer": optimizer.state_dict(),
    }
    return checkpoint, losses


def to_bytes(checkpoint: dict) -> bytes:
    buffer = io.BytesIO()
    torch.save(checkpoint, buffer)
    return buffer.getvalue()


def resume(data: bytes, cfg: CheckpointConfig, more_steps: int) -> ResumeReport:
    """Load model and optimizer from the bytes (weights_only=True), then keep training on the same batch."""
    checkpoint = load_weights_only(data)
    torch.manual_seed(cfg.seed)
    model = create_model(checkpoint["arch"])
    x, y = synthetic_batch(cfg)  # the same batch: weights are redrawn, then replaced by the checkpoint's
    model.load_state_dict(checkpoint["state_dict"])
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    optimizer.load_state_dict(checkpoint["optimizer"])
    before = adam_step(optimizer)
    losses = train_steps(model, optimizer, x, y, more_steps)
    return ResumeReport(before, adam_step(optimizer), losses)


def adam_step(optimizer) -> int:
    """How many steps Adam has taken (its per-parameter "step" counter); 0 before the first."""
    states = list(optimizer.state.values())
    return int(states[0]["step"]) if states else 0


def describe_tree(obj, prefix: str = "", limit: int = 400) -> list[TreeRow]:
    """Every leaf of nested dicts/lists with its type and, for tensors, shape and dtype."""
    rows: list[TreeRow] = []

    def walk(value, path: str) -> None:
        if len(rows) >= limit:
            return
        if isinstance(value, dict):
            for key, child in value.items():
                walk(child, f"{path}.{key}" if path else str(key))
        elif isinstance(value, (list, tuple)) and value and all(isinstance(v, dict) for v in value):
            for i, child in enumerate(value):  # e.g. param_groups
                walk(child, f"{path}[{i}]")
        elif isinstance(value, torch.Tensor):
            detail = f"{list(value.shape)} {str(value.dtype).removeprefix('torch.')}"
            rows.append(TreeRow(path, "Tensor", detail + (f" = {value.item():g}" if value.numel() == 1 else "")))
        else:
            text = repr(value)
            rows.append(TreeRow(path, type(value).__name__, text if len(text) <= 60 else text[:57] + "…"))

    walk(obj, prefix)
    return rows


def inspect_upload(data: bytes) -> UploadReport:
    """What an uploaded file holds and which model its weights fit, read by the reader every page
    uses (so the Draw and Models pages accept and refuse the same files); CheckpointError otherwise."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise CheckpointError("save_load_page.err_too_big", size=f"{len(data) / 2**20:.1f}",
                              limit=f"{MAX_UPLOAD_BYTES / 2**20:.0f}")
    found = read_checkpoint(data)  # refuses pickled classes and code, junk, and files without weights
    try:
        model, mismatch = load_checkpoint(found).model_name, None
    except CheckpointError as error:
        model, mismatch = None, error
    return UploadReport(found.layout, describe_tree(found.content), model, mismatch)
