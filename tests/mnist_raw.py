"""A fixture: MNIST's four files uncompressed in a scratch root, as torchvision's datasets.MNIST reads them."""

import gzip
import os
import shutil
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def mnist_root(tmp_path_factory) -> Path:
    """torchvision's MNIST reads only uncompressed files: gunzip the shared copy into a scratch root."""
    shared = Path(os.environ["TORCHLAB_DATA"]) / "MNIST" / "raw"  # read only, never written
    raw = tmp_path_factory.mktemp("data") / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for name in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                 "t10k-labels-idx1-ubyte"):
        plain = shared / name
        with (open(plain, "rb") if plain.exists() else gzip.open(shared / f"{name}.gz", "rb")) as fin, \
                open(raw / name, "wb") as fout:
            shutil.copyfileobj(fin, fout, 1 << 20)
    return raw.parents[1]
