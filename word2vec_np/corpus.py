"""Text corpus -> token ids (int32) and sentence offsets, read as a stream.

A corpus is a UTF-8 text file with one sentence per line and tokens separated
by whitespace (whatever ``str.split()`` splits on). Files whose name ends in
``.gz`` or ``.bz2`` are decompressed on the fly. The file is never held in
memory as a whole, and the encoded corpus is never a Python list of tokens:

* :func:`read_text_chunks` reads about 1 MiB of bytes at a time, cuts each
  chunk after its last ASCII whitespace byte (always a character boundary in
  UTF-8, so a token or a multi-byte character is never split) and decodes it.
* :func:`iter_sentences` turns those chunks into sentences (lists of str).
* :func:`encode` maps each token to its vocabulary id and stores the ids in
  int32 NumPy chunks; the sentence boundaries become int64 offsets.

Conventions:

* Line ends are ``\\n``; a ``\\r`` before it (Windows CRLF) is whitespace and
  disappears with the other whitespace. A lone ``\\r`` is not a line break.
* Blank lines give no sentence.
* A line with more than ``max_sentence_length`` tokens is cut into several
  sentences of ``max_sentence_length`` tokens (the last one shorter), counted
  in raw tokens before out-of-vocabulary words are dropped. The default,
  10000, is gensim's; the C tool cuts at 1000 words. A corpus that is one huge
  line (text8) therefore streams in bounded memory too.
* A UTF-8 byte-order mark at the start of the file is ignored.
* There is no ``</s>`` token: sentence boundaries are kept as offsets.

Problems with the file are reported as one sentence naming it:
:class:`~word2vec_np.errors.CorpusNotFoundError` for a missing file, and
:class:`~word2vec_np.errors.CorpusError` for a directory, an empty or
whitespace-only file, a binary file (NUL bytes), bytes that are not UTF-8 (the
message gives the 0-based byte offset in the decompressed stream), an
unreadable file and a corrupt ``.gz`` / ``.bz2`` file.
"""

from __future__ import annotations

import bz2
import gzip
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import numpy as np

from .errors import ConfigError, CorpusError, CorpusNotFoundError

if TYPE_CHECKING:  # vocab.py imports this module; the type is only needed for hints
    from .vocab import Vocab

CHUNK_BYTES = 1 << 20  # bytes read from the (decompressed) stream at a time
_FLUSH_TOKENS = 1 << 18  # encode() converts its id buffer to int32 every this many tokens
_ASCII_WHITESPACE = b" \t\n\r\x0b\x0c"
_GZIP_MAGIC = b"\x1f\x8b"
_BZ2_MAGIC = b"BZh"


# --------------------------------------------------------------------------- reading


def _check_corpus_path(path: str | os.PathLike) -> Path:
    """Return ``path`` as a Path, or raise if it is missing or a directory."""
    path = Path(path)
    if path.is_dir():
        raise CorpusError(
            f"corpus {str(path)!r} is a directory, not a file; give the path of a text file "
            "with one sentence per line"
        )
    if not path.exists():
        raise CorpusNotFoundError(f"corpus file {str(path)!r} does not exist; check the path")
    return path


def _compression(path: Path) -> str | None:
    """'gzip', 'bzip2' or None, decided by the file name's suffix."""
    suffix = path.suffix.lower()
    return {".gz": "gzip", ".bz2": "bzip2"}.get(suffix)


def _open_binary(path: Path) -> BinaryIO:
    """Open ``path`` for reading bytes, decompressing by suffix."""
    kind = _compression(path)
    if kind == "gzip":
        return gzip.open(path, "rb")
    if kind == "bzip2":
        return bz2.open(path, "rb")
    return open(path, "rb")


def _sniff(path: Path) -> str | None:
    """Guess 'gzip' or 'bzip2' from the first bytes of ``path`` (for error hints only)."""
    try:
        with open(path, "rb") as f:
            head = f.read(4)
    except OSError:
        return None
    if head.startswith(_GZIP_MAGIC):
        return "gzip"
    if head.startswith(_BZ2_MAGIC) and head[3:4].isdigit():
        return "bzip2"
    return None


