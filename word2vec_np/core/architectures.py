"""Skip-gram and CBOW: how the input vectors become the hidden layer h, and back.

The input vectors are the rows of W_in (V x D): word w's input vector is
v_w = W_in[w]. An architecture reads rows of W_in to make one hidden vector
per example; the objective (objectives/) turns h into a loss. Backward, an
architecture receives dL/dh and says which rows of W_in get which gradient.

Equations (tags cited by docs/math.md), for example b with input ids
x_1..x_C (C = n_context[b]):

(SG-h)       h = v_x                      skip-gram: one input word, C = 1
(SG-grad)    dL/dv_x = dL/dh
(CBOW-h)     h = (1/C) sum_c v_{x_c}      the mean of the context vectors
(CBOW-grad)  dL/dv_{x_c} += (1/C) dL/dh   exact, for each c
(CBOW-ctool) dL/dv_{x_c} += dL/dh         the original C tool's rule (no 1/C)

A word that appears twice in a context is two terms of the mean, so it gets
two contributions; backward returns one row per contribution and the
scatter-add in model.py sums them.

Why the two CBOW rules differ. (CBOW-grad) is the gradient of the loss;
(CBOW-ctool) is the gradient of C times the loss wrt each context row, i.e.
the C tool's CBOW moves every context vector C times further than the exact
gradient would, a per-row learning rate C times larger (while W_out gets the
plain gradient). Training may use either; the gradient checks test the exact
one, because only it is the derivative of the loss the objective reports.
"""

from dataclasses import dataclass

import numpy as np

from ..errors import ConfigError
from .batch import Batch, segment_sum


@dataclass(frozen=True, eq=False)
class _SGCache:
    rows: np.ndarray  # (B,) input word of each example


@dataclass(frozen=True, eq=False)
class _CBOWCache:
    rows: np.ndarray  # (M,) the real context ids, example by example
    n_context: np.ndarray  # (B,)


class SkipGram:
    """Skip-gram: the hidden vector is the input vector of one word. Equations (SG-h), (SG-grad).

    The batch has C == 1 (see Batch.from_pairs). In this project's pairs the
    input word is the context word and the target is the centre word (the C
    tool's direction); the math is the same either way.
    """

    name = "skipgram"

    def forward(self, W_in: np.ndarray, batch: Batch) -> tuple[np.ndarray, _SGCache]:
        """h = W_in[input word]. Equation (SG-h).

        Parameters
        ----------
        W_in : (V, D) float
        batch : Batch with n_context all 1 (only contexts[:, 0] is read)

        Returns
        -------
        h : (B, D), a copy in W_in's dtype
        cache : for :meth:`backward`
        """
        if batch.contexts.shape[0] and batch.n_context.max() != 1:
            raise ConfigError(
                "skip-gram takes one input word per example; build the batch with Batch.from_pairs"
            )
        rows = batch.contexts[:, 0]  # (B,)
        return W_in[rows], _SGCache(rows)

    def backward(self, dh: np.ndarray, cache: _SGCache) -> tuple[np.ndarray, np.ndarray]:
        """Gradient rows for W_in. Equation (SG-grad).

        Parameters
        ----------
        dh : (B, D) dL/dh

        Returns
        -------
        rows : (B,) input word ids (may repeat)
        dW_in_rows : (B, D) = dh
        """
        return cache.rows, dh


class CBOW:
    """Continuous bag of words: the hidden vector is the mean of the context vectors.

    Equations (CBOW-h) and (CBOW-grad), or (CBOW-ctool) when
    ``c_tool_gradient`` is True.

    Parameters
    ----------
    c_tool_gradient : bool
        False (default): the exact gradient, dh / C to each context row.
        True: the original C tool's rule, the undivided dh to each context
        row (C times the exact gradient; see the module docstring). The
        tests check the exact gradient.
    """

    name = "cbow"

    def __init__(self, c_tool_gradient: bool = False):
        self.c_tool_gradient = bool(c_tool_gradient)

    def forward(self, W_in: np.ndarray, batch: Batch) -> tuple[np.ndarray, _CBOWCache]:
        """h_b = mean of the n_context[b] real context rows. Equation (CBOW-h).

        Parameters
        ----------
        W_in : (V, D) float
        batch : Batch (B, C) contexts; padding is never read

        Returns
        -------
        h : (B, D) in W_in's dtype
        cache : for :meth:`backward`
        """
        rows = batch.contexts[batch.real_mask()]  # (M,) real context ids, example by example
        n = batch.n_context
        h = segment_sum(W_in[rows], n)  # (M, D) -> (B, D) sum of each example's rows
        h /= n.astype(h.dtype)[:, None]  # mean; the cast keeps float32 float32
        return h, _CBOWCache(rows, n)

    def backward(self, dh: np.ndarray, cache: _CBOWCache) -> tuple[np.ndarray, np.ndarray]:
        """Gradient rows for W_in, one per real context entry. Equation (CBOW-grad) or (CBOW-ctool).

        Parameters
        ----------
        dh : (B, D) dL/dh

        Returns
        -------
        rows : (M,) context ids, M = n_context.sum() (may repeat)
        dW_in_rows : (M, D): dh[b] / n_context[b] (exact) or dh[b] (C tool) for each of example b's rows
        """
        n = cache.n_context
        per_row = dh if self.c_tool_gradient else dh / n.astype(dh.dtype)[:, None]  # (B, D)
        return cache.rows, np.repeat(per_row, n, axis=0)  # (M, D)


#: The architectures by name: the one table of architecture names (TrainConfig and the command line read it).
NAMES = (SkipGram.name, CBOW.name)


def make_architecture(name: str, *, c_tool_gradient: bool = False):
    """SkipGram() for "skipgram", CBOW(c_tool_gradient) for "cbow" (the names of :data:`NAMES`, nothing else).

    ``c_tool_gradient`` is CBOW's rule (see :class:`CBOW`); skip-gram has one input word, so one rule.
    """
    if name == SkipGram.name:
        return SkipGram()
    if name == CBOW.name:
        return CBOW(c_tool_gradient=c_tool_gradient)
    raise ConfigError(f"unknown architecture {name!r}; choose one of {', '.join(NAMES)}")
