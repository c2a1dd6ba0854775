"""TrainConfig: every knob of a training run, as plain values that fit in JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


def knob(default, help: str):
    """A config field whose help text says what it does and why this default."""
    return field(default=default, metadata={"help": help})


OPTIMIZERS = ("sgd", "momentum", "rmsprop", "adam", "adamw")
SCHEDULES = ("constant", "step", "cosine", "onecycle")
PRECISIONS = ("auto", "fp32", "bf16")
NORMALIZATIONS = ("dataset", "0.5", "none", "pipeline")
TRANSFERS = ("features", "finetune")  # what a pretrained backbone does: stays frozen, or learns slowly  # core.data.normalization turns each into (mean, std)


@dataclass
class TrainConfig:
    model: str = knob("convnet", "registry name; seed 000's ConvNet is small and reaches 99% on MNIST")
    dataset: str = knob("mnist", "mnist, fashion-mnist, cifar10, or folder:PATH (an ImageFolder of your own pictures)")
    optimizer: str = knob("adam", "sgd, momentum, rmsprop, adam or adamw; Adam needs the least tuning")
    lr: float = knob(4e-3, "learning rate; 4× Adam's usual 1e-3, safe because cosine decays it to 0")
    momentum: float = knob(0.9, "SGD+momentum's velocity decay (seed 001 races 0.8)")
    alpha: float = knob(0.99, "RMSprop's squared-gradient smoothing (PyTorch default)")
    beta1: float = knob(0.9, "Adam's first-moment decay (PyTorch default)")
    beta2: float = knob(0.999, "Adam's second-moment decay (PyTorch default)")
    weight_decay: float = knob(0.0, "L2 penalty; 0 because these small models barely overfit MNIST")
    batch_size: int = knob(256, "half seed 000's 512: twice the updates per epoch, nearly the same speed")
    epochs: int = knob(3, "3 passes reach ≥99% on MNIST with these defaults (the 'fast' preset)")
    schedule: str = knob("cosine", "constant, step (×gamma every step_size epochs, as PyTorch's ImageNet example), "
                         "cosine, or onecycle (OneCycleLR: up to lr over the first warmup share of steps, then down "
                         "in a straight line)")
    step_size: int = knob(1, "epochs between step-decay drops (PyTorch's ImageNet example: 30, in 90-epoch runs)")
    gamma: float = knob(0.1, "factor of each step-decay drop, as in PyTorch's ImageNet example (0.1)")
    warmup: float = knob(0.2, "onecycle: the share of all steps spent climbing from lr/25 to lr (OneCycleLR's "
                         "pct_start); a short climb keeps a high lr from wrecking the first random weights")
    label_smoothing: float = knob(0.0, "share of each target spread over the other classes "
                                  "(F.cross_entropy's label_smoothing): the net stops chasing certainty it cannot use")
    augment: bool = knob(False, "random shift/scale/rotation of each batch, so drawn digits read better")
    augment_pipeline: list = field(default_factory=list, metadata={
        "help": "[name, params] steps from the Transforms page, applied to each uint8 image (empty = none)"})
    normalization: str = knob("dataset", "dataset: its own mean/std, as seed 000 (MNIST 0.1307/0.3081); "
                              "0.5: seed 003's Normalize((0.5,), (0.5,)); none: pixels 0..1; "
                              "pipeline: augment-pipeline's Normalize")
    seed: int = knob(0, "fixes initial weights, shuffling and augmentation so a run can be repeated")
    device: str = knob("auto", "auto picks CUDA, then MPS, then CPU")
    precision: str = knob("auto", "auto: bf16 autocast where the chip multiplies bf16 natively, else fp32")
    train_subset: int = knob(0, "use only the first N training images (0 = all); for quick demos and tests")
    test_subset: int = knob(0, "evaluate on only the first N test images (0 = all)")
    valid_share: float = knob(0.2, "your pictures: the share of each class kept aside to validate on "
                              "(seed 004 keeps a val/ folder; 20% is the usual split)")
    weights: str = knob("random", "transfer models: 'torchvision' (ImageNet weights, downloaded once when online), "
                        "a .pth file's path, or 'random' (no pretraining)")
    transfer: str = knob("finetune", "transfer models: 'features' trains only the new head (backbone frozen, "
                         "requires_grad_(False)); 'finetune' trains every layer, the backbone at backbone_lr × lr")
    backbone_lr: float = knob(0.1, "fine-tuning: the pretrained layers' learning rate as a share of lr, "
                              "so the new head learns fast and the backbone keeps what it knows")

    def __post_init__(self):
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(f"Unknown optimizer {self.optimizer!r}; choose one of: {', '.join(OPTIMIZERS)}.")
        if self.precision not in PRECISIONS:
            raise ValueError(f"Unknown precision {self.precision!r}; choose one of: {', '.join(PRECISIONS)}.")
        if self.normalization not in NORMALIZATIONS:
            raise ValueError(f"Unknown normalization {self.normalization!r}; "
                             f"choose one of: {', '.join(NORMALIZATIONS)}.")
        if self.normalization == "pipeline" and not any(
                isinstance(step, (list, tuple)) and step and step[0] == "Normalize" for step in self.augment_pipeline):
            raise ValueError("normalization 'pipeline' takes the Normalize step of --augment-pipeline, which has none.")
        if self.schedule not in SCHEDULES:
            raise ValueError(f"Unknown schedule {self.schedule!r}; choose one of: {', '.join(SCHEDULES)}.")
        if self.transfer not in TRANSFERS:
            raise ValueError(f"Unknown transfer {self.transfer!r}; choose one of: {', '.join(TRANSFERS)}.")
        if not 0 < self.warmup < 1:
            raise ValueError(f"warmup is a share of the steps, between 0 and 1, got {self.warmup!r}.")
        if not 0 <= self.label_smoothing < 1:
            raise ValueError(f"label_smoothing must be at least 0 and below 1, got {self.label_smoothing!r}.")
        if not 0 < self.valid_share < 1:
            raise ValueError(f"valid_share must be between 0 and 1, got {self.valid_share!r}.")
        if not 0 < self.backbone_lr <= 1:
            raise ValueError(f"backbone_lr is a share of lr, above 0 and at most 1, got {self.backbone_lr!r}.")
        for name in ("lr", "batch_size", "epochs"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be positive, got {getattr(self, name)!r}.")

    def to_dict(self) -> dict:
        return asdict(self)
