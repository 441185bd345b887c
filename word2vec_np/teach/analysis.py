"""Looking inside trained vectors: a 2-D projection, window co-occurrence counts, shifted PMI.

NumPy only; the notebooks draw what these functions compute. Every function
works on a small vocabulary held as dense (V, V) matrices, so V is capped at
``MAX_DENSE_VOCAB`` words.

Equations (tags cited by docs/math.md):

(PCA)        X_c = X - mean of the rows;  X_c = U S V^T (thin SVD)
             coords = X_c V[:, :2] = U[:, :2] S[:2]
             explained variance ratio of component j = S_j^2 / sum_i S_i^2
(COOC)       #(w, c) = number of position pairs (i, j) of one sentence with
             0 < |i - j| <= window, ids[i] = w and ids[j] = c; symmetric.
             With ``dynamic=True`` a pair at distance d counts
             (window - d + 1) / window: its probability of falling inside
             word2vec's dynamic window (sampling.draw_half_widths).
(PMI)        PMI(w, c) = log( #(w, c) |D| / (#(w) #(c)) )
             #(w) = sum_c #(w, c), #(c) = sum_w #(w, c), |D| = sum_{w,c} #(w, c)
(PMI-cds)    with ``context_power`` a: #(c) is replaced by
             |D| #(c)^a / sum_c' #(c')^a (Levy, Goldberg & Dagan 2015), the
             context distribution that 0.75-smoothed negative sampling uses
(SPMI)       SPMI(w, c) = PMI(w, c) - log k
             Levy & Goldberg (2014): skip-gram with k negatives reaches its
             optimum at W_in[w] . W_out[c] = SPMI(w, c), when D is large enough.
"""

from __future__ import annotations

import numpy as np

from ..core.sampling import check_offsets
from ..errors import ConfigError

#: The largest vocabulary the dense (V, V) functions accept (a (V, V) float64 matrix is 8 V^2 bytes).
MAX_DENSE_VOCAB = 20_000


# --------------------------------------------------------------------------- PCA


def pca_2d(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Project the rows of X onto their first two principal components. Equation (PCA).

    The rows are centred, the centred matrix is factored by a thin SVD
    ``X_c = U S V^T``, and each row's coordinates are its projections on the
    first two right singular vectors, ``X_c @ V[:, :2]``. Each component's
    sign is fixed so that its largest-magnitude loading is positive, so the
    same X always gives the same picture.

    Parameters
    ----------
    X : (N, D) float, N >= 2
        One point per row, e.g. the word vectors ``W_in[ids]``.

    Returns
    -------
    coords : (N, 2) float64
        Coordinates of each row on components 1 and 2. If X has rank 1 (or
        D == 1) the second column is zero.
    explained : (2,) float64
        Fraction of the total variance along each component,
        S_j^2 / sum_i S_i^2; 0 for a component that does not exist. Both are 0
        when every row is the same.

    Raises
    ------
    ConfigError
        X is not a 2-D array of at least two rows, or holds NaN or infinity.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] < 2 or X.shape[1] < 1:
        raise ConfigError(f"pca_2d needs a 2-D array of at least 2 rows and 1 column, got shape {X.shape}")
    if not np.all(np.isfinite(X)):
        raise ConfigError("pca_2d got NaN or infinite values; check the vectors (did training diverge?)")
    Xc = X - X.mean(axis=0)  # (N, D) centred rows
    _, S, Vt = np.linalg.svd(Xc, full_matrices=False)  # S (r,), Vt (r, D), r = min(N, D)
    n = min(2, len(S))
    components = Vt[:n]  # (n, D)
    biggest = np.argmax(np.abs(components), axis=1)  # (n,) largest loading of each component
    components = components * np.sign(components[np.arange(n), biggest])[:, None]  # sign convention
    coords = np.zeros((X.shape[0], 2))
    coords[:, :n] = Xc @ components.T  # (N, D) @ (D, n) -> (N, n)
    variance = S**2  # (r,)
    explained = np.zeros(2)
    if variance.sum() > 0:
        explained[:n] = variance[:n] / variance.sum()
    return coords, explained


# --------------------------------------------------------------------------- co-occurrence


