"""The plain PyTorch behind the See inside page and the Models page's torchvision views.

Each function returns a complete script for the settings the page used; tests run every
one and compare what it prints with what TorchLab computed.
"""

from __future__ import annotations

from core.code.predict_script import center_crop_code, head_line
from core.code.snippets import checkpoint_loading_code, plain_model_source
from core.common.i18n import translate
from core.data.folder_dataset import stored_size
from core.lessons.conv_arithmetic import LayerSettings
from core.models import get_model_info
from core.models.torchvision_models import TORCHVISION_MODELS, build_torchvision
from core.vision.model_inputs import dataset_for


def _model_code(name: str, checkpoint: str | None, lang: str, classes: int | None = None) -> str:
    """The class, then either the checkpoint's weights or seed 0's random ones (as the page's untrained model).
    `classes`: a run on your own pictures, whose last Linear was refitted to that many outputs before training."""
    cls = get_model_info(name).factory.__name__
    if checkpoint is None:
        weights = f"torch.manual_seed(0)  # {translate(lang, 'code.inside_untrained')}\nmodel = {cls}()"
    else:
        weights = checkpoint_loading_code(checkpoint, cls, lang)
        if classes is not None:  # the new head goes in before the weights that fit it are loaded
            head = head_line(name, classes, translate(lang, "code.predict_head", count=classes))
            weights = weights.replace(f"model = {cls}()", f"model = {cls}()" + head.replace("\n    ", "\n"), 1)
    return f"{plain_model_source(name)}\n\n\n{weights}\nmodel.eval()"


def feature_maps_code(name: str, checkpoint: str | None, image_path: str, lang: str = "en",
                      stats: tuple[tuple[float, ...], tuple[float, ...]] | None = None,
                      classes: list[str] | None = None, modules: list[str] | None = None) -> str:
    """Hook every leaf layer (or the `modules` the page drew), run one picture, print each output's
    shape and value range. `stats`: the (mean, std) the model was trained with (core.data.normalization);
    None: its dataset's own. `classes`: a run on your own pictures (core.vision.picture_inputs): its head,
    its class names, and its picture steps (stored side, centre crop) instead of a plain resize."""
    info = get_model_info(name)
    spec = dataset_for(info.input_shape)
    mean, std = stats or (tuple(spec.mean), tuple(spec.std))
    channels, height, width = info.input_shape
    mode = "RGB" if channels == 3 else "L"
    c = lambda key: translate(lang, f"code.inside_{key}")  # noqa: E731
    if classes is None:
        steps = f"transforms.Resize(({height}, {width})),"
        normalize, names, label = c("normalize"), "", "int(probs.argmax())"
    else:
        side = stored_size(height)
        fit = f"ImageOps.fit(picture, ({side}, {side}), Image.Resampling.BILINEAR)"
        stored = translate(lang, "code.predict_stored", side=side)
        steps = (f"transforms.Lambda(lambda picture: {fit}),  # {stored}\n    "
                 f"{center_crop_code(side, height)},  # {translate(lang, 'code.predict_crop', size=height)}")
        normalize = c("normalize_run")
        names = f"\nCLASSES = {list(classes)!r}  # {translate(lang, 'code.predict_classes')}\n"
        label = "CLASSES[int(probs.argmax())]"
    if modules is None:
        hooked = "[m.register_forward_hook(keep(n)) for n, m in model.named_modules() if n and not list(m.children())]"
        register = c("register")
    else:
        hooked = f"[model.get_submodule(n).register_forward_hook(keep(n)) for n in {list(modules)!r}]"
        register = c("register_blocks")
    return f'''import torch
from PIL import Image{", ImageOps" if classes is not None else ""}
from torch import nn
from torchvision import transforms


{_model_code(name, checkpoint, lang, None if classes is None else len(classes))}
{names}
# {c("input")}
image = Image.open("{image_path}").convert("{mode}")
to_input = transforms.Compose([
    {steps}
    transforms.ToTensor(),  # (C, H, W) in 0..1
    transforms.Normalize({tuple(mean)}, {tuple(std)}),  # {normalize}
])
x = to_input(image).unsqueeze(0)  # (N, C, H, W) = (1, {channels}, {height}, {width})

outputs = []  # (name, output) per call: a module called twice appears twice


def keep(name):
    def hook(module, inputs, output):  # {c("hook")}
        outputs.append((name, output.detach().clone()))
    return hook


# {register}
hooks = {hooked}
try:
    with torch.no_grad():
        probs = torch.softmax(model(x), dim=1)[0]
finally:
    for hook in hooks:
        hook.remove()  # {c("remove")}

for name, out in outputs:
    print(f"{{name:<9}} {{str(list(out.shape)):<18}} {{out.min().item():9.4f}} {{out.max().item():9.4f}}")
print("prediction:", {label}, f"{{probs.max():.1%}}")
'''


