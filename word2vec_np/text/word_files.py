"""What every file of words shares: the words it may hold, its defences, and a careful reader of its bytes.

The C tool's vocabulary file (:mod:`word2vec_np.text.vocab_file`) and the vectors files
(:mod:`word2vec_np.vectors.word2vec_format`, :mod:`word2vec_np.vectors.npz`) are read and
written by the same rules:

* a word is UTF-8 (non-ASCII is fine), non-empty, and holds no whitespace (:data:`WHITESPACE`
  separates the fields) and no NUL: :func:`check_words` before a save, :func:`decode_word`
  when reading;
* a missing path is a ``CorpusNotFoundError`` (a FileNotFoundError), a directory a
  ``ModelFileError`` (:func:`check_input_file`);
* a Python pickle (gensim's ``model.save()``) is refused before anything is unpickled
  (:func:`is_pickle`, :func:`pickle_message`, :func:`refuse_pickle`);
* a name ending in ``.gz`` / ``.bz2`` is decompressed on the fly (:func:`open_binary`), and
  :func:`format_suffix` looks through that ending for the suffix naming the format;
* :class:`ByteReader` reads the bytes front to back, :data:`CHUNK` bytes at a time, and keeps
  its byte offset for the error messages.

Every problem with a file is reported as one sentence naming the file (:func:`quoted`):
``ModelFileError`` (a ValueError) when it is truncated, corrupted or unsafe, ``ConfigError``
when a word cannot be saved.
"""

from __future__ import annotations

import bz2
import errno
import gzip
import os
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from ..errors import ConfigError, CorpusNotFoundError, ModelFileError, UndecodableWordError

WHITESPACE = b" \t\n\r\x0b\x0c"
CHUNK = 1 << 20  # bytes read at a time
COMPRESSED = {".gz": gzip.open, ".bz2": bz2.open}
#: The longest line a text file of words may have (a vectors row, a vocabulary entry, a word pair):
#: a row of 100,000 values is about 1 MiB. A longer one is damage, or not such a file (/dev/zero).
MAX_LINE_BYTES = 4 << 20
#: A .gz / .bz2 file may expand to at most this many times its size, plus :data:`EXPANSION_ALLOWANCE`,
#: counting the decompressed bytes as they are read: vectors, vocabularies and text compress 2 to 5
#: times, while a small archive of one repeated line (a compression bomb) expands a thousandfold.
MAX_EXPANSION = 100
EXPANSION_ALLOWANCE = 4 << 20


def quoted(path: str | os.PathLike) -> str:
    """The path as every error message names it: ``'path'``."""
    return repr(str(path))


def why_missing(path: str | os.PathLike) -> str:
    """Why a path that does not exist cannot be read, in words: it does not exist, it is a symlink
    loop, or it is a symlink to a file that does not exist."""
    if not os.path.islink(path):
        return "does not exist; check the path"
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a symlink loop; point the link at a file"
    return f"is a symlink to {quoted(os.readlink(path))}, which does not exist; check the link"


def check_input_file(path: str | os.PathLike) -> Path:
    """The path, if it is an existing regular file; else the project's error for it."""
    path = Path(path)
    if not path.exists():
        raise CorpusNotFoundError(f"the file {quoted(path)} {why_missing(path)}")
    if path.is_dir():
        raise ModelFileError(f"{quoted(path)} is a directory, not a vectors or model file; give a file")
    return path


def check_words(words: Sequence[str]) -> list[bytes]:
    """The UTF-8 bytes of each word; ConfigError for a word the formats cannot hold."""
    out = []
    for i, w in enumerate(words):
        if not isinstance(w, str):
            raise ConfigError(f"word {i} is {w!r}, not a string; every word must be a str")
        b = w.encode("utf-8")
        if not b or any(ch in b for ch in WHITESPACE) or b"\x00" in b:
            raise ConfigError(
                f"cannot save the word {w!r} (word {i}): words in word2vec files must be non-empty "
                "and contain no whitespace or NUL characters"
            )
        out.append(b)
    return out


class ByteReader:
    """A forward-only reader over a binary stream that keeps its byte offset for error messages."""

    def __init__(self, f: IO[bytes], path: Path):
        self.f, self.path = f, path
        self.buf = bytearray()  # unread bytes start at buf[pos]
        self.pos = 0
        self.consumed = 0  # bytes of the file before buf[0]
        self.eof = False
        self.cut_short = False  # the last rest_of_line() ran into the end of the file
        self.decompressed = 0  # bytes read from the (decompressed) stream so far
        self.expansion_limit = expansion_limit(path)

    @property
    def offset(self) -> int:
        return self.consumed + self.pos

    def _read(self, n: int) -> bytes:
        try:
            data = self.f.read(n)
        except (OSError, EOFError, ValueError) as exc:  # gzip/bz2 streams that are cut short or damaged
            raise ModelFileError(
                f"cannot read {quoted(self.path)}: the compressed data is damaged ({exc})"
            ) from None
        self.decompressed += len(data)
        check_expansion(self.path, self.decompressed, self.expansion_limit)
        return data

    def more(self) -> bool:
        """Append one more chunk to the buffer; False at the end of the file."""
        if self.eof:
            return False
        chunk = self._read(CHUNK)
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
            if not self.more():
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
            if (limit is not None and searched > limit) or not self.more():
                return None

    def rest_of_line(self) -> bytes:
        """Bytes up to the next newline (consumed) or the end of the file (then ``cut_short`` is set);
        ModelFileError for a line longer than :data:`MAX_LINE_BYTES`."""
        start = self.offset
        line = self.until(b"\n", limit=MAX_LINE_BYTES)
        if (line is None and not self.eof) or (line is not None and len(line) > MAX_LINE_BYTES):
            raise line_too_long(self.path, start)
        self.cut_short = line is None
        if line is None:
            line, self.pos = bytes(self.buf[self.pos :]), len(self.buf)
            if len(line) > MAX_LINE_BYTES:  # the last line, without a newline
                raise line_too_long(self.path, start)
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


