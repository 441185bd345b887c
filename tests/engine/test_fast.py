"""The fast kernels (word2vec_np.engine.fast) against their readable twin and against the objectives.

The twin, word2vec_np.engine.fast_readable.train_block, shares no helper with
the kernels; tests/engine/test_fast_readable.py checks it against the
gradients of core.model. No timing here: docs/performance.md and
``python -m word2vec_np.bench`` measure speed.
"""

import inspect
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from word2vec_np.core.huffman import build_huffman
from word2vec_np.core.objectives import log_sigmoid, make_objective, sigmoid
from word2vec_np.core.sampling import NoiseSampler, cbow_windows, draw_half_widths, skipgram_pairs
from word2vec_np.engine import fast, fast_readable
from word2vec_np.errors import ConfigError

V, D, K = 12, 6, 4


def corpus(seed=0, n=160):
    """A small corpus with Zipf-ish counts, one long run of a single word, and one-word sentences."""
    rng = np.random.default_rng(seed)
    p = 1.0 / np.arange(1, V + 1)
    ids = rng.choice(V, size=n, p=p / p.sum()).astype(np.int32)
    ids[40:70] = 3  # one word many times in a row: many duplicate rows in one batch
    offsets = np.array([0, 1, 25, 26, 90, 120, n], dtype=np.int64)
    counts = np.bincount(ids, minlength=V) + 1
    return ids, offsets, counts


def params(objective, dtype=np.float64, seed=1):
    rng = np.random.default_rng(seed)
    n_out = V - 1 if objective == "hs" else V
    W_in = (rng.standard_normal((V, D)) * 0.3).astype(dtype)
    W_out = (rng.standard_normal((n_out, D)) * 0.3).astype(dtype)
    return W_in, W_out


def settings_for(objective, counts, **overrides):
    kw = dict(window=3, lr=0.05, negative=K, negatives_sampler=NoiseSampler(counts), tree=build_huffman(counts))
    kw.update(overrides)
    return kw


def run_both(arch, objective, seed=7, **overrides):
    """Train one block with the fast kernel and with its readable twin from the same state and seed."""
    ids, offsets, counts = corpus()
    kw = settings_for(objective, counts, **overrides)
    W_in, W_out = params(objective)
    a_in, a_out, b_in, b_out = W_in.copy(), W_out.copy(), W_in.copy(), W_out.copy()
    fast_result = fast.train_block(
        a_in, a_out, ids, offsets, arch=arch, objective=objective, rng=np.random.default_rng(seed), **kw
    )
    twin_result = fast_readable.train_block(
        b_in, b_out, ids, offsets, arch=arch, objective=objective, rng=np.random.default_rng(seed), **kw
    )
    return (W_in, W_out), (a_in, a_out, fast_result), (b_in, b_out, twin_result)


def windows(offsets, b):
    """(i, context positions) of every centre word with a context word, given half-widths b, sentence by sentence."""
    for s in range(len(offsets) - 1):
        for i in range(offsets[s], offsets[s + 1]):
            context = [j for j in range(max(offsets[s], i - b[i]), min(offsets[s + 1], i + b[i] + 1)) if j != i]
            if context:
                yield i, context


