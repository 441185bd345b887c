"""The literal one-hot network agrees with the fast row-lookup path (full softmax)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from word2vec_np.core import onehot
from word2vec_np.core.architectures import CBOW, SkipGram
from word2vec_np.core.batch import Batch
from word2vec_np.core.gradcheck import check_gradient
from word2vec_np.core.model import dense_grads, loss_and_grads
from word2vec_np.core.objectives import Softmax


def test_one_hot():
    X = onehot.one_hot([2, 0, 2], 4)
    assert X.shape == (3, 4) and X.dtype == np.float64
    assert X.tolist() == [[0, 0, 1, 0], [1, 0, 0, 0], [0, 0, 1, 0]]
    assert onehot.one_hot([1], 3, dtype=np.float32).dtype == np.float32


def test_input_matrix_is_the_mean_of_the_context_one_hots():
    batch = Batch(contexts=[[1, 3, 3, 0], [2, 0, 0, 0]], n_context=[3, 1], targets=[0, 0])
    X = onehot.input_matrix(batch, 5)
    # a repeated word weighs twice; padding is ignored
    assert np.allclose(X, [[0, 1 / 3, 0, 2 / 3, 0], [0, 0, 1, 0, 0]])


def _random_batch(rng, arch_name, V, B, C, pool):
    words = rng.choice(V, min(pool, V), replace=False)
    if arch_name == "skipgram":
        return Batch.from_pairs(rng.choice(words, B), rng.choice(words, B))
    return Batch(rng.choice(words, (B, C)), rng.integers(1, C + 1, B), rng.choice(words, B))


@settings(max_examples=40, deadline=None)
@given(arch_name=st.sampled_from(["skipgram", "cbow"]), V=st.integers(2, 40), D=st.integers(1, 12),
       B=st.integers(1, 8), C=st.integers(1, 6), pool=st.integers(1, 40), seed=st.integers(0, 2**32 - 1))
def test_one_hot_pipeline_equals_the_fast_path(arch_name, V, D, B, C, pool, seed):
    rng = np.random.default_rng(seed)
    batch = _random_batch(rng, arch_name, V, B, C, pool)
    arch = SkipGram() if arch_name == "skipgram" else CBOW()
    W_in, W_out = rng.normal(0, 0.8, (V, D)), rng.normal(0, 0.8, (V, D))
    loss, dW_in, dW_out = onehot.loss_and_grads(W_in, W_out, batch)
    fast_loss, _ = loss_and_grads(W_in, W_out, batch, arch, Softmax())
    fast_in, fast_out = dense_grads(W_in, W_out, batch, arch, Softmax())
    assert loss == pytest.approx(fast_loss, rel=1e-12, abs=1e-12)
    np.testing.assert_allclose(dW_in, fast_in, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(dW_out, fast_out, rtol=1e-10, atol=1e-13)


def test_one_hot_backward_is_a_scatter_add_of_rows(rng):
    # dW_in = X^T dH: the rows of words not in the batch are exactly zero, and a word used by
    # several examples receives the sum of their dh rows
    V, D = 8, 3
    batch = Batch.from_pairs([5, 1, 5, 5], [0, 2, 3, 4])
    W_in, W_out = rng.normal(size=(V, D)), rng.normal(size=(V, D))
    _, cache = onehot.forward(W_in, W_out, batch)
    dW_in, _ = onehot.backward(cache)
    dH = (cache["P"] - cache["Y"]) @ W_out
    assert not dW_in[[0, 2, 3, 4, 6, 7]].any()
    assert np.allclose(dW_in[5], dH[0] + dH[2] + dH[3]) and np.allclose(dW_in[1], dH[1])


def test_one_hot_gradients_match_central_differences(rng):
    batch = Batch(contexts=[[0, 2, 2], [4, 0, 0], [3, 3, 1]], n_context=[3, 1, 2], targets=[1, 4, 3])
    W_in, W_out = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    _, dW_in, dW_out = onehot.loss_and_grads(W_in, W_out, batch)
    assert check_gradient(lambda x: onehot.forward(x, W_out, batch)[0], W_in, dW_in)
    assert check_gradient(lambda x: onehot.forward(W_in, x, batch)[0], W_out, dW_out)


def test_float32_stays_float32(rng):
    batch = Batch.from_pairs([0, 1], [2, 3])
    W_in, W_out = rng.normal(size=(4, 2)).astype(np.float32), rng.normal(size=(4, 2)).astype(np.float32)
    loss, dW_in, dW_out = onehot.loss_and_grads(W_in, W_out, batch)
    assert isinstance(loss, float) and dW_in.dtype == np.float32 and dW_out.dtype == np.float32
