"""The encoded corpus on disk (text/corpus_cache.py): the same ids as in memory, a cache that is
reused only while its source and settings are unchanged, cleaned up after a crash, and a full disk
reported before anything is trained."""

import errno
import os
import shutil
import subprocess
import sys
from collections import namedtuple

import numpy as np
import pytest

from tests.helpers import ROOT
from word2vec_np.errors import ConfigError, SaveError
from word2vec_np.text import corpus as corpus_mod
from word2vec_np.text import corpus_cache
from word2vec_np.text.corpus import encode, load, renumber
from word2vec_np.text.corpus_cache import mapped_path

pytestmark = pytest.mark.usefixtures("private_tmp")  # caches in a directory of each test's own


def same_corpus(a, b):
    return np.array_equal(a.ids, b.ids) and np.array_equal(a.offsets, b.offsets) and a.n_raw_words == b.n_raw_words


def sentences(seed=1, n=200, V=25):
    rng = np.random.default_rng(seed)
    return [[f"v{i}" for i in rng.integers(0, V, size=rng.integers(1, 12))] for _ in range(n)]


# ---------------------------------------------------------------------- the same corpus


@pytest.mark.parametrize("min_count", [1, 3])
def test_a_corpus_on_disk_holds_the_ids_of_the_corpus_in_memory(corpus, min_count):
    vocab, in_memory = load(corpus, min_count=min_count, on_disk=False)
    vocab_disk, on_disk = load(corpus, min_count=min_count, on_disk=True)
    assert vocab_disk == vocab and same_corpus(in_memory, on_disk)
    assert not in_memory.on_disk and on_disk.on_disk
    assert mapped_path(on_disk.ids).endswith("ids.i32") and not on_disk.ids.flags.writeable
    assert same_corpus(encode(corpus, vocab, on_disk=False), encode(corpus, vocab, on_disk=True))


def test_python_sentences_and_long_corpora_spill_the_chunks_read_so_far(monkeypatch):
    """Chunks of 64 tokens: the switch to disk comes after several chunks were held in memory."""
    monkeypatch.setattr(corpus_mod, "_FLUSH_TOKENS", 64)
    monkeypatch.setattr(corpus_cache, "DISK_THRESHOLD_TOKENS", 300)
    data = sentences()
    vocab, in_memory = load(data, min_count=2, on_disk=False)
    vocab_auto, auto = load(data, min_count=2)
    assert auto.on_disk and vocab_auto == vocab and same_corpus(in_memory, auto)
    grown = np.arange(len(vocab))[::-1].copy()
    grown[3] = -1  # a word dropped
    assert same_corpus(renumber(in_memory, grown), renumber(auto, grown)) and renumber(auto, grown).on_disk


def test_the_switch_to_disk_is_automatic_above_the_threshold_and_forced_either_way(monkeypatch):
    data = sentences()
    n_tokens = sum(map(len, data))
    monkeypatch.setattr(corpus_cache, "DISK_THRESHOLD_TOKENS", n_tokens + 1)
    assert not load(data, min_count=1)[1].on_disk  # a list the user holds, below the threshold
    assert load(data, min_count=1, on_disk=True)[1].on_disk
    monkeypatch.setattr(corpus_cache, "DISK_THRESHOLD_TOKENS", n_tokens)
    assert load(data, min_count=1)[1].on_disk
    assert not load(data, min_count=1, on_disk=False)[1].on_disk
    with pytest.raises(ConfigError, match="cache=DIR without on_disk=False"):
        load(data, on_disk=False, cache="somewhere")
    with pytest.raises(ConfigError, match="on_disk must be"):
        load(data, on_disk="yes")


# ---------------------------------------------------------------------- private caches


def test_a_private_cache_goes_with_its_corpus_and_after_an_error(corpus, private_tmp):
    _, disk = load(corpus, min_count=1, on_disk=True)
    directory = disk.store.directory
    assert directory.parent == private_tmp and directory.name.startswith(f"word2vec_np-{os.getpid()}-")
    del disk
    assert not directory.exists()

    def interrupted():
        yield from sentences()
        raise KeyboardInterrupt  # Ctrl-C while the corpus is read

    with pytest.raises(KeyboardInterrupt):
        load(interrupted(), min_count=1, on_disk=True)
    assert list(private_tmp.iterdir()) == []


def test_a_killed_process_leaves_a_cache_that_the_next_one_removes(corpus, private_tmp):
    child = (
        "import os, signal, sys\n"
        "from word2vec_np.text.corpus import load\n"
        "_, c = load(sys.argv[1], min_count=1, on_disk=True)\n"
        "print(c.store.directory, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    env = {**os.environ, "TMPDIR": str(private_tmp), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", child, str(corpus)], capture_output=True, text=True, env=env)
    assert done.returncode == -9
    left = private_tmp / os.path.basename(done.stdout.strip())
    assert left.is_dir() and (left / "ids.i32").exists()
    mine = private_tmp / f"word2vec_np-{os.getpid()}-keep"  # a live process's cache is not touched
    mine.mkdir()
    _, disk = load(corpus, min_count=1, on_disk=True)
    assert not left.exists() and mine.exists() and disk.store.directory.exists()


# ---------------------------------------------------------------------- named caches


