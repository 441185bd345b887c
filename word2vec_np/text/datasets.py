"""Standard datasets, downloaded once into a cache and checked before use.

Two datasets are known by name:

- ``text8``: the first 10^8 bytes of an English Wikipedia dump (March 2006),
  lowercased to ``a-z`` and spaces by Matt Mahoney; about 17 million words on
  one line. It is served as ``text8.zip``; :func:`fetch` unzips it.
- ``questions-words``: the analogy test set of Mikolov et al. (2013), 19,544
  questions in 14 sections (``: section`` lines, then ``a b c d`` lines).

Usage::

    from word2vec_np.text import datasets
    path = datasets.fetch("text8")       # downloads on first use, then reuses

From the command line, ``python -m word2vec_np.datasets {list, fetch NAME,
path NAME}`` (:mod:`word2vec_np.datasets`) does the same.

Where files go: ``$WORD2VEC_NP_CACHE`` if set, else
``$XDG_CACHE_HOME/word2vec_np``, else ``~/.cache/word2vec_np``.
``$WORD2VEC_NP_DATASETS_URL`` (or ``base_url=``) replaces each dataset's
addresses with ``<base_url>/<file name>``, for a local mirror.

How a file gets into the cache: it is streamed into a temporary file in the
cache directory (through :func:`word2vec_np.atomic.atomic_write`), its size
and SHA-256 are checked, and only then is it renamed to its final name. A
failed, interrupted or mismatching download therefore leaves nothing behind
and raises :class:`~word2vec_np.errors.DownloadError`. A zip archive is
checked, renamed into place, unzipped the same way (the extracted file has
its own size and SHA-256), and then deleted. A file already in the cache is
used without touching the network once its size and SHA-256 check out (a
junk file of the right size is downloaded again); the check is remembered for
the rest of the process, keyed by the file's size and modification time, so
hashing text8's 100 MB (a fraction of a second) happens once per process.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import os
import sys
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..atomic import atomic_write
from ..errors import ConfigError, DownloadError

try:  # the progress bar is optional; a plain stderr line replaces it
    from tqdm import tqdm
except ImportError:  # pragma: no cover - depends on the environment
    tqdm = None

CACHE_ENV = "WORD2VEC_NP_CACHE"
BASE_URL_ENV = "WORD2VEC_NP_DATASETS_URL"

_CHUNK = 1 << 16  # bytes per read while downloading or unzipping
_TIMEOUT = 60  # seconds without data before a download is given up


@dataclass(frozen=True)
class Dataset:
    """One downloadable file and what it must look like once downloaded.

    ``filename`` is the name of the downloaded file (and the name appended to
    a base-URL override); ``size`` and ``sha256`` describe it byte for byte.
    For a zip archive, ``member`` names the file to extract, described by
    ``member_size`` and ``member_sha256``; the extracted file is the dataset.
    """

    name: str
    description: str
    urls: tuple[str, ...]
    filename: str
    size: int
    sha256: str
    member: str | None = None
    member_size: int | None = None
    member_sha256: str | None = None

    @property
    def ready_name(self) -> str:
        """Name of the ready-to-use file in the cache directory."""
        return self.member or self.filename

    @property
    def ready_size(self) -> int:
        """Size in bytes of the ready-to-use file."""
        return self.member_size if self.member else self.size

    @property
    def ready_sha256(self) -> str | None:
        """SHA-256 of the ready-to-use file."""
        return self.member_sha256 if self.member else self.sha256


# Both digests can be re-checked with `sha256sum` on a downloaded copy.
DATASETS: dict[str, Dataset] = {
    "text8": Dataset(
        name="text8",
        description="first 10^8 bytes of English Wikipedia (2006), cleaned; ~17M words",
        urls=(
            "https://mattmahoney.net/dc/text8.zip",
            "http://mattmahoney.net/dc/text8.zip",
        ),
        filename="text8.zip",
        size=31_344_016,
        sha256="a6640522afe85d1963ad56c05b0ede0a0c000dddc9671758a6cc09b7a38e5232",
        member="text8",
        member_size=100_000_000,
        # MD5 of the same file: 3bea1919949baf155f99411df5fada7e.
        member_sha256="6e890197040d37d85beb962ae1f041ff1d9a9ca8d20c7d99c85027eebf51dca7",
    ),
    "questions-words": Dataset(
        name="questions-words",
        description="analogy questions of Mikolov et al. (2013): 19,544 questions, 14 sections",
        urls=(
            "https://download.tensorflow.org/data/questions-words.txt",
            "https://raw.githubusercontent.com/tmikolov/word2vec/"
            "20c129af10659f7c50e86e3be406df663beff438/questions-words.txt",
        ),
        filename="questions-words.txt",
        size=603_955,
        # SHA-1 of the same file: fa92df4bbe788f2d51827c762c63bd8e470edf31.
        sha256="8c29b3332afc46f3fb8be04cb5297bf96f39aa7131272dff57869b4485b22a36",
    ),
}


def cache_dir() -> Path:
    """The directory datasets are kept in (not created here).

    ``$WORD2VEC_NP_CACHE`` if set; else ``$XDG_CACHE_HOME/word2vec_np`` when
    that is an absolute path; else ``~/.cache/word2vec_np``.
    """
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "word2vec_np"
    return Path.home() / ".cache" / "word2vec_np"


def dataset_path(name: str) -> Path:
    """Where the ready-to-use file of dataset ``name`` is (or will be) in the cache."""
    return cache_dir() / _lookup(name).ready_name


def is_cached(name: str) -> bool:
    """True when dataset ``name`` is in the cache with its expected size and SHA-256."""
    dataset = _lookup(name)
    return _is_verified(dataset_path(name), dataset.ready_size, dataset.ready_sha256)


def fetch(name: str, *, quiet: bool = False, base_url: str | None = None) -> Path:
    """Return the local path of dataset ``name``, downloading it the first time.

    Parameters
    ----------
    name : one of ``DATASETS`` ("text8", "questions-words").
    quiet : no progress bar when True.
    base_url : download ``<base_url>/<file name>`` instead of the dataset's
        own addresses; defaults to ``$WORD2VEC_NP_DATASETS_URL`` when set.

    Returns the ready-to-use file (for text8 the extracted ``text8``). Raises
    ConfigError for an unknown name and DownloadError when the file cannot be
    downloaded, written or verified; no partial file is then left in the cache.
    """
    dataset = _lookup(name)
    directory = cache_dir()
    ready = directory / dataset.ready_name
    if _is_verified(ready, dataset.ready_size, dataset.ready_sha256):
        return ready
    _make_cache_dir(directory)
    urls = _urls(dataset, base_url)
    if dataset.member is None:
        _download(dataset, urls, ready, quiet=quiet)
        return ready

    archive = directory / dataset.filename  # kept only until it is unzipped
    if not (_is_ready(archive, dataset.size) and _sha256_of(archive) == dataset.sha256):
        _download(dataset, urls, archive, quiet=quiet)
    _extract(dataset, archive, ready, quiet=quiet)
    archive.unlink()
    return ready


def resolve_corpus(arg: str | os.PathLike, *, quiet: bool = False) -> Path:
    """Turn a command-line file argument into a path, fetching a named dataset.

    If ``arg`` is the name of a known dataset ("text8", "questions-words")
    and no file of that name exists here, the dataset is fetched and its
    cached path returned; otherwise ``Path(arg)`` is returned unchanged, so a
    local file always wins over a dataset of the same name.
    """
    if str(arg) in DATASETS and not Path(arg).exists():
        return fetch(str(arg), quiet=quiet)
    return Path(arg)


# --- helpers ---------------------------------------------------------------


def _lookup(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError:
        known = ", ".join(sorted(DATASETS))
        raise ConfigError(f"unknown dataset {name!r}; choose one of: {known}") from None


def _is_ready(path: Path, size: int) -> bool:
    try:
        return path.is_file() and path.stat().st_size == size
    except OSError:
        return False


_VERIFIED: set[tuple[str, int, int, str]] = set()  # (path, size, mtime_ns, sha256) found to match


def _is_verified(path: Path, size: int, sha256: str | None) -> bool:
    """True when ``path`` has the expected size and SHA-256; the hash is remembered by size and mtime."""
    if not _is_ready(path, size):
        return False
    if sha256 is None:
        return True
    try:
        st = path.stat()
        key = (str(path.resolve()), st.st_size, st.st_mtime_ns, sha256)
        if key in _VERIFIED:
            return True
        if _sha256_of(path) != sha256:
            return False
    except OSError:
        return False
    _VERIFIED.add(key)
    return True


def _urls(dataset: Dataset, base_url: str | None) -> tuple[str, ...]:
    base = base_url if base_url is not None else os.environ.get(BASE_URL_ENV)
    if base:
        return (f"{base.rstrip('/')}/{dataset.filename}",)
    return dataset.urls


def _make_cache_dir(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise DownloadError(
            f"cannot create the cache directory {str(directory)!r} ({e.strerror or e}); "
            f"set {CACHE_ENV} to a writable directory"
        ) from None
    if not os.access(directory, os.W_OK):
        raise DownloadError(
            f"the cache directory {str(directory)!r} is not writable; set {CACHE_ENV} to a writable directory"
        )


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


class _Failure(Exception):
    """One address failed; ``reason`` is a clause naming the address."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _download(dataset: Dataset, urls: tuple[str, ...], dest: Path, *, quiet: bool) -> None:
    """Download to ``dest``, trying each address in turn until one gives the expected bytes."""
    reasons = []
    for url in urls:
        try:
            _download_one(url, dest, dataset.size, dataset.sha256, quiet=quiet)
            return
        except _Failure as failure:
            reasons.append(failure.reason)
    where = f"download {urls[0]} yourself and save it as {str(dest)!r}"
    raise DownloadError(f"could not download {dataset.name}: {'; '.join(reasons)}; retry later, or {where}")


