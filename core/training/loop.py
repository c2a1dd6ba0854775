"""The training loop, as a generator of plain records.

The Train page, the CLI (`python -m core.train`), the benches and the tests all
consume this one generator; it never prints and never touches Streamlit. Under torchrun
(core.training.distributed) the same loop runs on every rank, each on its shard of every epoch,
and every number it yields is already averaged or gathered over the ranks.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator

import torch
import torch.nn.functional as F
from torch import nn

from core.common.device import pick_device
from core.common.i18n import LocalizedError, Message
from core.data.batches import make_batch
from core.data.folder_dataset import is_folder
from core.models import create_model, get_model_info
from core.models.heads import with_classes
from core.models.transfer import is_transfer, transfer_model
from core.training.advice import (at_chance, barely_learned, barely_learned_message, chance_message,
                                divergence_message)
from core.training.config import TrainConfig
from core.training.distributed import World, all_reduce_mean, gather_rows, shard_indices, shard_rows, wrap_model
from core.training.engine import pick_engine
from core.training.evaluation import accuracy, confusion_matrix, predict_all, worst_mistakes
from core.training.malloc_tuning import keep_freed_memory
from core.training.optim import build_optimizer, lr_at, param_groups, set_lr
from core.training.records import EndRecord, EpochRecord, Record, StartRecord, StepRecord, plain_params
from core.training.run_data import class_count, dataset_shape, dataset_title, run_data
from core.training.step import graphs_fit, make_steps


class IncompatibleModel(LocalizedError, ValueError):
    """The chosen model cannot take the chosen dataset's images."""


def check_compatible(config: TrainConfig) -> None:
    """Refuse, in words, a model that cannot eat the chosen dataset's images."""
    info, shape = get_model_info(config.model), dataset_shape(config)
    if tuple(info.input_shape) != tuple(shape):
        raise IncompatibleModel("errors.incompatible_model", model=config.model, dataset=dataset_title(config),
                                expects="×".join(map(str, info.input_shape)), has="×".join(map(str, shape)))


def seeded_model(config: TrainConfig) -> nn.Module:
    """The config's model with initial weights drawn from its seed: the same config, the same run.
    A folder with other than the model's number of classes gets a head of its own size; a transfer
    model also gets config.weights in its backbone, frozen when config.transfer is "features"."""
    torch.manual_seed(config.seed)
    if is_transfer(config.model):  # the seed still draws its new head
        return transfer_model(config.model, class_count(config), config.weights, config.transfer)
    model = create_model(config.model)
    return with_classes(model, class_count(config)) if is_folder(config.dataset) else model


