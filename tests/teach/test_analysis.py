"""PCA, window co-occurrence counts and shifted PMI (word2vec_np.teach.analysis).

PCA is checked on points whose principal axes are known by construction,
the co-occurrence counts against a slow loop over every pair of positions,
and PMI against a 3 x 3 example computed by hand.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from word2vec_np.errors import ConfigError
from word2vec_np.teach.analysis import MAX_DENSE_VOCAB, cooccurrence_counts, pca_2d, shifted_pmi

SEED = 20141208  # Levy & Goldberg's NIPS paper was presented in December 2014


# --------------------------------------------------------------------------- PCA


def test_pca_recovers_known_axes_and_variances():
    # Points spread along a (3 units) and b (1 unit), two orthonormal directions of R^3, centred at
    # (5, -2, 7). PCA must find a then b, with variance ratios 18 : 2.
    a = np.array([2.0, 3.0, 6.0]) / 7
    b = np.array([3.0, -6.0, 2.0]) / 7  # a . b = 6 - 18 + 12 = 0
    s = np.array([-1.0, 1.0, 0.0, 0.0])  # along a, scaled by 3
    t = np.array([0.0, 0.0, -1.0, 1.0])  # along b
    X = np.array([5.0, -2.0, 7.0]) + 3 * s[:, None] * a + t[:, None] * b  # (4, 3)
    coords, explained = pca_2d(X)
    assert coords.shape == (4, 2) and explained.shape == (2,)
    # a's largest loading (6/7) is positive, so component 1 is +a; b's (-6/7) is negative,
    # so the sign convention makes component 2 equal to -b and its coordinates -t.
    np.testing.assert_allclose(coords[:, 0], 3 * s, atol=1e-12)
    np.testing.assert_allclose(coords[:, 1], -t, atol=1e-12)
    np.testing.assert_allclose(explained, [18 / 20, 2 / 20], atol=1e-12)


def test_pca_sign_convention_makes_the_largest_loading_positive():
    X = np.array([[0.0, 0.0], [0.0, -4.0], [1.0, 0.0], [1.0, -4.0]])
    coords, explained = pca_2d(X)
    # Component 1 is the second axis (variance 4 vs 0.25); coordinates along +y, centred at y = -2.
    np.testing.assert_allclose(coords[:, 0], [2.0, -2.0, 2.0, -2.0], atol=1e-12)
    np.testing.assert_allclose(coords[:, 1], [-0.5, -0.5, 0.5, 0.5], atol=1e-12)
    np.testing.assert_allclose(explained, [16 / 17, 1 / 17])
    coords_neg, _ = pca_2d(-X)  # the mirror image gives the mirrored picture, not a sign flip of it
    np.testing.assert_allclose(coords_neg, -coords, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(2, 12), d=st.integers(1, 8), seed=st.integers(0, 2**32 - 1))
def test_pca_matches_the_covariance_eigenvectors(n, d, seed):
    X = np.random.default_rng(seed).normal(size=(n, d)) * np.arange(1, d + 1)
    coords, explained = pca_2d(X)
    Xc = X - X.mean(axis=0)
    eigvals = np.sort(np.linalg.eigvalsh(Xc.T @ Xc))[::-1]  # (d,) the squared singular values
    n_comp = min(2, n, d)
    # The projections carry the top eigenvalues as their sums of squares, and are uncorrelated.
    np.testing.assert_allclose((coords**2).sum(axis=0)[:n_comp], eigvals[:n_comp], rtol=1e-8, atol=1e-8)
    assert abs(coords[:, 0] @ coords[:, 1]) <= 1e-8 * max(1.0, eigvals[0])
    np.testing.assert_allclose(explained[:n_comp], eigvals[:n_comp] / eigvals.sum(), atol=1e-10)
    np.testing.assert_allclose(coords.mean(axis=0), 0.0, atol=1e-9 * max(1.0, np.abs(X).max()))


def test_pca_degenerate_inputs():
    coords, explained = pca_2d(np.array([[1.0], [3.0], [4.0]]))  # D == 1: one component
    np.testing.assert_allclose(coords[:, 0], [-5 / 3, 1 / 3, 4 / 3])
    assert np.all(coords[:, 1] == 0) and explained.tolist() == [1.0, 0.0]
    coords, explained = pca_2d(np.ones((3, 4)))  # every row the same: no variance at all
    assert np.all(coords == 0) and explained.tolist() == [0.0, 0.0]


@pytest.mark.parametrize("X", [np.zeros(3), np.zeros((1, 3)), np.zeros((3, 0)), np.array([[0.0, np.nan], [1.0, 2.0]])])
def test_pca_rejects_bad_input(X):
    with pytest.raises(ConfigError):
        pca_2d(X)


# --------------------------------------------------------------------------- co-occurrence


def slow_cooccurrence(sentences, V, window, dynamic=False):
    """The definition, literally: every ordered pair of positions of a sentence within the window."""
    counts = np.zeros((V, V))
    for s in sentences:
        for i in range(len(s)):
            for j in range(len(s)):
                d = abs(i - j)
                if 0 < d <= window:
                    counts[s[i], s[j]] += (window - d + 1) / window if dynamic else 1
    return counts


def to_arrays(sentences):
    ids = np.array([w for s in sentences for w in s], dtype=np.int32)
    offsets = np.concatenate(([0], np.cumsum([len(s) for s in sentences]))).astype(np.int64)
    return ids, offsets


def test_cooccurrence_pinned_example():
    # "a b a c" and "b c": window 1 pairs (a,b) (b,a) (a,c) and (b,c); window 2 adds a-a (twice) and b-c.
    sentences = [[0, 1, 0, 2], [1, 2]]
    ids, offsets = to_arrays(sentences)
    c1 = cooccurrence_counts(ids, offsets, 3, 1)
    assert c1.dtype == np.int64
    np.testing.assert_array_equal(c1, [[0, 2, 1], [2, 0, 1], [1, 1, 0]])
    c2 = cooccurrence_counts(ids, offsets, 3, 2)
    np.testing.assert_array_equal(c2, [[2, 2, 1], [2, 0, 2], [1, 2, 0]])
    d2 = cooccurrence_counts(ids, offsets, 3, 2, dynamic=True)  # distance 2 counts 1/2
    assert d2.dtype == np.float64
    np.testing.assert_allclose(d2, [[1, 2, 1], [2, 0, 1.5], [1, 1.5, 0]])


@settings(max_examples=60, deadline=None)
@given(
    sentences=st.lists(st.lists(st.integers(0, 5), min_size=1, max_size=9), min_size=1, max_size=8),
    window=st.integers(1, 6),
    dynamic=st.booleans(),
)
def test_cooccurrence_matches_the_slow_loop(sentences, window, dynamic):
    ids, offsets = to_arrays(sentences)
    fast = cooccurrence_counts(ids, offsets, 6, window, dynamic=dynamic)
    np.testing.assert_allclose(fast, slow_cooccurrence(sentences, 6, window, dynamic), atol=1e-12)
    np.testing.assert_array_equal(fast, fast.T)


def test_cooccurrence_windows_do_not_cross_sentences():
    ids, offsets = to_arrays([[0], [1], [0, 0]])
    np.testing.assert_array_equal(cooccurrence_counts(ids, offsets, 2, 5), [[2, 0], [0, 0]])


def test_dynamic_counts_are_the_mean_of_skipgram_pairs():
    # The dynamic weights are the expectation of the package's own sampled pairs.
    from word2vec_np.core.sampling import skipgram_pairs

    rng = np.random.default_rng(SEED)
    sentences = [list(rng.integers(0, 4, size=rng.integers(2, 10))) for _ in range(30)]
    ids, offsets = to_arrays(sentences)
    window, draws = 3, 3000
    sampled = np.zeros(16)
    for _ in range(draws):
        inputs, targets = skipgram_pairs(ids, offsets, window, rng)
        sampled += np.bincount(inputs.astype(np.int64) * 4 + targets, minlength=16)
    expected = cooccurrence_counts(ids, offsets, 4, window, dynamic=True)
    np.testing.assert_allclose(sampled.reshape(4, 4) / draws, expected, rtol=0.03)


@pytest.mark.parametrize(
    "ids, offsets, V, window",
    [
        ([0, 3], [0, 2], 3, 1),  # id out of range
        ([0, 1], [0, 1], 2, 1),  # offsets do not end at len(ids)
        ([0, 1], [0, 2], 2, 0),  # window 0
        ([0, 1], [0, 2], 0, 1),  # V 0
        ([0, 1], [0, 2], MAX_DENSE_VOCAB + 1, 1),  # too large for a dense matrix
    ],
)
def test_cooccurrence_rejects_bad_input(ids, offsets, V, window):
    with pytest.raises(ConfigError):
        cooccurrence_counts(np.array(ids), np.array(offsets), V, window)


# --------------------------------------------------------------------------- PMI


def test_pmi_hand_computed_3x3():
    counts = np.array([[0, 2, 1], [2, 0, 1], [1, 1, 0]])
    # |D| = 8; row and column sums #(w) = #(c) = (3, 3, 2).
    # PMI(0, 1) = log(2 * 8 / (3 * 3)) = log(16 / 9); PMI(0, 2) = log(1 * 8 / (3 * 2)) = log(4 / 3);
    # PMI(2, 1) = log(4 / 3) too; the diagonal never co-occurs: -inf.
    expected = np.log(
        [
            [0, 16 / 9, 4 / 3],
            [16 / 9, 0, 4 / 3],
            [4 / 3, 4 / 3, 0],
        ],
        where=np.ones((3, 3), bool) & ~np.eye(3, dtype=bool),
        out=np.full((3, 3), -np.inf),
    )
    np.testing.assert_allclose(shifted_pmi(counts), expected)
    # The shift by log k, k = 5 negatives, moves every finite entry down by log 5.
    shifted = shifted_pmi(counts, 5)
    np.testing.assert_allclose(shifted[0, 1], math.log(16 / 9) - math.log(5))
    assert np.all(np.isneginf(np.diag(shifted)))


def test_pmi_context_smoothing_hand_computed():
    counts = np.array([[0, 2, 1], [2, 0, 1], [1, 1, 0]])
    # With a = 0.5 the context marginals become |D| #(c)^0.5 / sum #(c)^0.5
    # = 8 * (sqrt 3, sqrt 3, sqrt 2) / (2 sqrt 3 + sqrt 2).
    z = 2 * math.sqrt(3) + math.sqrt(2)
    col = 8 * np.array([math.sqrt(3), math.sqrt(3), math.sqrt(2)]) / z
    got = shifted_pmi(counts, 1, context_power=0.5)
    np.testing.assert_allclose(got[0, 1], math.log(2 * 8 / (3 * col[1])))
    np.testing.assert_allclose(got[1, 2], math.log(1 * 8 / (3 * col[2])))


def test_pmi_zero_counts_give_minus_inf_and_empty_words_nan():
    counts = np.array([[0, 3, 0], [3, 1, 0], [0, 0, 0]])  # word 2 occurs in no window
    with np.errstate(all="raise"):  # the documented -inf and NaN must not warn
        pmi = shifted_pmi(counts)
    assert np.isneginf(pmi[0, 0])
    assert np.all(np.isnan(pmi[2])) and np.all(np.isnan(pmi[:, 2]))
    assert np.all(np.isfinite(pmi[counts > 0]))


def test_pmi_of_independent_words_is_zero():
    p = np.array([0.5, 0.3, 0.2])
    counts = 1000 * np.outer(p, p)  # #(w, c) = |D| P(w) P(c) exactly
    np.testing.assert_allclose(shifted_pmi(counts), 0.0, atol=1e-12)
    np.testing.assert_allclose(shifted_pmi(counts, k=5), -math.log(5), atol=1e-12)


@pytest.mark.parametrize(
    "counts, k, power",
    [
        (np.zeros((2, 3)), 1, 1.0),  # not square
        (np.array([[1, -1], [-1, 1]]), 1, 1.0),  # negative count
        (np.zeros((2, 2)), 1, 1.0),  # nothing co-occurs
        (np.ones((2, 2)), 0, 1.0),  # k = 0
        (np.ones((2, 2)), 1, 0.0),  # power 0
    ],
)
def test_pmi_rejects_bad_input(counts, k, power):
    with pytest.raises(ConfigError):
        shifted_pmi(counts, k, context_power=power)
