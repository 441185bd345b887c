"""Files: the original C tool's text and binary formats, and the ``.npz`` model file.

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
vector. Words are UTF-8 (non-ASCII is fine) and may not contain whitespace,
since whitespace separates the fields.

The ``.npz`` model file (:func:`save_model_npz`, :func:`load_model_npz`)
holds named NumPy arrays of numbers or strings plus a configuration stored as
JSON text; it is written without pickle and read without it (an object array
is refused, NumPy's ``allow_pickle=False`` rule), so loading a file never runs
code from it. It is read in bounded memory: only the members word2vec_np
writes (:data:`NPZ_MEMBERS`), each after its declared shape and size are
checked against the file's size and the metadata (:func:`load_model_npz`). Since format 2 the words are kept
as one UTF-8 byte array plus offsets (:func:`words_to_arrays`), not as a
NumPy string array: a string array is fixed-width, 4 bytes per character of
the *longest* word for every word, so a single 1 MB token would cost V x 4 MB.
Format 1 files (a ``words`` string array) still load.

Every save goes through :func:`word2vec_np.atomic.atomic_write`. Every
problem with a file is reported as one sentence naming the file:
``CorpusNotFoundError`` (a FileNotFoundError) when it does not exist,
``ModelFileError`` (a ValueError) when it is truncated, corrupted or unsafe,
``ConfigError`` when what you asked to save cannot be saved.
"""

from __future__ import annotations

import bz2
import gzip
import json
import math
import os
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np

from ..atomic import atomic_write, atomic_write_compressed
from ..errors import ConfigError, CorpusNotFoundError, ModelFileError
from .vectors import Vectors

NPZ_FORMAT = "word2vec_np"
NPZ_VERSION = 2  # 2: words as UTF-8 bytes + offsets; 1: words as a fixed-width str array
_META_KEY = "__meta__"
_WHITESPACE = b" \t\n\r\x0b\x0c"
_CHUNK = 1 << 20  # bytes read at a time
_MAX_WORD_BYTES = 64 << 20  # a binary row whose word is longer than this is taken as damage
_TEXT_SUFFIXES = (".txt", ".vec")
_COMPRESSED = {".gz": gzip.open, ".bz2": bz2.open}
_FLOAT32_MAX = float(np.finfo(np.float32).max)
_MAX_NPY_HEADER = 10_000  # bytes of an .npy header (NumPy's own default limit)
_MAX_META_BYTES = 16 << 20  # the JSON header of a model file; a real one is a few kB
_SHAPE_SLACK = 4  # a matrix may declare at most this many times the rows / columns its metadata implies
_DEFLATE_MAX_RATIO = 1032  # deflate shrinks data by at most this factor (258-byte matches in 2 bits)
#: Every array name word2vec_np writes into an .npz; :func:`load_model_npz` decompresses no other.
NPZ_MEMBERS = frozenset(
    {
        _META_KEY,
        "W_in",
        "W_out",
        "words",
        "words_utf8",
        "words_offsets",
        "counts",
        "epoch_loss",
        "epoch_examples",
        "epoch_words",
        "epoch_seconds",
        "history_epoch_loss",
        "history_epoch_examples",
        "history_epoch_words",
        "history_epoch_seconds",
        "history_points_words",
        "history_points_loss",
    }
)


# ---------------------------------------------------------------------- helpers
def _name(path: str | os.PathLike) -> str:
    return repr(str(path))


def _check_input_file(path: str | os.PathLike) -> Path:
    """The path, if it is an existing regular file; else the project's error for it."""
    path = Path(path)
    if not path.exists():
        raise CorpusNotFoundError(f"the file {_name(path)} does not exist; check the path")
    if path.is_dir():
        raise ModelFileError(f"{_name(path)} is a directory, not a vectors or model file; give a file")
    return path


def _check_words(words: Sequence[str]) -> list[bytes]:
    """The UTF-8 bytes of each word; ConfigError for a word the formats cannot hold."""
    out = []
    for i, w in enumerate(words):
        if not isinstance(w, str):
            raise ConfigError(f"word {i} is {w!r}, not a string; every word must be a str")
        b = w.encode("utf-8")
        if not b or any(ch in b for ch in _WHITESPACE) or b"\x00" in b:
            raise ConfigError(
                f"cannot save the word {w!r} (word {i}): words in word2vec files must be non-empty "
                "and contain no whitespace or NUL characters"
            )
        out.append(b)
    return out


def _check_matrix(matrix: Any, words: Sequence[bytes] | Sequence[str]) -> np.ndarray:
    """``matrix`` as a (V, D) float32 array with V = len(words) and finite values."""
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


def _unpack(vectors_or_words_and_matrix: Any) -> tuple[Sequence[str], np.ndarray, np.ndarray | None]:
    """(words, matrix, counts or None) from a Vectors or a (words, matrix[, counts]) tuple."""
    obj = vectors_or_words_and_matrix
    if isinstance(obj, Vectors):
        return obj.words, obj.matrix, obj.counts
    if isinstance(obj, (tuple, list)) and len(obj) in (2, 3):
        return obj[0], obj[1], obj[2] if len(obj) == 3 else None
    raise ConfigError("save_vectors takes a Vectors object or a (words, matrix) pair")


