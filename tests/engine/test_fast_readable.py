"""The readable twin of the fast kernels (word2vec_np.engine.fast_readable) against the core math.

tests/engine/test_fast.py checks the kernels against the twin; here the twin
is checked against what shares no code with it: the gradients of
core.model.dense_grads (the architectures' and objectives' backward passes)
with the windows of core.sampling, and central differences.
"""

import itertools

import numpy as np
import pytest

from word2vec_np.core.architectures import CBOW, SkipGram
from word2vec_np.core.batch import Batch
from word2vec_np.core.gradcheck import directional_check
from word2vec_np.core.huffman import build_huffman
from word2vec_np.core.model import dense_grads
from word2vec_np.core.objectives import make_objective
from word2vec_np.core.sampling import NoiseSampler, cbow_windows, skipgram_pairs
from word2vec_np.engine import fast_readable
from word2vec_np.errors import ConfigError

V, D, K = 12, 6, 4


def corpus(seed=0, n=40):
    """40 words in sentences of 1, 24, 1 and 14 words, with a run of one word (its rows repeat in a batch)."""
    rng = np.random.default_rng(seed)
    p = 1.0 / np.arange(1, V + 1)
    ids = rng.choice(V, size=n, p=p / p.sum()).astype(np.int32)
    ids[8:16] = 3
    offsets = np.array([0, 1, 25, 26, n], dtype=np.int64)
    counts = np.bincount(ids, minlength=V) + 1
    return ids, offsets, counts


def params(objective, seed=1):
    rng = np.random.default_rng(seed)
    n_out = V - 1 if objective == "hs" else V
    return rng.standard_normal((V, D)) * 0.3, rng.standard_normal((n_out, D)) * 0.3


