"""The Models page's "Build your own nn.Module" in plain PyTorch: the class as a person writes it, then
a script that calls it with hooks, lists named_parameters, children() and modules(), applies nn.init
and prints the histogram numbers.

The script prints in the page's own formats (TRACE_LINE, PARAM_LINE, WEIGHT_LINE, SPREAD_LINE), so a
test can run it and find the page's lines in its output.
"""

from __future__ import annotations

from core.common.i18n import translate
from core.lessons.own_module import (BATCH, CLASS_NAMES, CLASSES, INPUT_SHAPE, SEED, SMALL, TRACE_LINE, VARIABLES,
                                     NetSpec, check_spec)
from core.lessons.own_module_init import BINS, LEAKY_SLOPE, NONLINEARITY, check_scheme

PARAM_LINE = "{name:<22} {shape:<16} requires_grad={requires_grad!s:<5} numel={numel}"
WEIGHT_LINE = "{name:<22} fan_in={fan_in:<5} fan_out={fan_out:<5} std before={before:.4f} after={after:.4f}"
SPREAD_LINE = "{name:<12} {kind:<10} std before={before:.4g} after={after:.4g}"
ACTIVATION_CODE = {"relu": "nn.ReLU()", "leaky_relu": "nn.LeakyReLU()", "tanh": "nn.Tanh()", "sigmoid": "nn.Sigmoid()",
                   "gelu": "nn.GELU()"}


def _comment(lang: str):
    return lambda key, **params: translate(lang, f"own_module.code_{key}", **params)


