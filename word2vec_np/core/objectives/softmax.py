"""The full softmax: exact, O(V) per example.

Every word w has an output vector u_w = W_out[w]; the probability of the
target o given the hidden vector h is a softmax over all V scores.

Equations (tags cited by docs/math.md):

(SM-scores)  z_w = u_w . h                     for every word w; z = W_out h, (V,)
(SM-prob)    p_w = exp(z_w - m) / sum_v exp(z_v - m),   m = max_v z_v
(SM-loss)    L = -log p_o = log sum_v exp(z_v - m) + m - z_o
(SM-grad)    e = p - onehot(o)                 (V,) prediction error
             dL/dh = sum_w e_w u_w = W_out^T e
             dL/du_w = e_w h                   for every w (all V rows)

Subtracting the row maximum m changes nothing mathematically and keeps every
exp argument <= 0, so nothing overflows and the sum is >= 1 (no log(0)).
Probabilities far below the largest one (z_w - m < -745 in float64) underflow
to 0, which is their correctly rounded value; NumPy ignores underflow by
default, and the loss uses the log-sum-exp directly, so it stays exact.
"""

from dataclasses import dataclass

import numpy as np

from ...errors import ConfigError
from .base import Objective, total


@dataclass(frozen=True, eq=False)
class _SoftmaxCache:
    W_out: np.ndarray  # (V, D)
    h: np.ndarray  # (B, D)
    targets: np.ndarray  # (B,)
    p: np.ndarray  # (B, V) probabilities


def _softmax_parts(W_out: np.ndarray, h: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scores, max-shifted exponentials and their log-normalizer.

    Returns z (B, V) (SM-scores), ez (B, V) = exp(z - m) and
    logZ (B,) = log sum_v exp(z_v - m) + m, all in the inputs' dtype.
    """
    z = h @ W_out.T  # (B, D) @ (D, V) -> (B, V)
    m = z.max(axis=1, keepdims=True)  # (B, 1)
    ez = np.exp(z - m)  # (B, V), every entry in [0, 1], the largest 1
    logZ = np.log(ez.sum(axis=1)) + m[:, 0]  # (B,)
    return z, ez, logZ


class Softmax(Objective):
    """Full softmax over the V words: n_out = V rows of W_out."""

    name = "softmax"

    @classmethod
    def rows_for(cls, V: int) -> int:
        """V: one output vector per word."""
        return int(V)

    def probabilities(self, W_out: np.ndarray, h: np.ndarray) -> np.ndarray:
        """p(w | h) for every word. Equation (SM-prob).

        Parameters
        ----------
        W_out : (V, D) float
        h : (B, D) float

        Returns
        -------
        (B, V), rows sum to 1.
        """
        _, ez, _ = _softmax_parts(W_out, h)
        return ez / ez.sum(axis=1, keepdims=True)

    def forward(self, W_out, h, targets, negatives=None):
        """Batch loss sum_b -log p(targets[b] | h[b]). Equations (SM-scores), (SM-prob), (SM-loss).

        Parameters
        ----------
        W_out : (V, D) float
        h : (B, D) float
        targets : (B,) int
        negatives : must be None (the softmax uses every word).

        Returns
        -------
        loss : float
        cache : for :meth:`backward` (holds p, (B, V)).
        """
        if negatives is not None:
            raise ConfigError("the softmax objective takes no negatives; pass negatives=None")
        targets = np.asarray(targets)
        z, ez, logZ = _softmax_parts(W_out, h)
        loss = total(logZ - z[np.arange(z.shape[0]), targets])  # (SM-loss)
        p = ez / ez.sum(axis=1, keepdims=True)  # (B, V) (SM-prob)
        return loss, _SoftmaxCache(W_out, h, targets, p)

    def backward(self, cache):
        """Gradients wrt h and every row of W_out. Equation (SM-grad).

        Returns
        -------
        dh : (B, D) = e W_out
        rows : (V,) = 0..V-1
        dW_out_rows : (V, D) = e^T h, with e = p - onehot(targets), (B, V)
        """
        e = cache.p.copy()  # (B, V)
        e[np.arange(e.shape[0]), cache.targets] -= 1.0
        dh = e @ cache.W_out  # (B, V) @ (V, D) -> (B, D)
        dW_out = e.T @ cache.h  # (V, B) @ (B, D) -> (V, D), summed over the batch
        return dh, np.arange(cache.W_out.shape[0]), dW_out
