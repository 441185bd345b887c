"""The C tool's vocabulary file (``-save-vocab``, ``-read-vocab``): ``word count`` per line.

:func:`save_vocab_file` writes it, most frequent word first, after the C tool's sentence-end
entry (:data:`SENTENCE_END`); :func:`load_vocab_file` reads the C tool's files and ours. Its
words follow the rules of :mod:`word2vec_np.text.word_files`; every save goes through
:func:`word2vec_np.atomic.atomic_write`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..atomic import atomic_write
from ..errors import ConfigError, ModelFileError
from .word_files import ByteReader, check_input_file, check_words, decode_word, open_binary, quoted, refuse_pickle

SENTENCE_END = "</s>"


def save_vocab_file(
    path: str | os.PathLike, words: Sequence[str], counts: Sequence[int] | np.ndarray, sentences: int
) -> Path:
    """Write the C tool's ``-save-vocab`` file: ``word count`` per line, most frequent first.

    The first line is ``</s> N``, the C tool's sentence-end token, with N = ``sentences``: the C
    tool counts a ``</s>`` for every newline of its corpus and keeps that entry first, and its
    ``-read-vocab`` treats the first entry as the sentence end, so the line must be there.

    words : sequence of V str, most frequent first      counts : (V,) int, their counts
    sentences : int >= 0, the number of sentences (lines) of the corpus
    """
    encoded = check_words(words)
    counts = np.asarray(counts, dtype=np.int64)
    if counts.shape != (len(encoded),):
        raise ConfigError(f"got {len(encoded)} words but {counts.shape} counts; give one count per word")
    with atomic_write(path, "wb") as f:
        f.write(f"{SENTENCE_END} {int(sentences)}\n".encode("ascii"))
        for start in range(0, len(encoded), 4096):
            f.write(
                b"".join(
                    w + b" " + str(c).encode("ascii") + b"\n"
                    for w, c in zip(encoded[start : start + 4096], counts[start : start + 4096].tolist(), strict=True)
                )
            )
    return Path(path)


def load_vocab_file(path: str | os.PathLike, unicode_errors: str = "strict") -> dict[str, int]:
    """Read a C tool vocabulary file (``-save-vocab``): word -> count, in the file's order.

    ``unicode_errors`` decodes the words as the vectors file's reader does: ``"strict"``
    refuses a word that is not UTF-8, ``"replace"`` and ``"ignore"`` read the words the C
    tool cut mid-character (as Python's ``bytes.decode``).

    The ``</s>`` entry (the C tool's sentence end; here sentences are kept as offsets) is left
    out. Raises CorpusNotFoundError for a missing file, ModelFileError for a line that is not
    ``word count``, a word listed twice, an empty file, or a pickle.
    """
    path = check_input_file(path)
    counts: dict[str, int] = {}
    with open_binary(path) as f:
        r = ByteReader(f, path)
        refuse_pickle(r)
        line_no = 0
        while not r.at_end():
            line_no += 1
            raw = r.rest_of_line()
            if line_no == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            parts = raw.split()
            if not parts:
                continue
            if len(parts) != 2 or not parts[1].isdigit():
                shown = raw[:60].decode("utf-8", "replace")
                raise ModelFileError(
                    f"cannot read the vocabulary {quoted(path)}: line {line_no} is {shown!r} where 'word count' "
                    "is expected; give a file the C tool's -save-vocab (or --save-vocab) wrote"
                )
            word = decode_word(parts[0], line_no - 1, r, unicode_errors)
            if word == SENTENCE_END:
                continue
            if word in counts:
                raise ModelFileError(
                    f"cannot read the vocabulary {quoted(path)}: the word {word!r} is listed twice "
                    f"(line {line_no}); the file is damaged"
                )
            counts[word] = int(parts[1])
    if not counts:
        raise ModelFileError(f"the vocabulary {quoted(path)} lists no words; give a file that -save-vocab wrote")
    return counts


__all__ = [
    "SENTENCE_END",
    "load_vocab_file",
    "save_vocab_file",
]
