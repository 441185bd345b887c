"""The vocabulary: word counts, min_count, and the word <-> id mapping.

Ids are ranks: id 0 is the most frequent word. Words are sorted by
descending count, ties broken by the word's string order (ascending, i.e. by
code point), so the same counts always give the same ids. The C tool also
sorts by descending count (its ties fall as its sort leaves them) and puts
``</s>`` at id 0; here there is no ``</s>``, sentence boundaries are offsets
(see :mod:`word2vec_np.text.corpus`).

Counting streams the corpus (:func:`count_words`); only the Counter of
distinct words is held in memory. :func:`word2vec_np.text.corpus.load` builds the
same vocabulary and encodes the corpus in the same single pass.
"""

from __future__ import annotations

import collections
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..errors import ConfigError, CorpusError, UnknownWordError
from .sources import _check_max_sentence_length, open_source


@dataclass(frozen=True, eq=False)
class Vocab:
    """Words sorted by descending count, with their counts and ids.

    Attributes
    ----------
    words : tuple[str, ...]
        ``words[i]`` is the word with id ``i``; descending count, ties broken by
        the word's string order (ascending).
    counts : (V,) int64, read-only
        ``counts[i]`` is how often ``words[i]`` occurs in the corpus.
    index : dict[str, int]
        word -> id, the inverse of ``words``.
    total : int
        ``sum(counts)``: the corpus words that are in the vocabulary (the C
        tool's ``train_words``; subsampling uses it as the denominator of z).

    Build one with :meth:`from_counts` or :func:`build_vocab`. Two Vocabs are
    equal when they have the same words with the same counts.
    """

    words: tuple[str, ...]
    counts: np.ndarray
    index: dict[str, int]
    total: int

    def __post_init__(self) -> None:
        counts = np.array(self.counts, dtype=np.int64)  # a private copy
        counts.flags.writeable = False
        object.__setattr__(self, "counts", counts)
        if counts.shape != (len(self.words),) or len(self.index) != len(self.words):
            raise ConfigError(
                f"Vocab needs as many counts and index entries as words, got {len(self.words)} words, "
                f"counts of shape {counts.shape} and {len(self.index)} index entries"
            )
        if int(counts.sum()) != self.total:
            raise ConfigError(f"Vocab.total must be sum(counts) = {int(counts.sum())}, got {self.total}")

    def __len__(self) -> int:
        """V, the number of words."""
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self.index

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Vocab):
            return NotImplemented
        return self.words == other.words and np.array_equal(self.counts, other.counts)

    def __hash__(self) -> int:
        return hash(self.words)

    def __repr__(self) -> str:
        head = ", ".join(repr(w) for w in self.words[:5]) + (", ..." if len(self.words) > 5 else "")
        return f"Vocab(V={len(self)}, total={self.total}, words=({head}))"

    def id(self, word: str) -> int:
        """The id of ``word``; raises UnknownWordError naming it if it is not in the vocabulary."""
        try:
            return self.index[word]
        except KeyError:
            raise UnknownWordError(
                f"the word {word!r} is not in the vocabulary (V={len(self)}); check its spelling, "
                "or lower min_count if it is rare"
            ) from None

    @classmethod
    def from_counts(
        cls, counts: Mapping[str, int], min_count: int = 5, max_vocab_size: int | None = None
    ) -> Vocab:
        """Keep the words counted at least ``min_count`` times, most frequent first.

        Parameters
        ----------
        counts : Mapping[str, int]
            word -> number of occurrences, e.g. from :func:`count_words`.
        min_count : int >= 0
            Words with ``count < min_count`` are dropped (the C tool's
            ``-min-count``). Words counted 0 times are always dropped.
        max_vocab_size : int >= 1 or None
            After ``min_count``, keep only the ``max_vocab_size`` most frequent
            words (ties at the cut broken by string order, like the ids).
            This is a cap on the final vocabulary, applied to exact counts
            (gensim's ``max_final_vocab``), not gensim's ``max_vocab_size``,
            which prunes during counting to bound memory.

        Returns
        -------
        Vocab
            Possibly of a single word; callers that need V >= 2 check it.

        Raises
        ------
        CorpusError
            No word survives ``min_count``.
        ConfigError
            ``min_count`` < 0, ``max_vocab_size`` < 1, or a negative count.
        """
        _check_settings(min_count, max_vocab_size)
        if any(c < 0 for c in counts.values()):
            raise ConfigError("word counts must be non-negative")
        threshold = max(int(min_count), 1)
        kept = [(word, int(c)) for word, c in counts.items() if c >= threshold]
        if not kept:
            raise CorpusError(_nothing_survives(counts, min_count, source=None))
        kept.sort(key=lambda wc: (-wc[1], wc[0]))  # descending count, then the word ascending
        if max_vocab_size is not None:
            kept = kept[:max_vocab_size]
        words = tuple(w for w, _ in kept)
        count_array = np.fromiter((c for _, c in kept), dtype=np.int64, count=len(kept))
        return cls(
            words=words,
            counts=count_array,
            index={w: i for i, w in enumerate(words)},
            total=int(count_array.sum()),
        )


