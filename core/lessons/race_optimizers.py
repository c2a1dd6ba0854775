"""The four optimizers of seed 001, with the seed's settings, and the update rule each one runs.

One place builds them, so the race, the 2-D surface and the code the page shows all use
the same hyper-parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class OptimizerSpec:
    name: str
    colour: str
    source: str  # how the shown code builds it, `params` and `lr` left to fill
    rule: str  # its update rule in LaTeX, g = the gradient, η = lr

    def build(self, params, lr: float) -> torch.optim.Optimizer:
        return _BUILDERS[self.name](params, lr)


_BUILDERS = {  # seed 001's settings
    "SGD": lambda params, lr: torch.optim.SGD(params, lr=lr),
    "Momentum": lambda params, lr: torch.optim.SGD(params, lr=lr, momentum=0.8),
    "RMSprop": lambda params, lr: torch.optim.RMSprop(params, lr=lr, alpha=0.9),
    "Adam": lambda params, lr: torch.optim.Adam(params, lr=lr, betas=(0.9, 0.99)),
}

OPTIMIZERS = {
    "SGD": OptimizerSpec("SGD", "#1f77b4", "torch.optim.SGD({params}, lr={lr})",
                         r"\theta \leftarrow \theta - \eta\, g"),
    "Momentum": OptimizerSpec("Momentum", "#2ca02c", "torch.optim.SGD({params}, lr={lr}, momentum=0.8)",
                              r"v \leftarrow 0.8\, v + g,\quad \theta \leftarrow \theta - \eta\, v"),
    "RMSprop": OptimizerSpec("RMSprop", "#9467bd", "torch.optim.RMSprop({params}, lr={lr}, alpha=0.9)",
                             r"s \leftarrow 0.9\, s + 0.1\, g^2,\quad \theta \leftarrow \theta - \eta\, "
                             r"\frac{g}{\sqrt{s} + 10^{-8}}"),
    "Adam": OptimizerSpec("Adam", "#ee4c2c",
                          "torch.optim.Adam({params}, lr={lr}, betas=(0.9, 0.99))",
                          r"m \leftarrow 0.9\, m + 0.1\, g,\ \ v \leftarrow 0.99\, v + 0.01\, g^2,\ \ "
                          r"\theta \leftarrow \theta - \eta\, "
                          r"\frac{m / (1 - 0.9^t)}{\sqrt{v / (1 - 0.99^t)} + 10^{-8}}"),
}
NAMES = tuple(OPTIMIZERS)  # race order, legend order
