"""Any vectors file, its format told by its suffix: :func:`save_vectors`, :func:`load_vectors`.

``.txt`` / ``.vec`` are the C tool's text format and ``.bin`` its binary format
(:mod:`word2vec_np.vectors.word2vec_format`), each optionally followed by ``.gz`` or ``.bz2``;
``.npz`` is word2vec_np's own file (:mod:`word2vec_np.vectors.npz`). :func:`vectors_format`
says which a name gets; ``fmt`` (one of :data:`VECTOR_FORMATS`, the C tool's ``-binary``)
forces a C format whatever the name. :func:`load_vectors` also recognises an ``.npz`` by its
zip signature, and a text file by its first row whatever its name.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ConfigError, ModelFileError
from ..text.word_files import COMPRESSED, check_input_file, format_suffix, quoted
from .npz import load_model_npz, npz_words, save_model_npz, words_to_arrays
from .vectors import Vectors
from .word2vec_format import check_matrix, load_word2vec, save_word2vec_binary, save_word2vec_text


def _unpack(vectors_or_words_and_matrix: Any) -> tuple[Sequence[str], np.ndarray, np.ndarray | None]:
    """(words, matrix, counts or None) from a Vectors or a (words, matrix[, counts]) tuple."""
    obj = vectors_or_words_and_matrix
    if isinstance(obj, Vectors):
        return obj.words, obj.matrix, obj.counts
    if isinstance(obj, (tuple, list)) and len(obj) in (2, 3):
        return obj[0], obj[1], obj[2] if len(obj) == 3 else None
    raise ConfigError("save_vectors takes a Vectors object or a (words, matrix) pair")


def save_vectors(path: str | os.PathLike, vectors_or_words_and_matrix: Any, fmt: str | None = None) -> Path:
    """Save word vectors, choosing the format by suffix: ``.txt`` / ``.vec`` (C text), ``.bin`` (C binary)
    or ``.npz``; a further ``.gz`` / ``.bz2`` compresses a text or binary file (``vectors.txt.gz``).

    vectors_or_words_and_matrix : a Vectors, or a (words, matrix) or (words, matrix, counts) tuple
    fmt : "text" or "binary" to write that C format whatever the suffix (the C tool's ``-binary``),
          "npz" this package's file whatever the suffix; None to go by the suffix
    The ``.npz`` file holds arrays "words_utf8" and "words_offsets"
    (see :func:`word2vec_np.vectors.npz.words_to_arrays`), "W_in" (V, D) float32 and, when known,
    "counts" (V,) int64, the same names a full model file uses.
    """
    words, matrix, counts = _unpack(vectors_or_words_and_matrix)
    kind = vectors_format(path, fmt)
    if kind == "text":
        return save_word2vec_text(path, words, matrix)
    if kind == "binary":
        return save_word2vec_binary(path, words, matrix)
    M = check_matrix(matrix, list(words))
    utf8, offsets = words_to_arrays(list(words))
    arrays = {"words_utf8": utf8, "words_offsets": offsets, "W_in": M}
    if counts is not None:
        arrays["counts"] = np.asarray(counts, dtype=np.int64)
    return save_model_npz(path, arrays, {})


VECTOR_FORMATS = ("text", "binary")
_SUFFIX_FORMATS = {".txt": "text", ".vec": "text", ".bin": "binary", ".npz": "npz"}


def vectors_format(path: str | os.PathLike, fmt: str | None = None) -> str:
    """"text", "binary" or "npz": what :func:`save_vectors` writes to ``path``; ConfigError if unknown.

    fmt : "text" / "binary" forces that C format for any name but ``.npz``; "npz" the package's own
          file for any name but a compressed one; None goes by the suffix (looking through ``.gz`` / ``.bz2``)
    """
    path = Path(path)
    compressed = path.suffix.lower() in COMPRESSED
    kind = _SUFFIX_FORMATS.get(format_suffix(path))
    if fmt == "npz" and not compressed:
        return "npz"
    if fmt is not None:
        if fmt not in VECTOR_FORMATS:
            raise ConfigError(f"unknown vectors format {fmt!r}; choose text or binary")
        if kind == "npz":
            raise ConfigError(f"{quoted(path)} names an .npz model file, which cannot be written as {fmt}; rename it")
        return fmt
    if kind is None or (compressed and kind == "npz"):
        raise ConfigError(
            f"cannot tell the format of {quoted(path)} from its suffix; end the name with .txt, .vec, .bin "
            "or .npz (.txt, .vec and .bin may be followed by .gz or .bz2)"
        )
    return kind


def load_vectors(path: str | os.PathLike, binary: bool | None = None, limit: int | None = None) -> Vectors:
    """Load word vectors from a ``.txt`` / ``.bin`` word2vec file or a word2vec_np ``.npz`` file.

    ``limit`` keeps the first ``limit`` words (the most frequent); a word2vec file is then read no
    further than their rows.

    An ``.npz`` file (recognised by its suffix or its zip signature) must hold its words (see
    :func:`word2vec_np.vectors.npz.npz_words`) and "W_in" (V, D) float, and may hold "counts" (V,) int;
    the others are read by :func:`word2vec_np.vectors.word2vec_format.load_word2vec`.
    """
    p = check_input_file(path)
    with open(p, "rb") as f:
        is_zip = f.read(4) == b"PK\x03\x04"
    if format_suffix(p) == ".npz" or is_zip:
        data = load_model_npz(p)
        arrays = data["arrays"]
        words = npz_words(arrays, p)
        if words is None or "W_in" not in arrays:
            raise ModelFileError(f"cannot load vectors from {quoted(p)}: it has no 'words' and 'W_in' arrays")
        W_in = arrays["W_in"]
        counts = arrays.get("counts")
        if (
            W_in.ndim != 2
            or W_in.shape[0] != len(words)
            or W_in.shape[1] < 1
            or W_in.dtype.kind != "f"
            or (counts is not None and (counts.shape != (len(words),) or counts.dtype.kind not in "iu"))
        ):
            raise ModelFileError(
                f"cannot load vectors from {quoted(p)}: its words and vectors do not match "
                f"({len(words)} words, W_in of shape {W_in.shape})"
            )
        if not np.isfinite(W_in).all():
            raise ModelFileError(
                f"cannot load vectors from {quoted(p)}: its vectors contain NaN or infinity; "
                "it came from a run that diverged or is damaged"
            )
        if limit is not None:
            words, W_in = words[:limit], W_in[:limit]
            counts = counts[:limit] if counts is not None else None
        try:
            return Vectors(words, W_in, counts)
        except ConfigError as exc:
            raise ModelFileError(f"cannot load vectors from {quoted(p)}: {exc}") from None
    words, matrix = load_word2vec(p, binary, limit=limit)
    return Vectors(words, matrix)


__all__ = [
    "VECTOR_FORMATS",
    "load_vectors",
    "save_vectors",
    "vectors_format",
]
