"""Phrases: join word pairs that occur together far more often than chance (``new york`` -> ``new_york``).

The second word2vec paper (Mikolov et al. 2013b, "Distributed Representations
of Words and Phrases and their Compositionality", arXiv 1310.4546, section 4)
learns vectors for phrases by rewriting the corpus first: a pair of adjacent
words that is much more frequent than its two words' frequencies predict
becomes one token, and training then treats ``new_york`` like any other word.
This module does that rewrite; :mod:`word2vec_np.train` needs no change, and
``python -m word2vec_np.phrases`` (:mod:`word2vec_np.phrases`) runs it from the command line.

The score
---------
For adjacent tokens a, b with corpus counts count(a), count(b) and pair count
count(ab), the paper scores

    score(a, b) = (count(ab) - delta) / (count(a) * count(b))

where delta is a discount that "prevents too many phrases consisting of very
infrequent words to be formed" (the paper gives no value). The C tool that
came with the paper, ``word2phrase.c``, multiplies this by N, the number of
tokens in the corpus it reads, and that is what :func:`phrase_score`
computes:

    score(a, b) = (count(ab) - delta) / (count(a) * count(b)) * N

The factor N makes the threshold independent of the corpus size and gives
the score a meaning: with P(ab) = count(ab) / N and P(a) = count(a) / N,

    score ~= P(ab) / (P(a) P(b)),

how many times more often b follows a than it would if the two words were
independent (the exponential of their pointwise mutual information), less
the discount. A threshold of 100 asks for pairs at least ~100 times more
frequent than chance. "of the" scores about 2 to 4 on the bundled toy world;
its planted names score over 1000.

The rules, and where they come from
-----------------------------------
* A pair is a candidate only if count(a), count(b) and count(ab) are all at
  least ``min_count`` (the C tool drops every count below ``-min-count`` before
  scoring; since count(ab) <= count(a), count(b), the pair's count decides).
* A pair is joined when its score is **strictly greater** than the threshold
  (both the C tool and gensim use ``>``).
* ``delta`` defaults to ``min_count``, as in the C tool (which has no separate
  setting: its numerator is ``pab - min_count``) and gensim's default scorer.
  That keeps the default scores identical to ``word2phrase`` and means a pair
  seen exactly ``min_count`` times scores 0. ``delta=0`` gives the paper's
  formula without a discount.
* N counts every token of the corpus being scored, including words below
  ``min_count`` (the C tool's ``train_words``). In pass 2 and later it is the
  number of tokens after the earlier passes' joins.
* Pairs never span a sentence (a line): counting and joining both stop at
  the line end. (The C tool's counting loop does let a pair span a line end,
  but it never joins across one; gensim counts per sentence, as here.)
* Joining is greedy, left to right, as in ``word2phrase`` and gensim: at each
  position, if the pair (current token, next token) is in the table, the two
  become ``a_b`` and the scan resumes after b; otherwise a is written alone
  and the scan moves one token on. So of two overlapping candidates, the
  **leftmost wins, whatever the scores**: with "bought ice" and "ice cream"
  both above the threshold, "bought ice cream" becomes ``bought_ice cream``.
  A token is never part of two joins in one pass.
* A joined token is the two tokens with ``_`` between them (``delimiter``).
  A token that already contains ``_`` in the input is not told apart from a
  joined one.

Passes: longer phrases
----------------------
One pass joins pairs only, so ``rio de janeiro`` becomes ``rio_de janeiro``.
Pass 2 counts the rewritten corpus, where ``rio_de`` is one token, and can
join ``rio_de janeiro`` into ``rio_de_janeiro``; k passes can build phrases
of up to 2**k words. The paper runs "2-4 passes over the training data with
decreasing threshold value"; ``threshold`` may therefore be one number for
every pass or a sequence with one threshold per pass. The C tool does one
pass per run (its demo scripts run it twice, e.g. thresholds 200 then 100).
A pass that joins nothing leaves the corpus unchanged, so its counts are
reused by the next pass instead of read again.

Applying the table to new text (:meth:`PhraseTable.apply`) replays the
passes in order with the scores learned from the training corpus; it never
re-scores (gensim's ``FrozenPhrases`` does the same).

Memory: streaming and pruning
-----------------------------
The corpus is never held in memory: a path is read with
:func:`word2vec_np.text.corpus.iter_sentences` (plain, ``.gz`` or ``.bz2``), once
per pass, and the earlier passes' joins are applied to each sentence as it
is read. What is held is two count tables: one entry per distinct word
(bounded by the vocabulary, as in :func:`word2vec_np.text.vocab.count_words`) and
one per distinct adjacent pair, which grows with the corpus. Measured here:
a synthetic Zipf corpus of 17M tokens (text8's size; 100k words drawn
independently, so more distinct pairs than real text) has 7.8M distinct
pairs, about 100 bytes each (0.9 GB peak), and is counted in about 19 s a
pass.

The pair table is bounded as the C tool bounds its table: whenever it holds
more than ``max_pairs`` entries (checked after each sentence), every pair
counted at most ``floor`` times is dropped, with ``floor`` = 1 at the first
prune and one more at each later prune (the C tool's ``ReduceVocab`` with its
rising ``min_reduce``; gensim's ``max_vocab_size`` is alike, except that its
prune drops counts *below* the floor, so its first prune drops nothing). A
dropped pair starts again from 0 if it reappears, so a pruned count is a
lower bound of the true count, exact for every pair never dropped. Frequent
pairs reach the floor quickly and survive. Unlike both tools, word counts are
never pruned: they stay exact, so pruning can only *lower* a score (the pair
count is in the numerator) and can lose a rare phrase but never invent one.
The default, 10 million pairs (about 1 GB), does not prune the 17M-token
corpus above; gensim's default is 40 million unigram and bigram entries, the
C tool's 350 million.

Defaults, compared
------------------
================  ===========================  ==============  =========================
setting           word2vec_np                  word2phrase.c   gensim 4 ``Phrases``
================  ===========================  ==============  =========================
min_count         5                            5               5
threshold         100                          100             10
delta             min_count                    min_count       min_count
scale factor      N (tokens)                   N (tokens)      number of distinct
                                                               unigrams + bigrams counted
passes            1                            1 per run       1 per model
table bound       10M pairs (words exact)      350M entries    40M entries
arithmetic        float64                      float32         float64
================  ===========================  ==============  =========================

gensim's default scorer (``original_scorer``) multiplies by ``len(vocab)``,
the size of its count table (distinct words plus distinct pairs), not by the
number of tokens, so its threshold of 10 is on a different scale from the C
tool's 100 and its scores differ from the ones here. gensim also requires
only count(ab) > 0 (the discount does the rest), and its ``connector_words``
(phrases through "of", "the") have no counterpart here.

On the bundled toy world (143k tokens) the planted names score 1213 to 1506
(pass 2 joins ``rio_de janeiro`` at 1501), the next pair ("bought ice") 451,
and 89 pairs in all over 100: with the planted ones, about 84 template
collocations such as "said that" and "thanked him". The default threshold
joins those too, as word2phrase would on such a small, repetitive corpus
(and 33 of the 99 "ice cream" become ``bought_ice cream``: the leftmost
rule). A threshold between about 500 and 1200 picks exactly the planted
names. A 5M-token Zipf corpus of independent words, the negative control,
gives no phrase at all at 100 among its 2.7M distinct pairs.

Python::

    from word2vec_np.text.phrases import learn_phrases
    table = learn_phrases("corpus.txt", threshold=800, passes=2)
    table.phrases   # {'de_janeiro': 1505.5, 'rio_de': 1505.5, 'new_york': 1416.6, ..., 'rio_de_janeiro': 1501.4}
    table.apply("we flew to new york".split())   # ['we', 'flew', 'to', 'new_york']
    table.apply_file("corpus.txt", "corpus_phrases.txt")
"""

