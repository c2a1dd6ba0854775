"""Optimizers, their parameter groups, and learning-rate schedules from a TrainConfig."""

from __future__ import annotations

import math

import torch
from torch import nn

from core.models.transfer import head_and_backbone, head_of, is_transfer
from core.training.compiler_off import skip_compiler_import
from core.training.config import TrainConfig


def param_groups(model: nn.Module, config: TrainConfig) -> list[dict]:
    """What the optimizer trains, and at what share of the schedule's lr (`lr_scale`, read by set_lr).

    A transfer model fine-tuning: two groups, as PyTorch's docs write per-parameter options:
        [{"params": head, "lr_scale": 1}, {"params": backbone, "lr_scale": config.backbone_lr}]
    so the new head learns at lr and the pretrained layers at backbone_lr × lr, keeping most of what
    they know. Extracting features: the head alone (the backbone is frozen). Any other model: all of
    its parameters, one plain group, exactly what `torch.optim.Adam(model.parameters())` makes.
    """
    if not is_transfer(config.model):
        return [{"params": list(model.parameters())}]
    if config.transfer == "features":
        return [{"params": list(head_of(model, config.model).parameters()), "lr_scale": 1.0}]
    head, backbone = head_and_backbone(model, config.model)
    return [{"params": head, "lr_scale": 1.0}, {"params": backbone, "lr_scale": config.backbone_lr}]


def build_optimizer(config: TrainConfig, params, fused: bool = False,
                    graph_device: torch.device | None = None) -> torch.optim.Optimizer:
    """The torch.optim optimizer the config names, over `params`: parameters, or groups (param_groups).

    `fused=True` (CUDA and CPUs) updates every parameter in one kernel instead of a few per tensor;
    the maths is the same. `graph_device` (Adam/AdamW only, core.training.step) keeps the learning rate
    and step count in tensors on that device, so a CUDA graph replaying the update reads
    their current values instead of the ones frozen at capture: each group its own lr tensor,
    which set_lr fills in place.
    """
    skip_compiler_import()  # torch.optim's first call would import torch._dynamo: a second spent for nothing
    wd, speed = config.weight_decay, {"fused": True} if fused else {}
    lr = config.lr
    if graph_device is not None:
        speed, lr = {"fused": True, "capturable": True}, torch.tensor(config.lr, device=graph_device)
    params = _scaled(params, config.lr, graph_device)
    if config.optimizer == "sgd":
        return torch.optim.SGD(params, lr=config.lr, weight_decay=wd, **speed)
    if config.optimizer == "momentum":
        return torch.optim.SGD(params, lr=config.lr, momentum=config.momentum, weight_decay=wd, **speed)
    if config.optimizer == "rmsprop":
        return torch.optim.RMSprop(params, lr=config.lr, alpha=config.alpha, weight_decay=wd,
                                   **({"foreach": True} if fused else {}))  # RMSprop has no fused kernel
    betas = (config.beta1, config.beta2)
    if config.optimizer == "adam":
        return torch.optim.Adam(params, lr=lr, betas=betas, weight_decay=wd, **speed)
    return torch.optim.AdamW(params, lr=lr, betas=betas, weight_decay=wd, **speed)


def lr_at(config: TrainConfig, step: int, steps_per_epoch: int) -> float:
    """Learning rate for 0-based global `step`; pure, so the page can plot the schedule."""
    epoch = step // steps_per_epoch
    if config.schedule == "step":
        # PyTorch's ImageNet example's step decay: lr = lr0 * gamma ** (epoch // step_size)
        return config.lr * config.gamma ** (epoch // config.step_size)
    if config.schedule == "cosine":
        total = config.epochs * steps_per_epoch
        return 0.5 * config.lr * (1 + math.cos(math.pi * step / total))
    if config.schedule == "onecycle":
        return one_cycle_lr(config.lr, config.warmup, step, config.epochs * steps_per_epoch)
    return config.lr


ONE_CYCLE_START = 25.0  # OneCycleLR's div_factor: the climb starts at lr / 25
ONE_CYCLE_END = 1e4  # its final_div_factor: the last step's lr is lr / 25 / 1e4, all but 0


def one_cycle_lr(peak: float, warmup: float, step: int, total: int) -> float:
    """torch.optim.lr_scheduler.OneCycleLR's rate at `step` (anneal_strategy="linear", its default factors),
    so the page's chart and the plain-PyTorch script's scheduler give the same numbers."""
    start, end = peak / ONE_CYCLE_START, peak / ONE_CYCLE_START / ONE_CYCLE_END
    top = float(warmup * total) - 1  # the step where the climb ends, as OneCycleLR counts it
    if step <= top:
        return start + (peak - start) * step / top if top > 0 else peak
    return peak + (end - peak) * min(1.0, (step - top) / max(total - 1 - top, 1e-9))


def set_lr(optimizer: torch.optim.Optimizer, lr: float) -> None:
    """Every group to `lr` × its lr_scale (1 where it has none): the schedule moves all groups together."""
    for group in optimizer.param_groups:
        value = lr * group.get("lr_scale", 1.0)
        if isinstance(group["lr"], torch.Tensor):
            group["lr"].fill_(value)  # in place: a captured CUDA graph reads this very tensor
        else:
            group["lr"] = value


def _scaled(params, lr: float, graph_device: torch.device | None):
    """Groups that carry an lr_scale start at lr × lr_scale, each in a tensor of its own under CUDA graphs;
    plain parameters and plain groups pass through untouched (the optimizer's lr applies)."""
    params = list(params)
    if not any(isinstance(group, dict) and "lr_scale" in group for group in params):
        return params
    out = []
    for group in params:
        start = lr * group.get("lr_scale", 1.0)
        out.append({**group, "lr": torch.tensor(start, device=graph_device) if graph_device is not None else start})
    return out
