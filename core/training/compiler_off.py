"""Train without importing PyTorch's compiler.

torch.optim imports all of torch._dynamo (and sympy) on first use, only to tell the compiler to keep
out: Optimizer.add_param_group, zero_grad, state_dict and load_state_dict are wrapped in
torch._disable_dynamo, and every optimizer's step() in a wrapper that imports torch._dynamo to mark
graph breaks. That import took 1.07 s on 2 cores, a fifth of the Speedrun's 5 s from launch to 99%,
for a compiler TorchLab never runs (torch.compile took 23 s to compile seed 000's ConvNet here and
then ran slower). So, while nothing has imported torch._dynamo:
- skip_compiler_import() gives each wrapped method the answer its wrapper would cache on the function
  (`__dynamo_disable`: the function itself), so it calls it straight away;
- plain_step() runs the optimizer's own step under torch.no_grad(), which is what the wrapper does
  outside a compiler. An optimizer with step hooks, or a differentiable one, takes the ordinary step().
Where torch._dynamo is already imported (someone compiles), both leave PyTorch's own path alone.
"""

from __future__ import annotations

import inspect
import sys

import torch

WRAPPED = ("add_param_group", "zero_grad", "state_dict", "load_state_dict")


def compiler_imported() -> bool:
    return "torch._dynamo" in sys.modules


def skip_compiler_import() -> None:
    if compiler_imported():
        return
    for name in WRAPPED:
        plain = getattr(getattr(torch.optim.Optimizer, name), "__wrapped__", None)
        if plain is not None and not hasattr(plain, "__dynamo_disable"):
            setattr(plain, "__dynamo_disable", plain)


def plain_step(optimizer: torch.optim.Optimizer):
    """optimizer.step(), without the wrapper that imports the compiler (see the module's docstring)."""
    hooked = optimizer._optimizer_step_pre_hooks or optimizer._optimizer_step_post_hooks
    if compiler_imported() or hooked or optimizer.defaults.get("differentiable", False):
        return optimizer.step()
    step = inspect.unwrap(type(optimizer).step)  # the class's own step, under profile and grad-mode wrappers
    with torch.no_grad():
        return step(optimizer)
