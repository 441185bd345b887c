"""Reading and encoding corpora: sentences, compression, CRLF, errors, id round trips."""

import bz2
import gzip
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from word2vec_np.errors import ConfigError, CorpusError, CorpusNotFoundError
from word2vec_np.text import corpus, sources
from word2vec_np.text.corpus import Corpus, encode, iter_sentences, load, read_text_chunks
from word2vec_np.text.vocab import Vocab, build_vocab

TEXT = "the cat sat on the mat\n\nthe dog sat\nzebra\n"


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --------------------------------------------------------------------------- sentences


def test_one_sentence_per_line_blank_lines_give_nothing(tmp_path):
    path = write(tmp_path, "c.txt", "  a b\tc \n\n   \nd\n")
    assert list(iter_sentences(path)) == [["a", "b", "c"], ["d"]]


def test_crlf_and_missing_final_newline(tmp_path):
    crlf = write(tmp_path, "crlf.txt", "a b\r\nc d\r\n\r\ne")
    assert list(iter_sentences(crlf)) == [["a", "b"], ["c", "d"], ["e"]]


def test_byte_order_mark_is_ignored(tmp_path):
    path = write(tmp_path, "bom.txt", "\ufeffa b\n")
    assert list(iter_sentences(path)) == [["a", "b"]]


def test_long_lines_are_cut_into_sentences(tmp_path):
    path = write(tmp_path, "long.txt", "1 2 3 4 5 6 7\n8 9 10 11 12 13\n14\n")
    assert list(iter_sentences(path, max_sentence_length=3)) == [
        ["1", "2", "3"],
        ["4", "5", "6"],
        ["7"],
        ["8", "9", "10"],
        ["11", "12", "13"],
        ["14"],
    ]


def test_max_sentence_length_must_be_positive(tmp_path):
    path = write(tmp_path, "c.txt", "a\n")
    with pytest.raises(ConfigError):
        list(iter_sentences(path, max_sentence_length=0))


@pytest.mark.parametrize("suffix, compress", [(".gz", gzip.compress), (".bz2", bz2.compress)])
def test_compressed_files_read_the_same_as_plain(tmp_path, suffix, compress):
    plain = write(tmp_path, "c.txt", TEXT)
    packed = write(tmp_path, "c.txt" + suffix, compress(TEXT.encode()))
    assert list(iter_sentences(packed)) == list(iter_sentences(plain))
    vocab = build_vocab(plain, min_count=1)
    a, b = encode(plain, vocab), encode(packed, vocab)
    assert np.array_equal(a.ids, b.ids) and np.array_equal(a.offsets, b.offsets)


def test_chunks_never_split_a_token_or_a_character(tmp_path):
    text = "naïve café\nжёлтый 東京 x\r\n" * 5 + "end"
    path = write(tmp_path, "u.txt", text)
    pieces = list(read_text_chunks(path, chunk_bytes=7))
    assert len(pieces) > 5
    assert "".join(pieces) == text
    assert all(p[-1].isspace() for p in pieces[:-1])
    assert [t for p in pieces for t in p.split()] == text.split()


def test_small_chunks_give_the_same_sentences(tmp_path, monkeypatch):
    text = "a bb ccc\ndddd\n\neeeee ff g\n" * 3
    path = write(tmp_path, "c.txt", text)
    expected = [line.split() for line in text.splitlines() if line.split()]
    monkeypatch.setattr(sources, "CHUNK_BYTES", 3)
    assert list(iter_sentences(path)) == expected


# --------------------------------------------------------------------------- errors


def test_missing_file(tmp_path):
    path = tmp_path / "nope.txt"
    with pytest.raises(CorpusNotFoundError, match="nope.txt"):
        list(iter_sentences(path))
    with pytest.raises(FileNotFoundError):
        build_vocab(path)


def test_an_empty_directory_is_refused_a_full_one_read_in_name_order(tmp_path):
    with pytest.raises(CorpusError, match="holds no files to read"):
        list(iter_sentences(tmp_path))
    write(tmp_path, "b.txt", "c d\n")
    write(tmp_path, "a.txt", "a b\n")
    write(tmp_path, ".hidden", "x y\n")
    assert list(iter_sentences(tmp_path)) == [["a", "b"], ["c", "d"]]


@pytest.mark.parametrize(
    "name, data, fragment",
    [
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b" \n\t\r\n  \n", "only whitespace"),
        ("binary.txt", b"abc\x00def\n", "NUL byte at byte offset 3"),
        ("latin1.txt", "hello wörld\n".encode("latin-1"), "not valid UTF-8 at byte offset 7"),
        ("bad.txt.gz", gzip.compress(b"ok fine\nab\xffcd\n"), "byte offset 10 of the decompressed stream"),
        ("fake.txt.gz", b"plain text, not gzip\n", "not gzip-compressed"),
        ("truncated.txt.gz", gzip.compress(b"a b c\n" * 1000)[:30], "gzip"),
        ("corrupt.bz2", b"BZh91AY&SY" + bytes(range(256)), "bzip2"),
        ("truncated.bz2", bz2.compress(b"a b c\n" * 1000)[:40], "bzip2"),
        ("packed.txt", gzip.compress(b"a b\n"), "name it with a .gz suffix"),
    ],
)
def test_bad_files_are_corpus_errors_naming_the_file(tmp_path, name, data, fragment):
    path = write(tmp_path, name, data)
    for read in (lambda: list(iter_sentences(path)), lambda: build_vocab(path, min_count=1)):
        with pytest.raises(CorpusError) as info:
            read()
        message = str(info.value)
        assert str(path) in message and fragment in message
        assert "\n" not in message