def _where(path: Path, offset: int) -> str:
    """'byte offset N' (0-based), plus 'of the decompressed stream' for archives."""
    return f"byte offset {offset}" + (" of the decompressed stream" if _compression(path) else "")


def read_text_chunks(path: str | os.PathLike, chunk_bytes: int | None = None) -> Iterator[str]:
    """Yield the decoded text of a corpus file in pieces of about ``chunk_bytes`` bytes.

    ``chunk_bytes`` defaults to the module's ``CHUNK_BYTES`` (1 MiB).

    Every piece but the last ends with an ASCII whitespace character, so no
    token is split between two pieces: ``"".join(pieces)`` is the whole text and
    ``piece.split()`` gives whole tokens. ``.gz`` and ``.bz2`` files are
    decompressed; a leading UTF-8 byte-order mark is dropped.

    Raises
    ------
    CorpusNotFoundError
        ``path`` does not exist.
    CorpusError
        ``path`` is a directory, cannot be read, is empty or whitespace only,
        contains a NUL byte, is not valid UTF-8 (the message gives the 0-based
        byte offset in the decompressed stream) or is a corrupt archive.
    """
    path = _check_corpus_path(path)
    name = str(path)
    chunk_bytes = chunk_bytes or CHUNK_BYTES
    try:
        f = _open_binary(path)
    except OSError as exc:
        reason = exc.strerror or exc
        raise CorpusError(f"corpus {name!r} cannot be read ({reason}); check its permissions") from None

    carry: list[bytes] = []  # bytes after the last whitespace seen, in pieces (no whitespace in them)
    start = 0  # offset of carry[0][0] in the decompressed stream
    n_bytes = 0
    seen_text = False
    try:
        with f:
            while True:
                chunk = f.read(chunk_bytes)
                at_end = not chunk
                if at_end:
                    data, carry = b"".join(carry), []
                else:
                    nul = chunk.find(b"\0")
                    if nul >= 0:
                        raise CorpusError(_nul_message(path, n_bytes + nul))
                    n_bytes += len(chunk)
                    # Only the new chunk can hold whitespace: the carry has none. Searching (and
                    # joining) only once some whitespace arrives keeps a very long token linear.
                    cut = max(chunk.rfind(c) for c in _ASCII_WHITESPACE)
                    if cut < 0:  # no whitespace yet: one very long token, keep reading
                        carry.append(chunk)
                        continue
                    data = b"".join([*carry, chunk[: cut + 1]])
                    carry = [chunk[cut + 1 :]]
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise CorpusError(
                        f"corpus {name!r} is not valid UTF-8 at {_where(path, start + exc.start)}; "
                        "re-save it as UTF-8"
                    ) from None
                if start == 0 and text.startswith("\ufeff"):
                    text = text[1:]  # byte-order mark
                start += len(data)
                if text:
                    seen_text = seen_text or not text.isspace()
                    yield text
                if at_end:
                    break
    except gzip.BadGzipFile as exc:
        if n_bytes == 0:  # not gzip at all
            raise CorpusError(
                f"corpus {name!r} is not gzip-compressed ({exc}); rename it without the .gz suffix"
            ) from None
        raise CorpusError(
            f"corpus {name!r} is a corrupt gzip file ({exc}); re-create or re-download it"
        ) from None
    except (OSError, EOFError, zlib.error) as exc:  # corrupt or truncated archive, read error
        kind = _compression(path)
        what = f"is not a readable {kind} file" if kind else "cannot be read"
        raise CorpusError(f"corpus {name!r} {what} ({exc}); re-create or re-download it") from None

    if n_bytes == 0:
        raise CorpusError(f"corpus {name!r} is empty; give a text file with one sentence per line")
    if not seen_text:
        raise CorpusError(
            f"corpus {name!r} contains only whitespace; give a text file with one sentence per line"
        )


