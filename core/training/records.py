"""The plain records a training run yields; the page, CLI, benches and tests read the same ones."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from core.common.i18n import Message


@dataclass
class StartRecord:
    device: str
    train_size: int
    test_size: int
    total_steps: int
    parameters: int
    precision: str = "fp32"  # "bf16" when matmuls ran under bf16 autocast (core.training.engine)
    threads: int = 0  # CPU threads the run used; 0 on a GPU
    world_size: int = 1  # processes training together under torchrun (core.training.distributed)
    event: str = field(default="start", init=False)


@dataclass
class StepRecord:
    epoch: int  # 1-based
    step: int  # global step, 1-based
    loss: float
    lr: float
    samples_per_s: float  # training throughput of this epoch so far
    eta_s: float  # seconds left for the whole run
    progress: float  # 0..1 of all steps
    event: str = field(default="step", init=False)


@dataclass
class EpochRecord:
    epoch: int
    train_loss: float  # mean over the epoch's batches
    test_loss: float
    test_acc: float  # 0..1
    samples_per_s: float  # training samples per second, evaluation excluded
    epoch_time_s: float
    elapsed_s: float
    eta_s: float
    lr: float
    confusion: list[list[int]] = field(default_factory=list)  # [true][predicted] counts on the test set
    mistakes: list[dict] = field(default_factory=list)  # most confident errors: index, true, predicted, confidence
    event: str = field(default="epoch", init=False)


@dataclass
class EndRecord:
    reason: str  # "finished", "stopped" or "diverged"
    message: str  # a sentence for a person, in English (the CLI prints it)
    message_key: str  # the same sentence's catalog key, so a page can show it in its language
    message_params: dict  # plain values that fill the message's {placeholders} (see plain_params)
    epochs_done: int
    best_acc: float
    elapsed_s: float
    event: str = field(default="end", init=False)


Record = StartRecord | StepRecord | EpochRecord | EndRecord


def to_dict(record: Record) -> dict:
    """The record's fields as a new dict, for JSON. Shallow: asdict's deep copy cost a job
    50 µs a step, and records are never changed once made."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


def plain_params(params: dict) -> dict:
    """A Message's parameters as JSON values: a nested Message (an optimizer's name, a piece of
    advice) becomes {"message": key, "params": {...}}, so metrics.jsonl can hold the ending."""
    return {name: {"message": value.key, "params": plain_params(value.params)} if isinstance(value, Message)
            else value for name, value in params.items()}


def end_message(record: EndRecord) -> Message:
    """How the run ended, as a Message again (nested ones too), to render in any language."""
    return Message(record.message_key, _messages(record.message_params))


def _messages(params: dict) -> dict:
    return {name: Message(value["message"], _messages(value["params"]))
            if isinstance(value, dict) and set(value) == {"message", "params"} else value
            for name, value in params.items()}
