"""The literal word2vec network, written with one-hot vectors and dense matrices.

This is the picture from the papers and textbooks, computed exactly as the
equations read, for teaching and as the slow reference the fast path is
tested against (the full softmax only; V x V-sized work, so keep V small):

    x (V,) one-hot  ->  h = W^T x (D,)  ->  scores = W'^T h (V,)  ->  softmax  ->  cross-entropy

W is W_in (V x D). W' (D x V) is stored transposed as W_out (V x D), so
W'^T h = W_out h. A batch stacks the examples as rows: X (B, V), H (B, D),
S (B, V).

Equations (tags cited by docs/math.md):

(OH-x)     x = onehot(w); CBOW: x = (1/C) sum_c onehot(w_c)   (B, V) rows
(OH-h)     h = W^T x,             batched: H = X W_in          (B, D)
(OH-s)     scores = W'^T h,       batched: S = H W_out^T       (B, V)
(OH-p)     p = softmax(scores)
(OH-loss)  L = -sum_b y_b . log p_b, y_b = onehot(target_b)
(OH-grad)  E = P - Y               dL/dS                       (B, V)
           dW' = H^T E,            stored as dW_out = E^T H    (V, D)
           dH = E W_out                                        (B, D)
           dW = X^T dH                                         (V, D)

Why the backward of a one-hot product is a scatter-add of rows. Forward,
h = W^T x with x = onehot(w) is just row w of W: every other row is
multiplied by 0. Backward, dW = x dh^T (one example) is the outer product of
a one-hot column with dh: a (V, D) matrix that is zero except row w, which
equals dh. For a batch, dW = X^T dH = sum_b x_b dh_b^T adds dh_b into row
w_b for each example b; when a word occurs in several examples its row
receives the SUM of their dh_b. So the fast path (architectures.py and
model.scatter_add) never builds X: it reads rows W_in[w] forward and
scatter-adds the rows dh_b backward. For CBOW, x_b has 1/C at each context
word, so each context row receives dh_b / C (Equation (CBOW-grad)), and a
word repeated in one context receives it twice.
"""

import numpy as np

from .batch import Batch


def one_hot(ids, V: int, dtype=np.float64) -> np.ndarray:
    """One-hot rows. Equation (OH-x).

    Parameters
    ----------
    ids : (B,) int, values in 0..V-1
    V : int, vocabulary size
    dtype : float dtype of the result

    Returns
    -------
    (B, V), row b has a single 1 at column ids[b].
    """
    ids = np.asarray(ids)
    X = np.zeros((ids.shape[0], V), dtype=dtype)
    X[np.arange(ids.shape[0]), ids] = 1
    return X


def input_matrix(batch: Batch, V: int, dtype=np.float64) -> np.ndarray:
    """X (B, V): each example's mean of its context one-hots. Equation (OH-x).

    Skip-gram (one input word) gives plain one-hot rows; a CBOW row has
    1/C at each of its C context words (2/C for a word that occurs twice).
    """
    X = np.zeros((len(batch), V), dtype=dtype)
    for c in range(batch.contexts.shape[1]):
        real = batch.n_context > c  # (B,) examples whose c-th context entry is real
        X[real] += one_hot(batch.contexts[real, c], V, dtype)
    return X / batch.n_context.astype(dtype)[:, None]


def forward(W_in: np.ndarray, W_out: np.ndarray, batch: Batch) -> tuple[float, dict]:
    """Full-softmax loss of a batch through the literal one-hot network.

    Equations (OH-x), (OH-h), (OH-s), (OH-p), (OH-loss).

    Parameters
    ----------
    W_in : (V, D) float, W
    W_out : (V, D) float, W'^T
    batch : Batch (skip-gram or CBOW)

    Returns
    -------
    loss : float, summed over the batch
    cache : dict of the dense matrices X, H, P, Y for :func:`backward`
    """
    V = W_in.shape[0]
    dtype = W_in.dtype
    X = input_matrix(batch, V, dtype)  # (B, V)
    H = X @ W_in  # (B, V) @ (V, D) -> (B, D): h = W^T x, row by row
    S = H @ W_out.T  # (B, D) @ (D, V) -> (B, V): scores = W'^T h
    S_shift = S - S.max(axis=1, keepdims=True)  # same softmax, no overflow
    log_P = S_shift - np.log(np.exp(S_shift).sum(axis=1, keepdims=True))  # (B, V) log softmax
    P = np.exp(log_P)  # (B, V)
    Y = one_hot(batch.targets, V, dtype)  # (B, V)
    loss = float(-(Y * log_P).sum())  # cross-entropy, summed over the batch
    return loss, {"X": X, "H": H, "P": P, "Y": Y, "W_out": W_out}


def backward(cache: dict) -> tuple[np.ndarray, np.ndarray]:
    """Dense gradients of the one-hot network, as matrix products. Equation (OH-grad).

    Returns
    -------
    dW_in : (V, D) = X^T dH
    dW_out : (V, D) = E^T H, i.e. dW' = H^T E stored transposed
    """
    X, H, P, Y, W_out = cache["X"], cache["H"], cache["P"], cache["Y"], cache["W_out"]
    E = P - Y  # (B, V) dL/dS
    dW_out = E.T @ H  # (V, B) @ (B, D) -> (V, D)
    dH = E @ W_out  # (B, V) @ (V, D) -> (B, D)
    dW_in = X.T @ dH  # (V, B) @ (B, D) -> (V, D): the scatter-add, done as a product
    return dW_in, dW_out


def loss_and_grads(W_in: np.ndarray, W_out: np.ndarray, batch: Batch) -> tuple[float, np.ndarray, np.ndarray]:
    """:func:`forward` then :func:`backward`: (loss, dW_in (V, D), dW_out (V, D))."""
    loss, cache = forward(W_in, W_out, batch)
    dW_in, dW_out = backward(cache)
    return loss, dW_in, dW_out