from __future__ import annotations

import collections
import math
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from ..atomic import atomic_write_compressed, check_writable
from ..errors import ConfigError, CorpusError
from .corpus import _check_corpus_path, _check_max_sentence_length, iter_sentences

DEFAULT_MIN_COUNT = 5
DEFAULT_THRESHOLD = 100.0
DEFAULT_MAX_PAIRS = 10_000_000
DELIMITER = "_"
_WRITE_BYTES = 1 << 20  # apply_file writes about this many bytes at a time

Pair = tuple[str, str]


# --------------------------------------------------------------------------- counting


@dataclass(frozen=True, eq=False)
class PairCounts:
    """Word and adjacent-pair counts of one pass over a corpus.

    Attributes
    ----------
    words : collections.Counter
        token -> count(token), exact.
    pairs : collections.Counter
        (a, b) -> count(ab), adjacent inside a sentence; a lower bound of the
        true count if ``prune_floor`` > 0 (see the module docstring).
    total_words : int
        N, the number of tokens read.
    n_sentences : int
        Non-empty sentences read.
    prune_floor : int
        0 if the pair table was never pruned; else the floor of the last prune
        (pairs counted at most this many times were dropped at that moment).
    n_pruned : int
        Pair entries dropped by pruning, over all prunes.
    """

    words: collections.Counter
    pairs: collections.Counter
    total_words: int
    n_sentences: int
    prune_floor: int = 0
    n_pruned: int = 0


