"""Optimizers and learning-rate schedules from a TrainConfig."""

from __future__ import annotations

import math

import torch

from core.training.config import TrainConfig


def build_optimizer(config: TrainConfig, params, fused: bool = False,
                    graph_device: torch.device | None = None) -> torch.optim.Optimizer:
    """The torch.optim optimizer the config names, with its own parameters.

    `fused=True` (for CUDA) updates every parameter in one kernel instead of a few per tensor;
    the maths is the same. `graph_device` (Adam/AdamW only, core.training.step) keeps the learning rate
    and step count in tensors on that device, so a CUDA graph replaying the update reads
    their current values instead of the ones frozen at capture.
    """
    wd, speed = config.weight_decay, {"fused": True} if fused else {}
    lr = config.lr
    if graph_device is not None:
        speed, lr = {"fused": True, "capturable": True}, torch.tensor(config.lr, device=graph_device)
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
    return config.lr


def set_lr(optimizer: torch.optim.Optimizer, lr: float) -> None:
    for group in optimizer.param_groups:
        if isinstance(group["lr"], torch.Tensor):
            group["lr"].fill_(lr)  # in place: a captured CUDA graph reads this very tensor
        else:
            group["lr"] = lr
