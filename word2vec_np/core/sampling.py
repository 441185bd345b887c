"""Sampling: subsampling of frequent words, dynamic windows, the noise sampler.

Every random choice is drawn from a ``numpy.random.Generator`` passed in by
the caller, so a fixed seed reproduces a run and a test can replay the draws.

The corpus is ``ids`` (N,) int32 with sentence offsets ``offsets`` (S + 1,)
int64: sentence ``s`` is ``ids[offsets[s]:offsets[s + 1]]`` (see
:mod:`word2vec_np.text.corpus`). Windows never cross a sentence boundary.

The pieces, in the order a trainer uses them each epoch:

1. :func:`keep_probability` and :func:`subsample` drop frequent words
   (before windows form, so a dropped word takes no window slot);
2. :func:`skipgram_pairs` or :func:`cbow_windows` form the training examples,
   one half-width per centre word from :func:`draw_half_widths`;
3. :class:`NoiseSampler` draws the negatives of negative sampling.

Equations (tags cited by docs/math.md), with z_w = count_w / total and t = sample:

(SUB-keep)   keep(w) = min(1, sqrt(t / z_w) + t / z_w)        keep_probability (C tool, gensim)
(SUB-paper)  discard(w) = 1 - sqrt(t / z_w)                    the paper's form, not used
(WIN)        b_i ~ uniform{1, ..., window}; centre i pairs with j when 0 < |j - i| <= b_i
             and j is in i's sentence                          draw_half_widths, skipgram_pairs
(NS-noise)   P_n(w) = count_w ** power / sum_v count_v ** power   NoiseSampler.probs, drawn by an
                                                               alias table (NoiseSampler.alias_probs)
(NS-redraw)  P(negative = w | target o) = P_n(w) / (1 - P_n(o)) for w != o, 0 for w = o
                                                               NoiseSampler.sample
"""

from __future__ import annotations

import numpy as np

from ..errors import ConfigError

# --------------------------------------------------------------------------- subsampling


def check_offsets(ids: np.ndarray, offsets: np.ndarray, hint: str = "pass the corpus's own offsets") -> np.ndarray:
    """Return ``offsets`` as int64 after checking that they describe ``ids``.

    ids : (N,) token ids; offsets : (S + 1,) must rise (never fall) from 0 to N.
    Raises ConfigError naming what is wrong, followed by ``hint``.
    """
    offsets = np.asarray(offsets, dtype=np.int64)
    if (
        offsets.ndim != 1
        or len(offsets) == 0
        or offsets[0] != 0
        or offsets[-1] != len(ids)
        or np.any(np.diff(offsets) < 0)
    ):
        raise ConfigError(
            f"offsets must rise from 0 to len(ids) = {len(ids)}, got an array of shape {offsets.shape}; {hint}"
        )
    return offsets


def keep_probability(counts: np.ndarray, total: int, sample: float) -> np.ndarray:
    """Probability that each occurrence of a word is kept by subsampling. Equation (SUB-keep).

    With z = count / total the word's frequency and t = ``sample``::

        keep(w) = min(1, sqrt(t / z) + t / z)        # used here: the C tool, gensim
        discard(w) = 1 - sqrt(t / z)                  # the paper (Mikolov et al. 2013b)

    This uses the first formula, the one word2vec.c and gensim actually run,
    so results compare with theirs. It keeps a bit more than the paper's
    1 - discard = sqrt(t / z) (SUB-paper): the extra t / z matters only for
    z within a few t. A word is always kept when z <= t (3 + sqrt 5) / 2,
    about 2.6 t.

    Parameters
    ----------
    counts : (V,) int
        Word counts, e.g. ``vocab.counts``.
    total : int > 0
        The number of words z is relative to, e.g. ``vocab.total``.
    sample : float >= 0
        The threshold t (C tool default 1e-3); 0 turns subsampling off.

    Returns
    -------
    (V,) float64
        Keep probabilities in (0, 1]; all ones when ``sample == 0``.
    """
    counts = np.asarray(counts, dtype=np.float64)
    if not sample >= 0:
        raise ConfigError(f"sample must be >= 0 (0 turns subsampling off), got {sample!r}")
    if total <= 0:
        raise ConfigError(f"total must be positive, got {total!r}")
    if sample == 0:
        return np.ones_like(counts)
    with np.errstate(divide="ignore"):  # a count of 0 gives t / z = inf, kept with probability 1
        ratio = sample * total / counts  # (V,) t / z
    return np.minimum(np.sqrt(ratio) + ratio, 1.0)


