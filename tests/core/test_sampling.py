"""Subsampling, dynamic windows, skip-gram pairs, CBOW windows and the noise sampler.

The fast vectorized functions are checked against slow, obviously-correct
Python loops that replay the same random draws, and their statistics against
the formulas they claim.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from word2vec_np.core.sampling import (
    NoiseSampler,
    cbow_windows,
    draw_half_widths,
    keep_probability,
    skipgram_pairs,
    subsample,
)
from word2vec_np.errors import ConfigError

SEED = 20130916  # arXiv 1310.4546 went up in October; any fixed number will do


def sentences_to_arrays(sentences):
    ids = np.array([w for s in sentences for w in s], dtype=np.int32)
    offsets = np.concatenate(([0], np.cumsum([len(s) for s in sentences]))).astype(np.int64)
    return ids, offsets


def poisson_corpus(seed, n_sentences=40, vocab_size=12):
    rng = np.random.default_rng(seed)
    return [list(rng.integers(0, vocab_size, size=rng.integers(1, 9))) for _ in range(n_sentences)]


# --------------------------------------------------------------------------- subsampling


def test_keep_probability_pinned_values():
    p = keep_probability(np.array([1000, 10]), 1010, 1e-3)
    # z = 1000/1010: sqrt(t/z) + t/z = 0.0317805 + 0.00101 ; z = 10/1010: 0.317805 + 0.101
    assert p.dtype == np.float64
    np.testing.assert_allclose(p, [0.0327905, 0.4188050], atol=1e-7)


def test_keep_probability_is_the_c_tool_formula_not_the_papers():
    counts, total, t = np.array([5000, 400, 30, 2]), 6000, 1e-2
    z = counts / total
    p = keep_probability(counts, total, t)
    np.testing.assert_allclose(p, np.minimum(1.0, np.sqrt(t / z) + t / z))
    assert not np.allclose(p, np.minimum(1.0, np.sqrt(t / z)))  # the paper's 1 - discard
    assert p[-1] == 1.0  # rare words are always kept


def test_sample_zero_keeps_everything_and_negative_sample_is_an_error():
    assert np.array_equal(keep_probability(np.array([10, 1]), 11, 0.0), [1.0, 1.0])
    with pytest.raises(ConfigError):
        keep_probability(np.array([10, 1]), 11, -1e-3)


def test_subsample_keep_rates_match_the_formula():
    counts = np.array([60000, 20000, 5000, 1000])
    total, t = int(counts.sum()), 1e-2
    ids = np.random.default_rng(1).permutation(np.repeat(np.arange(4), counts)).astype(np.int32)
    p = keep_probability(counts, total, t)
    kept, _ = subsample(ids, np.array([0, len(ids)]), p, np.random.default_rng(SEED))
    observed = np.bincount(kept, minlength=4)
    sigma = np.sqrt(counts * p * (1 - p))
    assert np.all(np.abs(observed - counts * p) <= 5 * sigma + 1)
    # negative control: the paper's keep rate sqrt(t / z) is rejected by the same tolerance
    paper = np.minimum(1.0, np.sqrt(t * total / counts))
    sigma_paper = np.sqrt(counts * paper * (1 - paper))
    assert np.any(np.abs(observed - counts * paper) > 5 * sigma_paper + 1)


def slow_subsample(ids, offsets, keep_prob, u):
    kept, new_offsets = [], [0]
    for s in range(len(offsets) - 1):
        sentence = [ids[i] for i in range(offsets[s], offsets[s + 1]) if u[i] < keep_prob[ids[i]]]
        if sentence:
            kept.extend(sentence)
            new_offsets.append(len(kept))
    return kept, new_offsets


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), t=st.sampled_from([1e-1, 3e-2, 1e-2]))
def test_subsample_matches_a_slow_reference_and_drops_empty_sentences(seed, t):
    sentences = poisson_corpus(seed)
    ids, offsets = sentences_to_arrays(sentences)
    counts = np.bincount(ids, minlength=12)
    p = keep_probability(counts, len(ids), t)
    kept, kept_offsets = subsample(ids, offsets, p, np.random.default_rng(seed))
    u = np.random.default_rng(seed).random(len(ids))  # the same draws, replayed
    ref_kept, ref_offsets = slow_subsample(ids, offsets, p, u)
    assert kept.dtype == np.int32 and kept_offsets.dtype == np.int64
    assert kept.tolist() == ref_kept and kept_offsets.tolist() == ref_offsets


def test_subsample_is_redrawn_every_call():
    ids = np.zeros(1000, dtype=np.int32)
    rng = np.random.default_rng(SEED)
    a, _ = subsample(ids, np.array([0, 1000]), np.array([0.5]), rng)
    b, _ = subsample(ids, np.array([0, 1000]), np.array([0.5]), rng)
    assert len(a) != len(b) or not np.array_equal(a, b)


# --------------------------------------------------------------------------- windows


def test_half_widths_are_uniform_on_one_to_window():
    n, window = 100_000, 5
    b = draw_half_widths(n, window, np.random.default_rng(SEED))
    assert b.dtype == np.int32 and b.shape == (n,)
    assert b.min() == 1 and b.max() == window  # the maximum is reached (no off-by-one)
    observed = np.bincount(b, minlength=window + 1)[1:]
    sigma = np.sqrt(n * (1 / window) * (1 - 1 / window))
    assert np.all(np.abs(observed - n / window) < 5 * sigma)


@pytest.mark.parametrize("window", [0, -1, 2.5])
def test_bad_window_is_a_config_error(window):
    with pytest.raises(ConfigError):
        draw_half_widths(3, window, np.random.default_rng(0))


def slow_skipgram_pairs(ids, offsets, half_widths):
    """Every (context, centre) pair inside each sentence, one loop per token."""
    inputs, targets = [], []
    for s in range(len(offsets) - 1):
        start, end = offsets[s], offsets[s + 1]
        for i in range(start, end):
            for j in range(start, end):
                if j != i and abs(j - i) <= half_widths[i]:
                    inputs.append(ids[j])
                    targets.append(ids[i])
    return inputs, targets


def slow_cbow_windows(ids, offsets, half_widths, window):
    contexts, n_context, targets = [], [], []
    for s in range(len(offsets) - 1):
        start, end = offsets[s], offsets[s + 1]
        for i in range(start, end):
            row = [ids[j] for j in range(start, end) if j != i and abs(j - i) <= half_widths[i]]
            if row:
                contexts.append(row + [0] * (2 * window - len(row)))
                n_context.append(len(row))
                targets.append(ids[i])
    return contexts, n_context, targets


corpora = st.lists(st.lists(st.integers(0, 30), min_size=0, max_size=12), min_size=1, max_size=8)


@settings(max_examples=80, deadline=None)
@given(sentences=corpora, window=st.integers(1, 6), seed=st.integers(0, 2**32 - 1))
def test_skipgram_pairs_match_the_slow_reference(sentences, window, seed):
    ids, offsets = sentences_to_arrays(sentences)
    inputs, targets = skipgram_pairs(ids, offsets, window, np.random.default_rng(seed))
    half_widths = draw_half_widths(len(ids), window, np.random.default_rng(seed))
    ref_inputs, ref_targets = slow_skipgram_pairs(ids, offsets, half_widths)
    assert inputs.dtype == np.int32 and targets.dtype == np.int32
    assert inputs.tolist() == ref_inputs and targets.tolist() == ref_targets


@settings(max_examples=80, deadline=None)
@given(sentences=corpora, window=st.integers(1, 6), seed=st.integers(0, 2**32 - 1))
def test_cbow_windows_match_the_slow_reference(sentences, window, seed):
    ids, offsets = sentences_to_arrays(sentences)
    contexts, n_context, targets = cbow_windows(ids, offsets, window, np.random.default_rng(seed))
    half_widths = draw_half_widths(len(ids), window, np.random.default_rng(seed))
    ref_contexts, ref_n, ref_targets = slow_cbow_windows(ids, offsets, half_widths, window)
    # the table is as wide as the longest sentence needs (bounded_half_widths), never wider than the window
    w = max(1, min(window, max(map(len, sentences), default=1) - 1))
    assert contexts.shape == (len(ref_targets), 2 * w)
    assert contexts.dtype == n_context.dtype == targets.dtype == np.int32
    assert contexts.tolist() == [row[: 2 * w] for row in ref_contexts]
    assert not any(any(row[2 * w :]) for row in ref_contexts)  # only padding was cut
    assert n_context.tolist() == ref_n and targets.tolist() == ref_targets
    assert np.all(n_context >= 1)


def test_pairs_never_cross_a_sentence_boundary():
    lengths = [1, 7, 2, 30, 1, 5]
    offsets = np.concatenate(([0], np.cumsum(lengths)))
    ids = np.arange(offsets[-1], dtype=np.int32)  # id == position, so pairs show positions
    sentence = np.repeat(np.arange(len(lengths)), lengths)
    for seed in range(5):
        inputs, targets = skipgram_pairs(ids, offsets, 10, np.random.default_rng(seed))
        assert np.array_equal(sentence[inputs], sentence[targets])
        assert np.all(inputs != targets)
        contexts, n_context, centres = cbow_windows(ids, offsets, 10, np.random.default_rng(seed))
        real = np.arange(20) < n_context[:, None]
        assert np.all(sentence[contexts[real]] == np.repeat(sentence[centres], n_context))


def test_hand_pinned_pairs():
    ids = np.array([10, 11, 12, 20, 21], dtype=np.int32)
    offsets = np.array([0, 3, 5])

    class Widths:  # an rng whose half-widths are fixed, to pin the output
        def integers(self, low, high, size, dtype):
            return np.array([1, 2, 1, 2, 1], dtype=dtype)

    inputs, targets = skipgram_pairs(ids, offsets, 2, Widths())
    assert list(zip(inputs.tolist(), targets.tolist(), strict=True)) == [
        (11, 10),
        (10, 11),
        (12, 11),
        (11, 12),
        (21, 20),
        (20, 21),
    ]
    contexts, n_context, centres = cbow_windows(ids, offsets, 2, Widths())
    assert contexts.tolist() == [[11, 0, 0, 0], [10, 12, 0, 0], [11, 0, 0, 0], [21, 0, 0, 0], [20, 0, 0, 0]]
    assert n_context.tolist() == [1, 2, 1, 1, 1] and centres.tolist() == [10, 11, 12, 20, 21]


def test_one_word_sentences_give_no_cbow_row():
    ids, offsets = sentences_to_arrays([[4], [5, 6], [7]])
    contexts, n_context, targets = cbow_windows(ids, offsets, 3, np.random.default_rng(0))
    assert targets.tolist() == [5, 6] and n_context.tolist() == [1, 1]


# --------------------------------------------------------------------------- negatives

COUNTS = np.array([4000, 1500, 800, 300, 120, 60, 25, 10, 4, 1])


def chi_square(observed, expected):
    return float(np.sum((observed - expected) ** 2 / expected))


def test_noise_probabilities_follow_count_to_the_power():
    for power in (0.75, 1.0, 0.0, 0.5):
        sampler = NoiseSampler(COUNTS, power=power)
        assert sampler.probs.dtype == np.float64
        np.testing.assert_allclose(sampler.probs, COUNTS**power / np.sum(COUNTS**power))
    np.testing.assert_allclose(NoiseSampler(COUNTS, power=0.0).probs, np.full(10, 0.1))


def test_negative_frequencies_follow_count_to_the_three_quarters():
    sampler = NoiseSampler(COUNTS)  # power 0.75
    target = 3
    negatives = sampler.sample(np.full(40_000, target), 5, np.random.default_rng(SEED))
    assert negatives.shape == (40_000, 5) and negatives.dtype == np.int32
    observed = np.delete(np.bincount(negatives.ravel(), minlength=10), target)
    n, df = negatives.size, 8  # 9 possible negatives

    def expected_for(power):  # P_n(w | w != target) under count**power
        p = np.delete(COUNTS.astype(float) ** power, target)
        return n * p / p.sum()

    bound = df + 6 * np.sqrt(2 * df)
    assert chi_square(observed, expected_for(0.75)) < bound
    # negative control: the unigram distribution (power 1) fails the same test
    assert chi_square(observed, expected_for(1.0)) > bound


def test_shared_draws_follow_the_noise_distribution_with_nothing_excluded():
    """``draw`` (the negatives CBOW shares among windows) is P_n itself: every word, the target's too."""
    sampler = NoiseSampler(COUNTS)
    draws = sampler.draw((20_000, 3), np.random.default_rng(SEED))
    assert draws.shape == (20_000, 3) and draws.dtype == np.int32
    observed = np.bincount(draws.ravel(), minlength=10)
    bound = 9 + 6 * np.sqrt(2 * 9)
    assert chi_square(observed, draws.size * sampler.probs) < bound
    uniform = np.full(10, draws.size / 10)  # negative control: a uniform draw would fail the same test
    assert chi_square(observed, uniform) > bound
    with pytest.raises(ConfigError):
        sampler.draw((3, -1), np.random.default_rng(SEED))


