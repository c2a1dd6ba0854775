"""What to try after a run that did not learn: the learning rates each optimizer trains with here.

"About 10× smaller" sent plain SGD from lr 10 to lr 1, and lr 1 (like 0.3 at batch 256) leaves
seed 000's ConvNet dead: every test image called "1", 11.35%, shown as a success. Advice that
does not work is no advice, so each optimizer's rates below were measured on that network and
MNIST (10,000 images, one epoch, batches of 16 to 256), and tests/test_train_advice.py trains
with every piece of advice the page gives and checks that it learns.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from core.common.i18n import Message
from core.training.config import TrainConfig

# The learning rates the Train page's slider offers (ui/train/train_controls.py): advice names one of them.
LEARNING_RATES = (1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 2e-3, 4e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0, 10.0)
CHANCE_MARGIN = 0.05  # within 5 points of always answering the commonest class: nothing was learned
FEW_STEPS = 20  # fewer updates than this leave any optimizer near its first guess (40 reach 70-90%)
FLAT_LOSS = 0.9  # a test loss still above 90% of a blind guess's (ln of the class count): barely learned
CHANCE_LEVEL = "train.chance_level"  # the message of a run that finished no better than a guess
BARELY_LEARNED = "train.barely_learned"  # one that beat a guess, but with a loss that hardly fell
NOT_LEARNED = (CHANCE_LEVEL, BARELY_LEARNED)  # endings a page must not show as a success


@dataclass(frozen=True)
class Rates:
    """Learning rates one optimizer trains these networks with (measured, see the module's doc)."""

    low: float  # below this, a few epochs barely move the weights (SGD 1e-5: 11.9% after an epoch)
    high: float  # the largest that trains; the next step up diverges or kills the network
    usual: float  # what the page advises


RATES = {
    "sgd": Rates(0.01, 0.1, 0.1),  # 0.3 at batch 256 ends at chance; 0.1: 71-95% after one epoch
    "momentum": Rates(1e-3, 0.03, 0.03),  # with momentum 0.9 (an effective step of lr × 10); 0.1 dies at batch 16
    "rmsprop": Rates(1e-4, 2e-3, 1e-3),  # 0.01 diverges
    "adam": Rates(1e-4, 4e-3, 1e-3),  # 0.03 ends at chance; 1e-3 is Adam's own default
    "adamw": Rates(1e-4, 4e-3, 1e-3),
}
MOMENTUM_ALTERNATIVE = 0.03  # SGD's other advice: SGD + momentum 0.9 at this rate (95.9% vs 91.5% at batch 64)
USUAL_MOMENTUM = 0.9  # what SGD + momentum's rates were measured with
HEAVY_MOMENTUM = 0.95  # above this, advice also sets the momentum back to 0.9 (0.99 at batch 16: chance)


def optimizer_name(optimizer: str) -> Message:
    """As people write it (SGD + momentum, RMSprop, Adam), in the reader's language."""
    return Message(f"train_page.opt_{optimizer}")


def rates_for(config: TrainConfig) -> Rates:
    """The rates the config's optimizer trains with (SGD + momentum's: at momentum 0.9)."""
    return RATES[config.optimizer]


def advised_lr(config: TrainConfig) -> float:
    """The learning rate to try after `config.lr` failed: the usual one, or when the run already
    used that much or less, the slider's rate nearest to 10× smaller."""
    usual = rates_for(config).usual
    return usual if config.lr > usual else _on_slider(config.lr / 10)


def at_chance(best_acc: float, majority_share: float) -> bool:
    """True when the best test accuracy is no better than answering the commonest class for every image."""
    return best_acc <= majority_share + CHANCE_MARGIN


def barely_learned(test_loss: float, classes: int) -> bool:
    """True when the test loss is still close to a blind guess's: SGD at lr 1 reached 23% with a
    loss of 2.17 against a guess's 2.30, while every run that learned was below 1.5 (0.38–0.62 of it)."""
    return test_loss > FLAT_LOSS * math.log(classes)


def divergence_message(config: TrainConfig, value: float, step: int, epoch: int) -> Message:
    """Say what happened and what to try, in words a learner can act on."""
    key = "train.diverged_nan" if math.isnan(value) else "train.diverged_inf" if math.isinf(value) else "train.diverged_large"
    return Message(key, {"value": f"{value:.3g}", "step": step, "epoch": epoch, "lr": config.lr,
                         "optimizer": optimizer_name(config.optimizer), "advice": _rate_advice(config)})


def chance_message(config: TrainConfig, best_acc: float, majority_share: float, steps: int) -> Message:
    """A run that finished without learning: say so, and what helps."""
    return Message(CHANCE_LEVEL, {"accuracy": best_acc, "majority": majority_share, "advice": _advice(config, steps)})


def barely_learned_message(config: TrainConfig, best_acc: float, test_loss: float, classes: int,
                           steps: int) -> Message:
    """A run that beat a guess but hardly moved its loss: say so, with the numbers, and what helps."""
    return Message(BARELY_LEARNED, {"accuracy": best_acc, "loss": test_loss, "guess": math.log(classes),
                                    "advice": _advice(config, steps)})


def _advice(config: TrainConfig, steps: int) -> Message:
    """At a rate outside those the optimizer trains with, the usual one (and more steps when there
    were few); inside them, more steps."""
    rates = rates_for(config)
    heavy = _heavy_momentum(config)
    if rates.low <= config.lr <= rates.high and not heavy:
        return Message("train.advice_steps", {"optimizer": optimizer_name(config.optimizer), "steps": steps})
    if steps < FEW_STEPS:
        return Message("train.advice_rate_and_steps", {"rate": _rate_advice(config, usual=True), "steps": steps})
    return _rate_advice(config, usual=True)


def _rate_advice(config: TrainConfig, usual: bool = False) -> Message:
    """Try this rate (the usual one where the run's was above or, with `usual`, anywhere else)."""
    rates = rates_for(config)
    lr = rates.usual if usual else advised_lr(config)
    also = Message("train.advice_momentum", {"lr": MOMENTUM_ALTERNATIVE}) if config.optimizer == "sgd" else ""
    heavy = _heavy_momentum(config)
    with_momentum = Message("train.advice_with_momentum", {
        "usual": USUAL_MOMENTUM, "momentum": config.momentum, "carried": round(1 / (1 - config.momentum))}) if heavy else ""
    if lr != rates.usual and not heavy:  # the run was already at a rate that usually trains
        return Message("train.advice_tenth", {"advised": lr})
    return Message("train.advice_rate", {"advised": rates.usual if heavy else lr, "with": with_momentum,
                                         "optimizer": optimizer_name(config.optimizer),
                                         "low": rates.low, "high": rates.high, "also": also})


def _heavy_momentum(config: TrainConfig) -> bool:
    """SGD + momentum with so much momentum that no learning rate helps until it is set back to 0.9."""
    return config.optimizer == "momentum" and config.momentum > HEAVY_MOMENTUM


def _on_slider(lr: float) -> float:
    """The largest rate the page's slider offers at or below `lr` (its smallest if none is)."""
    return max((r for r in LEARNING_RATES if r <= lr * (1 + 1e-9)), default=LEARNING_RATES[0])
