"""The corpus: missing, empty, binary, not UTF-8, too few words, CRLF line ends,
a single huge line, a 1 MB token, and generated corpora.

Each bad corpus is one sentence: the command exits 2 and prints exactly one line
``error: <message>`` (no traceback unless --debug), and the Python API raises the
documented class with the same message (docs/errors.md, "The corpus"). Generated
corpora (random bytes, random Unicode, random line lengths and separators) train,
or give CorpusError, CorpusNotFoundError or ConfigError; any other exception is a
bug that hypothesis would shrink to a small example here.
"""

import contextlib
import io
import math
import re
import tracemalloc

import numpy as np
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from tests.bad_input.helpers import FAST, SMALL, fuzz, random_bytes, random_unicode, word_lines
from tests.helpers import one_error_line
from word2vec_np.engine.config import TrainConfig
from word2vec_np.engine.training import train_arrays
from word2vec_np.errors import ConfigError, CorpusError, CorpusNotFoundError
from word2vec_np.text.corpus import encode, iter_sentences
from word2vec_np.text.vocab import build_vocab
from word2vec_np.train import main
from word2vec_np.vectors.files import load_vectors
from word2vec_np.word2vec import Word2Vec

# ---------------------------------------------------------------------- bad corpora
BAD_CORPORA = {
    "missing": (None, CorpusNotFoundError, "does not exist"),
    "empty directory": ("dir", CorpusError, "holds no files to read"),
    "empty": (b"", CorpusError, "is empty"),
    "whitespace only": (b"  \n\t\r\n   \n", CorpusError, "contains only whitespace"),
    "binary (NUL bytes)": (b"GIF89a\x01\x00\x00\xff", CorpusError, "NUL byte at byte offset 7"),
    "invalid UTF-8": (b"the cafe\nle caf\xe9 au lait\n", CorpusError, "not valid UTF-8 at byte offset 15"),
    "every word below min_count": (b"a b c\nd e f\n", CorpusError, "min_count=5"),
    "one-word vocabulary": (b"la la la la la\nla la\n", CorpusError, "only one distinct word"),
}


def make_corpus(tmp_path, data):
    path = tmp_path / "bad.txt"
    if data == "dir":
        path.mkdir()
    elif data is not None:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", sorted(BAD_CORPORA))
def test_bad_corpus_is_one_sentence_from_the_api_and_the_command(case, tmp_path, capsys):
    data, cls, needle = BAD_CORPORA[case]
    path = make_corpus(tmp_path, data)
    with pytest.raises(cls) as info:
        Word2Vec(path, dim=4, epochs=1)
    message = str(info.value)
    assert needle in message and str(path) in message and "\n" not in message
    assert isinstance(info.value, ValueError | FileNotFoundError)
    assert main([str(path), *FAST]) == 2
    line = one_error_line(capsys)  # the command names its flags (--min-count), Python its keywords (min_count)
    assert re.sub(r"--([a-z]+)-([a-z]+)", r"\1_\2", line) == message and "--" not in message


@pytest.mark.parametrize(
    "text, sample",
    [("a\nb\n" * 100, "0"), ("a b\n" * 300, "1e-5")],
    ids=["one-word sentences", "subsampling keeps single words"],
)
def test_a_run_with_zero_examples_is_an_error_and_saves_nothing(tmp_path, capsys, text, sample):
    """It 'trained' on 0 examples and saved the random initial vectors."""
    path = tmp_path / "few.txt"
    path.write_text(text)
    out = tmp_path / "v.bin"
    assert main([str(path), *SMALL, "--sample", sample, "--output", str(out)]) == 2
    assert "training saw 0 examples" in one_error_line(capsys)
    assert not out.exists()


# ---------------------------------------------------------------------- line ends, huge lines and tokens
def test_crlf_line_ends_just_work(corpus, tmp_path, capsys):
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(corpus.read_bytes().replace(b"\n", b"\r\n"))
    a = Word2Vec(corpus, dim=8, epochs=2, min_count=1)
    b = Word2Vec(crlf, dim=8, epochs=2, min_count=1)
    assert a.vocab == b.vocab and "\r" not in "".join(b.vocab.words)
    assert np.array_equal(a.W_in, b.W_in)  # the same vectors, bit for bit
    assert main([str(crlf), "--min-count", "1", *FAST]) == 0


