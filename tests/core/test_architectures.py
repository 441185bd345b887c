"""Skip-gram and CBOW under softmax, HS and NS: gradient checks, negative controls, glue.

The check (word2vec_np.core.gradcheck.check_gradient, float64, central differences
with eps = 1e-5, every entry of W_in and W_out perturbed in turn): an entry
passes when its relative error |a - n| / max(1e-8, |a| + |n|) is <= 1e-6, or
when |a - n| <= 1e-8. The absolute escape only excuses entries whose true
derivative is (near) zero, where the central difference is rounding noise of
about |loss| * 1e-16 / eps ~ 1e-10; every negative control below differs
from the truth by far more than that and is caught by the same check.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from word2vec_np.core.architectures import CBOW, SkipGram, make_architecture
from word2vec_np.core.batch import Batch, segment_sum
from word2vec_np.core.gradcheck import check_gradient, directional_check
from word2vec_np.core.huffman import build_huffman
from word2vec_np.core.model import Grads, batch_loss, dense_grads, init_params, loss_and_grads, scatter_add
from word2vec_np.core.objectives import HierarchicalSoftmax, NegativeSampling, Softmax
from word2vec_np.errors import ConfigError

COMBINATIONS = [(a, o) for a in ("skipgram", "cbow") for o in ("softmax", "hs", "ns")]


def make_case(arch_name, obj_name, rng, V, D, B, C, k, pool, scale=0.7, dtype=np.float64):
    """Random parameters and a batch whose words come from a pool of ``pool`` words (so they repeat)."""
    arch = SkipGram() if arch_name == "skipgram" else CBOW()
    if obj_name == "softmax":
        obj = Softmax()
    elif obj_name == "hs":
        obj = HierarchicalSoftmax(build_huffman(rng.integers(1, 1000, V)))
    else:
        obj = NegativeSampling(k)
    words = rng.choice(V, min(pool, V), replace=False)
    if arch_name == "skipgram":
        batch = Batch.from_pairs(rng.choice(words, B), rng.choice(words, B))
    else:
        n_context = rng.integers(1, C + 1, B)
        contexts = rng.choice(words, (B, C))
        contexts[np.arange(C) >= n_context[:, None]] = 0  # padding
        batch = Batch(contexts, n_context, rng.choice(words, B))
    negatives = rng.choice(words, (B, k)) if obj_name == "ns" else None
    W_in = rng.normal(0, scale, (V, D)).astype(dtype)
    W_out = rng.normal(0, scale, (obj.n_outputs(V), D)).astype(dtype)
    return W_in, W_out, batch, arch, obj, negatives


def check_model(W_in, W_out, batch, arch, obj, negatives, grads=dense_grads, loss_arch=None):
    """Check dW_in and dW_out from ``grads`` against central differences of the batch loss.

    ``loss_arch`` is the architecture whose loss is differentiated (default: ``arch``).
    """
    loss_arch = loss_arch or arch
    dW_in, dW_out = grads(W_in, W_out, batch, arch, obj, negatives)
    r_in = check_gradient(lambda x: batch_loss(x, W_out, batch, loss_arch, obj, negatives), W_in, dW_in,
                          label="dW_in")
    r_out = check_gradient(lambda x: batch_loss(W_in, x, batch, loss_arch, obj, negatives), W_out, dW_out,
                           label="dW_out")
    return r_in, r_out


# ---------------------------------------------------------------- the six combinations


@pytest.mark.parametrize("arch_name,obj_name", COMBINATIONS)
@settings(max_examples=15, deadline=None)
@given(V=st.integers(2, 50), D=st.integers(1, 16), B=st.integers(1, 6), C=st.integers(1, 6),
       k=st.integers(1, 5), pool=st.integers(1, 50), seed=st.integers(0, 2**32 - 1))
def test_dense_gradients_match_central_differences(arch_name, obj_name, V, D, B, C, k, pool, seed):
    case = make_case(arch_name, obj_name, np.random.default_rng(seed), V, D, B, C, k, pool)
    r_in, r_out = check_model(*case)
    assert r_in, str(r_in)
    assert r_out, str(r_out)


@pytest.mark.parametrize("arch_name,obj_name", COMBINATIONS)
def test_one_word_repeated_everywhere(arch_name, obj_name, rng):
    # every input, target and negative is the same word: the heaviest duplicate summing there is
    case = make_case(arch_name, obj_name, rng, V=6, D=4, B=8, C=5, k=4, pool=1)
    W_in, W_out, batch, arch, obj, negatives = case
    assert len(np.unique(batch.contexts[batch.real_mask()])) == 1
    r_in, r_out = check_model(W_in, W_out, batch, arch, obj, negatives)
    assert r_in and r_out, (str(r_in), str(r_out))


@pytest.mark.parametrize("arch_name,obj_name", COMBINATIONS)
def test_random_direction_check_on_a_larger_case(arch_name, obj_name, rng):
    W_in, W_out, batch, arch, obj, negatives = make_case(
        arch_name, obj_name, rng, V=1500, D=40, B=96, C=8, k=5, pool=300, scale=0.3
    )
    dW_in, dW_out = dense_grads(W_in, W_out, batch, arch, obj, negatives)
    r_in = directional_check(lambda x: batch_loss(x, W_out, batch, arch, obj, negatives), W_in, dW_in, rng)
    r_out = directional_check(lambda x: batch_loss(W_in, x, batch, arch, obj, negatives), W_out, dW_out, rng)
    assert r_in, str(r_in)
    assert r_out, str(r_out)


def test_cbow_context_of_one_equals_skipgram(rng):
    W_in, W_out, batch, _, obj, _ = make_case("skipgram", "softmax", rng, V=9, D=3, B=5, C=1, k=1, pool=4)
    as_cbow = Batch(batch.contexts, batch.n_context, batch.targets)
    loss_sg, g_sg = loss_and_grads(W_in, W_out, batch, SkipGram(), obj)
    loss_cb, g_cb = loss_and_grads(W_in, W_out, as_cbow, CBOW(), obj)
    assert loss_sg == loss_cb
    assert np.array_equal(g_sg.in_rows, g_cb.in_rows) and np.allclose(g_sg.dW_in_rows, g_cb.dW_in_rows)


# ---------------------------------------------------------------- negative controls: the same check must fail


def _cbow_case_with_real_contexts(rng, obj_name="softmax"):
    W_in, W_out, batch, arch, obj, negatives = make_case("cbow", obj_name, rng, V=8, D=3, B=4, C=4, k=2,
                                                         pool=8)
    batch = Batch(batch.contexts, np.full(4, 4), batch.targets)  # every example has C = 4 real context words
    return W_in, W_out, batch, arch, obj, negatives


def test_control_dropped_one_over_c_is_caught(rng):
    W_in, W_out, batch, _, obj, negatives = _cbow_case_with_real_contexts(rng)
    # the C tool's rule is exactly the exact gradient without 1/C: correct loss, W_in gradient 4x too large
    c_tool = CBOW(c_tool_gradient=True)
    r_in, r_out = check_model(W_in, W_out, batch, c_tool, obj, negatives, loss_arch=CBOW())
    assert not r_in, str(r_in)
    assert r_out  # W_out's gradient does not involve 1/C
    assert r_in.worst_error == pytest.approx(3 / 5, rel=1e-4)  # |4a - a| / (4a + a)
    r_in, r_out = check_model(W_in, W_out, batch, CBOW(), obj, negatives)
    assert r_in and r_out


class _FlippedNegatives(NegativeSampling):
    """NS whose negatives' W_out gradient has the wrong sign: -s(z_k) h instead of s(z_k) h."""

    def backward(self, cache):
        dh, rows, d_rows = super().backward(cache)
        d_rows = d_rows.copy()
        d_rows[cache.z_o.shape[0]:] *= -1
        return dh, rows, d_rows


