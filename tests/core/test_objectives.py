"""Objectives: stable helpers, probabilities, losses, hand-pinned values, dh gradient checks.

Gradient criterion (word2vec_np.core.gradcheck): an entry passes when its relative
error |a - n| / max(1e-8, |a| + |n|) is <= 1e-6, or when |a - n| <= 1e-8
(near-zero entries, where the central difference is rounding noise).
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from word2vec_np.core.architectures import CBOW, SkipGram
from word2vec_np.core.batch import Batch
from word2vec_np.core.gradcheck import check_gradient
from word2vec_np.core.huffman import build_huffman
from word2vec_np.core.model import dense_grads, loss_and_grads
from word2vec_np.core.objectives import (
    HierarchicalSoftmax,
    NegativeSampling,
    Objective,
    Softmax,
    log_sigmoid,
    make_objective,
    sigmoid,
)
from word2vec_np.errors import ConfigError


def make_obj(name, V, rng):
    if name == "softmax":
        return Softmax()
    if name == "hs":
        return HierarchicalSoftmax(build_huffman(rng.integers(1, 1000, V)))
    return NegativeSampling(3)


# ---------------------------------------------------------------- stable helpers


def test_sigmoid_and_log_sigmoid_match_the_definition_in_a_moderate_range():
    x = np.linspace(-30, 30, 601)
    assert np.allclose(sigmoid(x), 1 / (1 + np.exp(-x)), rtol=1e-14, atol=0)
    assert np.allclose(log_sigmoid(x), -np.log1p(np.exp(-x)), rtol=1e-14, atol=0)
    assert np.allclose(sigmoid(x) + sigmoid(-x), 1.0, rtol=0, atol=1e-15)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_helpers_are_stable_at_extreme_arguments(dtype):
    x = np.array([-1e30, -1e4, -1000.0, -50.0, 0.0, 50.0, 1000.0, 1e4, 1e30], dtype=dtype)
    with np.errstate(all="raise"):
        s = sigmoid(x)
        ls = log_sigmoid(x)
    assert s.dtype == dtype and ls.dtype == dtype
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(ls))
    assert s[0] < 1e-25 and s[-1] == 1.0 and s[4] == 0.5
    assert ls[2] == pytest.approx(-1000.0) and ls[0] == pytest.approx(-1e30)
    assert -1e-20 < ls[-3] <= 0.0 and ls[4] == pytest.approx(math.log(0.5))


# ---------------------------------------------------------------- probabilities and losses


@settings(max_examples=40, deadline=None)
@given(V=st.integers(2, 50), D=st.integers(1, 16), B=st.integers(1, 5),
       scale=st.sampled_from([0.01, 1.0, 3.0]), seed=st.integers(0, 2**32 - 1))
def test_softmax_and_hs_probabilities_sum_to_one_and_match_the_loss(V, D, B, scale, seed):
    rng = np.random.default_rng(seed)
    for obj in (Softmax(), make_obj("hs", V, rng)):
        W_out = rng.normal(0, scale, (obj.n_outputs(V), D))
        h = rng.normal(0, scale, (B, D))
        targets = rng.integers(0, V, B)
        p = obj.probabilities(W_out, h)
        assert p.shape == (B, V)
        assert np.all(p >= 0)
        assert np.allclose(p.sum(axis=1), 1.0, rtol=0, atol=1e-12)
        loss, _ = obj.forward(W_out, h, targets)
        # softmax: -log p(target); HS: -log of the product of the path probabilities
        assert loss == pytest.approx(-np.log(p[np.arange(B), targets]).sum(), rel=1e-10, abs=1e-10)


def test_hs_probability_is_the_product_over_the_path(rng):
    tree = build_huffman([5, 4, 3, 2, 1])
    obj = HierarchicalSoftmax(tree)
    W_out = rng.normal(size=(4, 3))
    h = rng.normal(size=(1, 3))
    p = obj.probabilities(W_out, h)[0]
    for w in range(5):
        expected = 1.0
        for node, bit in zip(tree.path(w), tree.code(w), strict=True):
            z = float(W_out[node] @ h[0])
            expected *= 1 / (1 + math.exp(-z)) if bit == 0 else 1 / (1 + math.exp(z))
        assert p[w] == pytest.approx(expected, rel=1e-12)


def test_ns_loss_equals_its_formula(rng):
    W_out = rng.normal(size=(6, 4))
    h = rng.normal(size=(2, 4))
    targets = np.array([1, 5])
    negatives = np.array([[0, 0, 3], [2, 4, 4]])
    loss, _ = NegativeSampling(3).forward(W_out, h, targets, negatives)
    expected = 0.0
    for b in range(2):
        expected -= math.log(1 / (1 + math.exp(-W_out[targets[b]] @ h[b])))
        for n in negatives[b]:
            expected -= math.log(1 / (1 + math.exp(W_out[n] @ h[b])))
    assert loss == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("name", ["softmax", "hs", "ns"])
def test_losses_are_stable_at_scores_of_a_thousand(name):
    # scores u . h = +-1000: finite loss, finite gradients, no overflow, no NaN. NS and HS raise no
    # floating-point flag at all; the softmax's far-off probabilities underflow to 0 (their correct value).
    V, D = 5, 2
    obj = make_obj(name, V, np.random.default_rng(0))
    W_out = np.zeros((obj.n_outputs(V), D))
    W_out[:, 0] = [1.0, -1.0, 1.0, -1.0, 1.0][: W_out.shape[0]]
    h = np.array([[1000.0, 0.0], [-1000.0, 0.0]])
    targets = np.array([0, 0])
    negatives = np.array([[1, 1, 2], [1, 1, 2]]) if name == "ns" else None
    with np.errstate(all="raise", under="ignore" if name == "softmax" else "raise"):
        loss, cache = obj.forward(W_out, h, targets, negatives)
        dh, rows, d_rows = obj.backward(cache)
    assert np.isfinite(loss) and np.all(np.isfinite(dh)) and np.all(np.isfinite(d_rows))
    if name == "ns":
        # example 0: z_o = 1000, z_neg = (-1000, -1000, 1000) -> loss 1000 (from the third negative)
        # example 1: z_o = -1000, z_neg = (1000, 1000, -1000) -> loss 1000 + 2000
        assert loss == pytest.approx(4000.0, rel=1e-12)
        assert np.allclose(dh, [[1.0, 0.0], [-1.0 - 1.0 - 1.0, 0.0]])  # -u_0 + 2 u_1 (u_2 has s(-1000) ~ 0)
    if name == "softmax":
        # example 0: target 0 has the top score (tied with 2 and 4): p = 1/3;
        # example 1: z_0 is 2000 below the top score, which words 1 and 3 share
        assert loss == pytest.approx(math.log(3) + 2000 + math.log(2), rel=1e-12)


@pytest.mark.parametrize("name", ["softmax", "hs", "ns"])
def test_float32_in_float32_out(name, rng):
    V, D, B = 7, 4, 5
    obj = make_obj(name, V, rng)
    W_out = rng.normal(size=(obj.n_outputs(V), D)).astype(np.float32)
    h = rng.normal(size=(B, D)).astype(np.float32)
    targets = rng.integers(0, V, B).astype(np.int32)
    negatives = rng.integers(0, V, (B, 3)).astype(np.int32) if name == "ns" else None
    loss, cache = obj.forward(W_out, h, targets, negatives)
    dh, rows, d_rows = obj.backward(cache)
    assert isinstance(loss, float)
    assert dh.dtype == np.float32 and d_rows.dtype == np.float32
    assert dh.shape == (B, D) and d_rows.shape == (rows.shape[0], D)
    if name != "ns":
        assert obj.probabilities(W_out, h).dtype == np.float32
    # the float32 result is the float64 result, rounded
    loss64, cache64 = obj.forward(W_out.astype(np.float64), h.astype(np.float64), targets, negatives)
    assert loss == pytest.approx(loss64, rel=1e-5)
    assert np.allclose(dh, obj.backward(cache64)[0], rtol=1e-4, atol=1e-5)


# ---------------------------------------------------------------- gradient wrt h, per objective


@settings(max_examples=30, deadline=None)
@given(name=st.sampled_from(["softmax", "hs", "ns"]), V=st.integers(2, 50), D=st.integers(1, 16),
       B=st.integers(1, 6), k=st.integers(1, 5), pool=st.integers(1, 50), seed=st.integers(0, 2**32 - 1))
def test_dh_matches_central_differences(name, V, D, B, k, pool, seed):
    rng = np.random.default_rng(seed)
    obj = make_obj(name, V, rng)
    W_out = rng.normal(0, 0.7, (obj.n_outputs(V), D))
    h = rng.normal(0, 0.7, (B, D))
    words = rng.choice(V, min(pool, V), replace=False)  # a small pool forces repeats
    targets = rng.choice(words, B)
    negatives = rng.choice(words, (B, k)) if name == "ns" else None
    _, cache = obj.forward(W_out, h, targets, negatives)
    dh, rows, d_rows = obj.backward(cache)
    result = check_gradient(lambda x: obj.forward(W_out, x, targets, negatives)[0], h, dh)
    assert result, str(result)
    assert rows.shape[0] == d_rows.shape[0] and rows.min() >= 0 and rows.max() < W_out.shape[0]


def test_duplicate_negatives_count_twice(rng):
    W_out = rng.normal(size=(5, 3))
    h = rng.normal(size=(1, 3))
    obj = NegativeSampling(2)
    once = dense_grads(h.copy(), W_out, Batch.from_pairs([0], [4]), SkipGram(), obj, np.array([[2, 3]]))[1]
    twice = dense_grads(h.copy(), W_out, Batch.from_pairs([0], [4]), SkipGram(), obj, np.array([[2, 2]]))[1]
    assert np.allclose(twice[2], 2 * once[2]) and not twice[3].any()


# ---------------------------------------------------------------- hand-pinned toy cases
# A 5-word vocabulary, D = 3. The literals below were computed independently with scalar
# Python (math.exp / math.log over lists, no NumPy), directly from the equations (SM-*),
# (HS-*), (NS-*), (CBOW-*). A sign or scale error shared by the analytic code and the
# numerical check would still be caught here.

W_IN = np.array([[0.1, -0.2, 0.3], [0.4, -0.3, -0.1], [-0.3, 0.2, 0.2], [0.0, 0.5, -0.4], [0.2, 0.1, 0.1]])
W_OUT = np.array([[0.2, 0.1, -0.1], [-0.3, 0.4, 0.0], [0.1, -0.2, 0.5], [0.3, 0.3, 0.2], [-0.1, 0.0, 0.4]])


def _pinned(W_out, batch, arch, obj, negatives, loss, d_in, d_out):
    got_loss, _ = loss_and_grads(W_IN, W_out, batch, arch, obj, negatives)
    dW_in, dW_out = dense_grads(W_IN, W_out, batch, arch, obj, negatives)
    assert got_loss == pytest.approx(loss, rel=1e-12)
    expected_in = np.zeros_like(W_IN)
    for r, g in d_in.items():
        expected_in[r] = g
    expected_out = np.zeros_like(W_out)
    for r, g in d_out.items():
        expected_out[r] = g
    np.testing.assert_allclose(dW_in, expected_in, rtol=1e-11, atol=1e-14)
    np.testing.assert_allclose(dW_out, expected_out, rtol=1e-11, atol=1e-14)


def test_pinned_softmax_skipgram():
    # input word 1 predicts word 3
    _pinned(W_OUT, Batch.from_pairs([1], [3]), SkipGram(), Softmax(), None,
            loss=1.5654471190093358,
            d_in={1: [-0.23953747146999968, -0.19372935183129075, 0.0049924583461559285]},
            d_out={0: [0.0878839705592624, -0.0659129779194468, -0.0219709926398156],
                   1: [0.06510604669615726, -0.04882953502211793, -0.016276511674039314],
                   2: [0.08700951044141453, -0.0652571328310609, -0.021752377610353632],
                   3: [-0.3164021812620752, 0.23730163594655634, 0.0791005453155188],
                   4: [0.07640265356524097, -0.05730199017393072, -0.01910066339131024]})


def test_pinned_softmax_cbow_with_a_repeated_context_word():
    # context (0, 2, 2) predicts word 4: h = (v_0 + 2 v_2) / 3, row 2 gets 2/3 of dh
    batch = Batch(contexts=[[0, 2, 2, 0]], n_context=[3], targets=[4])
    _pinned(W_OUT, batch, CBOW(), Softmax(), None,
            loss=1.5490903820063882,
            d_in={0: [0.044042104711174555, 0.038946152444461736, -0.06355124032527697],
                  2: [0.08808420942234911, 0.07789230488892347, -0.12710248065055393]},
            d_out={0: [-0.030171731040638153, 0.012068692416255262, 0.04224042345689341],
                   1: [-0.03424607961682281, 0.013698431846729123, 0.04794451146355193],
                   2: [-0.0345902584389496, 0.01383610337557984, 0.04842636181452944],
                   3: [-0.03225174319742617, 0.012900697278970471, 0.04515244047639664],
                   4: [0.13125981229383674, -0.052503924917534694, -0.18376373721137143]})


def test_pinned_hierarchical_softmax():
    # counts 5 4 3 2 1: word 3 has path (3, 1, 0) and code (0, 0, 1) (see test_huffman)
    obj = HierarchicalSoftmax(build_huffman([5, 4, 3, 2, 1]))
    _pinned(W_OUT[:4], Batch.from_pairs([1], [3]), SkipGram(), obj, None,
            loss=2.2320867602104295,
            d_in={1: [0.12166318885410239, -0.3216359157948737, -0.15099955432856602]},
            d_out={0: [0.205998200647764, -0.15449865048582298, -0.051499550161941],
                   1: [-0.22388545970687723, 0.1679140947801579, 0.05597136492671931],
                   3: [-0.19900000833325004, 0.1492500062499375, 0.04975000208331251]})


def test_pinned_negative_sampling_with_a_duplicate_negative():
    # input 1 predicts 3 against the negatives (0, 0, 2)
    _pinned(W_OUT, Batch.from_pairs([1], [3]), SkipGram(), NegativeSampling(3), np.array([[0, 0, 2]]),
            loss=2.853813554673431,
            d_in={1: [0.10799793404624752, -0.14875038522289757, 0.05374959375159816]},
            d_out={0: [0.411996401295528, -0.30899730097164596, -0.102999100323882],
                   2: [0.20499895859368414, -0.15374921894526308, -0.051249739648421035],
                   3: [-0.19900000833325004, 0.1492500062499375, 0.04975000208331251]})


# ---------------------------------------------------------------- construction and errors


def test_make_objective_builds_each_objective():
    counts = np.array([50, 20, 10, 5, 1])
    sm, hs = make_objective("softmax", counts), make_objective("hs", counts)
    assert isinstance(sm, Softmax) and sm.name == "softmax" and sm.n_outputs(5) == 5
    assert isinstance(hs, HierarchicalSoftmax) and hs.name == "hs" and hs.n_outputs(5) == 4
    for obj in (sm, hs):
        assert isinstance(obj, Objective) and obj.draw(np.array([0, 1]), np.random.default_rng(0)) is None
    with pytest.raises(ConfigError):
        hs.n_outputs(6)  # a tree built for another vocabulary
    with pytest.raises(ConfigError, match="unknown objective"):
        make_objective("nce", counts)
    with pytest.raises(ConfigError):
        make_objective("softmax", [3])


def test_make_objective_ns_draws_negatives_from_the_noise_sampler():
    pytest.importorskip("word2vec_np.core.sampling")
    ns = make_objective("ns", np.array([50, 20, 10, 5, 1]), negative=4, ns_power=0.75)
    assert isinstance(ns, NegativeSampling) and ns.name == "ns" and ns.n_outputs(5) == 5
    targets = np.array([0, 1, 2, 3, 4] * 20)
    negatives = ns.draw(targets, np.random.default_rng(0))
    assert negatives.shape == (100, 4)
    assert not np.any(negatives == targets[:, None])
    again = ns.draw(targets, np.random.default_rng(0))
    assert np.array_equal(negatives, again)


def test_ns_draw_calls_the_sampler_it_was_given():
    class FixedNoise:
        def sample(self, targets, k, rng):
            return np.full((len(targets), k), 7, dtype=np.int32)

    ns = NegativeSampling(2, FixedNoise())
    assert ns.draw(np.array([1, 2, 3]), None).tolist() == [[7, 7]] * 3
    with pytest.raises(ConfigError, match="noise sampler"):
        NegativeSampling(2).draw(np.array([1]), np.random.default_rng(0))


def test_objective_argument_errors(rng):
    W_out, h, targets = rng.normal(size=(5, 3)), rng.normal(size=(2, 3)), np.array([0, 1])
    with pytest.raises(ConfigError, match="needs the negatives"):
        NegativeSampling(2).forward(W_out, h, targets, None)
    with pytest.raises(ConfigError, match="shape"):
        NegativeSampling(2).forward(W_out, h, targets, np.array([1, 2]))
    with pytest.raises(ConfigError, match="no negatives"):
        Softmax().forward(W_out, h, targets, np.array([[1], [2]]))
    with pytest.raises(ConfigError):
        NegativeSampling(0)


def test_softmax_is_stable_when_rows_have_different_maxima():
    """Each row subtracts its own maximum (issue 17): a single maximum over the batch would be 1000
    here, so the second row's exp(z - 1000) would all underflow to 0 and its loss become infinite."""
    W_out = np.array([[1.0, 0.0], [0.5, 0.0], [0.25, 0.0]])  # (V=3, D=2)
    h = np.array([[1000.0, 0.0], [-1000.0, 0.0], [0.0, 0.0]])  # row maxima 1000, -250, 0
    targets = np.array([1, 0, 2])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        loss, cache = Softmax().forward(W_out, h, targets)
        dh, _, d_rows = Softmax().backward(cache)
    z = h @ W_out.T  # (3, 3)
    expected = sum(np.logaddexp.reduce(z[b]) - z[b, targets[b]] for b in range(3))
    assert np.isfinite(loss) and loss == pytest.approx(expected, rel=1e-12)
    assert np.all(np.isfinite(dh)) and np.all(np.isfinite(d_rows))
    p = Softmax().probabilities(W_out, h)
    assert np.allclose(p.sum(axis=1), 1.0) and p[1, 2] == pytest.approx(1 / (1 + np.exp(-250) + np.exp(-750)))
