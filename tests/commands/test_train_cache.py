"""The train command's --corpus-storage and --cache: the same vectors from memory and from disk, a cache
reused by the next run and by --resume, and a full disk reported in one line before training."""

import os
import shutil
from collections import namedtuple

import numpy as np
import pytest

from tests.helpers import one_error_line
from word2vec_np.engine.checkpoint import load_checkpoint
from word2vec_np.text import corpus as corpus_mod
from word2vec_np.train import main
from word2vec_np.vectors.word2vec_format import load_word2vec

SMALL = ["--dim", "4", "--epochs", "2", "--min-count", "1", "-q"]


pytestmark = pytest.mark.usefixtures("private_tmp")  # caches in a directory of each test's own


def vectors(path):
    return load_word2vec(path)[1]


def no_reading(*args, **kwargs):
    raise AssertionError("the corpus was read again")


def test_memory_disk_and_a_reused_cache_give_the_same_vectors(corpus, tmp_path, capsys, monkeypatch, private_tmp):
    out = {k: tmp_path / f"{k}.txt" for k in ("memory", "disk", "cached", "reused")}
    assert main([str(corpus), *SMALL, "-o", str(out["memory"]), "--corpus-storage", "memory"]) == 0
    assert main([str(corpus), *SMALL, "-o", str(out["disk"]), "--corpus-storage", "disk"]) == 0
    assert "on disk    in the temporary directory" in capsys.readouterr().out
    assert list(private_tmp.iterdir()) == []  # the private cache went with the run
    cache = tmp_path / "cache"
    assert main([str(corpus), *SMALL, "-o", str(out["cached"]), "--cache", str(cache)]) == 0
    monkeypatch.setattr(corpus_mod, "_read_chunks", no_reading)
    assert main([str(corpus), *SMALL, "-o", str(out["reused"]), "--cache", str(cache)]) == 0
    assert f"on disk    kept in {cache}" in capsys.readouterr().out
    first = vectors(out["memory"])
    assert all(np.array_equal(first, vectors(out[k])) for k in ("disk", "cached", "reused"))


def test_resume_reuses_the_cache_its_checkpoint_names(tmp_path, monkeypatch):
    """30,000 words: three blocks an epoch, so the last checkpoint is in the second epoch's middle."""
    rng = np.random.default_rng(4)
    corpus = tmp_path / "c.txt"
    corpus.write_text("\n".join(" ".join(f"w{i}" for i in rng.integers(0, 30, size=10)) for _ in range(3000)))
    cache, ckpt = tmp_path / "cache", tmp_path / "run.ckpt.npz"
    whole = tmp_path / "whole.txt"
    assert main([str(corpus), *SMALL, "-o", str(whole), "--cache", str(cache),
                 "--checkpoint", str(ckpt), "--checkpoint-every", "25000"]) == 0  # fmt: skip
    state = load_checkpoint(ckpt)  # the last one written, part way through the run
    assert state.run["cache"] == os.path.abspath(cache) and state.words_seen < 2 * state.corpus["n_words"]
    monkeypatch.setattr(corpus_mod, "_read_chunks", no_reading)
    resumed = tmp_path / "resumed.txt"
    assert main(["--resume", str(ckpt), "-o", str(resumed), "-q"]) == 0
    assert np.array_equal(vectors(whole), vectors(resumed))


Usage = namedtuple("Usage", "total used free")


def test_a_full_disk_is_one_error_line_before_training(corpus, tmp_path, capsys, monkeypatch, private_tmp):
    monkeypatch.setattr(shutil, "disk_usage", lambda path: Usage(10**9, 10**9 - 10, 10))
    out = tmp_path / "v.txt"
    assert main([str(corpus), *SMALL, "-o", str(out), "--corpus-storage", "disk"]) == 2
    message = one_error_line(capsys)
    assert "the corpus cache in" in message and "10 bytes free; free some space" in message
    assert not out.exists() and list(private_tmp.iterdir()) == []


def test_a_cache_kept_in_memory_is_one_error_line(corpus, tmp_path, capsys):
    assert main([str(corpus), *SMALL, "--cache", str(tmp_path / "c"), "--corpus-storage", "memory"]) == 2
    assert "--cache keeps the corpus on disk" in one_error_line(capsys)