def kernels_code(name: str, checkpoint: str | None, layer: str, lang: str = "en", classes: int | None = None) -> str:
    """A conv layer's weights: their shape, and all kernels saved as one picture. `classes`: a run on
    your own pictures, whose head has that many outputs."""
    c = lambda key: translate(lang, f"code.inside_{key}")  # noqa: E731
    return f'''import torch
import torchvision
from torch import nn


{_model_code(name, checkpoint, lang, classes)}

weight = model.get_submodule("{layer}").weight.detach()  # (out_channels, in_channels, k, k)
print("{layer}", list(weight.shape))
# {c("kernel_rows")}
out_channels, in_channels, kh, kw = weight.shape
tiles = weight if in_channels == 3 else weight.reshape(out_channels * in_channels, 1, kh, kw)
grid = torchvision.utils.make_grid(tiles, nrow=8 if in_channels == 3 else in_channels, padding=1,
                                   normalize=True, scale_each=True)  # {c("kernel_scale")}
torchvision.utils.save_image(grid, "kernels.png")
print("kernel 0, input channel 0:")
print(weight[0, 0])
'''


def conv_layer_code(settings: LayerSettings, size: int, activation: str | None, lang: str = "en") -> str:
    """The lab's layer as one nn.Conv2d / nn.MaxPool2d call, its output shape and the formula by hand."""
    s = settings
    c = lambda key: translate(lang, f"code.inside_{key}")  # noqa: E731
    if s.kind == "pool":
        layer = (f"nn.MaxPool2d(kernel_size={s.kernel}, stride={s.stride}, padding={s.padding}, "
                 f"dilation={s.dilation}, ceil_mode={s.ceil_mode})")
    else:
        layer = (f"nn.Conv2d({s.in_channels}, {s.out_channels}, kernel_size={s.kernel}, stride={s.stride}, "
                 f"padding={s.padding}, dilation={s.dilation})")
    if s.kind == "pool" and s.ceil_mode:
        rounding = (f"h_out = math.ceil(reach / {s.stride}) + 1\n"
                    f"if (h_out - 1) * {s.stride} >= {size} + {s.padding}:  # {c('ceil_rule')}\n"
                    f"    h_out -= 1")
    else:
        rounding = f"h_out = reach // {s.stride} + 1  # {c('floor')}"
    act = {"relu": "nn.ReLU()", "sigmoid": "nn.Sigmoid()"}.get(activation or "")
    act_code = f"\nz = {act}(y)  # {c('activation')}\nprint(\"{act}:\", z.min().item(), z.max().item())\n" \
        if act else ""
    return f'''import math

import torch
from torch import nn

torch.manual_seed(0)  # {c("seed")}
layer = {layer}
x = torch.rand(1, {s.in_channels}, {size}, {size})  # {c("lab_input")}
y = layer(x)
print(list(x.shape), "->", list(y.shape))

# {c("formula")}
reach = {size} + 2 * {s.padding} - {s.dilation} * ({s.kernel} - 1) - 1
{rounding}
print("h_out =", h_out)
{act_code}'''


def torchvision_code(name: str, surgery: str, classes: int = 10, weights: str | None = None, lang: str = "en") -> str:
    """Seed 002's torchvision model with weights=None, the head surgery, and a hook summary."""
    spec = TORCHVISION_MODELS[name]
    c = lambda key: translate(lang, f"code.inside_{key}")  # noqa: E731
    parent, _, index = spec.head.rpartition(".")  # "classifier", "6" for VGG; "", "fc" for ResNet
    head_code = f"{name}.{parent}[{index}]" if parent else f"{name}.{index}"
    in_features = build_torchvision(name).get_submodule(spec.head).in_features  # 4096, 512 or 2048
    load = ""
    if weights:
        load = f'\n# {c("weights")}\n{name}.load_state_dict(torch.load("{weights}", map_location="cpu", weights_only=True))'
    if surgery == "replace":
        replace = translate(lang, "code.inside_replace", classes=classes)
        change = f"\n# {replace}\n{head_code} = nn.Linear({in_features}, {classes})"
    elif surgery == "append" and parent:
        change = f"\n# {c('append')}\n{name}.{parent}.add_module(\"add_linear\", nn.Linear(1000, {classes}))"
    elif surgery == "append":
        change = (f"\n# {c('append_wrap')}\n{head_code} = nn.Sequential({head_code}, nn.Linear(1000, {classes}))")
    else:
        change = ""
    return f'''import torch
import torchvision
from torch import nn

{name} = torchvision.models.{name}(weights=None)  # {c("no_download")}{load}{change}
{name}.eval()

rows = []


def record(module, inputs, output):
    rows.append((type(module).__name__, list(output.shape), sum(p.numel() for p in module.parameters(recurse=False))))


# {translate(lang, "code.hook_comment")}
hooks = [m.register_forward_hook(record) for m in {name}.modules() if not list(m.children())]
with torch.no_grad():
    {name}(torch.zeros(1, 3, 224, 224))
for hook in hooks:
    hook.remove()

for kind, shape, params in rows:
    print(f"{{kind:<18}} {{str(shape):<18}} {{params:>12,}}")
total = sum(p.numel() for p in {name}.parameters())
size = sum(t.numel() * t.element_size() for t in [*{name}.parameters(), *{name}.buffers()]) / 2**20
print(f"{{len(rows)}} layers, {{total:,}} parameters, {{size:.1f}} MB")
'''