def class_source(spec: NetSpec, lang: str = "en") -> str:
    """The class as it would be written by hand: seed 002's Tudui, or the SmallNet the page composed."""
    check_spec(spec)
    if spec.kind == "tudui":
        return '''class Tudui(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, input):
        output = input + 1
        return output
'''
    c = _comment(lang)
    blocks, channels, side = [], INPUT_SHAPE[0], INPUT_SHAPE[1]
    for block, width in enumerate(spec.widths(), 1):
        blocks.append((block, channels, width, side, side // 2))  # conv keeps the side, pool halves it
        channels, side = width, side // 2
    last, flat = spec.widths()[-1], spec.flat_features()
    act = ACTIVATION_CODE[spec.activation]
    lines = ["class SmallNet(nn.Module):", "    def __init__(self):", "        super().__init__()"]
    if spec.layout == "sequential":
        lines.append("        self.features = nn.Sequential(")
        for _, cin, cout, conv_side, pool_side in blocks:
            lines += [f"            nn.Conv2d({cin}, {cout}, 3, padding=1),  # (N, {cout}, {conv_side}, {conv_side})",
                      f"            {act},",
                      f"            nn.MaxPool2d(2),  # (N, {cout}, {pool_side}, {pool_side})"]
        lines.append("        )")
    else:
        for block, cin, cout, _, _ in blocks:
            lines += [f"        self.conv{block} = nn.Conv2d({cin}, {cout}, 3, padding=1)",
                      f"        self.act{block} = {act}",
                      f"        self.pool{block} = nn.MaxPool2d(2)"]
    lines += [f"        self.flatten = nn.Flatten()  # (N, {flat})",
              f"        self.classifier = nn.Linear({flat}, {CLASSES})  # {c('flat', channels=last, side=side)}",
              "", f"    def forward(self, x):  # (N, {', '.join(map(str, INPUT_SHAPE))})"]
    if spec.layout == "sequential":
        lines.append(f"        x = self.features(x)  # (N, {last}, {side}, {side})")
    else:
        lines += [f"        x = self.pool{b}(self.act{b}(self.conv{b}(x)))  # (N, {cout}, {pool_side}, {pool_side})"
                  for b, _, cout, _, pool_side in blocks]
    lines += ["        x = self.flatten(x)", f"        return self.classifier(x)  # (N, {CLASSES})"]
    return "\n".join(lines) + "\n"


def _init_function(spec: NetSpec, scheme: str, std: float, lang: str) -> str:
    c = _comment(lang)
    nonlinearity = NONLINEARITY[spec.activation]
    a = f"a={LEAKY_SLOPE}, " if nonlinearity == "leaky_relu" else ""
    why = f"  # {c('gelu_gain')}" if spec.activation == "gelu" else ""
    call = {"kaiming_normal_": f'nn.init.kaiming_normal_(module.weight, {a}nonlinearity="{nonlinearity}"){why}',
            "kaiming_uniform_": f'nn.init.kaiming_uniform_(module.weight, {a}nonlinearity="{nonlinearity}"){why}',
            "xavier_uniform_": "nn.init.xavier_uniform_(module.weight)",
            "xavier_normal_": "nn.init.xavier_normal_(module.weight)",
            "normal_": f"nn.init.normal_(module.weight, mean=0.0, std={float(std)!r})",
            "zeros_": "nn.init.zeros_(module.weight)"}[scheme]
    return f'''def init_weights(module):
    if isinstance(module, (nn.Conv2d, nn.Linear)):
        {call}
        nn.init.zeros_(module.bias)  # {c('bias')}
'''


def module_script(spec: NetSpec, direct: bool = False, frozen: bool = False, scheme: str = "kaiming_normal_",
                  std: float = 0.01, layer: str = "", lang: str = "en") -> str:
    """The whole script for the page's settings: build, call with hooks, list, initialise, measure."""
    check_spec(spec)
    c = _comment(lang)
    var, cls = VARIABLES[spec.kind], CLASS_NAMES[spec.kind]
    call = f"{var}.forward(x)  # {c('direct')}" if direct else f"{var}(x)  # {c('call')}"
    if spec.kind == "tudui":
        setup = f"{var} = {cls}()\nx = torch.tensor({float(spec.value)!r})\n"
    else:
        setup = (f"torch.manual_seed({SEED})  # {c('seed')}\n{var} = {cls}()\n"
                 f"x = torch.randn({BATCH}, {', '.join(map(str, INPUT_SHAPE))})  # {c('batch', n=BATCH)}\n")
    script = f'''import torch
from torch import nn

TRACE = {TRACE_LINE!r}
PARAM = {PARAM_LINE!r}


{class_source(spec, lang)}

{setup}

def describe(tensor):
    return repr(tensor) if tensor.numel() <= {SMALL} else f"shape {{list(tensor.shape)}}"


def watch(name, module):
    """{c('watch')}"""
    label = "  " * (name.count(".") + 1 if name else 0) + f"{{name or {var!r}}} ({{type(module).__name__}})"

    def pre_hook(module, args):
        print(TRACE.format(event="forward_pre_hook", label=label, tensor=describe(args[0])))

    def hook(module, args, output):
        print(TRACE.format(event="forward_hook", label=label, tensor=describe(output)))

    return [module.register_forward_pre_hook(pre_hook), module.register_forward_hook(hook)]


handles = [handle for name, module in {var}.named_modules() for handle in watch(name, module)]
with torch.no_grad():
    out = {call}
for handle in handles:
    handle.remove()  # {c('remove')}
print("out =", describe(out))
'''
    if frozen:
        script += f'''
for name, parameter in {var}.named_parameters():  # {c('freeze')}
    parameter.requires_grad = name.startswith("classifier.")
'''
    script += f'''
for name, parameter in {var}.named_parameters():
    print(PARAM.format(name=name, shape=str(list(parameter.shape)), requires_grad=parameter.requires_grad,
                       numel=parameter.numel()))
print("parameters =", sum(p.numel() for p in {var}.parameters()))
print("trainable =", sum(p.numel() for p in {var}.parameters() if p.requires_grad))
print("children =", [f"{{name!r}} ({{type(m).__name__}})" for name, m in {var}.named_children()])
print("modules =", [f"{{name!r}} ({{type(m).__name__}})" for name, m in {var}.named_modules()])
'''
    if spec.kind == "convnet":
        script += _init_part(spec, scheme, std, layer, lang)
    return script


def _init_part(spec: NetSpec, scheme: str, std: float, layer: str, lang: str) -> str:
    check_scheme(scheme, std)
    c = _comment(lang)
    layer = layer or ("features.0.weight" if spec.layout == "sequential" else "conv1.weight")
    return f'''

@torch.no_grad()
def spread(model, x):
    """{c('spread')}"""
    stds, handles = [], []
    for name, module in model.named_modules():
        if not list(module.children()):
            handles.append(module.register_forward_hook(
                lambda m, args, out, name=name: stds.append((name, type(m).__name__, out.std().item()))))
    model(x)
    for handle in handles:
        handle.remove()
    return stds


{_init_function(spec, scheme, std, lang)}

WEIGHT = {WEIGHT_LINE!r}
SPREAD = {SPREAD_LINE!r}
before = {{name: p.detach().clone() for name, p in model.named_parameters() if name.endswith("weight")}}
spread_before = spread(model, x)
torch.manual_seed({SEED})  # {c('init_seed')}
model.apply(init_weights)  # {c('apply')}
after = {{name: p.detach().clone() for name, p in model.named_parameters() if name.endswith("weight")}}
for name in before:
    w = before[name]
    kernel = w[0, 0].numel()  # {c('fans')}
    fan_in, fan_out = w.shape[1] * kernel, w.shape[0] * kernel
    print(WEIGHT.format(name=name, fan_in=fan_in, fan_out=fan_out, before=w.std().item(),
                        after=after[name].std().item()))
print(SPREAD.format(name="x", kind="input", before=x.std().item(), after=x.std().item()))
for (name, kind, b), (_, _, a) in zip(spread_before, spread(model, x)):
    print(SPREAD.format(name=name, kind=kind, before=b, after=a))

layer = {layer!r}
limit = max(before[layer].abs().max().item(), after[layer].abs().max().item()) or 1.0
print(f"limit = {{limit:.6f}}")  # {c('histogram', bins=BINS)}
print("histogram before =", torch.histc(before[layer], bins={BINS}, min=-limit, max=limit).int().tolist())
print("histogram after =", torch.histc(after[layer], bins={BINS}, min=-limit, max=limit).int().tolist())
'''
