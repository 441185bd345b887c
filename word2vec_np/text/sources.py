"""Where a corpus comes from: files, directories, standard input, pipes, or Python sentences.

Every source is read exactly once, front to back, so a named pipe, standard
input and a one-shot Python generator all work. :func:`open_source` tells
the kinds apart:

* a path (``str`` or ``os.PathLike``) of a text file, one sentence per line,
  tokens separated by whitespace (whatever ``str.split()`` splits on); names
  ending in ``.gz`` or ``.bz2`` are decompressed on the fly. A named pipe or
  ``/dev/stdin`` is a file too;
* ``"-"``: standard input;
* a directory: its regular files whose names do not start with ``.``, in
  sorted order, each read as above (:attr:`Source.files` lists them);
* a list or tuple of paths (``pathlib.Path`` objects, or strings that all
  name existing files): the files in the order given;
* any other iterable: Python sentences, each a ``str`` (split on whitespace,
  like a line of a file) or a sequence of ``str`` tokens (gensim's form).
  It may be a generator that can be iterated only once.
  :class:`LineSentence` (gensim's, with ``PathLineSentences`` and
  ``Text8Corpus``) wraps files as such an iterable.

Text files are never held in memory as a whole: :func:`read_text_chunks`
reads about 1 MiB of bytes at a time, cuts each chunk after its last ASCII
whitespace byte (always a character boundary in UTF-8, so a token or a
multi-byte character is never split) and decodes it;
:func:`iter_sentences` turns the chunks into sentences (lists of str), and
:func:`iter_sentence_blocks` into blocks of many sentences at once (a list of
tokens and an array of lengths), which is how the corpus is encoded.

Conventions:

* Line ends are ``\\n``; a ``\\r`` before it (Windows CRLF) is whitespace and
  disappears with the other whitespace. A lone ``\\r`` is not a line break.
* Blank lines (and empty Python sentences) give no sentence.
* A sentence with more than ``max_sentence_length`` tokens is cut into
  several of ``max_sentence_length`` tokens (the last one shorter), counted
  in raw tokens before out-of-vocabulary words are dropped. The default,
  10000, is gensim's; the C tool cuts at 1000 words. A corpus that is one huge
  line (text8) therefore streams in bounded memory too.
* A UTF-8 byte-order mark at the start of a file is ignored.
* There is no ``</s>`` token: sentence boundaries are kept as offsets.

Problems are reported as one sentence naming the input:
:class:`~word2vec_np.errors.CorpusNotFoundError` for a missing file, and
:class:`~word2vec_np.errors.CorpusError` for an empty directory, an empty or
whitespace-only file, a binary file (NUL bytes), bytes that are not UTF-8 (the
message gives the 0-based byte offset in the decompressed stream), an
unreadable file, a corrupt ``.gz`` / ``.bz2`` file, and Python sentences that
are not strings or sequences of strings.
"""

from __future__ import annotations

import bz2
import gzip
import itertools
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np

from ..errors import ConfigError, CorpusError, CorpusNotFoundError, CorpusTypeError
from .word_files import why_missing

CHUNK_BYTES = 1 << 20  # bytes read from the (decompressed) stream at a time
BLOCK_BYTES = 1 << 18  # bytes of text per block of iter_sentence_blocks: its tokens are Python str meanwhile
PYTHON_BLOCK = 1024  # Python sentences per block of Source.sentence_blocks
LINES_AT_ONCE = 256  # lines of text split together: their short-lived lists stay few and in cache
#: The longest token a corpus may hold (16 MiB): no word is that long, and a file of one huge
#: "token" (a binary file, a compression bomb) would otherwise be held in memory whole.
MAX_TOKEN_BYTES = 16 << 20
_BLANK_RUNS = re.compile(r"\n[\n \t\r\f\v]*\n")  # blank lines: skipped in C, not one by one
STDIN = "-"
_ASCII_WHITESPACE = b" \t\n\r\x0b\x0c"
_GZIP_MAGIC = b"\x1f\x8b"
_BZ2_MAGIC = b"BZh"


# --------------------------------------------------------------------------- sources


