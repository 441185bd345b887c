"""Fuzzing: generated corpora and damaged model files give a result or a documented error, nothing else.

Documented errors (docs/errors.md): CorpusError, CorpusNotFoundError, ConfigError
for corpora and settings; ModelFileError for vectors, model and checkpoint files.
Any other exception (IndexError, UnicodeDecodeError, a NumPy error, ...) is a bug
that hypothesis would shrink to a small example here. The whole file runs in
well under 30 s.
"""

import contextlib
import io
import signal
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from word2vec_np.engine.checkpoint import load_checkpoint
from word2vec_np.engine.config import TrainConfig
from word2vec_np.engine.interrupt import TrainingInterrupted
from word2vec_np.engine.training import train_arrays
from word2vec_np.errors import ConfigError, CorpusError, CorpusNotFoundError, ModelFileError
from word2vec_np.text.corpus import encode, iter_sentences
from word2vec_np.text.vocab import build_vocab
from word2vec_np.train import main
from word2vec_np.vectors import evaluation as evaluate
from word2vec_np.vectors import formats
from word2vec_np.word2vec import Word2Vec

CORPUS_ERRORS = (CorpusError, CorpusNotFoundError, ConfigError)


def fuzz(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


# ---------------------------------------------------------------------- corpora
WORDS = ["the", "cat", "sat", "on", "a", "mat", "é", "日本", "x" * 30]
SEPARATORS = [" ", "  ", "\t", "\n", "\r\n", "\r", "\n\n", "\x0b", "\x0c", "\u2028", "\x85", "\u3000"]

random_bytes = st.binary(max_size=400)
random_unicode = st.text(st.characters(exclude_categories=("Cs",)), max_size=300).map(lambda t: t.encode("utf-8"))
word_lines = st.lists(
    st.lists(st.sampled_from(WORDS), max_size=40),  # random line lengths, empty lines among them
    max_size=30,
).flatmap(
    lambda lines: st.lists(st.sampled_from(SEPARATORS), min_size=len(lines), max_size=len(lines)).map(
        lambda seps: "".join(" ".join(line) + sep for line, sep in zip(lines, seps, strict=True)).encode("utf-8")
    )
)
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


@fuzz(150)
@given(data=random_bytes | random_unicode | word_lines, which=st.sampled_from(["--analogies", "--pairs"]))
def test_the_evaluate_command_on_generated_question_files(work, data, which):
    vectors = work / "eval.txt"
    if not vectors.exists():
        formats.save_vectors(vectors, (WORDS, np.random.default_rng(0).normal(size=(len(WORDS), 3))))
    questions = work / "questions.txt"
    questions.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = evaluate.main([str(vectors), which, str(questions)])
    if code != 0:
        lines = err.getvalue().strip().splitlines()
        assert code == 2 and len(lines) == 1 and lines[0].startswith("error: "), err.getvalue()


# ---------------------------------------------------------------------- model files
@pytest.fixture(scope="module")
def valid_files(work):
    """One valid file of each kind: C text and binary vectors, a model .npz, a checkpoint."""
    corpus = work / "small.txt"
    rng = np.random.default_rng(0)
    corpus.write_text("\n".join(" ".join(rng.choice(WORDS, 6)) for _ in range(60)) + "\n", encoding="utf-8")
    model = Word2Vec.train(corpus, dim=3, epochs=1, min_count=1, method="minibatch", objective="hs")
    files = {
        ".txt": model.save(work / "v.txt").read_bytes(),
        ".bin": model.save(work / "v.bin").read_bytes(),
        "model.npz": model.save(work / "m.npz").read_bytes(),
    }
    ckpt = work / "c.ckpt.npz"
    with pytest.raises(TrainingInterrupted):  # a checkpoint needs a stop; the callback stops at epoch end
        Word2Vec.train(corpus, dim=3, epochs=2, min_count=1, method="minibatch", checkpoint=ckpt, callbacks=[_stop])
    files["checkpoint"] = ckpt.read_bytes()
    return files


def _stop(report):
    signal.raise_signal(signal.SIGINT)  # as if Ctrl-C were pressed


def damage(data: bytes, cut: int | None, flips: list[tuple[int, int]]) -> bytes:
    out = bytearray(data if cut is None else data[: cut % (len(data) + 1)])
    for pos, value in flips:
        if out:
            out[pos % len(out)] = value
    return bytes(out)


damages = st.tuples(
    st.none() | st.integers(0, 10**6),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=4),
)


