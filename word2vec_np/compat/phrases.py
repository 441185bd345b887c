"""gensim's ``Phrases`` and ``FrozenPhrases`` (``Phraser``) over the phrase learner of :mod:`word2vec_np.text.phrases`.

    >>> from word2vec_np.compat.phrases import Phrases
    >>> sentences = [["new", "york", "is", "big"], ["i", "love", "new", "york"], ["york", "is", "old"]]
    >>> phrases = Phrases(sentences, min_count=1, threshold=1)
    >>> phrases[["we", "saw", "new", "york"]]
    ['we', 'saw', 'new_york']
    >>> frozen = phrases.freeze()                  # smaller and faster: the joins only
    >>> sorted(frozen.export_phrases())
    ['new_york', 'york_is']

A gensim script ports by changing its import
(``from gensim.models.phrases import Phrases, Phraser``). The counting, the
score and the greedy left-to-right joining are :mod:`word2vec_np.text.phrases`'s
(the C tool's ``word2phrase``): a pair (a, b) is joined when

    (count(ab) - min_count) / (count(a) count(b)) * N  >  threshold,

with N the number of tokens counted. gensim's default scorer multiplies by the
size of its vocabulary (words and pairs) instead of N, so the same threshold
joins somewhat different pairs; docs/api.md ("coming from gensim") lists this
and the other differences. This module holds no scoring of its own.
"""

from __future__ import annotations

import collections
from collections.abc import Iterable, Iterator, Sequence

from ..errors import ConfigError
from ..text.phrases import DELIMITER, PairCounts, count_pairs, join_pairs, score_pairs

Pair = tuple[str, str]


class _Joiner:
    """What Phrases and FrozenPhrases share: the joins (a, b) -> score and applying them."""

    delimiter: str

    def _joins(self) -> dict[Pair, float]:
        raise NotImplementedError

    def __getitem__(self, sentence_or_corpus):
        """One sentence (a list of tokens) with its phrases joined, or a corpus of them, re-iterable."""
        if isinstance(sentence_or_corpus, str):
            raise ConfigError(
                f"give a sentence as a list of tokens, not the string {sentence_or_corpus[:40]!r}; "
                "split it first, e.g. text.split()"
            )
        if isinstance(sentence_or_corpus, (list, tuple)) and (
            not sentence_or_corpus or isinstance(sentence_or_corpus[0], str)
        ):
            return join_pairs(list(sentence_or_corpus), self._joins(), self.delimiter)
        return _Rewritten(self, sentence_or_corpus)

    def find_phrases(self, sentences: Iterable[Sequence[str]]) -> dict[str, float]:
        """The phrases that joining ``sentences`` makes: joined token -> its score."""
        joins = self._joins()
        found: dict[str, float] = {}
        for sentence in sentences:
            tokens = list(sentence)
            i = 0
            while i < len(tokens) - 1:  # the greedy left-to-right scan of join_pairs
                pair = (tokens[i], tokens[i + 1])
                if pair in joins:
                    found[pair[0] + self.delimiter + pair[1]] = joins[pair]
                    i += 2
                else:
                    i += 1
        return found

    def export_phrases(self) -> dict[str, float]:
        """Every phrase that would be joined: joined token (``"new_york"``) -> its score."""
        return {a + self.delimiter + b: score for (a, b), score in self._joins().items()}


class _Rewritten:
    """A corpus with its phrases joined, sentence by sentence, as often as it is iterated."""

    def __init__(self, joiner: _Joiner, corpus: Iterable[Sequence[str]]):
        self.joiner, self.corpus = joiner, corpus

    def __iter__(self) -> Iterator[list[str]]:
        joins, delimiter = self.joiner._joins(), self.joiner.delimiter
        for sentence in self.corpus:
            yield join_pairs(list(sentence), joins, delimiter)


