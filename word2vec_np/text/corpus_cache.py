"""The encoded corpus on disk: files written once, mapped, read block by block.

:func:`word2vec_np.text.corpus.load` and :func:`~word2vec_np.text.corpus.encode`
keep a corpus in memory while it is small and write it here once it passes
``DISK_THRESHOLD_TOKENS`` tokens (or always, or never: their ``on_disk``).
A cache is a directory of four files:

==============  ==============================================================
``ids.i32``     the token ids, int32, little-endian, in reading order (N,)
``offsets.i64`` the sentence offsets, int64, little-endian (S + 1,)
``vocab.tsv``   ``word<TAB>count`` per line, by id (what ``load`` counted)
``meta.json``   how the cache was made: its source files (path, size,
                ``mtime_ns``, inode), the settings that shaped it, the sizes
==============  ==============================================================

The ids and offsets are mapped read-only (:func:`map_array`): nothing is
copied, and training gives the pages of every block back to the system once
the block is done (:func:`release`), so the resident memory holds a few
blocks, whatever the size of the corpus. ``meta.json`` is written last, so a
cache whose build was interrupted has none and is rebuilt.

Where the cache lives:

* by default a private directory ``word2vec_np-PID-XXXXXX`` in the system's
  temporary directory, removed when the corpus is garbage-collected or the
  process exits (also on Ctrl-C). A process that is killed cannot clean up:
  the next one that makes a cache removes every such directory whose PID
  is no longer running (:func:`remove_stale`);
* with ``cache=DIR`` in DIR, kept, and reused by the next run whose source
  files and settings are the same (:func:`valid_meta`); otherwise rebuilt.
  Standard input and Python sentences cannot be checked, so their cache is
  always rebuilt.

Before writing, the free space of the cache's disk is checked against an
estimate (about 1.6 bytes per byte of uncompressed text), and again, exactly,
before the ids are renumbered; a write that still fails for lack of space
removes what it wrote. Either is one :class:`~word2vec_np.errors.SaveError`
before training starts.
"""

from __future__ import annotations

import errno
import hashlib
import json
import mmap
import os
import re
import shutil
import tempfile
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from ..errors import ConfigError, SaveError

DISK_THRESHOLD_TOKENS = 10_000_000  # on_disk=None: a corpus goes to disk once this many tokens are read
CACHE_FORMAT = 1
TOKENISATION = "utf8-whitespace-lines"  # how text becomes tokens (text.sources); part of every cache's key
BYTES_PER_TEXT_BYTE = 1.6  # disk estimate: provisional + final ids (~0.7 each per text byte) and offsets
PREFIX = "word2vec_np-"
_PRIVATE = re.compile(rf"^{re.escape(PREFIX)}(\d+)-[0-9a-z_]+$")
RELEASE_BEHIND = 4 << 20  # bytes before a released block released with it (see release)
IDS, OFFSETS, VOCAB, META = "ids.i32", "offsets.i64", "vocab.tsv", "meta.json"


class _Mapping(mmap.mmap):
    """A read-only mapping of a cache file that remembers the file's path (workers map it again)."""

    path: str


def map_array(path: str | os.PathLike, dtype) -> np.ndarray:
    """The file ``path`` as a read-only 1-D array of ``dtype``, mapped, not read."""
    dtype = np.dtype(dtype)
    size = os.path.getsize(path)
    if size == 0:
        return np.zeros(0, dtype=dtype)
    fd = os.open(path, os.O_RDONLY)
    try:
        mapping = _Mapping(fd, 0, access=mmap.ACCESS_READ)
    finally:
        os.close(fd)
    mapping.path = os.fspath(path)
    return np.frombuffer(mapping, dtype=dtype)


def _mapping(a: np.ndarray) -> _Mapping | None:
    base = a
    while isinstance(base, np.ndarray):
        base = base.base
    if isinstance(base, memoryview):
        base = base.obj
    return base if isinstance(base, _Mapping) else None


def mapped_path(a: np.ndarray) -> str | None:
    """The cache file that the whole array ``a`` maps, or None for an array in memory."""
    m = _mapping(a)
    return m.path if m is not None and a.nbytes == len(m) else None


