"""The model: an architecture and an objective composed, and its parameters.

Parameters: W_in (V x D), the input vectors (the word vectors users keep),
and W_out (n_out x D), the output vectors stored as rows (W' of the docs is
W_out^T). n_out is V for the softmax and negative sampling, V - 1 for
hierarchical softmax (objective.n_outputs(V)).

Equations (tags cited by docs/math.md):

(MODEL-loss)  L = sum over the batch of the objective's per-example loss,
              with h from the architecture: (SG-h) or (CBOW-h)
(MODEL-chain) dL/dW_out from the objective ((SM-grad), (HS-grad), (NS-grad));
              dL/dW_in = architecture backward of dL/dh ((SG-grad), (CBOW-grad))
(SCATTER)     dW[r] = sum of every contribution i with rows[i] == r

The gradients come back sparse: the rows that were touched and one
gradient row per contribution (rows repeat when a word occurs twice in a
batch). :func:`scatter_add` is the one place where repeats are summed;
:func:`dense_grads` does that into zero matrices, for checks and teaching.
"""

from typing import NamedTuple

import numpy as np

from ..errors import ConfigError
from .batch import Batch


class Grads(NamedTuple):
    """Sparse gradients of a batch loss (rows may repeat; sum them with scatter_add).

    in_rows : (M_in,) int; dW_in_rows : (M_in, D) contributions to dL/dW_in[in_rows]
    out_rows : (M_out,) int; dW_out_rows : (M_out, D) contributions to dL/dW_out[out_rows]
    """

    in_rows: np.ndarray
    dW_in_rows: np.ndarray
    out_rows: np.ndarray
    dW_out_rows: np.ndarray


def init_params(V: int, n_out: int, D: int, rng, dtype=np.float32) -> tuple[np.ndarray, np.ndarray]:
    """Initial parameters, following the original C tool.

    W_in uniform on [-0.5, 0.5) / D, W_out all zeros.

    Parameters
    ----------
    V : int, vocabulary size (>= 2)
    n_out : int, rows of W_out (objective.n_outputs(V))
    D : int, vector size (>= 1)
    rng : numpy Generator (or a seed)
    dtype : float32 (training, default) or float64 (checks)

    Returns
    -------
    W_in : (V, D) dtype
    W_out : (n_out, D) dtype
    """
    if V < 2 or n_out < 1 or D < 1:
        raise ConfigError(f"init_params needs V >= 2, n_out >= 1 and D >= 1, got V={V}, n_out={n_out}, D={D}")
    dtype = np.dtype(dtype)
    if dtype not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise ConfigError(f"parameters must be float32 or float64, got {dtype}")
    rng = np.random.default_rng(rng)
    W_in = rng.random((V, D), dtype=dtype)  # uniform [0, 1), drawn directly in dtype
    W_in -= 0.5
    W_in /= D
    return W_in, np.zeros((n_out, D), dtype=dtype)


def scatter_add(M: np.ndarray, rows: np.ndarray, values: np.ndarray) -> np.ndarray:
    """M[rows[i]] += values[i] for every i, summing repeated rows. Equation (SCATTER).

    ``M[rows] += values`` would be wrong: with a repeated row, NumPy's
    buffered fancy-index assignment keeps only the last contribution.
    This uses the unbuffered ``np.add.at`` on the flattened matrix (indices
    row * D + column). On this project's machines it measured 1.4-7x faster
    than ``np.add.at`` on the 2-D matrix (the most when rows repeat, as they
    do in word2vec batches). When D is even and M is float32 or float64, each
    pair of neighbouring floats is viewed as one complex number: complex
    addition adds the real and the imaginary parts separately, which is
    exactly the two float additions, and halves the number of elements
    ``np.add.at`` walks through (its per-element cost dominates; see
    docs/performance.md on summing repeated rows). A non-contiguous M,
    whose flattened form would be a copy, falls back to the 2-D form.

    Parameters
    ----------
    M : (R, D) float, updated in place
    rows : (N,) int, values in 0..R-1, may repeat
    values : (N, D) float

    Returns
    -------
    M (the same object).
    """
    rows = np.asarray(rows, dtype=np.intp)
    if not M.flags.c_contiguous:
        np.add.at(M, rows, values)
        return M
    D = M.shape[1]
    values = np.ascontiguousarray(values, dtype=M.dtype)
    flat = M.reshape(-1)  # a view: M is C-contiguous
    if D % 2 == 0 and M.dtype in (np.float32, np.float64):
        flat = M.view(np.complex64 if M.dtype == np.float32 else np.complex128).reshape(-1)
        values = values.view(flat.dtype)  # (N, D / 2): neighbouring pairs as one complex number
        D //= 2
    flat_index = (rows[:, None] * D + np.arange(D)).reshape(-1)  # (N * D,) entry of flat for each value
    np.add.at(flat, flat_index, values.reshape(-1))
    return M


def loss_and_grads(
    W_in: np.ndarray,
    W_out: np.ndarray,
    batch: Batch,
    arch,
    objective,
    negatives: np.ndarray | None = None,
) -> tuple[float, Grads]:
    """Loss of a batch and its sparse gradients. Equations (MODEL-loss), (MODEL-chain).

    Parameters
    ----------
    W_in : (V, D) float
    W_out : (n_out, D) float, same dtype
    batch : Batch
    arch : SkipGram or CBOW
    objective : Softmax, HierarchicalSoftmax or NegativeSampling
    negatives : (B, k) int for negative sampling (objective.draw), else None

    Returns
    -------
    loss : float, summed over the batch
    Grads : rows and per-contribution gradients for W_in and W_out, in the
        parameters' dtype. Nothing is updated.
    """
    h, arch_cache = arch.forward(W_in, batch)  # (B, D)
    loss, obj_cache = objective.forward(W_out, h, batch.targets, negatives)
    dh, out_rows, dW_out_rows = objective.backward(obj_cache)  # (B, D), (M_out,), (M_out, D)
    in_rows, dW_in_rows = arch.backward(dh, arch_cache)  # (M_in,), (M_in, D)
    return loss, Grads(in_rows, dW_in_rows, out_rows, dW_out_rows)


def batch_loss(W_in, W_out, batch: Batch, arch, objective, negatives=None) -> float:
    """The loss of :func:`loss_and_grads` alone (forward passes only); for gradient checks."""
    h, _ = arch.forward(W_in, batch)
    loss, _ = objective.forward(W_out, h, batch.targets, negatives)
    return loss


def dense_grads(
    W_in: np.ndarray,
    W_out: np.ndarray,
    batch: Batch,
    arch,
    objective,
    negatives: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Full gradient matrices of the batch loss, repeats summed. Equation (SCATTER).

    Parameters: as :func:`loss_and_grads`.

    Returns
    -------
    dW_in : (V, D) = dL/dW_in, zero in rows the batch did not touch
    dW_out : (n_out, D) = dL/dW_out
    """
    _, g = loss_and_grads(W_in, W_out, batch, arch, objective, negatives)
    dW_in = scatter_add(np.zeros_like(W_in), g.in_rows, g.dW_in_rows)
    dW_out = scatter_add(np.zeros_like(W_out), g.out_rows, g.dW_out_rows)
    return dW_in, dW_out