def test_bad_utf8_says_what_to_do(tmp_path):
    path = write(tmp_path, "latin1.txt", "café\n".encode("latin-1"))
    with pytest.raises(CorpusError, match="re-save it as UTF-8"):
        list(iter_sentences(path))


def test_bad_utf8_offset_counts_bytes_across_chunks(tmp_path, monkeypatch):
    data = ("é" * 10 + " ") * 3 + "\n"  # 21 bytes a word
    raw = data.encode() + b"x\xfey\n"
    path = write(tmp_path, "late.txt", raw)
    monkeypatch.setattr(sources, "CHUNK_BYTES", 8)
    with pytest.raises(CorpusError, match=f"byte offset {len(data.encode()) + 1};"):
        list(iter_sentences(path))


# --------------------------------------------------------------------------- encoding


def test_encode_a_hand_made_corpus(tmp_path):
    path = write(tmp_path, "c.txt", "a b c\nx y\nc a a\n")
    vocab = Vocab.from_counts({"a": 3, "c": 2, "b": 1}, min_count=1)  # a=0, c=1, b=2
    enc = encode(path, vocab)
    assert enc.ids.dtype == np.int32 and enc.offsets.dtype == np.int64
    assert enc.ids.tolist() == [0, 2, 1, 1, 0, 0]
    assert enc.offsets.tolist() == [0, 3, 6]  # "x y" is all out of vocabulary: no sentence
    assert enc.n_raw_words == 8
    assert len(enc) == 2
    assert [s.tolist() for s in enc.sentences()] == [[0, 2, 1], [1, 0, 0]]


def test_encode_with_no_known_word_is_a_corpus_error(tmp_path):
    path = write(tmp_path, "c.txt", "x y z\n")
    with pytest.raises(CorpusError, match="c.txt"):
        encode(path, Vocab.from_counts({"a": 1}, min_count=1))


def test_encode_in_many_small_chunks_gives_the_same_result(tmp_path, monkeypatch):
    text = "".join(f"w{i % 7} w{i % 3} w{i % 5}\n" for i in range(50))
    path = write(tmp_path, "c.txt", text)
    vocab = build_vocab(path, min_count=8)
    whole = encode(path, vocab)
    monkeypatch.setattr(corpus, "_FLUSH_TOKENS", 4)
    monkeypatch.setattr(sources, "CHUNK_BYTES", 5)
    chunked = encode(path, vocab)
    assert np.array_equal(whole.ids, chunked.ids)
    assert np.array_equal(whole.offsets, chunked.offsets)
    assert whole.n_raw_words == chunked.n_raw_words == 150


def test_load_builds_vocabulary_then_encodes(tmp_path):
    path = write(tmp_path, "c.txt", TEXT)
    vocab, enc = load(path, min_count=2)
    assert vocab.words == ("the", "sat")
    assert isinstance(enc, Corpus)
    assert enc.ids.tolist() == [0, 1, 0, 0, 1]
    assert enc.offsets.tolist() == [0, 3, 5]
    assert enc.n_raw_words == 10


# Tokens: anything str.split() keeps whole (no whitespace, NUL, surrogates or BOM).
TOKEN = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp"), blacklist_characters="\ufeff\x85"),
    min_size=1,
    max_size=4,
)


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(
        st.lists(st.sampled_from(["the", "a", "of", "x"]) | TOKEN, max_size=9), min_size=1, max_size=12
    ),
    min_count=st.integers(1, 3),
    max_sentence_length=st.integers(1, 5),
    suffix=st.sampled_from([".txt", ".gz", ".bz2"]),
    crlf=st.booleans(),
    chunk_bytes=st.sampled_from([2, 5, 1 << 20]),
)
def test_encode_then_decode_gives_the_tokens_in_the_vocabulary(
    lines, min_count, max_sentence_length, suffix, crlf, chunk_bytes
):
    text = ("\r\n" if crlf else "\n").join(" ".join(line) for line in lines)
    data = text.encode("utf-8")
    data = {".gz": gzip.compress, ".bz2": bz2.compress}.get(suffix, bytes)(data)
    all_tokens = [t for line in lines for t in line]
    original = sources.CHUNK_BYTES
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("corpus" + suffix)
        path.write_bytes(data)
        if not all_tokens:
            with pytest.raises(CorpusError):
                load(path, min_count=min_count)
            return
        try:
            sources.CHUNK_BYTES = chunk_bytes
            counts = {t: all_tokens.count(t) for t in all_tokens}
            if max(counts.values()) < min_count:
                with pytest.raises(CorpusError, match=f"min_count={min_count}"):
                    load(path, min_count=min_count)
                return
            vocab, enc = load(path, min_count=min_count, max_sentence_length=max_sentence_length)
        finally:
            sources.CHUNK_BYTES = original

    n = max_sentence_length
    expected = []  # each line cut into pieces of n raw tokens, then out-of-vocabulary tokens dropped
    for line in lines:
        for lo in range(0, len(line), n):
            kept = [t for t in line[lo : lo + n] if counts[t] >= min_count]
            if kept:
                expected.append(kept)
    decoded = [[vocab.words[i] for i in sentence] for sentence in enc.sentences()]
    assert decoded == expected
    assert enc.n_raw_words == len(all_tokens)
    assert enc.offsets[0] == 0 and enc.offsets[-1] == len(enc.ids)
    assert np.all(np.diff(enc.offsets) > 0)
