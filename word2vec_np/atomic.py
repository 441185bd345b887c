"""Atomic file writes: a reader sees the old file or the complete new one.

Every file word2vec_np saves goes through :func:`atomic_write`. The bytes go
to a temporary file in the destination's own directory (so the final rename
never crosses a file system), are flushed and fsync'ed, and only then is the
temporary file renamed over the destination. ``os.replace`` is atomic on
POSIX and Windows, so a process killed at any instant leaves either the
previous file or the new one, never half of it. On any error the temporary
file is removed.

Overwriting keeps what the file was, as rsync and most editors do: the new
file gets the old one's permission bits (a 0600 file stays 0600; a new file
gets 0666 minus the umask), and a symlink is followed, so the file it points
to is replaced and the link itself stays a link.
"""

import bz2
import contextlib
import gzip
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import ConfigError


def check_writable(path: str | os.PathLike) -> Path:
    """Raise ConfigError unless ``path`` can be written (its directory exists and is writable)."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise ConfigError(
            f"cannot write {str(path)!r}: the directory {str(directory)!r} does not exist; create it first"
        )
    if path.is_dir():
        raise ConfigError(f"cannot write {str(path)!r}: it is a directory; give a file name")
    if not os.access(directory, os.W_OK):
        raise ConfigError(
            f"cannot write {str(path)!r}: the directory {str(directory)!r} is not writable; choose another place"
        )
    return path


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "wb") -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success, rename it to ``path``.

    Usage::

        with atomic_write("vectors.bin") as f:
            f.write(data)
    """
    path = check_writable(_follow(Path(path)))
    mode_bits = _mode_of(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": "\n"})) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp_name, mode_bits)  # mkstemp makes 0600: give the old file's mode, or the usual one
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def _follow(path: Path) -> Path:
    """The file a symlink points to (through every link), so that writing replaces that file; else ``path``."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _mode_of(path: Path) -> int:
    """The permission bits to give a file written at ``path``: the existing file's, else 0666 minus the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:  # no such file yet
        return 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_write_compressed(path: str | os.PathLike) -> Iterator[IO[bytes]]:
    """:func:`atomic_write` in binary mode, gzip- or bz2-compressed when ``path`` ends in .gz or .bz2.

    The compressor is closed (its last block written) before the file is
    renamed into place, so the destination is always a complete archive.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(atomic_write(path, "wb"))
        if suffix == ".gz":
            out = stack.enter_context(gzip.GzipFile(filename=path.stem, mode="wb", fileobj=out, mtime=0))
        elif suffix == ".bz2":
            out = stack.enter_context(bz2.BZ2File(out, "wb"))
        yield out