class _FlippedCode(HierarchicalSoftmax):
    """HS whose backward uses the label c_j instead of 1 - c_j: g = s(z) - c."""

    def backward(self, cache):
        flipped = type(cache)(cache.h_steps, cache.step_lengths, cache.points, 1.0 - cache.codes,
                              cache.U, cache.z)
        return super().backward(flipped)


@pytest.mark.parametrize("obj_name", ["ns", "hs"])
def test_control_flipped_sign_in_one_term_is_caught(obj_name, rng):
    case = make_case("skipgram", obj_name, rng, V=10, D=3, B=4, C=1, k=3, pool=10)
    W_in, W_out, batch, arch, obj, negatives = case
    wrong = _FlippedNegatives(obj.negative) if obj_name == "ns" else _FlippedCode(obj.tree)

    def wrong_grads(W_in, W_out, batch, arch, _obj, negatives):
        return dense_grads(W_in, W_out, batch, arch, wrong, negatives)

    r_in, r_out = check_model(W_in, W_out, batch, arch, obj, negatives, grads=wrong_grads)
    assert not r_out, str(r_out)
    if obj_name == "hs":
        assert not r_in, str(r_in)  # the wrong label also reaches dh
    assert all(check_model(W_in, W_out, batch, arch, obj, negatives))


