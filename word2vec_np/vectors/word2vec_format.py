"""The original C tool's vectors files, text and binary, and GloVe's text: writing and reading.

The word2vec C tool (word2vec.c, 2013) writes its vectors as::

    V D\\n                                   header: number of words, dimension
    word v1 v2 ... vD \\n                    text: each value printed with "%lf " (six decimals
                                            and a space after every value, the last one too)
    word <D little-endian float32>\\n        binary: the word, one space, 4 D raw bytes, a newline

one row per word, most frequent word first. :func:`save_word2vec_text` and
:func:`save_word2vec_binary` write exactly those bytes, so the C tool's
``distance`` and ``word-analogy`` programs and gensim's
``KeyedVectors.load_word2vec_format`` read them. :func:`load_word2vec` reads
the C tool's files and gensim's ``save_word2vec_format`` output, whose text
rows have no trailing space and whose binary rows have no newline after the
vector, and GloVe's text files, whose rows come without the header line.
Words are UTF-8 (non-ASCII is fine) and may not contain whitespace, since
whitespace separates the fields (:mod:`word2vec_np.text.word_files`).

Every save goes through :func:`word2vec_np.atomic.atomic_write_compressed`
(``.gz`` / ``.bz2`` compress). Every problem with a file is reported as one
sentence naming the file: ``CorpusNotFoundError`` (a FileNotFoundError) when
it does not exist, ``ModelFileError`` (a ValueError) when it is truncated,
corrupted or a pickle, ``ConfigError`` when what you asked to save cannot be
saved (:func:`check_matrix`).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..atomic import atomic_write_compressed
from ..errors import ConfigError, ModelFileError, TruncatedFileError
from ..text.vocab_file import SENTENCE_END
from ..text.word_files import (
    WHITESPACE,
    ByteReader,
    check_input_file,
    check_words,
    decode_word,
    format_suffix,
    open_binary,
    quoted,
    refuse_pickle,
)

_MAX_WORD_BYTES = 64 << 20  # a binary row whose word is longer than this is taken as damage
_TEXT_SUFFIXES = (".txt", ".vec")
_FLOAT32_MAX = float(np.finfo(np.float32).max)


def check_matrix(matrix: Any, words: Sequence[bytes] | Sequence[str]) -> np.ndarray:
    """``matrix`` as a (V, D) float32 array with V = len(words) and finite values; else ConfigError.

    matrix : (V, D) numbers     words : V str or their UTF-8 bytes (named in the error for a bad row)
    """
    M = np.asarray(matrix)
    if M.ndim != 2 or M.shape[1] < 1:
        raise ConfigError(f"the vectors must be a 2-D (V, D) array with D >= 1, not of shape {M.shape}")
    if M.shape[0] != len(words):
        raise ConfigError(f"got {len(words)} words but {M.shape[0]} vectors; give one vector per word")
    if len(words) == 0:
        raise ConfigError("there are no words to save; the vocabulary is empty")
    if not (np.issubdtype(M.dtype, np.floating) or np.issubdtype(M.dtype, np.integer)):
        raise ConfigError(f"the vectors must be numbers, not of dtype {M.dtype}")
    M = M.astype(np.float32)  # the C formats hold float32 values
    bad = ~np.isfinite(M).all(axis=1)
    if bad.any():
        i = int(np.argmax(bad))
        word = words[i].decode("utf-8") if isinstance(words[i], bytes) else words[i]
        raise ConfigError(
            f"the vector of {word!r} (row {i}) contains NaN or infinity; "
            "training diverged, so train again with a lower alpha"
        )
    return M


def save_word2vec_text(
    path: str | os.PathLike,
    words: Sequence[str],
    matrix: np.ndarray,
    *,
    header: bool = True,
    append: bool = False,
    sentence_end: bool = False,
    exact: bool = False,
) -> Path:
    """Write the C tool's text format: ``"V D\\n"``, then ``word`` and ``" %lf"``-style values per row.

    words : sequence of V str   no whitespace inside a word
    matrix : (V, D) float       written as float32, each value printed like C's ``"%lf "``:
                                six decimals followed by a space (the last value too), then ``"\\n"``
    header : False leaves out the ``"V D"`` line (GloVe's format; gensim's ``write_header=False``)
    append : add these rows (and header) after what the file holds already, as gensim's ``append=True``
    sentence_end : write the C tool's ``</s>`` row first, with a zero vector (see :func:`save_word2vec_binary`)
    exact : write each value with 9 significant digits (``"%.9g "``), which read back to the very
            same float32 (gensim's files round-trip so); six decimals lose the digits of small values
    """
    encoded = check_words(words)
    M = check_matrix(matrix, encoded)
    encoded, M = _with_sentence_end(encoded, M, sentence_end)
    D = M.shape[1]
    row_format = ("%.9g " if exact else "%f ") * D  # "%f" as C's "%lf"; 9 digits identify any float32
    rows = (
        w + b" " + (row_format % tuple(row)).encode("ascii") + b"\n"
        for w, row in zip(encoded, M.tolist(), strict=True)
    )
    return _write(path, M.shape, rows, header, append)


def save_word2vec_binary(
    path: str | os.PathLike,
    words: Sequence[str],
    matrix: np.ndarray,
    *,
    header: bool = True,
    append: bool = False,
    sentence_end: bool = False,
) -> Path:
    """Write the C tool's binary format: ``"V D\\n"``, then per row ``word + " "`` + D float32 + ``"\\n"``.

    words : sequence of V str   no whitespace inside a word
    matrix : (V, D) float       written as little-endian float32 (4 D bytes per row)
    header, append : as :func:`save_word2vec_text` (a binary file without its header cannot be read back)
    sentence_end : write ``</s>`` as row 0, with a zero vector, as the C tool's files begin (its
        vocabulary's sentence-end token). The C tool's ``word-analogy`` takes row 0 for "not found",
        so without this row the most frequent word cannot be asked there. Off by default: any reader
        (gensim, this package) takes ``</s>`` for one more word.
    """
    encoded = check_words(words)
    M = check_matrix(matrix, encoded)
    encoded, M = _with_sentence_end(encoded, M, sentence_end)
    M = M.astype("<f4", copy=False)
    rows = (w + b" " + row.tobytes() + b"\n" for w, row in zip(encoded, M, strict=True))
    return _write(path, M.shape, rows, header, append)


def _with_sentence_end(encoded: list[bytes], M: np.ndarray, sentence_end: bool) -> tuple[list[bytes], np.ndarray]:
    """The words and (V, D) rows, with the C tool's ``</s>`` and a zero row first when ``sentence_end``."""
    if not sentence_end:
        return encoded, M
    if SENTENCE_END.encode() in encoded:
        raise ConfigError(f"the words already hold {SENTENCE_END!r}; leave out sentence_end")
    return [SENTENCE_END.encode(), *encoded], np.vstack([np.zeros((1, M.shape[1]), dtype=M.dtype), M])


def _write(path: str | os.PathLike, shape: tuple[int, int], rows, header: bool, append: bool) -> Path:
    """Write the header line (if ``header``) and ``rows`` (bytes), after the file's old bytes if ``append``.

    The file is replaced atomically either way, so an interrupted append leaves the old file whole.
    """
    old = b""
    if append and os.path.exists(path):
        if Path(path).suffix.lower() in (".gz", ".bz2"):
            raise ConfigError(f"cannot append to the compressed file {str(path)!r}; write a new file instead")
        old = Path(path).read_bytes()
    with atomic_write_compressed(path) as f:  # gzip / bz2 when the name ends in .gz / .bz2
        f.write(old)
        if header:
            f.write(f"{shape[0]} {shape[1]}\n".encode("ascii"))
        batch: list[bytes] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 4096:
                f.write(b"".join(batch))
                batch.clear()
        f.write(b"".join(batch))
    return Path(path)


def _peek_line(r: ByteReader, limit: int = 1 << 24) -> bytes:
    """The next line (without its newline), left unread; at most ``limit`` bytes of it."""
    while r.buf.find(b"\n", r.pos) < 0 and len(r.buf) - r.pos < limit:
        if not r.more():
            break
    end = r.buf.find(b"\n", r.pos)
    return bytes(r.buf[r.pos : end if end >= 0 else len(r.buf)][:limit])


def _read_header(r: ByteReader) -> tuple[int | None, int]:
    """(V, D) from the 'V D' header line, consumed; or (None, D) for a file without one whose first
    line is already a row 'word v1 ... vD' (GloVe's text format), left unread."""
    if r.offset == 0 and _peek_line(r, 3).startswith(b"\xef\xbb\xbf"):  # a byte-order mark from some editors
        r.pos += 3
    line = _peek_line(r)
    parts = line.split()
    if len(parts) == 2 and all(p.lstrip(b"+-").isdigit() for p in parts):  # '2 -4' is a bad header, not GloVe
        r.rest_of_line()
        if any(len(p) > 18 for p in parts):  # int() of a 5,000-digit number would raise ValueError
            raise ModelFileError(
                f"cannot read {quoted(r.path)}: its header declares {parts[0][:20].decode()}... words or dimensions, "
                "a number no file can hold; the file is damaged"
            )
        V, D = int(parts[0]), int(parts[1])
        if V < 1 or D < 1:
            raise ModelFileError(f"cannot read {quoted(r.path)}: its header declares {V} words of dimension {D}")
        return V, D
    if len(parts) >= 2 and all(_is_number(p) for p in parts[1:]):
        return None, len(parts) - 1
    if not line and r.at_end():
        raise ModelFileError(f"{quoted(r.path)} is empty; it holds no vectors")
    raise ModelFileError(
        f"cannot read {quoted(r.path)}: it does not start with a 'V D' header line "
        "(number of words, dimension) as word2vec files do, nor with a 'word v1 ... vD' row as GloVe files do"
    )


def _looks_like_text(r: ByteReader, D: int) -> bool:
    """Whether the first row after the header parses as a text row of D numbers."""
    while r.buf.find(b"\n", r.pos) < 0 and len(r.buf) - r.pos < (1 << 24):
        if not r.more():
            break
    end = r.buf.find(b"\n", r.pos)
    parts = bytes(r.buf[r.pos : end if end >= 0 else len(r.buf)]).split()
    if len(parts) != D + 1:
        return False
    try:
        np.array(parts[1:], dtype=np.float64)
    except ValueError:
        return False
    return True


class _Rows:
    """The rows read so far, compactly: each word once, with its first vector as float32 bytes.

    A word listed again is counted (``duplicates``) and its vector dropped as it is read, so a
    file of one row repeated millions of times takes the memory of one row.
    """

    def __init__(self, D: int):
        self.D = D
        self.words: list[str] = []
        self.first: dict[str, int] = {}
        self.raw = bytearray()  # (len(words), D) little-endian float32
        self.duplicates = 0

    def repeated(self, word: str) -> bool:
        """Whether ``word`` was read before (then it is counted, and its row need not be parsed)."""
        if word in self.first:
            self.duplicates += 1
            return True
        return False

    def add(self, word: str, vector: bytes | np.ndarray) -> None:
        if word in self.first:
            self.duplicates += 1
            return
        self.first[word] = len(self.words)
        self.words.append(word)
        self.raw += vector if isinstance(vector, bytes) else vector.astype("<f4").tobytes()

    def matrix(self) -> np.ndarray:
        """(V, D) float32."""
        return np.frombuffer(bytes(self.raw), dtype="<f4").reshape(len(self.words), self.D).astype(np.float32)


def _read_binary_rows(r: ByteReader, V: int, D: int, unicode_errors: str, limit: int | None = None) -> _Rows:
    rows = _Rows(D)
    n_bytes = 4 * D
    n = V if limit is None else min(V, limit)
    for row in range(n):
        while r.peek_byte() == 0x0A:  # the C tool ends each row with "\n"; gensim does not
            r.pos += 1
        word_bytes = r.until(b" ", limit=_MAX_WORD_BYTES)
        if word_bytes is None:
            if not r.eof:  # no space within the limit: not a word followed by its vector
                raise ModelFileError(
                    f"cannot read {quoted(r.path)}: row {row + 1} (byte {r.offset}) has no space within "
                    f"{_MAX_WORD_BYTES >> 20} MiB, so it does not start with a word; the file is damaged "
                    "or not a word2vec binary file"
                )
            raise _ended_early(r, V, row)
        if any(ch in word_bytes for ch in WHITESPACE[1:]) or b"\x00" in word_bytes:
            raise ModelFileError(
                f"cannot read {quoted(r.path)}: row {row + 1} (byte {r.offset}) does not start with a word; "
                "the file is damaged or its header counts are wrong"
            )
        word = decode_word(word_bytes, row, r, unicode_errors)
        vec = r.exactly(n_bytes)
        if vec is None:
            raise TruncatedFileError(
                f"cannot read {quoted(r.path)}: it ends in the middle of the vector of {word!r} "
                f"(row {row + 1} of {V}); the file is truncated"
            )
        rows.add(word, vec)
    if n < V:  # the rows asked for are read; the rest of the file is not
        return rows
    while r.peek_byte() in (0x0A, 0x0D, 0x20):
        r.pos += 1
    if not r.at_end():
        raise ModelFileError(
            f"cannot read {quoted(r.path)}: there is more data after the {V} rows its header declares "
            f"(at byte {r.offset}); the header counts are wrong or the file is damaged"
        )
    return rows


def _read_text_rows(r: ByteReader, V: int, D: int, unicode_errors: str, limit: int | None = None) -> _Rows:
    rows = _Rows(D)
    n = V if limit is None else min(V, limit)
    for row in range(n):
        line_no = row + 2  # the header is line 1
        if r.at_end():
            raise _ended_early(r, V, row)
        parts = r.rest_of_line().split()  # ASCII whitespace only: UTF-8 words are never split
        if r.cut_short and 0 < len(parts) < D + 1:  # the last line stops before its values do
            raise TruncatedFileError(
                f"cannot read {quoted(r.path)}: it ends in the middle of line {line_no}, after "
                f"{_values(len(parts) - 1)} of the {D} its header declares; the file is truncated"
            )
        if len(parts) != D + 1:
            raise ModelFileError(
                f"cannot read {quoted(r.path)}: line {line_no} has {_values(len(parts) - 1)} "
                f"after its word where the header says {D}; the file is damaged or not word2vec text"
            )
        word = decode_word(parts[0], row, r, unicode_errors)
        if not rows.repeated(word):  # a repeated word's values are dropped unparsed
            rows.add(word, _row_values(parts, line_no, word, r))
    if n < V:
        return rows
    line_no = V + 1
    while not r.at_end():
        line_no += 1
        if r.rest_of_line().strip():
            raise ModelFileError(
                f"cannot read {quoted(r.path)}: line {line_no} is a row beyond the {V} its header "
                "declares; the header counts are wrong"
            )
    return rows


def _read_headerless_rows(r: ByteReader, D: int, unicode_errors: str, limit: int | None = None) -> _Rows:
    """Rows 'word v1 ... vD' up to the end of the file (or ``limit`` rows), with no header (GloVe's text)."""
    rows = _Rows(D)
    n = 0
    line_no = 0
    while (limit is None or n < limit) and not r.at_end():
        line_no += 1
        parts = r.rest_of_line().split()
        if not parts:
            continue
        if len(parts) != D + 1:
            raise ModelFileError(
                f"cannot read {quoted(r.path)}: line {line_no} has {_values(len(parts) - 1)} after its word "
                f"where the first line has {D}; the file is damaged or its words contain spaces"
            )
        word = decode_word(parts[0], n, r, unicode_errors)
        if not rows.repeated(word):
            rows.add(word, _row_values(parts, line_no, word, r))
        n += 1
    return rows


def _row_values(parts: list[bytes], line_no: int, word: str, r: ByteReader) -> np.ndarray:
    """(D,) float32: the values of a text row ``word v1 ... vD``; one error for a non-number or a
    value beyond float32 (read as float64 first, since casting 1e40 to float32 warns and gives inf)."""
    try:
        values = np.array(parts[1:], dtype=np.float64)
    except ValueError:
        bad = next(p for p in parts[1:] if not _is_number(p))
        raise ModelFileError(
            f"cannot read {quoted(r.path)}: line {line_no} (word {word!r}) has the value "
            f"{bad.decode('utf-8', 'replace')!r}, which is not a number"
        ) from None
    beyond = np.isfinite(values) & (np.abs(values) > _FLOAT32_MAX)
    if beyond.any():
        raise ModelFileError(
            f"cannot read {quoted(r.path)}: line {line_no} (word {word!r}) has the value "
            f"{parts[1 + int(np.argmax(beyond))].decode()!r}, beyond the float32 range (about 3.4e38) "
            "that word vectors are kept in; the file is damaged"
        )
    return values.astype(np.float32)


def _values(n: int) -> str:
    n = max(n, 0)
    return f"{n} value" if n == 1 else f"{n} values"


def _is_number(token: bytes) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True


def _ended_early(r: ByteReader, V: int, row: int) -> TruncatedFileError:
    return TruncatedFileError(
        f"cannot read {quoted(r.path)}: its header declares {V} words but the file ends after {row} of them; "
        "it is truncated or the header counts are wrong"
    )


def load_word2vec(
    path: str | os.PathLike,
    binary: bool | None = None,
    *,
    unicode_errors: str = "strict",
    limit: int | None = None,
) -> tuple[list[str], np.ndarray]:
    """Read a vectors file in the C tool's text or binary format (also gensim's variants).

    binary : True / False, or None to decide: ``.txt`` / ``.vec`` (also inside ``.gz`` / ``.bz2``)
             are text; any other file, ``.bin`` included, is text when its first row parses as
             ``word`` and D numbers, else binary (so a text file named ``.bin`` reads as text).
             A file whose first line is already a row (no ``V D`` header: GloVe's format) is text.
    unicode_errors : how to decode words that are not valid UTF-8 ("strict", "replace", "ignore").
    limit : read only the first ``limit`` rows (the most frequent words), and nothing after them.

    Returns (words, matrix): a list of V str and a (V, D) float32 array. A word that appears twice
    keeps its first vector (with a warning), as gensim does. Raises CorpusNotFoundError for a
    missing file and ModelFileError for a truncated, damaged or inconsistent one, and for a Python
    pickle (gensim's ``model.save()``), which is refused without being unpickled.

    Memory is bounded whatever the file: a line may be at most ``MAX_LINE_BYTES`` (4 MiB), a
    compressed file may expand at most ``MAX_EXPANSION`` (100) times
    (:mod:`word2vec_np.text.word_files`), and a repeated word's later rows are dropped as read
    (their values are not parsed).
    """
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int | np.integer) or limit < 1):
        raise ConfigError(f"limit must be a positive whole number or None, got {limit!r}")
    path = check_input_file(path)
    with open_binary(path) as f:
        r = ByteReader(f, path)
        refuse_pickle(r)  # damaged .gz / .bz2 streams raise ModelFileError from ByteReader._read
        V, D = _read_header(r)
        if V is None:  # no header: GloVe's text rows
            if binary:
                raise ModelFileError(
                    f"cannot read {quoted(path)} as binary: it has no 'V D' header line; its rows are text"
                )
            rows = _read_headerless_rows(r, D, unicode_errors, limit)
        else:
            if binary is None:  # .txt / .vec are text; anything else, .bin included, by its first row
                binary = format_suffix(path) not in _TEXT_SUFFIXES and not _looks_like_text(r, D)
            read_rows = _read_binary_rows if binary else _read_text_rows
            rows = read_rows(r, V, D, unicode_errors, limit)
    words, matrix = rows.words, rows.matrix()

    bad = ~np.isfinite(matrix).all(axis=1)
    if bad.any():
        i = int(np.argmax(bad))
        raise ModelFileError(
            f"cannot read {quoted(path)}: the vector of {words[i]!r} (row {i + 1}) contains NaN or infinity; "
            "the file is damaged" + ("" if binary else " or came from a run that diverged")
        )
    if rows.duplicates:
        warnings.warn(
            f"{quoted(path)} lists {rows.duplicates} words more than once; keeping the first vectors",
            stacklevel=2,
        )
    return words, matrix


__all__ = [
    "check_matrix",
    "load_word2vec",
    "save_word2vec_binary",
    "save_word2vec_text",
]
