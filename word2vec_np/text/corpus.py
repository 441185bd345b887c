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
tool and gensim) and sentences left empty. In memory, the peak is about 4 bytes
per token read plus 8 per token kept (the int32 chunks, then the result and its
chunks once while they are joined), plus the dictionary of distinct words.
Past ``DISK_THRESHOLD_TOKENS`` tokens (or with ``on_disk=True`` or a ``cache``)
the chunks go to a file as they are made, the renumbering reads that file back
chunk by chunk and writes the final ids and offsets to the cache, and the
Corpus maps them (:mod:`word2vec_np.text.corpus_cache`): the peak is then the
dictionary and a chunk, whatever the size of the corpus.

The reading functions :func:`read_text_chunks` and :func:`iter_sentences`
live in :mod:`word2vec_np.text.sources` and are importable from here too.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import numpy as np

from ..errors import CorpusError
from . import corpus_cache as cache_mod
from .corpus_cache import (  # noqa: F401  (check_on_disk and DISK_THRESHOLD_TOKENS: for the callers of load)
    DISK_THRESHOLD_TOKENS,
    IDS,
    OFFSETS,
    Store,
    check_on_disk,
    map_array,
    release,
    settings_hash,
    vocab_hash,
)
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

_FLUSH_TOKENS = 1 << 18  # the int32 ids of the blocks read are joined into one chunk every this many tokens


# --------------------------------------------------------------------------- encoding


@dataclass(frozen=True, eq=False)
class Corpus:
    """A corpus as token ids plus sentence offsets, in memory or mapped from a cache on disk.

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
    store : :class:`word2vec_np.text.corpus_cache.Store` or None
        The cache directory when ``ids`` and ``offsets`` are mapped files
        (read-only arrays); None when they are in memory. A private cache is
        removed once the Corpus is garbage-collected.
    """

    ids: np.ndarray
    offsets: np.ndarray
    n_raw_words: int
    store: Store | None = field(default=None, repr=False)

    def __len__(self) -> int:
        """Number of sentences S."""
        return len(self.offsets) - 1

    @property
    def on_disk(self) -> bool:
        """Whether the ids and offsets are mapped from files (see :mod:`word2vec_np.text.corpus_cache`)."""
        return self.store is not None

    def sentences(self) -> Iterator[np.ndarray]:
        """Yield each sentence as a (length,) int32 view into ``ids``."""
        for s in range(len(self.offsets) - 1):
            yield self.ids[self.offsets[s] : self.offsets[s + 1]]

    def release(self) -> None:
        """Give back the resident pages of a corpus on disk (it stays readable); nothing in memory."""
        release(self.ids)
        release(self.offsets)


class _FirstSeen(dict):
    """word -> provisional id, a new word getting the next id on its first lookup."""

    def __missing__(self, word: str) -> int:
        self[word] = i = len(self)
        return i