def test_a_named_cache_is_reused_without_reading_the_corpus(corpus, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    vocab, first = load(corpus, min_count=2, cache=cache)
    assert sorted(os.listdir(cache)) == ["ids.i32", "meta.json", "offsets.i64", "vocab.tsv"]

    def no_reading(*args, **kwargs):
        raise AssertionError("the corpus was read again")

    monkeypatch.setattr(corpus_mod, "_read_chunks", no_reading)
    again_vocab, again = load(corpus, min_count=2, cache=cache)
    assert again_vocab == vocab and same_corpus(first, again) and again.store.directory == cache
    assert same_corpus(encode(corpus, vocab, cache=cache), first)  # the same vocabulary: the same ids
    del first, again
    assert cache.is_dir()  # a named cache is kept


def test_a_named_cache_is_rebuilt_when_its_source_changes(corpus, tmp_path):
    cache = tmp_path / "cache"
    _, old = load(corpus, min_count=1, cache=cache)
    before = np.array(old.ids)
    with open(corpus, "a", encoding="utf-8") as f:
        f.write("w0 brandnew w1\n" + "w29 " * 2000 + "\n")  # w29, the rarest, becomes id 0: every id moves
    vocab, rebuilt = load(corpus, min_count=1, cache=cache)
    assert "brandnew" in vocab and same_corpus(rebuilt, load(corpus, min_count=1, on_disk=False)[1])
    assert np.array_equal(old.ids, before)  # the corpus still held maps the old files, whole


def test_a_named_cache_is_rebuilt_when_the_file_is_replaced_with_the_same_size_and_time(corpus, tmp_path):
    cache = tmp_path / "cache"
    load(corpus, min_count=1, cache=cache)
    st = os.stat(corpus)
    text = corpus.read_text(encoding="utf-8")
    swapped = text.replace("w1 ", "w2 ", 1)  # another text of the same length
    assert swapped != text
    replacement = tmp_path / "new.txt"
    replacement.write_text(swapped, encoding="utf-8")
    os.utime(replacement, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(replacement, corpus)  # same path, size and mtime: only the inode tells
    _, rebuilt = load(corpus, min_count=1, cache=cache)
    assert same_corpus(rebuilt, load(corpus, min_count=1, on_disk=False)[1])


@pytest.mark.parametrize(
    "change", [dict(min_count=3), dict(max_vocab_size=5), dict(max_sentence_length=4)], ids=lambda d: next(iter(d))
)
def test_a_named_cache_is_rebuilt_when_a_setting_changes(corpus, tmp_path, change):
    cache = tmp_path / "cache"
    load(corpus, min_count=1, cache=cache)
    settings = dict(min_count=1) | change
    vocab, rebuilt = load(corpus, **settings, cache=cache)
    expected_vocab, expected = load(corpus, **settings, on_disk=False)
    assert vocab == expected_vocab and same_corpus(rebuilt, expected)


def test_encode_rebuilds_a_cache_made_with_another_vocabulary(corpus, tmp_path):
    cache = tmp_path / "cache"
    vocab, _ = load(corpus, min_count=1, cache=cache)
    smaller, _ = load(corpus, min_count=5, on_disk=False)
    assert same_corpus(encode(corpus, smaller, cache=cache), encode(corpus, smaller, on_disk=False))


def test_a_cache_whose_build_was_cut_short_is_rebuilt(corpus, tmp_path):
    cache = tmp_path / "cache"
    load(corpus, min_count=1, cache=cache)
    with open(cache / "ids.i32", "r+b") as f:
        f.truncate(8)  # a file cut short after the cache was made
    _, rebuilt = load(corpus, min_count=1, cache=cache)
    assert same_corpus(rebuilt, load(corpus, min_count=1, on_disk=False)[1])
    (cache / "meta.json").unlink()  # a build stopped before its last step
    _, rebuilt = load(corpus, min_count=1, cache=cache)
    assert (cache / "meta.json").exists() and same_corpus(rebuilt, load(corpus, min_count=1, on_disk=False)[1])


def test_python_sentences_are_never_taken_from_a_cache(tmp_path):
    cache = tmp_path / "cache"
    load(sentences(seed=1), min_count=1, cache=cache)
    vocab, second = load(sentences(seed=2), min_count=1, cache=cache)
    assert same_corpus(second, load(sentences(seed=2), min_count=1, on_disk=False)[1])


def test_a_cache_that_is_a_file_is_one_error(corpus, tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(ConfigError, match="is a file, not a directory"):
        load(corpus, cache=tmp_path / "f")


# ---------------------------------------------------------------------- a full disk

Usage = namedtuple("Usage", "total used free")


def test_too_little_free_space_is_one_error_before_reading(corpus, tmp_path, monkeypatch, private_tmp):
    monkeypatch.setattr(shutil, "disk_usage", lambda path: Usage(10**9, 10**9 - 100, 100))
    with pytest.raises(SaveError, match=r"needs about .* and its disk has 100 bytes free; free some space"):
        load(corpus, min_count=1, on_disk=True)
    assert list(private_tmp.iterdir()) == []


def test_the_exact_space_check_before_renumbering(tmp_path, monkeypatch, private_tmp):
    """Python sentences have no size to estimate: the check after the count catches it."""
    monkeypatch.setattr(shutil, "disk_usage", lambda path: Usage(10**9, 10**9 - 100, 100))
    with pytest.raises(SaveError, match="for the renumbered ids"):
        load(sentences(), min_count=1, on_disk=True)
    assert list(private_tmp.iterdir()) == []


@pytest.mark.parametrize("at", [1, 3])
def test_a_disk_that_fills_up_while_writing_is_one_error_and_leaves_nothing(corpus, tmp_path, monkeypatch, at):
    real, calls = corpus_cache.append, {"n": 0}

    def append(f, a):
        calls["n"] += 1
        if calls["n"] == at:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(f, a)

    monkeypatch.setattr(corpus_cache, "append", append)
    cache = tmp_path / "cache"
    with pytest.raises(SaveError, match="is full; free some space"):
        load(corpus, min_count=1, cache=cache)
    assert sorted(os.listdir(cache)) == []