def test_the_target_is_never_its_own_negative():
    sampler = NoiseSampler(COUNTS)
    rng = np.random.default_rng(SEED)
    targets = rng.integers(0, 10, size=20_000)
    negatives = sampler.sample(targets, 7, rng)
    assert not np.any(negatives == targets[:, None])
    assert negatives.min() >= 0 and negatives.max() <= 9


def test_two_words_with_a_dominant_one():
    sampler = NoiseSampler(np.array([10**9, 1]))
    assert sampler.probs[0] > 0.9999
    rng = np.random.default_rng(SEED)
    assert np.all(sampler.sample(np.zeros(500, dtype=np.int32), 5, rng) == 1)
    assert np.all(sampler.sample(np.ones(500, dtype=np.int32), 5, rng) == 0)
    targets = np.array([0, 1] * 100)
    negatives = sampler.sample(targets, 3, rng)
    assert np.all(negatives == (1 - targets)[:, None])


def test_redraws_follow_the_conditional_distribution_given_a_dominant_target():
    counts = np.array([10**6, 30, 10, 1])
    sampler = NoiseSampler(counts)
    negatives = sampler.sample(np.zeros(30_000, dtype=np.int32), 2, np.random.default_rng(SEED))
    observed = np.bincount(negatives.ravel(), minlength=4)
    assert observed[0] == 0
    p = counts[1:] ** 0.75
    expected = negatives.size * p / p.sum()
    assert chi_square(observed[1:], expected) < 2 + 6 * 2


