"""Fixtures of the bad-input tests: a scratch directory per module and one valid file of each saved kind."""

import signal

import numpy as np
import pytest

from tests.bad_input.helpers import WORDS
from word2vec_np.engine.interrupt import TrainingInterrupted
from word2vec_np.word2vec import Word2Vec


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def valid_files(work):
    """One valid file of each kind: C text and binary vectors, a model .npz, a checkpoint."""
    corpus = work / "small.txt"
    rng = np.random.default_rng(0)
    corpus.write_text("\n".join(" ".join(rng.choice(WORDS, 6)) for _ in range(60)) + "\n", encoding="utf-8")
    model = Word2Vec(corpus, dim=3, epochs=1, min_count=1, method="minibatch", objective="hs")
    files = {
        ".txt": model.save(work / "v.txt").read_bytes(),
        ".bin": model.save(work / "v.bin").read_bytes(),
        "model.npz": model.save(work / "m.npz").read_bytes(),
    }
    ckpt = work / "c.ckpt.npz"
    with pytest.raises(TrainingInterrupted):  # a checkpoint needs a stop; the callback stops at epoch end
        Word2Vec(corpus, dim=3, epochs=2, min_count=1, method="minibatch", checkpoint=ckpt, callbacks=[_stop])
    files["checkpoint"] = ckpt.read_bytes()
    return files


def _stop(report):
    signal.raise_signal(signal.SIGINT)  # as if Ctrl-C were pressed
