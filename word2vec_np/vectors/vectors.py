"""Trained word vectors and what people do with them: neighbours, similarity, analogies.

    >>> import numpy as np
    >>> W_in = np.array([[1.0, 0, 1, 0],   # man     columns: male, female, person, royal
    ...                  [0, 1, 1, 0],     # woman
    ...                  [1, 0, 0, 1],     # king
    ...                  [0, 1, 0, 1],     # queen
    ...                  [0, 0, 0, 1]])    # crown
    >>> v = Vectors(["man", "woman", "king", "queen", "crown"], W_in)
    >>> [(word, round(cos, 3)) for word, cos in v.most_similar("king", topn=2)]
    [('crown', 0.707), ('man', 0.5)]
    >>> v.analogy("man", "king", "woman")[0][0]      # man : king :: woman : ?
    'queen'
    >>> v.doesnt_match(["man", "woman", "crown"])
    'crown'

Every question is answered with cosine similarity,

    cos(x, y) = x . y / (|x| |y|),                                    (cos)

which is a dot product once every row has length one. So the unit-length
matrix ``normed`` (each row of ``matrix`` divided by its norm) is computed
once, on first use, and every query is a matrix-vector product with it. A row
of zeros stays a row of zeros (its cosine with anything is 0, never NaN).

Analogies a : b :: c : ? follow Levy & Goldberg (2014), "Linguistic
Regularities in Sparse and Explicit Word Representations":

    3CosAdd:  argmax_d  cos(d, b) - cos(d, a) + cos(d, c)             (3CosAdd)
    3CosMul:  argmax_d  cos'(d, b) cos'(d, c) / (cos'(d, a) + eps)    (3CosMul)

with cos' = (cos + 1) / 2 shifted into [0, 1] and eps = 1e-3. The three
question words are never answers. 3CosAdd is what the word2vec paper and
gensim's ``evaluate_word_analogies`` use; 3CosMul keeps one large similarity
from drowning the other two.

This module depends on NumPy and the standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from ..errors import ConfigError, UnknownWordError

COSMUL_EPS = 1e-3
METHODS = ("3cosadd", "3cosmul")

# A query term: a word, or a vector of the model's dimension.
Term = str | np.ndarray


def unit_rows(M: np.ndarray) -> np.ndarray:
    """Each row of ``M`` divided by its Euclidean norm; rows of zeros stay zero.

    M : (V, D) float  ->  (V, D) float of the same dtype, every nonzero row of length 1.

    Each row is first divided by its largest absolute value, so squaring cannot overflow: a
    float32 row holding 3e38 has a norm beyond float32, and dividing by that infinite norm
    would make it a row of zeros.
    """
    scale = np.max(np.abs(M), axis=-1, keepdims=True)  # (V, 1) largest |value| of each row
    scale[scale == 0] = 1  # a zero row stays zero: cosines with it are 0, never NaN
    S = M / scale  # (V, D) values in [-1, 1]
    norms = np.linalg.norm(S, axis=-1, keepdims=True)  # (V, 1), in [1, sqrt(D)] for nonzero rows
    norms[norms == 0] = 1
    return (S / norms).astype(M.dtype, copy=False)


def analogy_scores(
    a: np.ndarray, b: np.ndarray, c: np.ndarray, candidates: np.ndarray, method: str = "3cosadd"
) -> np.ndarray:
    """Score every candidate d as the answer to a : b :: c : d.

    Equations (3CosAdd) and (3CosMul) of the module docstring.

    a, b, c : (n, D) float    unit vectors of n questions
    candidates : (R, D) float unit vectors of the possible answers
    returns : (n, R) float    larger is better; the question words are NOT excluded here
    """
    method = _check_method(method)
    if method == "3cosadd":
        # With unit vectors, d . (b - a + c) = cos(d, b) - cos(d, a) + cos(d, c).
        return (b - a + c) @ candidates.T  # (n, D) @ (D, R) -> (n, R)
    return cosmul_scores([b @ candidates.T, c @ candidates.T], [a @ candidates.T], COSMUL_EPS)  # (n, R)


def cosmul_scores(positive: Sequence[np.ndarray], negative: Sequence[np.ndarray], eps: float) -> np.ndarray:
    """prod cos'(d, p) / (prod cos'(d, n) + eps) with cos' = (cos + 1) / 2, equation (3CosMul).

    positive, negative : cosines, each an array of one shape (R,) or (n, R); at least one positive.
    An empty product is 1. returns : the same shape; larger is better.
    """
    top = np.prod([(p + 1) / 2 for p in positive], axis=0)
    bottom = np.prod([(n + 1) / 2 for n in negative], axis=0) if negative else 1.0
    return top / (bottom + eps)


def _check_method(method: str) -> str:
    m = str(method).lower()
    if m not in METHODS:
        raise ConfigError(f"unknown analogy method {method!r}; use '3cosadd' or '3cosmul'")
    return m


class Vectors:
    """Word vectors: one row of ``matrix`` per word, with cosine-similarity queries.

    Parameters
    ----------
    words : sequence of str, length V     row i of ``matrix`` is the vector of ``words[i]``;
                                          most frequent first if ``restrict_vocab`` is to mean anything
    matrix : (V, D) float                 the vectors (for word2vec: W_in); kept by reference, not copied
    counts : (V,) int, optional           corpus count of each word

    Attributes
    ----------
    words : tuple of str      id -> word
    index : dict str -> int   word -> id
    matrix : (V, D) float     the vectors as given
    normed : (V, D) float     unit-length rows, computed on first use and then cached
    counts : (V,) int64 or None
    """

    def __init__(self, words: Sequence[str], matrix: np.ndarray, counts: np.ndarray | None = None):
        matrix = np.asarray(matrix)
        if matrix.ndim != 2:
            raise ConfigError(f"the vectors matrix must be 2-D (V, D), not of shape {matrix.shape}")
        if not np.issubdtype(matrix.dtype, np.floating):
            matrix = matrix.astype(np.float64)
        words = tuple(words)
        if len(words) != matrix.shape[0]:
            raise ConfigError(
                f"got {len(words)} words but a matrix of {matrix.shape[0]} rows; they must match"
            )
        index = {w: i for i, w in enumerate(words)}
        if len(index) != len(words):
            seen: set[str] = set()
            dup = next(w for w in words if w in seen or seen.add(w))
            raise ConfigError(f"the word {dup!r} appears more than once; each word needs exactly one row")
        if counts is not None:
            counts = np.asarray(counts, dtype=np.int64)
            if counts.shape != (len(words),):
                raise ConfigError(
                    f"counts has shape {counts.shape}, expected ({len(words)},): one count per word"
                )
        self.words: tuple[str, ...] = words
        self.index: dict[str, int] = index
        self.matrix: np.ndarray = matrix
        self.counts: np.ndarray | None = counts
        self._normed: np.ndarray | None = None

    def replace_all(self, words: Sequence[str], matrix: np.ndarray, counts: np.ndarray | None = None) -> None:
        """Hold new words and vectors in this same object (checked as the constructor checks them)."""
        Vectors.__init__(self, words, matrix, counts)

    # ------------------------------------------------------------------ lookup
    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self.index

    def __iter__(self):
        return iter(self.words)

    def __repr__(self) -> str:
        return f"Vectors(V={len(self)}, D={self.dim})"

    @property
    def dim(self) -> int:
        """D, the number of dimensions of each vector."""
        return int(self.matrix.shape[1])

    @property
    def normed(self) -> np.ndarray:
        """(V, D) unit-length rows of ``matrix`` (zero rows stay zero); computed once."""
        if self._normed is None:
            self._normed = unit_rows(self.matrix)
        return self._normed

    def id(self, word: str) -> int:
        """The row of ``word``; raises UnknownWordError naming it."""
        try:
            return self.index[word]
        except (KeyError, TypeError):
            raise UnknownWordError(
                f"the word {word!r} is not in the vocabulary of {len(self)} words; "
                "check its spelling and case, or train with a lower min_count if it is rare"
            ) from None

    def vector(self, word: str, norm: bool = False) -> np.ndarray:
        """The (D,) vector of ``word`` (of length one when ``norm``); a view, do not modify it."""
        i = self.id(word)
        return self.normed[i] if norm else self.matrix[i]

    def __getitem__(self, word: str | Sequence[str]) -> np.ndarray:
        """``v["king"]`` -> (D,) vector; ``v[["king", "queen"]]`` -> (2, D) stacked vectors."""
        if isinstance(word, str):
            return self.vector(word)
        return self.matrix[[self.id(w) for w in word]]

    # ------------------------------------------------------------------ similarity
    def similarity(self, a: str, b: str) -> float:
        """cos(a, b), equation (cos), for two words, within [-1, 1].

        Rounding can put the dot product of two unit float32 rows just outside [-1, 1]
        (a word with itself gives 1.0000001), where ``arccos`` is NaN; the result is
        clipped to [-1, 1], as gensim's users expect, and a word's similarity with
        itself is exactly 1 (0 for a zero vector).
        """
        i, j = self.id(a), self.id(b)
        cos = float(self.normed[i] @ self.normed[j])
        if i == j:
            return 1.0 if cos > 0 else 0.0
        return min(1.0, max(-1.0, cos))

    def _unit_query(self, term: Term) -> tuple[np.ndarray, int | None]:
        """(unit vector (D,), row id or None) of a word or of a raw vector."""
        if isinstance(term, str):
            i = self.id(term)
            return self.normed[i], i
        v = np.asarray(term, dtype=self.normed.dtype)
        if v.shape != (self.dim,):
            raise ConfigError(f"a query vector must have shape ({self.dim},), not {v.shape}")
        return unit_rows(v[None, :])[0], None

    @staticmethod
    def _terms(x: Term | Iterable[Term] | None) -> list[Term]:
        if x is None:
            return []
        if isinstance(x, str) or (isinstance(x, np.ndarray) and x.ndim == 1):
            return [x]
        return list(x)

    def n_candidates(self, restrict_vocab: int | None) -> int:
        """How many leading rows may be answers: all, or the first ``restrict_vocab`` (checked)."""
        if restrict_vocab is None:
            return len(self)
        if (
            isinstance(restrict_vocab, bool)
            or not isinstance(restrict_vocab, (int, np.integer))
            or restrict_vocab < 1
        ):
            raise ConfigError(
                f"restrict_vocab must be a positive whole number or None, not {restrict_vocab!r}"
            )
        return min(int(restrict_vocab), len(self))

    def _top(self, scores: np.ndarray, topn: int | None, exclude: Iterable[int]) -> list[tuple[str, float]]:
        """The ``topn`` best (word, score) pairs of ``scores`` (R,), skipping rows in ``exclude``.

        Ties are broken by row order (the more frequent word first).
        """
        scores = np.array(scores, dtype=np.float64)  # a copy we may write into
        exclude = [i for i in set(exclude) if i < len(scores)]
        scores[exclude] = -np.inf
        n_ok = len(scores) - len(exclude)
        k = n_ok if topn is None else min(int(topn), n_ok)
        if k <= 0:
            return []
        if k < len(scores):
            part = np.argpartition(-scores, k - 1)[:k]  # the k best, in no order
            # Rows tied with the k-th score may be cut arbitrarily; take every tied row, then sort.
            part = np.flatnonzero(scores >= scores[part].min())
        else:
            part = np.arange(len(scores))
        order = part[np.lexsort((part, -scores[part]))][:k]  # by score descending, then row
        return [(self.words[i], float(scores[i])) for i in order]

    def most_similar(
        self,
        positive: Term | Iterable[Term] = (),
        negative: Term | Iterable[Term] = (),
        topn: int | None = 10,
        restrict_vocab: int | None = None,
    ) -> list[tuple[str, float]]:
        """The ``topn`` words closest in cosine to the combined query.

        The query is q = unit(sum of unit(p) for p in positive - sum of unit(n) for n in negative),
        as in the C tool's ``distance`` and gensim; each candidate d scores cos(d, q), equation (cos).
        ``positive`` and ``negative`` take a word, a (D,) vector, or a list of them. Query words
        are never returned. ``restrict_vocab=N`` considers only the first N rows (the N most
        frequent words); ``topn=None`` returns every candidate, sorted.

        Returns a list of (word, cosine) pairs, best first.
        """
        pos, neg = self._terms(positive), self._terms(negative)
        if not pos and not neg:
            raise ConfigError("most_similar needs at least one positive or negative word")
        R = self.n_candidates(restrict_vocab)
        q = np.zeros(self.dim, dtype=self.normed.dtype)  # (D,)
        exclude = []
        for sign, terms in ((1, pos), (-1, neg)):
            for t in terms:
                u, i = self._unit_query(t)
                q += sign * u
                if i is not None:
                    exclude.append(i)
        n = np.linalg.norm(q)
        q = q / n if n > 0 else q
        scores = self.normed[:R] @ q  # (R, D) @ (D,) -> (R,)
        return self._top(scores, topn, exclude)

    def analogy(
        self,
        a: str,
        b: str,
        c: str,
        topn: int = 1,
        method: str = "3cosadd",
        restrict_vocab: int | None = None,
    ) -> list[tuple[str, float]]:
        """Answer a : b :: c : ? (``analogy("man", "king", "woman")`` -> queen).

        method "3cosadd" scores d by cos(d, b) - cos(d, a) + cos(d, c), equation (3CosAdd);
        "3cosmul" by cos'(d, b) cos'(d, c) / (cos'(d, a) + 1e-3), equation (3CosMul).
        a, b and c are never answers. Returns the ``topn`` best (word, score) pairs.
        """
        method = _check_method(method)
        ids = [self.id(w) for w in (a, b, c)]
        R = self.n_candidates(restrict_vocab)
        va, vb, vc = (self.normed[i][None, :] for i in ids)  # each (1, D)
        scores = analogy_scores(va, vb, vc, self.normed[:R], method)[0]  # (R,)
        return self._top(scores, topn, ids)

    def doesnt_match(self, words: Iterable[str]) -> str:
        """The word least like the others: lowest cosine to the mean of their unit vectors."""
        words = list(words)
        if not words:
            raise ConfigError("doesnt_match needs at least one word")
        ids = [self.id(w) for w in words]
        U = self.normed[ids]  # (n, D)
        mean = U.mean(axis=0)  # (D,)
        n = np.linalg.norm(mean)
        mean = mean / n if n > 0 else mean
        return words[int(np.argmin(U @ mean))]  # (n, D) @ (D,) -> (n,)