def train(config: TrainConfig, model: nn.Module, stop: threading.Event | None = None,
          world: World = World()) -> Iterator[Record]:
    """Train `model` in place; yield a StartRecord, StepRecords, EpochRecords and one EndRecord.

    Honours `stop` between steps (and between evaluation batches) and ends with
    reason "diverged" on a NaN, infinite or exploding loss instead of training on garbage
    (that step's record comes first). A run that finishes no better than a guess ends
    "finished" with a message that says so (core.training.advice).
    In a process group (`world.active`), `config.batch_size` is per rank: the global
    batch is batch_size × world.size, at the same lr (see README, "past one machine").
    """
    check_compatible(config)
    keep_freed_memory()  # else the kernel zeroes the step's activations afresh, page by page
    stop = stop or threading.Event()
    device = world.place(pick_device(config.device))
    engine = pick_engine(config.precision, device)
    torch.manual_seed(config.seed)
    # augmentation draws; + rank so ranks do not shift their (different) digits by the same amounts
    generator = torch.Generator(device=device).manual_seed(config.seed + world.rank)

    data = run_data(config)  # a folder's validation part plays the test set
    spec, train_set, test_set = data.spec, data.train, data.test  # spec: with this run's mean and std
    x_train, y_train = _subset(train_set.images, train_set.labels, config.train_subset, device)
    x_test, y_test = _subset(test_set.images, test_set.labels, config.test_subset, device)

    engine.prepare_model(model).train()
    net = wrap_model(model, world, device)  # DDP averages gradients over ranks; `model` stays plain
    graphs = graphs_fit(device, world.active, config.optimizer)
    optimizer = build_optimizer(config, param_groups(model, config), fused=device.type in ("cuda", "cpu"),
                                graph_device=device if graphs else None)
    run_step = make_steps(net, optimizer, engine, graphs, config.label_smoothing)
    n, bs = len(y_train), config.batch_size
    per_rank = math.ceil(n / world.size)  # rows each rank trains on per epoch (all of them on one process)
    steps_per_epoch = math.ceil(per_rank / bs)
    total_steps = steps_per_epoch * config.epochs
    yield StartRecord(str(device), n, len(y_test), total_steps, sum(p.numel() for p in model.parameters()),
                      engine.precision, torch.get_num_threads() if device.type == "cpu" else 0, world.size)

    run_start, best_acc, step, eval_time, test_loss = time.perf_counter(), 0.0, 0, 0.0, math.nan
    first_loss = None
    read_every = _read_every(device)
    for epoch in range(1, config.epochs + 1):
        epoch_start, loss_sum = time.perf_counter(), 0.0
        order = _epoch_order(n, epoch, config.seed, world, generator, device)  # (per_rank,) row indices
        unread: list[tuple[int, float, torch.Tensor]] = []  # (step, lr, loss still on the device)
        for i in range(steps_per_epoch):
            if stop.is_set():
                yield _end("stopped", Message("train.stopped", {"steps": step}), epoch - 1, best_acc, run_start)
                return
            idx = order[i * bs:(i + 1) * bs]
            lr = lr_at(config, step, steps_per_epoch)
            set_lr(optimizer, lr)
            loss = run_step(make_batch(x_train[idx], spec, config.augment, generator, config.augment_pipeline),
                            y_train[idx])
            step += 1
            unread.append((step, lr, loss))
            if len(unread) < read_every and i < steps_per_epoch - 1:
                continue  # on a GPU, reading a loss waits for the queue to drain: read them in bursts
            # every rank sees the same mean loss, so they all stop at the same step if it diverges
            values = all_reduce_mean(torch.stack([loss for _, _, loss in unread]), world).tolist()
            seen = min((i + 1) * bs, per_rank) * world.size
            rate = seen / max(time.perf_counter() - epoch_start, 1e-9)
            for (at_step, at_lr, _), value in zip(unread, values):
                first_loss = value if first_loss is None else first_loss
                eta = _eta(total_steps - at_step, bs, rate, config.epochs - epoch + 1, eval_time / max(epoch - 1, 1))
                yield StepRecord(epoch, at_step, value, at_lr, rate, eta, at_step / total_steps)
                if not math.isfinite(value) or value > max(EXPLODED, 20 * first_loss):  # recorded first:
                    message = divergence_message(config, value, at_step, epoch)  # the chart ends where the words do
                    yield _end("diverged", message, epoch - 1, best_acc, run_start)
                    return
                loss_sum += value
            unread = []

        train_time = time.perf_counter() - epoch_start
        eval_start = time.perf_counter()
        # each rank scores its block of the test set; gathered, every rank holds all (N_test, classes)
        log_probs = predict_all(model, x_test[shard_rows(len(y_test), world)], spec, stop=stop, engine=engine)
        if log_probs is None:
            yield _end("stopped", Message("train.stopped", {"steps": step}), epoch - 1, best_acc, run_start)
            return
        log_probs = gather_rows(log_probs, len(y_test), world)
        eval_time += time.perf_counter() - eval_start
        acc = accuracy(log_probs, y_test)
        best_acc = max(best_acc, acc)
        test_loss = F.nll_loss(log_probs, y_test).item()
        yield EpochRecord(
            epoch=epoch,
            train_loss=loss_sum / steps_per_epoch,
            test_loss=test_loss,
            test_acc=acc,
            samples_per_s=n / train_time,
            epoch_time_s=time.perf_counter() - epoch_start,
            elapsed_s=time.perf_counter() - run_start,
            eta_s=(config.epochs - epoch) * (time.perf_counter() - epoch_start),
            lr=lr,
            confusion=confusion_matrix(log_probs.argmax(dim=1), y_test, len(spec.classes)).tolist(),
            mistakes=worst_mistakes(log_probs.cpu(), y_test.cpu()),
        )
    majority = torch.bincount(y_test).max().item() / len(y_test)  # always answering the commonest class
    if at_chance(best_acc, majority):  # finished, but as good as a guess: say so, and what helps
        done = chance_message(config, best_acc, majority, step)
    elif barely_learned(test_loss, len(spec.classes)):  # better than a guess, yet its loss hardly fell
        done = barely_learned_message(config, best_acc, test_loss, len(spec.classes), step)
    else:
        done = Message("train.finished_one" if config.epochs == 1 else "train.finished",
                       {"epochs": config.epochs, "accuracy": best_acc})
    yield _end("finished", done, config.epochs, best_acc, run_start)


EXPLODED = 50.0  # a cross-entropy batch average this high means the weights are blowing up
GPU_READ_EVERY = 20  # steps queued on a GPU between reads of their losses


def _read_every(device: torch.device) -> int:
    """A CPU computes each step before returning, so reading its loss costs nothing."""
    return 1 if device.type == "cpu" else GPU_READ_EVERY


def _epoch_order(n: int, epoch: int, seed: int, world: World, generator: torch.Generator,
                 device: torch.device) -> torch.Tensor:
    """The rows to train on this epoch, in order: a rank's shard, or a permutation of all n."""
    if world.active:
        return shard_indices(n, world.rank, world.size, seed, epoch).to(device)
    return torch.randperm(n, generator=generator, device=device)  # one process: as before DDP existed


def _subset(images, labels, limit, device):
    if limit:
        images, labels = images[:limit], labels[:limit]
    return images.to(device), labels.to(device)


def _eta(steps_left: int, bs: int, rate: float, evals_left: int, eval_s: float) -> float:
    return steps_left * bs / max(rate, 1e-9) + evals_left * eval_s


def _end(reason: str, message: Message, epochs_done: int, best_acc: float, run_start: float) -> EndRecord:
    return EndRecord(reason, message.render(), message.key, plain_params(message.params), epochs_done, best_acc,
                     time.perf_counter() - run_start)