def assert_agree(fast_run, twin_run):
    a_in, a_out, (a_loss, a_n) = fast_run
    b_in, b_out, (b_loss, b_n) = twin_run
    assert a_n == b_n
    assert a_loss == pytest.approx(b_loss, rel=1e-10)
    np.testing.assert_allclose(a_in, b_in, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(a_out, b_out, rtol=1e-10, atol=1e-12)


CASES = list(
    itertools.product(
        ("skipgram", "cbow"),
        ("ns", "hs"),
        ((1, 1), (6, 3), (40, 8), (1000, 16)),  # (batch_centres, group); 1000: the whole block in one batch
    )
)


@pytest.mark.parametrize("arch, objective, sizes", CASES)
def test_fast_matches_the_readable_twin(arch, objective, sizes):
    batch_centres, group = sizes
    before, fast_run, twin_run = run_both(arch, objective, batch_centres=batch_centres, group=group)
    assert_agree(fast_run, twin_run)
    assert not np.array_equal(fast_run[0], before[0])  # training moved the input vectors
    assert not np.array_equal(fast_run[1], before[1])


@pytest.mark.parametrize(
    "arch, objective, options",
    [
        ("cbow", "ns", dict(c_tool_gradient=False)),
        ("cbow", "hs", dict(c_tool_gradient=False)),
        ("skipgram", "ns", dict(row_cap=None)),
        ("skipgram", "hs", dict(row_cap=2.5)),  # a tight cap scales many rows
        ("cbow", "ns", dict(row_cap=1.0)),
        ("cbow", "ns", dict(cbow_negatives="window")),
        ("cbow", "ns", dict(cbow_negatives="window", row_cap=1.0, c_tool_gradient=False)),
        ("skipgram", "ns", dict(shuffle=False)),
        ("cbow", "hs", dict(shuffle=False, window=1)),
        ("skipgram", "ns", dict(shrink_windows=False)),
        ("cbow", "hs", dict(shrink_windows=False)),
    ],
)
def test_fast_matches_the_twin_with_options(arch, objective, options):
    _, fast_run, twin_run = run_both(arch, objective, batch_centres=64, group=4, **options)
    assert_agree(fast_run, twin_run)


@pytest.mark.parametrize("shared_levels", [0, 1, 2, 100])
@pytest.mark.parametrize("sizes", [(64, 4), (1000, 16)])
def test_skipgram_hs_group_columns_are_exact_for_any_split(shared_levels, sizes, monkeypatch):
    """Skip-gram HS scores each group against its distinct nodes; where the shared top ends changes no number."""
    monkeypatch.setattr(fast, "SHARED_LEVELS", shared_levels)
    batch_centres, group = sizes
    _, fast_run, twin_run = run_both("skipgram", "hs", batch_centres=batch_centres, group=group, row_cap=3.0)
    assert_agree(fast_run, twin_run)


@pytest.mark.parametrize("top_levels", [0, 1, 3, 100])
def test_cbow_hs_summed_top_of_the_tree_is_exact_for_any_split(top_levels, monkeypatch):
    """CBOW HS sums the top levels' updates per node by a product; where that stops changes no number."""
    monkeypatch.setattr(fast, "TOP_LEVELS", top_levels)
    _, fast_run, twin_run = run_both("cbow", "hs", batch_centres=64, group=4, row_cap=3.0)
    assert_agree(fast_run, twin_run)


def test_group_nodes_lays_out_every_path_step_once():
    """Each real step of each centre's path is one entry of on_path, in a column that holds its node."""
    counts = np.array([50, 30, 20, 12, 9, 7, 5, 4, 3, 2, 2, 1])
    tree = build_huffman(counts)
    centres = np.array([0, 11, 3, 3, 7, 1, 10, 0], dtype=np.intp)
    outputs = fast._hs_outputs(centres, tree, np.float64)
    cols = fast.group_nodes(outputs, c=4, shared_levels=2)
    for i, w in enumerate(centres):
        j, l = divmod(i, 4)
        used = np.flatnonzero(cols.on_path[j, :, l])
        assert sorted(cols.nodes[j, used]) == sorted(tree.path(w))
        labels0 = set(cols.nodes[j, np.flatnonzero(cols.label0[j, :, l])])
        assert labels0 == {node for node, bit in zip(tree.path(w), tree.code(w), strict=True) if bit == 1}
    assert cols.on_path.sum() == tree.lengths[centres].sum()
    # the top two levels are shared: the root has one column per group, used by all of its centres
    root = tree.path(0)[0]
    for j in range(2):
        assert np.count_nonzero(cols.nodes[j] == root) == 1
        assert cols.on_path[j, list(cols.nodes[j]).index(root)].sum() == 4


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    arch=st.sampled_from(["skipgram", "cbow"]),
    objective=st.sampled_from(["ns", "hs"]),
    window=st.integers(1, 4),
    group=st.integers(1, 9),
    batch_centres=st.integers(1, 80),
)
def test_fast_matches_the_twin_hypothesis(seed, arch, objective, window, group, batch_centres):
    _, fast_run, twin_run = run_both(
        arch, objective, seed=seed, window=window, group=group, batch_centres=batch_centres
    )
    assert_agree(fast_run, twin_run)