class _Chunks:
    """A corpus as int32 id chunks, each with the raw length of its sentences: in memory, or in files.

    The chunks stay in memory until ``spill_at`` tokens were read (None: never, 0: at once), then
    go to ``raw.i32`` and ``lengths.i64`` of a cache (:class:`Store` of ``cache``), and the chunks
    read so far with them.
    """

    def __init__(self, spill_at: int | None, cache=None, text_bytes: int | None = None):
        self.ids: list[np.ndarray] = []  # (n_c,) int32 each; -1 for an unknown token (encode only)
        self.lengths: list[np.ndarray] = []  # (s_c,) int64 each: tokens of each sentence in the chunk
        self.n_raw = 0
        self.spill_at, self.cache, self.text_bytes = spill_at, cache, text_bytes
        self.store: Store | None = None
        self.sizes: list[tuple[int, int]] = []  # (tokens, sentences) of each chunk on disk
        self._files = None

    def add(self, ids: np.ndarray, lengths: np.ndarray) -> None:
        self.n_raw += len(ids)
        if self.store is None and self.spill_at is not None and self.n_raw >= self.spill_at:
            self._spill()
        if self.store is None:
            self.ids.append(ids)
            self.lengths.append(lengths)
            return
        with cache_mod.writing(self.store):
            cache_mod.append(self._files[0], ids)
            cache_mod.append(self._files[1], lengths)
        self.sizes.append((len(ids), len(lengths)))

    def _spill(self) -> None:
        self.store = store = Store(self.cache)
        cache_mod.forget(store)
        if self.text_bytes is not None:
            cache_mod.check_space(store, int(self.text_bytes * cache_mod.BYTES_PER_TEXT_BYTE), "the encoded corpus")
        with cache_mod.writing(store):
            self._files = (cache_mod.create(store.path("raw.i32")), cache_mod.create(store.path("lengths.i64")))
            held = list(zip(self.ids, self.lengths, strict=True))
            self.ids, self.lengths = [], []
            for ids, lengths in held:
                cache_mod.append(self._files[0], ids)
                cache_mod.append(self._files[1], lengths)
                self.sizes.append((len(ids), len(lengths)))

    def close(self) -> None:
        if self._files is not None:
            with cache_mod.writing(self.store):
                for f in self._files:
                    f.close()
            self._files = None

    def pieces(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield (ids, lengths) of every chunk in order, letting go of each in-memory chunk as it goes."""
        if self.store is None:
            while self.ids:
                yield self.ids.pop(0), self.lengths.pop(0)
            return
        self.close()
        with open(self.store.path("raw.i32"), "rb") as fi, open(self.store.path("lengths.i64"), "rb") as fl:
            for n, s in self.sizes:
                yield np.fromfile(fi, dtype=np.int32, count=n), np.fromfile(fl, dtype=np.int64, count=s)
        for name in ("raw.i32", "lengths.i64"):
            self.store.path(name).unlink()


def _read_chunks(
    source: Source,
    to_ids: Callable[[list[str]], Iterable[int]],
    max_sentence_length: int,
    chunks: _Chunks,
    counted: Callable[[np.ndarray], None] | None = None,
) -> _Chunks:
    """Read every sentence of ``source`` once into ``chunks``, mapping its tokens to ids with ``to_ids``.

    The sentences come in blocks (:meth:`Source.sentence_blocks`): a block's tokens are mapped
    at once and its sentence lengths are already an array, so nothing is done per sentence.
    counted(ids) is called on every chunk of ids as it is made (``load`` counts them there).
    """
    ids: list[np.ndarray] = []  # (n_b,) int32 of each block not yet flushed
    lengths: list[np.ndarray] = []  # (s_b,) int64 of each block not yet flushed
    n_held = 0
    try:
        for tokens, block_lengths in source.sentence_blocks(max_sentence_length):
            ids.append(np.fromiter(to_ids(tokens), dtype=np.int32, count=len(tokens)))
            lengths.append(block_lengths)
            n_held += len(tokens)
            del tokens  # the block's str objects go before the next block is read
            if n_held >= _FLUSH_TOKENS:
                _flush(chunks, ids, lengths, counted)
                n_held = 0
        if ids:
            _flush(chunks, ids, lengths, counted)
    except BaseException:
        chunks.close()
        if chunks.store is not None:
            chunks.store.remove()
        raise
    return chunks


def _flush(chunks: _Chunks, ids: list[np.ndarray], lengths: list[np.ndarray], counted) -> None:
    joined = np.concatenate(ids)  # (n,) int32
    if counted is not None:
        counted(joined)
    chunks.add(joined, np.concatenate(lengths))
    ids.clear()
    lengths.clear()


def _keep_known(chunks: _Chunks, remap: np.ndarray | None) -> Corpus:
    """Join the chunks into a Corpus, mapping ids through ``remap`` and dropping ids < 0.

    remap : (n_provisional,) int32 new id of each provisional id, -1 to drop; None keeps the ids.
    In memory, the input chunks are released one by one, so the provisional ids and the result
    are never both whole in memory. On disk, the chunks are read from the provisional file one
    by one and the result is written to the cache's ``ids.i32`` and ``offsets.i64``, then mapped.
    """
    store = chunks.store
    if store is not None:
        n_tokens = sum(n for n, _ in chunks.sizes)
        n_sentences = sum(s for _, s in chunks.sizes)
        cache_mod.check_space(store, 4 * n_tokens + 8 * (n_sentences + 1), "the renumbered ids")
    id_chunks: list[np.ndarray] = []  # (n_c,) int32 each, in memory
    end_chunks: list[np.ndarray] = []  # (s_c,) int64 each: sentence ends in the final ids, in memory
    n_kept = 0
    with cache_mod.writing(store) if store is not None else nullcontext():
        files = None
        if store is not None:
            files = (cache_mod.create(store.path(IDS)), cache_mod.create(store.path(OFFSETS)))
            cache_mod.append(files[1], np.zeros(1, dtype="<i8"))
        try:
            for raw, lengths in chunks.pieces():
                if remap is not None:
                    raw = remap[raw]  # (n,) new ids and -1s
                known = raw >= 0
                seen = np.concatenate(([0], np.cumsum(known)))  # (n + 1,) known tokens before each position
                ends = np.cumsum(lengths)  # (s,) raw end of each sentence
                kept = seen[ends] - seen[ends - lengths]  # (s,) known tokens per sentence
                sentence_ends = n_kept + seen[ends][kept > 0].astype(np.int64)
                if files is None:
                    end_chunks.append(sentence_ends)
                    id_chunks.append(raw[known])
                else:
                    cache_mod.append(files[0], raw[known].astype("<i4", copy=False))
                    cache_mod.append(files[1], sentence_ends.astype("<i8", copy=False))
                n_kept += int(seen[-1])
        finally:
            if files is not None:
                for f in files:
                    f.close()
    if store is not None:
        return Corpus(map_array(store.path(IDS), "<i4"), map_array(store.path(OFFSETS), "<i8"), chunks.n_raw, store)
    ids = np.concatenate(id_chunks) if id_chunks else np.zeros(0, dtype=np.int32)  # (N,) int32
    del id_chunks[:]
    offsets = np.concatenate([np.zeros(1, dtype=np.int64), *end_chunks])
    return Corpus(ids=ids.astype(np.int32, copy=False), offsets=offsets, n_raw_words=chunks.n_raw)


def _spill_at(on_disk: bool | None, cache) -> int | None:
    """Tokens after which a corpus goes to disk: 0 (at once), None (never), or the threshold."""
    if on_disk or cache is not None:
        return 0
    return None if on_disk is False else cache_mod.DISK_THRESHOLD_TOKENS


def _reused(cache, source: Source, key: dict) -> tuple[Corpus, dict] | None:
    """The corpus of a valid cache ``cache`` for ``source`` and ``key``, and its meta; None to rebuild it."""
    if cache is None or source.is_python:
        return None
    store = Store(cache)
    meta = cache_mod.valid_meta(store, cache_mod.source_fingerprint(source.files), key)
    if meta is None:
        return None
    corpus = Corpus(
        map_array(store.path(IDS), "<i4"), map_array(store.path(OFFSETS), "<i8"), int(meta["n_raw_words"]), store
    )
    return corpus, meta


def _finish_cache(corpus: Corpus, source: Source, kind: str, settings: dict, vocab: Vocab) -> None:
    """Write the vocabulary and meta.json of a new cache (meta last: only now is the cache whole)."""
    store = corpus.store
    if store is None:
        return
    with cache_mod.writing(store):
        cache_mod.write_vocab(store, vocab.words, vocab.counts)
        fingerprint = None if source.is_python else cache_mod.source_fingerprint(source.files)
        cache_mod.write_meta(
            store,
            {
                "kind": kind,
                "source": fingerprint,
                "settings": settings_hash(settings),
                "max_sentence_length": settings["max_sentence_length"],
                "vocab_sha256": vocab_hash(vocab.words, vocab.counts),
                "n_raw_words": corpus.n_raw_words,
                "n_words": int(len(corpus.ids)),
                "n_sentences": len(corpus),
            },
        )


def encode(
    source,
    vocab: Vocab | Any,
    *,
    max_sentence_length: int = 10000,
    on_disk: bool | None = None,
    cache: str | os.PathLike | None = None,
) -> Corpus:
    """Read a corpus once and map its tokens to the ids of an existing vocabulary.

    Out-of-vocabulary tokens are dropped (they take no window slot, as in the
    C tool and gensim); sentences left empty are dropped.

    Parameters
    ----------
    source : path, directory, ``"-"``, list of paths, or iterable of sentences
        Anything :func:`word2vec_np.text.sources.open_source` accepts.
    vocab : Vocab
        Only ``vocab.index`` (word -> id) is used (and its words and counts to check a cache).
    max_sentence_length : int
        Longer sentences are cut, see :func:`iter_sentences`.
    on_disk, cache
        As :func:`load`. A cache made by :func:`load` from the same files with the
        same vocabulary is reused too.

    Returns
    -------
    Corpus
        ``ids`` (N,) int32, ``offsets`` (S + 1,) int64, ``n_raw_words``.

    Raises
    ------
    CorpusError
        As :func:`iter_sentences`, or no token of the corpus is in ``vocab``.
    SaveError
        The cache cannot be written (a full disk, say).
    """
    cache_mod.check_on_disk(on_disk, cache)
    source = open_source(source)
    settings = {"kind": "encode", "max_sentence_length": int(max_sentence_length)}
    key = {"max_sentence_length": int(max_sentence_length), "vocab_sha256": vocab_hash(vocab.words, vocab.counts)}
    reused = _reused(cache, source, key)
    if reused is not None:
        return reused[0]
    lookup = vocab.index.get
    chunks = _Chunks(_spill_at(on_disk, cache), cache, cache_mod.text_bytes(source.files))
    _read_chunks(source, lambda sentence: map(lookup, sentence, repeat(-1)), max_sentence_length, chunks)
    corpus = _keep_known(chunks, None)
    if len(corpus.ids) == 0:
        if corpus.store is not None:
            corpus.store.remove()
        raise CorpusError(
            f"none of the {corpus.n_raw_words} words of corpus {source.name!r} is in the vocabulary; "
            "build the vocabulary from this corpus or lower min_count"
        )
    _finish_cache(corpus, source, "encode", {**settings, "vocab_sha256": key["vocab_sha256"]}, vocab)
    return corpus


def load(
    source,
    min_count: int = 5,
    max_vocab_size: int | None = None,
    *,
    max_sentence_length: int = 10000,
    on_disk: bool | None = None,
    cache: str | os.PathLike | None = None,
):
    """Build the vocabulary of a corpus and encode it, reading it once.

    Parameters
    ----------
    source : path, directory, ``"-"``, list of paths, or iterable of sentences
        Anything :func:`word2vec_np.text.sources.open_source` accepts; read exactly once.
    min_count, max_vocab_size
        As :meth:`word2vec_np.text.vocab.Vocab.from_counts`.
    on_disk : None, True or False
        Where the encoded corpus is kept (:mod:`word2vec_np.text.corpus_cache`).
        None (the default): in memory while it is small, written to disk once
        ``DISK_THRESHOLD_TOKENS`` (10 million) tokens are read. True: on disk;
        False: in memory, whatever its size. The vectors trained are the same.
    cache : directory or None
        Keep the cache there (on disk) and reuse it when the source files and
        these settings are unchanged; None: a private temporary directory,
        removed with the Corpus.

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
    SaveError
        The cache cannot be written (a full disk, say).
    """
    _check_settings(min_count, max_vocab_size)
    cache_mod.check_on_disk(on_disk, cache)
    source = open_source(source)
    settings = {
        "kind": "load",
        "min_count": int(min_count),
        "max_vocab_size": max_vocab_size,
        "max_sentence_length": int(max_sentence_length),
    }
    reused = _reused(cache, source, {"kind": "load", "settings": settings_hash(settings)})
    if reused is not None:
        corpus, _ = reused
        words, counts = cache_mod.read_vocab(corpus.store)
        return Vocab.from_counts(dict(zip(words, counts, strict=True)), min_count=1), corpus
    first_seen = _FirstSeen()
    new_id = first_seen.__getitem__
    n_seen = first_seen.__len__
    counts = np.zeros(0, dtype=np.int64)  # (n_provisional,) by provisional id, grown as words appear

    def counted(ids: np.ndarray) -> None:
        nonlocal counts
        more = np.bincount(ids, minlength=n_seen())
        more[: len(counts)] += counts
        counts = more

    chunks = _Chunks(_spill_at(on_disk, cache), cache, cache_mod.text_bytes(source.files))
    _read_chunks(source, lambda sentence: map(new_id, sentence), max_sentence_length, chunks, counted)
    try:
        if not first_seen:
            raise CorpusError(
                f"the corpus {source.name!r} holds no words; give sentences with at least two distinct words"
            )
        threshold = max(min_count, 1)
        if counts.max() < threshold:
            raise CorpusError(_nothing_survives({"": int(counts.max())}, min_count, source=source.name))
    except CorpusError:
        chunks.close()
        if chunks.store is not None:
            chunks.store.remove()
        raise
    frequent = {w: c for w, c in zip(first_seen, counts.tolist(), strict=True) if c >= threshold}
    vocab = Vocab.from_counts(frequent, min_count=min_count, max_vocab_size=max_vocab_size)
    remap = np.full(len(first_seen), -1, dtype=np.int32)  # (n_provisional,) rank of each word, -1 dropped
    remap[[first_seen[w] for w in vocab.words]] = np.arange(len(vocab), dtype=np.int32)
    del first_seen, frequent
    corpus = _keep_known(chunks, remap)
    _finish_cache(corpus, source, "load", settings, vocab)
    return vocab, corpus


def renumber(corpus: Corpus, new_ids: np.ndarray) -> Corpus:
    """The corpus with every id ``i`` replaced by ``new_ids[i]``; ids mapped to -1 are dropped.

    new_ids : (V_old,) int, the new id of each old id, or -1. Sentences left
    empty are dropped; ``n_raw_words`` is kept. Used when a vocabulary grows
    (``Word2Vec.build_vocab(..., update=True)``) and its ids change.
    """
    chunks = _Chunks(0 if corpus.on_disk else None)  # a corpus on disk gives one on disk, in a new cache
    step = max(1, len(corpus) // max(1, len(corpus.ids) // _FLUSH_TOKENS))  # sentences of about a chunk
    for s0 in range(0, len(corpus), step):
        s1 = min(len(corpus), s0 + step)
        w0, w1 = int(corpus.offsets[s0]), int(corpus.offsets[s1])
        chunks.add(np.array(corpus.ids[w0:w1]), np.diff(corpus.offsets[s0 : s1 + 1]))
        release(corpus.ids, w0, w1)
    chunks.n_raw = corpus.n_raw_words
    corpus.release()
    return _keep_known(chunks, np.asarray(new_ids, dtype=np.int32))
