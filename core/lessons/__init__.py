"""The Fundamentals pages' subjects, each runnable on its own: tensors (tensor_*), autograd
(autograd_*, expression), losses and loss surfaces, seed 001's optimizer race (race_*,
optimizer_race), devices (device_facts), conv arithmetic, and the Transforms page's pictures
and checks (transform_*, pixel_stats, sample_photos).

May import: core.common, core.data, core.models, core.training.
"""
