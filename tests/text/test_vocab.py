"""Vocabulary: counts, ordering, tie-break, min_count, max_vocab_size, errors."""

import bz2
import gzip

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from word2vec_np.errors import ConfigError, CorpusError, UnknownWordError
from word2vec_np.text.vocab import Vocab, build_vocab, count_words

TEXT = "the cat sat on the mat\nthe dog sat\n"


@pytest.fixture
def toy(tmp_path):
    path = tmp_path / "toy.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_counts_of_a_hand_made_corpus(toy):
    counts = count_words(toy)
    assert counts == {"the": 3, "sat": 2, "cat": 1, "on": 1, "mat": 1, "dog": 1}


def test_order_is_descending_count_then_word(toy):
    vocab = build_vocab(toy, min_count=1)
    assert vocab.words == ("the", "sat", "cat", "dog", "mat", "on")
    assert vocab.counts.tolist() == [3, 2, 1, 1, 1, 1]
    assert vocab.counts.dtype == np.int64
    assert vocab.total == 9
    assert len(vocab) == 6
    assert vocab.index == {"the": 0, "sat": 1, "cat": 2, "dog": 3, "mat": 4, "on": 5}
    assert all(vocab.id(w) == i for i, w in enumerate(vocab.words))


def test_min_count_drops_rare_words_and_total_counts_only_kept_ones(toy):
    vocab = build_vocab(toy, min_count=2)
    assert vocab.words == ("the", "sat")
    assert vocab.total == 5
    assert "cat" not in vocab and "the" in vocab


def test_tie_break_is_the_word_string_ascending():
    vocab = Vocab.from_counts({"b": 2, "a": 2, "c": 3, "B": 2}, min_count=1)
    assert vocab.words == ("c", "B", "a", "b")  # "B" < "a" < "b" by code point


def test_max_vocab_size_keeps_the_most_frequent_after_min_count():
    counts = {"a": 5, "b": 4, "c": 4, "d": 3, "e": 1}
    assert Vocab.from_counts(counts, min_count=2, max_vocab_size=2).words == ("a", "b")
    assert Vocab.from_counts(counts, min_count=2, max_vocab_size=3).words == ("a", "b", "c")
    assert Vocab.from_counts(counts, min_count=2, max_vocab_size=10).words == ("a", "b", "c", "d")
    assert Vocab.from_counts(counts, min_count=2, max_vocab_size=2).total == 9


def test_unknown_word_raises_a_key_error_naming_the_word(toy):
    vocab = build_vocab(toy, min_count=1)
    with pytest.raises(UnknownWordError, match="'zebra'"):
        vocab.id("zebra")
    with pytest.raises(KeyError):
        vocab.id("zebra")


def test_a_one_word_vocabulary_is_allowed():
    vocab = Vocab.from_counts({"only": 7, "rare": 1}, min_count=2)
    assert vocab.words == ("only",) and vocab.total == 7


def test_nothing_above_min_count_names_file_and_min_count(toy):
    with pytest.raises(CorpusError) as info:
        build_vocab(toy, min_count=4)
    message = str(info.value)
    assert str(toy) in message and "min_count=4" in message and "--min-count" in message


def test_from_counts_with_nothing_left_is_a_corpus_error():
    with pytest.raises(CorpusError, match="min_count=3"):
        Vocab.from_counts({"a": 1, "b": 2}, min_count=3)
    with pytest.raises(CorpusError):
        Vocab.from_counts({}, min_count=1)


@pytest.mark.parametrize("kwargs", [{"min_count": -1}, {"min_count": 1.5}, {"max_vocab_size": 0}])
def test_bad_settings_are_config_errors(kwargs):
    with pytest.raises(ConfigError):
        Vocab.from_counts({"a": 3}, **kwargs)


def test_min_count_zero_keeps_every_seen_word_but_not_zero_counts():
    vocab = Vocab.from_counts({"a": 1, "b": 0}, min_count=0)
    assert vocab.words == ("a",)


def test_counts_are_read_only_and_vocabs_compare_by_content(toy):
    vocab = build_vocab(toy, min_count=1)
    with pytest.raises(ValueError):
        vocab.counts[0] = 100
    assert vocab == Vocab.from_counts(count_words(toy), min_count=1)
    assert vocab != build_vocab(toy, min_count=2)


def test_compressed_corpora_give_the_same_vocabulary(tmp_path, toy):
    gz = tmp_path / "toy.txt.gz"
    gz.write_bytes(gzip.compress(TEXT.encode()))
    bz = tmp_path / "toy.bz2"
    bz.write_bytes(bz2.compress(TEXT.encode()))
    plain = build_vocab(toy, min_count=1)
    assert build_vocab(gz, min_count=1) == plain
    assert build_vocab(bz, min_count=1) == plain


@settings(max_examples=60, deadline=None)
@given(
    counts=st.dictionaries(st.text("abcde", min_size=1, max_size=3), st.integers(0, 6), max_size=30),
    min_count=st.integers(0, 4),
    max_vocab_size=st.none() | st.integers(1, 10),
)
def test_from_counts_properties(counts, min_count, max_vocab_size):
    survivors = {w: c for w, c in counts.items() if c >= max(min_count, 1)}
    if not survivors:
        with pytest.raises(CorpusError):
            Vocab.from_counts(counts, min_count=min_count, max_vocab_size=max_vocab_size)
        return
    vocab = Vocab.from_counts(counts, min_count=min_count, max_vocab_size=max_vocab_size)
    expected = sorted(survivors, key=lambda w: (-survivors[w], w))[:max_vocab_size]
    assert list(vocab.words) == expected
    assert vocab.counts.tolist() == [counts[w] for w in expected]
    assert vocab.total == sum(counts[w] for w in expected)
    keys = [(-c, w) for w, c in zip(vocab.words, vocab.counts.tolist(), strict=True)]
    assert keys == sorted(keys)