def subsample(
    ids: np.ndarray, offsets: np.ndarray, keep_prob: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Drop each token independently, keeping it with probability ``keep_prob[id]``.

    One uniform draw per token, in position order: token i is kept when
    ``rng.random() < keep_prob[ids[i]]``. Call it again (each epoch) for a
    fresh subsample.

    Parameters
    ----------
    ids : (N,) int
        Token ids.
    offsets : (S + 1,) int
        Sentence boundaries, ``offsets[0] == 0``, ``offsets[-1] == N``.
    keep_prob : (V,) float
        From :func:`keep_probability`.
    rng : numpy.random.Generator

    Returns
    -------
    kept_ids : (N',) int32
        The kept tokens, in order.
    kept_offsets : (S' + 1,) int64
        Their sentence boundaries; sentences left empty are removed, so S' <= S.
    """
    ids = np.asarray(ids)
    offsets = check_offsets(ids, offsets)
    keep = rng.random(len(ids)) < np.asarray(keep_prob)[ids]  # (N,) bool
    kept_before = np.concatenate(([0], np.cumsum(keep)))  # (N + 1,) kept tokens before each position
    ends = kept_before[offsets]  # (S + 1,) new boundary of every old sentence
    nonempty = np.diff(ends) > 0  # (S,)
    kept_offsets = np.concatenate(([0], ends[1:][nonempty])).astype(np.int64)
    return ids[keep].astype(np.int32), kept_offsets


# --------------------------------------------------------------------------- windows


def draw_half_widths(n: int, window: int, rng: np.random.Generator, shrink: bool = True) -> np.ndarray:
    """Draw the dynamic window: one half-width per centre word, uniform on {1..window}. Equation (WIN).

    The C tool draws b uniform on {0..window-1} and uses ``window - b``, the
    same distribution. A centre word with half-width b sees up to b words on
    each side (fewer at a sentence boundary), so near words are used more
    often than far ones: a word at distance d is in the window with
    probability (window - d + 1) / window.

    ``shrink=False`` (gensim's ``shrink_windows=False``) gives every centre the whole
    window. The draw is made all the same, so every later draw (the negatives, the
    order of the groups) is the one a shrinking run makes.

    Returns
    -------
    (n,) int32
        Values in {1, ..., window}, drawn in one call in position order (all ``window``
        when not ``shrink``).
    """
    _check_window(window)
    half_widths = rng.integers(1, window + 1, size=n, dtype=np.int32)  # (n,)
    return half_widths if shrink else np.full(n, window, dtype=np.int32)


def bounded_half_widths(
    offsets: np.ndarray, window: int, rng: np.random.Generator, shrink: bool = True
) -> tuple[np.ndarray, int]:
    """The half-widths of :func:`draw_half_widths`, capped at what the longest sentence can use.

    No context word is farther than L - 1 from its centre in a sentence of L words, so a
    half-width b >= L - 1 gives the same context as L - 1. Capping every half-width at
    ``width = min(window, L - 1)``, with L the longest sentence, keeps every example and every
    random draw (the draws still use ``window``) while the (N, 2 * width) tables of the callers
    cost what the sentences need: ``--window 1000`` on 20-word sentences costs what 19 does.

    offsets : (S + 1,) int sentence boundaries; N = offsets[-1]; shrink : as :func:`draw_half_widths`
    Returns half_widths (N,) int32 in 1..width, and width (int >= 1).
    """
    half_widths = draw_half_widths(int(offsets[-1]), window, rng, shrink)  # (N,) in 1..window
    longest = int(np.diff(offsets).max()) if len(offsets) > 1 else 1
    width = max(1, min(int(window), longest - 1))
    return np.minimum(half_widths, width), width


def _context_positions(
    offsets: np.ndarray, half_widths: np.ndarray, window: int
) -> tuple[np.ndarray, np.ndarray]:
    """Positions of every centre's context words, left then right, packed to the left.

    Centre i of a sentence [start, end) with half-width b has
    ``n_left = min(b, i - start)`` words on its left and
    ``n_right = min(b, end - 1 - i)`` on its right; its row holds the positions
    i - n_left, ..., i - 1, i + 1, ..., i + n_right (ascending), then padding.

    Returns
    -------
    positions : (N, 2 * window) int64
        Context positions; padding entries are 0.
    n_context : (N,) int64
        ``n_left + n_right``: how many leading entries of each row are real.
    """
    n = len(half_widths)
    sentence = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))  # (N,) sentence of each position
    i = np.arange(n)  # (N,) centre positions
    n_left = np.minimum(half_widths, i - offsets[sentence])  # (N,)
    n_right = np.minimum(half_widths, offsets[sentence + 1] - 1 - i)  # (N,)
    n_context = n_left + n_right  # (N,)
    col = np.arange(2 * window)  # (2w,)
    left = col < n_left[:, None]  # (N, 2w) column holds a left context word
    positions = np.where(
        left,
        i[:, None] - n_left[:, None] + col,  # i - n_left + col: the left words, ascending
        i[:, None] + 1 + col - n_left[:, None],  # i + 1 + (col - n_left): then the right words
    )  # (N, 2w)
    positions[col >= n_context[:, None]] = 0  # padding
    return positions, n_context


def skipgram_pairs(
    ids: np.ndarray, offsets: np.ndarray, window: int, rng: np.random.Generator, shrink: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """All (input, target) skip-gram pairs of a corpus, with a dynamic window. Equation (WIN).

    One half-width b_i ~ uniform{1..window} per centre position i, drawn with
    ``draw_half_widths(len(ids), window, rng)``. Centre i pairs with every
    position j of its own sentence with 0 < |j - i| <= b_i.

    Convention of the C tool: the input is the context word (its row of W_in
    is h) and the target is the centre word. The paper writes centre ->
    context; each window gives the same set of word pairs either way.

    Vectorized: one (N, 2 * w) table of positions, no loop over tokens, with
    w = min(window, longest sentence - 1) (:func:`bounded_half_widths`).
    Temporary memory is about 50 * w * N bytes, so pass a batch of
    sentences at a time for large corpora.

    Parameters
    ----------
    ids : (N,) int
        Token ids (usually after :func:`subsample`).
    offsets : (S + 1,) int
        Sentence boundaries.
    window : int >= 1
        Maximum half-width (C tool default 5).
    rng : numpy.random.Generator
    shrink : bool
        False gives every centre the whole window (:func:`draw_half_widths`).

    Returns
    -------
    inputs : (P,) int32
        Context word ids.
    targets : (P,) int32
        Centre word ids.
        Pairs are ordered by centre position, then context position ascending.
    """
    ids = np.asarray(ids)
    offsets = check_offsets(ids, offsets)
    _check_window(window)
    half_widths, width = bounded_half_widths(offsets, window, rng, shrink)  # width <= window: see there
    positions, n_context = _context_positions(offsets, half_widths, width)
    real = np.arange(2 * width) < n_context[:, None]  # (N, 2w)
    inputs = ids[positions[real]]  # (P,) row-major: centre order, then position order
    targets = np.repeat(ids, n_context)  # (P,)
    return inputs.astype(np.int32), targets.astype(np.int32)


def cbow_windows(
    ids: np.ndarray, offsets: np.ndarray, window: int, rng: np.random.Generator, shrink: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One CBOW example per centre word: its context words predict it.

    Same draws and windows as :func:`skipgram_pairs` (one half-width per
    centre position from ``draw_half_widths(len(ids), window, rng)``); a centre
    word with no context word (a one-word sentence) gives no row.

    Parameters
    ----------
    ids : (N,) int
    offsets : (S + 1,) int
    window : int >= 1
    rng : numpy.random.Generator
    shrink : bool, as in :func:`skipgram_pairs`

    Returns
    -------
    contexts : (B, 2 * w) int32, w = min(window, longest sentence - 1) (:func:`bounded_half_widths`)
        Context word ids in position order, left then right, padded with 0.
    n_context : (B,) int32
        How many leading entries of each row are real, >= 1. The hidden layer
        is h = (1 / n_context) * sum of those rows of W_in.
    targets : (B,) int32
        The centre word of each row, in position order.
    """
    ids = np.asarray(ids)
    offsets = check_offsets(ids, offsets)
    _check_window(window)
    half_widths, width = bounded_half_widths(offsets, window, rng, shrink)  # width <= window: see there
    positions, n_context = _context_positions(offsets, half_widths, width)
    rows = n_context > 0  # (N,) centres with at least one context word
    real = np.arange(2 * width) < n_context[rows, None]  # (B, 2w)
    contexts = np.where(real, ids[positions[rows]], 0)  # (B, 2w)
    return contexts.astype(np.int32), n_context[rows].astype(np.int32), ids[rows].astype(np.int32)


def _check_window(window: int) -> None:
    if int(window) != window or window < 1:
        raise ConfigError(f"window must be a positive integer, got {window!r}")


# --------------------------------------------------------------------------- negatives


def _alias_table(probs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vose's alias table for ``probs`` (V,), in O(V): ``(threshold, alias)``, (V,) float64 and (V,) intp.

    Scale every probability by V, so the mean column height is 1. Pair a
    word below 1 ("small") with one at or above 1 ("large"): the small
    word keeps its height as the column's threshold, the large one fills the
    rest of the column as its alias and loses 1 - threshold of its height.
    Each pairing settles one column, so V - 1 pairings finish the table.
    Words left over at the end are at height 1 up to rounding and get a full
    column. Words of probability 0 are paired first and only with a word of
    positive probability, so they are never drawn (threshold 0).
    """
    n = len(probs)
    height = (np.asarray(probs, dtype=np.float64) * n).tolist()  # Python floats: the loop is scalar
    threshold = [1.0] * n
    alias = list(range(n))
    # zero-probability words at the end of `small`, so they are popped (settled) first
    small = [i for i in range(n) if 0.0 < height[i] < 1.0] + [i for i in range(n) if height[i] == 0.0]
    large = [i for i in range(n) if height[i] >= 1.0]
    while small and large:
        s, g = small.pop(), large[-1]
        threshold[s], alias[s] = height[s], g
        height[g] -= 1.0 - height[s]
        if height[g] < 1.0:
            large.pop()
            small.append(g)
    for i in small:  # at 1 up to rounding (a zero-probability word cannot be left: see above)
        if height[i] > 0.0:
            threshold[i] = 1.0
        else:  # only if rounding emptied `large` early: keep it undrawable
            threshold[i], alias[i] = 0.0, int(np.argmax(probs))
    return np.array(threshold, dtype=np.float64), np.array(alias, dtype=np.intp)


class NoiseSampler:
    """Draws negative words from the noise distribution P_n(w) = count(w)**power / Z. Equation (NS-noise).

    With ``power = 0.75`` (the paper, the C tool and gensim) rare words are
    drawn more often than their frequency; ``power = 1`` is the unigram
    distribution, ``power = 0`` uniform over the words with a positive count.

    Sampling is by an alias table (Walker 1977, in Vose's 1991 O(V)
    construction), built once in ``__init__``: column i of V equal columns
    of width 1 / V holds word i up to height ``threshold[i]`` and word
    ``alias[i]`` above it. One uniform u per draw picks the column
    i = floor(u V) and, from the fractional part f = u V - i, the word
    (i if f < threshold[i] else alias[i]). Word w thus has probability

        (threshold[w] + sum over columns j with alias[j] = w of (1 - threshold[j])) / V  =  P_n(w)

    (:meth:`alias_probs` computes the left side; the tests check it equals
    ``probs``). A draw is O(1) and reads two table entries, vectorized over
    the whole (B, k) batch; the earlier inverse CDF (``searchsorted``)
    needed a binary search of a V-entry table per draw, about 7x slower.

    A draw equal to its row's target is redrawn, so each negative follows
    the conditional distribution (NS-redraw)

        P_n(w | w != target) = P_n(w) / (1 - P_n(target))   for w != target,

    and every row has exactly k negatives (exact rejection sampling). The
    redraw goes straight to that conditional distribution (a uniform over
    the CDF with the target's interval cut out, one ``searchsorted`` for the
    few clashing draws), so a dominant target does not need many rounds:
    P(w) = P_n(w) + P_n(target) P_n(w) / (1 - P_n(target)) is exactly the
    conditional. The C tool instead skips such a draw, so its step may use
    fewer than k negatives. A row may still repeat a negative.

    Attributes
    ----------
    probs : (V,) float64
        P_n(w), sums to 1.
    """

    def __init__(self, counts: np.ndarray, power: float = 0.75) -> None:
        """
        Parameters
        ----------
        counts : (V,) int or float >= 0
            Word counts (``vocab.counts``). Words with count 0 are never drawn.
        power : float
            The exponent (gensim's ``ns_exponent``); 0 draws every word equally often,
            a negative one draws rare words more often than frequent ones.

        Raises
        ------
        ConfigError
            Fewer than two words with a positive count (a target would have no
            possible negative), a negative count, or a power that is not finite.
        """
        counts = np.asarray(counts, dtype=np.float64)
        if not np.isfinite(power):
            raise ConfigError(f"the noise power must be a finite number, got {power!r}")
        if counts.ndim != 1 or np.any(~np.isfinite(counts)) or np.any(counts < 0):
            raise ConfigError("noise counts must be a 1-D array of finite non-negative numbers")
        if np.count_nonzero(counts) < 2:
            raise ConfigError(
                "negative sampling needs at least 2 words with a positive count, "
                f"got {np.count_nonzero(counts)}; use a larger corpus or a lower min_count"
            )
        # count**power, scaled by the largest one (computed through logs): 7**400 overflows float64,
        # and inf / inf would make every probability NaN. The scale cancels in the normalisation.
        seen = counts > 0
        log_w = np.where(seen, power * np.log(np.where(seen, counts, 1.0)), -np.inf)  # (V,)
        weights = np.exp(log_w - log_w.max())  # (V,) count**power / max count**power, 0 for unseen
        if np.count_nonzero(weights) < 2:
            raise ConfigError(
                f"the noise power {power:g} puts all the noise on the most frequent word (the others' "
                "count**power is below 1e-308 of its own), leaving no negative for that word; "
                "use a smaller --ns-power (the usual one is 0.75)"
            )
        self.power = float(power)
        self.probs = weights / weights.sum()  # (V,) P_n
        cdf = np.cumsum(self.probs)
        self._hi = cdf / cdf[-1]  # (V,) word w owns the interval [lo[w], hi[w]) of [0, 1)
        self._lo = np.concatenate(([0.0], self._hi[:-1]))  # (V,)
        self._last = int(np.flatnonzero(weights)[-1])  # the last word that can be drawn
        self._threshold, self._alias = _alias_table(self.probs)  # (V,) float64, (V,) intp

    def __len__(self) -> int:
        return len(self.probs)

    def alias_probs(self) -> np.ndarray:
        """The probabilities the alias table draws with, (V,) float64: equals ``probs`` up to rounding."""
        n = len(self._threshold)
        implied = self._threshold.copy()  # (V,) each column's own word
        np.add.at(implied, self._alias, 1.0 - self._threshold)  # plus the top of every column aliased to it
        return implied / n

    def draw(self, shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
        """Draws from P_n with nothing excluded, an int32 array of ``shape``; the caller handles clashes.

        For negatives shared by several targets (the fast CBOW kernels), where
        no single target can be excluded: there a negative equal to a target
        is skipped for that target, as the C tool does.
        """
        if any(int(n) != n or n < 0 for n in shape):
            raise ConfigError(f"the shape of a draw must be whole numbers >= 0, got {shape!r}")
        return self._draw(tuple(int(n) for n in shape), rng).astype(np.int32)

    def _draw(self, shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
        """Draws from P_n by the alias table, one ``rng.random(shape)`` call -> intp array of ``shape``."""
        n = len(self._threshold)
        scaled = rng.random(shape) * n  # uniform on [0, V)
        column = scaled.astype(np.intp)  # floor: the column
        np.minimum(column, n - 1, out=column)  # u V may round up to V
        height = scaled - column  # uniform on [0, 1) within the column
        return np.where(height < self._threshold[column], column, self._alias[column])

    def _lookup(self, u: np.ndarray) -> np.ndarray:
        """Inverse CDF: the word whose interval contains each u in [0, 1)."""
        return np.minimum(np.searchsorted(self._hi, u, side="right"), self._last)

    def _draw_excluding(self, targets: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """One draw per entry from P_n(w | w != target), targets (M,) -> (M,)."""
        lo, width = self._lo[targets], self._hi[targets] - self._lo[targets]  # (M,) the target's interval
        u = rng.random(len(targets)) * (1.0 - width)  # (M,) uniform over the other words' mass
        u = np.where(u < lo, u, u + width)  # jump over the target's interval
        out = self._lookup(u)
        dominant = 1.0 - width < 1e-9  # the target holds almost all the mass (a huge power): the CDF
        for t in np.unique(targets[dominant]):  # cannot resolve the others, so renormalise them exactly
            rest = self.probs.copy()
            rest[t] = 0.0
            where = np.flatnonzero(dominant & (targets == t))
            out[where] = rng.choice(len(rest), size=len(where), p=rest / rest.sum())
        return out

    def sample(self, targets: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
        """Draw k negatives per target, never equal to that target.

        Parameters
        ----------
        targets : (B,) int
            The positive word of each example, ids in [0, V).
        k : int >= 0
            Negatives per example (C tool default 5).
        rng : numpy.random.Generator

        Returns
        -------
        (B, k) int32
            ``negatives[b, j] != targets[b]``, each drawn from P_n(w | w != targets[b]).
        """
        targets = np.asarray(targets)
        if targets.ndim != 1:
            raise ConfigError(f"targets must be a 1-D array of word ids, got shape {targets.shape}")
        if len(targets) and (targets.min() < 0 or targets.max() >= len(self.probs)):
            raise ConfigError(f"targets must be word ids in [0, {len(self.probs)})")
        if int(k) != k or k < 0:
            raise ConfigError(f"the number of negatives must be a non-negative integer, got {k!r}")
        negatives = self._draw((len(targets), k), rng)  # (B, k) from P_n
        row_target = np.broadcast_to(targets[:, None], negatives.shape)  # (B, k)
        clash = negatives == row_target  # (B, k)
        while clash.any():  # one round almost always; more only on floating-point edge cases
            negatives[clash] = self._draw_excluding(row_target[clash], rng)
            clash = negatives == row_target
        return negatives.astype(np.int32)