class Source:
    """A corpus to read once: text files (or standard input) or Python sentences.

    Attributes
    ----------
    name : str
        How messages name it: a path, ``'<stdin>'``, a directory or ``'the Python sentences'``.
    files : tuple[str, ...]
        The files read, in reading order (``('<stdin>',)`` for standard input, ``()`` for
        Python sentences).

    Build one with :func:`open_source`.
    """

    def __init__(self, name: str, files: tuple[str, ...] = (), sentences: Iterable | None = None):
        self.name = name
        self.files = files
        self._sentences = sentences
        self._used = False

    @property
    def is_python(self) -> bool:
        """Whether the sentences come from a Python iterable (not from text files)."""
        return self._sentences is not None

    def __repr__(self) -> str:
        return f"Source({self.name!r}, files={len(self.files)})"

    def sentences(self, max_sentence_length: int = 10000) -> Iterator[list[str]]:
        """Yield every sentence as a non-empty list of at most ``max_sentence_length`` tokens."""
        _check_max_sentence_length(max_sentence_length)
        if self.is_python:
            self._mark_used()
            n = 0
            for n, sentence in enumerate(_python_sentences(self._sentences, max_sentence_length), 1):
                yield sentence
            if n == 0 and iter(self._sentences) is self._sentences:
                raise CorpusError(
                    "the Python sentences gave nothing: a generator or iterator gives its items only once, "
                    "so one that was read already is empty; pass a list"
                )
            return
        for f in self.files:
            yield from iter_sentences(f, max_sentence_length=max_sentence_length)

    def sentence_blocks(self, max_sentence_length: int = 10000) -> Iterator[tuple[list[str], np.ndarray]]:
        """The sentences of :meth:`sentences`, many at a time: ``(tokens, lengths)`` blocks.

        ``tokens`` is the sentences' tokens one after the other and ``lengths`` (s,) int64 the
        length of each (1 to ``max_sentence_length``, summing to ``len(tokens)``). Text is cut
        into blocks of about ``BLOCK_BYTES`` with no Python work per line
        (:func:`iter_sentence_blocks`), so short lines cost no more than long ones.
        """
        _check_max_sentence_length(max_sentence_length)
        if self.is_python:
            sentences = self.sentences(max_sentence_length)
            while batch := list(itertools.islice(sentences, PYTHON_BLOCK)):
                lengths = np.fromiter(map(len, batch), dtype=np.int64, count=len(batch))
                yield list(itertools.chain.from_iterable(batch)), lengths
            return
        for f in self.files:
            yield from iter_sentence_blocks(f, max_sentence_length=max_sentence_length)

    def token_chunks(self) -> Iterator[list[str]]:
        """Yield the tokens in pieces (no sentence boundaries): the fastest way to count them."""
        if self.is_python:
            yield from self.sentences()
            return
        for f in self.files:
            for text in read_text_chunks(f):
                yield text.split()

    def _mark_used(self) -> None:
        # A generator read a second time would quietly give nothing.
        if self._used and iter(self._sentences) is self._sentences:
            raise CorpusError(
                "the Python sentences were a one-shot iterator that has already been read; "
                "pass a list, or build the vocabulary and train in one call"
            )
        self._used = True


def open_source(source) -> Source:
    """Classify ``source`` (see the module docstring) and check that its files exist.

    Raises
    ------
    CorpusNotFoundError
        A named file does not exist.
    CorpusError
        ``source`` is None, an empty directory, an empty list, or bytes.
    """
    if isinstance(source, Source):
        return source
    if (
        isinstance(source, LineSentence)
        and source.file is None
        and source.limit is None
        and source.max_sentence_length == 10000
    ):
        return source.source
    if source is None:
        raise CorpusError(
            "no corpus was given; pass a text file, a directory, '-' for stdin, or a list of sentences"
        )
    if isinstance(source, bytes | bytearray):
        raise CorpusError("the corpus is bytes; decode it to str, or give the path of a text file")
    if isinstance(source, str | os.PathLike):
        return _path_source(source)
    if isinstance(source, list | tuple) and source and _all_paths(source):
        files: list[str] = []
        for item in source:
            files.extend(_path_source(item).files)
        return Source(", ".join(map(str, source)) if len(source) <= 3 else f"{len(source)} paths", tuple(files))
    if not isinstance(source, Iterable):
        raise CorpusError(
            f"the corpus is a {type(source).__name__}, which is neither a path nor an iterable of sentences; "
            "pass a text file, a directory, or a list of token lists"
        )
    return Source("the Python sentences", (), source)


def _all_paths(items: list | tuple) -> bool:
    """Whether a list names files: all PathLike, or all strings without spaces naming existing paths."""
    if all(isinstance(x, os.PathLike) for x in items):
        return True
    return all(isinstance(x, str) and x and not any(c.isspace() for c in x) and os.path.exists(x) for x in items)


