"""One training step (forward, loss, backward, update), run eagerly or replayed as a CUDA graph.

On a GPU the seed ConvNet's step is tiny: launching its ~60 kernels one by one from
Python takes longer than running them. A CUDA graph records those launches once and
replays them as one, which took one H100 from ~200k to ~900k samples/s
(bench/train_speed.py). The maths is the same; the batch is still made eagerly
(normalised, augmented) and copied into the graph's input buffer, so every config works.

Graphs are used only where they are safe: CUDA, one process (DDP's hooks stay eager),
and Adam/AdamW, whose fused update can take its learning rate from a tensor the graph
reads on every replay (`capturable`). TORCHLAB_CUDA_GRAPHS=0 turns them off (to compare,
or should a driver misbehave).
"""

from __future__ import annotations

import os
from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import nn

from core.training.compiler_off import plain_step
from core.training.engine import Engine
from core.training.fast_convnet import training_forward

GRAPH_OPTIMIZERS = ("adam", "adamw")
EAGER_STEPS_BEFORE_CAPTURE = 3  # per batch size: cuDNN's autotuning and autograd's setup must not run inside a capture


def graphs_fit(device: torch.device, distributed: bool, optimizer: str) -> bool:
    """True where a CUDA graph of the step is both possible and the same maths as eager."""
    wanted = os.environ.get("TORCHLAB_CUDA_GRAPHS", "1") != "0"
    return wanted and device.type == "cuda" and not distributed and optimizer in GRAPH_OPTIMIZERS


def eager_step(model: nn.Module, optimizer, engine: Engine, batch: torch.Tensor, labels: torch.Tensor,
               label_smoothing: float = 0.0, forward: Callable | None = None) -> torch.Tensor:
    """One forward/backward/update; returns the loss, detached and still on the device (reading it would wait).
    `forward` stands in for model(x) (core.training.fast_convnet: the same numbers, fewer passes)."""
    optimizer.zero_grad(set_to_none=True)
    return _forward_backward_update(model, optimizer, engine, batch, labels, label_smoothing, forward)


def _forward_backward_update(model: nn.Module, optimizer, engine: Engine, batch: torch.Tensor,
                             labels: torch.Tensor, label_smoothing: float = 0.0,
                             forward: Callable | None = None) -> torch.Tensor:
    with engine.autocast():
        output = (forward or model)(engine.layout(batch))  # (N, classes), bf16 under autocast
    # log_softmax outputs give the same loss; smoothing spreads that share of each target over the other classes
    loss = F.cross_entropy(output.float(), labels, label_smoothing=label_smoothing)
    loss.backward()
    plain_step(optimizer)  # optimizer.step(), minus a second of importing the compiler
    return loss.detach()


class EagerSteps:
    """The plain PyTorch step, as every tutorial writes it."""

    def __init__(self, model: nn.Module, optimizer, engine: Engine, label_smoothing: float = 0.0):
        self.model, self.optimizer, self.engine = model, optimizer, engine
        self.label_smoothing = label_smoothing
        self.forward = training_forward(model, engine.device)  # seed 000's ConvNet on a CPU: ReLU + pool fused

    def __call__(self, batch: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        return eager_step(self.model, self.optimizer, self.engine, batch, labels, self.label_smoothing, self.forward)


class GraphedSteps(EagerSteps):
    """Eager for the first few steps of each batch size, then a captured graph replayed.

    Those first steps are real training steps (no step is spent on warm-up alone), run on a
    side stream as CUDA graphs require. The last, shorter batch of an epoch gets its own graph.
    """

    def __init__(self, model: nn.Module, optimizer, engine: Engine, label_smoothing: float = 0.0):
        super().__init__(model, optimizer, engine, label_smoothing)
        self.graphs: dict[int, tuple[torch.cuda.CUDAGraph, torch.Tensor, torch.Tensor, torch.Tensor]] = {}
        self.eager_runs: dict[int, int] = {}
        self.side = torch.cuda.Stream(device=engine.device)

    def __call__(self, batch: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        size = len(labels)
        if size not in self.graphs:
            if self.eager_runs.get(size, 0) < EAGER_STEPS_BEFORE_CAPTURE:
                self.eager_runs[size] = self.eager_runs.get(size, 0) + 1
                return self._on_side_stream(batch, labels)
            self._capture(batch, labels)
        graph, static_batch, static_labels, static_loss = self.graphs[size]
        static_batch.copy_(batch)
        static_labels.copy_(labels)
        graph.replay()
        return static_loss.clone()  # the next replay overwrites static_loss

    def _on_side_stream(self, batch: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        current = torch.cuda.current_stream(self.engine.device)
        self.side.wait_stream(current)
        with torch.cuda.stream(self.side):
            loss = super().__call__(batch, labels)
        current.wait_stream(self.side)
        return loss

    def _capture(self, batch: torch.Tensor, labels: torch.Tensor) -> None:
        """Record one step on fixed input buffers; nothing runs until the graph is replayed."""
        static_batch, static_labels = batch.clone(), labels.clone()
        graph = torch.cuda.CUDAGraph()
        self.optimizer.zero_grad(set_to_none=True)  # backward inside the graph then writes fresh grads each replay
        with torch.cuda.graph(graph):
            static_loss = _forward_backward_update(self.model, self.optimizer, self.engine, static_batch, static_labels,
                                                   self.label_smoothing)
        self.graphs[len(labels)] = (graph, static_batch, static_labels, static_loss)


def make_steps(model: nn.Module, optimizer, engine: Engine, graphs: bool, label_smoothing: float = 0.0) -> EagerSteps:
    return (GraphedSteps if graphs else EagerSteps)(model, optimizer, engine, label_smoothing)
