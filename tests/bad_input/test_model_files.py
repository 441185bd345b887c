"""Model files (.npz): pickles, inconsistent arrays, the older format, members and
.npy headers that lie about their size, deep JSON, and byte damage to every kind
of saved file (vectors and checkpoints too).

A bad file is ModelFileError naming it, before anything large is allocated:
memory bounds are measured with tracemalloc (NumPy reports its allocations to
it), and an exhausted memory is simulated by an allocation that raises
(docs/errors.md, "Vectors, model and checkpoint files").
"""

import io
import json
import os
import struct
import tracemalloc
import warnings
import zipfile

import numpy as np
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from tests.bad_input.helpers import MiB, damage, damages, fuzz
from tests.helpers import one_error_line
from word2vec_np import evaluate
from word2vec_np.engine.checkpoint import load_checkpoint
from word2vec_np.errors import ModelFileError
from word2vec_np.train import main
from word2vec_np.vectors import npz
from word2vec_np.vectors.files import load_vectors
from word2vec_np.vectors.npz import npz_words, save_model_npz
from word2vec_np.word2vec import Word2Vec


# ---------------------------------------------------------------------- pickles and inconsistent arrays
def test_a_pickled_object_in_an_npz_is_refused(tmp_path, capsys):
    path = tmp_path / "evil.npz"
    np.savez(path, W_in=np.zeros((1, 2)), words=np.array([os.system], dtype=object))
    with pytest.raises(ModelFileError, match="pickled Python object, and unpickling can run code") as info:
        load_vectors(path)
    with pytest.raises(ModelFileError, match="pickled"):
        Word2Vec.load(path)
    assert evaluate.main([str(path)]) == 2
    assert one_error_line(capsys) == str(info.value)


def model_arrays(tmp_path):
    model = Word2Vec(
        _tiny_corpus(tmp_path), dim=4, epochs=1, min_count=1, objective="hs", method="minibatch", sample=0
    )
    path = model.save(tmp_path / "m.npz")
    with np.load(path, allow_pickle=False) as z:
        return {k: z[k] for k in z.files}, path


def _tiny_corpus(tmp_path):
    path = tmp_path / "tiny.txt"
    path.write_text("a b c d\nb c d e\nc d e a\n" * 20)
    return path


@pytest.mark.parametrize(
    "change, needle",
    [
        (lambda a: a.update(W_out=a["W_out"][:-1]), "do not fit --dim 4 and --objective hs"),
        (lambda a: a.update(W_in=a["W_in"][:, :3]), "do not fit --dim 4"),
        (lambda a: a.update(counts=a["counts"][::-1].copy()), "descending count order"),
        (lambda a: a.update(W_in=a["W_in"] * np.nan), "NaN or infinite parameters"),
        (lambda a: a.update(words_offsets=a["words_offsets"][:-1]), "word list"),
        (lambda a: a.pop("W_out"), "holds word vectors only .* load it with KeyedVectors.load"),
        (lambda a: a.pop("counts"), "lacks words, W_in, W_out or counts"),
        (lambda a: a.update(epoch_loss=np.array(["x"])), "damaged loss history"),
    ],
)
def test_inconsistent_model_files_are_refused(tmp_path, change, needle):
    arrays, path = model_arrays(tmp_path)
    config = json.loads(arrays.pop("__meta__").tobytes())["config"]
    change(arrays)
    save_model_npz(path, arrays, config)
    with pytest.raises(ModelFileError, match=needle.replace("(", r"\(")):
        Word2Vec.load(path)


def test_invalid_settings_in_a_model_file_are_refused(tmp_path):
    arrays, path = model_arrays(tmp_path)
    arrays.pop("__meta__")
    save_model_npz(path, arrays, {"dim": -4, "objective": "hs"})
    with pytest.raises(ModelFileError, match="invalid training settings"):
        Word2Vec.load(path)


def test_format_1_npz_files_with_a_string_array_still_load(tmp_path):
    arrays, path = model_arrays(tmp_path)
    config = json.loads(arrays.pop("__meta__").tobytes())["config"]
    words = npz_words(arrays, path)
    del arrays["words_utf8"], arrays["words_offsets"]
    arrays["words"] = np.array(words)
    save_model_npz(path, arrays, config)
    assert list(Word2Vec.load(path).vocab.words) == words
    assert list(load_vectors(path).words) == words


