"""Negative sampling: tell the target apart from k noise words.

For each example the target o is a positive (label 1) and k words drawn from
the noise distribution are negatives (label 0); each is a logistic
regression on its score u_w . h. The negatives are drawn outside the loss by
:meth:`NegativeSampling.draw` (with the NoiseSampler of sampling.py) and
passed in, so the loss is a deterministic function of its inputs.

Notation for one example: z_o = u_o . h, z_k = u_{n_k} . h for the k
negatives n_1..n_k (they may repeat).

Equations (tags cited by docs/math.md):

(NS-noise) P_n(w) = count_w ** 0.75 / sum_v count_v ** 0.75  (sampling.py)
(NS-loss)  L = -log s(z_o) - sum_k log s(-z_k)
(NS-grad)  g_o = s(z_o) - 1 = -s(-z_o)        dL/dz_o
           g_k = s(z_k)                        dL/dz_k
           dL/dh = g_o u_o + sum_k g_k u_{n_k}
           dL/du_o = g_o h,   dL/du_{n_k} = g_k h
           A word drawn twice is two terms of the loss, so its two gradients
           add up (the scatter-add in model.py sums them).

log s is computed stably (base.log_sigmoid), so scores of any size give a
finite loss and no overflow. (The C tool instead clamps at |z| > 6.)
"""

from dataclasses import dataclass

import numpy as np

from ...errors import ConfigError
from .base import Objective, log_sigmoid, sigmoid, total


@dataclass(frozen=True, eq=False)
class _NSCache:
    h: np.ndarray  # (B, D)
    rows: np.ndarray  # (B + B*k,) targets, then negatives row by row
    u_o: np.ndarray  # (B, D)
    U_neg: np.ndarray  # (B, k, D)
    z_o: np.ndarray  # (B,)
    z_neg: np.ndarray  # (B, k)


class NegativeSampling(Objective):
    """Negative sampling with k negatives per example: n_out = V rows of W_out.

    Parameters
    ----------
    negative : int
        k, negatives per example (>= 1).
    noise : object with ``sample(targets, k, rng) -> (B, k) int32``, optional
        The noise sampler :meth:`draw` uses, normally
        ``word2vec_np.core.sampling.NoiseSampler(counts, power)`` (see
        :func:`word2vec_np.core.objectives.make_objective`). Only :meth:`draw`
        needs it; forward and backward take the negatives as an argument.
    """

    name = "ns"

    def __init__(self, negative: int = 5, noise=None):
        if int(negative) < 1:
            raise ConfigError(f"negative must be at least 1, got {negative}; use 5 to 20 for small corpora")
        self.negative = int(negative)
        self.noise = noise

    @classmethod
    def rows_for(cls, V: int) -> int:
        """V: one output vector per word."""
        return int(V)

    def draw(self, targets, rng):
        """Negatives for a batch: (B, k) int32 from the noise sampler, never equal to the row's target.

        Parameters
        ----------
        targets : (B,) int
        rng : numpy Generator
        """
        if self.noise is None:
            raise ConfigError(
                "this NegativeSampling has no noise sampler; build it with make_objective('ns', counts) "
                "or pass noise=NoiseSampler(counts)"
            )
        return self.noise.sample(targets, self.negative, rng)

    def forward(self, W_out, h, targets, negatives=None):
        """Batch loss sum_b [-log s(z_o) - sum_k log s(-z_k)]. Equation (NS-loss).

        Parameters
        ----------
        W_out : (V, D) float
        h : (B, D) float
        targets : (B,) int
        negatives : (B, k) int
            Negative word ids (from :meth:`draw`); duplicates allowed.

        Returns
        -------
        loss : float
        cache : for :meth:`backward`.
        """
        if negatives is None:
            raise ConfigError(
                "negative sampling needs the negatives: pass negatives=objective.draw(targets, rng), "
                "shape (B, k)"
            )
        targets = np.asarray(targets)
        negatives = np.asarray(negatives)
        if negatives.ndim != 2 or negatives.shape[0] != targets.shape[0]:
            raise ConfigError(f"negatives must have shape ({targets.shape[0]}, k), got {negatives.shape}")
        u_o = W_out[targets]  # (B, D)
        U_neg = W_out[negatives]  # (B, k, D)
        z_o = np.einsum("bd,bd->b", u_o, h)  # (B,)
        z_neg = np.einsum("bkd,bd->bk", U_neg, h)  # (B, k)
        loss = -total(log_sigmoid(z_o)) - total(log_sigmoid(-z_neg))  # (NS-loss)
        rows = np.concatenate([targets.reshape(-1), negatives.reshape(-1)])
        return loss, _NSCache(h, rows, u_o, U_neg, z_o, z_neg)

    def backward(self, cache):
        """Gradients wrt h, the targets' and the negatives' rows. Equation (NS-grad).

        Returns
        -------
        dh : (B, D) = g_o u_o + sum_k g_k u_{n_k}
        rows : (B + B*k,) targets, then the negatives row by row (duplicates kept)
        dW_out_rows : (B + B*k, D) = g_o h for the targets, g_k h for the negatives
        """
        h = cache.h
        g_o = -sigmoid(-cache.z_o)  # (B,) = s(z_o) - 1, without cancellation
        g_neg = sigmoid(cache.z_neg)  # (B, k)
        dh = g_o[:, None] * cache.u_o + np.einsum("bk,bkd->bd", g_neg, cache.U_neg)  # (B, D)
        d_neg = g_neg[:, :, None] * h[:, None, :]  # (B, k, D)
        dW_out_rows = np.concatenate([g_o[:, None] * h, d_neg.reshape(-1, h.shape[1])])  # (B + B*k, D)
        return dh, cache.rows, dW_out_rows
