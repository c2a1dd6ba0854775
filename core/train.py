"""Command line: `python -m core.train --model convnet --dataset mnist --epochs 3 --out checkpoints/x.pt`.

Prints one JSON line per event (start, every --log-every steps, each epoch, end)
from the same generator the Train page consumes, then writes the checkpoint.
Under `torchrun --nproc_per_node=N -m core.train …` every rank trains (core.training.distributed)
and only rank 0 prints, writes the checkpoint and the TensorBoard events.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from dataclasses import MISSING, fields

from torch.distributed.elastic.multiprocessing.errors import record as record_errors

from core.data.folder_dataset import is_folder
from core.data.loading import DatasetMissing
from core.models.checkpoints import save_checkpoint
from core.models.transfer import BACKBONES
from core.training.config import TrainConfig
from core.training.distributed import JoinFailed, World, launched_by_torchrun, process_group, world_from_env
from core.training.loop import seeded_model, train
from core.training.presets import PICTURES, PRESETS
from core.training.records import EndRecord, EpochRecord, StepRecord, to_dict
from core.training.run_data import folder_facts
from core.training.tensorboard_log import tensorboard_log


def get_args_parser() -> argparse.ArgumentParser:
    """One --flag per TrainConfig field, with its help, plus --preset, --out, --log-every and --tensorboard."""
    parser = argparse.ArgumentParser(prog="python -m core.train", description=__doc__.splitlines()[0], epilog=(
        "Under torchrun (torchrun --nproc-per-node=N -m core.train ...) --batch-size is per process: "
        "the global batch is N × batch size, at the same --lr."))
    for f in fields(TrainConfig):
        flag = "--" + f.name.replace("_", "-")
        default = f.default if f.default is not MISSING else f.default_factory()
        text = f.metadata["help"].replace("%", "%%")  # argparse %-formats help: "99% on" would be "%o"
        if isinstance(default, list):  # e.g. --augment-pipeline '[["RandomRotation", {"degrees": 10}]]'
            parser.add_argument(flag, type=json.loads, default=default, help=f"{text} (JSON)")
        elif isinstance(default, bool):
            parser.add_argument(flag, action=argparse.BooleanOptionalAction, default=default, help=text)
        else:
            parser.add_argument(flag, type=type(default), default=default, help=f"{text} (default: {default})")
    parser.add_argument("--preset", choices=list(PRESETS), default="fast", help=(
        "start from this Train-page preset (seed000: seed 000 as written, 20 epochs in fp32); "
        "the other flags change it (default: fast, the flags' own defaults; with --dataset folder:PATH, the "
        "Train page's recipe for your pictures: cifar-net, batch 16, Adam 0.002, 40 epochs, cosine, augment)"))
    parser.add_argument("--out", help="write the trained weights here (.pt) with metadata (.json) beside")
    parser.add_argument("--log-every", type=int, default=50, help="print a step line every N steps (0 = none)")
    parser.add_argument("--tensorboard", metavar="DIR", help="also write TensorBoard events into DIR")
    return parser


def parse_config_args(argv: list[str] | None = None) -> dict:
    """The flags as a dict: a --preset's values where no flag is given, the flags' own defaults without one."""
    parser = get_args_parser()
    known = parser.parse_known_args(argv)[0]
    parser.set_defaults(**PRESETS[known.preset].to_dict())  # e.g. --preset seed000 --epochs 3: seed 000, shortened
    given = sys.argv[1:] if argv is None else argv
    if is_folder(known.dataset) and not any(a == "--preset" or a.startswith("--preset=") for a in given):
        parser.set_defaults(**PICTURES)  # a few hundred pictures of your own: the Train page's recipe for them
    args = vars(parser.parse_args(argv))
    args.pop("preset")
    args["model"] = torchvision_names().get(args["model"], args["model"])  # --model resnet18: the transfer one
    return args


def torchvision_names() -> dict[str, str]:
    """torchvision's names for the transfer models ("resnet18", "mobilenet_v3_small", and with hyphens):
    seed 004 calls it models.resnet18, so people type that."""
    names = {backbone.builder: name for name, backbone in BACKBONES.items()}
    return names | {builder.replace("_", "-"): name for builder, name in names.items()}


def main(argv: list[str] | None = None) -> int:
    args = parse_config_args(argv)
    out, log_every, log_dir = args.pop("out"), args.pop("log_every"), args.pop("tensorboard")
    world = world_from_env() if launched_by_torchrun() else World()  # to name the rank in an early error
    try:
        config = TrainConfig(**args)
        with process_group(config.device) as world:  # World() outside torchrun: nothing changes
            model, last_epoch, end = _train_and_report(config, world, log_every, log_dir)
    except (ValueError, DatasetMissing, JoinFailed) as exc:
        print(f"{_who(world)}error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{_who(world)}error: interrupted; no checkpoint written", file=sys.stderr)
        return 130
    if not world.is_main:
        return 0  # rank 0 reports how the run ended
    if out and last_epoch is not None and end.reason != "diverged":
        meta = {
            "dataset": config.dataset,
            "config": config.to_dict(),
            "test_acc": last_epoch.test_acc,
            "best_acc": end.best_acc,
            "epochs_done": end.epochs_done,
            "train_time_s": round(end.elapsed_s, 1),
            "command": _launcher(world) + " -m core.train " + " ".join(argv if argv is not None else sys.argv[1:]),
            "world_size": world.size,
            **folder_facts(config),
        }
        save_checkpoint(out, model, config.model, meta)
        print(json.dumps({"event": "saved", "path": out}), flush=True)
    return 0 if end.reason == "finished" else 1


def _train_and_report(config: TrainConfig, world: World, log_every: int, log_dir: str | None):
    """Train on every rank; rank 0 alone prints the records and logs them to TensorBoard."""
    model = seeded_model(config)
    end, last_epoch = None, None
    with tensorboard_log(log_dir if world.is_main else None, config) as log_tensorboard:
        for record in train(config, model, threading.Event(), world):
            log_tensorboard(record)
            skipped_step = isinstance(record, StepRecord) and (not log_every or record.step % log_every)
            if skipped_step or not world.is_main:
                continue
            print(json.dumps(to_dict(record)), flush=True)
            if isinstance(record, EpochRecord):
                last_epoch = record
            if isinstance(record, EndRecord):
                end = record
    return model, last_epoch, end


def _who(world: World) -> str:
    return f"rank {world.rank}: " if world.size > 1 else ""


def _launcher(world: World) -> str:
    if not world.active:
        return "python"
    nodes = world.size // world.local_size
    return f"torchrun --nnodes={nodes} --nproc_per_node={world.local_size}"


if __name__ == "__main__":
    # under torchrun, `record` hands a rank's exception to torchrun, which prints it as the job's root cause
    sys.exit((record_errors(main) if launched_by_torchrun() else main)())
