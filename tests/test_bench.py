"""The benchmark's own settings reach word2vec_np's side (no timing: the benchmark measures, tests do not)."""

import pytest

from word2vec_np import training
from word2vec_np.bench import speed


def small_corpus(tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_text("the cat sat on the mat\nthe dog sat on the log\n" * 20, encoding="utf-8")
    return path


def spec_for(path, **overrides):
    spec = dict(
        speed.SETTINGS,
        corpus=str(path),
        arch="cbow",
        objective="ns",
        max_vocab_size=None,
        epochs=1,
        alpha=0.05,
        seed=3,
        min_count=1,
    )
    spec.update(overrides)
    return spec


@pytest.mark.parametrize(
    "options, expected",
    [
        ({}, ("fast", 256, "shared")),
        (dict(method="minibatch", batch_size=16, cbow_negatives="window"), ("minibatch", 16, "window")),
    ],
)
def test_method_batch_size_and_cbow_negatives_reach_the_trainer(tmp_path, monkeypatch, options, expected):
    seen = []
    real = training.train_arrays

    def spy(vocab, corpus, config, **kw):
        seen.append(config)
        return real(vocab, corpus, config, **kw)

    monkeypatch.setattr(training, "train_arrays", spy)
    out = speed._ours(spec_for(small_corpus(tmp_path), **options))
    assert [(c.method, c.batch_size, c.cbow_negatives) for c in seen] == [expected]
    assert out["raw_words"] == 240 and out["train_seconds"] >= 0


def test_a_bad_batch_size_is_one_error_line(tmp_path, capsys):
    assert speed.main([str(small_corpus(tmp_path)), "--batch-size", "0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: --batch-size must be at least 1"]
