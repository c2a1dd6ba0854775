"""The Transforms page's training and test pipelines as seed 004 writes them: two Compose objects and
two datasets, the training one with train_transform, the validation one with test_transform.

Run, it draws the first picture of each set twice from the page's seed and prints the shapes and
whether the two draws are equal: what the page's "Training vs test" shows (tests compare them).
"""

from __future__ import annotations

from core.common.i18n import translate
from core.data.datasets import DATASETS
from core.data.pipeline import step_code


def train_test_code(train_steps: list, added: int, test_steps: list, dataset: str | None, seed: int,
                    lang: str = "en") -> str:
    """The script; `added`: how many of the training steps the page appended (they get a comment),
    `dataset`: a built-in dataset's name, or None for a folder of pictures (ImageFolder)."""
    c = lambda key, **params: translate(lang, f"code.pair_{key}", **params)  # noqa: E731
    train_lines = [f"    {step_code(name, params)},\n" for name, params in train_steps]
    if added:
        train_lines.insert(len(train_lines) - added, f"    # {c('added')}\n")
    test_lines = "".join(f"    {step_code(name, params)},\n" for name, params in test_steps)
    return f'''import torch
from torchvision import datasets
from torchvision.transforms import v2

# {c("train")}
train_transform = v2.Compose([
{"".join(train_lines)}])
# {c("test")}
test_transform = v2.Compose([
{test_lines}])

{_datasets(dataset, c)}
# {c("modes")}

torch.manual_seed({seed})
a, b = train_set[0][0], train_set[0][0]  # {c("twice")}
c, d = val_set[0][0], val_set[0][0]
print("train:", list(a.shape), "same both times:", torch.equal(a, b))
print("test: ", list(c.shape), "same both times:", torch.equal(c, d))
'''


def _datasets(dataset: str | None, c) -> str:
    if dataset is None:
        return (f"# {c('folders')}\n"
                'train_set = datasets.ImageFolder("pictures/train", train_transform)\n'
                'val_set = datasets.ImageFolder("pictures/val", test_transform)')
    name = DATASETS[dataset].torchvision_class
    return (f'train_set = datasets.{name}("data", train=True, download=True, transform=train_transform)\n'
            f'val_set = datasets.{name}("data", train=False, download=True, transform=test_transform)')