def test_negative_control_lossy_update_is_caught(monkeypatch):
    """``W[rows] += values`` keeps one contribution per repeated row; the agreement test must notice."""

    def lossy(M, rows, values):
        M[rows] += values  # buffered fancy indexing: duplicates overwrite each other

    monkeypatch.setattr(fast, "scatter_add", lossy)
    _, fast_run, twin_run = run_both("skipgram", "ns", batch_centres=1000, group=8)
    with pytest.raises(AssertionError):
        assert_agree(fast_run, twin_run)


def test_returned_loss_is_the_objectives_loss_before_the_update():
    """One batch: the loss equals the objective's forward loss on the pairs, with the same negatives."""
    ids, offsets, counts = corpus()
    window, seed = 3, 11
    for arch, name in itertools.product(("skipgram", "cbow"), ("ns", "hs")):
        objective = make_objective(name, counts, negative=K)
        W_in, W_out = params(name)
        kw = settings_for(name, counts, window=window, batch_centres=10_000, group=8, shuffle=False)
        kw.update(tree=getattr(objective, "tree", None), cbow_negatives="window")
        loss, examples = fast.train_block(
            W_in.copy(), W_out.copy(), ids, offsets, arch=arch, objective=name, rng=np.random.default_rng(seed), **kw
        )
        # replay the draws: the half-widths, then (one batch, no shuffle) the negatives of every centre
        rng = np.random.default_rng(seed)
        b = draw_half_widths(len(ids), window, rng)
        negatives = kw["negatives_sampler"].sample(ids, K, rng) if name == "ns" else None
        expected, n = 0.0, 0
        for i, context in windows(offsets, b):
            neg = None if negatives is None else negatives[i : i + 1]
            if arch == "skipgram":
                for j in context:
                    expected += objective.forward(W_out, W_in[ids[j]][None], ids[i : i + 1], neg)[0]
                    n += 1
            else:
                h = W_in[ids[context]].mean(axis=0)[None]
                expected += objective.forward(W_out, h, ids[i : i + 1], neg)[0]
                n += 1
        assert examples == n, (arch, name)
        assert loss == pytest.approx(expected, rel=1e-10), (arch, name)


