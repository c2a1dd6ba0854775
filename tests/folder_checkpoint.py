"""A checkpoint of a tiny run on the shapes folder, trained once per test module through the CLI
(as a person would: python -m core.train --dataset folder:PATH), with a cache of its own."""

import pytest

from core import train as cli
from core.data import folder_dataset


@pytest.fixture(scope="module")
def shapes_checkpoint(shapes, tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "shapes.pt"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TORCHLAB_CACHE", str(out.parent / "cache"))
        folder_dataset._memo.clear()
        code = cli.main(["--dataset", f"folder:{shapes}", "--model", "cifar-net", "--epochs", "1",
                         "--batch-size", "8", "--log-every", "0", "--out", str(out)])
        folder_dataset._memo.clear()
    assert code in (0, 1) and out.exists()  # 1: one epoch on 36 pictures may end "barely learned"
    return out