def _path_source(path: str | os.PathLike) -> Source:
    if isinstance(path, str) and path == STDIN:
        return Source("<stdin>", ("<stdin>",))
    p = Path(path)
    if p.is_dir():
        files = sorted(str(f) for f in p.iterdir() if not f.name.startswith(".") and f.is_file())
        if not files:
            raise CorpusError(
                f"directory {str(p)!r} holds no files to read (names starting with '.' are skipped); "
                "give a directory of text files"
            )
        return Source(str(p), tuple(files))
    if not p.exists():
        raise CorpusNotFoundError(f"corpus file {str(p)!r} {why_missing(p)}")
    return Source(str(p), (str(p),))


def describe(source: Source, limit: int = 5) -> str:
    """The files of a source for a progress line: all of them, or the first ``limit`` and a count."""
    if source.is_python or len(source.files) <= 1 or source.name == ", ".join(source.files):
        return source.name
    shown = ", ".join(source.files[:limit])
    more = f" and {len(source.files) - limit} more" if len(source.files) > limit else ""
    return f"{source.name} ({len(source.files)} files: {shown}{more})"


def _python_sentences(sentences: Iterable, n: int) -> Iterator[list[str]]:
    """Check and cut Python sentences: str items are split, token sequences must hold str only."""
    for i, item in enumerate(sentences):
        if isinstance(item, str):
            tokens = item.split()
        elif isinstance(item, bytes | bytearray):
            raise CorpusError(f"sentence {i} of the Python sentences is bytes; decode it to str first")
        else:
            try:
                tokens = list(item)
            except TypeError:
                raise CorpusTypeError(
                    f"sentence {i} of the Python sentences is a {type(item).__name__}, not a str or a list of str; "
                    "pass an iterable of token lists (or of strings)"
                ) from None
            bad = next((t for t in tokens if not isinstance(t, str)), None)
            if bad is not None:
                raise CorpusTypeError(
                    f"sentence {i} of the Python sentences holds a token of type {type(bad).__name__} "
                    f"({str(bad)[:40]!r}); tokens must be str"
                )
            if len(" ".join(tokens).split()) != len(tokens):  # an empty token, or one holding whitespace
                bad = next(t for t in tokens if t.split() != [t])
                raise CorpusError(
                    f"sentence {i} of the Python sentences holds the token {bad[:40]!r}, which is empty or "
                    "holds whitespace; the vector file formats cannot store it (join words with '_')"
                )
        for lo in range(0, len(tokens), n):
            yield tokens[lo : lo + n]


class LineSentence:
    """gensim's ``LineSentence``: the sentences of a text file, one per line, re-readable.

    ``source`` is anything :func:`open_source` accepts that names files (a file,
    a directory, a list of paths), so this is also gensim's
    ``PathLineSentences`` (a directory) and, since text8's one line is cut into
    sentences of ``max_sentence_length`` tokens, its ``Text8Corpus``. Each
    iteration reads the files again. Given to ``Word2Vec`` or ``corpus.load``
    without ``limit`` and with the default ``max_sentence_length``, it is read
    as the files themselves.

    ``source`` may also be an open file (text or binary, UTF-8), as gensim allows:
    each iteration reads it from the start again (``seek(0)``), so it must be seekable
    to be read more than once.
    """

    def __init__(self, source, max_sentence_length: int = 10000, limit: int | None = None):
        _check_max_sentence_length(max_sentence_length)
        self.max_sentence_length = max_sentence_length
        self.limit = limit
        self.file = source if hasattr(source, "read") else None
        if self.file is not None:
            self.source = None
            return
        self.source = open_source(source)
        if self.source.is_python:
            raise CorpusError("LineSentence reads files; pass the sentences themselves instead")

    def __iter__(self) -> Iterator[list[str]]:
        sentences = self._file_sentences() if self.file is not None else self.source.sentences(self.max_sentence_length)
        yield from (sentences if self.limit is None else itertools.islice(sentences, self.limit))

    def _file_sentences(self) -> Iterator[list[str]]:
        """The open file's lines as token lists, cut every ``max_sentence_length`` tokens."""
        if self.file.seekable():
            self.file.seek(0)
        n = self.max_sentence_length
        for line in self.file:
            tokens = (line.decode("utf-8") if isinstance(line, bytes) else line).split()
            for start in range(0, len(tokens), n):
                yield tokens[start : start + n]


PathLineSentences = LineSentence
Text8Corpus = LineSentence


# --------------------------------------------------------------------------- reading text


def _check_corpus_path(path: str | os.PathLike) -> Path:
    """Return ``path`` as a Path, or raise if it is missing or a directory."""
    path = Path(path)
    if path.is_dir():
        raise CorpusError(
            f"corpus {str(path)!r} is a directory, not a file; give the path of a text file "
            "with one sentence per line"
        )
    if not path.exists():
        raise CorpusNotFoundError(f"corpus file {str(path)!r} {why_missing(path)}")
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
    if not path.is_file():  # a pipe cannot be read twice
        return None
    try:
        with open(path, "rb") as f:
            head = f.read(4)
    except OSError:
        return None
    return _magic(head)