def test_cbow_shared_negatives_loss_is_the_ns_loss_of_each_window():
    """CBOW with shared negatives: each window's loss uses its set's k negatives, minus its own word."""
    ids, offsets, counts = corpus()
    window, seed, c = 2, 5, 8
    W_in, W_out = params("ns")
    kw = settings_for("ns", counts, window=window, batch_centres=10_000, group=c, shuffle=False)
    loss, examples = fast.train_block(
        W_in.copy(), W_out.copy(), ids, offsets, arch="cbow", objective="ns", rng=np.random.default_rng(seed), **kw
    )
    rng = np.random.default_rng(seed)  # replay: the half-widths, then one draw of k negatives per group
    b = draw_half_widths(len(ids), window, rng)
    n_sets = -(-len(ids) // fast.SHARED_NEGATIVES)  # one batch, groups in order: batch position = word position
    negatives = kw["negatives_sampler"].draw((n_sets, K), rng)
    expected, n, skipped = 0.0, 0, 0
    for i, context in windows(offsets, b):
        h = W_in[ids[context]].mean(axis=0)
        own = [r for r in negatives[i % n_sets] if r != ids[i]]
        skipped += K - len(own)
        expected += np.logaddexp(0, -W_out[ids[i]] @ h) + sum(np.logaddexp(0, W_out[r] @ h) for r in own)
        n += 1
    assert examples == n
    assert skipped > 0  # the corpus is small enough that some shared negatives hit their own window's word
    assert loss == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize("shrink", [True, False])
@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_examples_and_windows_match_the_sampling_module(arch, shrink):
    """Same rng, same half-widths: the example count is that of skipgram_pairs / cbow_windows."""
    ids, offsets, counts = corpus()
    W_in, W_out = params("ns")
    _, examples = fast.train_block(
        W_in, W_out, ids, offsets, arch=arch, objective="ns", rng=np.random.default_rng(3),
        shrink_windows=shrink, **settings_for("ns", counts),
    )
    if arch == "skipgram":
        expected = len(skipgram_pairs(ids, offsets, 3, np.random.default_rng(3), shrink)[0])
    else:
        expected = len(cbow_windows(ids, offsets, 3, np.random.default_rng(3), shrink)[2])
    assert examples == expected


@pytest.mark.parametrize("arch, objective", list(itertools.product(("skipgram", "cbow"), ("ns", "hs"))))
def test_float32_stays_float32_in_the_hot_path(arch, objective, monkeypatch):
    ids, offsets, counts = corpus()
    W_in, W_out = params(objective, dtype=np.float32)
    shapes = (W_in.shape, W_out.shape)
    seen = []
    real_scatter = fast.scatter_add

    def spy(M, rows, values):
        seen.append(np.asarray(values).dtype)
        real_scatter(M, rows, values)

    monkeypatch.setattr(fast, "scatter_add", spy)
    before = W_in.copy()
    loss, n = fast.train_block(
        W_in,
        W_out,
        ids,
        offsets,
        arch=arch,
        objective=objective,
        rng=np.random.default_rng(0),
        **settings_for(objective, counts, lr=np.float64(0.05)),  # a float64 learning rate must not upcast
    )
    assert seen and all(dt == np.float32 for dt in seen)
    assert (W_in.dtype, W_out.dtype) == (np.float32, np.float32)
    assert (W_in.shape, W_out.shape) == shapes
    assert isinstance(loss, float) and np.isfinite(loss) and n > 0
    assert not np.array_equal(W_in, before)


@pytest.mark.parametrize("arch, objective", list(itertools.product(("skipgram", "cbow"), ("ns", "hs"))))
def test_zero_learning_rate_changes_nothing(arch, objective):
    ids, offsets, counts = corpus()
    W_in, W_out = params(objective, dtype=np.float32)
    a_in, a_out = W_in.copy(), W_out.copy()
    loss, n = fast.train_block(
        a_in,
        a_out,
        ids,
        offsets,
        arch=arch,
        objective=objective,
        rng=np.random.default_rng(0),
        **settings_for(objective, counts, lr=0.0),
    )
    assert np.array_equal(a_in, W_in) and np.array_equal(a_out, W_out)
    assert loss > 0 and n > 0


def test_row_cap_scales_only_rows_over_the_cap():
    rows = np.array([0, 1, 1, 2, 2, 2])
    uses = np.array([1.0, 3.0, 3.0, 1.0, 1.0, 1.0])
    counter = np.zeros(3)
    scale = fast.row_scale(rows, uses, 4.0, counter)
    np.testing.assert_allclose(scale, [1.0, 4 / 6, 4 / 6, 1.0, 1.0, 1.0])
    assert not counter.any()  # the scratch buffer is left clean
    assert fast.row_scale(rows, uses, 6.0, counter) is None
    assert fast.row_scale(rows, uses, None, counter) is None


def test_context_mask_stays_in_the_sentence():
    offsets = np.array([0, 3, 4, 8])
    mask = fast.context_mask(offsets, np.array([2, 1, 2, 1, 2, 2, 1, 3]), window=2)  # (8, 5)
    expected_first_rows = [
        [0, 0, 0, 1, 1],  # position 0, b=2: positions 1, 2
        [0, 1, 0, 1, 0],  # position 1, b=1: positions 0, 2
        [1, 1, 0, 0, 0],  # position 2, b=2: positions 0, 1 (3 is the next sentence)
        [0, 0, 0, 0, 0],  # position 3: a one-word sentence
    ]
    np.testing.assert_array_equal(mask[:4], np.array(expected_first_rows, dtype=bool))
    assert mask[7].tolist() == [True, True, False, False, False]  # position 7, b=3: 5, 6 only


def test_empty_block_trains_nothing():
    _, _, counts = corpus()
    W_in, W_out = params("ns")
    result = fast.train_block(
        W_in,
        W_out,
        np.zeros(0, np.int32),
        np.array([0]),
        arch="skipgram",
        objective="ns",
        rng=np.random.default_rng(0),
        **settings_for("ns", counts),
    )
    assert result == (0.0, 0)


@pytest.mark.parametrize(
    "overrides, message",
    [
        (dict(objective="softmax"), "fast kernels train"),
        (dict(arch="glove"), "unknown architecture"),
        (dict(negative=None), "negative sampling needs"),
        (dict(negatives_sampler=None), "negative sampling needs"),
        (dict(objective="hs", tree=None), "Huffman tree"),
        (dict(window=0), "window"),
        (dict(lr=float("nan")), "learning rate"),
        (dict(row_cap=0), "row_cap"),
    ],
)
def test_bad_settings_raise_config_error(overrides, message):
    ids, offsets, counts = corpus()
    args = dict(arch="skipgram", objective="ns", rng=np.random.default_rng(0), **settings_for("ns", counts))
    args.update(overrides)
    W_in, W_out = params("hs" if args["objective"] == "hs" else "ns")
    with pytest.raises(ConfigError, match=message):
        fast.train_block(W_in, W_out, ids, offsets, **args)


# ---------------------------------------------------------------------- the kernels' own helpers
# The twin writes its windows and batches out in plain code (test_fast_readable.py checks them);
# the kernels' vectorized versions are checked here against brute force.


def test_batch_groups_visit_every_group_once_in_batches_of_the_stated_size():
    for n_groups, batch_centres, c in [(1, 1, 1), (10, 6, 3), (17, 40, 8), (5, 3, 4), (100, 256, 16)]:
        per_batch = max(1, batch_centres // c)
        for shuffle in (False, True):
            batches = fast.batch_groups(n_groups, batch_centres, c, np.random.default_rng(0), shuffle)
            flat = np.concatenate(batches)
            assert sorted(flat.tolist()) == list(range(n_groups))
            assert all(len(b) == per_batch for b in batches[:-1]) and 1 <= len(batches[-1]) <= per_batch
            if not shuffle:
                assert flat.tolist() == list(range(n_groups))
    shuffled = np.concatenate(fast.batch_groups(50, 8, 1, np.random.default_rng(0), True))
    assert shuffled.tolist() != list(range(50))


def test_context_mask_matches_a_brute_force_mask():
    rng = np.random.default_rng(1)
    for window in (1, 2, 5):
        lengths = rng.integers(1, 9, size=6)
        offsets = np.concatenate(([0], np.cumsum(lengths)))
        half_widths = rng.integers(1, window + 1, size=offsets[-1])
        mask = fast.context_mask(offsets, half_widths, window)
        sentence = np.repeat(np.arange(len(lengths)), lengths)
        for i in range(offsets[-1]):
            for t in range(-window, window + 1):
                j = i + t
                inside = 0 <= j < offsets[-1] and sentence[j] == sentence[i]
                assert mask[i, window + t] == (t != 0 and abs(t) <= half_widths[i] and inside)


def test_the_twin_has_the_kernels_signature_and_shared_negatives():
    """The twin is called exactly as fast.train_block (same names, same defaults), and shares 4 windows' negatives."""
    assert inspect.signature(fast_readable.train_block) == inspect.signature(fast.train_block)
    assert fast_readable.SHARED_NEGATIVES == fast.SHARED_NEGATIVES


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_logistic_terms_are_cores_log_sigmoid_and_sigmoid(dtype):
    """The kernels' fused (loss, dloss/dz) is -log s(sign z) and -sign s(-sign z) of core.objectives.base."""
    z = np.concatenate([np.linspace(-30, 30, 601), [-200.0, -80.0, 0.0, 80.0, 200.0]]).astype(dtype)
    tiny = 1e-25 if dtype == np.float32 else 1e-200  # beyond |x| = 60 (500) core floors exp's argument
    rtol = 1e-6 if dtype == np.float32 else 1e-14
    for sign in (1.0, -1.0, np.where(np.arange(len(z)) % 3 == 0, -1.0, 1.0).astype(dtype)):
        loss, g = fast.logistic_terms(z, sign)
        assert loss.dtype == dtype and g.dtype == dtype
        np.testing.assert_allclose(loss, -log_sigmoid(sign * z), rtol=rtol, atol=tiny)
        np.testing.assert_allclose(g, -sign * sigmoid(-sign * z), rtol=rtol, atol=tiny)
