"""The textbook trainer (core/textbook.py) is the package's reference trainer, and reads on one screen.

* ``textbook.train``, started from the same matrices and generator, ends with exactly the
  W_in and W_out of ``train_arrays(method="reference")``, for all six combinations, with
  subsampling, several blocks per epoch, several epochs and a decaying learning rate.
* Its pieces do what they say: a repeated row is updated twice, a block too short for a
  pair draws nothing, blocks cover the corpus in whole sentences.
* ``train`` itself stays short: the whole loop on one screen.
"""

import ast
import inspect

import numpy as np
import pytest

from tests.corpora import encoded_zipf_corpus
from word2vec_np.core import sampling, textbook
from word2vec_np.core.architectures import make_architecture
from word2vec_np.core.model import init_params
from word2vec_np.core.objectives import make_objective
from word2vec_np.engine.config import TrainConfig
from word2vec_np.engine.training import train_arrays

COMBINATIONS = [(a, o) for a in ("skipgram", "cbow") for o in ("softmax", "hs", "ns")]
SETTINGS = dict(dim=6, window=3, negative=3, sample=1e-2, min_count=1, epochs=3, seed=7, block_words=40)


@pytest.fixture(scope="module")
def toy():
    return encoded_zipf_corpus(0, n_sentences=40, V=12)


def textbook_run(vocab, corpus, config: TrainConfig, dtype=np.float64, observe=None):
    """``textbook.train`` with the pieces built from ``config`` as ``train_arrays`` builds them:
    one generator, seeded with ``config.seed``, draws the initial matrices, then everything else."""
    c = config.resolved()
    rng = np.random.default_rng(c.seed)
    arch = make_architecture(c.arch, c_tool_gradient=c.cbow_gradient == "c_tool")
    objective = make_objective(c.objective, vocab.counts, negative=c.negative, ns_power=c.ns_power)
    W_in, W_out = init_params(len(vocab), objective.n_outputs(len(vocab)), c.dim, rng, dtype=dtype)
    keep = sampling.keep_probability(vocab.counts, vocab.total, c.sample)
    return textbook.train(
        W_in, W_out, corpus.ids, corpus.offsets, arch, objective, keep, window=c.window, epochs=c.epochs,
        alpha=c.alpha, min_alpha=c.min_alpha, block_words=c.block_words, rng=rng, observe=observe,
    )  # fmt: skip


@pytest.mark.parametrize("arch, objective", COMBINATIONS)
def test_the_textbook_trainer_is_train_arrays_reference_bit_for_bit(toy, arch, objective):
    vocab, corpus = toy
    config = TrainConfig(method="reference", arch=arch, objective=objective, **SETTINGS)
    assert len(textbook.sentence_blocks(corpus.offsets, config.block_words)) - 1 >= 5  # several blocks per epoch
    seen = []
    W_in, W_out = textbook_run(vocab, corpus, config, observe=lambda epoch, lr, *_: seen.append((epoch, lr)))
    ref_in, ref_out, history = train_arrays(vocab, corpus, config, dtype=np.float64)
    assert np.array_equal(W_in, ref_in) and np.array_equal(W_out, ref_out)
    # the same examples, epoch by epoch; subsampling dropped some; the rate fell block by block
    assert np.bincount([e for e, _ in seen]).tolist() == history.epoch_examples
    rates = [lr for _, lr in seen]
    assert rates == sorted(rates, reverse=True) and len(set(rates)) > 10
    per_epoch_without_subsampling = train_arrays(vocab, corpus, TrainConfig(
        method="reference", arch=arch, objective=objective, **{**SETTINGS, "sample": 0, "epochs": 1}
    ))[2].epoch_examples[0]  # fmt: skip
    assert max(history.epoch_examples) < per_epoch_without_subsampling
    W_in0, _ = init_params(len(vocab), W_out.shape[0], config.dim, np.random.default_rng(config.seed), np.float64)
    assert not np.allclose(W_in, W_in0)  # and it trained