# ---------------------------------------------------------------------- members and headers that lie: bounded memory
@pytest.fixture
def model_file(tmp_path, corpus):
    model = Word2Vec(corpus, dim=4, epochs=1, min_count=1, sample=0, method="minibatch", objective="hs")
    return model.save(tmp_path / "m.npz")


def npy_bytes(dtype, shape, data: bytes = b"") -> bytes:
    """An .npy file: a version 1.0 header declaring ``dtype`` and ``shape``, then ``data``."""
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buf, {"descr": np.lib.format.dtype_to_descr(np.dtype(dtype)), "fortran_order": False, "shape": shape}
    )
    return buf.getvalue() + data


def rebuild(src, dst, add=(), drop=(), deflate=()):
    """Copy the zip ``src`` to ``dst`` without the members ``drop``, adding ``add`` (name, .npy bytes)."""
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w") as out:
        for info in z.infolist():
            if info.filename[:-4] not in drop:
                out.writestr(info.filename, z.read(info))
        for name, data in add:
            method = zipfile.ZIP_DEFLATED if name in deflate else zipfile.ZIP_STORED
            out.writestr(name + ".npy", data, compress_type=method)
    return dst


def declare_size(path, name: str, size: int) -> None:
    """Make the zip's records say that member ``name`` holds ``size`` uncompressed bytes (a lie)."""
    data = bytearray(path.read_bytes())
    member = (name + ".npy").encode()
    for signature, field in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):  # central record, local header
        at = data.find(signature)
        while at >= 0 and member not in data[at : at + 80]:
            at = data.find(signature, at + 4)
        data[at + field : at + field + 4] = struct.pack("<I", size)
    path.write_bytes(bytes(data))


def peak_bytes(fn) -> tuple[object, int]:
    """(fn()'s result or exception, peak bytes allocated while it ran)."""
    tracemalloc.start()
    try:
        try:
            result = fn()
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            result = exc
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_member_nobody_reads_is_never_decompressed(model_file, tmp_path):
    """A 1 MB model with 1 GiB of zeros beside it took 1.09 GB; 32 MiB here, read only if known."""
    zeros = npy_bytes(np.uint8, (32 * MiB,), bytes(32 * MiB))
    path = rebuild(model_file, tmp_path / "extra.npz", add=[("junk", zeros)], deflate={"junk"})
    assert path.stat().st_size < 2 * MiB
    model, peak = peak_bytes(lambda: Word2Vec.load(path))
    assert isinstance(model, Word2Vec), model
    assert peak < 4 * MiB


@pytest.mark.parametrize(
    "case, needle",
    [
        ("header declares 10^12 elements", "declares a float32 array of shape (1000000, 1000000)"),
        ("zip declares more than deflate can give", "more than deflate can hold"),
        ("stored member larger than the file", "more than an uncompressed member can hold"),
        ("matrix far larger than its words", "far larger than 30 words of dimension 4 allow"),
    ],
)
def test_a_lying_npz_is_refused_before_anything_large_is_allocated(model_file, tmp_path, case, needle, capsys):
    """Every declared shape and size is checked against the file's size and its metadata."""
    path = tmp_path / "lying.npz"
    if case == "header declares 10^12 elements":
        rebuild(model_file, path, add=[("W_in", npy_bytes(np.float32, (10**6, 10**6), bytes(64)))], drop={"W_in"})
    elif case == "zip declares more than deflate can give":
        data = npy_bytes(np.float32, (10**6, 4), bytes(16 * 10**6))
        rebuild(model_file, path, add=[("W_in", data)], drop={"W_in"}, deflate={"W_in"})
        declare_size(path, "W_in", 2**32 - 1)
    elif case == "stored member larger than the file":
        rebuild(model_file, path, add=[("counts", npy_bytes(np.int64, (4,), bytes(32)))], drop={"counts"})
        declare_size(path, "counts", 2**31)
    else:  # a consistent member, but 8 MiB of zeros where a few words' vectors belong
        data = npy_bytes(np.float32, (2 * MiB, 1), bytes(8 * MiB))
        rebuild(model_file, path, add=[("W_in", data)], drop={"W_in"}, deflate={"W_in"})
    for load in (Word2Vec.load, load_vectors):
        error, peak = peak_bytes(lambda load=load: load(path))
        assert isinstance(error, ModelFileError) and needle in str(error), error
        assert str(path) in str(error) and "\n" not in str(error)
        assert peak < 2 * MiB, peak
    assert evaluate.main([str(path)]) == 2
    assert needle in one_error_line(capsys)


