"""Worked solutions of notebooks/assignments/, written as a learner would (NumPy only).

The tests grade this file with ``python -m word2vec_np.grade`` and inject
each function into the assignment notebooks' "# YOUR CODE HERE" cells. It
is a second, independent implementation of the exercises; the package's
functions are the first (``--reference``).
"""

import numpy as np


def softmax(S):
    E = np.exp(S - S.max(axis=1, keepdims=True))  # (B, V), no overflow
    return E / E.sum(axis=1, keepdims=True)


def onehot_loss(W_in, W_out, contexts, targets):
    B, C = contexts.shape
    V = W_in.shape[0]
    X = np.zeros((B, V))
    for c in range(C):
        np.add.at(X, (np.arange(B), contexts[:, c]), 1.0 / C)  # (B, V) mean of the one-hots
    S = (X @ W_in) @ W_out.T  # (B, V)
    log_P = S - S.max(axis=1, keepdims=True)
    log_P -= np.log(np.exp(log_P).sum(axis=1, keepdims=True))
    return -log_P[np.arange(B), targets].sum()


def onehot_loss_and_grads(W_in, W_out, contexts, targets):
    B, C = contexts.shape
    V = W_in.shape[0]
    X = np.zeros((B, V))
    for c in range(C):
        np.add.at(X, (np.arange(B), contexts[:, c]), 1.0 / C)
    H = X @ W_in  # (B, D)
    P = softmax(H @ W_out.T)  # (B, V)
    E = P.copy()
    E[np.arange(B), targets] -= 1.0  # (B, V) = P - Y
    dW_out = E.T @ H  # (V, D)
    dW_in = X.T @ (E @ W_out)  # (V, D)
    return onehot_loss(W_in, W_out, contexts, targets), dW_in, dW_out


def skipgram_forward(W_in, inputs):
    return W_in[inputs].copy()  # (B, D)


def skipgram_backward(dh, inputs, V):
    dW_in = np.zeros((V, dh.shape[1]))
    np.add.at(dW_in, inputs, dh)
    return dW_in


def cbow_forward(W_in, contexts, n_context):
    B, D = len(n_context), W_in.shape[1]
    h = np.zeros((B, D))
    for b in range(B):
        h[b] = W_in[contexts[b, : n_context[b]]].mean(axis=0)
    return h


def cbow_backward(dh, contexts, n_context, V):
    dW_in = np.zeros((V, dh.shape[1]))
    for b in range(len(n_context)):
        for c in range(n_context[b]):
            dW_in[contexts[b, c]] += dh[b] / n_context[b]
    return dW_in


def sgd_update(W, rows, grad_rows, lr):
    np.add.at(W, rows, -lr * grad_rows)
    return W


def _log_sigmoid(x):
    return -np.logaddexp(0.0, -x)


def ns_loss_and_grads(W_out, h, targets, negatives):
    u_o = W_out[targets]  # (B, D)
    U = W_out[negatives]  # (B, k, D)
    z_o = np.sum(u_o * h, axis=1)  # (B,)
    z_k = np.einsum("bkd,bd->bk", U, h)  # (B, k)
    loss = -_log_sigmoid(z_o).sum() - _log_sigmoid(-z_k).sum()
    g_o = -np.exp(_log_sigmoid(-z_o))  # s(z_o) - 1
    g_k = np.exp(_log_sigmoid(z_k))  # s(z_k)
    dh = g_o[:, None] * u_o + np.einsum("bk,bkd->bd", g_k, U)
    dW_out = np.zeros_like(W_out)
    np.add.at(dW_out, targets, g_o[:, None] * h)
    np.add.at(dW_out, negatives, g_k[:, :, None] * h[:, None, :])
    return loss, dh, dW_out


def noise_distribution(counts):
    weights = np.asarray(counts, dtype=float) ** 0.75
    return weights / weights.sum()


def keep_probability(counts, total, sample):
    if sample == 0:
        return np.ones(len(counts))
    ratio = sample / (np.asarray(counts) / total)  # t / f_w
    return np.minimum(1.0, np.sqrt(ratio) + ratio)


def hs_loss_and_grads(W_out, h, codes, points, lengths):
    loss = 0.0
    dh = np.zeros_like(h)  # (B, D)
    dW_out = np.zeros_like(W_out)  # (V - 1, D)
    for b in range(len(h)):
        n = lengths[b]  # the path of example b: its first n entries
        c, U = codes[b, :n], W_out[points[b, :n]]  # (n,), (n, D)
        z = U @ h[b]  # (n,)
        sign = 1.0 - 2.0 * c  # bit 0 -> +z, bit 1 -> -z
        loss -= _log_sigmoid(sign * z).sum()
        g = np.exp(_log_sigmoid(z)) - (1.0 - c)  # (n,) dL/dz
        dh[b] = g @ U
        np.add.at(dW_out, points[b, :n], g[:, None] * h[b])  # nodes repeat across examples
    return loss, dh, dW_out