@pytest.mark.parametrize("rule", ["c_tool", "exact"])
def test_both_cbow_rules_and_float32_follow_the_engine_too(toy, rule):
    config = TrainConfig(method="reference", arch="cbow", objective="ns", cbow_gradient=rule, **SETTINGS)
    W_in, W_out = textbook_run(*toy, config, dtype=np.float32)
    ref_in, ref_out, _ = train_arrays(*toy, config)  # float32, the engine's default
    assert W_in.dtype == np.float32 and np.array_equal(W_in, ref_in) and np.array_equal(W_out, ref_out)


def test_the_comparison_can_fail(toy, monkeypatch):
    """Negative control: a learning rate off by one word inside textbook.train gives other vectors.

    (The engine keeps its own reference to ``learning_rate``, so the bug is in the textbook alone.)"""
    config = TrainConfig(method="reference", arch="skipgram", objective="ns", **SETTINGS)
    ref_in, ref_out, _ = train_arrays(*toy, config, dtype=np.float64)
    right = textbook.learning_rate
    monkeypatch.setattr(textbook, "learning_rate", lambda seen, *rest: right(seen + 1, *rest))
    W_in, W_out = textbook_run(*toy, config)
    assert not np.array_equal(W_in, ref_in) and not np.array_equal(W_out, ref_out)
    assert np.allclose(W_in, ref_in, atol=1e-4)  # close, yet not the same run


def test_train_is_one_screen():
    """The whole loop, from the epochs to the update, in at most 25 lines of code (no docstring)."""
    function = ast.parse(inspect.getsource(textbook.train)).body[0]
    body = function.body[1:]  # without the docstring
    assert isinstance(function.body[0].value, ast.Constant)
    lines = body[-1].end_lineno - body[0].lineno + 1
    assert lines <= 25, f"textbook.train has {lines} lines of code"
    names = {n.attr if isinstance(n, ast.Attribute) else n.id for n in ast.walk(function) if isinstance(n, ast.Call)
             for n in [n.func]}  # fmt: skip
    assert {"learning_rate", "block", "subsample", "examples", "step", "sentence_blocks"} <= names


def test_a_step_calls_the_architecture_and_the_objective_directly():
    """One step is followed through three files: textbook.py, the architecture's, the objective's."""
    source = inspect.getsource(textbook.step)
    for call in ("arch.forward(", "objective.forward(", "objective.backward(", "arch.backward(", "update("):
        assert call in source
    order = [source.index(c) for c in ("arch.forward(", "objective.forward(", "objective.backward(", "arch.backward(")]
    assert order == sorted(order)


def test_the_pieces_of_a_step_can_be_replaced(toy):
    """Objects with the architecture's and the objective's methods, and an ``update`` function, train in
    their place (assignment a5 trains with a learner's functions this way); here they wrap the package's own
    and count their calls, and the run ends with the default run's vectors bit for bit."""
    vocab, corpus = toy
    config = TrainConfig(method="reference", arch="skipgram", objective="ns", **SETTINGS)
    ref_in, ref_out = textbook_run(vocab, corpus, config)
    calls = {"arch.forward": 0, "objective.draw": 0, "objective.forward": 0, "update": 0}

    class Counted:
        """The package's architecture or objective, counting the calls of some of its methods."""

        def __init__(self, inner, label, *counted):
            self.inner, self.label, self.counted = inner, label, counted

        def __getattr__(self, name):
            method = getattr(self.inner, name)
            if name not in self.counted:
                return method

            def counting(*args):
                calls[f"{self.label}.{name}"] += 1
                return method(*args)

            return counting

    def update(W, rows, grads, lr):
        calls["update"] += 1
        textbook.sgd_update(W, rows, grads, lr)

    c = config.resolved()
    rng = np.random.default_rng(c.seed)
    arch = make_architecture("skipgram")
    objective = make_objective("ns", vocab.counts, negative=c.negative)
    W_in, W_out = init_params(len(vocab), len(vocab), c.dim, rng, dtype=np.float64)
    keep = sampling.keep_probability(vocab.counts, vocab.total, c.sample)
    W_in, W_out = textbook.train(
        W_in, W_out, corpus.ids, corpus.offsets, Counted(arch, "arch", "forward"),
        Counted(objective, "objective", "draw", "forward"),
        keep, window=c.window, epochs=c.epochs, alpha=c.alpha, min_alpha=c.min_alpha, block_words=c.block_words,
        rng=rng, update=update,
    )  # fmt: skip
    assert np.array_equal(W_in, ref_in) and np.array_equal(W_out, ref_out)
    assert calls["arch.forward"] == calls["objective.forward"] > 100 and calls["objective.draw"] > 1
    assert calls["update"] == 2 * calls["arch.forward"]