def _lost_duplicates_grads(W_in, W_out, batch, arch, obj, negatives=None):
    """The classic bug: W[idx] += g keeps only one contribution per repeated row."""
    _, g = loss_and_grads(W_in, W_out, batch, arch, obj, negatives)
    dW_in, dW_out = np.zeros_like(W_in), np.zeros_like(W_out)
    dW_in[g.in_rows] += g.dW_in_rows
    dW_out[g.out_rows] += g.dW_out_rows
    return dW_in, dW_out


@pytest.mark.parametrize("arch_name,obj_name", COMBINATIONS)
def test_control_duplicate_update_lost_is_caught(arch_name, obj_name, rng):
    case = make_case(arch_name, obj_name, rng, V=10, D=3, B=6, C=4, k=3, pool=3)  # 3 words: many repeats
    r_in, r_out = check_model(*case, grads=_lost_duplicates_grads)
    assert not r_in, str(r_in)
    if obj_name == "softmax":
        assert r_out  # the softmax returns every W_out row exactly once, so it has no duplicates to lose
    else:
        assert not r_out, str(r_out)
    assert all(check_model(*case))


def test_control_dropped_one_over_c_is_caught_by_the_directional_check(rng):
    case = make_case("cbow", "ns", rng, V=1500, D=40, B=96, C=8, k=5, pool=300)
    W_in, W_out, batch, _, obj, negatives = case
    dW_in, _ = dense_grads(W_in, W_out, batch, CBOW(c_tool_gradient=True), obj, negatives)

    def exact_loss(x):
        return batch_loss(x, W_out, batch, CBOW(), obj, negatives)

    result = directional_check(exact_loss, W_in, dW_in, rng)
    assert not result, str(result)


# ---------------------------------------------------------------- CBOW: exact gradient against the C tool's


def test_c_tool_gradient_is_n_context_times_the_exact_one(rng):
    W_in, W_out, batch, _, obj, negatives = make_case("cbow", "hs", rng, V=12, D=5, B=7, C=6, k=1, pool=12)
    _, exact = loss_and_grads(W_in, W_out, batch, CBOW(), obj)
    _, c_tool = loss_and_grads(W_in, W_out, batch, CBOW(c_tool_gradient=True), obj)
    per_row_n = np.repeat(batch.n_context, batch.n_context)[:, None]  # (M, 1) the C of each row's example
    assert np.allclose(c_tool.dW_in_rows, per_row_n * exact.dW_in_rows)
    assert np.array_equal(c_tool.out_rows, exact.out_rows)
    assert np.allclose(c_tool.dW_out_rows, exact.dW_out_rows)


