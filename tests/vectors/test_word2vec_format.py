"""The C tool's text and binary vectors files byte for byte, gensim's variants of them and GloVe's text."""

import gzip
import warnings

import numpy as np
import pytest

from word2vec_np.errors import ConfigError, ModelFileError
from word2vec_np.vectors.word2vec_format import load_word2vec, save_word2vec_binary, save_word2vec_text

# Two words, D = 3, one of them non-ASCII ("thé" is b"th\xc3\xa9" in UTF-8). Every value is exact in float32.
WORDS = ["the", "thé"]
MATRIX = np.array([[0.5, -1.0, 0.25], [2.0, 0.0, -0.125]], dtype=np.float32)

# What word2vec.c writes with -binary 0: fprintf("%lf ") per value, a space after the last one too.
C_TEXT = b"2 3\nthe 0.500000 -1.000000 0.250000 \nth\xc3\xa9 2.000000 0.000000 -0.125000 \n"

# What word2vec.c writes with -binary 1: "word ", then 3 little-endian float32, then "\n".
#   0.5 = 0x3f000000, -1.0 = 0xbf800000, 0.25 = 0x3e800000, 2.0 = 0x40000000, 0.0, -0.125 = 0xbe000000
C_BINARY = (
    b"2 3\n"
    b"the \x00\x00\x00\x3f\x00\x00\x80\xbf\x00\x00\x80\x3e\n"
    b"th\xc3\xa9 \x00\x00\x00\x40\x00\x00\x00\x00\x00\x00\x00\xbe\n"
)

# gensim's save_word2vec_format: text rows without the trailing space, shortest repr of each value ...
GENSIM_TEXT = b"2 3\nthe 0.5 -1.0 0.25\nth\xc3\xa9 2.0 0.0 -0.125\n"
# ... and binary rows without the newline after the vector.
GENSIM_BINARY = C_BINARY.replace(b"\x3e\n", b"\x3e").removesuffix(b"\n")


def write(path, data: bytes):
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------------- byte-exact writing
def test_text_is_byte_for_byte_the_c_format(tmp_path):
    save_word2vec_text(tmp_path / "v.txt", WORDS, MATRIX)
    assert (tmp_path / "v.txt").read_bytes() == C_TEXT


def test_binary_is_byte_for_byte_the_c_format(tmp_path):
    save_word2vec_binary(tmp_path / "v.bin", WORDS, MATRIX)
    assert (tmp_path / "v.bin").read_bytes() == C_BINARY
    assert GENSIM_BINARY.count(b"\n") == 1  # the fixture really lacks the row newlines


def test_text_rounds_like_c_printf(tmp_path):
    # Checked against glibc printf("%lf "): round half to even on the exact binary value, "-0.000000".
    M = np.array([[1 / 3, 2**-7, -1e-9, 1234567.0]], dtype=np.float32)
    save_word2vec_text(tmp_path / "v.txt", ["x"], M)
    assert (tmp_path / "v.txt").read_bytes() == b"1 4\nx 0.333333 0.007812 -0.000000 1234567.000000 \n"


# ---------------------------------------------------------------------- reading every variant
@pytest.mark.parametrize(
    "name, data",
    [
        ("c.txt", C_TEXT),
        ("c.bin", C_BINARY),
        ("gensim.txt", GENSIM_TEXT),
        ("gensim.bin", GENSIM_BINARY),
        ("crlf.txt", C_TEXT.replace(b"\n", b"\r\n")),
        ("bom.txt", b"\xef\xbb\xbf" + GENSIM_TEXT),
        ("c_text_no_suffix", C_TEXT),
        ("c_binary_no_suffix", C_BINARY),
        ("gensim_binary.w2v", GENSIM_BINARY),
        ("tabs.vec", GENSIM_TEXT.replace(b"e 0", b"e\t0")),
    ],
)
def test_reads_c_and_gensim_variants(tmp_path, name, data):
    words, M = load_word2vec(write(tmp_path / name, data))
    assert words == WORDS
    assert M.dtype == np.float32
    np.testing.assert_array_equal(M, MATRIX)


def test_reads_compressed_and_explicit_binary_flag(tmp_path):
    with gzip.open(tmp_path / "v.bin.gz", "wb") as f:
        f.write(C_BINARY)
    assert load_word2vec(tmp_path / "v.bin.gz")[0] == WORDS
    assert load_word2vec(write(tmp_path / "v.data", C_BINARY), binary=True)[0] == WORDS
    assert load_word2vec(write(tmp_path / "v.data2", C_TEXT), binary=False)[0] == WORDS


def test_reads_c_tool_end_of_sentence_token_and_duplicates(tmp_path):
    data = b"3 2\n</s> 0.1 0.2 \nx 1 2 \nx 3 4 \n"
    with pytest.warns(UserWarning, match="more than once"):
        words, M = load_word2vec(write(tmp_path / "v.txt", data))
    assert words == ["</s>", "x"]
    np.testing.assert_array_equal(M[1], [1, 2])