def test_sgd_update_applies_a_repeated_row_twice():
    W = np.zeros((3, 2))
    textbook.sgd_update(W, np.array([1, 1, 2]), np.array([[1.0, 2.0], [3.0, 4.0], [1.0, 1.0]]), lr=0.5)
    assert W.tolist() == [[0, 0], [-2.0, -3.0], [-0.5, -0.5]]


def test_a_block_without_a_pair_draws_nothing():
    rng = np.random.default_rng(3)
    state = rng.bit_generator.state
    objective = make_objective("ns", np.array([5, 3, 2]), negative=2)
    for ids in ([], [1]):
        ids = np.array(ids, dtype=np.int32)
        offsets = np.array([0, len(ids)] if len(ids) else [0], dtype=np.int64)
        assert list(textbook.examples("skipgram", objective, ids, offsets, 2, rng)) == []
    assert rng.bit_generator.state == state


def test_examples_are_the_block_s_examples_one_by_one_with_their_negatives():
    vocab, corpus = encoded_zipf_corpus(1, n_sentences=6, V=8)
    objective = make_objective("ns", vocab.counts, negative=2)
    whole = textbook.make_examples("cbow", corpus.ids, corpus.offsets, 2, np.random.default_rng(5))
    rng = np.random.default_rng(5)
    one_by_one = list(textbook.examples("cbow", objective, corpus.ids, corpus.offsets, 2, rng))
    assert len(one_by_one) == len(whole) > 10
    for i, (example, negatives) in enumerate(one_by_one):
        assert len(example) == 1 and negatives.shape == (1, 2)
        assert example.targets[0] == whole.targets[i] and np.array_equal(example.contexts, whole.contexts[i : i + 1])


def test_sentence_blocks_cover_the_corpus_without_splitting_sentences():
    offsets = np.array([0, 3, 10, 11, 30, 31, 45], dtype=np.int64)
    ids = np.arange(45)
    cuts = textbook.sentence_blocks(offsets, 10)
    assert cuts[0] == 0 and cuts[-1] == len(offsets) - 1
    assert np.all(np.diff(cuts) > 0)
    blocks = [textbook.block(ids, offsets, cuts, b) for b in range(len(cuts) - 1)]
    assert np.array_equal(np.concatenate([block_ids for block_ids, _ in blocks]), ids)
    for (block_ids, block_offsets), s0, s1 in zip(blocks, cuts[:-1], cuts[1:], strict=True):
        assert block_offsets[0] == 0 and block_offsets[-1] == len(block_ids)
        assert np.array_equal(block_offsets + offsets[s0], offsets[s0 : s1 + 1])


def test_the_learning_rate_decays_linearly_over_all_epochs():
    assert textbook.learning_rate(0, 1000, 0.025, 0.0001) == 0.025
    assert textbook.learning_rate(1000, 1000, 0.025, 0.0001) == pytest.approx(0.0001)
    assert textbook.learning_rate(500, 1000, 0.025, 0.0001) == pytest.approx((0.025 + 0.0001) / 2)
    assert textbook.learning_rate(2000, 1000, 0.025, 0.0001) == pytest.approx(0.0001)  # never below min_alpha