def test_cbow_hidden_layer_is_the_mean_of_the_real_context_rows(rng):
    W_in = rng.normal(size=(6, 3))
    batch = Batch(contexts=[[1, 2, 9 % 6, 4], [5, 5, 0, 0]], n_context=[3, 2], targets=[0, 1])
    h, _ = CBOW().forward(W_in, batch)
    assert np.allclose(h[0], (W_in[1] + W_in[2] + W_in[3]) / 3)
    assert np.allclose(h[1], W_in[5])  # padding (the zeros) never read


# ---------------------------------------------------------------- dtypes


@pytest.mark.parametrize("arch_name,obj_name", COMBINATIONS)
def test_float32_parameters_give_float32_gradients(arch_name, obj_name, rng):
    W_in, W_out, batch, arch, obj, negatives = make_case(arch_name, obj_name, rng, V=20, D=8, B=16, C=4, k=3,
                                                         pool=10, dtype=np.float32)
    h, _ = arch.forward(W_in, batch)
    loss, g = loss_and_grads(W_in, W_out, batch, arch, obj, negatives)
    dW_in, dW_out = dense_grads(W_in, W_out, batch, arch, obj, negatives)
    assert isinstance(loss, float)
    assert h.dtype == np.float32
    assert g.dW_in_rows.dtype == np.float32 and g.dW_out_rows.dtype == np.float32
    assert dW_in.dtype == np.float32 and dW_out.dtype == np.float32
    W_in64, W_out64 = W_in.astype(np.float64), W_out.astype(np.float64)
    dW_in64, dW_out64 = dense_grads(W_in64, W_out64, batch, arch, obj, negatives)
    assert np.allclose(dW_in, dW_in64, rtol=1e-4, atol=1e-5)
    assert np.allclose(dW_out, dW_out64, rtol=1e-4, atol=1e-5)


# ---------------------------------------------------------------- glue: Batch, scatter_add, init, ...


def test_scatter_add_sums_duplicate_rows(rng):
    M = np.zeros((5, 3))
    rows = np.array([1, 3, 1, 1, 0])
    values = rng.normal(size=(5, 3))
    out = scatter_add(M, rows, values)
    assert out is M
    expected = np.zeros((5, 3))
    for r, v in zip(rows, values, strict=True):
        expected[r] += v
    assert np.allclose(M, expected)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_scatter_add_matches_a_loop_including_non_contiguous_targets(dtype, rng):
    rows = rng.integers(0, 7, 200)
    values = rng.normal(size=(200, 4)).astype(dtype)
    expected = np.zeros((7, 4))
    for r, v in zip(rows, values.astype(np.float64), strict=True):
        expected[r] += v
    for M in (np.zeros((7, 4), dtype), np.zeros((4, 7), dtype).T, np.zeros((7, 8), dtype)[:, ::2]):
        scatter_add(M, rows, values)
        assert M.dtype == dtype
        assert np.allclose(M, expected, rtol=1e-5, atol=1e-5)


def test_scatter_add_sums_every_duplicate_for_even_and_odd_widths():
    """Even D goes through the complex view (pairs of floats added as one complex number), odd D through floats."""
    rng = np.random.default_rng(0)
    rows = np.array([3, 1, 3, 3, 0, 1, 3])
    for width in (4, 5):
        values = rng.standard_normal((len(rows), width)).astype(np.float32)
        M = np.zeros((5, width), dtype=np.float32)
        scatter_add(M, rows, values)
        expected = np.zeros_like(M)
        for r, v in zip(rows, values, strict=True):
            expected[r] += v
        np.testing.assert_array_equal(M, expected)  # the same additions in the same order
        assert M.dtype == np.float32


