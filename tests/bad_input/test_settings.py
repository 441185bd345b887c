"""Settings: the command line's values and options, and the Python API's arguments.

A bad value is one sentence, the same from the command (exit 2, one ``error:`` line,
a traceback only with --debug) and from ``Word2Vec.train`` (ConfigError). Extreme
values that are allowed (a noise power of 400, a window of 10^9) give the right
result at a bounded cost (docs/errors.md, "Settings").
"""

import math

import numpy as np
import pytest

from tests.bad_input.helpers import FAST, SMALL
from tests.corpora import encoded_zipf_corpus
from tests.helpers import one_error_line
from word2vec_np.core.sampling import NoiseSampler, bounded_half_widths, cbow_windows, draw_half_widths
from word2vec_np.engine import config as engine_config
from word2vec_np.engine.config import TrainConfig
from word2vec_np.engine.training import train_arrays
from word2vec_np.errors import ConfigError
from word2vec_np.train import main
from word2vec_np.vectors.files import load_vectors
from word2vec_np.word2vec import Word2Vec

# ---------------------------------------------------------------------- bad values
BAD_SETTINGS = [
    (["--dim", "0"], dict(dim=0), "--dim must be a positive whole number", "dim must be a positive whole number"),
    (["--window", "0"], dict(window=0), "--window must be a positive whole number", "window must be a positive"),
    (["--window", "-3"], dict(window=-3), "--window must be a positive whole number", "window must be a positive"),
    (["--epochs", "0"], dict(epochs=0), "--epochs must be a positive whole number", "epochs must be a positive"),
    (["--negative", "-1"], dict(negative=-1), "--negative must be a whole number", "negative must be a whole number"),
    (["--objective", "ns", "--negative", "0"], dict(objective="ns", negative=0), "--negative of at least 1",
     "needs negative of at least 1 (or choose objective hs)"),
    (["--alpha", "0"], dict(alpha=0.0), "--alpha must be a positive number", "alpha must be a positive number"),
    (["--alpha", "-0.5"], dict(alpha=-0.5), "--alpha must be a positive number", "alpha must be a positive number"),
    (["--alpha", "nan"], dict(alpha=math.nan), "--alpha must be a positive number", "alpha must be a positive"),
    (["--sample", "-0.001"], dict(sample=-0.001), "--sample must be 0 (off)", "sample must be 0 (off)"),
    (["--batch-size", "0"], dict(batch_size=0), "--batch-size must be a positive", "batch_size must be a positive"),
    (["--max-vocab-size", "0"], dict(max_vocab_size=0), "--max-vocab-size must be a whole number of at least 2",
     "max_vocab_size must be a whole number of at least 2"),
    (["--seed", "-1"], dict(seed=-1), "--seed must be a whole number of at least 0", "seed must be a whole number"),
    (["--ns-power", "inf"], dict(ns_power=math.inf), "--ns-power must be a finite number", "ns_power must be a finite"),
    (["--alpha", "0.01", "--min-alpha", "0.1"], dict(alpha=0.01, min_alpha=0.1), "is larger than --alpha",
     "min_alpha (0.1) is larger than alpha (0.01)"),
]


@pytest.mark.parametrize(
    "argv,settings,flag_needle,keyword_needle", BAD_SETTINGS, ids=[" ".join(a) for a, *_ in BAD_SETTINGS]
)
def test_invalid_settings_are_one_sentence_from_the_api_and_the_command(
    argv, settings, flag_needle, keyword_needle, corpus, capsys
):
    """The command's line names its flags; the same mistake in Python names the keyword, never a flag."""
    with pytest.raises(ConfigError) as info:
        Word2Vec(corpus, **settings)
    assert keyword_needle in str(info.value)
    assert "--" not in str(info.value)
    assert main([str(corpus), *argv, "-q"]) == 2
    line = one_error_line(capsys)
    assert flag_needle in line
    assert line.replace("--", "").replace("-", "_") == str(info.value).replace("-", "_").replace("=", " ")


def test_min_count_zero_is_refused_by_the_command_and_means_one_in_python(corpus, capsys):
    """gensim's min_count=0 keeps every word, as min_count=1 does; the command keeps its 'positive' rule."""
    assert main([str(corpus), "--min-count", "0", "-q"]) == 2
    assert "--min-count must be a positive whole number" in one_error_line(capsys)
    assert Word2Vec(corpus, min_count=0, epochs=1).config.min_count == 1


@pytest.mark.parametrize(
    "argv,needle",
    [
        (["--arch", "glove"], "argument --arch: invalid choice: 'glove'"),
        (["--objective", "nce"], "argument --objective: invalid choice: 'nce'"),
        (["--method", "turbo"], "argument --method: invalid choice"),
        (["--dim", "ten"], "argument --dim: invalid int value: 'ten'"),
        (["--no-such-option"], "unrecognized arguments: --no-such-option"),
        (["--checkpoint-every", "1000"], "--checkpoint-every needs a place to save"),
        (["--checkpoint-every", "0", "--checkpoint", "{tmp}/c.npz"], "--checkpoint-every must be a positive"),
    ],
)
def test_command_line_mistakes_are_one_error_line(argv, needle, corpus, tmp_path, capsys):
    argv = [a.format(tmp=tmp_path) for a in argv]
    assert exit_code(main, [str(corpus), *argv, "-q"]) == 2
    assert needle in one_error_line(capsys)


