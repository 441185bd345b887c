"""The interface every output objective follows, and its numerically stable helpers.

An objective turns hidden vectors h (one per example) into a loss and back
into gradients. Three objectives implement it: the full softmax
(softmax.py), hierarchical softmax (hierarchical.py) and negative sampling
(negative.py). The architectures and the trainer only ever call the methods
below, so changing the objective is one argument.

Equations (tags cited by docs/math.md):

(sigmoid)      s(x) = 1 / (1 + exp(-x)) = exp(x) / (1 + exp(x))
(log-sigmoid)  log s(x) = min(x, 0) - log(1 + exp(-|x|))
(sigmoid-grad) d/dx log s(x) = 1 - s(x) = s(-x)

Both helpers only ever exponentiate -|x| <= 0, so nothing overflows. The
argument of exp is floored at -500 in float64 (-60 in float32): beyond that
exp(-|x|) is far below the resolution of 1 in that dtype, so the results are
unchanged next to 1 (and off by less than 1e-217, resp. 1e-26, in absolute
terms next to 0), while no subnormal number is ever produced. The helpers
therefore run cleanly under ``np.errstate(all="raise")`` for any finite x.
"""

from typing import Any

import numpy as np

#: Smallest argument passed to exp, per float dtype (see the module docstring).
EXP_FLOOR = {np.dtype(np.float64): -500.0, np.dtype(np.float32): -60.0, np.dtype(np.float16): -8.0}


def exp_floor(x: np.ndarray) -> float:
    """The floor for exp's argument in x's dtype (-500.0 for float64)."""
    return EXP_FLOOR.get(np.result_type(x, np.float16), -500.0)


def _exp_neg_abs(x: np.ndarray) -> np.ndarray:
    """exp(-|x|) in x's dtype, without overflow and without subnormals."""
    return np.exp(np.maximum(-np.abs(x), exp_floor(x)))


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic sigmoid, elementwise and stable. Equation (sigmoid).

    Parameters
    ----------
    x : (...) float

    Returns
    -------
    (...) same dtype: 1 / (1 + e) for x >= 0 and e / (1 + e) for x < 0,
    with e = exp(-|x|) <= 1.
    """
    x = np.asarray(x)
    e = _exp_neg_abs(x)
    return np.where(x >= 0, 1.0, e) / (1.0 + e)


def log_sigmoid(x: np.ndarray) -> np.ndarray:
    """log s(x), elementwise and stable for large |x|. Equation (log-sigmoid).

    Parameters
    ----------
    x : (...) float

    Returns
    -------
    (...) same dtype, min(x, 0) - log1p(exp(-|x|)): about x for x << 0 and
    about -exp(-x) for x >> 0; never -inf or NaN for finite x.
    """
    x = np.asarray(x)
    return np.minimum(x, 0.0) - np.log1p(_exp_neg_abs(x))


def total(losses: np.ndarray) -> float:
    """Sum of per-example losses as a Python float, accumulated in float64.

    Parameters
    ----------
    losses : (B,) or (M,) float (float32 stays float32 in memory; only the
        running sum is float64, so a long float32 sum cannot saturate).
    """
    return float(np.sum(losses, dtype=np.float64))


class Objective:
    """The interface of an output objective (softmax, HS, NS).

    Shapes: B examples, D dimensions, n_out rows of W_out, M touched rows.

    Attributes
    ----------
    name : str
        "softmax", "hs" or "ns".
    """

    name: str = "objective"

    @classmethod
    def rows_for(cls, V: int) -> int:
        """Rows of W_out for a vocabulary of V words, known from the kind of objective alone
        (softmax, NS: V; HS: V - 1). The one place each objective says it."""
        raise NotImplementedError

    def n_outputs(self, V: int) -> int:
        """Rows of W_out for a vocabulary of V words (:meth:`rows_for`)."""
        return self.rows_for(V)

    def draw(self, targets: np.ndarray, rng: np.random.Generator) -> np.ndarray | None:
        """The randomness of one batch, drawn outside the loss.

        Parameters
        ----------
        targets : (B,) int
        rng : numpy Generator

        Returns
        -------
        NS: negatives (B, k) int32; softmax and HS: None. Pass the result to
        :meth:`forward` as ``negatives``; the loss itself is deterministic.
        """
        return None

    def forward(
        self, W_out: np.ndarray, h: np.ndarray, targets: np.ndarray, negatives: np.ndarray | None = None
    ) -> tuple[float, Any]:
        """Loss of the batch: the SUM over examples of the per-example loss.

        Parameters
        ----------
        W_out : (n_out, D) float
            Output vectors, one row per output unit.
        h : (B, D) float
            Hidden vectors.
        targets : (B,) int
            Word each example predicts.
        negatives : (B, k) int or None
            Only for negative sampling.

        Returns
        -------
        (loss, cache): loss a Python float, cache for :meth:`backward`.
        """
        raise NotImplementedError

    def backward(self, cache: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Gradient of the batch loss wrt h and wrt the rows of W_out it used.

        Returns
        -------
        dh : (B, D)
            d loss / d h.
        rows : (M,) int
            Rows of W_out touched; they may repeat.
        dW_out_rows : (M, D)
            d loss / d W_out[rows[i]] contribution i; the caller sums
            duplicates with a scatter-add (model.scatter_add).
        """
        raise NotImplementedError