def load_as(kind, path):
    if kind in (".txt", ".bin"):
        return formats.load_vectors(path)
    if kind == "model.npz":
        return Word2Vec.load(path)
    return load_checkpoint(path)


@fuzz(1000)
@given(kind=st.sampled_from([".txt", ".bin", "model.npz", "checkpoint"]), how=damages)
def test_truncated_or_flipped_files_load_or_give_a_model_file_error(work, valid_files, kind, how):
    path = work / ("fuzzed" + (kind if kind.startswith(".") else ".npz"))
    path.write_bytes(damage(valid_files[kind], *how))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a flipped byte may duplicate a word: warned, first kept
        try:
            loaded = load_as(kind, path)
        except ModelFileError as exc:
            assert str(path) in str(exc) and "\n" not in str(exc)
            event(f"{kind}: refused")
            return
    event(f"{kind}: loaded")
    matrices = [getattr(loaded, n) for n in ("matrix", "W_in", "W_out") if hasattr(loaded, n)]
    assert matrices and all(np.isfinite(M).all() for M in matrices)


@fuzz(200)
@given(kind=st.sampled_from([".txt", ".bin", "model.npz"]), how=damages)
def test_the_evaluate_command_on_damaged_vectors_files(work, valid_files, kind, how):
    path = work / ("cmd" + (kind if kind.startswith(".") else ".npz"))
    path.write_bytes(damage(valid_files[kind], *how))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = evaluate.main([str(path)])
    if code != 0:
        lines = err.getvalue().strip().splitlines()
        assert code == 2 and len(lines) == 1 and lines[0].startswith("error: "), err.getvalue()


# ---------------------------------------------------------------------- .npz headers that lie (issue 17)
@fuzz(150)
@given(
    name=st.sampled_from(["W_in", "W_out", "counts", "words_offsets", "__meta__", "other"]),
    dtype=st.sampled_from(["<f4", ">f8", "<i8", "|u1", "<U3", "|O"]),
    shape=st.lists(st.integers(0, 10**7), max_size=3).map(tuple),
    n_bytes=st.integers(0, 4096),
    declared=st.none() | st.integers(0, 2**32 - 1),
)
def test_npz_members_with_any_header_load_or_are_refused_in_bounded_memory(
    work, valid_files, name, dtype, shape, n_bytes, declared
):
    """A member's .npy header may declare any dtype and shape, and the zip any size: the model
    loads, or ModelFileError; memory stays within a few MiB of the file's size either way."""
    import tracemalloc
    import zipfile

    from tests.bad_input.test_hostile import declare_size, npy_bytes

    path = work / "lying.npz"
    original = work / "original.npz"
    original.write_bytes(valid_files["model.npz"])
    with zipfile.ZipFile(original) as z, zipfile.ZipFile(path, "w") as out:
        for info in z.infolist():
            if info.filename != name + ".npy":
                out.writestr(info.filename, z.read(info))
        out.writestr(name + ".npy", npy_bytes(np.dtype(dtype), shape, bytes(n_bytes)))
    if declared is not None:
        declare_size(path, name, declared)
    tracemalloc.start()
    try:
        Word2Vec.load(path)
        event("loaded")
    except ModelFileError as exc:
        assert str(path) in str(exc) and "\n" not in str(exc)
        event("refused")
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < 4 * (1 << 20) + 2 * path.stat().st_size
