"""core.training.evaluation: the metric helpers the pages plot."""

import pytest
import torch

from core.training.evaluation import accuracy, confusion_matrix, smooth


def test_accuracy_counts_rows_whose_argmax_is_the_label():
    log_probs = torch.log(torch.tensor([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.5, 0.4, 0.1]]))
    assert accuracy(log_probs, torch.tensor([0, 1, 0, 1])) == pytest.approx(0.5)
    assert accuracy(log_probs, torch.tensor([0, 1, 2, 0])) == pytest.approx(1.0)


def test_confusion_matrix_rows_are_true_classes():
    labels = torch.tensor([0, 0, 1, 2, 2, 2])
    predicted = torch.tensor([0, 1, 1, 2, 0, 2])
    expected = torch.tensor([
        [1, 1, 0],  # two 0s: one right, one read as 1
        [0, 1, 0],
        [1, 0, 2],  # three 2s: one read as 0
    ])
    got = confusion_matrix(predicted, labels, 3)
    assert got.dtype == torch.int64
    assert torch.equal(got, expected)


def test_confusion_matrix_keeps_empty_classes():
    got = confusion_matrix(torch.tensor([1]), torch.tensor([1]), 4)
    assert got.shape == (4, 4) and got.sum() == 1 and got[1, 1] == 1


def test_smooth_starts_at_the_first_value():
    out = smooth([4.0, 0.0, 0.0])
    assert out[0] == pytest.approx(4.0)
    assert out[1] == pytest.approx(0.9 * 4.0 * 0.1 / (1 - 0.9**2))  # debiased moving average
    assert len(out) == 3 and out[2] < out[1] < out[0]


def test_smooth_keeps_a_constant_constant():
    assert smooth([2.5] * 50) == pytest.approx([2.5] * 50)
    assert smooth([]) == []
