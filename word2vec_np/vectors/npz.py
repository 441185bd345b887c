"""The model's ``.npz`` file: named arrays and a JSON configuration, pickle-free, read in bounded memory.

The ``.npz`` model file (:func:`save_model_npz`, :func:`load_model_npz`)
holds named NumPy arrays of numbers or strings plus a configuration stored as
JSON text; it is written without pickle and read without it (an object array
is refused, NumPy's ``allow_pickle=False`` rule), so loading a file never runs
code from it. It is read in bounded memory: only the members word2vec_np
writes (:data:`NPZ_MEMBERS`), each after its declared shape and size are
checked against the file's size and the metadata (:func:`load_model_npz`). Since format 2 the words are kept
as one UTF-8 byte array plus offsets (:func:`words_to_arrays`, read back by :func:`npz_words`), not as a
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

import json
import math
import os
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..atomic import atomic_write
from ..errors import ConfigError, ModelFileError
from ..text.word_files import CHUNK, check_input_file, is_pickle, pickle_message, quoted

NPZ_FORMAT = "word2vec_np"
NPZ_VERSION = 2  # 2: words as UTF-8 bytes + offsets; 1: words as a fixed-width str array
_META_KEY = "__meta__"
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
    path = check_input_file(path)
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
            f"cannot load {quoted(path)}: it is {kind}; give a model saved as .npz by word2vec_np"
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
            f"cannot load {quoted(path)}: there is not enough memory for its arrays ({total / 1e6:,.1f} MB); "
            "close other programs or use a machine with more memory"
        ) from None
    except Exception as exc:  # zipfile.BadZipFile, zlib.error, OSError, EOFError: a damaged archive
        raise _damaged(path, exc) from None
    if version > NPZ_VERSION:
        raise ModelFileError(
            f"cannot load {quoted(path)}: it was saved in model format {version} by a newer word2vec_np "
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
            raise ModelFileError(f"cannot load {quoted(path)}: it holds the member {name!r} twice; the file is damaged")
        limit = {zipfile.ZIP_STORED: 1, zipfile.ZIP_DEFLATED: _DEFLATE_MAX_RATIO}.get(info.compress_type)
        if limit is None:
            raise ModelFileError(
                f"cannot load {quoted(path)}: its member {name!r} is compressed with zip method "
                f"{info.compress_type}; word2vec_np writes stored or deflated members only"
            )
        if info.compress_size > file_size or info.file_size > limit * info.compress_size + 1024:
            raise ModelFileError(
                f"cannot load {quoted(path)}: its member {name!r} declares {info.file_size:,} bytes in "
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
                f"cannot load {quoted(path)}: its member {name!r} declares a {dtype} array of shape {shape} "
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
        f"refusing to load {quoted(path)}: it contains a pickled Python object, and unpickling "
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
            n = f.readinto(view[done : done + CHUNK])
            if not n:
                raise EOFError(f"{info.filename!r} ends early")
            done += n
        if f.read(1):  # also reads to the end, which checks the CRC-32
            raise ModelFileError(f"cannot load {quoted(path)}: its member {info.filename!r} holds extra data")
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
    return ModelFileError(f"cannot load {quoted(path)}: it is an .npz file but not one saved by word2vec_np")


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
                f"cannot load {quoted(path)}: its member {name!r} declares shape {shape}, far larger than "
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
                f"cannot load {quoted(path)}: its word list (words_utf8, words_offsets) is damaged"
            )
        data = utf8.tobytes()
        bounds = offsets.tolist()
        try:
            return [data[a:b].decode("utf-8") for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
        except UnicodeDecodeError:
            raise ModelFileError(f"cannot load {quoted(path)}: a word of its word list is not valid UTF-8") from None
    if "words" in arrays:
        words = arrays["words"]
        if words.ndim != 1 or words.dtype.kind != "U":
            raise ModelFileError(f"cannot load {quoted(path)}: its 'words' array is not a list of strings")
        return [str(w) for w in words]
    return None


def _damaged(path: Path, exc: BaseException) -> ModelFileError:
    detail = str(exc) or type(exc).__name__
    return ModelFileError(f"cannot load {quoted(path)}: the file is truncated or corrupted ({detail})")


__all__ = [
    "NPZ_FORMAT",
    "NPZ_MEMBERS",
    "NPZ_VERSION",
    "load_model_npz",
    "npz_words",
    "save_model_npz",
    "words_to_arrays",
]
