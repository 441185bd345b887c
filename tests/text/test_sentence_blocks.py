"""Sentences read in blocks (tokens and lengths at once) equal the sentences read line by line.

The fast path (:func:`iter_sentence_blocks`, then ``load`` and ``encode`` in memory and on disk)
is compared with an obviously-correct reference written here: the whole text split into lines,
each line split and cut into pieces of ``max_sentence_length``, the vocabulary counted with a
Counter. The texts mix blank lines (some holding only whitespace), one-word lines and longer
lines, and pieces as small as a few bytes make lines run across pieces.
"""

import gzip
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from word2vec_np.errors import CorpusError
from word2vec_np.text import sources
from word2vec_np.text.corpus import encode, load
from word2vec_np.text.sources import iter_sentence_blocks, iter_sentences, open_source
from word2vec_np.text.vocab import Vocab

PLAIN = st.sampled_from(["a", "b", "cc", "d", "été"])
WORDS = PLAIN | st.just("x\u00a0y")  # U+00A0: whitespace to str.split(), not a line break
BLANK = st.sampled_from(["", " ", "\t", "\r", "  \r"])
LINE = st.one_of(BLANK, WORDS, st.lists(WORDS, min_size=2, max_size=12).map(" ".join))
TEXTS = st.tuples(st.lists(LINE, min_size=1, max_size=40), st.booleans()).map(
    lambda t: "\n".join(t[0]) + ("\n" if t[1] else "")
)


def reference_sentences(text: str, n: int) -> list[list[str]]:
    """Every line split on whitespace and cut into pieces of n tokens; blank lines give none."""
    text = text.removeprefix("\ufeff")
    out = []
    for line in text.split("\n"):
        tokens = line.split()
        out.extend(tokens[lo : lo + n] for lo in range(0, len(tokens), n))
    return out


def reference_load(text: str, n: int, min_count: int):
    """(vocab, ids, offsets, n_raw) of ``load``, the slow way; None when no word occurs min_count times."""
    sentences = reference_sentences(text, n)
    counts = Counter(t for s in sentences for t in s)
    if max(counts.values()) < min_count:
        return None
    vocab = Vocab.from_counts({w: c for w, c in counts.items() if c >= min_count}, min_count=min_count)
    kept = [[vocab.index[t] for t in s if t in vocab.index] for s in sentences]
    kept = [s for s in kept if s]
    offsets = np.cumsum([0] + [len(s) for s in kept])
    return vocab, [i for s in kept for i in s], offsets.tolist(), sum(map(len, sentences))


def blocks_as_sentences(blocks) -> list[list[str]]:
    out = []
    for tokens, lengths in blocks:
        assert lengths.dtype == np.int64 and len(lengths) and lengths.min() >= 1
        assert int(lengths.sum()) == len(tokens)
        ends = np.cumsum(lengths).tolist()
        out.extend(tokens[lo:hi] for lo, hi in zip([0, *ends[:-1]], ends, strict=True))
    return out


@settings(max_examples=80, deadline=None)
@given(
    text=TEXTS,
    n=st.integers(1, 5),
    min_count=st.integers(1, 3),
    chunk_bytes=st.sampled_from([1, 3, 7, 1 << 20]),
    gz=st.booleans(),
)
def test_blocks_load_and_encode_match_a_line_by_line_reference(text, n, min_count, chunk_bytes, gz):
    original = sources.CHUNK_BYTES, sources.BLOCK_BYTES
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("c.txt.gz" if gz else "c.txt")
        data = text.encode("utf-8")
        path.write_bytes(gzip.compress(data) if gz else data)
        want = reference_sentences(text, n)
        try:
            sources.CHUNK_BYTES = sources.BLOCK_BYTES = chunk_bytes
            if not want:
                with pytest.raises(CorpusError):
                    list(iter_sentence_blocks(path, max_sentence_length=n))
                return
            assert blocks_as_sentences(iter_sentence_blocks(path, max_sentence_length=n)) == want
            assert list(iter_sentences(path, max_sentence_length=n)) == want
            reference = reference_load(text, n, min_count)
            if reference is None:
                with pytest.raises(CorpusError, match=f"min_count={min_count}"):
                    load(path, min_count=min_count, max_sentence_length=n)
                return
            vocab, ids, offsets, n_raw = reference
            for on_disk in (False, True):
                v, c = load(path, min_count=min_count, max_sentence_length=n, on_disk=on_disk)
                assert v.words == vocab.words and v.counts.tolist() == vocab.counts.tolist()
                assert c.ids.tolist() == ids and c.offsets.tolist() == offsets and c.n_raw_words == n_raw
                assert c.on_disk == on_disk
                e = encode(path, vocab, max_sentence_length=n, on_disk=on_disk)
                assert e.ids.tolist() == ids and e.offsets.tolist() == offsets and e.n_raw_words == n_raw
                for made in (c, e):
                    if made.store is not None:
                        made.store.remove()
        finally:
            sources.CHUNK_BYTES, sources.BLOCK_BYTES = original


@settings(max_examples=40, deadline=None)
@given(lines=st.lists(st.lists(PLAIN, max_size=6), min_size=1, max_size=30), n=st.integers(1, 4))
def test_python_sentences_in_blocks_are_the_sentences(lines, n):
    want = [s[lo : lo + n] for s in lines for lo in range(0, len(s), n)]
    original = sources.PYTHON_BLOCK
    try:
        sources.PYTHON_BLOCK = 3  # blocks of 3 sentences: several blocks for most lists
        got = blocks_as_sentences(open_source(lines).sentence_blocks(n))
    except CorpusError:
        assert not want
        return
    finally:
        sources.PYTHON_BLOCK = original
    assert got == want
