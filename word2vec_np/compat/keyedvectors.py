"""gensim's face for the word vectors: ``model.wv`` answers to gensim 4's KeyedVectors names.

    >>> import numpy as np
    >>> wv = KeyedVectors(["man", "woman", "king"], np.array([[1.0, 0], [0, 1], [1, 1]]))
    >>> wv.key_to_index["king"], wv.index_to_key[0], wv.vector_size
    (2, 'man', 2)
    >>> round(wv.distance("man", "king"), 3)
    0.293

Every answer comes from the cosine machinery of :mod:`word2vec_np.vectors.vectors`
(unit rows, one matrix-vector product) and from :mod:`word2vec_np.vectors.evaluation`,
:mod:`word2vec_np.vectors.statistics` and :mod:`word2vec_np.vectors.word2vec_format`; this
module only speaks gensim's dialect: its argument names, its return shapes and
its defaults. Where the meaning differs from gensim's it says so in the
method's docstring and in docs/api.md ("coming from gensim").
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import numpy as np

from ..errors import ConfigError
from ..vectors import evaluation as evaluate
from ..vectors.statistics import correlation_pvalue
from ..vectors.vectors import Term, Vectors, cosmul_scores, unit_rows
from ..vectors.word2vec_format import load_word2vec, save_word2vec_binary, save_word2vec_text

GENSIM_COSMUL_EPS = 1e-6  # gensim's most_similar_cosmul; analogy(method="3cosmul") uses Levy & Goldberg's 1e-3


class Correlation(NamedTuple):
    """A correlation as gensim returns it from SciPy: ``(statistic, pvalue)``.

    The p-value is :func:`word2vec_np.vectors.statistics.correlation_pvalue`'s (SciPy's, without SciPy).
    """

    statistic: float
    pvalue: float

    @property
    def correlation(self) -> float:
        """SciPy's older name for ``statistic``."""
        return self.statistic