def test_dense_grads_are_the_scatter_added_sparse_grads(rng):
    W_in, W_out, batch, arch, obj, negatives = make_case("cbow", "ns", rng, V=9, D=4, B=6, C=4, k=3, pool=4)
    loss, g = loss_and_grads(W_in, W_out, batch, arch, obj, negatives)
    assert isinstance(g, Grads) and loss == batch_loss(W_in, W_out, batch, arch, obj, negatives)
    dW_in, dW_out = dense_grads(W_in, W_out, batch, arch, obj, negatives)
    expected_in = np.zeros_like(W_in)
    for r, v in zip(g.in_rows, g.dW_in_rows, strict=True):
        expected_in[r] += v
    assert np.allclose(dW_in, expected_in)
    assert g.out_rows.shape == (6 + 6 * 3,) and dW_out.shape == W_out.shape


def test_loss_and_grads_do_not_modify_the_parameters(rng):
    case = make_case("cbow", "softmax", rng, V=9, D=4, B=6, C=4, k=3, pool=4)
    W_in, W_out, batch, arch, obj, negatives = case
    before = W_in.copy(), W_out.copy()
    _, g = loss_and_grads(W_in, W_out, batch, arch, obj, negatives)
    g.dW_in_rows[...] = 99.0  # the returned gradient rows are not views of the parameters
    assert np.array_equal(W_in, before[0]) and np.array_equal(W_out, before[1])


def test_init_params_follows_the_c_tool(rng):
    W_in, W_out = init_params(1000, 999, 20, rng)
    assert W_in.dtype == np.float32 and W_out.dtype == np.float32
    assert W_in.shape == (1000, 20) and W_out.shape == (999, 20)
    assert not W_out.any()
    assert W_in.min() >= -0.5 / 20 and W_in.max() < 0.5 / 20
    assert W_in.min() < -0.49 / 20 and W_in.max() > 0.49 / 20 and abs(W_in.mean()) < 1e-3
    a, _ = init_params(5, 5, 3, np.random.default_rng(3), dtype=np.float64)
    b, _ = init_params(5, 5, 3, np.random.default_rng(3), dtype=np.float64)
    assert a.dtype == np.float64 and np.array_equal(a, b)
    with pytest.raises(ConfigError):
        init_params(1, 1, 3, rng)
    with pytest.raises(ConfigError):
        init_params(5, 5, 3, rng, dtype=np.int32)


def test_batch_checks_and_converts():
    b = Batch.from_pairs([3, 1], np.array([0, 2], dtype=np.int64))
    assert b.contexts.shape == (2, 1) and b.contexts.dtype == np.int32
    assert b.targets.dtype == np.int32 and b.n_context.tolist() == [1, 1] and len(b) == 2
    with pytest.raises(ConfigError):
        Batch(contexts=[1, 2], n_context=[1, 1], targets=[0, 0])  # contexts not 2-D
    with pytest.raises(ConfigError):
        Batch(contexts=[[1, 2]], n_context=[3], targets=[0])  # more real entries than columns
    with pytest.raises(ConfigError):
        Batch(contexts=[[1, 2]], n_context=[0], targets=[0])
    with pytest.raises(ConfigError):
        Batch(contexts=[[1, 2]], n_context=[1, 1], targets=[0])
    with pytest.raises(ConfigError):
        SkipGram().forward(np.zeros((4, 2)), Batch(contexts=[[1, 2]], n_context=[2], targets=[0]))


def test_segment_sum(rng):
    values = rng.normal(size=(6, 2))
    out = segment_sum(values, np.array([1, 3, 2]))
    assert np.allclose(out, [values[0], values[1:4].sum(0), values[4:].sum(0)])
    assert segment_sum(np.zeros((0, 2)), np.array([], dtype=int)).shape == (0, 2)


def test_make_architecture():
    assert isinstance(make_architecture("skipgram"), SkipGram)
    cbow = make_architecture("cbow", c_tool_gradient=True)
    assert isinstance(cbow, CBOW) and cbow.c_tool_gradient
    assert not CBOW().c_tool_gradient  # the exact gradient is the default
    for name in ("glove", "sg", "skip-gram"):  # the names of architectures.NAMES only
        with pytest.raises(ConfigError, match="skipgram, cbow"):
            make_architecture(name)
