"""Encoding streams: peak memory stays far below a Python list of the tokens.

Also checks the seeded Zipf corpus writer the benchmark and this test use.
"""

import gzip
import sys
import tracemalloc

import numpy as np
import pytest

from word2vec_np.bench.zipf import expected_bytes_per_token, write_zipf_corpus, zipf_words
from word2vec_np.errors import ConfigError
from word2vec_np.text.corpus import encode, iter_sentences
from word2vec_np.text.vocab import Vocab, count_words

CORPUS_MB = 20


@pytest.fixture(scope="module")
def zipf_corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("zipf") / "zipf.txt"
    n_tokens = int(CORPUS_MB * 1e6 / expected_bytes_per_token())
    write_zipf_corpus(path, n_tokens, seed=0)
    return path, n_tokens


def python_list_bytes(path, n_tokens, sample_lines=2000):
    """What list[str] of every token would take: a pointer plus one str object per token."""
    sample = []
    for sentence in iter_sentences(path):
        sample.extend(sentence)
        if len(sample) > sample_lines * 20:
            break
    mean_str = np.mean([sys.getsizeof(t) for t in sample])
    return n_tokens * (8 + mean_str)


def test_encoding_a_20_mb_corpus_keeps_peak_memory_small(zipf_corpus):
    path, n_tokens = zipf_corpus
    vocab = Vocab.from_counts(dict.fromkeys(zipf_words(100_000), 1), min_count=1)  # every word, fast
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        corpus = encode(path, vocab)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert corpus.n_raw_words == len(corpus.ids) == n_tokens
    as_list = python_list_bytes(path, n_tokens)
    # The result alone is ids (4 bytes a token) + offsets; the chunks and their
    # concatenation double it. A list of str costs ~60 bytes a token.
    assert peak < as_list / 4, f"peak {peak / 1e6:.0f} MB vs list of str {as_list / 1e6:.0f} MB"
    assert peak < 3 * (corpus.ids.nbytes + corpus.offsets.nbytes) + 16e6


def test_zipf_corpus_is_seeded_and_has_the_asked_token_count(tmp_path):
    a, b, c = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    size = write_zipf_corpus(a, 5000, vocab_size=300, seed=7, sentence_length=8)
    write_zipf_corpus(b, 5000, vocab_size=300, seed=7, sentence_length=8)
    write_zipf_corpus(c, 5000, vocab_size=300, seed=8, sentence_length=8)
    assert a.read_bytes() == b.read_bytes() != c.read_bytes()
    assert size == a.stat().st_size
    sentences = list(iter_sentences(a))
    assert sum(map(len, sentences)) == 5000
    assert 4 < 5000 / len(sentences) < 12  # mean sentence length about 8
    assert set(count_words(a)) <= set(zipf_words(300))


def test_zipf_corpus_follows_zipfs_law_and_compresses(tmp_path):
    plain, packed = tmp_path / "z.txt", tmp_path / "z.txt.gz"
    write_zipf_corpus(plain, 50_000, vocab_size=1000, seed=1)
    write_zipf_corpus(packed, 50_000, vocab_size=1000, seed=1)
    assert gzip.decompress(packed.read_bytes()) == plain.read_bytes()
    counts = count_words(plain)
    words = zipf_words(1000)
    ratio = counts[words[0]] / counts[words[9]]  # expected 10 for exponent 1
    assert 8 < ratio < 12.5


def test_zipf_settings_are_checked(tmp_path):
    with pytest.raises(ConfigError):
        write_zipf_corpus(tmp_path / "x.txt", 0)
    assert len(set(zipf_words(5000))) == 5000