@settings(max_examples=40, deadline=None)
@given(
    counts=st.lists(st.integers(0, 10**6), min_size=2, max_size=8).filter(
        lambda c: sum(x > 0 for x in c) >= 2
    ),
    power=st.sampled_from([0.0, 0.75, 1.0]),
    seed=st.integers(0, 2**32 - 1),
)
def test_negatives_are_never_the_target_and_never_unseen_words(counts, power, seed):
    counts = np.array(counts)
    sampler = NoiseSampler(counts, power=power)
    rng = np.random.default_rng(seed)
    targets = rng.integers(0, len(counts), size=300)
    negatives = sampler.sample(targets, 4, rng)
    assert not np.any(negatives == targets[:, None])
    assert np.all(counts[negatives] > 0)


def test_noise_sampler_needs_two_words():
    with pytest.raises(ConfigError):
        NoiseSampler(np.array([5]))
    with pytest.raises(ConfigError):
        NoiseSampler(np.array([5, 0, 0]))
    with pytest.raises(ConfigError):
        NoiseSampler(np.array([5, 3]), power=np.inf)


def test_a_negative_noise_power_favours_rare_words():
    """gensim's negative ns_exponent: P_n(w) is proportional to count**power, so rare words come first."""
    sampler = NoiseSampler(np.array([8, 4, 2, 0]), power=-1.0)
    np.testing.assert_allclose(sampler.probs, np.array([1 / 8, 1 / 4, 1 / 2, 0]) / (7 / 8))


