"""Small encoded corpora for the training tests (no file needed)."""

import numpy as np

from word2vec_np.text.corpus import Corpus
from word2vec_np.text.vocab import Vocab


def encoded_zipf_corpus(seed=0, n_sentences=40, V=12, lengths=(1, 12)):
    """A random corpus with Zipf-like counts, already encoded: (vocab, corpus).

    Word ids are renumbered so that they follow the vocabulary's order
    (descending count, ties by id), as ``corpus.load`` would give them.
    Sentence lengths are drawn uniformly from ``lengths[0]`` to ``lengths[1] - 1``.
    """
    rng = np.random.default_rng(seed)
    p = 1.0 / np.arange(1, V + 1)
    p /= p.sum()
    sizes = rng.integers(lengths[0], lengths[1], size=n_sentences)
    ids = rng.choice(V, size=int(sizes.sum()), p=p).astype(np.int32)
    counts = np.bincount(ids, minlength=V)
    order = np.lexsort((np.arange(V), -counts))
    remap = np.empty(V, dtype=np.int32)
    remap[order] = np.arange(V, dtype=np.int32)
    ids = remap[ids]
    vocab = Vocab.from_counts({f"w{remap[i]:03d}": int(counts[i]) for i in range(V) if counts[i]}, min_count=1)
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    return vocab, Corpus(ids=ids, offsets=offsets, n_raw_words=len(ids))
