"""The training loop: exactness of the minibatch path, schedule, determinism, divergence.

(That the reference method is the textbook trainer, bit for bit, is tests/core/test_textbook.py.)"""

import numpy as np
import pytest

from tests.corpora import encoded_zipf_corpus
from word2vec_np.core import textbook
from word2vec_np.core.architectures import CBOW, SkipGram
from word2vec_np.core.batch import Batch
from word2vec_np.core.gradcheck import numerical_gradient
from word2vec_np.core.model import init_params, loss_and_grads
from word2vec_np.core.objectives import make_objective
from word2vec_np.core.textbook import learning_rate
from word2vec_np.engine import training
from word2vec_np.engine.config import TrainConfig
from word2vec_np.engine.training import minibatch_step, train_arrays
from word2vec_np.errors import ConfigError, TrainingDivergedError


def toy_corpus(seed=0, n_sentences=40, V=12):
    return encoded_zipf_corpus(seed, n_sentences, V, lengths=(1, 12))


COMBOS = [(a, o) for a in ("skipgram", "cbow") for o in ("softmax", "hs", "ns")]


# the CBOW gradient option changes nothing for skip-gram, so skip-gram runs once
CASES = [(a, o, g) for a, o in COMBOS for g in (("c_tool", "exact") if a == "cbow" else ("c_tool",))]


@pytest.mark.parametrize(
    "arch,objective,cbow_gradient,shrink_windows",
    [(*case, True) for case in CASES] + [("skipgram", "ns", "c_tool", False), ("cbow", "hs", "c_tool", False)],
)
def test_minibatch_of_one_equals_reference(arch, objective, cbow_gradient, shrink_windows):
    vocab, corpus = toy_corpus()
    common = dict(
        shrink_windows=shrink_windows,
        arch=arch,
        objective=objective,
        dim=6,
        window=3,
        negative=3,
        sample=1e-2,
        min_count=1,
        epochs=2,
        seed=7,
        cbow_gradient=cbow_gradient,
        block_words=50,
    )
    ref = train_arrays(vocab, corpus, TrainConfig(method="reference", **common), dtype=np.float64)
    mb = train_arrays(vocab, corpus, TrainConfig(method="minibatch", batch_size=1, **common), dtype=np.float64)
    assert np.array_equal(ref[0], mb[0]) and np.array_equal(ref[1], mb[1])
    assert ref[2].epoch_loss == mb[2].epoch_loss
    # and training did something
    W_in0, _ = init_params(len(vocab), ref[1].shape[0], 6, np.random.default_rng(7), dtype=np.float64)
    assert not np.allclose(ref[0], W_in0)