def _nul_message(path: Path, offset: int) -> str:
    """The message for a NUL byte: most likely a binary or misnamed compressed file."""
    hint = "give a UTF-8 text file"
    sniffed = _sniff(path) if _compression(path) is None else None
    if sniffed == "gzip":
        hint = "it looks gzip-compressed, so name it with a .gz suffix"
    elif sniffed == "bzip2":
        hint = "it looks bzip2-compressed, so name it with a .bz2 suffix"
    return f"corpus {str(path)!r} contains a NUL byte at {_where(path, offset)}, so it is not text; {hint}"


def _check_max_sentence_length(max_sentence_length: int) -> None:
    if int(max_sentence_length) != max_sentence_length or max_sentence_length < 1:
        raise ConfigError(f"max_sentence_length must be a positive integer, got {max_sentence_length!r}")


def iter_sentences(path: str | os.PathLike, *, max_sentence_length: int = 10000) -> Iterator[list[str]]:
    """Stream the sentences of a corpus file, one list of tokens per line.

    Tokens are separated by whitespace; ``.gz`` and ``.bz2`` are read
    transparently; CRLF line ends work. Blank lines give nothing. A line of
    more than ``max_sentence_length`` tokens is cut into consecutive sentences
    of ``max_sentence_length`` tokens (the last one shorter).

    Yields
    ------
    list[str]
        The tokens of one sentence, never empty, at most ``max_sentence_length``.

    Raises
    ------
    CorpusNotFoundError, CorpusError
        As :func:`read_text_chunks`.
    ConfigError
        ``max_sentence_length`` is not a positive integer.
    """
    _check_max_sentence_length(max_sentence_length)
    n = max_sentence_length
    pending: list[str] = []  # tokens of a line that continues into the next chunk
    for text in read_text_chunks(path):
        lines = text.split("\n")
        for i, line in enumerate(lines):
            tokens = line.split()
            if pending:
                tokens = pending + tokens
            done = len(tokens) - len(tokens) % n  # tokens that fill whole sentences
            for lo in range(0, done, n):
                yield tokens[lo : lo + n]
            pending = tokens[done:]
            if i < len(lines) - 1 and pending:  # a newline follows this line
                yield pending
                pending = []
    if pending:
        yield pending


# --------------------------------------------------------------------------- encoding


def check_offsets(ids: np.ndarray, offsets: np.ndarray, hint: str = "pass the corpus's own offsets") -> np.ndarray:
    """Return ``offsets`` as int64 after checking that they describe ``ids``.

    ids : (N,) token ids; offsets : (S + 1,) must rise (never fall) from 0 to N.
    Raises ConfigError naming what is wrong, followed by ``hint``.
    """
    offsets = np.asarray(offsets, dtype=np.int64)
    if (
        offsets.ndim != 1
        or len(offsets) == 0
        or offsets[0] != 0
        or offsets[-1] != len(ids)
        or np.any(np.diff(offsets) < 0)
    ):
        raise ConfigError(
            f"offsets must rise from 0 to len(ids) = {len(ids)}, got an array of shape {offsets.shape}; {hint}"
        )
    return offsets


@dataclass(frozen=True, eq=False)
class Corpus:
    """A corpus as token ids plus sentence offsets.

    Attributes
    ----------
    ids : (N,) int32
        Token ids of the words that are in the vocabulary, in reading order.
    offsets : (S + 1,) int64
        Sentence ``s`` is ``ids[offsets[s]:offsets[s + 1]]``; ``offsets[0] == 0``
        and ``offsets[-1] == N``. Every sentence is non-empty: a line whose
        words are all out of the vocabulary gives no sentence.
    n_raw_words : int
        Tokens read, including those not in the vocabulary (the C tool's and
        gensim's word count for the learning-rate schedule).
    """

    ids: np.ndarray
    offsets: np.ndarray
    n_raw_words: int

    def __len__(self) -> int:
        """Number of sentences S."""
        return len(self.offsets) - 1

    def sentences(self) -> Iterator[np.ndarray]:
        """Yield each sentence as a (length,) int32 view into ``ids``."""
        for s in range(len(self.offsets) - 1):
            yield self.ids[self.offsets[s] : self.offsets[s + 1]]


