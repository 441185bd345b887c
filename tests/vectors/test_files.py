"""Any vectors file by its suffix (save_vectors, load_vectors), and what every loader refuses."""

import gzip

import numpy as np
import pytest

from tests.vectors.test_word2vec_format import C_BINARY, C_TEXT, MATRIX, WORDS, write
from word2vec_np.errors import ConfigError, CorpusNotFoundError, ModelFileError
from word2vec_np.text import vocab_file, word_files
from word2vec_np.text.word_files import is_pickle
from word2vec_np.vectors import files, npz, tensorboard, word2vec_format
from word2vec_np.vectors.files import load_vectors, save_vectors
from word2vec_np.vectors.npz import load_model_npz, save_model_npz
from word2vec_np.vectors.vectors import Vectors
from word2vec_np.vectors.word2vec_format import load_word2vec


# ---------------------------------------------------------------------- by suffix
def test_save_vectors_dispatches_on_suffix(tmp_path):
    v = Vectors(WORDS, MATRIX, counts=[7, 3])
    save_vectors(tmp_path / "v.txt", v)
    save_vectors(tmp_path / "v.bin", (WORDS, MATRIX))
    save_vectors(tmp_path / "v.npz", v)
    assert (tmp_path / "v.txt").read_bytes() == C_TEXT
    assert (tmp_path / "v.bin").read_bytes() == C_BINARY
    loaded = load_vectors(tmp_path / "v.npz")
    assert loaded.words == tuple(WORDS) and loaded.counts.tolist() == [7, 3]
    np.testing.assert_array_equal(loaded.matrix, MATRIX)
    save_vectors(tmp_path / "v.vec", v)
    assert (tmp_path / "v.vec").read_bytes() == C_TEXT
    for bad in ("v.doc", "v.npz.gz", "v"):
        with pytest.raises(ConfigError, match=r"end the name with \.txt, \.vec, \.bin or \.npz"):
            save_vectors(tmp_path / bad, v)
    with pytest.raises(ConfigError, match=r"names an \.npz model file"):
        save_vectors(tmp_path / "v.npz", v, fmt="text")
    with pytest.raises(ConfigError):
        save_vectors(tmp_path / "v.txt", "not vectors")


@pytest.mark.parametrize(
    "name, plain",
    [("v.vec", C_TEXT), ("v.txt.gz", C_TEXT), ("v.vec.gz", C_TEXT), ("v.txt.bz2", C_TEXT), ("v.bin.gz", C_BINARY)],
)
def test_vec_and_compressed_files_hold_the_c_bytes(tmp_path, name, plain):
    """gensim's load_word2vec_format reads each of these (checked by hand with gensim 4.4: same words and
    values); the .gz / .bz2 ones decompress to the C tool's bytes exactly."""
    import bz2

    save_vectors(tmp_path / name, (WORDS, MATRIX))
    raw = (tmp_path / name).read_bytes()
    unpacked = gzip.decompress(raw) if name.endswith(".gz") else bz2.decompress(raw) if name.endswith(".bz2") else raw
    assert unpacked == plain
    assert raw[:2] == (b"\x1f\x8b" if name.endswith(".gz") else raw[:2])
    words, matrix = load_word2vec(tmp_path / name)
    assert words == WORDS
    np.testing.assert_array_equal(matrix, MATRIX)
    assert load_vectors(tmp_path / name).words == tuple(WORDS)


def test_format_forces_text_or_binary_whatever_the_name(tmp_path):
    save_vectors(tmp_path / "vectors.bin", (WORDS, MATRIX), fmt="text")
    assert (tmp_path / "vectors.bin").read_bytes() == C_TEXT
    save_vectors(tmp_path / "vectors", (WORDS, MATRIX), fmt="binary")
    assert (tmp_path / "vectors").read_bytes() == C_BINARY
    with pytest.raises(ConfigError, match="unknown vectors format"):
        save_vectors(tmp_path / "v.txt", (WORDS, MATRIX), fmt="json")


def test_load_vectors_checks_npz_contents(tmp_path):
    save_model_npz(tmp_path / "m.npz", {"W_in": np.zeros((3, 2)), "words": np.array(WORDS)}, {})
    with pytest.raises(ModelFileError, match="do not match"):
        load_vectors(tmp_path / "m.npz")
    save_vectors(tmp_path / "v.npz", (WORDS, MATRIX))
    (tmp_path / "v.npz").rename(tmp_path / "v.model")  # recognised by its zip signature
    assert load_vectors(tmp_path / "v.model").words == tuple(WORDS)
    save_model_npz(tmp_path / "n.npz", {"W_out": np.zeros((2, 2))}, {})
    with pytest.raises(ModelFileError, match="no 'words' and 'W_in'"):
        load_vectors(tmp_path / "n.npz")


# ---------------------------------------------------------------------- what every loader refuses
def test_missing_file_and_directory(tmp_path):
    with pytest.raises(CorpusNotFoundError, match="does not exist") as info:
        load_word2vec(tmp_path / "nope.bin")
    assert isinstance(info.value, FileNotFoundError) and "nope.bin" in str(info.value)
    with pytest.raises(ModelFileError, match="is a directory"):
        load_word2vec(tmp_path)
    with pytest.raises(CorpusNotFoundError):
        load_model_npz(tmp_path / "nope.npz")
    with pytest.raises(ModelFileError, match="is a directory"):
        load_vectors(tmp_path)


# The first bytes of what gensim 4.4 wrote for Word2Vec([["a", "b", "c"]] * 10, ...).save("g.model").
GENSIM_PICKLE_HEAD = b"\x80\x04\x95^\x1f\x00\x00\x00\x00\x00\x00\x8c\x16gensim.models.word2vec\x94\x8c\x08Wo"


@pytest.mark.parametrize("name", ["g.model", "g.bin", "g.txt", "g.npz", "g.model.gz"])
def test_a_gensim_pickle_is_refused_without_unpickling(tmp_path, name):
    data = GENSIM_PICKLE_HEAD + b"\x00" * 64
    path = write(tmp_path / name, gzip.compress(data) if name.endswith(".gz") else data)
    loaders = [load_vectors] + ([load_model_npz] if name.endswith(".npz") else [load_word2vec])
    for load in loaders:
        with pytest.raises(ModelFileError) as info:
            load(path)
        text = str(info.value)
        assert text.startswith(f"refusing to read {str(path)!r}: it is a Python pickle, such as gensim's model.save()")
        assert "model.wv.save_word2vec_format('vectors.bin', binary=True)" in text and "\n" not in text
    assert is_pickle(GENSIM_PICKLE_HEAD) and not is_pickle(b"\x80")
    assert not is_pickle(C_BINARY) and not is_pickle(b"PK\x03\x04")


@pytest.mark.parametrize("module", [word_files, vocab_file, word2vec_format, npz, files, tensorboard])
def test_every_public_name_is_defined(module):
    assert module.__all__ and all(hasattr(module, name) for name in module.__all__)


def test_public_names():
    assert {"save_word2vec_text", "save_word2vec_binary", "load_word2vec"} <= set(word2vec_format.__all__)
    assert {"save_vectors", "load_vectors", "vectors_format"} <= set(files.__all__)
