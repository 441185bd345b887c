"""Training on a corpus on disk: the same vectors as in memory, the pages of each block given back,
workers that map the files instead of copying them, and resume from the cache a checkpoint names."""

import hashlib
import os
import signal
import sys
from multiprocessing import shared_memory

import numpy as np
import pytest

from tests.corpora import encoded_zipf_corpus
from word2vec_np.engine import checkpoint, training, workers
from word2vec_np.engine.checkpoint import corpus_fingerprint, load_checkpoint
from word2vec_np.engine.config import TrainConfig
from word2vec_np.engine.interrupt import TrainingInterrupted
from word2vec_np.engine.training import train_arrays
from word2vec_np.text import corpus as corpus_mod
from word2vec_np.text import corpus_cache
from word2vec_np.text.corpus import load
from word2vec_np.word2vec import Word2Vec

pytestmark = pytest.mark.usefixtures("private_tmp")  # caches in a directory of each test's own


def text_file(path, seed=0, n_sentences=600, V=40):
    vocab, corpus = encoded_zipf_corpus(seed, n_sentences, V, lengths=(2, 14))
    path.write_text("\n".join(" ".join(vocab.words[i] for i in s) for s in corpus.sentences()) + "\n")
    return path


def same_run(a, b):
    return np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1]) and a[2].epoch_loss == b[2].epoch_loss


@pytest.mark.parametrize(
    "method,arch,objective", [("fast", "skipgram", "ns"), ("fast", "cbow", "hs"), ("minibatch", "skipgram", "hs")]
)
def test_the_same_seed_gives_the_same_vectors_on_disk_and_in_memory(tmp_path, method, arch, objective):
    path = text_file(tmp_path / "c.txt")
    vocab, in_memory = load(path, min_count=1, on_disk=False)
    _, on_disk = load(path, min_count=1, on_disk=True)
    cfg = TrainConfig(dim=8, window=3, min_count=1, epochs=2, seed=5, method=method, arch=arch, objective=objective,
                      block_words=500)  # fmt: skip
    assert same_run(train_arrays(vocab, in_memory, cfg), train_arrays(vocab, on_disk, cfg))


def test_the_fingerprint_of_a_corpus_on_disk_hashes_it_in_pieces_to_the_whole_corpus_hash(tmp_path, monkeypatch):
    vocab, on_disk = load(text_file(tmp_path / "c.txt"), min_count=1, on_disk=True)
    monkeypatch.setattr(checkpoint, "_HASH_ITEMS", 1000)  # several pieces
    whole = hashlib.sha256(on_disk.ids.astype("<i4").tobytes() + on_disk.offsets.astype("<i8").tobytes())
    assert corpus_fingerprint(on_disk)["sha256"] == whole.hexdigest()


def resident_bytes(path) -> int:
    """Resident bytes of this process's mappings of ``path`` (Linux's /proc/self/smaps)."""
    total, inside = 0, False
    with open("/proc/self/smaps", encoding="utf-8", errors="replace") as f:
        for line in f:
            first = line.split(maxsplit=1)[0]
            if "-" in first and not first.endswith(":"):  # a mapping's header line
                inside = line.rstrip().endswith(str(path))
            elif inside and first == "Rss:":
                total += int(line.split()[1]) * 1024
    return total


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/smaps")
def test_training_gives_back_the_pages_of_every_block(tmp_path):
    """1M tokens (4 MB of ids): after an epoch (and a checkpoint's fingerprint) almost none is resident.
    A small ``sample`` drops 99% of the words, so the epoch reads every block and trains almost nothing."""
    rng = np.random.default_rng(3)
    words = np.array([f"t{i}" for i in range(10)])
    path = tmp_path / "big.txt"
    with open(path, "w") as f:
        for _ in range(50):
            f.write("\n".join(" ".join(words[rng.integers(0, 10, size=20)]) for _ in range(1000)) + "\n")
    vocab, corpus = load(path, min_count=1, on_disk=True)
    ids_file = corpus.store.path("ids.i32")
    assert len(corpus.ids) == 1_000_000
    cfg = TrainConfig(dim=4, epochs=1, sample=1e-5, min_count=1, seed=1)
    train_arrays(vocab, corpus, cfg, checkpoint=tmp_path / "ck.npz", checkpoint_every=400_000)
    assert resident_bytes(ids_file) <= 64 * 1024
    assert resident_bytes(corpus.store.path("offsets.i64")) <= 64 * 1024
    np.asarray(corpus.ids).sum()  # read it all: now it is resident (the measure can see pages)
    assert resident_bytes(ids_file) >= 3_000_000