def _magic(head: bytes) -> str | None:
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

    ``chunk_bytes`` defaults to the module's ``CHUNK_BYTES`` (1 MiB). ``"-"``
    or ``"<stdin>"`` reads standard input.

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
    chunk_bytes = chunk_bytes or CHUNK_BYTES
    if str(path) in (STDIN, "<stdin>"):
        yield from _chunks(sys.stdin.buffer, Path("<stdin>"), chunk_bytes, close=False)
        return
    path = _check_corpus_path(path)
    try:
        f = _open_binary(path)
    except OSError as exc:
        reason = exc.strerror or exc
        raise CorpusError(f"corpus {str(path)!r} cannot be read ({reason}); check its permissions") from None
    yield from _chunks(f, path, chunk_bytes, close=True)


def _chunks(f: BinaryIO, path: Path, chunk_bytes: int, close: bool) -> Iterator[str]:
    """The body of :func:`read_text_chunks` for an open stream ``f`` named ``path``."""
    name = str(path)
    carry: list[bytes] = []  # bytes after the last whitespace seen, in pieces (no whitespace in them)
    start = 0  # offset of carry[0][0] in the decompressed stream
    n_bytes = 0
    seen_text = False
    try:
        while True:
            chunk = f.read(chunk_bytes)
            at_end = not chunk
            if at_end:
                data, carry = b"".join(carry), []
            else:
                nul = chunk.find(b"\0")
                if nul >= 0:
                    raise CorpusError(_nul_message(path, n_bytes + nul, chunk if n_bytes == 0 else b""))
                n_bytes += len(chunk)
                # Only the new chunk can hold whitespace: the carry has none. Searching (and
                # joining) only once some whitespace arrives keeps a very long token linear.
                cut = max(chunk.rfind(c) for c in _ASCII_WHITESPACE)
                if cut < 0:  # no whitespace yet: one very long token, keep reading
                    carry.append(chunk)
                    if sum(map(len, carry)) > MAX_TOKEN_BYTES:
                        raise CorpusError(
                            f"corpus {name!r} holds a token longer than {MAX_TOKEN_BYTES:,} bytes at "
                            f"{_where(path, start)}, so it is not text of words; give a text file of sentences"
                        )
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
        raise CorpusError(f"corpus {name!r} is a corrupt gzip file ({exc}); re-create or re-download it") from None
    except (OSError, EOFError, zlib.error) as exc:  # corrupt or truncated archive, read error
        kind = _compression(path)
        what = f"is not a readable {kind} file" if kind else "cannot be read"
        raise CorpusError(f"corpus {name!r} {what} ({exc}); re-create or re-download it") from None
    finally:
        if close:
            f.close()

    if n_bytes == 0:
        raise CorpusError(f"corpus {name!r} is empty; give a text file with one sentence per line")
    if not seen_text:
        raise CorpusError(f"corpus {name!r} contains only whitespace; give a text file with one sentence per line")


def _nul_message(path: Path, offset: int, head: bytes) -> str:
    """The message for a NUL byte: most likely a binary or misnamed compressed file."""
    hint = "give a UTF-8 text file"
    sniffed = None
    if _compression(path) is None:
        sniffed = _magic(head[:4]) if head else _sniff(path)
    if sniffed and str(path) == "<stdin>":
        hint = f"it looks {sniffed}-compressed, so decompress it first (e.g. zcat FILE | ...)"
    elif sniffed == "gzip":
        hint = "it looks gzip-compressed, so name it with a .gz suffix"
    elif sniffed == "bzip2":
        hint = "it looks bzip2-compressed, so name it with a .bz2 suffix"
    return f"corpus {str(path)!r} contains a NUL byte at {_where(path, offset)}, so it is not text; {hint}"


def _check_max_sentence_length(max_sentence_length: int) -> None:
    if int(max_sentence_length) != max_sentence_length or max_sentence_length < 1:
        raise ConfigError(f"max_sentence_length must be a positive integer, got {max_sentence_length!r}")


