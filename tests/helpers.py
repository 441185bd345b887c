"""Helpers that tests in several folders import (fixtures live in conftest.py)."""

import os
from pathlib import Path

from word2vec_np.engine.workers import SEGMENT_PREFIX

#: The checkout: the folder that holds word2vec_np/, tests/, docs/ and notebooks/.
ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "word2vec_np"


def one_error_line(capsys) -> str:
    """The command's stderr, checked to be a single 'error: ...' line; returns the message."""
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and "Traceback" not in err
    return lines[0][len("error: ") :]


def segments(pid=None) -> list[str]:
    """The shared memory segments of process ``pid`` (default: this one) in /dev/shm, where Linux keeps them."""
    return sorted(p.name for p in Path("/dev/shm").glob(f"{SEGMENT_PREFIX}{pid or os.getpid()}_*"))
