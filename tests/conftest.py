"""Fixtures every test folder shares.

Random data comes from one seed, ``SEED``: the ``rng`` fixture is a generator
seeded with it, and the ``corpus`` file is drawn with it. A test that needs
other draws seeds a generator of its own, in the open
(``np.random.default_rng(7)``), so a reader sees which numbers it saw.
"""

import multiprocessing as mp
import tempfile
from pathlib import Path

import numpy as np
import pytest

from tests.helpers import segments

SEED = 0


@pytest.fixture
def rng() -> np.random.Generator:
    """A NumPy generator seeded with ``SEED``, fresh for each test."""
    return np.random.default_rng(SEED)


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A small corpus file, ``tmp_path / "corpus.txt"``: 300 lines of 3 to 14 words.

    The words are w0 ... w29, drawn with Zipf weights (w_r has weight 1/(r+1)),
    from a generator seeded with ``SEED``; every one of the 30 words occurs.
    """
    rng = np.random.default_rng(SEED)
    words = [f"w{i}" for i in range(30)]
    p = 1 / np.arange(1, 31)
    p /= p.sum()
    lines = [" ".join(rng.choice(words, size=rng.integers(3, 15), p=p)) for _ in range(300)]
    path = tmp_path / "corpus.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:
    """A temporary directory of this test's own for ``tempfile`` (the system's is shared with other runs).

    The corpus cache makes its private directories there, so a test can see
    what they leave and never meets another run's.
    """
    where = tmp_path / "tmp"
    where.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(where))
    return where


@pytest.fixture(autouse=True)
def nothing_left_behind():
    """After every test, no worker process and no shared memory segment of this process is left."""
    before = set(segments())
    yield
    assert mp.active_children() == []
    assert set(segments()) == before == set()
