"""Seed 004's checkpoint, built exactly as seed 004's save_checkpoint builds it, for the tests that read it."""

from torch import nn


def seed_004_state(model: nn.Module, optimizer, arch: str, epoch: int = 4, best_acc1: float = 71.25) -> dict:
    """Seed 004's save_checkpoint dict, built exactly as seed 004 builds it."""
    return {
        'epoch': epoch + 1,
        'arch': arch,
        'state_dict': model.state_dict(),
        'best_acc1': best_acc1,
        'optimizer': optimizer.state_dict(),
    }