def count_pairs(sentences: Iterable[Sequence[str]], *, max_pairs: int | None = DEFAULT_MAX_PAIRS) -> PairCounts:
    """Count every token and every adjacent pair of tokens, one sentence at a time.

    Parameters
    ----------
    sentences : iterable of list[str]
        Streamed once; each item is one sentence's tokens.
    max_pairs : int >= 1 or None
        Bound on the pair table: when it holds more entries than this after a
        sentence, pairs with count <= floor are dropped, floor rising by one at
        every prune (the C tool's rule). None never prunes.

    Returns
    -------
    PairCounts
    """
    _check_max_pairs(max_pairs)
    words: collections.Counter = collections.Counter()
    pairs: collections.Counter = collections.Counter()
    total = n_sentences = floor = n_pruned = 0
    intern = sys.intern  # pair keys then share their strings with the word table
    for sentence in sentences:
        if isinstance(sentence, str):
            raise ConfigError(
                f"each sentence must be a list of tokens, got the string {_short(sentence)!r}; "
                "split it first, e.g. [line.split() for line in lines]"
            )
        try:
            tokens = list(map(intern, sentence))
        except TypeError:
            raise ConfigError(
                f"each sentence must be a list of str tokens, got {_short(repr(sentence))}; "
                "split each line into words first"
            ) from None
        if not tokens:
            continue
        words.update(tokens)
        pairs.update(pairwise(tokens))
        total += len(tokens)
        n_sentences += 1
        while max_pairs is not None and len(pairs) > max_pairs:
            floor += 1
            rare = [pair for pair, c in pairs.items() if c <= floor]
            for pair in rare:
                del pairs[pair]
            n_pruned += len(rare)
    return PairCounts(words, pairs, total, n_sentences, floor, n_pruned)


# --------------------------------------------------------------------------- scoring


def phrase_score(count_ab: int, count_a: int, count_b: int, total_words: int, delta: float) -> float:
    """(count(ab) - delta) / (count(a) * count(b)) * N: the paper's score, scaled by N as word2phrase does."""
    return (count_ab - delta) / (count_a * count_b) * total_words


def score_pairs(
    counts: PairCounts, *, min_count: int = DEFAULT_MIN_COUNT, delta: float | None = None
) -> dict[Pair, float]:
    """Score every pair whose words and pair count all reach ``min_count``.

    ``delta`` None means ``min_count``. Returns (a, b) -> score, in no
    particular order; pairs below ``min_count`` are absent (not scored 0).
    """
    _check_min_count(min_count)
    delta = _resolve_delta(delta, min_count)
    words, n = counts.words, counts.total_words
    scores = {}
    for (a, b), c in counts.pairs.items():
        if c >= min_count and words[a] >= min_count and words[b] >= min_count:
            scores[a, b] = phrase_score(c, words[a], words[b], n, delta)
    return scores


# --------------------------------------------------------------------------- joining


def join_pairs(tokens: Sequence[str], table: Mapping[Pair, object], delimiter: str = DELIMITER) -> list[str]:
    """Join the pairs of ``table`` in ``tokens``: greedy, left to right, no token joined twice.

    ``table`` needs only membership: ``(a, b) in table``.
    """
    out = []
    i, n = 0, len(tokens)
    while i < n - 1:
        a, b = tokens[i], tokens[i + 1]
        if (a, b) in table:
            out.append(a + delimiter + b)
            i += 2
        else:
            out.append(a)
            i += 1
    if i == n - 1:
        out.append(tokens[i])
    return out


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Phrase:
    """One learned join.

    ``token`` is ``a + delimiter + b``; ``a`` and ``b`` are the tokens of the
    pass that joined them (either may be a phrase from an earlier pass).
    ``count``, ``count_a``, ``count_b`` are count(ab), count(a), count(b) in
    that pass; ``score`` is :func:`phrase_score` of them; ``pass_number`` is
    1-based.
    """

    token: str
    a: str
    b: str
    score: float
    count: int
    count_a: int
    count_b: int
    pass_number: int