def encode(path: str | os.PathLike, vocab: Vocab, *, max_sentence_length: int = 10000) -> Corpus:
    """Read a corpus file and map its tokens to vocabulary ids, as a stream.

    Out-of-vocabulary tokens are dropped (they take no window slot, as in the
    C tool and gensim); sentences left empty are dropped. The ids are
    collected in int32 chunks of about 2**18 tokens and concatenated once at
    the end, so peak memory is about twice the result (8 bytes a token, plus
    16 a sentence for the offsets), never a Python list of all tokens (about
    60 bytes a token).

    Parameters
    ----------
    path : str or PathLike
        The corpus (plain, ``.gz`` or ``.bz2``).
    vocab : Vocab
        Only ``vocab.index`` (word -> id) is used.
    max_sentence_length : int
        Lines longer than this many tokens are cut, see :func:`iter_sentences`.

    Returns
    -------
    Corpus
        ``ids`` (N,) int32, ``offsets`` (S + 1,) int64, ``n_raw_words``.

    Raises
    ------
    CorpusError
        As :func:`iter_sentences`, or no token of the file is in ``vocab``.
    """
    lookup = vocab.index.get
    id_chunks: list[np.ndarray] = []  # (n_c,) int32 each
    end_chunks: list[np.ndarray] = []  # (s_c,) int64 each: sentence ends in the final ids
    n_kept = 0
    n_raw = 0
    buffer: list[int] = []  # ids of buffered tokens, -1 for out-of-vocabulary ones
    lengths: list[int] = []  # raw length of each buffered sentence

    def flush() -> None:
        nonlocal n_kept, n_raw
        raw = np.array(buffer, dtype=np.int32)  # (n,) ids and -1s
        known = raw >= 0
        seen = np.concatenate(([0], np.cumsum(known)))  # (n + 1,) known tokens before each position
        ends = np.cumsum(lengths)  # (s,) raw end of each sentence
        kept = seen[ends] - seen[ends - np.asarray(lengths)]  # (s,) known tokens per sentence
        end_chunks.append(n_kept + seen[ends][kept > 0].astype(np.int64))
        id_chunks.append(raw[known])
        n_kept += int(seen[-1])
        n_raw += len(raw)
        buffer.clear()
        lengths.clear()

    for sentence in iter_sentences(path, max_sentence_length=max_sentence_length):
        buffer.extend(map(lookup, sentence, repeat(-1)))
        lengths.append(len(sentence))
        if len(buffer) >= _FLUSH_TOKENS:
            flush()
    if buffer:
        flush()

    if n_kept == 0:
        raise CorpusError(
            f"none of the {n_raw} words of corpus {str(path)!r} is in the vocabulary; "
            "build the vocabulary from this corpus or lower min_count"
        )
    ids = np.concatenate(id_chunks)  # (N,) int32
    del id_chunks[:]
    offsets = np.concatenate([np.zeros(1, dtype=np.int64), *end_chunks])
    return Corpus(ids=ids, offsets=offsets, n_raw_words=n_raw)


def load(
    path: str | os.PathLike,
    min_count: int = 5,
    max_vocab_size: int | None = None,
    *,
    max_sentence_length: int = 10000,
) -> tuple[Vocab, Corpus]:
    """Build the vocabulary of a corpus file, then encode it: two streamed passes.

    Returns
    -------
    (Vocab, Corpus)
        See :func:`word2vec_np.vocab.build_vocab` and :func:`encode`.
    """
    from .vocab import build_vocab  # vocab.py imports this module for reading

    vocab = build_vocab(path, min_count=min_count, max_vocab_size=max_vocab_size)
    return vocab, encode(path, vocab, max_sentence_length=max_sentence_length)