@pytest.mark.parametrize("save", [save_word2vec_text, save_word2vec_binary])
def test_round_trip(tmp_path, save):
    rng = np.random.default_rng(0)
    words = ["a", "Ωmega", "日本語", "naïve", "x_1", "</s>"]
    M = rng.standard_normal((6, 5)).astype(np.float32)
    path = save(tmp_path / "v.out", words, M)  # no telling suffix: the reader sniffs the format
    got_words, got = load_word2vec(path)
    assert got_words == words
    if save is save_word2vec_binary:
        np.testing.assert_array_equal(got, M)
    else:
        np.testing.assert_allclose(got, M, atol=5e-7)  # six decimals, as the C tool writes


def test_save_refuses_words_the_format_cannot_hold(tmp_path):
    for bad in ["two words", "tab\there", "new\nline", "", "nul\x00"]:
        with pytest.raises(ConfigError, match="cannot save the word") as info:
            save_word2vec_text(tmp_path / "v.txt", ["ok", bad], MATRIX)
        assert repr(bad) in str(info.value)
        with pytest.raises(ConfigError):
            save_word2vec_binary(tmp_path / "v.bin", ["ok", bad], MATRIX)
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_save_refuses_bad_matrices(tmp_path):
    with pytest.raises(ConfigError, match="2 words but 1 vectors"):
        save_word2vec_text(tmp_path / "v.txt", WORDS, MATRIX[:1])
    with pytest.raises(ConfigError, match="'thé'.*NaN"):
        save_word2vec_binary(tmp_path / "v.bin", WORDS, np.array([[0, 0, 0], [0, np.nan, 0]]))
    with pytest.raises(ConfigError, match="empty"):
        save_word2vec_text(tmp_path / "v.txt", [], np.zeros((0, 3)))
    with pytest.raises(ConfigError, match="directory"):
        save_word2vec_text(tmp_path / "missing" / "v.txt", WORDS, MATRIX)