@dataclass(frozen=True)
class PassReport:
    """What one pass counted and found."""

    pass_number: int
    threshold: float
    total_words: int
    n_sentences: int
    distinct_words: int
    distinct_pairs: int
    prune_floor: int
    n_phrases: int


@dataclass(frozen=True)
class RewriteReport:
    """What :meth:`PhraseTable.apply_file` wrote."""

    n_sentences: int
    words_in: int
    words_out: int
    joins: int  # tokens written that some pass created (each counted once, however many words it holds)
    distinct_joins: int  # how many different such tokens were written


@dataclass(frozen=True, eq=False)
class PhraseTable:
    """The phrases learned by :func:`learn_phrases`, one table per pass, and how to apply them.

    Attributes
    ----------
    tables : tuple of dict[(a, b), Phrase]
        ``tables[k]`` holds the pairs pass k + 1 joins.
    reports : tuple of PassReport
        One per pass.
    min_count, delta, delimiter
        The settings used.
    """

    tables: tuple[dict[Pair, Phrase], ...]
    reports: tuple[PassReport, ...]
    min_count: int
    delta: float
    delimiter: str = DELIMITER

    @property
    def phrases(self) -> dict[str, float]:
        """Joined token -> its score when it was joined, pass by pass, best score first within a pass.

        A token joined again in a later pass (pairs an earlier pass missed
        because of an overlap) keeps its first score.
        """
        out: dict[str, float] = {}
        for table in self.tables:
            for p in sorted(table.values(), key=lambda p: (-p.score, p.token)):
                out.setdefault(p.token, p.score)
        return out

    def top(self, n: int | None = None) -> list[Phrase]:
        """The ``n`` best phrases over all passes (all if None), by descending score."""
        every = [p for table in self.tables for p in table.values()]
        every.sort(key=lambda p: (-p.score, p.pass_number, p.token))
        return every if n is None else every[:n]

    def __len__(self) -> int:
        return sum(len(t) for t in self.tables)

    def __contains__(self, token: object) -> bool:
        return token in self.joined_tokens()

    def __repr__(self) -> str:
        best = ", ".join(f"{p.token!r}: {p.score:.1f}" for p in self.top(3))
        more = ", ..." if len(self) > 3 else ""
        return f"PhraseTable({len(self)} joins in {len(self.tables)} passes; {{{best}{more}}})"

    def apply(self, tokens: Sequence[str]) -> list[str]:
        """Rewrite one sentence: each pass's joins in turn, greedy left to right.

        >>> table.apply(["we", "flew", "to", "new", "york"])  # doctest: +SKIP
        ['we', 'flew', 'to', 'new_york']
        """
        if isinstance(tokens, str):
            raise ConfigError(
                f"apply() takes a list of tokens, got the string {_short(tokens)!r}; split it first, e.g. text.split()"
            )
        out = list(tokens)
        for table in self.tables:
            if table:
                out = join_pairs(out, table, self.delimiter)
        return out

    def apply_file(
        self, in_path: str | os.PathLike, out_path: str | os.PathLike, *, max_sentence_length: int = 10000
    ) -> RewriteReport:
        """Rewrite a corpus file with :meth:`apply`, streaming, into ``out_path`` (atomically).

        The output has one sentence per line, tokens separated by one space:
        blank lines are dropped and a line longer than ``max_sentence_length``
        tokens is written as several lines, as
        :func:`~word2vec_np.text.corpus.iter_sentences` reads it (and as training
        would). ``.gz`` / ``.bz2`` in ``out_path``'s name compress the output.

        Raises
        ------
        CorpusNotFoundError, CorpusError
            ``in_path`` is missing or unreadable (as ``iter_sentences``).
        ConfigError
            ``out_path`` is ``in_path``, or its directory does not exist.
        """
        in_path = _check_corpus_path(in_path)
        out_path = check_output(out_path, in_path)
        _check_max_sentence_length(max_sentence_length)
        joined = self.joined_tokens()
        n_sentences = words_in = words_out = joins = 0
        seen: set[str] = set()
        buffer: list[str] = []
        size = 0
        with atomic_write_compressed(out_path) as out:
            for sentence in iter_sentences(in_path, max_sentence_length=max_sentence_length):
                rewritten = self.apply(sentence)
                n_sentences += 1
                words_in += len(sentence)
                words_out += len(rewritten)
                if len(rewritten) < len(sentence):
                    found = [token for token in rewritten if token in joined]
                    joins += len(found)
                    seen.update(found)
                line = " ".join(rewritten)
                buffer.append(line)
                size += len(line) + 1
                if size >= _WRITE_BYTES:
                    out.write(("\n".join(buffer) + "\n").encode("utf-8"))
                    buffer.clear()
                    size = 0
            if buffer:
                out.write(("\n".join(buffer) + "\n").encode("utf-8"))
        return RewriteReport(n_sentences, words_in, words_out, joins, len(seen))

    def joined_tokens(self) -> frozenset[str]:
        """Every token some pass creates, e.g. ``{"new_york", "rio_de", "rio_de_janeiro"}``."""
        return frozenset(p.token for table in self.tables for p in table.values())


