"""Command line: `python -m core.train --model convnet --dataset mnist --epochs 3 --out checkpoints/x.pt`.

Prints one JSON line per event (start, every --log-every steps, each epoch, end)
from the same generator the Train page consumes, then writes the checkpoint.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from dataclasses import MISSING, fields

from core.checkpoints import save_checkpoint
from core.config import TrainConfig
from core.data import DatasetMissing
from core.records import EndRecord, EpochRecord, StepRecord, to_dict
from core.training import seeded_model, train


def get_args_parser() -> argparse.ArgumentParser:
    """One --flag per TrainConfig field, with its help, plus --out and --log-every."""
    parser = argparse.ArgumentParser(prog="python -m core.train", description=__doc__.splitlines()[0])
    for f in fields(TrainConfig):
        flag = "--" + f.name.replace("_", "-")
        default = f.default if f.default is not MISSING else f.default_factory()
        if isinstance(default, list):  # e.g. --augment-pipeline '[["RandomRotation", {"degrees": 10}]]'
            parser.add_argument(flag, type=json.loads, default=default, help=f"{f.metadata['help']} (JSON)")
        elif isinstance(default, bool):
            parser.add_argument(flag, action=argparse.BooleanOptionalAction, default=default, help=f.metadata["help"])
        else:
            parser.add_argument(flag, type=type(default), default=default,
                                help=f"{f.metadata['help']} (default: {default})")
    parser.add_argument("--out", help="write the trained weights here (.pt) with metadata (.json) beside")
    parser.add_argument("--log-every", type=int, default=50, help="print a step line every N steps (0 = none)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = vars(get_args_parser().parse_args(argv))
    out, log_every = args.pop("out"), args.pop("log_every")
    try:
        config = TrainConfig(**args)
        model = seeded_model(config)
        end, last_epoch = None, None
        stop = threading.Event()
        for record in train(config, model, stop):
            if isinstance(record, StepRecord) and (not log_every or record.step % log_every):
                continue
            print(json.dumps(to_dict(record)), flush=True)
            if isinstance(record, EpochRecord):
                last_epoch = record
            if isinstance(record, EndRecord):
                end = record
    except (ValueError, DatasetMissing) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted; no checkpoint written", file=sys.stderr)
        return 130
    if out and last_epoch is not None and end.reason != "diverged":
        meta = {
            "dataset": config.dataset,
            "config": config.to_dict(),
            "test_acc": last_epoch.test_acc,
            "best_acc": end.best_acc,
            "epochs_done": end.epochs_done,
            "train_time_s": round(end.elapsed_s, 1),
            "command": "python -m core.train " + " ".join(argv if argv is not None else sys.argv[1:]),
        }
        save_checkpoint(out, model, config.model, meta)
        print(json.dumps({"event": "saved", "path": out}), flush=True)
    return 0 if end.reason == "finished" else 1


if __name__ == "__main__":
    sys.exit(main())
