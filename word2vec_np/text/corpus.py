"""Any corpus -> token ids (int32) and sentence offsets, in one streamed pass.

Where the text comes from (files, directories, stdin, pipes, Python
sentences) is :mod:`word2vec_np.text.sources`; this module turns it into numbers.
The encoded corpus is never a Python list of tokens:

* :func:`load` reads a source **once**: each token gets a provisional id by
  first appearance (a dict lookup), the ids go into int32 NumPy chunks and the
  sentence boundaries into offsets; the counts are a ``bincount`` of those
  ids. Then the words below ``min_count`` are dropped and the rest renumbered
  by rank (:meth:`word2vec_np.text.vocab.Vocab.from_counts`: descending count, ties
  by string order), chunk by chunk. Nothing is read twice, so stdin, a named
  pipe and a one-shot generator work.
* :func:`encode` maps a source's tokens to the ids of a vocabulary you
  already have (to continue training, or to resume from a checkpoint).

Both drop out-of-vocabulary tokens (they take no window slot, as in the C
tool and gensim) and sentences left empty. Peak memory is about 4 bytes per
token read plus 8 per token kept (the int32 chunks, then the result and its
chunks once while they are joined), plus the dictionary of distinct words.

The reading functions :func:`read_text_chunks` and :func:`iter_sentences`
live in :mod:`word2vec_np.text.sources` and are importable from here too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import numpy as np

from ..errors import CorpusError
from .sources import (  # noqa: F401  (re-exported: the reading functions were here first)
    CHUNK_BYTES,
    Source,
    _check_corpus_path,
    _check_max_sentence_length,
    iter_sentences,
    open_source,
    read_text_chunks,
)
from .vocab import Vocab, _check_settings, _nothing_survives

_FLUSH_TOKENS = 1 << 18  # ids are moved from a Python list into an int32 chunk every this many tokens


# --------------------------------------------------------------------------- encoding


@dataclass(frozen=True, eq=False)
class Corpus:
    """A corpus as token ids plus sentence offsets.

    Attributes
    ----------
    ids : (N,) int32
        Token ids of the words that are in the vocabulary, in reading order.
    offsets : (S + 1,) int64
        Sentence ``s`` is ``ids[offsets[s]:offsets[s + 1]]``; ``offsets[0] == 0``
        and ``offsets[-1] == N``. Every sentence is non-empty: a line whose
        words are all out of the vocabulary gives no sentence.
    n_raw_words : int
        Tokens read, including those not in the vocabulary (the C tool's and
        gensim's word count for the learning-rate schedule).
    """

    ids: np.ndarray
    offsets: np.ndarray
    n_raw_words: int

    def __len__(self) -> int:
        """Number of sentences S."""
        return len(self.offsets) - 1

    def sentences(self) -> Iterator[np.ndarray]:
        """Yield each sentence as a (length,) int32 view into ``ids``."""
        for s in range(len(self.offsets) - 1):
            yield self.ids[self.offsets[s] : self.offsets[s + 1]]




class _FirstSeen(dict):
    """word -> provisional id, a new word getting the next id on its first lookup."""

    def __missing__(self, word: str) -> int:
        self[word] = i = len(self)
        return i


@dataclass
class _Chunks:
    """A corpus as int32 id chunks, each with the raw length of its sentences."""

    ids: list[np.ndarray]  # (n_c,) int32 each; -1 for an unknown token (encode only)
    lengths: list[np.ndarray]  # (s_c,) int64 each: tokens of each sentence in the chunk
    n_raw: int


def _read_chunks(
    source: Source, to_ids: Callable[[list[str]], Iterable[int]], max_sentence_length: int
) -> _Chunks:
    """Read every sentence of ``source`` once, mapping its tokens to ids with ``to_ids``."""
    out = _Chunks([], [], 0)
    buffer: list[int] = []
    lengths: list[int] = []
    for sentence in source.sentences(max_sentence_length):
        buffer.extend(to_ids(sentence))
        lengths.append(len(sentence))
        if len(buffer) >= _FLUSH_TOKENS:
            out.ids.append(np.array(buffer, dtype=np.int32))
            out.lengths.append(np.array(lengths, dtype=np.int64))
            out.n_raw += len(buffer)
            buffer.clear()
            lengths.clear()
    if buffer:
        out.ids.append(np.array(buffer, dtype=np.int32))
        out.lengths.append(np.array(lengths, dtype=np.int64))
        out.n_raw += len(buffer)
    return out


def _keep_known(chunks: _Chunks, remap: np.ndarray | None) -> Corpus:
    """Join the chunks into a Corpus, mapping ids through ``remap`` and dropping ids < 0.

    remap : (n_provisional,) int32 new id of each provisional id, -1 to drop; None keeps the ids.
    The input chunks are released one by one, so the provisional ids and the result are never
    both whole in memory.
    """
    id_chunks: list[np.ndarray] = []  # (n_c,) int32 each
    end_chunks: list[np.ndarray] = []  # (s_c,) int64 each: sentence ends in the final ids
    n_kept = 0
    while chunks.ids:
        raw, lengths = chunks.ids.pop(0), chunks.lengths.pop(0)
        if remap is not None:
            raw = remap[raw]  # (n,) new ids and -1s
        known = raw >= 0
        seen = np.concatenate(([0], np.cumsum(known)))  # (n + 1,) known tokens before each position
        ends = np.cumsum(lengths)  # (s,) raw end of each sentence
        kept = seen[ends] - seen[ends - lengths]  # (s,) known tokens per sentence
        end_chunks.append(n_kept + seen[ends][kept > 0].astype(np.int64))
        id_chunks.append(raw[known])
        n_kept += int(seen[-1])
    ids = np.concatenate(id_chunks) if id_chunks else np.zeros(0, dtype=np.int32)  # (N,) int32
    del id_chunks[:]
    offsets = np.concatenate([np.zeros(1, dtype=np.int64), *end_chunks])
    return Corpus(ids=ids.astype(np.int32, copy=False), offsets=offsets, n_raw_words=chunks.n_raw)


def encode(source, vocab: Vocab | Any, *, max_sentence_length: int = 10000) -> Corpus:
    """Read a corpus once and map its tokens to the ids of an existing vocabulary.

    Out-of-vocabulary tokens are dropped (they take no window slot, as in the
    C tool and gensim); sentences left empty are dropped.

    Parameters
    ----------
    source : path, directory, ``"-"``, list of paths, or iterable of sentences
        Anything :func:`word2vec_np.text.sources.open_source` accepts.
    vocab : Vocab
        Only ``vocab.index`` (word -> id) is used.
    max_sentence_length : int
        Longer sentences are cut, see :func:`iter_sentences`.

    Returns
    -------
    Corpus
        ``ids`` (N,) int32, ``offsets`` (S + 1,) int64, ``n_raw_words``.

    Raises
    ------
    CorpusError
        As :func:`iter_sentences`, or no token of the corpus is in ``vocab``.
    """
    source = open_source(source)
    lookup = vocab.index.get
    chunks = _read_chunks(source, lambda sentence: map(lookup, sentence, repeat(-1)), max_sentence_length)
    corpus = _keep_known(chunks, None)
    if len(corpus.ids) == 0:
        raise CorpusError(
            f"none of the {corpus.n_raw_words} words of corpus {source.name!r} is in the vocabulary; "
            "build the vocabulary from this corpus or lower min_count"
        )
    return corpus


def load(source, min_count: int = 5, max_vocab_size: int | None = None, *, max_sentence_length: int = 10000):
    """Build the vocabulary of a corpus and encode it, reading it once.

    Parameters
    ----------
    source : path, directory, ``"-"``, list of paths, or iterable of sentences
        Anything :func:`word2vec_np.text.sources.open_source` accepts; read exactly once.
    min_count, max_vocab_size
        As :meth:`word2vec_np.text.vocab.Vocab.from_counts`.

    Returns
    -------
    (Vocab, Corpus)
        The same vocabulary (words, counts and ids) as
        :func:`word2vec_np.text.vocab.build_vocab`, and the corpus encoded with it.

    Raises
    ------
    CorpusNotFoundError, CorpusError
        As :func:`iter_sentences`, the corpus holds no word, or no word occurs
        ``min_count`` times.
    """
    _check_settings(min_count, max_vocab_size)
    source = open_source(source)
    first_seen = _FirstSeen()
    new_id = first_seen.__getitem__
    chunks = _read_chunks(source, lambda sentence: map(new_id, sentence), max_sentence_length)
    if not first_seen:
        raise CorpusError(
            f"the corpus {source.name!r} holds no words; give sentences with at least two distinct words"
        )
    counts = np.zeros(len(first_seen), dtype=np.int64)  # (n_provisional,) by provisional id
    for c in chunks.ids:
        counts += np.bincount(c, minlength=len(first_seen))
    threshold = max(min_count, 1)
    if counts.max() < threshold:
        raise CorpusError(_nothing_survives({"": int(counts.max())}, min_count, source=source.name))
    frequent = {w: c for w, c in zip(first_seen, counts.tolist(), strict=True) if c >= threshold}
    vocab = Vocab.from_counts(frequent, min_count=min_count, max_vocab_size=max_vocab_size)
    remap = np.full(len(first_seen), -1, dtype=np.int32)  # (n_provisional,) rank of each word, -1 dropped
    remap[[first_seen[w] for w in vocab.words]] = np.arange(len(vocab), dtype=np.int32)
    del first_seen, frequent
    return vocab, _keep_known(chunks, remap)


def renumber(corpus: Corpus, new_ids: np.ndarray) -> Corpus:
    """The corpus with every id ``i`` replaced by ``new_ids[i]``; ids mapped to -1 are dropped.

    new_ids : (V_old,) int, the new id of each old id, or -1. Sentences left
    empty are dropped; ``n_raw_words`` is kept. Used when a vocabulary grows
    (``Word2Vec.build_vocab(..., update=True)``) and its ids change.
    """
    chunks = _Chunks([corpus.ids], [np.diff(corpus.offsets)], corpus.n_raw_words)
    return _keep_known(chunks, np.asarray(new_ids, dtype=np.int32))