# --------------------------------------------------------------------------- learning


def learn_phrases(
    sentences_or_path: str | os.PathLike | Iterable[Sequence[str]],
    *,
    min_count: int = DEFAULT_MIN_COUNT,
    threshold: float | Sequence[float] = DEFAULT_THRESHOLD,
    delta: float | None = None,
    passes: int = 1,
    max_pairs: int | None = DEFAULT_MAX_PAIRS,
    max_sentence_length: int = 10000,
    delimiter: str = DELIMITER,
    on_pass: Callable[[PassReport], None] | None = None,
) -> PhraseTable:
    """Learn which adjacent pairs to join, in ``passes`` streamed passes.

    Parameters
    ----------
    sentences_or_path : path, or iterable of list[str]
        A corpus file (plain, ``.gz`` or ``.bz2``; one sentence per line), read
        once per pass, or sentences as token lists. With ``passes`` > 1 the
        iterable must be re-iterable (a list, or an object whose ``__iter__``
        starts again); a one-shot generator is refused.
    min_count : int >= 1
        Words and pairs counted fewer times are never joined (default 5, the
        C tool's and gensim's).
    threshold : float >= 0, or one per pass
        Join a pair when its score is > threshold (default 100, the C tool's).
    delta : float >= 0 or None
        The discount of the score; None (default) means ``min_count``, as in
        the C tool and gensim.
    passes : int >= 1
        Pass k sees the joins of passes 1..k-1 as single tokens.
    max_pairs : int >= 1 or None
        Bound on the pair-count table (see the module docstring); None never prunes.
    max_sentence_length : int
        Lines longer than this many tokens are cut, as in ``iter_sentences``.
    delimiter : str
        Put between the two joined tokens (default ``_``).
    on_pass : callable(PassReport) or None
        Called after each pass (the command line prints progress with it).

    Returns
    -------
    PhraseTable

    Raises
    ------
    ConfigError
        A setting is out of range, or a one-shot iterator with ``passes`` > 1.
    CorpusNotFoundError, CorpusError
        The file is missing, empty, not UTF-8, ...; or the sentences hold no token.
    """
    _check_min_count(min_count)
    delta = _resolve_delta(delta, min_count)
    thresholds = _resolve_thresholds(threshold, passes)
    _check_max_pairs(max_pairs)
    _check_max_sentence_length(max_sentence_length)
    if not isinstance(delimiter, str) or not delimiter or any(ch.isspace() for ch in delimiter):
        raise ConfigError(f"delimiter must be a non-empty string without whitespace, got {delimiter!r}")
    read = _sentence_source(sentences_or_path, passes, max_sentence_length)

    tables: list[dict[Pair, Phrase]] = []
    reports: list[PassReport] = []
    counts = None
    for k, level in enumerate(thresholds, start=1):
        if counts is None:  # the previous pass joined something (or this is pass 1): count again
            earlier = [t for t in tables if t]
            counts = count_pairs(_rewritten(read(), earlier, delimiter), max_pairs=max_pairs)
            if counts.total_words == 0:
                raise CorpusError("the sentences given to learn_phrases contain no tokens; give a non-empty corpus")
        table = {}
        for (a, b), score in score_pairs(counts, min_count=min_count, delta=delta).items():
            if score > level:
                table[a, b] = Phrase(
                    token=a + delimiter + b,
                    a=a,
                    b=b,
                    score=score,
                    count=counts.pairs[a, b],
                    count_a=counts.words[a],
                    count_b=counts.words[b],
                    pass_number=k,
                )
        tables.append(table)
        report = PassReport(
            pass_number=k,
            threshold=level,
            total_words=counts.total_words,
            n_sentences=counts.n_sentences,
            distinct_words=len(counts.words),
            distinct_pairs=len(counts.pairs),
            prune_floor=counts.prune_floor,
            n_phrases=len(table),
        )
        reports.append(report)
        if on_pass is not None:
            on_pass(report)
        if table:
            counts = None  # the corpus changes: the next pass counts it again
    return PhraseTable(tuple(tables), tuple(reports), min_count=min_count, delta=delta, delimiter=delimiter)