# ---------------------------------------------------------------------- saving the C formats
def save_word2vec_text(path: str | os.PathLike, words: Sequence[str], matrix: np.ndarray) -> Path:
    """Write the C tool's text format: ``"V D\\n"``, then ``word`` and ``" %lf"``-style values per row.

    words : sequence of V str   no whitespace inside a word
    matrix : (V, D) float       written as float32, each value printed like C's ``"%lf "``:
                                six decimals followed by a space (the last value too), then ``"\\n"``
    """
    encoded = _check_words(words)
    M = _check_matrix(matrix, encoded)
    V, D = M.shape
    row_format = "%f " * D  # Python's "%f" and C's "%lf" both round the exact binary value correctly
    with atomic_write_compressed(path) as f:  # gzip / bz2 when the name ends in .gz / .bz2
        f.write(f"{V} {D}\n".encode("ascii"))
        for start in range(0, V, 4096):
            block = M[start : start + 4096].tolist()  # Python floats hold float32 values exactly
            f.write(
                b"".join(
                    w + b" " + (row_format % tuple(row)).encode("ascii") + b"\n"
                    for w, row in zip(encoded[start : start + 4096], block, strict=True)
                )
            )
    return Path(path)


def save_word2vec_binary(path: str | os.PathLike, words: Sequence[str], matrix: np.ndarray) -> Path:
    """Write the C tool's binary format: ``"V D\\n"``, then per row ``word + " "`` + D float32 + ``"\\n"``.

    words : sequence of V str   no whitespace inside a word
    matrix : (V, D) float       written as little-endian float32 (4 D bytes per row)
    """
    encoded = _check_words(words)
    M = _check_matrix(matrix, encoded).astype("<f4", copy=False)
    V, D = M.shape
    with atomic_write_compressed(path) as f:  # gzip / bz2 when the name ends in .gz / .bz2
        f.write(f"{V} {D}\n".encode("ascii"))
        for start in range(0, V, 4096):
            block = M[start : start + 4096]
            f.write(
                b"".join(
                    w + b" " + row.tobytes() + b"\n"
                    for w, row in zip(encoded[start : start + 4096], block, strict=True)
                )
            )
    return Path(path)


# ---------------------------------------------------------------------- loading the C formats
class _Bytes:
    """A forward-only reader over a binary stream that keeps its byte offset for error messages."""

    def __init__(self, f: IO[bytes], path: Path):
        self.f, self.path = f, path
        self.buf = bytearray()  # unread bytes start at buf[pos]
        self.pos = 0
        self.consumed = 0  # bytes of the file before buf[0]
        self.eof = False
        self.cut_short = False  # the last rest_of_line() ran into the end of the file

    @property
    def offset(self) -> int:
        return self.consumed + self.pos

    def _read(self, n: int) -> bytes:
        try:
            return self.f.read(n)
        except (OSError, EOFError, ValueError) as exc:  # gzip/bz2 streams that are cut short or damaged
            raise ModelFileError(
                f"cannot read {_name(self.path)}: the compressed data is damaged ({exc})"
            ) from None

    def _more(self) -> bool:
        """Append one more chunk to the buffer; False at the end of the file."""
        if self.eof:
            return False
        chunk = self._read(_CHUNK)
        if not chunk:
            self.eof = True
            return False
        del self.buf[: self.pos]  # cheap: CPython drops a bytearray's prefix without copying the rest
        self.consumed += self.pos
        self.pos = 0
        self.buf += chunk
        return True

    def at_end(self) -> bool:
        while self.pos >= len(self.buf):
            if not self._more():
                return True
        return False

    def peek_byte(self) -> int | None:
        return None if self.at_end() else self.buf[self.pos]

    def until(self, sep: bytes, limit: int | None = None) -> bytes | None:
        """Bytes up to (not including) the one-byte ``sep``, which is consumed; None if it never comes
        (within ``limit`` bytes)."""
        searched = 0  # bytes after pos already known not to hold sep
        while True:
            i = self.buf.find(sep, self.pos + searched)
            if i >= 0:
                out = bytes(self.buf[self.pos : i])
                self.pos = i + 1
                return out
            searched = len(self.buf) - self.pos
            if (limit is not None and searched > limit) or not self._more():
                return None

    def rest_of_line(self) -> bytes:
        """Bytes up to the next newline (consumed) or the end of the file (then ``cut_short`` is set)."""
        line = self.until(b"\n")
        self.cut_short = line is None
        if line is None:
            line, self.pos = bytes(self.buf[self.pos :]), len(self.buf)
        return line

    def exactly(self, n: int) -> bytes | None:
        """The next ``n`` bytes, or None when fewer remain."""
        have = len(self.buf) - self.pos
        if have >= n:
            out = bytes(self.buf[self.pos : self.pos + n])
            self.pos += n
            return out
        pieces = [bytes(self.buf[self.pos :])]
        self.consumed += len(self.buf)
        self.buf, self.pos = bytearray(), 0
        while have < n:  # read just what is missing, without growing the buffer
            piece = self._read(min(n - have, 1 << 24))
            if not piece:
                self.eof = True
                return None
            pieces.append(piece)
            have += len(piece)
            self.consumed += len(piece)
        return b"".join(pieces)


def _open_binary(path: Path) -> IO[bytes]:
    opener = _COMPRESSED.get(path.suffix.lower())
    return opener(path, "rb") if opener else open(path, "rb")


