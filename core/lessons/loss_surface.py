"""Two-parameter loss surfaces and each optimizer's path down them, computed at once (no thread needed).

A "model" here is one tensor of 2 numbers, (x, y); torch.optim moves it exactly as it
moves a network's weights, so the paths show what each update rule does with a valley
(Rosenbrock), a long thin bowl (an ill-conditioned quadratic) or a saddle.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import torch

from core.lessons.race_optimizers import NAMES, OPTIMIZERS

ESCAPE = 1e3  # a path this far from the origin has diverged: stop following it


@dataclass(frozen=True)
class Surface:
    name: str
    source: str  # the loss as Python on x and y: shown in the code, and the test checks it matches fn
    fn: Callable  # (x, y) tensors -> loss tensor, the same formula
    start: tuple[float, float]
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    minimum: tuple[float, float]
    lr: float  # a learning rate that shows the difference between the four
    steps: int
    log_colours: bool  # Rosenbrock spans 0..2500: colour its contours by log(1 + loss)


SURFACES = {
    "rosenbrock": Surface("rosenbrock", "(1 - x) ** 2 + 100 * (y - x ** 2) ** 2",
                          lambda x, y: (1 - x) ** 2 + 100 * (y - x ** 2) ** 2,
                          (-1.5, 2.0), (-2.0, 2.0), (-1.0, 3.0), (1.0, 1.0), 0.002, 300, True),
    "ill_conditioned": Surface("ill_conditioned", "0.5 * x ** 2 + 10 * y ** 2",
                               lambda x, y: 0.5 * x ** 2 + 10 * y ** 2,
                               (-4.5, 1.5), (-5.0, 5.0), (-2.0, 2.0), (0.0, 0.0), 0.05, 40, False),
    "saddle": Surface("saddle", "x ** 2 + y ** 4 / 4 - y ** 2",
                      lambda x, y: x ** 2 + y ** 4 / 4 - y ** 2,
                      (-2.5, 0.001), (-3.0, 3.0), (-2.5, 2.5), (0.0, math.sqrt(2)), 0.05, 40, False),
}


@dataclass(frozen=True)
class Path:
    """One optimizer's walk: the points it visited (start included) and the loss at each."""

    name: str
    xs: list[float]
    ys: list[float]
    losses: list[float]
    diverged: bool  # left the plot far behind (|x| or |y| > ESCAPE) or hit inf/nan


def descend(surface: Surface, name: str, lr: float, steps: int) -> Path:
    """`steps` updates of optimizer `name` on the surface from its start point."""
    point = torch.tensor(surface.start, requires_grad=True)  # (2,): the parameters, [x, y]
    optimizer = OPTIMIZERS[name].build([point], lr)
    xs, ys, losses = [surface.start[0]], [surface.start[1]], []
    diverged = False
    for _ in range(steps):
        loss = surface.fn(point[0], point[1])
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        x, y = point.tolist()
        if not (math.isfinite(x) and math.isfinite(y)) or max(abs(x), abs(y)) > ESCAPE:
            diverged = True
            break
        xs.append(x)
        ys.append(y)
    if not diverged:
        with torch.no_grad():
            losses.append(surface.fn(point[0], point[1]).item())
    return Path(name, xs, ys, losses, diverged)


def race_on_surface(surface: Surface, lr: float, steps: int) -> list[Path]:
    """The four optimizers from the same start point, with the same lr and number of steps."""
    return [descend(surface, name, lr, steps) for name in NAMES]


def surface_grid(surface: Surface, points: int = 121) -> tuple[list[float], list[float], list[list[float]]]:
    """The loss on a points × points grid over the plotted area: xs, ys and z[row = y][column = x]."""
    xs = torch.linspace(*surface.x_range, points)
    ys = torch.linspace(*surface.y_range, points)
    grid_y, grid_x = torch.meshgrid(ys, xs, indexing="ij")  # (points, points) each
    z = surface.fn(grid_x, grid_y)
    return xs.tolist(), ys.tolist(), z.tolist()