def iter_sentences(path, *, max_sentence_length: int = 10000) -> Iterator[list[str]]:
    """Stream the sentences of a corpus file (or of any source), one list of tokens per line.

    Tokens are separated by whitespace; ``.gz`` and ``.bz2`` are read
    transparently; CRLF line ends work. Blank lines give nothing. A line of
    more than ``max_sentence_length`` tokens is cut into consecutive sentences
    of ``max_sentence_length`` tokens (the last one shorter). ``path`` may be
    any source :func:`open_source` accepts; a directory gives its files' lines.

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
    if not isinstance(path, str | os.PathLike) or str(path) == STDIN or Path(path).is_dir():
        yield from open_source(path).sentences(max_sentence_length)
        return
    n = max_sentence_length
    pending: list[str] = []  # tokens of a line that continues into the next chunk
    for text in read_text_chunks(path):
        lines = _BLANK_RUNS.sub("\n", text).split("\n")  # a run of blank lines is one line break
        tail = lines.pop()  # after the last newline: the line may go on in the next chunk
        if pending and lines:  # the line the last chunk began ends here
            yield from _cut(pending + lines.pop(0).split(), n)
            pending = []
        for tokens in map(str.split, lines):
            if len(tokens) > n:
                yield from _cut(tokens, n)
            elif tokens:
                yield tokens
        tokens = tail.split()
        if pending:
            tokens = pending + tokens
        done = len(tokens) - len(tokens) % n  # tokens that fill whole sentences
        for lo in range(0, done, n):
            yield tokens[lo : lo + n]
        pending = tokens[done:]
    if pending:
        yield pending


def iter_sentence_blocks(path, *, max_sentence_length: int = 10000) -> Iterator[tuple[list[str], np.ndarray]]:
    """The sentences of :func:`iter_sentences` for a file, as ``(tokens, lengths)`` blocks.

    ``tokens`` is the tokens of whole sentences, one after the other, and ``lengths`` (s,) int64
    the length of each sentence, from 1 to ``max_sentence_length``, summing to ``len(tokens)``:
    ``iter_sentences`` gives ``tokens[:lengths[0]]``, then the next ``lengths[1]`` tokens, and so
    on. Each block holds the lines that end in one piece of :func:`read_text_chunks` of
    ``BLOCK_BYTES`` (256 KiB: the block's tokens are Python str objects, several times the
    text's size, while it is mapped to ids): they are split a few hundred at a time with no Python step per line, so a file of
    one-word or blank lines is read about as fast as any other text. Raises as
    :func:`iter_sentences`.
    """
    _check_max_sentence_length(max_sentence_length)
    n = max_sentence_length
    pending: list[str] = []  # the tokens of the line still open at the end of a piece (fewer than n)
    for text in read_text_chunks(path, chunk_bytes=BLOCK_BYTES):
        end = text.rfind("\n") + 1  # text[:end]: the lines that end in this piece; 0 if none does
        closed = _BLANK_RUNS.sub("\n", text[:end]).split("\n")[:-1] if end else []  # a blank run: one break
        tokens, counts, n_pending = pending, [], len(pending)  # counts: tokens of each line of `closed`
        for lo in range(0, len(closed), LINES_AT_ONCE):
            lines = list(map(str.split, closed[lo : lo + LINES_AT_ONCE]))  # a few hundred lists, gone at once
            counts.extend(map(len, lines))
            tokens.extend(itertools.chain.from_iterable(lines))
        if counts:
            counts[0] += n_pending  # the first line ending here began in an earlier piece
        tokens.extend(text[end:].split())
        n_open = len(tokens) - sum(counts)  # tokens of the line still open (pending among them if no line ended)
        keep = n_open % n  # held back: whole sentences of n go now, as iter_sentences does
        lengths = np.concatenate(
            [_cut_lengths(np.array(counts, dtype=np.int64), n), np.full(n_open // n, n, dtype=np.int64)]
        )
        pending = tokens[len(tokens) - keep :]
        del tokens[len(tokens) - keep :]
        if tokens:
            yield tokens, lengths
        del tokens, lengths, closed  # let the block go before the next piece is split
    if pending:
        yield pending, np.array([len(pending)], dtype=np.int64)


def _cut_lengths(lengths: np.ndarray, n: int) -> np.ndarray:
    """Line lengths (lines,) -> sentence lengths: blank lines dropped, each longer line cut into pieces of n."""
    lengths = lengths[lengths > 0]
    if not (lengths > n).any():
        return lengths
    pieces = (lengths + n - 1) // n  # (lines,) sentences of each line
    out = np.full(int(pieces.sum()), n, dtype=np.int64)
    out[np.cumsum(pieces) - 1] = lengths - n * (pieces - 1)  # the last piece of each line: what is left
    return out


def _cut(tokens: list[str], n: int) -> Iterator[list[str]]:
    """A line's tokens as sentences of ``n`` tokens, the last one shorter (none for a blank line)."""
    for lo in range(0, len(tokens), n):
        yield tokens[lo : lo + n]