@pytest.mark.parametrize("objective", ["softmax", "hs", "ns"])
@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_minibatch_sums_every_duplicate(arch, objective):
    """One word appears in every example: its row must get the sum of all contributions."""
    V, D, B = 8, 4, 32
    rng = np.random.default_rng(3)
    counts = np.arange(V, 0, -1) * 10
    obj = make_objective(objective, counts, negative=2)
    arc = SkipGram() if arch == "skipgram" else CBOW()
    W_in = rng.normal(size=(V, D))
    W_out = rng.normal(size=(obj.n_outputs(V), D)) * 0.5
    if arch == "skipgram":
        batch = Batch.from_pairs(np.full(B, 2, dtype=np.int32), rng.integers(0, V, B).astype(np.int32))
    else:
        contexts = np.full((B, 4), 2, dtype=np.int32)
        contexts[:, 1] = rng.integers(0, V, B)
        batch = Batch(contexts=contexts, n_context=np.full(B, 3, dtype=np.int32), targets=np.full(B, 5, dtype=np.int32))
    negatives = obj.draw(batch.targets, rng)

    # expected: every example's gradient from the same parameters, summed one by one
    exp_in, exp_out = W_in.copy(), W_out.copy()
    lr = 0.1
    for i in range(B):
        one = Batch(batch.contexts[i : i + 1], batch.n_context[i : i + 1], batch.targets[i : i + 1])
        _, g = loss_and_grads(W_in, W_out, one, arc, obj, None if negatives is None else negatives[i : i + 1])
        for r, d in zip(g.in_rows, g.dW_in_rows, strict=False):
            exp_in[r] -= lr * d
        for r, d in zip(g.out_rows, g.dW_out_rows, strict=False):
            exp_out[r] -= lr * d

    got_in, got_out = W_in.copy(), W_out.copy()
    minibatch_step(got_in, got_out, batch, negatives, arc, obj, lr, batch_size=B)
    np.testing.assert_allclose(got_in, exp_in, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(got_out, exp_out, rtol=1e-12, atol=1e-12)

    # negative control: a buffered fancy-index update keeps one contribution per row
    lossy = W_in.copy()
    _, g = loss_and_grads(W_in, W_out, batch, arc, obj, negatives)
    lossy[g.in_rows] -= lr * g.dW_in_rows
    assert not np.allclose(lossy, exp_in)


def test_learning_rate_is_linear_over_all_epochs():
    assert learning_rate(0, 1000, 0.025, 0.0001) == 0.025
    assert learning_rate(1000, 1000, 0.025, 0.0001) == pytest.approx(0.0001)
    assert learning_rate(500, 1000, 0.025, 0.0001) == pytest.approx((0.025 + 0.0001) / 2)

    vocab, corpus = toy_corpus()
    seen = []
    cfg = TrainConfig(dim=4, window=2, min_count=1, epochs=4, alpha=0.04, min_alpha=0.0, method="minibatch")
    train_arrays(vocab, corpus, cfg, callbacks=[lambda r: seen.append(r.alpha)])
    # at the end of epoch e the rate has fallen by e/E of the way: no restart per epoch
    assert seen == pytest.approx([0.04 * (1 - e / 4) for e in range(1, 5)])


@pytest.mark.parametrize("method", ["fast", "minibatch"])
def test_same_seed_gives_identical_vectors(method):
    vocab, corpus = toy_corpus(n_sentences=80)
    cfg = TrainConfig(dim=8, window=3, min_count=1, epochs=2, seed=11, method=method)
    a = train_arrays(vocab, corpus, cfg)
    b = train_arrays(vocab, corpus, cfg)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    c = train_arrays(vocab, corpus, TrainConfig(dim=8, window=3, min_count=1, epochs=2, seed=12, method=method))
    assert not np.array_equal(a[0], c[0])


def test_loss_history_is_a_mean_per_example():
    vocab, corpus = toy_corpus(n_sentences=200)
    cfg = TrainConfig(
        dim=8,
        window=3,
        min_count=1,
        epochs=3,
        method="minibatch",
        batch_size=16,
        objective="softmax",
        sample=0,
    )
    _, _, history = train_arrays(vocab, corpus, cfg, report_every=200)
    assert len(history.epoch_loss) == 3 and all(e > 0 for e in history.epoch_examples)
    # mean softmax loss per example starts near log V and decreases
    assert abs(history.epoch_loss[0] - np.log(len(vocab))) < 0.5
    assert history.epoch_loss[-1] < history.epoch_loss[0]
    assert len(history.points) >= 3


def test_divergence_stops_with_advice():
    vocab, corpus = toy_corpus()
    cfg = TrainConfig(dim=8, window=3, min_count=1, epochs=3, alpha=1e30, method="minibatch")
    with pytest.raises(TrainingDivergedError, match="--alpha"):
        train_arrays(vocab, corpus, cfg)


@pytest.mark.parametrize(
    "settings",
    [
        dict(dim=0),
        dict(window=-1),
        dict(epochs=0),
        dict(negative=-1),
        dict(objective="ns", negative=0),
        dict(alpha=0.0),
        dict(sample=-1.0),
        dict(arch="glove"),
        dict(objective="nce"),
        dict(alpha=0.01, min_alpha=0.1),
        dict(cbow_negatives="group"),
    ],
)
def test_invalid_settings_are_config_errors(settings):
    with pytest.raises(ConfigError):
        TrainConfig(**settings).resolved()


@pytest.mark.parametrize("arch,objective", [("skipgram", "ns"), ("cbow", "hs"), ("cbow", "ns")])
def test_every_setting_reaches_the_fast_kernel(arch, objective, monkeypatch):
    """The fast path is handed the configured settings, not its own defaults (e.g. k was once stuck at 5)."""
    from word2vec_np.engine import fast

    seen = []
    real = fast.train_block

    def spy(*args, **kwargs):
        seen.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(fast, "train_block", spy)
    vocab, corpus = toy_corpus()
    cfg = TrainConfig(arch=arch, objective=objective, dim=4, window=4, negative=9, min_count=1, epochs=1,
                      batch_size=17, cbow_gradient="exact", method="fast", cbow_negatives="window")
    train_arrays(vocab, corpus, cfg)
    assert seen
    for kw in seen:
        assert kw["arch"] == arch and kw["objective"] == objective and kw["window"] == 4
        assert kw["batch_centres"] == 17 and kw["c_tool_gradient"] is False and kw["cbow_negatives"] == "window"
        if objective == "ns":
            assert kw["negative"] == 9 and kw["negatives_sampler"] is not None
        else:
            assert kw["tree"] is not None


def test_cbow_negatives_changes_cbow_ns_only():
    """``cbow_negatives`` picks CBOW NS's kernel; the other configurations ignore it."""
    vocab, corpus = toy_corpus()
    for arch, objective in [("cbow", "ns"), ("skipgram", "ns"), ("cbow", "hs")]:
        runs = []
        for mode in ("shared", "window"):
            cfg = TrainConfig(
                arch=arch, objective=objective, dim=8, min_count=1, epochs=2, sample=0, cbow_negatives=mode
            )
            W_in, W_out, _ = train_arrays(vocab, corpus, cfg)
            runs.append(np.concatenate([W_in, W_out]))
        assert np.array_equal(runs[0], runs[1]) == ((arch, objective) != ("cbow", "ns")), (arch, objective)


# ---------------------------------------------------------------------- which CBOW rule (issue 17)
@pytest.mark.parametrize("rule", ["c_tool", "exact"])
@pytest.mark.parametrize("method", ["reference", "minibatch"])
def test_each_method_applies_the_cbow_gradient_rule_it_is_given(method, rule):
    """One CBOW example with C = 3 context words. The exact rule moves each context row by
    -lr * dL/dW_in[row] (checked against central differences); the C tool's rule by C times that."""
    rng = np.random.default_rng(4)
    V, D, lr = 6, 3, 0.1
    W_in, W_out = rng.standard_normal((V, D)), rng.standard_normal((V, D))
    batch = Batch(contexts=np.array([[1, 2, 3]], dtype=np.int32), n_context=np.array([3]), targets=np.array([0]))
    objective = make_objective("ns", np.arange(V, 0, -1), negative=2)
    negatives = np.array([[4, 5]])
    exact = CBOW(c_tool_gradient=False)
    numeric = numerical_gradient(lambda x: loss_and_grads(x, W_out, batch, exact, objective, negatives)[0], W_in)
    after_in = W_in.copy()
    arch = CBOW(c_tool_gradient=rule == "c_tool")
    if method == "reference":
        textbook.step(after_in, W_out.copy(), batch, negatives, arch, objective, lr)  # batch: one example
    else:
        minibatch_step(after_in, W_out.copy(), batch, negatives, arch, objective, lr, batch_size=8)
    factor = 3.0 if rule == "c_tool" else 1.0
    np.testing.assert_allclose(after_in - W_in, -lr * factor * numeric, rtol=1e-6, atol=1e-9)
    assert np.abs(numeric[1:4]).max() > 1e-3 and np.all(numeric[[0, 4, 5]] == 0)


@pytest.mark.parametrize("rule", ["c_tool", "exact"])
@pytest.mark.parametrize("method", ["reference", "minibatch"])
def test_the_trainer_hands_the_configured_cbow_rule_to_each_method(method, rule, monkeypatch):
    module, name = (textbook, "step") if method == "reference" else (training, "minibatch_step")
    step = getattr(module, name)
    seen = []

    def spy(W_in, W_out, batch, negatives, arch, *rest):
        seen.append(arch)
        return step(W_in, W_out, batch, negatives, arch, *rest)

    monkeypatch.setattr(module, name, spy)
    vocab, corpus = toy_corpus()
    config = TrainConfig(arch="cbow", method=method, cbow_gradient=rule, dim=4, min_count=1, epochs=1, sample=0)
    train_arrays(vocab, corpus, config)
    assert seen and all(isinstance(a, CBOW) and a.c_tool_gradient == (rule == "c_tool") for a in seen)


def test_default_learning_rates_are_the_c_tools():
    """0.025 for skip-gram and 0.05 for CBOW (word2vec.c: alpha = 0.05 when cbow), floored at alpha * 1e-4."""
    for arch, alpha in (("skipgram", 0.025), ("cbow", 0.05)):
        config = TrainConfig(arch=arch).resolved()
        assert config.alpha == alpha and config.min_alpha == pytest.approx(alpha * 1e-4, rel=1e-12)
    assert TrainConfig(arch="cbow", alpha=0.1).resolved().alpha == 0.1


def test_architecture_and_objective_names_come_from_one_table_in_core():
    """What the core builds, TrainConfig accepts, and nothing else: "sg" is refused by both
    (gensim's sg=1 keyword is translated to arch="skipgram" by compat/gensim_names.py)."""
    from word2vec_np.core import architectures, objectives
    from word2vec_np.engine import config

    assert config.ARCHITECTURES is architectures.NAMES == ("skipgram", "cbow")
    assert config.OBJECTIVES is objectives.NAMES == ("softmax", "hs", "ns")
    counts = np.arange(9, 0, -1)
    for name in architectures.NAMES:
        assert architectures.make_architecture(name).name == name == TrainConfig(arch=name).resolved().arch
    for name in objectives.NAMES:
        objective = make_objective(name, counts)
        assert objective.name == name == TrainConfig(objective=name).resolved().objective
        assert objective.n_outputs(9) == objectives.n_outputs(name, 9) == (8 if name == "hs" else 9)
    for name in ("sg", "skip-gram", "CBOW"):
        with pytest.raises(ConfigError, match="unknown architecture"):
            architectures.make_architecture(name)
        with pytest.raises(ConfigError, match="unknown architecture"):
            TrainConfig(arch=name).resolved()
    with pytest.raises(ConfigError, match="unknown objective"):
        objectives.n_outputs("nce", 9)
