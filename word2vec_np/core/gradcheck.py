"""Gradient checking: compare an analytic gradient with finite differences.

Every backward pass in word2vec_np is tested against these functions.

Equations (tags cited by docs/math.md):

(GC-central)  df/dx_i ~ (f(x + eps e_i) - f(x - eps e_i)) / (2 eps)
              error O(eps^2) from truncation plus about |f| * 1e-16 / eps
              from rounding, so it runs in float64 with eps about 1e-5.
(GC-rel)      rel(a, n) = |a - n| / max(floor, |a| + |n|),  floor = 1e-8
(GC-dir)      <grad f(x), v> ~ (f(x + eps v) - f(x - eps v)) / (2 eps)
              for a random unit direction v: one check of the whole
              gradient at the cost of two evaluations, for matrices too
              large to perturb entry by entry (eps about 1e-4 there).

Pass criterion (one per entry, or one per direction): the relative error
(GC-rel) is at most ``rtol`` (1e-6 by default), OR the absolute error
|a - n| is at most ``atol`` (1e-8 by default). The absolute escape is for
entries whose true derivative is (near) zero: there the numerical estimate
is rounding noise of about |f| * 1e-16 / eps, and a relative error of noise
means nothing. A wrong gradient of any noticeable size fails both tests.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..errors import ConfigError


@dataclass(frozen=True)
class CheckResult:
    """Outcome of a gradient check; ``bool(result)`` is ``result.passed``.

    Attributes
    ----------
    passed : bool
    worst_error : float
        Relative error (GC-rel) of the worst entry: the one closest to
        failing (or furthest past it), i.e. with the largest
        min(rel / rtol, |a - n| / atol).
    where : tuple[int, ...] | None
        Index of the worst entry; for a directional check, of the worst
        direction.
    analytic, numerical : float
        The two values at ``where``.
    max_abs_error : float
        Largest |a - n| over all entries.
    n_checked : int
        Entries (or directions) compared.
    n_failed : int
        How many of them failed.
    label : str
        What was checked, for messages.
    """

    passed: bool
    worst_error: float
    where: tuple | None
    analytic: float
    numerical: float
    max_abs_error: float
    n_checked: int
    n_failed: int
    label: str = "gradient"

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        return (
            f"{verdict} {self.label}: {self.n_failed} of {self.n_checked} failed; worst relative error "
            f"{self.worst_error:.3g} at {self.where} (analytic {self.analytic:.10g}, numerical "
            f"{self.numerical:.10g}); max absolute error {self.max_abs_error:.3g}"
        )


def relative_error(a, n, floor: float = 1e-8) -> np.ndarray:
    """Entrywise |a - n| / max(floor, |a| + |n|). Equation (GC-rel).

    Parameters
    ----------
    a, n : (...) float, the same shape (analytic and numerical values)

    Returns
    -------
    (...) float64, in [0, 1].
    """
    a = np.asarray(a, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    return np.abs(a - n) / np.maximum(floor, np.abs(a) + np.abs(n))


def _require_float64(x: np.ndarray, what: str) -> None:
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise ConfigError(
            f"{what} must be a float64 NumPy array (finite differences in float32 are too coarse); "
            "convert it with x.astype(np.float64)"
        )


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """Central-difference gradient of f at x, entry by entry. Equation (GC-central).

    Each entry x[i] is set to x[i] + eps, then x[i] - eps, f is called on
    x (the same array object, changed in place) and x[i] is restored to its
    exact old value, even if f raises. On return x is bit-for-bit unchanged.

    Parameters
    ----------
    f : callable, f(x) -> float; must be deterministic (pass sampled
        negatives in rather than drawing them inside f)
    x : (...) float64, perturbed in place and restored
    eps : float, the step

    Returns
    -------
    (...) float64, the same shape as x.
    """
    _require_float64(x, "numerical_gradient's x")
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        try:
            x[i] = old + eps
            f_plus = f(x)
            x[i] = old - eps
            f_minus = f(x)
        finally:
            x[i] = old
        grad[i] = (f_plus - f_minus) / (2.0 * eps)
    return grad


def compare(
    analytic, numerical, *, rtol: float = 1e-6, atol: float = 1e-8, label: str = "gradient"
) -> CheckResult:
    """Entrywise pass/fail of an analytic against a numerical gradient (criterion: module docstring).

    Parameters
    ----------
    analytic, numerical : (...) float, the same shape

    Returns
    -------
    CheckResult
    """
    a = np.asarray(analytic, dtype=np.float64)
    n = np.asarray(numerical, dtype=np.float64)
    if a.shape != n.shape:
        raise ConfigError(
            f"analytic gradient has shape {a.shape} but the numerical one {n.shape}; they must match"
        )
    if a.size == 0:
        return CheckResult(True, 0.0, None, 0.0, 0.0, 0.0, 0, 0, label)
    rel = relative_error(a, n)
    abs_err = np.abs(a - n)
    with np.errstate(divide="ignore", invalid="ignore"):  # rtol or atol may be 0
        # how far each entry is from failing: <= 1 passes (rel <= rtol or abs <= atol)
        score = np.minimum(np.where(rel > 0, rel / rtol, 0.0), np.where(abs_err > 0, abs_err / atol, 0.0))
    where = tuple(int(i) for i in np.unravel_index(int(np.argmax(score)), a.shape))
    return CheckResult(
        passed=bool(np.all(score <= 1.0)),
        worst_error=float(rel[where]),
        where=where,
        analytic=float(a[where]),
        numerical=float(n[where]),
        max_abs_error=float(abs_err.max()),
        n_checked=int(a.size),
        n_failed=int(np.sum(score > 1.0)),
        label=label,
    )


def check_gradient(
    f: Callable[[np.ndarray], float],
    x: np.ndarray,
    analytic: np.ndarray,
    *,
    eps: float = 1e-5,
    rtol: float = 1e-6,
    atol: float = 1e-8,
    label: str = "gradient",
) -> CheckResult:
    """Check ``analytic`` (the claimed df/dx at x) against :func:`numerical_gradient`, entry by entry.

    Parameters
    ----------
    f : callable f(x) -> float, deterministic
    x : (...) float64, perturbed in place and restored
    analytic : (...) the claimed gradient, same shape as x

    Returns
    -------
    CheckResult (GC-central, GC-rel).
    """
    return compare(analytic, numerical_gradient(f, x, eps), rtol=rtol, atol=atol, label=label)


def directional_check(
    f: Callable[[np.ndarray], float],
    x: np.ndarray,
    grad: np.ndarray,
    rng: np.random.Generator,
    *,
    n_directions: int = 3,
    eps: float = 1e-4,
    rtol: float = 1e-6,
    atol: float = 1e-8,
    label: str = "directional derivative",
) -> CheckResult:
    """Check a whole gradient along random directions. Equation (GC-dir).

    For each of ``n_directions`` directions v (standard normal entries,
    scaled to unit length), compares <grad, v> with
    (f(x + eps v) - f(x - eps v)) / (2 eps). x is changed in place during
    the evaluations and restored exactly afterwards (even if f raises).

    The default step is larger than for single entries (1e-4): the large
    functions this check is for have a large |f|, so rounding
    (about |f| * 1e-16 / eps) dominates the O(eps^2) truncation error.

    Parameters
    ----------
    f : callable f(x) -> float, deterministic
    x : (...) float64
    grad : (...) the claimed gradient, same shape as x
    rng : numpy Generator for the directions

    Returns
    -------
    CheckResult over the n_directions pairs of directional derivatives
    (``where`` is the index of the worst direction).
    """
    _require_float64(x, "directional_check's x")
    grad = np.asarray(grad, dtype=np.float64)
    if grad.shape != x.shape:
        raise ConfigError(f"grad has shape {grad.shape} but x has {x.shape}; they must match")
    old = x.copy()
    analytic = np.empty(n_directions)
    numerical = np.empty(n_directions)
    try:
        for j in range(n_directions):
            v = rng.standard_normal(x.shape)
            v /= np.linalg.norm(v) or 1.0
            analytic[j] = np.sum(grad * v)
            np.add(old, eps * v, out=x)
            f_plus = f(x)
            np.subtract(old, eps * v, out=x)
            f_minus = f(x)
            numerical[j] = (f_plus - f_minus) / (2.0 * eps)
            x[...] = old
    finally:
        x[...] = old
    return compare(analytic, numerical, rtol=rtol, atol=atol, label=label)