def _download_one(url: str, dest: Path, size: int, sha256: str, *, quiet: bool) -> None:
    """Stream ``url`` into ``dest`` through a temporary file; raise _Failure unless it checks out."""
    request = urllib.request.Request(url, headers={"User-Agent": f"word2vec_np/{__version__}"})
    try:
        response = urllib.request.urlopen(request, timeout=_TIMEOUT)
    except urllib.error.HTTPError as e:
        e.close()
        raise _Failure(f"{url} answered HTTP {e.code} {e.reason}") from None
    except (OSError, http.client.HTTPException, ValueError) as e:  # URLError is an OSError
        raise _Failure(f"{url} could not be reached ({getattr(e, 'reason', e)})") from None

    with response:
        announced = response.headers.get("Content-Length")
        announced = int(announced) if announced and announced.isdigit() else None
        digest = hashlib.sha256()
        received = 0
        try:
            with atomic_write(dest) as f, _progress(size, dest.name, quiet) as advance:
                while True:
                    try:
                        block = response.read(_CHUNK)
                    except (OSError, http.client.HTTPException) as e:  # reset, timeout, incomplete read
                        raise _Failure(
                            f"the connection to {url} failed after {received:,} bytes ({e})"
                        ) from None
                    if not block:
                        break
                    received += len(block)
                    if received > size:
                        raise _Failure(f"{url} sent more than the expected {size:,} bytes")
                    digest.update(block)
                    f.write(block)
                    advance(len(block))
                if announced is not None and received < announced:
                    raise _Failure(
                        f"the connection to {url} closed after {received:,} of {announced:,} bytes"
                    )
                if received != size:
                    raise _Failure(f"{url} sent {received:,} bytes, expected {size:,}")
                got = digest.hexdigest()
                if got != sha256:
                    raise _Failure(
                        f"the file from {url} failed its checksum (expected sha256 {sha256}, got {got})"
                    )
        except OSError as e:  # writing, fsync or the final rename
            raise _disk_error(dest, e) from None


