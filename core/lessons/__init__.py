"""The Fundamentals pages' subjects, each runnable on its own: tensors (tensor_*), autograd
(autograd_*, expression), losses (bce: two classes) and loss surfaces, seed 001's optimizer race (race_*,
optimizer_race), devices (device_facts), conv arithmetic, and the Transforms page's pictures
and checks (transform_*, pixel_stats, sample_photos), the Datasets page's Dataset of your own
(own_dataset*), the Models page's nn.Module of your own (own_module*), the Train page's
TensorBoard lesson (tensorboard_*). The Save & load page's loading into a changed model
(state_dict_lab) and nn.ReLU(inplace=True) (inplace_lab).

May import: core.common, core.data, core.models, core.training.
"""
