"""The Train page's TensorBoard lesson as plain scripts: seed 002's add_scalar, add_image, add_images and
add_graph, each followed by reading the event file back with tensorboard's own EventAccumulator.

Each script prints what the page shows (core.lessons.tensorboard_events / tensorboard_graph read
the same files the same way); tests/test_tensorboard_lesson.py runs them and compares.
"""

from __future__ import annotations

import json

from core.code.snippets import plain_model_source
from core.code.training_code import wrap_comments
from core.common.i18n import translate
from core.data.datasets import get_spec
from core.lessons.sample_photos import MAX_SIDE
from core.lessons.tensorboard_events import BATCH_TAG, IMAGE_TAG, SCALAR_TAG
from core.models import get_model_info

WIDTH = 90  # columns: the Train page's code blocks show about this many without scrolling
_READER = "from tensorboard.backend.event_processing.event_accumulator import EventAccumulator"


def _c(lang: str, key: str, **params) -> str:
    return translate(lang, f"code.tb_{key}", **params)


def _read_back(lang: str) -> str:
    return (f"# {_c(lang, 'read_back')}\n# {_c(lang, 'keep_all')}\n"
            'events = EventAccumulator("logs", size_guidance={"scalars": 0, "images": 0})\n'
            "events.Reload()")


def scalars_code(runs: list[tuple[float, int]], lang: str = "en") -> str:
    """Seed 002's y = 2x, run once per (slope, steps); a second run writes into the same folder."""
    blocks = []
    for i, (slope, steps) in enumerate(runs):
        comment = _c(lang, "again") if i else _c(lang, "scalar")
        blocks.append(f'''# {comment}
writer = SummaryWriter("logs")
for i in range({steps}):
    writer.add_scalar("{SCALAR_TAG}", {slope!r} * i, i)  # {_c(lang, "scalar_args")}
writer.close()
''')
    return wrap_comments(f'''import os

{_READER}
from torch.utils.tensorboard import SummaryWriter

{chr(10).join(blocks)}
{_read_back(lang)}
print([(e.step, e.value) for e in events.Scalars("{SCALAR_TAG}")])
# {_c(lang, "files")}
print(sorted(os.listdir("logs")))
''', WIDTH)


def image_code(photo: str, layout: str, dataformats: str, lang: str = "en") -> str:
    """add_image of a real photo in one of three array layouts, with the dataformats chosen."""
    make = {
        "hwc_uint8": "picture = np.array(image)",
        "chw_float": "picture = transforms.ToTensor()(image)",
        "hwc_float255": "picture = np.array(image).astype(np.float32)",
    }[layout]
    default = f"\n    # {_c(lang, 'chw_default')}" if dataformats == "CHW" else ""
    return wrap_comments(f'''import io

import numpy as np
from PIL import Image
from skimage import data  # {_c(lang, "skimage")}
{_READER}
from torch.utils.tensorboard import SummaryWriter
from torchvision import transforms

# {_c(lang, "photo")}
image = Image.fromarray(data.{photo}())
image.thumbnail(({MAX_SIDE}, {MAX_SIDE}))
# {_c(lang, layout)}
{make}
print("add_image gets", tuple(picture.shape))

writer = SummaryWriter("logs")
try:{default}
    writer.add_image("{IMAGE_TAG}", picture, 1, dataformats="{dataformats}")
    # {_c(lang, "refused")}
except TypeError as error:
    print("add_image refused it:", type(error).__name__ + ":", error)
writer.close()

{_read_back(lang)}
for event in events.Images("{IMAGE_TAG}") if "{IMAGE_TAG}" in events.Tags()["images"] else []:
    # {_c(lang, "png")}
    stored = np.asarray(Image.open(io.BytesIO(event.encoded_image_string)))
    mean = round(float(stored.mean()), 2)
    print("stored", event.width, "x", event.height, "mean pixel", mean)
''', WIDTH)


def images_code(dataset: str, count: int, data_root: str = "data", lang: str = "en") -> str:
    """add_images of the first `count` training pictures of a dataset, read back as one grid."""
    spec = get_spec(dataset)
    root = json.dumps(data_root, ensure_ascii=False)
    return wrap_comments(f'''import torch
{_READER}
from torch.utils.tensorboard import SummaryWriter
from torchvision import datasets, transforms

pictures = datasets.{spec.torchvision_class}(root={root}, train=True, download=True,
                          transform=transforms.PILToTensor())
batch = torch.stack([pictures[i][0] for i in range({count})])  # ({count}, {", ".join(map(str, spec.shape))}) uint8
writer = SummaryWriter("logs")
# {_c(lang, "images")}
writer.add_images("{BATCH_TAG}", batch, 0)
writer.close()

{_read_back(lang)}
# {_c(lang, "one_picture")}
(event,) = events.Images("{BATCH_TAG}")
print("one picture of", event.width, "x", event.height, "pixels")
''', WIDTH)


def graph_code(name: str, lang: str = "en") -> str:
    """add_graph of a registry model, then the graph's operations as TensorBoard stored them."""
    info = get_model_info(name)
    cls = info.factory.__name__
    return wrap_comments(f'''import torch
{_READER}
from torch import nn
from torch.utils.tensorboard import SummaryWriter


{plain_model_source(name)}


# {_c(lang, "graph_eval")}
model = {cls}().eval()
writer = SummaryWriter("logs")
# {_c(lang, "graph")}
writer.add_graph(model, torch.zeros(1, {", ".join(map(str, info.input_shape))}))
writer.close()

{_read_back(lang)}
# {_c(lang, "graph_def")}
graph = events.Graph()
print(len(graph.node), "nodes")
for node in graph.node:
    if node.op.startswith("aten::"):  # {_c(lang, "graph_ops")}
        print(node.name, node.op)
''', WIDTH)