def _disk_error(dest: Path, e: OSError) -> DownloadError:
    reason = e.strerror or str(e)
    return DownloadError(
        f"could not write {str(dest)!r} ({reason}); free some disk space, or set {CACHE_ENV} "
        "to another directory, and retry"
    )


class _Corrupt(Exception):
    """The archive is not what it should be; raised inside ``atomic_write`` so no file is left."""


def _extract(dataset: Dataset, archive: Path, dest: Path, *, quiet: bool) -> None:
    """Unzip ``dataset.member`` from ``archive`` to ``dest`` through a temporary file, checking it.

    A corrupt archive (not a zip, member missing, CRC error, wrong size or
    checksum) is deleted so that the next call downloads it again.
    """
    assert dataset.member is not None and dataset.member_size is not None
    try:
        with zipfile.ZipFile(archive) as z:
            if dataset.member not in z.namelist():
                raise _Corrupt(f"{str(archive)!r} does not contain {dataset.member!r}")
            digest = hashlib.sha256()
            written = 0
            with z.open(dataset.member) as src, atomic_write(dest) as dst:
                with _progress(dataset.member_size, f"unzip {dataset.member}", quiet) as advance:
                    while block := src.read(_CHUNK):
                        digest.update(block)
                        dst.write(block)
                        written += len(block)
                        advance(len(block))
                got = digest.hexdigest()
                if written != dataset.member_size or (dataset.member_sha256 and got != dataset.member_sha256):
                    raise _Corrupt(
                        f"{dataset.member!r} inside {str(archive)!r} failed its checksum "
                        f"(expected {dataset.member_size:,} bytes with sha256 {dataset.member_sha256}, "
                        f"got {written:,} bytes with sha256 {got})"
                    )
    except (_Corrupt, zipfile.BadZipFile, EOFError) as e:
        problem = str(e) if isinstance(e, _Corrupt) else f"{str(archive)!r} is not a valid zip archive ({e})"
        with contextlib.suppress(FileNotFoundError):
            archive.unlink()
        raise DownloadError(f"{problem}; it has been deleted, retry the download") from None
    except OSError as e:
        raise _disk_error(dest, e) from None


class _TextProgress:
    """A one-line progress report on stderr, for when tqdm is not installed."""

    def __init__(self, total: int, label: str) -> None:
        self.total, self.label, self.done, self.shown = total, label, 0, -1

    def __call__(self, n: int) -> None:
        self.done += n
        percent = 100 * self.done // self.total if self.total else 100
        if percent != self.shown:
            self.shown = percent
            done, total = self.done / 1e6, self.total / 1e6
            print(f"\r{self.label}: {percent:3d}% ({done:,.1f} of {total:,.1f} MB)", end="", file=sys.stderr)

    def close(self) -> None:
        if self.shown >= 0:
            print(file=sys.stderr)


@contextlib.contextmanager
def _progress(total: int, label: str, quiet: bool):
    """Yield ``advance(n_bytes)``; shows a tqdm bar (or a text line) on stderr unless quiet."""
    if quiet:
        yield lambda n: None
    elif tqdm is not None:
        options = dict(unit="B", unit_scale=True, unit_divisor=1024, file=sys.stderr)
        with tqdm(total=total, desc=label, **options) as bar:
            yield bar.update
    else:
        line = _TextProgress(total, label)
        try:
            yield line
        finally:
            line.close()