def write_one_line(path, n_bytes, seed=0):
    """n_bytes of Zipf-distributed words on one line, with no newline at all."""
    rng = np.random.default_rng(seed)
    words = np.array([f"w{i}" for i in range(3000)])
    p = 1 / np.arange(1, 3001)
    p /= p.sum()
    text = " ".join(words[rng.choice(3000, size=n_bytes // 3, p=p)])
    path.write_text(text[:n_bytes].rsplit(" ", 1)[0], encoding="ascii")
    return path


def test_a_single_huge_line_trains_in_bounded_memory(tmp_path):
    """A corpus that is one line with no newline (text8 is one) is read in 1 MiB chunks and cut into
    sentences of max_sentence_length tokens, so memory grows only with the int32 ids of the corpus,
    never with the line. (A 50 MB line, measured in docs/errors.md: 160 MB peak RSS, as for the same words
    as 731,483 short lines.)"""
    peaks, tokens = [], []
    for mb in (1, 3):
        path = write_one_line(tmp_path / f"line{mb}.txt", mb * 1_000_000)
        tracemalloc.start()
        try:
            model = Word2Vec(path, dim=4, window=2, epochs=1, min_count=1)
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
        n = model.history.epoch_words[0]
        tokens.append(n)
        assert np.isfinite(model.W_in).all() and len(model.vocab) > 1000
    per_token = (peaks[1] - peaks[0]) / (tokens[1] - tokens[0])
    # A list of str for the line would cost ~60 bytes a token, holding the line as one str ~5 more;
    # the encoded corpus costs 4 bytes a token (ids), kept while it is concatenated.
    assert per_token < 35, f"{per_token:.1f} bytes per token"
    assert peaks[1] < 40e6, f"peak {peaks[1] / 1e6:.0f} MB"


def test_a_line_is_cut_into_sentences_of_max_sentence_length(tmp_path):
    from word2vec_np.text.corpus import load

    path = write_one_line(tmp_path / "line.txt", 300_000)
    vocab, corpus = load(path, min_count=1)
    lengths = np.diff(corpus.offsets)
    assert len(lengths) == math.ceil(corpus.n_raw_words / 10000)
    assert (lengths[:-1] == 10000).all()


def test_a_1_mb_token_trains_saves_and_loads_in_every_format(tmp_path):
    token = "x" * 1_000_000
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(50)]
    lines = [" ".join(rng.choice(words, 8)) + (f" {token}" if i % 20 == 0 else "") for i in range(400)]
    path = tmp_path / "big_token.txt"
    path.write_text("\n".join(lines) + "\n")
    model = Word2Vec(path, dim=8, epochs=1, method="minibatch")
    assert token in model.vocab
    for suffix in (".npz", ".txt", ".bin"):
        out = model.save(tmp_path / f"m{suffix}")
        # one copy of the token, not V copies of a 4 MB fixed-width string
        assert out.stat().st_size < 1_200_000 + len(model.vocab) * 8 * 12
        assert load_vectors(out).words == model.vocab.words
    again = Word2Vec.load(tmp_path / "m.npz")
    assert again.vocab == model.vocab and np.array_equal(again.W_in, model.W_in)


# ---------------------------------------------------------------------- generated corpora
CORPUS_ERRORS = (CorpusError, CorpusNotFoundError, ConfigError)


corpora = st.one_of(random_bytes, random_unicode, word_lines)


def check_corpus(path, data, min_count, max_sentence_length, method):
    """Read, encode and train on one corpus; only documented errors may come out."""
    path.write_bytes(data)
    try:
        vocab = build_vocab(path, min_count=min_count)
    except CORPUS_ERRORS as exc:
        assert str(path) in str(exc) and "\n" not in str(exc)
        event(f"refused: {type(exc).__name__}")
        return
    sentences = list(iter_sentences(path, max_sentence_length=max_sentence_length))
    assert all(0 < len(s) <= max_sentence_length for s in sentences)
    corpus = encode(path, vocab, max_sentence_length=max_sentence_length)  # a word is known: no error
    assert corpus.n_raw_words == sum(map(len, sentences))
    assert len(corpus.ids) == sum(w in vocab for s in sentences for w in s)
    config = TrainConfig(dim=4, window=2, epochs=1, min_count=min_count, method=method, block_words=50)
    try:
        W_in, W_out, history = train_arrays(vocab, corpus, config)
    except ConfigError as exc:
        assert len(vocab) < 2 and "at least 2" in str(exc)
        event("refused: one-word vocabulary")
        return
    except CorpusError as exc:  # nothing to train on: saving the random initial vectors would be wrong
        assert "training saw 0 examples" in str(exc) and "\n" not in str(exc)
        event("refused: 0 examples")
        return
    assert sum(history.epoch_examples) > 0
    assert np.isfinite(W_in).all() and np.isfinite(W_out).all()
    event("trained")


@fuzz(400)
@given(
    data=corpora,
    min_count=st.integers(1, 3),
    max_sentence_length=st.integers(1, 12),
    method=st.sampled_from(["fast", "minibatch"]),
)
def test_generated_corpora_train_or_give_a_documented_error(work, data, min_count, max_sentence_length, method):
    check_corpus(work / "corpus.txt", data, min_count, max_sentence_length, method)


@fuzz(150)
@given(data=corpora, method=st.sampled_from(["fast", "minibatch"]))
def test_the_command_on_generated_corpora_succeeds_or_prints_one_error_line(work, data, method):
    path = work / "cli corpus.txt"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    argv = [str(path), "--dim", "4", "--epochs", "1", "--min-count", "1", "--method", method, "-q"]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    event(f"exit {code}")
    if code == 0:
        assert err.getvalue() == ""
    else:
        lines = err.getvalue().strip().splitlines()
        assert code == 2 and len(lines) == 1 and lines[0].startswith("error: "), err.getvalue()
