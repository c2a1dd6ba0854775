"""The training loop, as a generator of plain records.

The Train page, the CLI (`python -m core.train`), the benches and the tests all
consume this one generator; it never prints and never touches Streamlit.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator

import torch
import torch.nn.functional as F
from torch import nn

from core.batches import make_batch
from core.config import TrainConfig
from core.data import load_split
from core.datasets import get_spec
from core.device import pick_device
from core.evaluation import accuracy, confusion_matrix, predict_all, worst_mistakes
from core.models import create_model, get_model_info
from core.optim import build_optimizer, lr_at, set_lr
from core.i18n import LocalizedError, Message
from core.records import EndRecord, EpochRecord, Record, StartRecord, StepRecord


class IncompatibleModel(LocalizedError, ValueError):
    """The chosen model cannot take the chosen dataset's images."""


def check_compatible(config: TrainConfig) -> None:
    """Refuse, in words, a model that cannot eat the chosen dataset's images."""
    info, spec = get_model_info(config.model), get_spec(config.dataset)
    if tuple(info.input_shape) != tuple(spec.shape):
        raise IncompatibleModel("errors.incompatible_model", model=config.model, dataset=spec.title,
                                expects="×".join(map(str, info.input_shape)), has="×".join(map(str, spec.shape)))


def seeded_model(config: TrainConfig) -> nn.Module:
    """The config's model with initial weights drawn from its seed: the same config, the same run."""
    torch.manual_seed(config.seed)
    return create_model(config.model)


def train(config: TrainConfig, model: nn.Module, stop: threading.Event | None = None) -> Iterator[Record]:
    """Train `model` in place; yield a StartRecord, StepRecords, EpochRecords and one EndRecord.

    Honours `stop` between steps (and between evaluation batches) and ends with
    reason "diverged" on a NaN or infinite loss instead of training on garbage.
    """
    check_compatible(config)
    stop = stop or threading.Event()
    device = pick_device(config.device)
    torch.manual_seed(config.seed)
    generator = torch.Generator(device=device).manual_seed(config.seed)

    spec = get_spec(config.dataset)
    train_set, test_set = load_split(config.dataset, True), load_split(config.dataset, False)
    x_train, y_train = _subset(train_set.images, train_set.labels, config.train_subset, device)
    x_test, y_test = _subset(test_set.images, test_set.labels, config.test_subset, device)

    model.to(device).train()
    optimizer = build_optimizer(config, model.parameters())
    n, bs = len(y_train), config.batch_size
    steps_per_epoch = math.ceil(n / bs)
    total_steps = steps_per_epoch * config.epochs
    yield StartRecord(str(device), n, len(y_test), total_steps, sum(p.numel() for p in model.parameters()))

    run_start, best_acc, step, eval_time = time.perf_counter(), 0.0, 0, 0.0
    first_loss = None
    for epoch in range(1, config.epochs + 1):
        epoch_start, loss_sum = time.perf_counter(), 0.0
        order = torch.randperm(n, generator=generator, device=device)
        for i in range(steps_per_epoch):
            if stop.is_set():
                yield _end("stopped", Message("train.stopped", {"steps": step}), epoch - 1, best_acc, run_start)
                return
            idx = order[i * bs:(i + 1) * bs]
            lr = lr_at(config, step, steps_per_epoch)
            set_lr(optimizer, lr)
            batch = make_batch(x_train[idx], spec, config.augment, generator)
            loss = F.cross_entropy(model(batch), y_train[idx])  # log_softmax outputs give the same loss
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            step += 1
            value = loss.item()
            first_loss = value if first_loss is None else first_loss
            if not math.isfinite(value) or value > max(EXPLODED, 20 * first_loss):
                yield _end("diverged", divergence_message(config, value, step, epoch), epoch - 1, best_acc, run_start)
                return
            loss_sum += value
            seen = min((i + 1) * bs, n)
            rate = seen / max(time.perf_counter() - epoch_start, 1e-9)
            eta = _eta(total_steps - step, bs, rate, config.epochs - epoch + 1, eval_time / max(epoch - 1, 1))
            yield StepRecord(epoch, step, value, lr, rate, eta, step / total_steps)

        train_time = time.perf_counter() - epoch_start
        eval_start = time.perf_counter()
        log_probs = predict_all(model, x_test, spec, stop=stop)
        if log_probs is None:
            yield _end("stopped", Message("train.stopped", {"steps": step}), epoch - 1, best_acc, run_start)
            return
        eval_time += time.perf_counter() - eval_start
        acc = accuracy(log_probs, y_test)
        best_acc = max(best_acc, acc)
        yield EpochRecord(
            epoch=epoch,
            train_loss=loss_sum / steps_per_epoch,
            test_loss=F.nll_loss(log_probs, y_test).item(),
            test_acc=acc,
            samples_per_s=n / train_time,
            epoch_time_s=time.perf_counter() - epoch_start,
            elapsed_s=time.perf_counter() - run_start,
            eta_s=(config.epochs - epoch) * (time.perf_counter() - epoch_start),
            lr=lr,
            confusion=confusion_matrix(log_probs.argmax(dim=1), y_test, len(spec.classes)).tolist(),
            mistakes=worst_mistakes(log_probs.cpu(), y_test.cpu()),
        )
    done = Message("train.finished_one" if config.epochs == 1 else "train.finished",
                   {"epochs": config.epochs, "accuracy": best_acc})
    yield _end("finished", done, config.epochs, best_acc, run_start)


EXPLODED = 50.0  # a cross-entropy batch average this high means the weights are blowing up


def divergence_message(config: TrainConfig, value: float, step: int, epoch: int) -> Message:
    """Say what happened and what to try, in words a learner can act on."""
    key = "train.diverged_nan" if math.isnan(value) else "train.diverged_inf" if math.isinf(value) else "train.diverged_large"
    return Message(key, {"value": f"{value:.3g}",
        "step": step, "epoch": epoch, "lr": config.lr, "optimizer": config.optimizer, "smaller": config.lr / 10,
    })


def _subset(images, labels, limit, device):
    if limit:
        images, labels = images[:limit], labels[:limit]
    return images.to(device), labels.to(device)


def _eta(steps_left: int, bs: int, rate: float, evals_left: int, eval_s: float) -> float:
    return steps_left * bs / max(rate, 1e-9) + evals_left * eval_s


def _end(reason: str, message: Message, epochs_done: int, best_acc: float, run_start: float) -> EndRecord:
    return EndRecord(reason, message.render(), message.key, dict(message.params), epochs_done, best_acc,
                     time.perf_counter() - run_start)