def exit_code(command, argv) -> int:
    """What the process would exit with: main's return value, or argparse's SystemExit code."""
    try:
        return command(argv)
    except SystemExit as exc:
        return exc.code


@pytest.mark.parametrize(
    "settings,cls,needle",
    [
        (dict(arch="glove"), ConfigError, "unknown architecture 'glove'"),
        (dict(objective="nce"), ConfigError, "unknown objective 'nce'"),
        (dict(method="turbo"), ConfigError, "unknown training method"),
        (dict(dim=2.5), ConfigError, "dim must be a positive whole number"),
        (dict(alpha="fast"), ConfigError, "alpha must be a positive number"),
        (dict(dimension=50), ConfigError, "unknown setting(s) dimension"),
        (dict(checkpoint_every=100), ConfigError, "give checkpoint=PATH"),
    ],
)
def test_api_only_settings_mistakes(settings, cls, needle, corpus):
    with pytest.raises(cls) as info:
        Word2Vec(corpus, **settings)
    assert needle in str(info.value)


def test_settings_are_checked_before_the_corpus_is_read(tmp_path):
    with pytest.raises(ConfigError):  # not CorpusNotFoundError: the cheap check comes first
        Word2Vec(tmp_path / "nope.txt", dim=0)


def test_debug_shows_the_traceback(tmp_path, capsys):
    assert main([str(tmp_path / "nope.txt"), "--debug", *FAST]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and err.strip().splitlines()[-1].startswith("error: ")


def test_out_of_memory_is_one_error_line(corpus, capsys, monkeypatch):
    def too_big(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr("word2vec_np.engine.training.init_params", too_big)
    assert main([str(corpus), *FAST, "--min-count", "1"]) == 2
    assert "out of memory; lower --dim" in one_error_line(capsys)


def test_epochs_are_bounded():
    with pytest.raises(ConfigError, match="--epochs must be at most 10,000"):
        TrainConfig(epochs=10**9).resolved()
    assert TrainConfig(epochs=engine_config.MAX_EPOCHS).resolved().epochs == engine_config.MAX_EPOCHS


# ---------------------------------------------------------------------- extreme values
def test_a_huge_noise_power_gives_the_exact_distribution_not_nan():
    """A noise power of 400: count**400 overflowed, so every noise probability was NaN."""
    counts = np.array([100, 90, 50, 0, 7])
    sampler = NoiseSampler(counts, power=400)
    assert np.isfinite(sampler.probs).all() and sampler.probs.sum() == pytest.approx(1)
    assert sampler.probs[1] / sampler.probs[0] == pytest.approx(0.9**400, rel=1e-9)
    assert sampler.probs[3] == 0
    assert np.allclose(NoiseSampler(counts, power=2).probs, counts**2 / np.sum(counts**2), rtol=1e-12, atol=0)
    drawn = sampler.sample(np.zeros(500, dtype=np.int64), 2, np.random.default_rng(0))
    assert np.all(drawn == 1)  # all but certain: the next word has 1e-92 of its weight; word 0 is the target
    with pytest.raises(ConfigError, match="puts all the noise on the most frequent word"):
        NoiseSampler(np.array([1000, 1]), power=400)  # 1000**-400 underflows: no negative for word 0


def test_ns_power_400_trains_or_gives_one_error_line(corpus, tmp_path, capsys):
    code = main([str(corpus), *SMALL, "--ns-power", "400", "--output", str(tmp_path / "v.bin")])
    if code == 0:
        assert np.isfinite(load_vectors(tmp_path / "v.bin").matrix).all()
    else:
        assert code == 2 and "--ns-power" in one_error_line(capsys)


@pytest.mark.parametrize("method", ["fast", "minibatch"])
@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_a_window_of_a_billion_costs_what_the_longest_sentence_needs(arch, method):
    """--window 1000 on short sentences took 60 s; a window of 10^9 would need ~10^10 bytes a word."""
    vocab, corpus = encoded_zipf_corpus(seed=3, n_sentences=200, V=20, lengths=(1, 9))
    config = TrainConfig(arch=arch, method=method, dim=4, window=10**9, min_count=1, epochs=1, sample=0)
    W_in, W_out, history = train_arrays(vocab, corpus, config)
    assert np.isfinite(W_in).all() and history.epoch_examples[0] > 0


def test_capped_half_widths_give_the_same_draws_and_the_same_windows():
    offsets = np.array([0, 3, 4, 9, 11])
    ids = np.arange(11, dtype=np.int32)
    half, width = bounded_half_widths(offsets, 1000, np.random.default_rng(5))
    assert width == 4  # the longest sentence has 5 words
    assert np.array_equal(half, np.minimum(draw_half_widths(11, 1000, np.random.default_rng(5)), 4))
    assert bounded_half_widths(offsets, 2, np.random.default_rng(5))[1] == 2  # a narrower window stays
    contexts, n_context, targets = cbow_windows(ids, offsets, 1000, np.random.default_rng(5))
    assert contexts.shape[1] == 8
    sentence = np.repeat(np.arange(4), np.diff(offsets))
    for row, t in enumerate(targets):  # a window that is wider than every sentence: the whole sentence
        expected = [j for j in range(11) if sentence[j] == sentence[t] and j != t]
        assert contexts[row, : n_context[row]].tolist() == expected
