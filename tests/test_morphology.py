"""The filters torch lacks, checked against torch itself."""

import pytest
import torch
import torch.nn.functional as F

from core.morphology import connected, dilate, erode, max_filter, median3x3

RANDOM = torch.rand(1, 1, 37, 53, generator=torch.Generator().manual_seed(0))


@pytest.mark.parametrize("k", [1, 3, 5, 9, 11, 25, 35])
def test_dilate_is_max_pool_and_erode_its_mirror(k):
    assert torch.equal(dilate(RANDOM, k), F.max_pool2d(RANDOM, k, stride=1, padding=k // 2))
    assert torch.equal(erode(RANDOM, k), -F.max_pool2d(-RANDOM, k, stride=1, padding=k // 2))


@pytest.mark.parametrize("k", [11, 41, 75])
def test_long_running_max_matches_a_direct_window_max(k):
    r = k // 2
    padded = F.pad(RANDOM, (r, r), value=float("-inf"))
    direct = padded.unfold(-1, k, 1).amax(-1)  # every window, the slow way
    assert torch.equal(max_filter(RANDOM, k, -1), direct)


def test_median_network_is_the_exact_3x3_median():
    padded = F.pad(RANDOM, (1, 1, 1, 1), mode="replicate")
    assert torch.equal(median3x3(RANDOM), F.unfold(padded, 3).median(dim=1).values.view_as(RANDOM))


def test_connected_follows_winding_paths_and_stops_at_gaps():
    mask = torch.zeros(9, 9, dtype=torch.bool)
    mask[0, :8] = mask[:, 7] = mask[8, 2:8] = True  # a hook from the top edge around to the bottom row
    mask[4, 2:5] = True  # an island, not touching the hook
    seed = torch.zeros_like(mask)
    seed[0, 0] = True
    reached = connected(seed, mask)
    assert reached[8, 2] and reached[4, 7]
    assert not reached[4, 2:5].any()
