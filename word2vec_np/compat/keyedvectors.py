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
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

from ..errors import ConfigError, EmptyWordListError
from ..text.vocab_file import load_vocab_file, save_vocab_file
from ..text.word_files import COMPRESSED, format_suffix
from ..vectors import evaluation as evaluate
from ..vectors.files import load_vectors, save_vectors
from ..vectors.statistics import correlation_pvalue
from ..vectors.vectors import Term, Vectors, cosmul_scores, unit_rows
from ..vectors.word2vec_format import load_word2vec, save_word2vec_binary, save_word2vec_text

GENSIM_COSMUL_EPS = 1e-6  # gensim's most_similar_cosmul; analogy(method="3cosmul") uses Levy & Goldberg's 1e-3


def made_up_counts(V: int) -> np.ndarray:
    """(V,) int64 counts V, V - 1, ..., 1: gensim's stand-in for vectors read without their counts.

    A vectors file lists the most frequent word first, so descending counts keep its order as
    the frequency order (``restrict_vocab``, ``sort_attr="count"``); they are not corpus counts.
    """
    return np.arange(V, 0, -1, dtype=np.int64)


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

    Parameters: as :class:`~word2vec_np.vectors.vectors.Vectors` (``words``, ``matrix`` (V, D), ``counts``),
    or gensim's ``KeyedVectors(vector_size, count=0, dtype=np.float32)``: an empty set of
    ``vector_size``-dimensional vectors to fill with ``add_vector(s)`` or ``kv[word] = vector``
    (``count`` only reserves room in gensim; here the words come with their vectors).
    """

    def __init__(
        self,
        words=None,
        matrix=None,
        counts=None,
        *,
        vector_size=None,
        count: int = 0,
        dtype=np.float32,
        **gensim_options,
    ):
        if gensim_options.get("mapfile_path") is not None or set(gensim_options) - {"mapfile_path"}:
            raise ConfigError(
                f"KeyedVectors has no keyword {sorted(gensim_options)[0]!r}; give (vector_size) or (words, matrix)"
            )
        if vector_size is not None:
            if words is not None:
                raise ConfigError("give either vector_size (an empty set) or words and their matrix, not both")
            words = vector_size
        if matrix is None and isinstance(words, (int, np.integer)) and not isinstance(words, bool):
            if words < 1:
                raise ConfigError(f"vector_size must be a positive whole number, got {words!r}")
            words, matrix = (), np.zeros((0, int(words)), dtype=dtype)
        elif matrix is None:
            raise ConfigError(
                "KeyedVectors takes (vector_size) for an empty set, or (words, matrix) with one (D,) row per word"
            )
        super().__init__(words, matrix, counts)
        self._attrs: dict[str, np.ndarray] = {}  # attribute -> (V,) values, set with set_vecattr

    def replace_all(self, words, matrix, counts=None) -> None:
        """Hold new words and vectors in this same object; attributes set with set_vecattr are dropped."""
        super().replace_all(words, matrix, counts)
        self._attrs = {}

    # ------------------------------------------------------------------ per-word attributes
    @property
    def expandos(self) -> MappingProxyType:
        """gensim's per-word attributes as a read-only mapping: attribute -> (V,) array, row by row.

        ``"count"`` is ``counts`` (when the words have counts); the others were set with
        :meth:`set_vecattr`. Change them with :meth:`set_vecattr`, not through this view.
        """
        attrs = dict(self._attrs)
        if self.counts is not None:
            attrs["count"] = self.counts
        return MappingProxyType(attrs)

    def get_vecattr(self, key: str, attr: str):
        """A word's attribute: ``"count"`` (its corpus count) or one set with :meth:`set_vecattr`."""
        i = self.id(key)
        if attr == "count" and self.counts is not None:
            return int(self.counts[i])
        if attr not in self._attrs:
            raise ConfigError(f"no word has the attribute {attr!r}; set it with set_vecattr(word, {attr!r}, value)")
        return self._attrs[attr][i].item()

    def set_vecattr(self, key: str, attr: str, value) -> None:
        """Set a word's attribute (``"count"`` sets its count); words not given one hold 0."""
        i = self.id(key)
        if attr == "count":
            if self.counts is None:
                self.counts = np.zeros(len(self), dtype=np.int64)
            self.counts[i] = value
            return
        if attr not in self._attrs:
            self._attrs[attr] = np.zeros(len(self), dtype=np.asarray(value).dtype)
        self._attrs[attr][i] = value

    # ------------------------------------------------------------------ adding vectors
    def add_vector(self, key: str, vector: np.ndarray) -> int:
        """Add one word and its (D,) vector (kept as it is if the word is known); returns its row."""
        self.add_vectors([key], np.asarray(vector)[None, :])
        return self.index[key]

    def add_vectors(self, keys: Sequence[str], weights, extras=None, replace: bool = False) -> None:
        """Add words and their vectors ((n, D) or n (D,) arrays) after the others, as gensim's.

        A word already present keeps its vector, or takes the new one with ``replace``.
        New words get count 0 when counts are kept. ``extras`` (attributes) is not offered.
        """
        if extras:
            raise ConfigError("add_vectors(extras=...) is not offered; set attributes with set_vecattr")
        if isinstance(keys, str):
            keys, weights = [keys], np.asarray(weights)[None, :]
        keys = list(keys)
        W = np.asarray(weights, dtype=self.matrix.dtype)
        if W.ndim != 2 or W.shape != (len(keys), self.dim):
            raise ConfigError(f"give {len(keys)} vectors of {self.dim} values for {len(keys)} words, not {W.shape}")
        fresh, fresh_rows, known = [], [], []
        for k, row in zip(keys, W, strict=True):
            if not isinstance(k, str):
                raise ConfigError(f"a key must be a str, not a {type(k).__name__}")
            (known if k in self.index else fresh).append(k)
            if k not in self.index and k not in fresh[:-1]:
                fresh_rows.append(row)
            elif k not in self.index:
                fresh.pop()
                fresh_rows[fresh.index(k)] = row
        if replace:
            for k, row in zip(keys, W, strict=True):
                if k in self.index:
                    self.matrix[self.index[k]] = row
            self._normed = None
        if fresh:
            old_expandos = self._attrs
            counts = None if self.counts is None else np.concatenate([self.counts, np.zeros(len(fresh), np.int64)])
            self.replace_all(self.words + tuple(fresh), np.vstack([self.matrix, np.array(fresh_rows)]), counts)
            self._attrs = {
                name: np.concatenate([a, np.zeros(len(fresh), dtype=a.dtype)]) for name, a in old_expandos.items()
            }

    def __setitem__(self, keys: str | Sequence[str], weights) -> None:
        """``kv["word"] = vector`` adds the word or replaces its vector (also for lists of words)."""
        if isinstance(keys, str):
            keys, weights = [keys], np.asarray(weights)[None, :]
        self.add_vectors(keys, weights, replace=True)

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

    def fill_norms(self, force: bool = False) -> None:
        """Compute the unit-length rows now (they are otherwise computed on first use); ``force`` recomputes."""
        if force:
            self._normed = None
        self.normed  # noqa: B018 (computes and caches)

    def unit_normalize_all(self) -> None:
        """Make every vector unit length, in place (the raw lengths are lost, as in gensim)."""
        self.matrix[...] = unit_rows(self.matrix)
        self._normed = self.matrix

    def get_mean_vector(
        self,
        keys: Sequence[Term],
        weights=None,
        pre_normalize: bool = True,
        post_normalize: bool = False,
        ignore_missing: bool = True,
    ) -> np.ndarray:
        """(D,) the weighted mean of words' vectors (unit length first when ``pre_normalize``), as gensim's.

        Keys are words or (D,) vectors (taken as they are); the sum of the weights times
        the vectors is divided by the sum of the weights' absolute values. Unknown words
        are skipped, or raise UnknownWordError when ``ignore_missing`` is False.
        ``post_normalize`` makes the result unit length.
        """
        keys = list(keys)
        if not keys:
            raise ConfigError("get_mean_vector needs at least one key")
        w = np.ones(len(keys)) if weights is None else np.asarray(weights, dtype=np.float64)
        if w.shape != (len(keys),):
            raise ConfigError(f"give one weight per key: {len(keys)} keys but weights of shape {w.shape}")
        total, mean = 0.0, np.zeros(self.dim, dtype=np.float64)  # (D,)
        for key, weight in zip(keys, w, strict=True):
            if isinstance(key, np.ndarray):
                vector = key
            elif key in self.index:
                vector = self.vector(key, norm=pre_normalize)
            elif ignore_missing:
                continue
            else:
                vector = self.vector(key)  # UnknownWordError naming it
            mean += weight * vector
            total += abs(weight)
        if total > 0:
            mean /= total
        if post_normalize:
            mean = unit_rows(mean[None, :])[0]
        return mean.astype(self.matrix.dtype)

    def vectors_for_all(self, keys: Iterable[str], allow_inference: bool = True, copy_vecattrs: bool = False):
        """A new KeyedVectors of the given known words, each once, in the order given.

        Unknown words are left out (word2vec has no subword vectors to infer them from,
        so ``allow_inference`` changes nothing). With ``copy_vecattrs`` the counts and the
        attributes set with set_vecattr come along; without it the new vectors get
        :func:`made_up_counts` in the order given, as gensim's do.
        """
        chosen = list(dict.fromkeys(k for k in keys if k in self.index))
        rows = [self.index[k] for k in chosen]
        if copy_vecattrs:
            counts = None if self.counts is None else self.counts[rows]
        else:
            counts = made_up_counts(len(chosen))
        kv = KeyedVectors(self.dim, dtype=self.matrix.dtype) if not chosen else KeyedVectors(
            chosen, self.matrix[rows].copy(), counts
        )
        if copy_vecattrs:
            kv._attrs = {name: a[rows].copy() for name, a in self._attrs.items()}
        return kv

    def wmdistance(self, document1, document2, norm: bool = True) -> float:
        """Not offered: the Word Mover's Distance needs an optimal-transport solver (gensim uses POT's ``emd2``)."""
        raise ConfigError(
            "wmdistance is not offered: the Word Mover's Distance needs an optimal-transport (earth mover's) "
            "solver such as POT's ot.emd2, which is not a dependency of word2vec_np"
        )

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
        """Cosine of the means of two word sets' vectors (the raw vectors, as gensim), within [-1, 1].

        The means are taken in float64 and stored in the vectors' dtype, then made unit length
        as the rows are, so two one-word lists give exactly :meth:`similarity` of the two words.
        An empty list raises EmptyWordListError (a ZeroDivisionError, as gensim's).
        """
        ws1, ws2 = list(ws1), list(ws2)
        if not ws1 or not ws2:
            raise EmptyWordListError(
                "n_similarity needs at least one word in each list: the mean of an empty list is undefined"
            )
        means = np.stack(
            [self.matrix[[self.id(w) for w in ws]].astype(np.float64).mean(axis=0) for ws in (ws1, ws2)]
        ).astype(self.matrix.dtype)  # (2, D)
        u = unit_rows(means)  # (2, D)
        if np.array_equal(u[0], u[1]):  # as similarity(w, w): exactly 1 (0 for a zero vector)
            return 1.0 if u[0].any() else 0.0
        return min(1.0, max(-1.0, float(u[0] @ u[1])))

    def distance(self, w1: str, w2: str) -> float:
        """1 - cosine similarity, never below 0 (a word's distance to itself is 0, not -1e-7 from rounding)."""
        return max(0.0, 1.0 - self.similarity(w1, w2))

    def distances(self, word_or_vector: Term, other_words: Sequence[str] = ()) -> np.ndarray:
        """1 - cosine of a word (or vector) with ``other_words``, or with every word when none is given."""
        u, _ = self._unit_query(word_or_vector)
        others = self.normed[[self.id(w) for w in other_words]] if len(other_words) else self.normed
        return 1 - others @ u  # (n, D) @ (D,) -> (n,)

    def most_similar_to_given(self, key1: str, keys_list: Sequence[str]) -> str:
        """The word of ``keys_list`` with the highest cosine to ``key1`` (the first of equals)."""
        keys_list = list(keys_list)
        if not keys_list:
            raise ConfigError("most_similar_to_given needs at least one word in keys_list")
        return keys_list[int(np.argmax([self.similarity(key1, k) for k in keys_list]))]

    def relative_cosine_similarity(self, wa: str, wb: str, topn: int = 10) -> float:
        """cos(wa, wb) divided by the sum of the cosines of wa's ``topn`` nearest words (Leeuwenberg et al., 2016)."""
        near = self.most_similar(wa, topn=topn)
        if not near:
            raise ConfigError(f"relative_cosine_similarity needs neighbours of {wa!r}; give topn >= 1")
        return self.similarity(wa, wb) / sum(cos for _, cos in near)

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
        The answers are :func:`word2vec_np.vectors.evaluation.evaluate_analogies`'s;
        ``similarity_function="most_similar_cosmul"`` scores by 3CosMul, with Levy & Goldberg's
        epsilon 1e-3 (gensim's most_similar_cosmul uses 1e-6; the answers rarely differ).
        """
        methods = {"most_similar": "3cosadd", "most_similar_cosmul": "3cosmul"}
        if similarity_function not in methods:
            raise ConfigError(
                f"similarity_function must be 'most_similar' (3CosAdd) or 'most_similar_cosmul' (3CosMul), "
                f"not {similarity_function!r}"
            )
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
            ok = evaluate._answer(self, vocab, np.array(known, dtype=np.int64), methods[similarity_function])
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
    def save_word2vec_format(
        self,
        fname: str | os.PathLike,
        fvocab: str | os.PathLike | None = None,
        binary: bool = False,
        total_vec: int | None = None,
        write_header: bool = True,
        prefix: str = "",
        append: bool = False,
        sort_attr: str = "count",
        *,
        sentence_end: bool = False,
    ) -> None:
        """Write the C tool's text format (or binary with ``binary=True``), which gensim and the C tool read.

        As gensim's: ``fvocab`` also writes the counts as the C tool's ``-save-vocab`` file;
        ``write_header=False`` leaves out the ``V D`` line (read it back with
        ``no_header=True``); ``prefix`` goes before every word; ``append`` adds to the end
        of the file; the rows go by ``sort_attr`` (the count, or an attribute set with
        set_vecattr), largest first, when the words have it. ``total_vec`` may only
        repeat the number of vectors. ``sentence_end=True`` (not gensim's) writes the C tool's
        ``</s>`` as row 0 with a zero vector, so that the C tool's ``word-analogy``, which takes
        row 0 for an unknown word, can be asked about the most frequent word.
        """
        if total_vec is not None and total_vec != len(self):
            raise ConfigError(
                f"total_vec={total_vec} would declare a number of vectors other than the {len(self)} written"
            )
        if binary and not write_header:
            raise ConfigError("write_header=False is for the text format; a binary file cannot be read without it")
        values = self.counts if sort_attr == "count" else self._attrs.get(sort_attr)
        if values is None and sort_attr != "count":
            raise ConfigError(f"sort_attr={sort_attr!r} is not an attribute of these words; set it with set_vecattr")
        order = np.arange(len(self)) if values is None else np.argsort(-np.asarray(values), kind="stable")
        words = [prefix + self.words[i] for i in order]
        if fvocab is not None and self.counts is None:
            raise ConfigError("these vectors have no counts to write to fvocab; set them with set_vecattr")
        rows = self.matrix[order]
        if binary:
            save_word2vec_binary(fname, words, rows, header=write_header, append=append, sentence_end=sentence_end)
        else:  # 9 significant digits: the text file reads back to the very same float32 values, as gensim's
            save_word2vec_text(
                fname, words, rows, header=write_header, append=append, sentence_end=sentence_end, exact=True
            )
        if fvocab is not None:
            save_vocab_file(fvocab, words, self.counts[order], sentences=0)

    def save(self, fname: str | os.PathLike, **gensim_options) -> None:
        """Save the words, vectors and counts in this package's pickle-free ``.npz`` format, under ``fname``.

        Any name works (``"vectors.kv"``, as gensim's tutorials write); read it back with
        :meth:`load`. A ``.txt`` / ``.vec`` / ``.bin`` name writes the C tool's format
        instead (as :meth:`save_word2vec_format`). gensim's pickle keywords (``separately``,
        ``sep_limit``, ``ignore``, ``pickle_protocol``) are accepted and change nothing.
        """
        unknown = sorted(set(gensim_options) - {"separately", "sep_limit", "ignore", "pickle_protocol"})
        if unknown:
            raise ConfigError(f"save has no keyword {unknown[0]!r}; give the file name")
        path = Path(fname)
        known = format_suffix(path) in (".txt", ".vec", ".bin", ".npz") or path.suffix.lower() in COMPRESSED
        save_vectors(path, self, fmt=None if known else "npz")

    @classmethod
    def load(cls, fname: str | os.PathLike, mmap: str | None = None) -> KeyedVectors:
        """Load vectors that :meth:`save` (or ``Word2Vec.save``) wrote, or a C tool vectors file; never unpickles.

        A gensim pickle is refused in one sentence saying how to export it from gensim.
        ``mmap`` is accepted; the vectors are read into memory.
        """
        if mmap not in (None, "r"):
            raise ConfigError(f"mmap must be None or 'r', not {mmap!r}")
        v = load_vectors(fname)
        return cls(v.words, v.matrix, v.counts)

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
        so ``no_header`` may be given or left out; it cannot go with ``binary=True``. ``fvocab``
        (a C tool ``-save-vocab`` file, read with the same ``unicode_errors``) gives the words their
        counts (0 for words it lacks). Without it the counts are made up as gensim makes them:
        V, V - 1, ..., 1 down the file's rows (:func:`made_up_counts`), which keeps the file's
        order as the frequency order and says nothing about the corpus.
        """
        if encoding.lower().replace("-", "") != "utf8":
            raise ConfigError(f"load_word2vec_format reads UTF-8 files, not encoding={encoding!r}")
        if no_header and binary:
            raise ConfigError("no_header=True reads GloVe's text format; a binary file always has a header")
        words, matrix = load_word2vec(  # with a limit, the rows after it are never read
            fname, binary=True if binary else None, unicode_errors=unicode_errors, limit=limit
        )
        counts = None
        if fvocab is not None:
            known = load_vocab_file(fvocab, unicode_errors=unicode_errors)
            counts = np.array([known.get(w, 0) for w in words], dtype=np.int64)
        else:
            counts = made_up_counts(len(words))
        return cls(words, np.asarray(matrix, dtype=datatype), counts)
