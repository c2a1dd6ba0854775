"""What a race showed, read from its records: who ended lowest, who got most of the way down first, who diverged.

The page's lesson sentences are built from this and from nothing else, so the text under the
table can never claim what the table contradicts (issue #21 found "SGD crawls" under a table
where SGD had won). Pure functions of plain numbers: the race's records and the 2-D paths alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

CLOSE = 0.9  # "fastest" = first to get 90% of the way from the start loss down to the noise floor: far
# enough down to call the curve's shape learnt, far enough above the floor that batch noise does not decide it


@dataclass(frozen=True)
class Ranking:
    """Final losses in order; those that blew up (inf/nan) or ended above where they started are set apart."""

    final: dict[str, float]  # each one's last loss, in race order
    order: tuple[str, ...]  # the others, lowest final loss first
    blew_up: dict[str, int]  # name -> the step after which its loss was no longer a number
    got_worse: tuple[str, ...]  # finite, but ended above the start loss

    @property
    def winners(self) -> tuple[str, ...]:
        """The lowest final loss: one name, or several when they tie exactly (e.g. SGD and Momentum after one step)."""
        if not self.order:
            return ()
        best = self.final[self.order[0]]
        return tuple(name for name in self.order if self.final[name] == best)


@dataclass(frozen=True)
class RaceOutcome:
    """The race's facts for the lesson: its ranking and when each optimizer first got CLOSE of the way down."""

    steps: int  # steps the outcome is read from (fewer than planned when the race was stopped)
    start_loss: float  # MSE on all points before the first step, the same for all four
    floor: float  # MSE of the true curve on these points: the noise, which no fit should learn
    ranking: Ranking
    reached: dict[str, int | None]  # the first step after which each was at or below `target`; None: never

    @property
    def target(self) -> float:
        return self.floor + (1 - CLOSE) * (self.start_loss - self.floor)

    @property
    def fastest(self) -> tuple[str, ...]:
        """The first to reach `target` (several when they reached it at the same step); () when none did."""
        steps = [s for s in self.reached.values() if s is not None]
        return tuple(name for name, s in self.reached.items() if steps and s == min(steps))


def rank(final: dict[str, float], start_loss: float, blew_up: dict[str, int] | None = None) -> Ranking:
    """Order the final losses; a non-finite one, or one listed in `blew_up`, is out of the order."""
    blew_up = dict(blew_up or {})
    for name, loss in final.items():
        if not math.isfinite(loss):
            blew_up.setdefault(name, 0)  # 0: it is not known when; the caller passes the step when it knows it
    worse = tuple(n for n, loss in final.items() if n not in blew_up and loss > start_loss)
    order = tuple(sorted((n for n in final if n not in blew_up and n not in worse), key=final.get))
    return Ranking(dict(final), order, blew_up, worse)


def read_outcome(start_loss: float, floor: float, after: dict[str, list[float]]) -> RaceOutcome | None:
    """The outcome of a race from each optimizer's MSE on all points after every step; None before step 1."""
    steps = min((len(losses) for losses in after.values()), default=0)
    if steps == 0:
        return None
    target = floor + (1 - CLOSE) * (start_loss - floor)
    blew_up = {name: _first(losses[:steps], lambda v: not math.isfinite(v)) for name, losses in after.items()}
    ranking = rank({name: losses[steps - 1] for name, losses in after.items()}, start_loss,
                   {name: step for name, step in blew_up.items() if step is not None})
    reached = {name: _first(losses[:steps], lambda v: v <= target) for name, losses in after.items()}
    return RaceOutcome(steps, start_loss, floor, ranking, reached)


def _first(values: list[float], test) -> int | None:
    """The 1-based step of the first value that passes `test`, or None."""
    return next((i for i, v in enumerate(values, start=1) if test(v)), None)