def expansion_limit(path: Path) -> int | None:
    """How many decompressed bytes a .gz / .bz2 file may yield (:data:`MAX_EXPANSION`); None for others."""
    if path.suffix.lower() not in COMPRESSED:
        return None
    try:
        return EXPANSION_ALLOWANCE + MAX_EXPANSION * os.stat(path).st_size
    except OSError:
        return None


def check_expansion(path: Path, decompressed: int, limit: int | None) -> None:
    """ModelFileError once a compressed file has yielded more than ``limit`` bytes (a compression bomb)."""
    if limit is not None and decompressed > limit:
        raise ModelFileError(
            f"cannot read {quoted(path)}: it expands to more than {MAX_EXPANSION} times its compressed size, "
            "as no file of words or vectors does (a compression bomb?); decompress it yourself if it is genuine"
        )


def size_text(n: int) -> str:
    """A size in the units a person reads: '4 MiB', else '1,024 bytes'."""
    return f"{n >> 20} MiB" if n >= 1 << 20 and n % (1 << 20) == 0 else f"{n:,} bytes"


def line_too_long(path: Path, offset: int) -> ModelFileError:
    """The error for a line longer than :data:`MAX_LINE_BYTES` starting at byte ``offset``."""
    return ModelFileError(
        f"cannot read {quoted(path)}: the line at byte {offset:,} is longer than {size_text(MAX_LINE_BYTES)}, "
        "as no line of a words or vectors file is; the file is damaged or not such a file"
    )


def open_binary(path: Path) -> IO[bytes]:
    """The file opened for reading bytes, decompressed on the fly when its name ends in .gz / .bz2."""
    opener = COMPRESSED.get(path.suffix.lower())
    return opener(path, "rb") if opener else open(path, "rb")


def format_suffix(path: Path) -> str:
    """The suffix that names the format, looking through .gz / .bz2."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in COMPRESSED:
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def refuse_pickle(r: ByteReader) -> None:
    """ModelFileError, before anything is unpickled, for a file that starts like a Python pickle."""
    while len(r.buf) - r.pos < 2 and r.more():
        pass
    if is_pickle(bytes(r.buf[r.pos : r.pos + 2])):
        raise ModelFileError(pickle_message(r.path))


def is_pickle(head: bytes) -> bool:
    """Whether bytes start like a pickle of protocol 2 to 5 (gensim's ``model.save()`` writes one)."""
    return len(head) >= 2 and head[0] == 0x80 and 2 <= head[1] <= 5


def pickle_message(path: str | os.PathLike) -> str:
    """The sentence refusing a pickle file (without unpickling it) and saying how to export it."""
    return (
        f"refusing to read {quoted(path)}: it is a Python pickle, such as gensim's model.save() writes, and "
        "unpickling can run code from the file; in gensim, export the vectors with "
        "model.wv.save_word2vec_format('vectors.bin', binary=True) and load that file"
    )


def decode_word(raw: bytes, row: int, r: ByteReader, unicode_errors: str) -> str:
    """The word of 0-based ``row`` from its raw bytes; ModelFileError if it is empty, and
    UndecodableWordError (a ModelFileError and a UnicodeDecodeError) if it is not UTF-8."""
    try:
        word = raw.decode("utf-8", errors=unicode_errors)
    except UnicodeDecodeError as exc:
        raise UndecodableWordError(
            f"cannot read {quoted(r.path)}: the word of row {row + 1} is not valid UTF-8; the file is damaged "
            "or in another encoding (unicode_errors='replace' reads words the C tool cut mid-character)",
            raw,
            exc.start,
            exc.end,
        ) from None
    if not word:
        raise ModelFileError(
            f"cannot read {quoted(r.path)}: row {row + 1} has an empty word; the file is damaged"
        )
    return word


__all__ = [
    "CHUNK",
    "COMPRESSED",
    "MAX_EXPANSION",
    "MAX_LINE_BYTES",
    "WHITESPACE",
    "ByteReader",
    "check_expansion",
    "check_input_file",
    "check_words",
    "decode_word",
    "format_suffix",
    "is_pickle",
    "line_too_long",
    "open_binary",
    "pickle_message",
    "quoted",
    "refuse_pickle",
    "size_text",
    "why_missing",
]