def test_spawned_workers_map_the_corpus_files_instead_of_copying_them(tmp_path, monkeypatch):
    made = []
    real = shared_memory.SharedMemory

    def counting(*args, **kwargs):
        shm = real(*args, **kwargs)
        if kwargs.get("create"):
            made.append(shm.size)
        return shm

    monkeypatch.setattr(workers.shared_memory, "SharedMemory", counting)
    vocab, corpus = load(text_file(tmp_path / "c.txt"), min_count=1, on_disk=True)
    cfg = TrainConfig(dim=8, epochs=1, seed=5, workers=2, block_words=500, min_count=1)
    W_in, W_out, history = train_arrays(vocab, corpus, cfg, start_method="spawn")
    assert np.isfinite(W_in).all() and history.epoch_examples[0] > 0
    assert len(made) == 2  # W_in and W_out; the ids and offsets are the cache's files


def test_resume_reuses_the_cache_its_checkpoint_names_or_rebuilds_it(tmp_path, monkeypatch):
    path = text_file(tmp_path / "c.txt")
    cache = tmp_path / "cache"
    settings = dict(min_count=1, dim=8, epochs=2, block_words=500, seed=3)
    whole = Word2Vec(path, on_disk=False, **settings)

    real, calls = training._train_block, {"n": 0}

    def ctrl_c_at_5(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            signal.raise_signal(signal.SIGINT)
        return real(*args, **kwargs)

    monkeypatch.setattr(training, "_train_block", ctrl_c_at_5)
    ckpt = tmp_path / "m.ckpt.npz"
    with pytest.raises(TrainingInterrupted):
        Word2Vec(path, checkpoint=ckpt, cache=cache, **settings)
    monkeypatch.setattr(training, "_train_block", real)
    assert load_checkpoint(ckpt).run["cache"] == os.path.abspath(cache)

    read = corpus_mod._read_chunks

    def no_reading(*args, **kwargs):
        raise AssertionError("the corpus was read again")

    monkeypatch.setattr(corpus_mod, "_read_chunks", no_reading)
    resumed = Word2Vec.resume(ckpt)
    assert np.array_equal(whole.W_in, resumed.W_in) and np.array_equal(whole.W_out, resumed.W_out)

    monkeypatch.setattr(corpus_mod, "_read_chunks", read)
    for f in cache.iterdir():
        f.unlink()
    cache.rmdir()
    rebuilt = Word2Vec.resume(ckpt)
    assert (cache / "meta.json").exists() and np.array_equal(whole.W_in, rebuilt.W_in)


def test_word2vec_keeps_python_sentences_in_memory_unless_told_and_trains_the_same(monkeypatch):
    rng = np.random.default_rng(2)
    sentences = [[f"s{i}" for i in rng.integers(0, 20, size=8)] for _ in range(300)]
    settings = dict(min_count=1, dim=8, epochs=1, seed=4)
    held = Word2Vec(sentences, **settings)
    assert not held._read[1].on_disk  # 2,400 tokens: below the threshold
    forced = Word2Vec(sentences, on_disk=True, **settings)
    assert forced._read[1].on_disk and np.array_equal(held.W_in, forced.W_in)
    monkeypatch.setattr(corpus_cache, "DISK_THRESHOLD_TOKENS", 1000)
    auto = Word2Vec(iter(sentences), **settings)  # a one-shot generator, above the threshold
    assert auto._read[1].on_disk and np.array_equal(held.W_in, auto.W_in)
    assert not Word2Vec(sentences, on_disk=False, **settings)._read[1].on_disk
