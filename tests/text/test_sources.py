"""Corpus sources, read once: files, lists of files, directories, stdin, pipes and Python sentences."""

import os
import subprocess
import sys
import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import ROOT
from word2vec_np.errors import ConfigError, CorpusError
from word2vec_np.text.corpus import encode, load
from word2vec_np.text.sources import describe, open_source
from word2vec_np.text.vocab import build_vocab
from word2vec_np.word2vec import Word2Vec

LINES = ["the cat sat on the mat", "the dog sat", "a cat and a dog", "the end"]


def same(a, b):
    """Two (Vocab, Corpus) pairs hold the same words, counts, ids and offsets."""
    (va, ca), (vb, cb) = a, b
    assert va.words == vb.words and np.array_equal(va.counts, vb.counts)
    assert np.array_equal(ca.ids, cb.ids) and np.array_equal(ca.offsets, cb.offsets)
    assert ca.n_raw_words == cb.n_raw_words


# --------------------------------------------------------------------------- one pass = two passes
words = st.sampled_from(["a", "b", "c", "d", "e", "f", "g", "zz", "\u00e9t\u00e9"])
corpora = st.lists(st.lists(words, max_size=12), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(corpora, st.integers(1, 4), st.one_of(st.none(), st.integers(1, 5)), st.integers(1, 7))
def test_one_pass_gives_the_vocabulary_and_ids_of_two_passes(tmp_path_factory, sentences, min_count, cap, max_len):
    path = tmp_path_factory.mktemp("c") / "c.txt"
    path.write_text("\n".join(" ".join(s) for s in sentences) + "\n", encoding="utf-8")
    try:
        vocab = build_vocab(path, min_count=min_count, max_vocab_size=cap)
    except CorpusError as exc:  # empty, or nothing survives min_count: the one pass says the same
        with pytest.raises(CorpusError) as again:
            load(path, min_count=min_count, max_vocab_size=cap, max_sentence_length=max_len)
        assert str(again.value) == str(exc)
        return
    two = (vocab, encode(path, vocab, max_sentence_length=max_len))
    # the obvious reference: cut each sentence, keep its known words, drop sentences left empty
    cut = [s[i : i + max_len] for s in sentences for i in range(0, len(s), max_len)]
    kept = [[vocab.index[w] for w in s if w in vocab.index] for s in cut]
    kept = [s for s in kept if s]
    assert two[1].ids.tolist() == [i for s in kept for i in s]
    assert np.diff(two[1].offsets).tolist() == [len(s) for s in kept]
    same(load(path, min_count=min_count, max_vocab_size=cap, max_sentence_length=max_len), two)
    # Python sentences give the same as the file (as token lists, and as strings)
    same(load(sentences, min_count=min_count, max_vocab_size=cap, max_sentence_length=max_len), two)
    as_strings = [" ".join(s) for s in sentences]
    same(load(as_strings, min_count=min_count, max_vocab_size=cap, max_sentence_length=max_len), two)


def test_the_bundled_corpus_keeps_its_vocabulary_order():
    # two passes, spelled out: count, then encode with the sorted vocabulary
    from word2vec_np.word2vec import BUNDLED_CORPUS

    vocab = build_vocab(BUNDLED_CORPUS, min_count=5)
    same(load(BUNDLED_CORPUS, min_count=5), (vocab, encode(BUNDLED_CORPUS, vocab)))


# --------------------------------------------------------------------------- Python sentences
def test_python_sentences_in_every_form(tmp_path):
    path = tmp_path / "c.txt"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    want = load(path, min_count=1)
    same(load([line.split() for line in LINES], min_count=1), want)
    same(load(tuple(tuple(line.split()) for line in LINES), min_count=1), want)
    same(load((line for line in LINES), min_count=1), want)  # a one-shot generator
    same(load([np.array(line.split()) for line in LINES], min_count=1), want)  # numpy str arrays
    same(load([*LINES[:2], [], "", *LINES[2:]], min_count=1), want)  # empty sentences give nothing


@pytest.mark.parametrize(
    "sentences, fragment",
    [
        ([["a", "b"], 5], "sentence 1 of the Python sentences is a int, not a str or a list of str"),
        ([["a", 7]], "sentence 0 of the Python sentences holds a token of type int"),
        ([b"a b"], "sentence 0 of the Python sentences is bytes"),
        ([["new york", "city"]], "holds the token 'new york', which is empty or holds whitespace"),
        ([["a", ""]], "holds the token '', which is empty"),
        ([], "holds no words"),
        ([[], ""], "holds no words"),
        (42, "the corpus is a int, which is neither a path nor an iterable of sentences"),
        (b"a b c", "the corpus is bytes"),
    ],
)
def test_bad_python_sentences_are_one_sentence(sentences, fragment):
    with pytest.raises(CorpusError) as info:
        Word2Vec(sentences, min_count=1, dim=4, epochs=1)
    assert fragment in str(info.value) and "\n" not in str(info.value)


def test_a_one_shot_source_read_twice_says_so():
    source = open_source(iter([["a", "b"], ["b", "c"]]))
    load(source, min_count=1)
    with pytest.raises(CorpusError, match="one-shot iterator that has already been read"):
        load(source, min_count=1)
    sentences = (s for s in [["a", "b"], ["b", "c"]] * 5)
    model = Word2Vec(sentences, min_count=1, dim=4, epochs=1, sample=0)
    model.train(sentences)  # the same generator: the model kept its encoding and does not read it again
    assert len(model.history.epoch_loss) == 2
    other = (s for s in [["a", "b"], ["b", "c"]] * 5)
    Word2Vec(other, min_count=1, dim=4, epochs=1, sample=0)
    with pytest.raises(CorpusError, match="a generator or iterator gives its items only once"):
        model.train(other)  # another generator, already read by another model


# --------------------------------------------------------------------------- several files, directories
def test_lists_of_paths_and_directories_read_their_files_in_order(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "b.txt").write_text(LINES[2] + "\n" + LINES[3] + "\n", encoding="utf-8")
    (d / "a.txt").write_text(LINES[0] + "\n" + LINES[1] + "\n", encoding="utf-8")
    (d / ".hidden").write_text("secret words\n", encoding="utf-8")
    (d / "sub").mkdir()
    whole = tmp_path / "whole.txt"
    whole.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    want = load(whole, min_count=1)
    same(load(d, min_count=1), want)
    same(load([d / "a.txt", d / "b.txt"], min_count=1), want)  # Path objects
    same(load([str(d / "a.txt"), str(d / "b.txt")], min_count=1), want)  # strings naming existing files
    source = open_source(d)
    assert source.files == (str(d / "a.txt"), str(d / "b.txt"))
    assert describe(source) == f"{d} (2 files: {d / 'a.txt'}, {d / 'b.txt'})"
    # a string that does not name a file is a sentence
    assert open_source(["a.txt", "b.txt"]).is_python


def test_gensims_line_sentence_classes(tmp_path):
    from word2vec_np.word2vec import LineSentence, PathLineSentences, Text8Corpus

    path = tmp_path / "c.txt"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    want = load(path, min_count=1)
    lines = LineSentence(path)
    assert list(lines) == list(lines) == [line.split() for line in LINES]  # re-readable
    assert list(LineSentence(path, limit=2)) == [line.split() for line in LINES[:2]]
    assert list(LineSentence(path, max_sentence_length=2))[:2] == [["the", "cat"], ["sat", "on"]]
    same(load(lines, min_count=1), want)
    same(load(LineSentence(path, limit=3), min_count=1), load(LINES[:3], min_count=1))
    same(load(PathLineSentences(tmp_path), min_count=1), want)
    text8 = tmp_path / "t8"
    text8.write_text(" ".join(["w%d" % (i % 7) for i in range(25_000)]), encoding="utf-8")
    assert [len(s) for s in Text8Corpus(text8)] == [10_000, 10_000, 5_000]
    with pytest.raises(CorpusError, match="LineSentence reads files"):
        LineSentence([["a", "b"]])


# --------------------------------------------------------------------------- stdin and named pipes
def _train(args, stdin=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "word2vec_np.train", *args, "--dim", "4", "--epochs", "1", "--min-count", "1", "-q"],
        input=stdin,
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def test_stdin_a_named_pipe_and_a_directory_train_the_same_vectors_as_the_file(tmp_path):
    text = ("\n".join(LINES) + "\n") * 20
    path = tmp_path / "c.txt"
    path.write_text(text, encoding="utf-8")
    ref = _train([str(path), "-o", str(tmp_path / "ref.txt")])
    assert ref.returncode == 0, ref.stderr
    piped = _train(["-", "-o", str(tmp_path / "stdin.txt")], stdin=text.encode())
    assert piped.returncode == 0, piped.stderr
    assert b"corpus     <stdin>" in piped.stdout

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(text, encoding="utf-8"))
    writer.start()
    from_pipe = _train([str(fifo), "-o", str(tmp_path / "pipe.txt")])
    writer.join(timeout=60)
    assert from_pipe.returncode == 0, from_pipe.stderr

    d = tmp_path / "d"
    d.mkdir()
    (d / "part1.txt").write_text(text[: len(text) // 2], encoding="utf-8")  # cut at a line end
    (d / "part2.txt").write_text(text[len(text) // 2 :], encoding="utf-8")
    assert text[len(text) // 2 - 1] == "\n"
    from_dir = _train([str(d), "-o", str(tmp_path / "dir.txt")])
    assert from_dir.returncode == 0, from_dir.stderr
    assert b"2 files" in from_dir.stdout

    want = (tmp_path / "ref.txt").read_bytes()
    for name in ("stdin.txt", "pipe.txt", "dir.txt"):
        assert (tmp_path / name).read_bytes() == want, name


def test_stdin_must_be_alone_and_an_empty_directory_is_one_error_line(tmp_path):
    r = _train(["-", "-"])
    assert r.returncode == 2
    assert r.stderr.decode().strip() == "error: '-' (standard input) must be the only CORPUS argument"
    (tmp_path / "empty").mkdir()
    r = _train([str(tmp_path / "empty")])
    assert r.returncode == 2 and r.stderr.decode().count("\n") == 1 and "holds no files to read" in r.stderr.decode()
    r = _train(["-"], stdin=b"")
    assert r.returncode == 2 and "error: corpus '<stdin>' is empty" in r.stderr.decode()


def test_a_bad_setting_is_reported_before_the_corpus_is_read():
    def never_read():
        raise AssertionError("the corpus was read")
        yield

    with pytest.raises(ConfigError, match="dim must be a positive whole number"):
        Word2Vec(never_read(), dim=0)


def test_a_run_on_a_directory_resumes_from_the_files_it_recorded(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    for i in range(2):
        (d / f"part{i}.txt").write_text(("\n".join(LINES) + "\n") * 40, encoding="utf-8")
    settings = dict(dim=4, epochs=2, min_count=1, block_words=300, method="minibatch")
    full = Word2Vec(d, **settings)
    ckpt = tmp_path / "run.ckpt.npz"
    Word2Vec(d, checkpoint=ckpt, checkpoint_every=1000, **settings)
    resumed = Word2Vec.resume(ckpt)  # reads the two files the checkpoint recorded
    np.testing.assert_array_equal(resumed.W_in, full.W_in)