def release(a: np.ndarray, start: int = 0, stop: int | None = None) -> None:
    """Give back to the system the pages of ``a[start:stop]`` if ``a`` is a mapped cache file,
    and those of the ``RELEASE_BEHIND`` bytes before them.

    The file stays mapped: a page read again comes back from the page cache or
    the disk. Pages shared with the neighbouring items are released too. The
    bytes before ``start`` are released again because reading a page maps its
    neighbours with it (Linux maps a large page-cache folio, up to 2 MiB, at
    once), including pages released before. Nothing happens for an array in
    memory. ``a`` must be the whole mapped array.
    """
    m = _mapping(a)
    if m is None:
        return
    stop = len(a) if stop is None else stop
    page = mmap.PAGESIZE
    lo = max(0, start * a.itemsize - RELEASE_BEHIND) // page * page
    hi = min(len(m), stop * a.itemsize)
    if hi > lo:
        m.madvise(mmap.MADV_DONTNEED, lo, hi - lo)


# --------------------------------------------------------------------------- where caches live


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_stale(root: str | os.PathLike | None = None) -> list[str]:
    """Remove the private caches in ``root`` (the temporary directory) whose process is gone; return them."""
    root = Path(root if root is not None else tempfile.gettempdir())
    removed = []
    try:
        entries = list(root.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = _PRIVATE.match(entry.name)
        if match and int(match.group(1)) != os.getpid() and not _pid_alive(int(match.group(1))):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(str(entry))
    return removed


class Store:
    """A cache directory: private (removed with this object or at exit) or named by the user (kept).

    directory : Path of the files. private : whether this process made it and removes it.
    """

    def __init__(self, directory: str | os.PathLike | None = None):
        if directory is None:
            remove_stale()
            self.directory = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
            self.private = True
            self._finalizer = weakref.finalize(self, _remove_private, str(self.directory), os.getpid())
        else:
            self.directory = Path(directory)
            self.private = False
            if self.directory.exists() and not self.directory.is_dir():
                raise ConfigError(f"the cache {str(self.directory)!r} is a file, not a directory; give a directory")
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise SaveError(
                    f"cannot make the cache directory {str(self.directory)!r} ({exc.strerror or exc}); "
                    "give a directory you can write"
                ) from None

    def __repr__(self) -> str:
        return f"Store({str(self.directory)!r}, private={self.private})"

    def path(self, name: str) -> Path:
        return self.directory / name

    def remove(self) -> None:
        """Remove a private cache now (a named one is kept)."""
        if self.private:
            self._finalizer()


def _remove_private(directory: str, pid: int) -> None:
    if os.getpid() == pid:  # never from a forked child
        shutil.rmtree(directory, ignore_errors=True)


# --------------------------------------------------------------------------- what a cache was made from


def source_fingerprint(files: tuple[str, ...]) -> list[dict] | None:
    """Path, size, ``mtime_ns`` and inode of each file; None for stdin (it cannot be checked)."""
    out = []
    for f in files:
        if f == "<stdin>":
            return None
        st = os.stat(f)
        if not os.path.isfile(f):  # a named pipe: what it gives next cannot be checked
            return None
        out.append({"path": os.path.abspath(f), "size": st.st_size, "mtime_ns": st.st_mtime_ns, "inode": st.st_ino})
    return out


def settings_hash(settings: dict) -> str:
    """SHA-256 of the settings that shaped a cache (with the tokenisation and the cache format)."""
    text = json.dumps({**settings, "tokenisation": TOKENISATION, "format": CACHE_FORMAT}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def vocab_hash(words, counts) -> str:
    digest = hashlib.sha256()
    for w, c in zip(words, np.asarray(counts).tolist(), strict=True):
        digest.update(f"{w}\t{c}\n".encode())
    return digest.hexdigest()


def read_meta(store: Store) -> dict | None:
    """The cache's meta.json, or None when it is missing or unreadable (then the cache is rebuilt)."""
    try:
        meta = json.loads(store.path(META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) and meta.get("format") == CACHE_FORMAT else None


def valid_meta(store: Store, source: list[dict] | None, key: dict) -> dict | None:
    """The cache's meta if it was made from these very files with these settings and its files are whole."""
    if source is None or not store.path(META).exists():
        return None
    meta = read_meta(store)
    if meta is None or meta.get("source") != source:
        return None
    if any(meta.get(k) != v for k, v in key.items()):
        return None
    try:
        sizes_ok = (
            os.path.getsize(store.path(IDS)) == 4 * meta["n_words"]
            and os.path.getsize(store.path(OFFSETS)) == 8 * (meta["n_sentences"] + 1)
        )
    except (OSError, KeyError, TypeError):
        return None
    return meta if sizes_ok else None


def write_meta(store: Store, meta: dict) -> None:
    tmp = store.path(META + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({**meta, "format": CACHE_FORMAT}, f, indent=1)
    os.replace(tmp, store.path(META))


def forget(store: Store) -> None:
    """Make the cache invalid before it is rewritten (its meta goes first)."""
    try:
        store.path(META).unlink()
    except FileNotFoundError:
        pass


def write_vocab(store: Store, words, counts) -> None:
    with open(store.path(VOCAB), "w", encoding="utf-8") as f:
        for w, c in zip(words, np.asarray(counts).tolist(), strict=True):
            f.write(f"{w}\t{c}\n")


def read_vocab(store: Store) -> tuple[list[str], list[int]]:
    words, counts = [], []
    with open(store.path(VOCAB), encoding="utf-8") as f:
        for line in f:
            w, c = line.rstrip("\n").split("\t")
            words.append(w)
            counts.append(int(c))
    return words, counts


# --------------------------------------------------------------------------- space


def text_bytes(files: tuple[str, ...]) -> int | None:
    """Bytes of uncompressed text in ``files`` as far as known (compressed: 3x), None for stdin or a pipe."""
    total = 0
    for f in files:
        if f == "<stdin>" or not os.path.isfile(f):
            return None
        size = os.path.getsize(f)
        total += size * 3 if f.lower().endswith((".gz", ".bz2")) else size
    return total


def check_space(store: Store, needed: int, what: str) -> None:
    """SaveError unless the cache's disk has ``needed`` bytes free."""
    free = shutil.disk_usage(store.directory).free
    if free < needed:
        raise SaveError(
            f"the corpus cache in {str(store.directory)!r} needs about {_mb(needed)} for {what} and its disk has "
            f"{_mb(free)} free; free some space, give --cache DIR (cache=DIR) on a larger disk, or keep the "
            "corpus in memory (--corpus-storage memory, on_disk=False)"
        )


def _mb(n: int) -> str:
    return f"{n / 1e6:,.0f} MB" if n >= 1e6 else f"{n:,} bytes"


def create(path: Path):
    """A new cache file open for writing (the cache is scratch space, not a user's save: a file
    half-written is never used, since meta.json, written last, names only whole files).

    An older file of that name is unlinked first, not truncated: a corpus that still maps it (in
    this process or another) keeps reading the old file, where a truncated one would crash it.
    """
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    return open(path, "xb")


def append(f, a: np.ndarray) -> None:
    """Write the items of ``a`` to the cache file ``f`` as they lie in memory."""
    a.tofile(f)


@contextmanager
def writing(store: Store) -> Iterator[None]:
    """Turn a full disk (or another write error) while the cache is written into one SaveError."""
    try:
        yield
    except OSError as exc:
        if isinstance(exc, SaveError):
            raise
        for name in (IDS, OFFSETS, "raw.i32", "lengths.i64", VOCAB):
            try:
                store.path(name).unlink()
            except OSError:
                pass
        store.remove()
        if exc.errno == errno.ENOSPC:
            raise SaveError(
                f"the disk of the corpus cache {str(store.directory)!r} is full; free some space, give --cache DIR "
                "(cache=DIR) on a larger disk, or keep the corpus in memory (--corpus-storage memory, on_disk=False)"
            ) from None
        raise SaveError(
            f"cannot write the corpus cache in {str(store.directory)!r} ({exc.strerror or exc}); "
            "give --cache DIR (cache=DIR) on a disk you can write"
        ) from None


def check_on_disk(on_disk, cache) -> None:
    if on_disk not in (None, True, False):
        raise ConfigError(f"on_disk must be None (automatic), True or False, got {on_disk!r}")
    if on_disk is False and cache is not None:
        raise ConfigError("a corpus cache is a corpus on disk: give cache=DIR without on_disk=False")
