"""Correlations: Pearson's r, Spearman's rho with tie-aware ranks, hand-computed."""

import math

import numpy as np
import pytest

from word2vec_np.errors import ConfigError
from word2vec_np.vectors.statistics import pearson, rankdata, spearman


def test_rankdata_gives_tied_values_their_mean_rank():
    np.testing.assert_array_equal(rankdata([10, 20, 20, 30]), [1, 2.5, 2.5, 4])
    np.testing.assert_array_equal(rankdata([3, 1, 3, 3, 2]), [4, 1, 4, 4, 2])
    np.testing.assert_array_equal(rankdata([]), [])


def test_spearman_hand_computed_with_ties():
    # ranks x = [1, 2.5, 2.5, 4, 5], ranks y = [2, 1, 3.5, 3.5, 5]; both have mean 3
    # deviations dx = [-2, -.5, -.5, 1, 2], dy = [-1, -2, .5, .5, 2]
    # sum dx dy = 2 + 1 - .25 + .5 + 4 = 7.25; sum dx^2 = sum dy^2 = 9.5; rho = 7.25 / 9.5
    assert spearman([1, 2, 2, 3, 5], [2, 1, 3, 3, 4]) == pytest.approx(7.25 / 9.5, abs=1e-12)


def test_pearson_hand_computed():
    # dx = [-1.5, -.5, .5, 1.5], dy = [-3, -1, 0, 4]: sum dx dy = 11, sum dx^2 = 5, sum dy^2 = 26
    assert pearson([1, 2, 3, 4], [2, 4, 5, 9]) == pytest.approx(11 / math.sqrt(130), abs=1e-12)
    assert pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1)
    assert spearman([1, 2, 3, 4], [1, 4, 9, 100]) == pytest.approx(1)  # monotonic, not linear
    assert pearson([1, 2, 3, 4], [1, 4, 9, 100]) < 0.9
    assert math.isnan(pearson([1, 1, 1], [1, 2, 3]))
    assert math.isnan(spearman([1], [2]))
    with pytest.raises(ConfigError):
        pearson([1, 2], [1, 2, 3])
