"""Training runs: the config (TrainConfig), the record generator (loop.train), the fast step and
its engine, optimizers and schedules, evaluation, presets, advice after a failed run, runs on disk,
background jobs and the class-wide scheduler, the live feed, TensorBoard logs and torchrun.
The CLI that drives it is core/train.py (`python -m core.train`).

May import: core.common, core.data, core.models.
"""