# ---------------------------------------------------------------------- bad files
BAD_FILES = {
    "empty.txt": (b"", "is empty"),
    "no_header.txt": (b"the and a\n", "'V D' header line .* nor with a 'word v1 ... vD' row"),
    "glove_ragged.txt": (
        b"the 0.5 -1.0 0.25\nth\xc3\xa9 2 0\n",
        "line 2 has 2 values after its word where the first line has 3",
    ),
    "glove.bin.gz": (
        gzip.compress(b"the 0.5 -1.0 0.25\nth\xc3\xa9 2 0 x\n"),
        "line 2 \\(word 'thé'\\) has the value 'x'",
    ),
    "zero.txt": (b"0 3\n", "declares 0 words"),
    "short.txt": (C_TEXT.replace(b"2 3", b"3 3"), "declares 3 words but the file ends after 2"),
    "long.txt": (C_TEXT.replace(b"2 3", b"1 3"), "line 3 is a row beyond the 1"),
    "dims.txt": (
        C_TEXT.replace(b"2 3", b"2 4"),
        "line 2 has 3 values after its word where the header says 4",
    ),
    "ragged.txt": (C_TEXT.replace(b" 0.250000", b""), "line 2 has 2 values"),
    "word_with_space.txt": (C_TEXT.replace(b"the", b"t he"), "line 2 has 4 values"),
    "nonnumeric.txt": (
        C_TEXT.replace(b"-1.000000", b"-1.0x0"),
        "line 2 \\(word 'the'\\) has the value '-1.0x0'",
    ),
    "nan.txt": (C_TEXT.replace(b"0.250000", b"nan"), "'the' \\(row 1\\) contains NaN"),
    "utf8.txt": (C_TEXT.replace(b"\xc3\xa9", b"\xe9"), "row 2 is not valid UTF-8"),
    "short.bin": (C_BINARY.replace(b"2 3", b"3 3"), "declares 3 words but the file ends after 2"),
    "long.bin": (C_BINARY.replace(b"2 3", b"1 3"), "more data after the 1 rows"),
    "cut_in_vector.bin": (C_BINARY[:-5], "middle of the vector of 'thé' \\(row 2 of 2\\)"),
    "cut_in_word.bin": (C_BINARY[: C_BINARY.index(b"th\xc3")] + b"th", "ends after 1"),
    "dims.bin": (C_BINARY.replace(b"2 3", b"2 2"), "damaged|more data"),
    "utf8.bin": (C_BINARY.replace(b"\xc3\xa9", b"\xe9"), "row 2 is not valid UTF-8"),
    "header_words.bin": (b"two three\n" + C_BINARY[4:], "'V D' header"),
    "garbage.bin": (b"\x00\x01\x02\x03" * 100, "'V D' header"),
    "truncated.bin.gz": (gzip.compress(C_BINARY)[:-10], "compressed data is damaged"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_raise_one_clear_sentence(tmp_path, name):
    data, message = BAD_FILES[name]
    path = write(tmp_path / name, data)
    with pytest.raises(ModelFileError, match=message) as info:
        load_word2vec(path)
    text = str(info.value)
    assert str(path) in text and "\n" not in text
    assert isinstance(info.value, ValueError)


def test_unicode_errors_replace_reads_words_cut_mid_character(tmp_path):
    path = write(tmp_path / "v.bin", C_BINARY.replace(b"\xc3\xa9", b"\xc3"))
    words, _ = load_word2vec(path, unicode_errors="replace")
    assert words == ["the", "th\ufffd"]


@pytest.mark.parametrize("name, data", [("v.txt", C_TEXT), ("v.bin", C_BINARY), ("g.bin", GENSIM_BINARY)])
def test_every_truncation_and_byte_flip_gives_a_documented_outcome(tmp_path, name, data):
    """Fuzzing by exhaustion: each prefix and each byte set to a few telling values."""
    path = tmp_path / name
    variants = [data[:n] for n in range(len(data))]
    variants += [
        data[:i] + bytes([b]) + data[i + 1 :]
        for i in range(len(data))
        for b in (0x00, 0x20, 0x0A, 0xFF, 0x39)
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for variant in variants:
            path.write_bytes(variant)
            try:
                words, M = load_word2vec(path)
            except ModelFileError as exc:
                assert str(path) in str(exc)
            else:
                assert M.dtype == np.float32 and M.shape == (len(words), M.shape[1]) and np.isfinite(M).all()


def test_saves_are_atomic_and_leave_no_temporary_files(tmp_path):
    save_word2vec_binary(tmp_path / "v.bin", WORDS, MATRIX)
    with pytest.raises(ConfigError):
        save_word2vec_binary(tmp_path / "v.bin", ["a b", "c"], MATRIX)
    assert (tmp_path / "v.bin").read_bytes() == C_BINARY  # the previous file is intact
    assert [p.name for p in tmp_path.iterdir()] == ["v.bin"]


# ---------------------------------------------------------------------- gensim's compressed text, any name, GloVe
# Written by gensim 4.4 in /work/gensim-venv (by hand, kept as bytes):
#   kv = KeyedVectors(3); kv.add_vectors(["the", "thé", "a"], [[0.5, -1, 0.25], [2, 0, -0.125], [1e-5, 3.1415927, -7]])
#   kv.save_word2vec_format("g.txt.gz")                     -> GENSIM_TEXT_GZ
GENSIM_TEXT_GZ = (
    b'\x1f\x8b\x08\x08\xc6}\x0fk\x02\xffg.txt\x003V0\xe6*\xc9HU0\xd03U\xd05\xd43\x002\x8cL\x81"\x87W*\x18\x81y'
    b"\x06\n\xba\x06z\x86@\xb1D\x05\xc3T]\x03S\x05c=C\x13CSK#s\x05]s=\x03.\x00\xa9\x15\x1b\xc0A\x00\x00\x00"
)

THREE_WORDS = ["the", "thé", "a"]
THREE = np.array([[0.5, -1.0, 0.25], [2, 0, -0.125], [1e-5, 3.1415927, -7]], dtype=np.float32)


def test_gensims_compressed_text_reads(tmp_path):
    words, matrix = load_word2vec(write(tmp_path / "g.txt.gz", GENSIM_TEXT_GZ))
    assert words == THREE_WORDS
    np.testing.assert_array_equal(matrix, THREE)


@pytest.mark.parametrize("name", ["v.bin", "v.bin.gz", "vectors.out"])
def test_a_text_file_with_any_name_reads_as_text(tmp_path, name):
    data = gzip.compress(C_TEXT) if name.endswith(".gz") else C_TEXT
    words, matrix = load_word2vec(write(tmp_path / name, data))
    assert words == WORDS
    np.testing.assert_array_equal(matrix, MATRIX)
    with pytest.raises(ModelFileError):  # asked for binary, it is not
        load_word2vec(tmp_path / name, binary=True)
    words, _ = load_word2vec(write(tmp_path / "real.bin", C_BINARY))  # and binary stays binary
    assert words == WORDS


def test_glove_text_without_a_header(tmp_path):
    """GloVe's format: rows only. gensim reads it with load_word2vec_format(no_header=True)."""
    glove = b"\xef\xbb\xbfthe 0.5 -1 0.25\nth\xc3\xa9 2 0 -0.125\n\n"
    for name, data in [("glove.txt", glove), ("glove.6B.3d.txt.gz", gzip.compress(glove)), ("g.bin", glove)]:
        words, matrix = load_word2vec(write(tmp_path / name, data))
        assert words == WORDS
        np.testing.assert_array_equal(matrix, MATRIX)
    one = write(tmp_path / "one.txt", b"x 1.5\n")  # D = 1: "x 1.5" is a row, not a 'V D' header
    assert load_word2vec(one)[0] == ["x"]
    with pytest.raises(ModelFileError, match="has no 'V D' header"):
        load_word2vec(tmp_path / "glove.txt", binary=True)