def test_zero_negatives_and_an_empty_batch():
    sampler = NoiseSampler(COUNTS)
    rng = np.random.default_rng(0)
    assert sampler.sample(np.array([1, 2]), 0, rng).shape == (2, 0)
    assert sampler.sample(np.array([], dtype=np.int32), 5, rng).shape == (0, 5)


@pytest.mark.parametrize("power", [0.75, 1.0, 0.0, 0.5])
def test_the_alias_table_draws_exactly_the_noise_probabilities(power):
    for counts in (
        COUNTS,
        np.array([10**9, 1]),
        np.array([0, 7, 0, 0, 3, 1, 0]),  # unseen words: probability 0, never drawn
        np.random.default_rng(SEED).zipf(1.3, size=20_000).clip(max=10**7),
    ):
        sampler = NoiseSampler(counts, power=power)
        implied = sampler.alias_probs()
        np.testing.assert_allclose(implied, sampler.probs, rtol=0, atol=1e-12)
        assert np.all(implied[counts == 0] == 0)
        assert np.all((sampler._threshold >= 0) & (sampler._threshold <= 1))


def test_alias_draws_match_a_slow_inverse_cdf_reference():
    """The alias table's draws, replayed by hand from the same uniforms, and their distribution."""
    sampler = NoiseSampler(COUNTS)
    u = np.random.default_rng(SEED).random((3, 4))
    got = sampler._draw((3, 4), np.random.default_rng(SEED))
    n = len(COUNTS)
    for (r, c), x in np.ndenumerate(u):  # one column, then the threshold, draw by draw
        col = min(int(x * n), n - 1)
        want = col if x * n - col < sampler._threshold[col] else sampler._alias[col]
        assert got[r, c] == want
    # the same distribution as inverse-CDF sampling (the previous method) on many draws
    draws = sampler._draw((200_000,), np.random.default_rng(SEED + 1))
    cdf_draws = np.searchsorted(np.cumsum(sampler.probs), np.random.default_rng(SEED + 2).random(200_000), "right")
    expected = 200_000 * sampler.probs
    for sample in (draws, cdf_draws):
        assert chi_square(np.bincount(sample, minlength=n), expected) < 9 + 6 * np.sqrt(18)