class KeyedVectors(Vectors):
    """Word vectors with gensim 4's KeyedVectors methods, on top of :class:`~word2vec_np.vectors.vectors.Vectors`.

    Parameters: as :class:`~word2vec_np.vectors.vectors.Vectors` (``words``, ``matrix`` (V, D), ``counts``).
    """

    # ------------------------------------------------------------------ gensim's attributes
    @property
    def key_to_index(self) -> dict[str, int]:
        """word -> row (the same dict as ``index``)."""
        return self.index

    @property
    def index_to_key(self) -> list[str]:
        """row -> word, as a list."""
        return list(self.words)

    @property
    def vectors(self) -> np.ndarray:
        """(V, D) the vectors (the same array as ``matrix``)."""
        return self.matrix

    @property
    def vector_size(self) -> int:
        """D."""
        return self.dim

    @property
    def norms(self) -> np.ndarray:
        """(V,) Euclidean length of every vector."""
        return np.linalg.norm(self.matrix, axis=1)

    def get_vector(self, key: str, norm: bool = False) -> np.ndarray:
        """The (D,) vector of ``key``; of length one when ``norm``."""
        return self.vector(key, norm=norm)

    def get_index(self, key: str, default: int | None = None) -> int:
        """The row of ``key``; ``default`` if given and the key is unknown, else UnknownWordError."""
        if default is not None and key not in self.index:
            return default
        return self.id(key)

    def has_index_for(self, key: str) -> bool:
        return key in self.index

    def get_normed_vectors(self) -> np.ndarray:
        """(V, D) the unit-length rows."""
        return self.normed

    @staticmethod
    def cosine_similarities(vector_1: np.ndarray, vectors_all: np.ndarray) -> np.ndarray:
        """(n,) cosine of one (D,) vector with each row of (n, D) ``vectors_all``; zero vectors give 0."""
        v = np.asarray(vector_1, dtype=np.float64)  # (D,)
        return unit_rows(np.asarray(vectors_all, dtype=np.float64)) @ (v / (np.linalg.norm(v) or 1.0))

    # ------------------------------------------------------------------ neighbours
    def _weighted(self, positive, negative) -> tuple[list[tuple[Term, float]], list[int]]:
        """gensim's query terms: words, vectors or (term, weight) pairs -> (term, weight), word rows."""
        terms: list[tuple[Term, float]] = []
        for sign, group in ((1.0, positive), (-1.0, negative)):
            for t in self._terms(group):
                if isinstance(t, tuple):
                    terms.append((t[0], float(t[1])))
                else:
                    terms.append((t, sign))
        rows = [self.id(t) for t, _ in terms if isinstance(t, str)]
        return terms, rows

    def most_similar(
        self,
        positive: Term | Iterable = None,
        negative: Term | Iterable = None,
        topn: int | None = 10,
        restrict_vocab: int | None = None,
    ):
        """gensim's most_similar: the ``topn`` (word, cosine) pairs nearest the weighted mean of the terms.

        Terms are words, (D,) vectors, or (term, weight) pairs (default weight
        1 for positive, -1 for negative). Each is made unit length, weighted,
        summed, and the sum made unit length, as gensim does. Query words are
        never returned. ``topn=None`` returns the cosine of every candidate as
        a (R,) array, and ``topn=0`` an empty list, as gensim does.
        """
        terms, exclude = self._weighted(positive, negative)
        if not terms:
            raise ConfigError("most_similar needs at least one positive or negative word")
        R = self.n_candidates(restrict_vocab)
        q = np.zeros(self.dim, dtype=self.normed.dtype)  # (D,)
        for t, weight in terms:
            q += weight * self._unit_query(t)[0]
        n = np.linalg.norm(q)
        scores = self.normed[:R] @ (q / n if n > 0 else q)  # (R, D) @ (D,) -> (R,)
        return scores if topn is None else self._top(scores, topn, exclude)

    def similar_by_word(self, word: str, topn: int | None = 10, restrict_vocab: int | None = None):
        """most_similar of one word."""
        return self.most_similar(positive=[word], topn=topn, restrict_vocab=restrict_vocab)

    similar_by_key = similar_by_word

    def similar_by_vector(self, vector: np.ndarray, topn: int | None = 10, restrict_vocab: int | None = None):
        """most_similar of a (D,) vector; no word is excluded."""
        return self.most_similar(positive=[np.asarray(vector)], topn=topn, restrict_vocab=restrict_vocab)

    def most_similar_cosmul(
        self,
        positive: Term | Iterable = None,
        negative: Term | Iterable = None,
        topn: int | None = 10,
        restrict_vocab: int | None = None,
    ):
        """gensim's most_similar_cosmul: prod cos'(d, p) / (prod cos'(d, n) + 1e-6), cos' = (cos + 1) / 2.

        Levy & Goldberg's 3CosMul (equation (3CosMul) of :mod:`word2vec_np.vectors.vectors`)
        for any number of positive and negative terms, with gensim's epsilon
        1e-6 (``analogy(method="3cosmul")`` keeps the paper's 1e-3). Query words
        are never returned; ``topn=None`` returns the (R,) scores. Unlike gensim 4,
        ``restrict_vocab`` is honoured, and a query vector is made unit length
        first.
        """
        pos, neg = self._terms(positive), self._terms(negative)
        if not pos:
            raise ConfigError("most_similar_cosmul needs at least one positive word")
        R = self.n_candidates(restrict_vocab)
        exclude = [self.id(t) for t in pos + neg if isinstance(t, str)]
        cosines = [[self.normed[:R] @ self._unit_query(t)[0] for t in group] for group in (pos, neg)]  # (R,) each
        scores = cosmul_scores(cosines[0], cosines[1], GENSIM_COSMUL_EPS)  # (R,)
        return scores if topn is None else self._top(scores, topn, exclude)

    # ------------------------------------------------------------------ similarity and distance
    def n_similarity(self, ws1: Sequence[str], ws2: Sequence[str]) -> float:
        """Cosine of the means of two word sets' vectors (the raw vectors, as gensim)."""
        ws1, ws2 = list(ws1), list(ws2)
        if not ws1 or not ws2:
            raise ConfigError("n_similarity needs at least one word in each list")
        m1 = self.matrix[[self.id(w) for w in ws1]].astype(np.float64).mean(axis=0)  # (D,)
        m2 = self.matrix[[self.id(w) for w in ws2]].astype(np.float64).mean(axis=0)
        return float(self.cosine_similarities(m1, m2[None, :])[0])

    def distance(self, w1: str, w2: str) -> float:
        """1 - cosine similarity."""
        return 1.0 - self.similarity(w1, w2)

    def distances(self, word_or_vector: Term, other_words: Sequence[str] = ()) -> np.ndarray:
        """1 - cosine of a word (or vector) with ``other_words``, or with every word when none is given."""
        u, _ = self._unit_query(word_or_vector)
        others = self.normed[[self.id(w) for w in other_words]] if len(other_words) else self.normed
        return 1 - others @ u  # (n, D) @ (D,) -> (n,)

    def closer_than(self, key1: str, key2: str) -> list[str]:
        """Every word closer to ``key1`` than ``key2`` is (``key1`` itself left out), in row order."""
        d = self.distances(key1)
        i1, i2 = self.id(key1), self.id(key2)
        return [self.words[i] for i in np.flatnonzero(d < d[i2]) if i != i1]

    def rank(self, key1: str, key2: str) -> int:
        """1 + how many words are closer to ``key1`` than ``key2`` is."""
        return len(self.closer_than(key1, key2)) + 1

    # ------------------------------------------------------------------ evaluation
    def evaluate_word_analogies(
        self,
        analogies: str | os.PathLike,
        restrict_vocab: int = 300000,
        case_insensitive: bool = True,
        dummy4unknown: bool = False,
        similarity_function: str = "most_similar",
    ) -> tuple[float, list[dict]]:
        """gensim's analogy evaluation: ``(score, sections)``, 3CosAdd over the ``restrict_vocab`` most frequent words.

        Each section is ``{"section": name, "correct": [(a, b, c, d), ...], "incorrect": [...]}``
        (words upper-cased when ``case_insensitive``, as gensim), and a last one
        named "Total accuracy" gathers them. Questions with a word outside the
        vocabulary are skipped, or counted as incorrect with ``dummy4unknown``.
        The answers are :func:`word2vec_np.vectors.evaluation.evaluate_analogies`'s.
        """
        if similarity_function != "most_similar":
            raise ConfigError("similarity_function must be 'most_similar' (3CosAdd); use analogy(method='3cosmul')")
        questions = evaluate.read_analogies(analogies)
        vocab = evaluate._EvalVocab(self, restrict_vocab, case_insensitive)
        shown = (lambda w: w.upper()) if case_insensitive else (lambda w: w)
        sections: dict[str, dict] = {}
        known, known_q = [], []
        for section, *words in questions:
            entry = sections.setdefault(section, {"section": section, "correct": [], "incorrect": []})
            ids = vocab.lookup(words)
            if ids is None:
                if dummy4unknown:
                    entry["incorrect"].append(tuple(map(shown, words)))
                continue
            known.append(ids)
            known_q.append((entry, tuple(map(shown, words))))
        if known:
            ok = evaluate._answer(self, vocab, np.array(known, dtype=np.int64), "3cosadd")
            for (entry, q), right in zip(known_q, ok.tolist(), strict=True):
                entry["correct" if right else "incorrect"].append(q)
        out = list(sections.values())
        total = {
            "section": "Total accuracy",
            "correct": [q for s in out for q in s["correct"]],
            "incorrect": [q for s in out for q in s["incorrect"]],
        }
        n = len(total["correct"]) + len(total["incorrect"])
        score = len(total["correct"]) / n if n else 0.0
        return score, [*out, total]

    def evaluate_word_pairs(
        self,
        pairs: str | os.PathLike,
        delimiter: str = "\t",
        encoding: str = "utf8",
        restrict_vocab: int = 300000,
        case_insensitive: bool = True,
        dummy4unknown: bool = False,
    ) -> tuple[Correlation, Correlation, float]:
        """gensim's word-pair evaluation: ``(pearson, spearman, oov_ratio)``.

        ``pearson`` and ``spearman`` are (statistic, pvalue) pairs, the p-values
        SciPy gives (:func:`word2vec_np.vectors.statistics.correlation_pvalue`).
        ``oov_ratio`` is the percentage of pairs skipped for an unknown word. The
        file may be tab, space or comma separated (``delimiter`` is accepted for
        gensim's scripts).
        """
        if dummy4unknown:
            raise ConfigError("dummy4unknown=True is not offered; unknown pairs are skipped and counted")
        r = evaluate.evaluate_word_pairs(self, pairs, restrict_vocab=restrict_vocab, case_insensitive=case_insensitive)
        n = r.n_pairs + r.n_oov
        return (
            Correlation(r.pearson, correlation_pvalue(r.pearson, r.n_pairs)),
            Correlation(r.spearman, correlation_pvalue(r.spearman, r.n_pairs)),
            100.0 * r.n_oov / n if n else 0.0,
        )

    # ------------------------------------------------------------------ files
    def save_word2vec_format(self, fname: str | os.PathLike, fvocab=None, binary: bool = False, **options) -> None:
        """Write the C tool's text format (or binary with ``binary=True``), which gensim and the C tool read."""
        if fvocab is not None:
            raise ConfigError("fvocab is not offered here; save the counts with the model (.npz)")
        unsupported = {k: v for k, v in options.items() if v not in (None, True, "", False, "count")}
        if unsupported:
            raise ConfigError(f"save_word2vec_format does not offer {', '.join(sorted(unsupported))}")
        save = save_word2vec_binary if binary else save_word2vec_text
        save(fname, list(self.words), self.matrix)

    @classmethod
    def load_word2vec_format(
        cls,
        fname: str | os.PathLike,
        fvocab=None,
        binary: bool = False,
        encoding: str = "utf8",
        unicode_errors: str = "strict",
        limit: int | None = None,
        datatype=np.float32,
        no_header: bool = False,
    ) -> KeyedVectors:
        """Read the C tool's text or binary format; ``binary=False`` still recognizes a binary file.

        A text file without the ``V D`` header (GloVe's format) is recognized by its first line,
        so ``no_header`` may be given or left out; it cannot go with ``binary=True``.
        """
        if fvocab is not None or encoding.lower().replace("-", "") != "utf8":
            raise ConfigError("load_word2vec_format reads UTF-8 files; fvocab is not offered")
        if no_header and binary:
            raise ConfigError("no_header=True reads GloVe's text format; a binary file always has a header")
        words, matrix = load_word2vec(  # with a limit, the rows after it are never read
            fname, binary=True if binary else None, unicode_errors=unicode_errors, limit=limit
        )
        return cls(words, np.asarray(matrix, dtype=datatype))