def _check_settings(min_count: int, max_vocab_size: int | None) -> None:
    if int(min_count) != min_count or min_count < 0:
        raise ConfigError(f"min_count must be a non-negative integer, got {min_count!r}")
    if max_vocab_size is not None and (int(max_vocab_size) != max_vocab_size or max_vocab_size < 1):
        raise ConfigError(f"max_vocab_size must be a positive integer or None, got {max_vocab_size!r}")


def _nothing_survives(counts: Mapping[str, int], min_count: int, source: str | None) -> str:
    """The message when every word is below min_count."""
    top = max(counts.values(), default=0)
    where = f"of corpus {source!r} " if source else ""
    return (
        f"no word {where}occurs at least min_count={min_count} times "
        f"(the most frequent occurs {top} time{'' if top == 1 else 's'}); use a lower --min-count or a larger corpus"
    )


def count_words(path, *, max_sentence_length: int = 10000) -> collections.Counter:
    """Count every token of a corpus, streaming it.

    ``path`` is anything :func:`word2vec_np.text.sources.open_source` accepts: a
    file, a directory, ``"-"`` for stdin, a list of paths or Python sentences.

    ``max_sentence_length`` is accepted so every reader takes the same
    arguments; cutting long lines into sentences changes no count.

    Returns
    -------
    collections.Counter
        word -> occurrences, over all tokens.

    Raises
    ------
    CorpusNotFoundError, CorpusError
        As :func:`word2vec_np.text.corpus.read_text_chunks`.
    """
    _check_max_sentence_length(max_sentence_length)
    counts: collections.Counter = collections.Counter()
    for tokens in open_source(path).token_chunks():
        counts.update(tokens)
    return counts


def build_vocab(path, min_count: int = 5, max_vocab_size: int | None = None) -> Vocab:
    """Count a corpus (any source, see :func:`count_words`) and keep the words seen at least ``min_count`` times.

    See :meth:`Vocab.from_counts` for ``min_count`` and ``max_vocab_size``.

    Raises
    ------
    CorpusNotFoundError, CorpusError
        As :func:`count_words`, or no word occurs ``min_count`` times (the
        message names the file and min_count and suggests a lower value).
    """
    _check_settings(min_count, max_vocab_size)
    source = open_source(path)
    counts = count_words(source)
    if not counts:
        raise CorpusError(
            f"the corpus {source.name!r} holds no words; give sentences with at least two distinct words"
        )
    if max(counts.values()) < max(min_count, 1):
        raise CorpusError(_nothing_survives(counts, min_count, source=source.name))
    return Vocab.from_counts(counts, min_count=min_count, max_vocab_size=max_vocab_size)