def core_examples(ids, offsets, arch, objective, sampler, tree, window, seed, cbow_negatives):
    """The examples of one batch, window by window, from core.sampling and a replay of the twin's draws.

    Returns a list of (Batch, negatives (B, k) or None, output rows) per window with context words.
    The draws, as the twin's docstring lists them: the half-widths (inside skipgram_pairs and
    cbow_windows), no group order (shuffle=False), then one draw of negatives for the batch.
    """
    rng = np.random.default_rng(seed)
    lengths = np.diff(offsets)
    centres = np.flatnonzero(np.repeat(lengths > 1, lengths))  # positions with a context word, in order
    if arch == "skipgram":
        inputs, targets = skipgram_pairs(ids, offsets, window, rng)
        _, n_context, _ = cbow_windows(ids, offsets, window, np.random.default_rng(seed))  # pairs per centre
        first = np.concatenate(([0], np.cumsum(n_context)))
        batches = [Batch.from_pairs(inputs[a:b], targets[a:b]) for a, b in itertools.pairwise(first)]
    else:
        contexts, n_context, targets = cbow_windows(ids, offsets, window, rng)
        batches = [Batch(contexts[b : b + 1], n_context[b : b + 1], targets[b : b + 1]) for b in range(len(targets))]
    if objective == "hs":
        negatives = [None] * len(centres)
    elif arch == "cbow" and cbow_negatives == "shared":  # group = 1: place p of the batch is position p
        n_sets = -(-len(ids) // fast_readable.SHARED_NEGATIVES)
        sets = sampler.draw((n_sets, K), rng)
        negatives = [np.array([r for r in sets[i % n_sets] if r != ids[i]]) for i in centres]
    else:
        negatives = list(sampler.sample(ids, K, rng)[centres])
    examples = []
    for i, batch, neg in zip(centres, batches, negatives, strict=True):
        assert int(batch.targets[0]) == ids[i]
        out = tree.path(int(ids[i])) if objective == "hs" else [int(ids[i]), *map(int, neg)]
        neg = None if neg is None else np.tile(neg.astype(np.int64), (len(batch), 1))  # (B, k): shared by the window
        examples.append((batch, neg, out))
    return examples


CASES = [
    ("skipgram", "ns", {}),
    ("skipgram", "hs", {}),
    ("cbow", "ns", {"c_tool_gradient": False}),
    ("cbow", "ns", {"c_tool_gradient": True}),
    ("cbow", "ns", {"c_tool_gradient": False, "cbow_negatives": "window"}),
    ("cbow", "hs", {"c_tool_gradient": False}),
    ("cbow", "hs", {"c_tool_gradient": True}),
]


@pytest.mark.parametrize("row_cap", [None, 1e6, 2.5])
@pytest.mark.parametrize("arch, objective, options", CASES)
def test_one_batch_of_the_twin_is_minus_lr_times_the_core_gradient(arch, objective, options, row_cap):
    """One batch, the twin's negatives given to core: W -= lr * min(1, cap / n_r) * dL/dW_r (ROW-CAP).

    dL/dW is core.model.dense_grads summed over the windows; n_r counts the centre words behind row r:
    one per context position holding r (W_in), one per output row a window is trained against (W_out).
    row_cap None and 1e6 leave every row at full weight; 2.5 scales the frequent rows.
    """
    ids, offsets, counts = corpus()
    window, lr, seed = 3, 0.05, 5
    cbow_negatives = options.get("cbow_negatives", "shared")
    c_tool = options.get("c_tool_gradient", True)
    sampler, tree = NoiseSampler(counts), build_huffman(counts)
    W_in, W_out = params(objective)
    a_in, a_out = W_in.copy(), W_out.copy()
    loss, n = fast_readable.train_block(
        a_in, a_out, ids, offsets, arch=arch, objective=objective, window=window, lr=lr,
        rng=np.random.default_rng(seed), batch_centres=1000, group=1, shuffle=False, row_cap=row_cap,
        negatives_sampler=sampler, negative=K, tree=tree, cbow_negatives=cbow_negatives, c_tool_gradient=c_tool,
    )  # fmt: skip

    core_arch = SkipGram() if arch == "skipgram" else CBOW(c_tool_gradient=c_tool)
    core_objective = make_objective(objective, counts, negative=K)
    if objective == "hs":
        assert core_objective.tree.points.tolist() == tree.points.tolist()
    dW_in, dW_out = np.zeros_like(W_in), np.zeros_like(W_out)
    uses_in, uses_out = np.zeros(len(W_in)), np.zeros(len(W_out))
    expected_loss, expected_n = 0.0, 0
    for batch, neg, out in core_examples(ids, offsets, arch, objective, sampler, tree, window, seed, cbow_negatives):
        g_in, g_out = dense_grads(W_in, W_out, batch, core_arch, core_objective, neg)
        dW_in += g_in
        dW_out += g_out
        h = core_arch.forward(W_in, batch)[0]
        expected_loss += core_objective.forward(W_out, h, batch.targets, neg)[0]
        expected_n += len(batch)
        for row, n_context in zip(batch.contexts, batch.n_context, strict=True):
            np.add.at(uses_in, row[:n_context], 1)  # each context position of the window
        np.add.at(uses_out, out, 1)  # each output row of the window
    scale_in = 1.0 if row_cap is None else np.minimum(1.0, row_cap / np.maximum(uses_in, 1))
    scale_out = 1.0 if row_cap is None else np.minimum(1.0, row_cap / np.maximum(uses_out, 1))
    if row_cap == 2.5:
        assert (scale_in < 1).any() and (scale_out < 1).any()  # the cap binds
    assert n == expected_n
    assert loss == pytest.approx(expected_loss, rel=1e-12)
    np.testing.assert_allclose(a_in, W_in - lr * (scale_in * dW_in.T).T, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(a_out, W_out - lr * (scale_out * dW_out.T).T, rtol=1e-12, atol=1e-14)
    assert np.abs(dW_in).max() > 1e-2 and np.abs(dW_out).max() > 1e-2


@pytest.mark.parametrize("objective", ["ns", "hs"])
@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_the_twins_update_is_minus_lr_times_the_numerical_gradient(arch, objective):
    """With one batch and no row cap, the twin does W -= lr * dL/dW at the starting W, by central differences."""
    ids, offsets, counts = corpus()
    kw = dict(
        window=3, lr=0.05, negative=K, negatives_sampler=NoiseSampler(counts), tree=build_huffman(counts),
        batch_centres=1000, row_cap=None, c_tool_gradient=False,
    )  # fmt: skip

    def loss(W_in, W_out):  # the same draws every call: they never depend on W
        W_in, W_out = W_in.copy(), W_out.copy()  # lr 0 changes nothing, but the twin writes in place
        rng = np.random.default_rng(3)
        return fast_readable.train_block(
            W_in, W_out, ids, offsets, arch=arch, objective=objective, rng=rng, **{**kw, "lr": 0.0}
        )[0]

    W_in, W_out = params(objective)
    a_in, a_out = W_in.copy(), W_out.copy()
    fast_readable.train_block(
        a_in, a_out, ids, offsets, arch=arch, objective=objective, rng=np.random.default_rng(3), **kw
    )
    dW_in, dW_out = (W_in - a_in) / kw["lr"], (W_out - a_out) / kw["lr"]
    assert np.abs(dW_in).max() > 1e-3 and np.abs(dW_out).max() > 1e-3  # it did learn something
    rng = np.random.default_rng(0)
    check_in = directional_check(lambda x: loss(x, W_out), W_in.copy(), dW_in, rng, n_directions=4, rtol=1e-6)
    check_out = directional_check(lambda x: loss(W_in, x), W_out.copy(), dW_out, rng, n_directions=4, rtol=1e-6)
    assert check_in, check_in
    assert check_out, check_out


def test_the_twin_reads_context_words_within_the_sentence_only():
    offsets = np.array([0, 3, 4, 8])
    contexts = fast_readable.context_positions(offsets, np.array([2, 1, 2, 1, 2, 2, 1, 3]))
    assert contexts == [[1, 2], [0, 2], [0, 1], [], [5, 6], [4, 6, 7], [5, 7], [4, 5, 6]]


def test_the_twins_batches_hold_every_place_once():
    for n, batch_centres, c in [(1, 1, 1), (10, 6, 3), (17, 40, 8), (5, 3, 4)]:
        for shuffle in (False, True):
            places = fast_readable.batches(n, batch_centres, c, np.random.default_rng(0), shuffle)
            flat = [p for batch in places for p in batch]
            assert sorted(flat) == list(range(-(-n // c) * c))
            assert all(len(batch) == max(1, batch_centres // c) * c for batch in places[:-1])


def test_the_twin_names_what_it_trains():
    ids, offsets, counts = corpus()
    with pytest.raises(ConfigError, match="skipgram or cbow with ns or hs"):
        fast_readable.train_block(
            *params("ns"), ids, offsets, arch="skipgram", objective="softmax", window=2, lr=0.1,
            rng=np.random.default_rng(0),
        )  # fmt: skip
