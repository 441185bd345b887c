"""The TensorBoard Embedding Projector's two files: the vectors as TSV, and the words.

:func:`save_tensorboard` writes what gensim's ``scripts/word2vec2tensor`` writes; load both
files at https://projector.tensorflow.org.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..atomic import atomic_write
from ..text.word_files import check_words
from .word2vec_format import check_matrix


def save_tensorboard(prefix: str | os.PathLike, words: Sequence[str], matrix: np.ndarray) -> tuple[Path, Path]:
    """Write ``PREFIX_tensor.tsv`` and ``PREFIX_metadata.tsv`` for the TensorBoard Embedding Projector.

    The files gensim's ``scripts/word2vec2tensor`` writes: the tensor file has one row per word of
    tab-separated values (each float32 printed as Python prints it, shortest round-trip), no header;
    the metadata file has one word per line, in the same order, no header (the Projector reads a
    one-column metadata file without one). Load both at https://projector.tensorflow.org.

    words : sequence of V str   no whitespace inside a word
    matrix : (V, D) float       written as float32 values
    Returns the two paths (tensor, metadata).
    """
    encoded = check_words(words)
    M = check_matrix(matrix, encoded)
    tensor, metadata = Path(f"{prefix}_tensor.tsv"), Path(f"{prefix}_metadata.tsv")
    with atomic_write(tensor, "wb") as f:
        for start in range(0, len(M), 4096):
            rows = M[start : start + 4096]
            f.write("".join("\t".join(map(str, row)) + "\n" for row in rows).encode("ascii"))
    with atomic_write(metadata, "wb") as f:
        f.write(b"".join(w + b"\n" for w in encoded))
    return tensor, metadata


__all__ = [
    "save_tensorboard",
]