def test_out_of_memory_while_loading_is_one_error_line(model_file, capsys, monkeypatch):
    """A valid .npz loaded when memory runs short (MemoryError)."""

    def no_memory(n):
        raise MemoryError

    monkeypatch.setattr(npz, "bytearray", no_memory, raising=False)  # the loader's one allocation
    with pytest.raises(ModelFileError, match="not enough memory for its arrays"):
        Word2Vec.load(model_file)
    assert evaluate.main([str(model_file)]) == 2
    assert "not enough memory" in one_error_line(capsys)


def deep_json_npz(path, arrays):
    """An .npz whose JSON header is nested 200,000 deep (json.loads raises RecursionError)."""
    text = b'{"format": "word2vec_np", "version": 2, "config": {"x": ' + b"[" * 200_000 + b"]" * 200_000 + b"}}"
    np.savez(path, __meta__=np.frombuffer(text, dtype=np.uint8), **arrays)
    return path


def test_json_nested_200000_deep_is_one_error_line(model_file, tmp_path, capsys):
    """RecursionError in evaluate, Word2Vec.load and --resume."""
    with np.load(model_file) as z:
        arrays = {k: z[k] for k in z.files if k != "__meta__"}
    path = deep_json_npz(tmp_path / "deep.npz", arrays)
    with pytest.raises(ModelFileError, match="not one saved by word2vec_np"):
        Word2Vec.load(path)
    assert evaluate.main([str(path)]) == 2
    one_error_line(capsys)
    assert main(["--resume", str(path), "-q"]) == 2
    assert "not one saved by word2vec_np" in one_error_line(capsys)


@fuzz(150)
@given(
    name=st.sampled_from(["W_in", "W_out", "counts", "words_offsets", "__meta__", "other"]),
    dtype=st.sampled_from(["<f4", ">f8", "<i8", "|u1", "<U3", "|O"]),
    shape=st.lists(st.integers(0, 10**7), max_size=3).map(tuple),
    n_bytes=st.integers(0, 4096),
    declared=st.none() | st.integers(0, 2**32 - 1),
)
def test_npz_members_with_any_header_load_or_are_refused_in_bounded_memory(
    work, valid_files, name, dtype, shape, n_bytes, declared
):
    """A member's .npy header may declare any dtype and shape, and the zip any size: the model
    loads, or ModelFileError; memory stays within a few MiB of the file's size either way."""
    import tracemalloc
    import zipfile

    path = work / "lying.npz"
    original = work / "original.npz"
    original.write_bytes(valid_files["model.npz"])
    with zipfile.ZipFile(original) as z, zipfile.ZipFile(path, "w") as out:
        for info in z.infolist():
            if info.filename != name + ".npy":
                out.writestr(info.filename, z.read(info))
        out.writestr(name + ".npy", npy_bytes(np.dtype(dtype), shape, bytes(n_bytes)))
    if declared is not None:
        declare_size(path, name, declared)
    tracemalloc.start()
    try:
        Word2Vec.load(path)
        event("loaded")
    except ModelFileError as exc:
        assert str(path) in str(exc) and "\n" not in str(exc)
        event("refused")
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < 4 * (1 << 20) + 2 * path.stat().st_size


# ---------------------------------------------------------------------- truncated and flipped bytes, every saved kind
def load_as(kind, path):
    if kind in (".txt", ".bin"):
        return load_vectors(path)
    if kind == "model.npz":
        return Word2Vec.load(path)
    return load_checkpoint(path)


@fuzz(1000)
@given(kind=st.sampled_from([".txt", ".bin", "model.npz", "checkpoint"]), how=damages)
def test_truncated_or_flipped_files_load_or_give_a_model_file_error(work, valid_files, kind, how):
    path = work / ("fuzzed" + (kind if kind.startswith(".") else ".npz"))
    path.write_bytes(damage(valid_files[kind], *how))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a flipped byte may duplicate a word: warned, first kept
        try:
            loaded = load_as(kind, path)
        except ModelFileError as exc:
            assert str(path) in str(exc) and "\n" not in str(exc)
            event(f"{kind}: refused")
            return
    event(f"{kind}: loaded")
    matrices = [getattr(loaded, n) for n in ("matrix", "W_in", "W_out") if hasattr(loaded, n)]
    assert matrices and all(np.isfinite(M).all() for M in matrices)
