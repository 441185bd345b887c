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
import errno
import gzip
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from .errors import ConfigError


def check_writable(
    path: str | os.PathLike, option: str | None = None, inputs: Iterable[tuple[str, str | os.PathLike]] = ()
) -> Path:
    """Raise ConfigError unless ``path`` can be written without harm; return it as a Path.

    Checked before any work starts, as ``cp`` and ``install`` do: ``path`` is a
    regular file or does not exist yet (a device, FIFO, socket or directory is
    refused: an atomic save would replace it by a regular file); a symlink is
    followed to its target, whose directory must exist and be writable (a
    dangling link into a missing directory, or a link loop, is refused); ``-``
    is refused, as every output is a file (the package never writes results to
    standard output in a file format). ``inputs`` are ``(name, path)`` pairs,
    the files the run reads (``("the corpus", "text8")``): an output that is
    one of them, by any spelling (a symlink, a hard link, ``..``), is refused.
    ``option`` names the option in the message (``--output``).
    """
    shown = f"{option} {str(path)!r}" if option else repr(str(path))
    if str(path) == "-":
        raise ConfigError(f"cannot write {shown}: outputs are files, not standard output; give a file name")
    path = Path(path)
    target = _target_of(path, shown)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise ConfigError(f"cannot write {shown}: {exc.strerror.lower()}; choose another file name") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise ConfigError(f"cannot write {shown}: it is a directory; give a file name")
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise ConfigError(
            f"cannot write {shown}: it is {_kind(st.st_mode)}, not a regular file, and saving would replace it; "
            "give a file name"
        )
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise ConfigError(f"cannot write {shown}: the directory {str(directory)!r} does not exist; create it first")
    if not os.access(directory, os.W_OK):
        raise ConfigError(
            f"cannot write {shown}: the directory {str(directory)!r} is not writable; choose another place"
        )
    for name, other in inputs:
        if other is not None and same_file(target, Path(other)):
            raise ConfigError(f"cannot write {shown}: it is {name} itself; choose another file name")
    return path


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Whether two paths name one file, by any spelling (links, hard links, ``..``), or would once created."""
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def _target_of(path: Path, shown: str) -> Path:
    """The file a write to ``path`` would replace: ``path``, or the end of its chain of symlinks."""
    if not path.is_symlink():
        return path
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ConfigError(
                f"cannot write {shown}: it is a symlink loop; remove the link or give another name"
            ) from None
    return Path(os.path.realpath(path))


def _kind(mode: int) -> str:
    """What a file that is not regular is, in words: 'a device', 'a FIFO (named pipe)', 'a socket'."""
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


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