def _check_corpus(ids: np.ndarray, offsets: np.ndarray, V: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (ids int64, offsets int64) after checking they describe a corpus of V words."""
    if isinstance(V, bool) or not isinstance(V, int | np.integer) or V < 1:
        raise ConfigError(f"V must be a positive whole number, got {V!r}")
    if V > MAX_DENSE_VOCAB:
        raise ConfigError(
            f"a dense (V, V) matrix for V = {V} words is too large; "
            f"restrict the vocabulary to at most {MAX_DENSE_VOCAB} words (raise min_count)"
        )
    ids = np.asarray(ids, dtype=np.int64)
    offsets = np.asarray(offsets, dtype=np.int64)
    if ids.ndim != 1 or (len(ids) and (ids.min() < 0 or ids.max() >= V)):
        raise ConfigError(f"ids must be a 1-D array of word ids in [0, {V}); pass corpus.ids and len(vocab)")
    offsets = check_offsets(ids, offsets, "pass corpus.offsets with corpus.ids")
    return ids, offsets


def cooccurrence_counts(
    ids: np.ndarray, offsets: np.ndarray, V: int, window: int, *, dynamic: bool = False
) -> np.ndarray:
    """Exact symmetric window co-occurrence counts #(w, c) of a corpus. Equation (COOC).

    Every ordered pair of positions (i, j) in one sentence with
    0 < |i - j| <= ``window`` adds 1 to ``counts[ids[i], ids[j]]``; so each
    unordered pair of positions counts once in each direction and the result
    is symmetric. Windows never cross a sentence boundary. These are the
    skip-gram training pairs of the corpus with every half-width at its
    maximum and no subsampling (``sampling.skipgram_pairs`` draws a random
    half-width per centre word).

    With ``dynamic=True`` a pair at distance d adds (window - d + 1) / window
    instead of 1: the probability that word2vec's dynamic window, uniform on
    {1..window}, reaches distance d. The result is then the expected count of
    each pair per epoch of skip-gram training with ``sample=0``.

    Vectorized: one pass per distance d = 1..window, counted with
    ``np.bincount`` over w * V + c; no loop over tokens.

    Parameters
    ----------
    ids : (N,) int
        Token ids in [0, V), e.g. ``corpus.ids``.
    offsets : (S + 1,) int
        Sentence boundaries, e.g. ``corpus.offsets``.
    V : int
        Vocabulary size, at most ``MAX_DENSE_VOCAB``.
    window : int >= 1
        Maximum distance between the two words.
    dynamic : bool
        Weight each distance by the dynamic window's probability (see above).

    Returns
    -------
    (V, V) int64 (float64 when ``dynamic``)
        ``counts[w, c] == counts[c, w]``; the row sums are #(w).
    """
    ids, offsets = _check_corpus(ids, offsets, V)
    if isinstance(window, bool) or not isinstance(window, int | np.integer) or window < 1:
        raise ConfigError(f"window must be a positive whole number, got {window!r}")
    sentence = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))  # (N,) sentence of each position
    flat = np.zeros(V * V, dtype=np.float64 if dynamic else np.int64)  # (V * V,) counts[w, c] at w * V + c
    for d in range(1, window + 1):
        same = sentence[:-d] == sentence[d:]  # (N - d,) positions i whose i + d is in the same sentence
        left, right = ids[:-d][same], ids[d:][same]  # (P_d,) the two words of each pair at distance d
        weight = (window - d + 1) / window if dynamic else 1
        pairs = np.bincount(left * V + right, minlength=V * V)  # (V * V,) each pair once, left -> right
        flat += weight * pairs if dynamic else pairs
    counts = flat.reshape(V, V)
    return counts + counts.T  # both directions: (w, c) and (c, w)


# --------------------------------------------------------------------------- PMI


def shifted_pmi(counts: np.ndarray, k: float = 1.0, *, context_power: float = 1.0) -> np.ndarray:
    """PMI(w, c) - log k from co-occurrence counts. Equations (PMI), (PMI-cds), (SPMI).

    PMI(w, c) = log( #(w, c) |D| / (#(w) #(c)) ) with #(w) the row sums,
    #(c) the column sums and |D| the sum of all counts. ``k = 1`` gives the
    plain PMI; ``k`` = the number of negatives gives the matrix that
    skip-gram with negative sampling factorizes (Levy & Goldberg 2014).
    ``context_power = 0.75`` smooths the context distribution as the noise
    distribution of negative sampling does (Levy, Goldberg & Dagan 2015).

    Zero counts (no division-by-zero warning is emitted for them):

    * ``#(w, c) == 0`` with both marginals positive: log 0, so ``-inf``.
      The pair never co-occurs; SGNS pushes its score down without bound
      in theory, and in practice leaves it wherever the other pairs put it,
      so compare only the pairs with ``counts > 0``.
    * ``#(w) == 0`` or ``#(c) == 0`` (a word that is in no window): 0 / 0,
      so ``NaN`` in its whole row or column.

    Parameters
    ----------
    counts : (V, V) float or int >= 0
        E.g. from :func:`cooccurrence_counts`.
    k : float > 0
        The shift is log k (k negatives per pair).
    context_power : float > 0
        The exponent a of (PMI-cds); 1 is the plain PMI.

    Returns
    -------
    (V, V) float64
        Finite where ``counts > 0``, ``-inf`` or ``NaN`` elsewhere as above.
    """
    C = np.asarray(counts, dtype=np.float64)
    if C.ndim != 2 or C.shape[0] != C.shape[1]:
        raise ConfigError(f"counts must be a square (V, V) matrix, got shape {C.shape}")
    if not np.all(np.isfinite(C)) or np.any(C < 0):
        raise ConfigError("counts must be finite and non-negative; pass co-occurrence counts")
    if not (np.isfinite(k) and k > 0):
        raise ConfigError(f"k (the number of negatives) must be a positive number, got {k!r}")
    if not (np.isfinite(context_power) and context_power > 0):
        raise ConfigError(f"context_power must be a positive number, got {context_power!r}")
    total = C.sum()  # |D|
    if total == 0:
        raise ConfigError("counts are all zero, so PMI is undefined; use a corpus with some co-occurrences")
    row = C.sum(axis=1)  # (V,) #(w)
    col = C.sum(axis=0)  # (V,) #(c)
    if context_power != 1.0:
        smoothed = col**context_power  # (V,) #(c)^a, 0 stays 0
        col = total * smoothed / smoothed.sum()  # (V,) |D| P_a(c)
    with np.errstate(divide="ignore", invalid="ignore"):  # log 0 = -inf and 0 / 0 = NaN, as documented
        pmi = np.log(C * total) - np.log(row)[:, None] - np.log(col)[None, :]  # (V, V)
    return pmi - np.log(k)