def _format_suffix(path: Path) -> str:
    """The suffix that names the format, looking through .gz / .bz2."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in _COMPRESSED:
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def _peek_line(r: _Bytes, limit: int = 1 << 24) -> bytes:
    """The next line (without its newline), left unread; at most ``limit`` bytes of it."""
    while r.buf.find(b"\n", r.pos) < 0 and len(r.buf) - r.pos < limit:
        if not r._more():
            break
    end = r.buf.find(b"\n", r.pos)
    return bytes(r.buf[r.pos : end if end >= 0 else len(r.buf)][:limit])


def _refuse_pickle(r: _Bytes) -> None:
    """ModelFileError, before anything is unpickled, for a file that starts like a Python pickle."""
    while len(r.buf) - r.pos < 2 and r._more():
        pass
    if is_pickle(bytes(r.buf[r.pos : r.pos + 2])):
        raise ModelFileError(pickle_message(r.path))


def is_pickle(head: bytes) -> bool:
    """Whether bytes start like a pickle of protocol 2 to 5 (gensim's ``model.save()`` writes one)."""
    return len(head) >= 2 and head[0] == 0x80 and 2 <= head[1] <= 5


def pickle_message(path: str | os.PathLike) -> str:
    """The sentence refusing a pickle file (without unpickling it) and saying how to export it."""
    return (
        f"refusing to read {_name(path)}: it is a Python pickle, such as gensim's model.save() writes, and "
        "unpickling can run code from the file; in gensim, export the vectors with "
        "model.wv.save_word2vec_format('vectors.bin', binary=True) and load that file"
    )


def _read_header(r: _Bytes) -> tuple[int | None, int]:
    """(V, D) from the 'V D' header line, consumed; or (None, D) for a file without one whose first
    line is already a row 'word v1 ... vD' (GloVe's text format), left unread."""
    if r.offset == 0 and _peek_line(r, 3).startswith(b"\xef\xbb\xbf"):  # a byte-order mark from some editors
        r.pos += 3
    line = _peek_line(r)
    parts = line.split()
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        r.rest_of_line()
        if any(len(p) > 18 for p in parts):  # int() of a 5,000-digit number would raise ValueError
            raise ModelFileError(
                f"cannot read {_name(r.path)}: its header declares {parts[0][:20].decode()}... words or dimensions, "
                "a number no file can hold; the file is damaged"
            )
        V, D = int(parts[0]), int(parts[1])
        if V < 1 or D < 1:
            raise ModelFileError(f"cannot read {_name(r.path)}: its header declares {V} words of dimension {D}")
        return V, D
    if len(parts) >= 2 and all(_is_number(p) for p in parts[1:]):
        return None, len(parts) - 1
    if not line and r.at_end():
        raise ModelFileError(f"{_name(r.path)} is empty; it holds no vectors")
    raise ModelFileError(
        f"cannot read {_name(r.path)}: it does not start with a 'V D' header line "
        "(number of words, dimension) as word2vec files do, nor with a 'word v1 ... vD' row as GloVe files do"
    )


def _looks_like_text(r: _Bytes, D: int) -> bool:
    """Whether the first row after the header parses as a text row of D numbers."""
    while r.buf.find(b"\n", r.pos) < 0 and len(r.buf) - r.pos < (1 << 24):
        if not r._more():
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


def _decode_word(raw: bytes, row: int, r: _Bytes, unicode_errors: str) -> str:
    try:
        word = raw.decode("utf-8", errors=unicode_errors)
    except UnicodeDecodeError:
        raise ModelFileError(
            f"cannot read {_name(r.path)}: the word of row {row + 1} is not valid UTF-8; the file is damaged "
            "or in another encoding (unicode_errors='replace' reads words the C tool cut mid-character)"
        ) from None
    if not word:
        raise ModelFileError(
            f"cannot read {_name(r.path)}: row {row + 1} has an empty word; the file is damaged"
        )
    return word


def _read_binary_rows(r: _Bytes, V: int, D: int, unicode_errors: str) -> tuple[list[str], np.ndarray]:
    words: list[str] = []
    raw = bytearray()
    n_bytes = 4 * D
    for row in range(V):
        while r.peek_byte() == 0x0A:  # the C tool ends each row with "\n"; gensim does not
            r.pos += 1
        word_bytes = r.until(b" ", limit=_MAX_WORD_BYTES)
        if word_bytes is None:
            if not r.eof:  # no space within the limit: not a word followed by its vector
                raise ModelFileError(
                    f"cannot read {_name(r.path)}: row {row + 1} (byte {r.offset}) has no space within "
                    f"{_MAX_WORD_BYTES >> 20} MiB, so it does not start with a word; the file is damaged "
                    "or not a word2vec binary file"
                )
            raise _ended_early(r, V, row)
        if any(ch in word_bytes for ch in _WHITESPACE[1:]) or b"\x00" in word_bytes:
            raise ModelFileError(
                f"cannot read {_name(r.path)}: row {row + 1} (byte {r.offset}) does not start with a word; "
                "the file is damaged or its header counts are wrong"
            )
        words.append(_decode_word(word_bytes, row, r, unicode_errors))
        vec = r.exactly(n_bytes)
        if vec is None:
            raise ModelFileError(
                f"cannot read {_name(r.path)}: it ends in the middle of the vector of {words[-1]!r} "
                f"(row {row + 1} of {V}); the file is truncated"
            )
        raw += vec
    while r.peek_byte() in (0x0A, 0x0D, 0x20):
        r.pos += 1
    if not r.at_end():
        raise ModelFileError(
            f"cannot read {_name(r.path)}: there is more data after the {V} rows its header declares "
            f"(at byte {r.offset}); the header counts are wrong or the file is damaged"
        )
    return words, np.frombuffer(bytes(raw), dtype="<f4").reshape(V, D).astype(np.float32)


def _read_text_rows(r: _Bytes, V: int, D: int, unicode_errors: str) -> tuple[list[str], np.ndarray]:
    words: list[str] = []
    rows: list[np.ndarray] = []
    for row in range(V):
        line_no = row + 2  # the header is line 1
        if r.at_end():
            raise _ended_early(r, V, row)
        parts = r.rest_of_line().split()  # ASCII whitespace only: UTF-8 words are never split
        if r.cut_short and 0 < len(parts) < D + 1:  # the last line stops before its values do
            raise ModelFileError(
                f"cannot read {_name(r.path)}: it ends in the middle of line {line_no}, after "
                f"{_values(len(parts) - 1)} of the {D} its header declares; the file is truncated"
            )
        if len(parts) != D + 1:
            raise ModelFileError(
                f"cannot read {_name(r.path)}: line {line_no} has {_values(len(parts) - 1)} "
                f"after its word where the header says {D}; the file is damaged or not word2vec text"
            )
        words.append(_decode_word(parts[0], row, r, unicode_errors))
        rows.append(_row_values(parts, line_no, words[-1], r))
    line_no = V + 1
    while not r.at_end():
        line_no += 1
        if r.rest_of_line().strip():
            raise ModelFileError(
                f"cannot read {_name(r.path)}: line {line_no} is a row beyond the {V} its header "
                "declares; the header counts are wrong"
            )
    return words, np.stack(rows).astype(np.float32, copy=False)


def _read_headerless_rows(r: _Bytes, D: int, unicode_errors: str) -> tuple[list[str], np.ndarray]:
    """Rows 'word v1 ... vD' up to the end of the file, with no header (GloVe's text format)."""
    words: list[str] = []
    rows: list[np.ndarray] = []
    line_no = 0
    while not r.at_end():
        line_no += 1
        parts = r.rest_of_line().split()
        if not parts:
            continue
        if len(parts) != D + 1:
            raise ModelFileError(
                f"cannot read {_name(r.path)}: line {line_no} has {_values(len(parts) - 1)} after its word "
                f"where the first line has {D}; the file is damaged or its words contain spaces"
            )
        words.append(_decode_word(parts[0], len(words), r, unicode_errors))
        rows.append(_row_values(parts, line_no, words[-1], r))
    return words, np.stack(rows).astype(np.float32, copy=False)


def _row_values(parts: list[bytes], line_no: int, word: str, r: _Bytes) -> np.ndarray:
    """(D,) float32: the values of a text row ``word v1 ... vD``; one error for a non-number or a
    value beyond float32 (read as float64 first, since casting 1e40 to float32 warns and gives inf)."""
    try:
        values = np.array(parts[1:], dtype=np.float64)
    except ValueError:
        bad = next(p for p in parts[1:] if not _is_number(p))
        raise ModelFileError(
            f"cannot read {_name(r.path)}: line {line_no} (word {word!r}) has the value "
            f"{bad.decode('utf-8', 'replace')!r}, which is not a number"
        ) from None
    beyond = np.isfinite(values) & (np.abs(values) > _FLOAT32_MAX)
    if beyond.any():
        raise ModelFileError(
            f"cannot read {_name(r.path)}: line {line_no} (word {word!r}) has the value "
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


def _ended_early(r: _Bytes, V: int, row: int) -> ModelFileError:
    return ModelFileError(
        f"cannot read {_name(r.path)}: its header declares {V} words but the file ends after {row} of them; "
        "it is truncated or the header counts are wrong"
    )


def load_word2vec(
    path: str | os.PathLike, binary: bool | None = None, *, unicode_errors: str = "strict"
) -> tuple[list[str], np.ndarray]:
    """Read a vectors file in the C tool's text or binary format (also gensim's variants).

    binary : True / False, or None to decide: ``.txt`` / ``.vec`` (also inside ``.gz`` / ``.bz2``)
             are text; any other file, ``.bin`` included, is text when its first row parses as
             ``word`` and D numbers, else binary (so a text file named ``.bin`` reads as text).
             A file whose first line is already a row (no ``V D`` header: GloVe's format) is text.
    unicode_errors : how to decode words that are not valid UTF-8 ("strict", "replace", "ignore").

    Returns (words, matrix): a list of V str and a (V, D) float32 array. A word that appears twice
    keeps its first vector (with a warning), as gensim does. Raises CorpusNotFoundError for a
    missing file and ModelFileError for a truncated, damaged or inconsistent one, and for a Python
    pickle (gensim's ``model.save()``), which is refused without being unpickled.
    """
    path = _check_input_file(path)
    with _open_binary(path) as f:
        r = _Bytes(f, path)
        _refuse_pickle(r)  # damaged .gz / .bz2 streams raise ModelFileError from _Bytes._read
        V, D = _read_header(r)
        if V is None:  # no header: GloVe's text rows
            if binary:
                raise ModelFileError(
                    f"cannot read {_name(path)} as binary: it has no 'V D' header line; its rows are text"
                )
            words, matrix = _read_headerless_rows(r, D, unicode_errors)
        else:
            if binary is None:  # .txt / .vec are text; anything else, .bin included, by its first row
                binary = _format_suffix(path) not in _TEXT_SUFFIXES and not _looks_like_text(r, D)
            read_rows = _read_binary_rows if binary else _read_text_rows
            words, matrix = read_rows(r, V, D, unicode_errors)

    bad = ~np.isfinite(matrix).all(axis=1)
    if bad.any():
        i = int(np.argmax(bad))
        raise ModelFileError(
            f"cannot read {_name(path)}: the vector of {words[i]!r} (row {i + 1}) contains NaN or infinity; "
            "the file is damaged" + ("" if binary else " or came from a run that diverged")
        )
    first: dict[str, int] = {}
    for i, w in enumerate(words):
        first.setdefault(w, i)
    if len(first) != len(words):
        warnings.warn(
            f"{_name(path)} lists {len(words) - len(first)} words more than once; keeping the first vectors",
            stacklevel=2,
        )
        keep = np.array(sorted(first.values()))
        words, matrix = [words[i] for i in keep], matrix[keep]
    return words, matrix


# ---------------------------------------------------------------------- the .npz model file
def _json_default(obj: Any) -> Any:
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, os.PathLike):
        return os.fspath(obj)
    raise ConfigError(
        f"the configuration value {obj!r} cannot be saved; use numbers, strings, lists and dicts"
    )


def save_model_npz(
    path: str | os.PathLike,
    arrays: Mapping[str, np.ndarray],
    config: Mapping[str, Any],
    *,
    compress: bool = False,
) -> Path:
    """Save named arrays and a configuration as an ``.npz`` file that needs no pickle to load.

    arrays : name -> array of numbers, booleans or strings (no object arrays); names may not
             start with "__"
    config : a dict of JSON-compatible values (NumPy scalars are fine), stored as UTF-8 JSON
             text in a uint8 array
    compress : zip-compress the arrays (smaller, slower)
    """
    payload: dict[str, np.ndarray] = {}
    for name, value in arrays.items():
        if not isinstance(name, str) or not name or name.startswith("__"):
            raise ConfigError(
                f"cannot save an array named {name!r}; use a non-empty name not starting with '__'"
            )
        a = np.asarray(value)
        if a.dtype.kind not in "biufcUS":
            raise ConfigError(
                f"cannot save the array {name!r} of dtype {a.dtype} without pickle; "
                "give numbers, booleans or strings"
            )
        payload[name] = a
    try:
        text = json.dumps(
            {"format": NPZ_FORMAT, "version": NPZ_VERSION, "config": dict(config)},
            default=_json_default,
            ensure_ascii=False,
        )
    except (TypeError, ValueError) as exc:  # e.g. a dict with non-string keys, or a circular reference
        if isinstance(exc, ConfigError):
            raise
        raise ConfigError(f"the configuration cannot be saved as JSON ({exc}); use plain values") from None
    payload[_META_KEY] = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    save = np.savez_compressed if compress else np.savez
    with atomic_write(path, "wb") as f:
        save(f, allow_pickle=False, **payload)
    return Path(path)


def load_model_npz(path: str | os.PathLike, members: frozenset[str] | None = None) -> dict[str, Any]:
    """Load a file written by :func:`save_model_npz`, never unpickling anything, in bounded memory.

    members : the array names to read (default :data:`NPZ_MEMBERS`, every name word2vec_np
              writes); other members of the archive are never decompressed.

    Returns {"arrays": {name: ndarray}, "config": dict, "version": int}. Raises
    CorpusNotFoundError for a missing file and ModelFileError for anything else wrong: not an
    .npz, truncated or corrupted (the zip checksums are verified), carrying a pickled object
    (refused: unpickling can run code), not written by word2vec_np, or declaring arrays larger
    than the file or its metadata allow.

    Before any array is decompressed, every member's ``.npy`` header is read and checked, as
    safetensors checks its header: the shape and dtype it declares must account for exactly the
    member's uncompressed size, that size must fit the bytes the member takes in the file (at
    most 1032 times more for deflate, the most it can shrink data), and the word vectors may not
    be larger than the word list and the configured ``dim`` imply. So loading takes memory
    bounded by what the metadata declares, and that is checked against the file's size.
    """
    path = _check_input_file(path)
    with open(path, "rb") as f:
        magic = f.read(4)
    if is_pickle(magic):
        raise ModelFileError(pickle_message(path))
    if magic[:2] != b"PK":
        kind = (
            "a single .npy array"
            if magic == b"\x93NUM"
            else "empty"
            if not magic
            else "not an .npz (zip) file"
        )
        raise ModelFileError(
            f"cannot load {_name(path)}: it is {kind}; give a model saved as .npz by word2vec_np"
        )
    wanted = NPZ_MEMBERS if members is None else members | {_META_KEY}
    headers: dict[str, _Header] = {}
    try:
        with zipfile.ZipFile(path) as z:
            headers = _npz_headers(path, z, wanted)
            meta_header = headers.get(_META_KEY)
            if meta_header is None or meta_header.nbytes > _MAX_META_BYTES:
                raise _not_ours(path)
            meta = _npz_read(path, z, meta_header)
            info, version = _npz_meta(path, meta)
            _check_declared_shapes(path, headers, info["config"])
            arrays = {
                name: _npz_read(path, z, header) for name, header in headers.items() if name != _META_KEY
            }
    except ModelFileError:
        raise
    except MemoryError:
        total = sum(h.nbytes for h in headers.values())
        raise ModelFileError(
            f"cannot load {_name(path)}: there is not enough memory for its arrays ({total / 1e6:,.1f} MB); "
            "close other programs or use a machine with more memory"
        ) from None
    except Exception as exc:  # zipfile.BadZipFile, zlib.error, OSError, EOFError: a damaged archive
        raise _damaged(path, exc) from None
    if version > NPZ_VERSION:
        raise ModelFileError(
            f"cannot load {_name(path)}: it was saved in model format {version} by a newer word2vec_np "
            f"(this one reads format {NPZ_VERSION}); upgrade word2vec_np"
        )
    return {"arrays": arrays, "config": info["config"], "version": version}


class _Header(tuple):
    """(info, dtype, shape, fortran_order, header_bytes) of one ``.npy`` member, read before its data."""

    @property
    def nbytes(self) -> int:
        return self[1].itemsize * math.prod(self[2])


def _npz_headers(path: Path, z: zipfile.ZipFile, wanted: frozenset[str]) -> dict[str, _Header]:
    """The checked header of every wanted member; ModelFileError for one whose sizes do not add up."""
    file_size = path.stat().st_size
    headers: dict[str, _Header] = {}
    for info in z.infolist():
        name = info.filename[:-4] if info.filename.endswith(".npy") else None
        if name not in wanted:
            if name is not None and _holds_pickle(z, info):
                raise _pickle_refused(path)
            continue  # its data is never decompressed
        if name in headers:
            raise ModelFileError(f"cannot load {_name(path)}: it holds the member {name!r} twice; the file is damaged")
        limit = {zipfile.ZIP_STORED: 1, zipfile.ZIP_DEFLATED: _DEFLATE_MAX_RATIO}.get(info.compress_type)
        if limit is None:
            raise ModelFileError(
                f"cannot load {_name(path)}: its member {name!r} is compressed with zip method "
                f"{info.compress_type}; word2vec_np writes stored or deflated members only"
            )
        if info.compress_size > file_size or info.file_size > limit * info.compress_size + 1024:
            raise ModelFileError(
                f"cannot load {_name(path)}: its member {name!r} declares {info.file_size:,} bytes in "
                f"{info.compress_size:,} bytes of a {file_size:,}-byte file, more than {_method_name(limit)} "
                "can hold; the file is damaged or made to exhaust memory"
            )
        with z.open(info) as f:
            try:
                version = np.lib.format.read_magic(f)
                read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
                shape, fortran, dtype = read(f, max_header_size=_MAX_NPY_HEADER)
            except (ValueError, TypeError, SyntaxError) as exc:
                raise _damaged(path, exc) from None
            header = _Header((info, dtype, shape, fortran, f.tell()))
        if dtype.hasobject:
            raise _pickle_refused(path)
        if header[4] + header.nbytes != info.file_size:
            raise ModelFileError(
                f"cannot load {_name(path)}: its member {name!r} declares a {dtype} array of shape {shape} "
                f"({header.nbytes:,} bytes) but holds {max(0, info.file_size - header[4]):,} bytes; the file is "
                "damaged or made to exhaust memory"
            )
        headers[name] = header
    return headers


def _holds_pickle(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether an unknown member's ``.npy`` header declares Python objects (read: its header only)."""
    try:
        with z.open(info) as f:
            version = np.lib.format.read_magic(f)
            read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            return read(f, max_header_size=_MAX_NPY_HEADER)[2].hasobject
    except Exception:  # an unknown member that is not a readable .npy is ignored, like any unknown member
        return False


def _pickle_refused(path: Path) -> ModelFileError:
    return ModelFileError(
        f"refusing to load {_name(path)}: it contains a pickled Python object, and unpickling "
        "can run code from the file; only load models saved by word2vec_np"
    )


def _method_name(limit: int) -> str:
    return "an uncompressed member" if limit == 1 else "deflate"


def _npz_read(path: Path, z: zipfile.ZipFile, header: _Header) -> np.ndarray:
    """The data of a member whose header passed :func:`_npz_headers`, checking its CRC-32."""
    info, dtype, shape, fortran, skip = header
    data = bytearray(header.nbytes)  # the one allocation: exactly what the header declared
    view = memoryview(data)
    with z.open(info) as f:
        f.read(skip)
        done = 0
        while done < len(data):
            n = f.readinto(view[done : done + _CHUNK])
            if not n:
                raise EOFError(f"{info.filename!r} ends early")
            done += n
        if f.read(1):  # also reads to the end, which checks the CRC-32
            raise ModelFileError(f"cannot load {_name(path)}: its member {info.filename!r} holds extra data")
    return np.frombuffer(data, dtype=dtype).reshape(shape, order="F" if fortran else "C")


def _npz_meta(path: Path, meta: np.ndarray) -> tuple[dict, int]:
    """The JSON header and its format version; ModelFileError unless word2vec_np wrote it."""
    try:
        if meta.dtype != np.uint8 or meta.ndim != 1:
            raise ValueError("no word2vec_np header")
        info = json.loads(meta.tobytes().decode("utf-8"))
        if (
            not isinstance(info, dict)
            or info.get("format") != NPZ_FORMAT
            or not isinstance(info.get("config"), dict)
        ):
            raise ValueError("no word2vec_np header")
        version = info.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise ValueError("no format version")
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: JSON nested too deep
        raise _not_ours(path) from None
    return info, version


def _not_ours(path: Path) -> ModelFileError:
    return ModelFileError(f"cannot load {_name(path)}: it is an .npz file but not one saved by word2vec_np")


def _check_declared_shapes(path: Path, headers: Mapping[str, _Header], config: Mapping[str, Any]) -> None:
    """ModelFileError if a matrix declares far more rows than there are words, or columns than ``dim``.

    Checked on the headers alone, before the matrices are decompressed, with a margin of
    ``_SHAPE_SLACK``: that bounds the memory a file can ask for by what its word list and
    settings declare, while a matrix that is merely wrong is left to the caller, who names
    what it should be.
    """
    V = None
    if "words_offsets" in headers and len(headers["words_offsets"][2]) == 1:
        V = headers["words_offsets"][2][0] - 1
    elif "words" in headers and len(headers["words"][2]) == 1:
        V = headers["words"][2][0]
    settings = config.get("train_config") if isinstance(config.get("train_config"), dict) else config
    dim = settings.get("dim")  # a model keeps its settings in the config, a checkpoint in train_config
    D = dim if isinstance(dim, int) and not isinstance(dim, bool) and dim >= 1 else None
    for name in ("W_in", "W_out", "counts"):
        if name not in headers:
            continue
        shape = headers[name][2]
        rows, cols = (shape[0] if shape else 1), math.prod(shape[1:])
        too_many_rows = V is not None and rows > _SHAPE_SLACK * (V + 1)
        too_many_cols = D is not None and name != "counts" and cols > _SHAPE_SLACK * D
        if too_many_rows or too_many_cols:
            implied = f"{V} words" if V is not None else "its word list"
            implied += f" of dimension {D}" if D is not None else ""
            raise ModelFileError(
                f"cannot load {_name(path)}: its member {name!r} declares shape {shape}, far larger than "
                f"{implied} allow; the file is damaged or made to exhaust memory"
            )


def words_to_arrays(words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The words as ``(utf8, offsets)``: word i is ``utf8[offsets[i]:offsets[i + 1]]`` decoded.

    utf8 : (B,) uint8, every word's UTF-8 bytes back to back
    offsets : (V + 1,) int64, ``offsets[0] == 0`` and ``offsets[-1] == B``

    Unlike a NumPy string array (fixed width: 4 bytes a character of the longest word, for
    every word), this costs the words' own bytes, so one 1 MB token stays 1 MB.
    """
    encoded = []
    for i, w in enumerate(words):
        if not isinstance(w, str):
            raise ConfigError(f"word {i} is {w!r}, not a string; every word must be a str")
        encoded.append(w.encode("utf-8"))
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)), out=offsets[1:])
    utf8 = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    return utf8, offsets


def npz_words(arrays: Mapping[str, np.ndarray], path: str | os.PathLike) -> list[str] | None:
    """The words of a loaded ``.npz``: ``words_utf8`` + ``words_offsets`` (format 2) or a ``words``
    string array (format 1); None if it has neither. ModelFileError if they are damaged."""
    if "words_utf8" in arrays or "words_offsets" in arrays:
        utf8, offsets = arrays.get("words_utf8"), arrays.get("words_offsets")
        if (
            utf8 is None
            or offsets is None
            or utf8.dtype != np.uint8
            or utf8.ndim != 1
            or offsets.dtype.kind not in "iu"
            or offsets.ndim != 1
            or len(offsets) < 1
            or offsets[0] != 0
            or offsets[-1] != len(utf8)
            or np.any(np.diff(offsets) < 0)
        ):
            raise ModelFileError(
                f"cannot load {_name(path)}: its word list (words_utf8, words_offsets) is damaged"
            )
        data = utf8.tobytes()
        bounds = offsets.tolist()
        try:
            return [data[a:b].decode("utf-8") for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
        except UnicodeDecodeError:
            raise ModelFileError(f"cannot load {_name(path)}: a word of its word list is not valid UTF-8") from None
    if "words" in arrays:
        words = arrays["words"]
        if words.ndim != 1 or words.dtype.kind != "U":
            raise ModelFileError(f"cannot load {_name(path)}: its 'words' array is not a list of strings")
        return [str(w) for w in words]
    return None


def _damaged(path: Path, exc: BaseException) -> ModelFileError:
    detail = str(exc) or type(exc).__name__
    return ModelFileError(f"cannot load {_name(path)}: the file is truncated or corrupted ({detail})")


# ---------------------------------------------------------------------- by suffix
def save_vectors(path: str | os.PathLike, vectors_or_words_and_matrix: Any, fmt: str | None = None) -> Path:
    """Save word vectors, choosing the format by suffix: ``.txt`` / ``.vec`` (C text), ``.bin`` (C binary)
    or ``.npz``; a further ``.gz`` / ``.bz2`` compresses a text or binary file (``vectors.txt.gz``).

    vectors_or_words_and_matrix : a Vectors, or a (words, matrix) or (words, matrix, counts) tuple
    fmt : "text" or "binary" to write that C format whatever the suffix (the C tool's ``-binary``);
          None to go by the suffix
    The ``.npz`` file holds arrays "words_utf8" and "words_offsets" (see :func:`words_to_arrays`),
    "W_in" (V, D) float32 and, when known, "counts" (V,) int64, the same names a full model file uses.
    """
    words, matrix, counts = _unpack(vectors_or_words_and_matrix)
    kind = vectors_format(path, fmt)
    if kind == "text":
        return save_word2vec_text(path, words, matrix)
    if kind == "binary":
        return save_word2vec_binary(path, words, matrix)
    M = _check_matrix(matrix, list(words))
    utf8, offsets = words_to_arrays(list(words))
    arrays = {"words_utf8": utf8, "words_offsets": offsets, "W_in": M}
    if counts is not None:
        arrays["counts"] = np.asarray(counts, dtype=np.int64)
    return save_model_npz(path, arrays, {})


VECTOR_FORMATS = ("text", "binary")
_SUFFIX_FORMATS = {".txt": "text", ".vec": "text", ".bin": "binary", ".npz": "npz"}


def vectors_format(path: str | os.PathLike, fmt: str | None = None) -> str:
    """"text", "binary" or "npz": what :func:`save_vectors` writes to ``path``; ConfigError if unknown.

    fmt : "text" / "binary" forces that C format for any name but ``.npz``; None goes by the suffix
          (looking through ``.gz`` / ``.bz2``)
    """
    path = Path(path)
    compressed = path.suffix.lower() in _COMPRESSED
    kind = _SUFFIX_FORMATS.get(_format_suffix(path))
    if fmt is not None:
        if fmt not in VECTOR_FORMATS:
            raise ConfigError(f"unknown vectors format {fmt!r}; choose text or binary")
        if kind == "npz":
            raise ConfigError(f"{_name(path)} names an .npz model file, which cannot be written as {fmt}; rename it")
        return fmt
    if kind is None or (compressed and kind == "npz"):
        raise ConfigError(
            f"cannot tell the format of {_name(path)} from its suffix; end the name with .txt, .vec, .bin "
            "or .npz (.txt, .vec and .bin may be followed by .gz or .bz2)"
        )
    return kind


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
    encoded = _check_words(words)
    M = _check_matrix(matrix, encoded)
    tensor, metadata = Path(f"{prefix}_tensor.tsv"), Path(f"{prefix}_metadata.tsv")
    with atomic_write(tensor, "wb") as f:
        for start in range(0, len(M), 4096):
            rows = M[start : start + 4096]
            f.write("".join("\t".join(map(str, row)) + "\n" for row in rows).encode("ascii"))
    with atomic_write(metadata, "wb") as f:
        f.write(b"".join(w + b"\n" for w in encoded))
    return tensor, metadata


# ---------------------------------------------------------------------- the C tool's vocabulary file
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
    encoded = _check_words(words)
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


def load_vocab_file(path: str | os.PathLike) -> dict[str, int]:
    """Read a C tool vocabulary file (``-save-vocab``): word -> count, in the file's order.

    The ``</s>`` entry (the C tool's sentence end; here sentences are kept as offsets) is left
    out. Raises CorpusNotFoundError for a missing file, ModelFileError for a line that is not
    ``word count``, a word listed twice, an empty file, or a pickle.
    """
    path = _check_input_file(path)
    counts: dict[str, int] = {}
    with _open_binary(path) as f:
        r = _Bytes(f, path)
        _refuse_pickle(r)
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
                    f"cannot read the vocabulary {_name(path)}: line {line_no} is {shown!r} where 'word count' "
                    "is expected; give a file the C tool's -save-vocab (or --save-vocab) wrote"
                )
            word = _decode_word(parts[0], line_no - 1, r, "strict")
            if word == SENTENCE_END:
                continue
            if word in counts:
                raise ModelFileError(
                    f"cannot read the vocabulary {_name(path)}: the word {word!r} is listed twice "
                    f"(line {line_no}); the file is damaged"
                )
            counts[word] = int(parts[1])
    if not counts:
        raise ModelFileError(f"the vocabulary {_name(path)} lists no words; give a file that -save-vocab wrote")
    return counts


def load_vectors(path: str | os.PathLike, binary: bool | None = None) -> Vectors:
    """Load word vectors from a ``.txt`` / ``.bin`` word2vec file or a word2vec_np ``.npz`` file.

    An ``.npz`` file (recognised by its suffix or its zip signature) must hold its words (see
    :func:`npz_words`) and "W_in" (V, D) float, and may hold "counts" (V,) int; the others are read
    by load_word2vec.
    """
    p = _check_input_file(path)
    with open(p, "rb") as f:
        is_zip = f.read(4) == b"PK\x03\x04"
    if _format_suffix(p) == ".npz" or is_zip:
        data = load_model_npz(p)
        arrays = data["arrays"]
        words = npz_words(arrays, p)
        if words is None or "W_in" not in arrays:
            raise ModelFileError(f"cannot load vectors from {_name(p)}: it has no 'words' and 'W_in' arrays")
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
                f"cannot load vectors from {_name(p)}: its words and vectors do not match "
                f"({len(words)} words, W_in of shape {W_in.shape})"
            )
        if not np.isfinite(W_in).all():
            raise ModelFileError(
                f"cannot load vectors from {_name(p)}: its vectors contain NaN or infinity; "
                "it came from a run that diverged or is damaged"
            )
        try:
            return Vectors(words, W_in, counts)
        except ConfigError as exc:
            raise ModelFileError(f"cannot load vectors from {_name(p)}: {exc}") from None
    words, matrix = load_word2vec(p, binary)
    return Vectors(words, matrix)


__all__ = [
    "is_pickle",
    "load_model_npz",
    "load_vectors",
    "load_vocab_file",
    "load_word2vec",
    "npz_words",
    "pickle_message",
    "save_model_npz",
    "save_tensorboard",
    "save_vectors",
    "save_vocab_file",
    "save_word2vec_binary",
    "save_word2vec_text",
    "vectors_format",
    "words_to_arrays",
]