class Phrases(_Joiner):
    """gensim's Phrases: count words and adjacent pairs of ``sentences`` (more with ``add_vocab``), then join.

    Parameters are gensim's, with gensim's defaults. ``max_vocab_size`` bounds the
    table of pairs (word counts stay exact), pruned as word2phrase prunes.
    ``scoring`` is "default" only and ``connector_words`` must be empty; both are
    refused otherwise. ``progress_per`` is accepted (there is no log).
    """

    def __init__(
        self,
        sentences: Iterable[Sequence[str]] | None = None,
        min_count: int = 5,
        threshold: float = 10.0,
        max_vocab_size: int = 40_000_000,
        delimiter: str = DELIMITER,
        progress_per: int = 10000,
        scoring: str = "default",
        connector_words: Iterable[str] = frozenset(),
    ):
        if scoring != "default":
            raise ConfigError(
                f"scoring={scoring!r} is not offered; the score is word2phrase's, scoring='default'"
            )
        if connector_words:
            raise ConfigError("connector_words is not offered; phrases are pairs of adjacent words only")
        if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
            raise ConfigError(f"min_count must be a positive whole number, got {min_count!r}")
        if not isinstance(threshold, (int, float)) or not threshold >= 0:
            raise ConfigError(f"threshold must be a number >= 0, got {threshold!r}")
        if not isinstance(delimiter, str) or not delimiter or any(c.isspace() for c in delimiter):
            raise ConfigError(f"delimiter must be a non-empty string without whitespace, got {delimiter!r}")
        self.min_count, self.threshold, self.delimiter = min_count, float(threshold), delimiter
        self.max_vocab_size = max_vocab_size
        self.vocab: collections.Counter = collections.Counter()  # token -> count
        self.pairs: collections.Counter = collections.Counter()  # (a, b) -> count
        self.corpus_word_count = 0
        self._cache: dict[Pair, float] | None = None
        if sentences is not None:
            self.add_vocab(sentences)

    def add_vocab(self, sentences: Iterable[Sequence[str]]) -> None:
        """Count more sentences; the joins follow the counts of everything added so far."""
        counts = count_pairs(sentences, max_pairs=self.max_vocab_size)
        self.vocab.update(counts.words)
        self.pairs.update(counts.pairs)
        self.corpus_word_count += counts.total_words
        self._cache = None

    def _joins(self) -> dict[Pair, float]:
        if self._cache is None:
            counts = PairCounts(self.vocab, self.pairs, self.corpus_word_count, 0)
            scores = score_pairs(counts, min_count=self.min_count)
            self._cache = {pair: s for pair, s in scores.items() if s > self.threshold}
        return self._cache

    def freeze(self) -> FrozenPhrases:
        """The joins only, without the counts: smaller, and the same answers."""
        return FrozenPhrases(self)

    def __repr__(self) -> str:
        return (
            f"Phrases<{len(self.vocab)} words, {len(self.pairs)} pairs, min_count={self.min_count}, "
            f"threshold={self.threshold:g}>"
        )


class FrozenPhrases(_Joiner):
    """gensim's FrozenPhrases (also named Phraser): the joins a :class:`Phrases` makes, frozen.

    ``phrasegrams`` maps each joined token to its score, as gensim 4's does.
    """

    def __init__(self, phrases_model: Phrases):
        if not isinstance(phrases_model, Phrases):
            raise ConfigError(f"FrozenPhrases takes a Phrases model, not a {type(phrases_model).__name__}")
        self.min_count, self.threshold = phrases_model.min_count, phrases_model.threshold
        self.delimiter = phrases_model.delimiter
        self._pairs = dict(phrases_model._joins())
        self.phrasegrams = {a + self.delimiter + b: s for (a, b), s in self._pairs.items()}

    def _joins(self) -> dict[Pair, float]:
        return self._pairs

    def __repr__(self) -> str:
        return f"FrozenPhrases<{len(self.phrasegrams)} phrases, threshold={self.threshold:g}>"


Phraser = FrozenPhrases

__all__ = ["FrozenPhrases", "Phraser", "Phrases"]