def _rewritten(sentences: Iterable[Sequence[str]], tables: list[dict], delimiter: str) -> Iterator[list[str]]:
    """Each sentence with the given passes' joins applied in order."""
    for sentence in sentences:
        for table in tables:
            sentence = join_pairs(sentence, table, delimiter)
        yield sentence


def _sentence_source(source, passes: int, max_sentence_length: int):
    """A function returning a fresh iterator over the sentences, once per pass."""
    if isinstance(source, str | os.PathLike):
        path = _check_corpus_path(source)
        return lambda: iter_sentences(path, max_sentence_length=max_sentence_length)
    if isinstance(source, bytes):
        raise ConfigError("learn_phrases takes a path or an iterable of token lists, got bytes; decode it first")
    try:
        first = iter(source)
    except TypeError:
        raise ConfigError(
            f"learn_phrases takes a path or an iterable of token lists, got {type(source).__name__}"
        ) from None
    if passes > 1 and first is source:
        raise ConfigError(
            f"passes={passes} reads the sentences {passes} times, but a one-shot iterator (e.g. a generator) "
            "can be read only once; pass a list, a re-iterable object or a file path"
        )
    iterators = [first]

    def read() -> Iterator[Sequence[str]]:
        return iterators.pop() if iterators else iter(source)

    return read


# --------------------------------------------------------------------------- checks


def _check_min_count(min_count) -> None:
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
        raise ConfigError(f"min_count (--min-count) must be a positive whole number, got {min_count!r}")


def _resolve_delta(delta, min_count: int) -> float:
    if delta is None:
        return float(min_count)
    if isinstance(delta, bool) or not isinstance(delta, int | float) or not math.isfinite(delta) or delta < 0:
        raise ConfigError(f"delta (--delta) must be a finite number >= 0, or None for min_count, got {delta!r}")
    return float(delta)


def _check_threshold(value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise ConfigError(f"threshold (--threshold) must be a finite number >= 0, got {value!r}")
    return float(value)


def _resolve_thresholds(threshold, passes) -> tuple[float, ...]:
    if isinstance(passes, bool) or not isinstance(passes, int) or passes < 1:
        raise ConfigError(f"passes (--passes) must be a positive whole number, got {passes!r}")
    if isinstance(threshold, Sequence) and not isinstance(threshold, str):
        values = tuple(_check_threshold(t) for t in threshold)
        if len(values) != passes:
            raise ConfigError(
                f"threshold (--threshold) gives {len(values)} values but passes (--passes) is {passes}; "
                "give one threshold per pass, or one for all"
            )
        return values
    return (_check_threshold(threshold),) * passes


def _check_max_pairs(max_pairs) -> None:
    if max_pairs is not None and (isinstance(max_pairs, bool) or not isinstance(max_pairs, int) or max_pairs < 1):
        raise ConfigError(f"max_pairs (--max-pairs) must be a positive whole number or None, got {max_pairs!r}")


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_output(out_path: str | os.PathLike, in_path: str | os.PathLike) -> Path:
    """Raise ConfigError if ``out_path`` is the input file or cannot be written; return it as a Path."""
    return check_writable(out_path, None, [("the input corpus", in_path)])
