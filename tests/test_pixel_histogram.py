"""The Normalize histograms: every finite value counted once per channel, on bins the channels share."""

import json

import numpy as np

from core.plots.pixel_histogram import BINS, histogram_option


def test_each_channel_counts_its_values_on_shared_bins():
    rng = np.random.default_rng(0)
    channels = [rng.normal(-1, 0.2, 500), rng.normal(1, 0.5, 400), np.array([0.0, np.nan, np.inf, 0.5])]
    option = histogram_option(channels, ["R", "G", "B"], "after", "value", "pixels")
    json.dumps(option, allow_nan=False)
    counts = [sum(n for _, n in s["data"]) for s in option["series"]]
    assert counts == [500, 400, 2], "NaN and inf are not counted"
    xs = [[x for x, _ in s["data"]] for s in option["series"]]
    assert xs[0] == xs[1] == xs[2] and len(xs[0]) == BINS
    low, high = option["xAxis"]["min"], option["xAxis"]["max"]
    assert low <= min(c[np.isfinite(c)].min() for c in channels) and high >= max(c[np.isfinite(c)].max() for c in channels)
    assert "legend" in option


def test_a_grey_picture_is_one_grey_histogram_without_legend_and_a_flat_one_still_draws():
    option = histogram_option([np.full(10, 0.5)], ["0"], "before", "value", "pixels")
    assert len(option["series"]) == 1 and "legend" not in option
    assert sum(n for _, n in option["series"][0]["data"]) == 10 and option["xAxis"]["max"] > option["xAxis"]["min"]
