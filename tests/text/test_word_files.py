"""What every file of words shares: the byte reader's offsets across chunks, the word checks, the pickle test."""

import gzip
import io
from pathlib import Path

import pytest

from word2vec_np.errors import ConfigError, ModelFileError
from word2vec_np.text import word_files
from word2vec_np.text.word_files import ByteReader, check_words, format_suffix, is_pickle, open_binary, refuse_pickle

ROWS = [b"the 1 2 3", b"th\xc3\xa9 4 5 6", b"", b"a-much-longer-word 7 8 9", b"x 0 0 0"]


@pytest.mark.parametrize("chunk", [1, 3, 7, 1 << 20])
def test_the_offset_counts_every_byte_read_whatever_the_chunk_size(monkeypatch, chunk):
    """The offset is what error messages report: it must be the file's, not the buffer's."""
    monkeypatch.setattr(word_files, "CHUNK", chunk)
    data = b"\n".join(ROWS)  # no newline at the end: the last line is cut short
    r = ByteReader(io.BytesIO(data), Path("v.txt"))
    seen = 0
    for i, row in enumerate(ROWS):
        assert r.rest_of_line() == row
        seen += len(row) + (i < len(ROWS) - 1)
        assert r.offset == seen
        assert r.cut_short == (i == len(ROWS) - 1)
    assert r.at_end()


@pytest.mark.parametrize("chunk", [1, 4, 1 << 20])
def test_until_and_exactly_read_a_binary_row(monkeypatch, chunk):
    monkeypatch.setattr(word_files, "CHUNK", chunk)
    vector = bytes(range(12))
    r = ByteReader(io.BytesIO(b"2 3\nw " + vector + b"\nv " + vector[:5]), Path("v.bin"))
    assert r.rest_of_line() == b"2 3" and r.until(b" ") == b"w" and r.offset == 6
    assert r.exactly(12) == vector and r.offset == 18
    assert r.peek_byte() == 0x0A
    r.pos += 1
    assert r.until(b" ", limit=4) == b"v"
    assert r.exactly(12) is None  # five bytes left of twelve: the file is truncated
    assert ByteReader(io.BytesIO(b"x" * 64), Path("v.bin")).until(b" ", limit=8) is None


def test_a_damaged_compressed_stream_is_one_model_file_error(tmp_path):
    path = tmp_path / "v.txt.gz"
    path.write_bytes(gzip.compress(b"2 3\n" * 1000)[:-12])
    with open_binary(path) as f, pytest.raises(ModelFileError, match=r"'.*v\.txt\.gz': the compressed data is damaged"):
        r = ByteReader(f, path)
        while not r.at_end():
            r.rest_of_line()


def test_words_a_file_can_hold():
    assert check_words(["the", "thé", "</s>"]) == [b"the", b"th\xc3\xa9", b"</s>"]
    for bad in ["two words", "tab\there", "cr\r", "", "nul\x00", "\x0bvt", "ff\x0c"]:
        with pytest.raises(ConfigError, match="cannot save the word"):
            check_words(["ok", bad])
    with pytest.raises(ConfigError, match="not a string"):
        check_words(["ok", 3])


def test_a_pickle_is_told_by_its_first_two_bytes(tmp_path):
    assert is_pickle(b"\x80\x02") and is_pickle(b"\x80\x05rest") and not is_pickle(b"\x80\x01")
    assert not is_pickle(b"\x80") and not is_pickle(b"PK\x03\x04") and not is_pickle(b"2 3\n")
    path = tmp_path / "g.model"
    path.write_bytes(b"\x80\x04\x95gensim")
    with open(path, "rb") as f, pytest.raises(ModelFileError, match="refusing to read .* Python pickle"):
        refuse_pickle(ByteReader(f, path))


@pytest.mark.parametrize(
    "name, suffix",
    [("v.txt", ".txt"), ("v.TXT.GZ", ".txt"), ("a.b.bin.bz2", ".bin"), ("v", ""), ("v.gz", ""), ("v.npz", ".npz")],
)
def test_the_suffix_naming_the_format_looks_through_compression(name, suffix):
    assert format_suffix(Path(name)) == suffix
