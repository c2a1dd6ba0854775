"""An error for when torch refused: our sentence says why in plain words, torch's own line is kept beside it."""

from __future__ import annotations

from core.common.i18n import LocalizedError


class TorchRefusal(LocalizedError):
    """`key` explains in the learner's language; `torch_message` is what torch said, shown as is."""

    def __init__(self, key: str, torch_message: str, /, **params):
        super().__init__(key, **params)
        self.torch_message = torch_message
