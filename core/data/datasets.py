"""What TorchLab knows about each dataset: files, shape, classes, normalisation."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DatasetSpec:
    """Plain facts about one dataset; loading lives in core.data.loading."""

    name: str  # our id, used in configs and URLs
    title: str  # how people write it
    folder: str  # torchvision's folder under the data dir
    torchvision_class: str  # the torchvision.datasets class that decodes it
    shape: tuple[int, int, int]  # (C, H, W) of one image
    classes: tuple[str, ...]
    mean: tuple[float, ...]  # per-channel mean of the training set, for Normalize
    std: tuple[float, ...]  # per-channel std of the training set
    files: tuple[str, ...]  # what must be in <data>/<folder>/ (gz or not) for offline use
    url: str  # where a person can get the files by hand
    manual_key: str  # catalog key: how to place the files by hand ({where} is the folder)


_IDX_FILES = (
    "raw/train-images-idx3-ubyte",
    "raw/train-labels-idx1-ubyte",
    "raw/t10k-images-idx3-ubyte",
    "raw/t10k-labels-idx1-ubyte",
)

DATASETS: dict[str, DatasetSpec] = {
    spec.name: spec
    for spec in (
        DatasetSpec(
            name="mnist",
            title="MNIST",
            folder="MNIST",
            torchvision_class="MNIST",
            shape=(1, 28, 28),
            classes=tuple(str(d) for d in range(10)),
            mean=(0.1307,),
            std=(0.3081,),
            files=_IDX_FILES,
            url="https://ossci-datasets.s3.amazonaws.com/mnist/",
            manual_key="errors.manual_idx",
        ),
        DatasetSpec(
            name="fashion-mnist",
            title="FashionMNIST",
            folder="FashionMNIST",
            torchvision_class="FashionMNIST",
            shape=(1, 28, 28),
            classes=("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                     "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
            mean=(0.2860,),
            std=(0.3530,),
            files=_IDX_FILES,
            url="http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
            manual_key="errors.manual_idx",
        ),
        DatasetSpec(
            name="cifar10",
            title="CIFAR-10",
            folder="cifar-10-batches-py",
            torchvision_class="CIFAR10",
            shape=(3, 32, 32),
            classes=("airplane", "automobile", "bird", "cat", "deer",
                     "dog", "frog", "horse", "ship", "truck"),
            mean=(0.4914, 0.4822, 0.4465),
            std=(0.2470, 0.2435, 0.2616),
            files=tuple(f"data_batch_{i}" for i in range(1, 6)) + ("test_batch", "batches.meta"),
            url="https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
            manual_key="errors.manual_cifar",
        ),
    )
}


def get_spec(name: str) -> DatasetSpec:
    """The spec for a dataset id, with the list of ids when it is unknown."""
    try:
        return DATASETS[name]
    except KeyError:
        raise ValueError(f"Unknown dataset {name!r}; choose one of: {', '.join(DATASETS)}.") from None
