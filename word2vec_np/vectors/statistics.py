"""Correlations of two lists of scores: Pearson's r, Spearman's rho with tie-aware ranks, and the p-value.

Word-pair evaluation (:func:`word2vec_np.vectors.evaluation.evaluate_word_pairs`)
compares the model's cosines with human scores by these two numbers:

    r = sum_i (x_i - mean x)(y_i - mean y) / sqrt(sum_i (x_i - mean x)^2 sum_i (y_i - mean y)^2)   (Pearson)
    rho = r(rank(x), rank(y))                                                                       (Spearman)

where rank gives tied values the mean of the ranks they span. The p-value of
either is Student's t test of "no correlation", as SciPy (and so gensim)
reports it, computed here without SciPy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..errors import ConfigError


def rankdata(x: Sequence[float] | np.ndarray) -> np.ndarray:
    """1-based ranks of ``x``, tied values sharing the mean of the ranks they span.

    x : (n,) float -> (n,) float64.  rankdata([10, 20, 20, 30]) == [1, 2.5, 2.5, 4]
    """
    x = np.asarray(x, dtype=np.float64)
    n = len(x)
    order = np.argsort(x, kind="stable")
    xs = x[order]
    new = np.r_[True, xs[1:] != xs[:-1]]  # (n,) True where a run of equal values starts
    starts = np.flatnonzero(new)  # sorted positions where each run starts
    ends = np.r_[starts[1:], n]  # one past where it ends
    mean_rank = (starts + ends - 1) / 2 + 1  # mean of the 1-based ranks start+1 .. end
    ranks = np.empty(n, dtype=np.float64)
    ranks[order] = mean_rank[np.cumsum(new) - 1]  # each position gets its run's mean rank
    return ranks


def _paired(
    x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.ndim != 1 or x.shape != y.shape:
        raise ConfigError(
            f"a correlation needs two 1-D arrays of one length, not shapes {x.shape} and {y.shape}"
        )
    return x, y


def pearson(x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray) -> float:
    """Pearson's r, equation (Pearson); NaN with fewer than two values or a constant input.

    x, y : (n,) float
    """
    x, y = _paired(x, y)
    if len(x) < 2:
        return math.nan
    dx, dy = x - x.mean(), y - y.mean()
    denom = math.sqrt(float(dx @ dx) * float(dy @ dy))
    if denom == 0:
        return math.nan
    return float(np.clip((dx @ dy) / denom, -1.0, 1.0))


def spearman(x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray) -> float:
    """Spearman's rho with tie-aware ranks, equation (Spearman).

    x, y : (n,) float
    """
    x, y = _paired(x, y)
    return pearson(rankdata(x), rankdata(y))


def correlation_pvalue(r: float, n: int) -> float:
    """Two-sided p-value of a correlation ``r`` of ``n`` pairs under "no correlation".

    Student's t with n - 2 degrees of freedom, t^2 = r^2 (n - 2) / (1 - r^2): the
    p-value SciPy's ``pearsonr`` and ``spearmanr`` report (and gensim passes on).
    P(|T| >= |t|) = I_x(df / 2, 1 / 2) with x = df / (df + t^2) = 1 - r^2, the
    regularized incomplete beta function. NaN for n < 3 or a NaN r.
    """
    if n < 3 or math.isnan(r):
        return math.nan
    return _betainc((n - 2) / 2, 0.5, max(0.0, 1.0 - r * r))


def _betainc(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b), by its continued fraction (Lentz)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    if x > (a + 1) / (a + b + 2):  # the fraction converges fast below this point; use the symmetry
        return 1.0 - _betainc(b, a, 1.0 - x)
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    front = math.exp(log_front) / a
    tiny = 1e-300
    f, c, d = 1.0, 1.0, 0.0
    for i in range(400):
        m = i // 2
        if i == 0:
            step = 1.0
        elif i % 2 == 0:
            step = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        else:
            step = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
        d = 1.0 + step * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + step / c
        c = c if abs(c) > tiny else tiny
        f *= c * d
        if abs(1.0 - c * d) < 1e-15:
            break
    return front * (f - 1.0)
