"""Answers to the assignments' exercises written as learners write them: wrong ones and unusual right ones.

Each entry of ANSWERS is ``Answer(exercise, label, right, hint, fn)``:

- ``right``: True for a correct solution, however unusual (loops,
  ``np.logaddexp``, other stable formulas, float64 by another route), which
  must get full marks; False for a wrong one, which must score less.
- ``hint``: for a wrong answer, a fragment of the one catalogue hint the
  grader may give it (the mistake it really makes), or None when no
  mistake of the catalogue describes it: then the report must name none.

They are written independently of word2vec_np/teach/grading/exercises.py,
as students do: off-by-one loops, transposes, clipped scores,
``-log(p + 1e-10)``, float32, in-place edits, means for sums, dropped
zero counts, skipped path nodes, constants.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np


class Answer(NamedTuple):
    exercise: str
    label: str
    right: bool
    hint: str | None
    fn: object


ANSWERS: list[Answer] = []


def wrong(exercise, label, hint=None):
    def register(fn):
        ANSWERS.append(Answer(exercise, label, False, hint, fn))
        return fn

    return register


def right(exercise, label):
    def register(fn):
        ANSWERS.append(Answer(exercise, label, True, None, fn))
        return fn

    return register


def _sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # stable: tanh never overflows


def _log_sigmoid(x):
    return -np.logaddexp(0.0, -x)


def _stable_softmax(S):
    E = np.exp(S - S.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


# ====================================================================== softmax
@wrong("softmax", "scores clipped to [-50, 50]")
def _(S):
    E = np.exp(np.clip(S, -50, 50))
    return E / E.sum(axis=1, keepdims=True)


@wrong("softmax", "the transposed output")
def _(S):
    return _stable_softmax(S).T


@wrong("softmax", "a loop that skips the last row")
def _(S):
    P = np.zeros(S.shape)
    for i in range(S.shape[0] - 1):
        e = np.exp(S[i] - S[i].max())
        P[i] = e / e.sum()
    return P


@wrong("softmax", "the sum over the whole batch", "whole batch")
def _(S):
    E = np.exp(S - S.max())
    return E / np.sum(E)


@wrong("softmax", "1e-4 in the denominator")
def _(S):
    E = np.exp(S - S.max(axis=1, keepdims=True))
    return E / (E.sum(axis=1, keepdims=True) + 1e-4)


@wrong("softmax", "float32")
def _(S):
    S = S.astype(np.float32)
    E = np.exp(S - S.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


@wrong("softmax", "overwrites S")
def _(S):
    S -= S.max(axis=1, keepdims=True)
    np.exp(S, out=S)
    S /= S.sum(axis=1, keepdims=True)
    return S


@wrong("softmax", "no shift: exp overflows", "subtract each row's maximum")
def _(S):
    return np.exp(S) / np.exp(S).sum(axis=1, keepdims=True)


@wrong("softmax", "divides by the mean")
def _(S):
    E = np.exp(S - S.max(axis=1, keepdims=True))
    return E / E.mean(axis=1, keepdims=True)


@wrong("softmax", "uniform rows")
def _(S):
    return np.full(S.shape, 1.0 / S.shape[1])


@wrong("softmax", "shifts by the minimum")
def _(S):
    E = np.exp(S - S.min(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


@wrong("softmax", "the maximum over the wrong axis", "wrong axis")
def _(S):
    E = np.exp(S - S.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


@right("softmax", "exp(S - logsumexp(S)) with np.logaddexp.reduce on the raw scores, scipy's former softmax")
def _(S):
    return np.exp(S - np.logaddexp.reduce(S, axis=1, keepdims=True))


@right("softmax", "log-sum-exp with np.logaddexp.reduce on shifted scores")
def _(S):
    Z = S - S.max(axis=1, keepdims=True)
    return np.exp(Z - np.logaddexp.reduce(Z, axis=1, keepdims=True))


@right("softmax", "a loop over rows with math.exp")
def _(S):
    P = np.empty(S.shape)
    for i, row in enumerate(S.tolist()):
        m = max(row)
        e = [math.exp(x - m) for x in row]
        P[i] = [x / sum(e) for x in e]
    return P


@right("softmax", "integers in, float64 by astype")
def _(S):
    S = S.astype(float)
    Z = S - S.max(axis=-1)[:, None]
    return np.exp(Z) / np.exp(Z).sum(axis=-1)[:, None]


# ====================================================================== the one-hot network
def _x(contexts, V):
    B, C = contexts.shape
    X = np.zeros((B, V))
    for b in range(B):
        for c in range(C):
            X[b, contexts[b, c]] += 1.0 / C
    return X


def _onehot_parts(W_in, W_out, contexts, targets):
    X = _x(contexts, W_in.shape[0])
    H = X @ W_in
    S = H @ W_out.T
    return X, H, S


def _log_p(S):
    return S - np.logaddexp.reduce(S, axis=1, keepdims=True)


def _loss(S, targets):
    return -_log_p(S)[np.arange(len(targets)), targets].sum()


@wrong("onehot_loss", "-log(p + 1e-10)")
def _(W_in, W_out, contexts, targets):
    _, _, S = _onehot_parts(W_in, W_out, contexts, targets)
    P = _stable_softmax(S)
    return -np.sum(np.log(P[np.arange(len(targets)), targets] + 1e-10))


@wrong("onehot_loss", "the sum of the context one-hots", "C times too large")
def _(W_in, W_out, contexts, targets):
    X = _x(contexts, W_in.shape[0]) * contexts.shape[1]
    return _loss(X @ W_in @ W_out.T, targets)


@wrong("onehot_loss", "the mean over the batch", "SUM over the batch")
def _(W_in, W_out, contexts, targets):
    return _loss(_onehot_parts(W_in, W_out, contexts, targets)[2], targets) / len(targets)


@wrong("onehot_loss", "plus log p", "wrong sign")
def _(W_in, W_out, contexts, targets):
    return -_loss(_onehot_parts(W_in, W_out, contexts, targets)[2], targets)


@wrong("onehot_loss", "float32")
def _(W_in, W_out, contexts, targets):
    return np.float32(_loss(_onehot_parts(W_in, W_out, contexts, targets)[2], targets))


@wrong("onehot_loss", "a constant")
def _(W_in, W_out, contexts, targets):
    return 1.0


@wrong("onehot_loss", "the first context word only")
def _(W_in, W_out, contexts, targets):
    return _loss(W_in[contexts[:, 0]] @ W_out.T, targets)


@wrong("onehot_loss", "repeated context words counted once")
def _(W_in, W_out, contexts, targets):
    X = np.zeros((len(targets), W_in.shape[0]))
    for b in range(len(targets)):
        X[b, np.unique(contexts[b])] = 1.0 / contexts.shape[1]
    return _loss(X @ W_in @ W_out.T, targets)


@wrong("onehot_loss", "W_in as the output vectors")
def _(W_in, W_out, contexts, targets):
    X = _x(contexts, W_in.shape[0])
    return _loss(X @ W_in @ W_in.T, targets)


@wrong("onehot_loss", "log base 2")
def _(W_in, W_out, contexts, targets):
    return _loss(_onehot_parts(W_in, W_out, contexts, targets)[2], targets) / np.log(2.0)


@wrong("onehot_loss", "a loop that skips the last example")
def _(W_in, W_out, contexts, targets):
    S = _onehot_parts(W_in, W_out, contexts, targets)[2]
    return sum(-_log_p(S[b : b + 1])[0, targets[b]] for b in range(len(targets) - 1))


@wrong("onehot_loss", "scores clipped to [-50, 50]")
def _(W_in, W_out, contexts, targets):
    return _loss(np.clip(_onehot_parts(W_in, W_out, contexts, targets)[2], -50, 50), targets)


@right("onehot_loss", "a loop over examples with np.logaddexp")
def _(W_in, W_out, contexts, targets):
    loss = 0.0
    for b in range(len(targets)):
        h = W_in[contexts[b]].mean(axis=0)
        z = W_out @ h
        loss += np.logaddexp.reduce(z) - z[targets[b]]
    return loss


@right("onehot_loss", "log-sum-exp by hand, float64 by np.float64")
def _(W_in, W_out, contexts, targets):
    S = _onehot_parts(W_in, W_out, contexts, targets)[2]
    m = S.max(axis=1)
    lse = m + np.log(np.sum(np.exp(S - m[:, None]), axis=1))
    return np.float64(np.sum(lse - S[np.arange(len(targets)), targets]))


def _grads(W_in, W_out, contexts, targets):
    X, H, S = _onehot_parts(W_in, W_out, contexts, targets)
    E = np.exp(_log_p(S))
    E[np.arange(len(targets)), targets] -= 1.0
    return X, H, E, _loss(S, targets)


@wrong("onehot_loss_and_grads", "-log(p + 1e-10)")
def _(W_in, W_out, contexts, targets):
    X, H, E, _ = _grads(W_in, W_out, contexts, targets)
    P = _stable_softmax(H @ W_out.T)
    loss = -np.sum(np.log(P[np.arange(len(targets)), targets] + 1e-10))
    return loss, X.T @ E @ W_out, E.T @ H


@wrong("onehot_loss_and_grads", "dW_out transposed", "the transpose of dW'")
def _(W_in, W_out, contexts, targets):
    X, H, E, loss = _grads(W_in, W_out, contexts, targets)
    return loss, X.T @ E @ W_out, H.T @ E


@wrong("onehot_loss_and_grads", "buffered += in one statement", "repeated words lose gradient")
def _(W_in, W_out, contexts, targets):
    X, H, E, loss = _grads(W_in, W_out, contexts, targets)
    dW_in = np.zeros_like(W_in)
    dW_in[contexts] += (E @ W_out)[:, None, :] / contexts.shape[1]
    return loss, dW_in, E.T @ H


@wrong("onehot_loss_and_grads", "Y - P", "wrong sign")
def _(W_in, W_out, contexts, targets):
    X, H, E, loss = _grads(W_in, W_out, contexts, targets)
    return loss, -(X.T @ E @ W_out), -(E.T @ H)


@wrong("onehot_loss_and_grads", "float32 gradients")
def _(W_in, W_out, contexts, targets):
    X, H, E, loss = _grads(W_in, W_out, contexts, targets)
    return loss, (X.T @ E @ W_out).astype(np.float32), (E.T @ H).astype(np.float32)


@wrong("onehot_loss_and_grads", "the right loss, zero gradients")
def _(W_in, W_out, contexts, targets):
    return _grads(W_in, W_out, contexts, targets)[3], np.zeros_like(W_in), np.zeros_like(W_out)


@wrong("onehot_loss_and_grads", "dW_in without the 1/C", "dW_in is C times too large")
def _(W_in, W_out, contexts, targets):
    X, H, E, loss = _grads(W_in, W_out, contexts, targets)
    return loss, (X * contexts.shape[1]).T @ E @ W_out, E.T @ H


@wrong("onehot_loss_and_grads", "the mean over the batch", "SUM over the batch")
def _(W_in, W_out, contexts, targets):
    X, H, E, loss = _grads(W_in, W_out, contexts, targets)
    B = len(targets)
    return loss / B, X.T @ E @ W_out / B, E.T @ H / B


@wrong("onehot_loss_and_grads", "dW_out from X instead of H")
def _(W_in, W_out, contexts, targets):
    X, H, E, loss = _grads(W_in, W_out, contexts, targets)
    return loss, X.T @ E @ W_out, E.T @ X


@wrong("onehot_loss_and_grads", "sorts the contexts in place")
def _(W_in, W_out, contexts, targets):
    contexts.sort(axis=1)
    X, H, E, loss = _grads(W_in, W_out, contexts, targets)
    return loss, X.T @ E @ W_out, E.T @ H


@wrong("onehot_loss_and_grads", "a constant loss and zero gradients")
def _(W_in, W_out, contexts, targets):
    return 0.0, np.zeros_like(W_in), np.zeros_like(W_out)


@wrong("onehot_loss_and_grads", "E = P, the target's 1 forgotten")
def _(W_in, W_out, contexts, targets):
    X, H, S = _onehot_parts(W_in, W_out, contexts, targets)
    E = _stable_softmax(S)
    return _loss(S, targets), X.T @ E @ W_out, E.T @ H


@right("onehot_loss_and_grads", "a loop over examples")
def _(W_in, W_out, contexts, targets):
    loss, dW_in, dW_out = 0.0, np.zeros_like(W_in), np.zeros_like(W_out)
    for b in range(len(targets)):
        C = contexts.shape[1]
        h = W_in[contexts[b]].sum(axis=0) / C
        z = W_out @ h
        p = np.exp(z - np.logaddexp.reduce(z))
        loss -= np.log(p[targets[b]]) if p[targets[b]] > 0 else z[targets[b]] - np.logaddexp.reduce(z)
        e = p.copy()
        e[targets[b]] -= 1.0
        dW_out += np.outer(e, h)
        for c in range(C):
            dW_in[contexts[b, c]] += (W_out.T @ e) / C
    return loss, dW_in, dW_out


@right("onehot_loss_and_grads", "np.add.at for dW_in")
def _(W_in, W_out, contexts, targets):
    X, H, E, loss = _grads(W_in, W_out, contexts, targets)
    dW_in = np.zeros_like(W_in)
    C = contexts.shape[1]
    np.add.at(dW_in, contexts, (E @ W_out)[:, None, :].repeat(C, axis=1) / C)
    return loss, dW_in, E.T @ H


# ====================================================================== skip-gram and CBOW
@wrong("skipgram_forward", "columns of W_in", "COLUMNS")
def _(W_in, inputs):
    return W_in[:, inputs].T


@wrong("skipgram_forward", "summed over the batch", "do not sum or average")
def _(W_in, inputs):
    return W_in[inputs].sum(axis=0)


@wrong("skipgram_forward", "repeated inputs removed", "even when a word repeats")
def _(W_in, inputs):
    return W_in[np.unique(inputs)]


@wrong("skipgram_forward", "float32")
def _(W_in, inputs):
    return W_in[inputs].astype(np.float32)


@wrong("skipgram_forward", "a loop that skips the last example")
def _(W_in, inputs):
    h = np.zeros((len(inputs), W_in.shape[1]))
    for b in range(len(inputs) - 1):
        h[b] = W_in[inputs[b]]
    return h


@wrong("skipgram_forward", "ids read as 1-based")
def _(W_in, inputs):
    return W_in[inputs - 1]


@wrong("skipgram_forward", "the mean over the batch, kept 2-D")
def _(W_in, inputs):
    return W_in[inputs].mean(axis=0, keepdims=True)


@wrong("skipgram_forward", "zeros")
def _(W_in, inputs):
    return np.zeros((len(inputs), W_in.shape[1]))


@wrong("skipgram_forward", "normalizes W_in in place")
def _(W_in, inputs):
    W_in /= np.linalg.norm(W_in, axis=1, keepdims=True) + 1e-12
    return W_in[inputs]


@wrong("skipgram_forward", "inputs reversed")
def _(W_in, inputs):
    return W_in[inputs[::-1]]


@wrong("skipgram_forward", "all of W_in")
def _(W_in, inputs):
    return W_in.copy()


@right("skipgram_forward", "one-hot rows times W_in")
def _(W_in, inputs):
    return np.eye(W_in.shape[0])[inputs] @ W_in


@right("skipgram_forward", "np.take")
def _(W_in, inputs):
    return np.take(W_in, inputs, axis=0)


@right("skipgram_forward", "a loop")
def _(W_in, inputs):
    return np.array([list(W_in[i]) for i in inputs]).reshape(len(inputs), W_in.shape[1])


@wrong("skipgram_backward", "buffered +=", "repeated inputs lose gradient")
def _(dh, inputs, V):
    dW = np.zeros((V, dh.shape[1]))
    dW[inputs] += dh
    return dW


@wrong("skipgram_backward", "assignment in a loop", "repeated inputs lose gradient")
def _(dh, inputs, V):
    dW = np.zeros((V, dh.shape[1]))
    for b in range(len(inputs)):
        dW[inputs[b]] = dh[b]
    return dW


@wrong("skipgram_backward", "minus dh", "wrong sign")
def _(dh, inputs, V):
    dW = np.zeros((V, dh.shape[1]))
    np.subtract.at(dW, inputs, dh)
    return dW


@wrong("skipgram_backward", "dh itself", "one row per WORD")
def _(dh, inputs, V):
    return dh


@wrong("skipgram_backward", "divided by B", "divided by B")
def _(dh, inputs, V):
    dW = np.zeros((V, dh.shape[1]))
    np.add.at(dW, inputs, dh / len(inputs))
    return dW


@wrong("skipgram_backward", "float32")
def _(dh, inputs, V):
    dW = np.zeros((V, dh.shape[1]), dtype=np.float32)
    np.add.at(dW, inputs, dh)
    return dW


@wrong("skipgram_backward", "a loop that skips the last example")
def _(dh, inputs, V):
    dW = np.zeros((V, dh.shape[1]))
    for b in range(len(inputs) - 1):
        dW[inputs[b]] += dh[b]
    return dW


@wrong("skipgram_backward", "one row too many")
def _(dh, inputs, V):
    dW = np.zeros((V + 1, dh.shape[1]))
    np.add.at(dW, inputs, dh)
    return dW


@wrong("skipgram_backward", "ids read as 1-based")
def _(dh, inputs, V):
    dW = np.zeros((V, dh.shape[1]))
    np.add.at(dW, inputs - 1, dh)
    return dW


@wrong("skipgram_backward", "zeros")
def _(dh, inputs, V):
    return np.zeros((V, dh.shape[1]))


@wrong("skipgram_backward", "sorts inputs in place")
def _(dh, inputs, V):
    inputs.sort()
    dW = np.zeros((V, dh.shape[1]))
    np.add.at(dW, inputs, dh)
    return dW


@right("skipgram_backward", "one-hot matrix transposed times dh")
def _(dh, inputs, V):
    return np.eye(V)[inputs].T @ dh


@right("skipgram_backward", "np.bincount per dimension")
def _(dh, inputs, V):
    return np.stack([np.bincount(inputs, weights=dh[:, d], minlength=V) for d in range(dh.shape[1])], axis=1)


@right("skipgram_backward", "a loop with +=")
def _(dh, inputs, V):
    dW = np.zeros((V, dh.shape[1]))
    for b, w in enumerate(inputs):
        dW[w] += dh[b]
    return dW


def _mask(contexts, n_context):
    return np.arange(contexts.shape[1])[None, :] < np.asarray(n_context)[:, None]


@wrong("cbow_forward", "the sum", "C times too large")
def _(W_in, contexts, n_context):
    return np.array([W_in[contexts[b, : n_context[b]]].sum(axis=0) for b in range(len(n_context))])


@wrong("cbow_forward", "the mean over the padded row", "reads the padding")
def _(W_in, contexts, n_context):
    return W_in[contexts].mean(axis=1)


@wrong("cbow_forward", "divided by the width", "width C of the padded matrix")
def _(W_in, contexts, n_context):
    m = _mask(contexts, n_context)
    return (W_in[contexts] * m[:, :, None]).sum(axis=1) / contexts.shape[1]


@wrong("cbow_forward", "the first n - 1 context words")
def _(W_in, contexts, n_context):
    return np.array([W_in[contexts[b, : n_context[b] - 1]].mean(axis=0) for b in range(len(n_context))])


@wrong("cbow_forward", "one padding entry too many")
def _(W_in, contexts, n_context):
    return np.array([W_in[contexts[b, : n_context[b] + 1]].mean(axis=0) for b in range(len(n_context))])


@wrong("cbow_forward", "float32")
def _(W_in, contexts, n_context):
    m = _mask(contexts, n_context)
    return ((W_in[contexts] * m[:, :, None]).sum(axis=1) / n_context[:, None]).astype(np.float32)


@wrong("cbow_forward", "the median")
def _(W_in, contexts, n_context):
    return np.array([np.median(W_in[contexts[b, : n_context[b]]], axis=0) for b in range(len(n_context))])


@wrong("cbow_forward", "zeros")
def _(W_in, contexts, n_context):
    return np.zeros((len(n_context), W_in.shape[1]))


@wrong("cbow_forward", "divided by the largest n_context")
def _(W_in, contexts, n_context):
    m = _mask(contexts, n_context)
    return (W_in[contexts] * m[:, :, None]).sum(axis=1) / n_context.max()


@wrong("cbow_forward", "zeroes the padding of contexts in place")
def _(W_in, contexts, n_context):
    m = _mask(contexts, n_context)
    contexts[~m] = 0
    return (W_in[contexts] * m[:, :, None]).sum(axis=1) / n_context[:, None]


@wrong("cbow_forward", "the mean over the batch of each slot")
def _(W_in, contexts, n_context):
    return np.repeat(W_in[contexts].mean(axis=0).mean(axis=0, keepdims=True), len(n_context), axis=0)


@right("cbow_forward", "masked einsum")
def _(W_in, contexts, n_context):
    m = _mask(contexts, n_context).astype(float)
    return np.einsum("bc,bcd->bd", m, W_in[contexts]) / n_context[:, None]


@right("cbow_forward", "a double loop")
def _(W_in, contexts, n_context):
    h = np.zeros((len(n_context), W_in.shape[1]))
    for b in range(len(n_context)):
        for c in range(n_context[b]):
            h[b] += W_in[contexts[b, c]]
        h[b] /= n_context[b]
    return h


@wrong("cbow_backward", "without the 1/C", "C times too large")
def _(dh, contexts, n_context, V):
    dW = np.zeros((V, dh.shape[1]))
    for b in range(len(n_context)):
        np.add.at(dW, contexts[b, : n_context[b]], dh[b])
    return dW


@wrong("cbow_backward", "1/C twice", "applied twice")
def _(dh, contexts, n_context, V):
    dW = np.zeros((V, dh.shape[1]))
    for b in range(len(n_context)):
        np.add.at(dW, contexts[b, : n_context[b]], dh[b] / n_context[b] ** 2)
    return dW


@wrong("cbow_backward", "buffered += per example", "repeated context words lose")
def _(dh, contexts, n_context, V):
    dW = np.zeros((V, dh.shape[1]))
    for b in range(len(n_context)):
        dW[contexts[b, : n_context[b]]] += dh[b] / n_context[b]
    return dW


@wrong("cbow_backward", "buffered += in one statement", "repeated context words lose")
def _(dh, contexts, n_context, V):
    m = _mask(contexts, n_context)
    dW = np.zeros((V, dh.shape[1]))
    dW[contexts[m]] += np.repeat(dh / n_context[:, None], n_context, axis=0)
    return dW


@wrong("cbow_backward", "padding receives gradient", "padding entries receive gradient")
def _(dh, contexts, n_context, V):
    dW = np.zeros((V, dh.shape[1]))
    for b in range(len(n_context)):
        np.add.at(dW, contexts[b], dh[b] / n_context[b])
    return dW


@wrong("cbow_backward", "float32")
def _(dh, contexts, n_context, V):
    dW = np.zeros((V, dh.shape[1]), dtype=np.float32)
    for b in range(len(n_context)):
        np.add.at(dW, contexts[b, : n_context[b]], dh[b] / n_context[b])
    return dW


@wrong("cbow_backward", "divided by the width")
def _(dh, contexts, n_context, V):
    dW = np.zeros((V, dh.shape[1]))
    for b in range(len(n_context)):
        np.add.at(dW, contexts[b, : n_context[b]], dh[b] / contexts.shape[1])
    return dW


@wrong("cbow_backward", "dh / n per example, (B, D)")
def _(dh, contexts, n_context, V):
    return dh / n_context[:, None]


@wrong("cbow_backward", "minus dh")
def _(dh, contexts, n_context, V):
    dW = np.zeros((V, dh.shape[1]))
    for b in range(len(n_context)):
        np.add.at(dW, contexts[b, : n_context[b]], -dh[b] / n_context[b])
    return dW


@wrong("cbow_backward", "zeros")
def _(dh, contexts, n_context, V):
    return np.zeros((V, dh.shape[1]))


@wrong("cbow_backward", "the last context word skipped")
def _(dh, contexts, n_context, V):
    dW = np.zeros((V, dh.shape[1]))
    for b in range(len(n_context)):
        np.add.at(dW, contexts[b, : n_context[b] - 1], dh[b] / n_context[b])
    return dW


@right("cbow_backward", "the mask and np.add.at")
def _(dh, contexts, n_context, V):
    m = _mask(contexts, n_context)
    dW = np.zeros((V, dh.shape[1]))
    np.add.at(dW, contexts[m], np.repeat(dh / n_context[:, None], n_context, axis=0))
    return dW


@right("cbow_backward", "X^T dh with a one-hot mean matrix")
def _(dh, contexts, n_context, V):
    X = np.zeros((len(n_context), V))
    for b in range(len(n_context)):
        for c in range(n_context[b]):
            X[b, contexts[b, c]] += 1.0 / n_context[b]
    return X.T @ dh


@wrong("sgd_update", "buffered -=", "repeated rows lose updates")
def _(W, rows, grad_rows, lr):
    W[rows] -= lr * grad_rows
    return W


@wrong("sgd_update", "uphill", "goes uphill")
def _(W, rows, grad_rows, lr):
    np.add.at(W, rows, lr * grad_rows)
    return W


@wrong("sgd_update", "no learning rate", "ignores the learning rate")
def _(W, rows, grad_rows, lr):
    np.subtract.at(W, rows, grad_rows)
    return W


@wrong("sgd_update", "a new array", "updated in place")
def _(W, rows, grad_rows, lr):
    W = W.copy()
    np.subtract.at(W, rows, lr * grad_rows)
    return W


@wrong("sgd_update", "float32 returned")
def _(W, rows, grad_rows, lr):
    np.subtract.at(W, rows, lr * grad_rows)
    return W.astype(np.float32)


@wrong("sgd_update", "lr squared")
def _(W, rows, grad_rows, lr):
    np.subtract.at(W, rows, lr * lr * grad_rows)
    return W


@wrong("sgd_update", "repeated rows averaged")
def _(W, rows, grad_rows, lr):
    for r in np.unique(rows):
        W[r] -= lr * grad_rows[rows == r].mean(axis=0)
    return W


@wrong("sgd_update", "a loop that skips the last row")
def _(W, rows, grad_rows, lr):
    for i in range(len(rows) - 1):
        W[rows[i]] -= lr * grad_rows[i]
    return W


@wrong("sgd_update", "the summed gradient on every row")
def _(W, rows, grad_rows, lr):
    W -= lr * grad_rows.sum(axis=0)
    return W


@wrong("sgd_update", "scales grad_rows in place")
def _(W, rows, grad_rows, lr):
    grad_rows *= lr
    np.subtract.at(W, rows, grad_rows)
    return W


@wrong("sgd_update", "zeros")
def _(W, rows, grad_rows, lr):
    W[...] = 0.0
    return W


@right("sgd_update", "a loop with -=")
def _(W, rows, grad_rows, lr):
    for i, r in enumerate(rows):
        W[r] -= lr * grad_rows[i]
    return W


@right("sgd_update", "np.subtract.at")
def _(W, rows, grad_rows, lr):
    np.subtract.at(W, rows, lr * grad_rows)
    return W


@right("sgd_update", "sums per unique row first")
def _(W, rows, grad_rows, lr):
    unique, where = np.unique(rows, return_inverse=True)
    total = np.zeros((len(unique), W.shape[1]))
    np.add.at(total, where.ravel(), grad_rows)
    W[unique] -= lr * total
    return W


# ====================================================================== negative sampling
def _ns_parts(W_out, h, targets, negatives):
    u_o, U = W_out[targets], W_out[negatives]  # (B, D), (B, k, D)
    return u_o, U, np.sum(u_o * h, axis=1), np.einsum("bkd,bd->bk", U, h)


def _ns(W_out, h, targets, negatives, log_s=_log_sigmoid, g_o_of=lambda z: _sigmoid(z) - 1.0, g_k_of=_sigmoid,
        dh_negatives=True, scatter="add.at", neg_loss_sign=-1.0, dtype=None):
    u_o, U, z_o, z_k = _ns_parts(W_out, h, targets, negatives)
    loss = -np.sum(log_s(z_o)) - np.sum(log_s(neg_loss_sign * z_k))
    g_o, g_k = g_o_of(z_o), g_k_of(z_k)
    dh = g_o[:, None] * u_o + (np.einsum("bk,bkd->bd", g_k, U) if dh_negatives else 0.0)
    dW = np.zeros_like(W_out)
    if scatter == "add.at":
        np.add.at(dW, targets, g_o[:, None] * h)
        np.add.at(dW, negatives, g_k[:, :, None] * h[:, None, :])
    elif scatter == "buffered negatives":
        np.add.at(dW, targets, g_o[:, None] * h)
        dW[negatives] += g_k[:, :, None] * h[:, None, :]
    elif scatter == "buffered together":
        rows = np.hstack([targets[:, None], negatives])
        dW[rows] += np.hstack([g_o[:, None], g_k])[:, :, None] * h[:, None, :]
    if dtype is not None:
        return dtype(loss), dh.astype(dtype), dW.astype(dtype)
    return loss, dh, dW


@wrong("ns_loss_and_grads", "-log(s + 1e-10)")
def _(W_out, h, targets, negatives):
    return _ns(W_out, h, targets, negatives, log_s=lambda x: np.log(_sigmoid(x) + 1e-10))


@wrong("ns_loss_and_grads", "gradients of the wrong sign", "wrong sign")
def _(W_out, h, targets, negatives):
    return _ns(W_out, h, targets, negatives, g_o_of=lambda z: 1.0 - _sigmoid(z), g_k_of=lambda z: -_sigmoid(z))


@wrong("ns_loss_and_grads", "s(z_o) for the target", "uses s(z_o) where s(z_o) - 1")
def _(W_out, h, targets, negatives):
    return _ns(W_out, h, targets, negatives, g_o_of=_sigmoid)


@wrong("ns_loss_and_grads", "s(-z_k) for the negatives", "uses s(-z^-_i) where s(z^-_i) belongs")
def _(W_out, h, targets, negatives):
    return _ns(W_out, h, targets, negatives, g_k_of=lambda z: _sigmoid(-z))


@wrong("ns_loss_and_grads", "dh without the negatives", "dL/dh misses the negatives")
def _(W_out, h, targets, negatives):
    return _ns(W_out, h, targets, negatives, dh_negatives=False)


@wrong("ns_loss_and_grads", "buffered += of the negatives in one statement", "loses gradient")
def _(W_out, h, targets, negatives):
    return _ns(W_out, h, targets, negatives, scatter="buffered negatives")


@wrong("ns_loss_and_grads", "buffered += of targets and negatives together", "loses gradient")
def _(W_out, h, targets, negatives):
    return _ns(W_out, h, targets, negatives, scatter="buffered together")


@wrong("ns_loss_and_grads", "log s(z_k) for the negatives' loss", "the negatives' loss term is log s(-z^-_i)")
def _(W_out, h, targets, negatives):
    return _ns(W_out, h, targets, negatives, neg_loss_sign=1.0)


@wrong("ns_loss_and_grads", "the mean over the batch", "SUM over the batch")
def _(W_out, h, targets, negatives):
    return tuple(x / len(targets) for x in _ns(W_out, h, targets, negatives))


@wrong("ns_loss_and_grads", "float32")
def _(W_out, h, targets, negatives):
    return _ns(W_out, h, targets, negatives, dtype=np.float32)


@wrong("ns_loss_and_grads", "scores clipped to [-6, 6] as in the C tool's table")
def _(W_out, h, targets, negatives):
    u_o, U, z_o, z_k = _ns_parts(W_out, h, targets, negatives)
    z_o, z_k = np.clip(z_o, -6, 6), np.clip(z_k, -6, 6)
    loss = -np.sum(_log_sigmoid(z_o)) - np.sum(_log_sigmoid(-z_k))
    g_o, g_k = _sigmoid(z_o) - 1.0, _sigmoid(z_k)
    dW = np.zeros_like(W_out)
    np.add.at(dW, targets, g_o[:, None] * h)
    np.add.at(dW, negatives, g_k[:, :, None] * h[:, None, :])
    return loss, g_o[:, None] * u_o + np.einsum("bk,bkd->bd", g_k, U), dW


@wrong("ns_loss_and_grads", "a constant loss and zero gradients")
def _(W_out, h, targets, negatives):
    return 0.0, np.zeros_like(h), np.zeros_like(W_out)


@wrong("ns_loss_and_grads", "duplicate negatives removed")
def _(W_out, h, targets, negatives):
    loss, dh, dW = 0.0, np.zeros_like(h), np.zeros_like(W_out)
    for b in range(len(targets)):
        negs = np.unique(negatives[b])
        parts = _ns(W_out, h[b : b + 1], targets[b : b + 1], negs[None, :])
        loss, dh[b], dW = loss + parts[0], parts[1][0], dW + parts[2]
    return loss, dh, dW


@wrong("ns_loss_and_grads", "the mean over the k negatives")
def _(W_out, h, targets, negatives):
    u_o, U, z_o, z_k = _ns_parts(W_out, h, targets, negatives)
    k = negatives.shape[1]
    loss = -np.sum(_log_sigmoid(z_o)) - np.sum(_log_sigmoid(-z_k)) / k
    g_o, g_k = _sigmoid(z_o) - 1.0, _sigmoid(z_k) / k
    dW = np.zeros_like(W_out)
    np.add.at(dW, targets, g_o[:, None] * h)
    np.add.at(dW, negatives, g_k[:, :, None] * h[:, None, :])
    return loss, g_o[:, None] * u_o + np.einsum("bk,bkd->bd", g_k, U), dW


@right("ns_loss_and_grads", "a loop over examples and negatives")
def _(W_out, h, targets, negatives):
    loss, dh, dW = 0.0, np.zeros_like(h), np.zeros_like(W_out)
    for b in range(len(targets)):
        z = W_out[targets[b]] @ h[b]
        loss += np.logaddexp(0.0, -z)
        g = _sigmoid(z) - 1.0
        dh[b] += g * W_out[targets[b]]
        dW[targets[b]] += g * h[b]
        for n in negatives[b]:
            z = W_out[n] @ h[b]
            loss += np.logaddexp(0.0, z)
            dh[b] += _sigmoid(z) * W_out[n]
            dW[n] += _sigmoid(z) * h[b]
    return loss, dh, dW


@right("ns_loss_and_grads", "log1p of exp(-|z|), the other stable formula")
def _(W_out, h, targets, negatives):
    def log_s(x):
        return np.minimum(x, 0.0) - np.log1p(np.exp(-np.abs(x)))

    return _ns(W_out, h, targets, negatives, log_s=log_s)


@wrong("noise_distribution", "the unigram distribution", "unigram")
def _(counts):
    return counts / counts.sum()


@wrong("noise_distribution", "not normalized", "must sum to 1")
def _(counts):
    return counts.astype(float) ** 0.75


@wrong("noise_distribution", "normalized before the power", "normalize AFTER")
def _(counts):
    return (counts / counts.sum()) ** 0.75


@wrong("noise_distribution", "normalized by the sum of the counts")
def _(counts):
    return counts**0.75 / counts.sum()


@wrong("noise_distribution", "count-0 words dropped", "count 0 keeps its place")
def _(counts):
    kept = counts[counts > 0].astype(float)
    return kept**0.75 / np.sum(kept**0.75)


@wrong("noise_distribution", "integer division in the power")
def _(counts):
    w = counts ** (3 // 4)
    return w / w.sum()


@wrong("noise_distribution", "float32")
def _(counts):
    w = counts.astype(np.float32) ** 0.75
    return w / w.sum()


@wrong("noise_distribution", "add-one smoothing")
def _(counts):
    w = (counts + 1.0) ** 0.75
    return w / w.sum()


@wrong("noise_distribution", "the square root")
def _(counts):
    w = np.sqrt(counts)
    return w / w.sum()


@wrong("noise_distribution", "divided by V")
def _(counts):
    return counts**0.75 / len(counts)


@wrong("noise_distribution", "uniform")
def _(counts):
    return np.ones(len(counts)) / len(counts)


@wrong("noise_distribution", "zero counts raised to 1 in place")
def _(counts):
    np.maximum(counts, 1, out=counts)
    w = counts**0.75
    return w / w.sum()


@right("noise_distribution", "scaled by the largest count first")
def _(counts):
    w = (counts / counts.max()) ** 0.75
    return w / w.sum()


@right("noise_distribution", "exp of 0.75 log count")
def _(counts):
    with np.errstate(divide="ignore"):
        w = np.exp(0.75 * np.log(counts.astype(float)))
    return w / w.sum()


@right("noise_distribution", "np.power with a float dtype")
def _(counts):
    w = np.power(counts, 0.75, dtype=np.float64)
    return w / np.sum(w)


@wrong("keep_probability", "the paper's formula", "paper's formula")
def _(counts, total, sample):
    if sample == 0:
        return np.ones(len(counts))
    return np.minimum(1.0, np.sqrt(sample / (counts / total)))


@wrong("keep_probability", "the discard probability", "DISCARD")
def _(counts, total, sample):
    if sample == 0:
        return np.ones(len(counts))
    return np.minimum(1.0, 1.0 - np.sqrt(sample / (counts / total)))


@wrong("keep_probability", "no cap", "cannot exceed 1")
def _(counts, total, sample):
    if sample == 0:
        return np.ones(len(counts))
    r = sample * total / counts
    return np.sqrt(r) + r


@wrong("keep_probability", "the count for the frequency", "count / total")
def _(counts, total, sample):
    if sample == 0:
        return np.ones(len(counts))
    r = sample / counts
    return np.minimum(1.0, np.sqrt(r) + r)


@wrong("keep_probability", "sample = 0 not special", "sample = 0")
def _(counts, total, sample):
    r = sample * total / counts
    return np.minimum(1.0, np.sqrt(r) + r)


@wrong("keep_probability", "float32")
def _(counts, total, sample):
    if sample == 0:
        return np.ones(len(counts), dtype=np.float32)
    r = np.float32(sample) * total / counts.astype(np.float32)
    return np.minimum(np.float32(1.0), np.sqrt(r) + r)


@wrong("keep_probability", "the sum of the counts for total")
def _(counts, total, sample):
    if sample == 0:
        return np.ones(len(counts))
    r = sample * counts.sum() / counts
    return np.minimum(1.0, np.sqrt(r) + r)


@wrong("keep_probability", "f_w / t for t / f_w")
def _(counts, total, sample):
    if sample == 0:
        return np.ones(len(counts))
    r = (counts / total) / sample
    return np.minimum(1.0, np.sqrt(r) + r)


@wrong("keep_probability", "ones")
def _(counts, total, sample):
    return np.ones(len(counts))


@wrong("keep_probability", "zeros when sample = 0", "sample = 0")
def _(counts, total, sample):
    if sample == 0:
        return np.zeros(len(counts))
    r = sample * total / counts
    return np.minimum(1.0, np.sqrt(r) + r)


@wrong("keep_probability", "rounded to 3 decimals")
def _(counts, total, sample):
    if sample == 0:
        return np.ones(len(counts))
    r = sample * total / counts
    return np.round(np.minimum(1.0, np.sqrt(r) + r), 3)


@right("keep_probability", "the C tool's form (sqrt(f/t) + 1) t / f")
def _(counts, total, sample):
    if sample == 0:
        return np.ones(len(counts))
    f = counts / total
    return np.clip((np.sqrt(f / sample) + 1.0) * sample / f, 0.0, 1.0)


@right("keep_probability", "a loop with math.sqrt")
def _(counts, total, sample):
    keep = []
    for c in counts:
        if sample == 0:
            keep.append(1.0)
            continue
        r = sample / (c / total)
        keep.append(min(1.0, math.sqrt(r) + r))
    return np.array(keep)


# ====================================================================== hierarchical softmax
def _hs(W_out, h, codes, points, lengths, n_of=lambda n: n, log_s=_log_sigmoid, g_of=None, flip=False,
        path_mean=False, buffered=False, dtype=None):
    loss, dh, dW = 0.0, np.zeros_like(h), np.zeros_like(W_out)
    rows, values = [], []
    for b in range(len(h)):
        n = n_of(lengths[b])
        c = codes[b, :n].astype(float)
        c = 1.0 - c if flip else c
        U = W_out[points[b, :n]]
        z = U @ h[b]
        terms = -log_s((1.0 - 2.0 * c) * z)
        g = (g_of or (lambda z, c: _sigmoid(z) - (1.0 - c)))(z, c)
        if path_mean and n:
            terms, g = terms / n, g / n
        loss += terms.sum()
        dh[b] = g @ U
        rows.append(points[b, :n])
        values.append(g[:, None] * h[b])
    rows, values = np.concatenate(rows), np.concatenate(values)
    if buffered:
        dW[rows] += values
    else:
        np.add.at(dW, rows, values)
    if dtype is not None:
        return dtype(loss), dh.astype(dtype), dW.astype(dtype)
    return loss, dh, dW


@wrong("hs_loss_and_grads", "padding read", "it reads the padding")
def _(W_out, h, codes, points, lengths):
    return _hs(W_out, h, codes, points, np.full(len(h), codes.shape[1]))


@wrong("hs_loss_and_grads", "the last node skipped", "skips the last node")
def _(W_out, h, codes, points, lengths):
    return _hs(W_out, h, codes, points, lengths, n_of=lambda n: n - 1)


@wrong("hs_loss_and_grads", "the mean over the path", "SUM over its path")
def _(W_out, h, codes, points, lengths):
    return _hs(W_out, h, codes, points, lengths, path_mean=True)


@wrong("hs_loss_and_grads", "the mean over the batch", "SUM over the batch")
def _(W_out, h, codes, points, lengths):
    return tuple(x / len(h) for x in _hs(W_out, h, codes, points, lengths))


@wrong("hs_loss_and_grads", "float32")
def _(W_out, h, codes, points, lengths):
    return _hs(W_out, h, codes, points, lengths, dtype=np.float32)


@wrong("hs_loss_and_grads", "flipped bits", "the other way round")
def _(W_out, h, codes, points, lengths):
    return _hs(W_out, h, codes, points, lengths, flip=True)


@wrong("hs_loss_and_grads", "-log(s + 1e-10)")
def _(W_out, h, codes, points, lengths):
    return _hs(W_out, h, codes, points, lengths, log_s=lambda x: np.log(_sigmoid(x) + 1e-10))


@wrong("hs_loss_and_grads", "naive log s", "compute log s(z) stably")
def _(W_out, h, codes, points, lengths):
    return _hs(W_out, h, codes, points, lengths, log_s=lambda x: np.log(1.0 / (1.0 + np.exp(-x))))


@wrong("hs_loss_and_grads", "buffered += across the batch", "on the paths of several examples")
def _(W_out, h, codes, points, lengths):
    return _hs(W_out, h, codes, points, lengths, buffered=True)


@wrong("hs_loss_and_grads", "s(z_j) - c_j", "uses s(z_j) - c_j")
def _(W_out, h, codes, points, lengths):
    return _hs(W_out, h, codes, points, lengths, g_of=lambda z, c: _sigmoid(z) - c)


@wrong("hs_loss_and_grads", "dh summed over the batch")
def _(W_out, h, codes, points, lengths):
    loss, dh, dW = _hs(W_out, h, codes, points, lengths)
    return loss, dh.sum(axis=0), dW


@wrong("hs_loss_and_grads", "a constant loss and zero gradients")
def _(W_out, h, codes, points, lengths):
    return 1.0, np.zeros_like(h), np.zeros_like(W_out)


@right("hs_loss_and_grads", "masked and vectorized")
def _(W_out, h, codes, points, lengths):
    real = np.arange(codes.shape[1])[None, :] < lengths[:, None]  # (B, L)
    U = W_out[np.where(real, points, 0)]  # (B, L, D)
    z = np.einsum("bld,bd->bl", U, h)
    sign = 1.0 - 2.0 * codes
    loss = np.sum(np.where(real, np.logaddexp(0.0, -sign * z), 0.0))
    g = np.where(real, _sigmoid(z) - (1.0 - codes), 0.0)
    dW = np.zeros_like(W_out)
    np.add.at(dW, points[real], (g[:, :, None] * h[:, None, :])[real])
    return loss, np.einsum("bl,bld->bd", g, U), dW


@right("hs_loss_and_grads", "per example, buffered += within a path (its nodes are distinct)")
def _(W_out, h, codes, points, lengths):
    loss, dh, dW = 0.0, np.zeros_like(h), np.zeros_like(W_out)
    for b in range(len(h)):
        p, c = points[b, : lengths[b]], codes[b, : lengths[b]]
        z = W_out[p] @ h[b]
        loss += np.sum(np.logaddexp(0.0, np.where(c == 1, z, -z)))
        g = _sigmoid(z) - (1 - c)
        dh[b] = g @ W_out[p]
        dW[p] += np.outer(g, h[b])
    return loss, dh, dW


# ====================================================================== a second class, written apart
# More answers of the same kinds, written without reading the ones above or the catalogue:
# float32 arithmetic cast back to float64, eps and clips, 1-based ids, id 0 taken for padding,
# loops that overwrite, lists and 0-d arrays returned, longdouble, bincount.
def _sig2(x):
    return 1.0 / (1.0 + np.exp(-x))


def _branch_sigmoid(x):
    out = np.empty_like(x, dtype=float)
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    e = np.exp(x[~pos])
    out[~pos] = e / (1.0 + e)
    return out


def _log_sig2(x):
    return -np.logaddexp(0.0, -x)




# ------------------------------------------------------------------ softmax
def _softmax_rows(S):
    E = np.exp(S - S.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


@wrong("softmax", "clips scores to [-50, 50]")
def _(S):
    return _softmax_rows(np.clip(S, -50, 50))


@wrong("softmax", "no max shift", 'exp overflows for large scores: subtract each')
def _(S):
    return np.exp(S) / np.exp(S).sum(axis=1, keepdims=True)


@wrong("softmax", "columns (axis 0)", 'softmax over the wrong axis: each ROW holds o')
def _(S):
    E = np.exp(S - S.max(axis=0))
    return E / E.sum(axis=0)


@wrong("softmax", "+1e-4 in the denominator")
def _(S):
    E = np.exp(S - S.max(axis=1, keepdims=True))
    return E / (E.sum(axis=1, keepdims=True) + 1e-4)


@wrong("softmax", "off-by-one loop over columns")
def _(S):
    P = np.zeros_like(S)
    for i in range(S.shape[0]):
        m = S[i].max()
        tot = sum(math.exp(S[i, j] - m) for j in range(S.shape[1] - 1))
        for j in range(S.shape[1]):
            P[i, j] = math.exp(S[i, j] - m) / tot
    return P


@wrong("softmax", "float32 throughout")
def _(S):
    return _softmax_rows(S.astype(np.float32))


@wrong("softmax", "shift by the whole batch's maximum")
def _(S):
    E = np.exp(S - S.max())
    return E / E.sum(axis=1, keepdims=True)


@wrong("softmax", "overwrites its input")
def _(S):
    S -= S.max(axis=1, keepdims=True)
    np.exp(S, out=S)
    S /= S.sum(axis=1, keepdims=True)
    return S


@wrong("softmax", "uniform rows")
def _(S):
    return np.full(S.shape, 1.0 / S.shape[1])


@wrong("softmax", "shift by the minimum")
def _(S):
    E = np.exp(S - S.min(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


@wrong("softmax", "sum without keepdims (divides by the transposed sums)")
def _(S):
    E = np.exp(S - S.max(axis=1, keepdims=True))
    return (E.T / E.sum(axis=1)).T if S.shape[0] != S.shape[1] else E / E.sum(axis=1)


@wrong("softmax", "squeezes a batch of 1")
def _(S):
    return np.squeeze(_softmax_rows(S))


@wrong("softmax", "log1p in the log-sum-exp")
def _(S):
    m = S.max(axis=1, keepdims=True)
    return np.exp(S - m - np.log1p(np.exp(S - m).sum(axis=1, keepdims=True)))


@wrong("softmax", "nan_to_num over the naive softmax")
def _(S):
    return np.nan_to_num(np.exp(S) / np.exp(S).sum(axis=1, keepdims=True))


@wrong("softmax", "clips the probabilities at 1e-6")
def _(S):
    return np.clip(_softmax_rows(S), 1e-6, 1.0)


@right("softmax", "einsum and a loop over rows")
def _(S):
    P = np.empty(S.shape)
    for i, row in enumerate(S):
        e = np.exp(row - np.max(row))
        P[i] = e / np.einsum("j->", e)
    return P


@right("softmax", "log-sum-exp by hand")
def _(S):
    m = np.max(S, axis=1, keepdims=True)
    lse = m + np.log(np.sum(np.exp(S - m), axis=1, keepdims=True))
    return np.exp(S - lse)


@right("softmax", "longdouble, cast back")
def _(S):
    L = S.astype(np.longdouble)
    E = np.exp(L - L.max(axis=1, keepdims=True))
    return (E / E.sum(axis=1, keepdims=True)).astype(np.float64)


@right("softmax", "math.exp in double loops, a list of lists")
def _(S):
    out = []
    for row in S.tolist():
        m = max(row)
        e = [math.exp(x - m) for x in row]
        t = sum(e)
        out.append([x / t for x in e])
    return out


# ------------------------------------------------------------------ one-hot network
def _mean_onehots(contexts, V):
    B, C = contexts.shape
    X = np.zeros((B, V))
    for b in range(B):
        for c in contexts[b]:
            X[b, c] += 1.0 / C
    return X


def _network(W_in, W_out, contexts, targets, eps=0.0, naive=False, summed=False, mean=False, clip_p=False,
         global_shift=False, first_only=False, set_x=False, f32=False):
    B, C = contexts.shape
    V = W_in.shape[0]
    if set_x:
        X = np.zeros((B, V))
        X[np.arange(B)[:, None], contexts] += 1.0 / C
    elif first_only:
        X = np.eye(V)[contexts[:, 0]]
    else:
        X = _mean_onehots(contexts, V) * (C if summed else 1)
    if f32:
        X, W_in, W_out = X.astype(np.float32), W_in.astype(np.float32), W_out.astype(np.float32)
    H = X @ W_in
    S = H @ W_out.T
    if naive or eps or clip_p:
        P = np.exp(S) / np.exp(S).sum(axis=1, keepdims=True) if naive else _softmax_rows(S)
        if clip_p:
            P = np.clip(P, 1e-12, 1.0)
        logp = np.log(P[np.arange(B), targets] + eps)
    else:
        m = S.max() if global_shift else S.max(axis=1, keepdims=True)
        logP = S - m - np.log(np.exp(S - m).sum(axis=1, keepdims=True))
        logp = logP[np.arange(B), targets]
    P = _softmax_rows(S)
    loss = -logp.sum() / (B if mean else 1)
    return loss, X, H, S, P


@wrong("onehot_loss", "-log(p + 1e-10)")
def _(W_in, W_out, contexts, targets):
    return _network(W_in, W_out, contexts, targets, eps=1e-10)[0]


@wrong("onehot_loss", "naive softmax", 'the loss is not finite for large scores: subt')
def _(W_in, W_out, contexts, targets):
    return _network(W_in, W_out, contexts, targets, naive=True)[0]


@wrong("onehot_loss", "mean over the batch", 'the loss is the SUM over the batch of -log p,')
def _(W_in, W_out, contexts, targets):
    return _network(W_in, W_out, contexts, targets, mean=True)[0]


@wrong("onehot_loss", "sum of the context one-hots", 'C times too large: h is the MEAN of the C con')
def _(W_in, W_out, contexts, targets):
    return _network(W_in, W_out, contexts, targets, summed=True)[0]


@wrong("onehot_loss", "first context word only")
def _(W_in, W_out, contexts, targets):
    return _network(W_in, W_out, contexts, targets, first_only=True)[0]


@wrong("onehot_loss", "W_in as the output matrix")
def _(W_in, W_out, contexts, targets):
    return _network(W_in, W_in, contexts, targets)[0]


@wrong("onehot_loss", "float32 loss")
def _(W_in, W_out, contexts, targets):
    return np.float32(_network(W_in, W_out, contexts, targets)[0])


@wrong("onehot_loss", "clips p at 1e-12 before the log")
def _(W_in, W_out, contexts, targets):
    return _network(W_in, W_out, contexts, targets, clip_p=True)[0]


@wrong("onehot_loss", "X built by a buffered fancy +=")
def _(W_in, W_out, contexts, targets):
    return _network(W_in, W_out, contexts, targets, set_x=True)[0]


@wrong("onehot_loss", "per-example losses, not summed")
def _(W_in, W_out, contexts, targets):
    H = _mean_onehots(contexts, W_in.shape[0]) @ W_in
    S = H @ W_out.T
    m = S.max(axis=1, keepdims=True)
    return -(S - m - np.log(np.exp(S - m).sum(axis=1, keepdims=True)))[np.arange(len(targets)), targets]


@wrong("onehot_loss", "shifts by the batch's maximum")
def _(W_in, W_out, contexts, targets):
    return _network(W_in, W_out, contexts, targets, global_shift=True)[0]


@wrong("onehot_loss", "log1p for the log-sum-exp")
def _(W_in, W_out, contexts, targets):
    H = _mean_onehots(contexts, W_in.shape[0]) @ W_in
    S = H @ W_out.T
    m = S.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log1p(np.exp(S - m).sum(axis=1))
    return float(np.sum(lse - S[np.arange(len(targets)), targets]))


@wrong("onehot_loss", "targets as columns of all rows")
def _(W_in, W_out, contexts, targets):
    H = _mean_onehots(contexts, W_in.shape[0]) @ W_in
    S = H @ W_out.T
    m = S.max(axis=1, keepdims=True)
    logP = S - m - np.log(np.exp(S - m).sum(axis=1, keepdims=True))
    return -logP[:, targets].sum() / len(targets)


@wrong("onehot_loss", "zero")
def _(W_in, W_out, contexts, targets):
    return 0.0


@right("onehot_loss", "loop over examples with math")
def _(W_in, W_out, contexts, targets):
    total = 0.0
    for b in range(len(targets)):
        h = W_in[contexts[b]].mean(axis=0)
        s = W_out @ h
        m = s.max()
        total += m + math.log(sum(math.exp(x - m) for x in s)) - s[targets[b]]
    return total


@right("onehot_loss", "einsum, a 0-d array")
def _(W_in, W_out, contexts, targets):
    H = np.einsum("bcd->bd", W_in[contexts]) / contexts.shape[1]
    S = np.einsum("bd,vd->bv", H, W_out)
    m = S.max(axis=1)
    lse = m + np.log(np.exp(S - m[:, None]).sum(axis=1))
    return np.array(np.sum(lse - S[np.arange(len(targets)), targets]))


@right("onehot_loss", "longdouble")
def _(W_in, W_out, contexts, targets):
    H = (_mean_onehots(contexts, W_in.shape[0]) @ W_in).astype(np.longdouble)
    S = H @ W_out.astype(np.longdouble).T
    m = S.max(axis=1, keepdims=True)
    logP = S - m - np.log(np.exp(S - m).sum(axis=1, keepdims=True))
    return float(-logP[np.arange(len(targets)), targets].sum())


def _network_grads(W_in, W_out, contexts, targets, E=None, **kw):
    loss, X, H, S, P = _network(W_in, W_out, contexts, targets, **kw)
    if E is None:
        E = P.copy()
        E[np.arange(len(targets)), targets] -= 1.0
    return loss, X.T @ (E @ W_out), E.T @ H


@wrong("onehot_loss_and_grads", "-log(p + 1e-10)")
def _(W_in, W_out, contexts, targets):
    return _network_grads(W_in, W_out, contexts, targets, eps=1e-10)


@wrong("onehot_loss_and_grads", "vectorised buffered dW_in[contexts] +=",
       "repeated words lose gradient: `dW_in[ids] += ")
def _(W_in, W_out, contexts, targets):
    loss, _, dW_out = _network_grads(W_in, W_out, contexts, targets)
    P = _softmax_rows(_mean_onehots(contexts, len(W_in)) @ W_in @ W_out.T)
    P[np.arange(len(targets)), targets] -= 1
    dH = P @ W_out
    dW_in = np.zeros_like(W_in)
    dW_in[contexts] += dH[:, None, :] / contexts.shape[1]
    return loss, dW_in, dW_out


@wrong("onehot_loss_and_grads", "dW_in without 1/C", 'dW_in is C times too large: h is the mean, so')
def _(W_in, W_out, contexts, targets):
    loss, dW_in, dW_out = _network_grads(W_in, W_out, contexts, targets)
    return loss, dW_in * contexts.shape[1], dW_out


@wrong("onehot_loss_and_grads", "Y - P", 'the gradients have the wrong sign: dL/dS = P ')
def _(W_in, W_out, contexts, targets):
    loss, dW_in, dW_out = _network_grads(W_in, W_out, contexts, targets)
    return loss, -dW_in, -dW_out


@wrong("onehot_loss_and_grads", "dW_out = H^T E, shape (D, V)", 'dW_out must have the shape of W_out, (V, D): ')
def _(W_in, W_out, contexts, targets):
    loss, dW_in, dW_out = _network_grads(W_in, W_out, contexts, targets)
    return loss, dW_in, dW_out.T


@wrong("onehot_loss_and_grads", "mean loss, summed gradients", 'the loss is the SUM over the batch of -log p,')
def _(W_in, W_out, contexts, targets):
    loss, dW_in, dW_out = _network_grads(W_in, W_out, contexts, targets)
    return loss / len(targets), dW_in, dW_out


@wrong("onehot_loss_and_grads", "E[:, targets] -= 1")
def _(W_in, W_out, contexts, targets):
    P = _softmax_rows(_mean_onehots(contexts, len(W_in)) @ W_in @ W_out.T)
    E = P.copy()
    E[:, targets] -= 1.0
    return _network_grads(W_in, W_out, contexts, targets, E=E)


@wrong("onehot_loss_and_grads", "float32 gradients")
def _(W_in, W_out, contexts, targets):
    loss, dW_in, dW_out = _network_grads(W_in, W_out, contexts, targets)
    return loss, dW_in.astype(np.float32), dW_out.astype(np.float32)


@wrong("onehot_loss_and_grads", "loop that overwrites instead of accumulating")
def _(W_in, W_out, contexts, targets):
    loss = _network(W_in, W_out, contexts, targets)[0]
    dW_in, dW_out = np.zeros_like(W_in), np.zeros_like(W_out)
    for b in range(len(targets)):
        h = W_in[contexts[b]].mean(axis=0)
        e = _softmax_rows((W_out @ h)[None])[0]
        e[targets[b]] -= 1
        dW_out = np.outer(e, h)
        for c in contexts[b]:
            dW_in[c] += (W_out.T @ e) / contexts.shape[1]
    return loss, dW_in, dW_out


@wrong("onehot_loss_and_grads", "dH = E @ W_in")
def _(W_in, W_out, contexts, targets):
    loss, X, H, S, P = _network(W_in, W_out, contexts, targets)
    P[np.arange(len(targets)), targets] -= 1
    return loss, X.T @ (P @ W_in), P.T @ H


@wrong("onehot_loss_and_grads", "naive softmax", 'the loss is not finite for large scores: subt')
def _(W_in, W_out, contexts, targets):
    return _network_grads(W_in, W_out, contexts, targets, naive=True)


@wrong("onehot_loss_and_grads", "first context word gets all of dH")
def _(W_in, W_out, contexts, targets):
    loss, X, H, S, P = _network(W_in, W_out, contexts, targets)
    P[np.arange(len(targets)), targets] -= 1
    dW_in = np.zeros_like(W_in)
    np.add.at(dW_in, contexts[:, 0], P @ W_out)
    return loss, dW_in, P.T @ H


@wrong("onehot_loss_and_grads", "zeros")
def _(W_in, W_out, contexts, targets):
    return 1.0, np.zeros_like(W_in), np.zeros_like(W_out)


@right("onehot_loss_and_grads", "np.add.at and einsum, a list")
def _(W_in, W_out, contexts, targets):
    B, C = contexts.shape
    H = W_in[contexts].mean(axis=1)
    S = np.einsum("bd,vd->bv", H, W_out)
    m = S.max(axis=1, keepdims=True)
    logP = S - m - np.log(np.exp(S - m).sum(axis=1, keepdims=True))
    E = np.exp(logP)
    E[np.arange(B), targets] -= 1
    dW_in = np.zeros_like(W_in)
    np.add.at(dW_in, contexts.ravel(), np.repeat(E @ W_out / C, C, axis=0))
    return [-logP[np.arange(B), targets].sum(), dW_in, np.einsum("bv,bd->vd", E, H)]


@right("onehot_loss_and_grads", "loops")
def _(W_in, W_out, contexts, targets):
    loss = 0.0
    dW_in, dW_out = np.zeros(W_in.shape), np.zeros(W_out.shape)
    for b in range(len(targets)):
        h = W_in[contexts[b]].mean(axis=0)
        s = W_out @ h
        p = np.exp(s - s.max())
        p /= p.sum()
        loss -= np.log(p[targets[b]]) if p[targets[b]] > 1e-300 else (s[targets[b]] - s.max()
                                                                      - np.log(np.exp(s - s.max()).sum()))
        p[targets[b]] -= 1
        dW_out += np.outer(p, h)
        for c in contexts[b]:
            dW_in[c] += W_out.T @ p / len(contexts[b])
    return loss, dW_in, dW_out


@right("onehot_loss_and_grads", "0-d loss array")
def _(W_in, W_out, contexts, targets):
    loss, dW_in, dW_out = _network_grads(W_in, W_out, contexts, targets)
    return np.array(loss), dW_in, dW_out


# ------------------------------------------------------------------ skip-gram / CBOW
@wrong("skipgram_forward", "columns", "h reads COLUMNS of W_in: word w's vector is t")
def _(W_in, inputs):
    return W_in[:, inputs].T


@wrong("skipgram_forward", "squeeze")
def _(W_in, inputs):
    return W_in[inputs].squeeze()


@wrong("skipgram_forward", "unique inputs", 'h needs one row per example, even when a word')
def _(W_in, inputs):
    return W_in[np.unique(inputs)]


@wrong("skipgram_forward", "1-based ids")
def _(W_in, inputs):
    return np.eye(len(W_in))[inputs - 1] @ W_in


@wrong("skipgram_forward", "float32")
def _(W_in, inputs):
    return W_in[inputs].astype(np.float32)


@wrong("skipgram_forward", "mean over the batch")
def _(W_in, inputs):
    return W_in[inputs].mean(axis=0, keepdims=True)


@wrong("skipgram_forward", "loop indexing by b")
def _(W_in, inputs):
    h = np.zeros((len(inputs), W_in.shape[1]))
    for b in range(len(inputs)):
        h[b] = W_in[b % len(W_in)]
    return h


@wrong("skipgram_forward", "integer buffer")
def _(W_in, inputs):
    h = np.zeros((len(inputs), W_in.shape[1]), dtype=int)
    for b, w in enumerate(inputs):
        h[b] = W_in[w]
    return h


@wrong("skipgram_forward", "sorted inputs")
def _(W_in, inputs):
    return W_in[np.sort(inputs)]


@wrong("skipgram_forward", "normalised rows")
def _(W_in, inputs):
    h = W_in[inputs]
    return h / np.linalg.norm(h, axis=1, keepdims=True)


@wrong("skipgram_forward", "zeros")
def _(W_in, inputs):
    return np.zeros((len(inputs), W_in.shape[1]))


@wrong("skipgram_forward", "off-by-one slice")
def _(W_in, inputs):
    return W_in[inputs[:-1]] if len(inputs) > 1 else W_in[inputs]


@wrong("skipgram_forward", "returns W_in rows 0..B-1")
def _(W_in, inputs):
    return W_in[: len(inputs)].copy()


@right("skipgram_forward", "np.take")
def _(W_in, inputs):
    return np.take(W_in, inputs, axis=0)


@right("skipgram_forward", "one-hot product")
def _(W_in, inputs):
    return np.eye(W_in.shape[0])[inputs] @ W_in


@right("skipgram_forward", "list of rows")
def _(W_in, inputs):
    return [list(W_in[i]) for i in inputs]


@wrong("skipgram_backward", "buffered +=", 'repeated inputs lose gradient: `dW_in[inputs]')
def _(dh, inputs, V):
    dW = np.zeros((V, dh.shape[1]))
    dW[inputs] += dh
    return dW


@wrong("skipgram_backward", "assignment", 'repeated inputs lose gradient: `dW_in[inputs]')
def _(dh, inputs, V):
    dW = np.zeros((V, dh.shape[1]))
    dW[inputs] = dh
    return dW


@wrong("skipgram_backward", "minus", 'the gradient has the wrong sign: h IS the inp')
def _(dh, inputs, V):
    dW = np.zeros((V, dh.shape[1]))
    np.add.at(dW, inputs, -dh)
    return dW


@wrong("skipgram_backward", "divided by B", 'the gradient is divided by B: each example ad')
def _(dh, inputs, V):
    dW = np.zeros((V, dh.shape[1]))
    np.add.at(dW, inputs, dh / len(inputs))
    return dW


@wrong("skipgram_backward", "returns dh", 'dW_in has one row per WORD of the vocabulary,')
def _(dh, inputs, V):
    return dh


@wrong("skipgram_backward", "integer buffer")
def _(dh, inputs, V):
    dW = np.zeros((V, dh.shape[1]), dtype=int)
    for b, w in enumerate(inputs):
        dW[w] = dW[w] + dh[b]
    return dW


@wrong("skipgram_backward", "float32 buffer")
def _(dh, inputs, V):
    dW = np.zeros((V, dh.shape[1]), dtype=np.float32)
    np.add.at(dW, inputs, dh)
    return dW


@wrong("skipgram_backward", "loop misses the last example")
def _(dh, inputs, V):
    dW = np.zeros((V, dh.shape[1]))
    for b in range(len(inputs) - 1):
        dW[inputs[b]] += dh[b]
    return dW


@wrong("skipgram_backward", "dW[inputs] = dW[inputs] + dh", 'repeated inputs lose gradient: `dW_in[inputs]')
def _(dh, inputs, V):
    dW = np.zeros((V, dh.shape[1]))
    dW[inputs] = dW[inputs] + dh
    return dW


@wrong("skipgram_backward", "1-based ids")
def _(dh, inputs, V):
    dW = np.zeros((V, dh.shape[1]))
    np.add.at(dW, inputs - 1, dh)
    return dW


@wrong("skipgram_backward", "mean over repeats")
def _(dh, inputs, V):
    dW = np.zeros((V, dh.shape[1]))
    np.add.at(dW, inputs, dh)
    n = np.bincount(inputs, minlength=V)
    return dW / np.maximum(n, 1)[:, None]


@wrong("skipgram_backward", "zeros")
def _(dh, inputs, V):
    return np.zeros((V, dh.shape[1]))


@wrong("skipgram_backward", "modifies dh")
def _(dh, inputs, V):
    dW = np.zeros((V, dh.shape[1]))
    for b, w in enumerate(inputs):
        dW[w] += dh[b]
        dh[b] = 0
    return dW


@right("skipgram_backward", "one-hot transposed product")
def _(dh, inputs, V):
    return np.eye(V)[inputs].T @ dh


@right("skipgram_backward", "bincount per column")
def _(dh, inputs, V):
    return np.stack([np.bincount(inputs, weights=dh[:, d], minlength=V) for d in range(dh.shape[1])], axis=1)


@right("skipgram_backward", "loop")
def _(dh, inputs, V):
    dW = np.zeros((V, dh.shape[1]))
    for b in range(len(inputs)):
        dW[inputs[b], :] += dh[b, :]
    return dW


def _real_slots(contexts, n_context):
    return np.arange(contexts.shape[1])[None, :] < n_context[:, None]


@wrong("cbow_forward", "mean over the padded row", 'it reads the padding: only the first n_contex')
def _(W_in, contexts, n_context):
    return W_in[contexts].mean(axis=1)


@wrong("cbow_forward", "sum", 'C times too large: h is the MEAN of the conte')
def _(W_in, contexts, n_context):
    return (W_in[contexts] * _real_slots(contexts, n_context)[:, :, None]).sum(axis=1)


@wrong("cbow_forward", "real sum over width", 'it divides by the width C of the padded matri')
def _(W_in, contexts, n_context):
    return (W_in[contexts] * _real_slots(contexts, n_context)[:, :, None]).sum(axis=1) / contexts.shape[1]


@wrong("cbow_forward", "n_context - 1 words")
def _(W_in, contexts, n_context):
    return np.array([W_in[contexts[b, : max(n - 1, 1)]].mean(axis=0) for b, n in enumerate(n_context)])


@wrong("cbow_forward", "unique words")
def _(W_in, contexts, n_context):
    return np.array([W_in[np.unique(contexts[b, :n])].mean(axis=0) for b, n in enumerate(n_context)])


@wrong("cbow_forward", "id 0 taken for padding")
def _(W_in, contexts, n_context):
    m = contexts != 0
    m[:, 0] |= ~m.any(axis=1)
    return (W_in[contexts] * m[:, :, None]).sum(axis=1) / m.sum(axis=1, keepdims=True)


@wrong("cbow_forward", "float32 buffer")
def _(W_in, contexts, n_context):
    h = np.zeros((len(n_context), W_in.shape[1]), dtype=np.float32)
    for b, n in enumerate(n_context):
        for c in contexts[b, :n]:
            h[b] += W_in[c] / n
    return h


@wrong("cbow_forward", "squeeze")
def _(W_in, contexts, n_context):
    return np.squeeze((W_in[contexts] * _real_slots(contexts, n_context)[:, :, None]).sum(axis=1) / n_context[:, None])


@wrong("cbow_forward", "buffered one-hot counts")
def _(W_in, contexts, n_context):
    X = np.zeros((len(n_context), W_in.shape[0]))
    rows = np.repeat(np.arange(len(n_context)), contexts.shape[1]).reshape(contexts.shape)
    m = _real_slots(contexts, n_context)
    X[rows[m], contexts[m]] += 1
    return X @ W_in / n_context[:, None]


@wrong("cbow_forward", "mean over the batch axis")
def _(W_in, contexts, n_context):
    s = (W_in[contexts] * _real_slots(contexts, n_context)[:, :, None]).sum(axis=1) / n_context[:, None]
    return np.broadcast_to(s.mean(axis=0), s.shape).copy()


@wrong("cbow_forward", "zeros")
def _(W_in, contexts, n_context):
    return np.zeros((len(n_context), W_in.shape[1]))


@wrong("cbow_forward", "first context word")
def _(W_in, contexts, n_context):
    return W_in[contexts[:, 0]]


@right("cbow_forward", "masked einsum")
def _(W_in, contexts, n_context):
    m = _real_slots(contexts, n_context).astype(float)
    return np.einsum("bc,bcd->bd", m, W_in[contexts]) / n_context[:, None]


@right("cbow_forward", "loop")
def _(W_in, contexts, n_context):
    h = np.zeros((len(n_context), W_in.shape[1]))
    for b in range(len(n_context)):
        for j in range(n_context[b]):
            h[b] += W_in[contexts[b, j]]
        h[b] /= n_context[b]
    return h


@right("cbow_forward", "nanmean")
def _(W_in, contexts, n_context):
    V = W_in[contexts].astype(float)
    V[~_real_slots(contexts, n_context)] = np.nan
    return np.nanmean(V, axis=1)


def _cbow_scatter(dh, contexts, n_context, V, power=1, mask=None, add="at", divide=None):
    dW = np.zeros((V, dh.shape[1]))
    m = _real_slots(contexts, n_context) if mask is None else mask
    share = dh / (n_context[:, None] ** power if divide is None else divide)
    for b in range(len(n_context)):
        for j in np.flatnonzero(m[b]):
            if add == "at":
                dW[contexts[b, j]] += share[b]
            elif add == "set":
                dW[contexts[b, j]] = share[b]
    return dW


@wrong("cbow_backward", "no 1/n", 'the gradient is C times too large: the mean d')
def _(dh, contexts, n_context, V):
    return _cbow_scatter(dh, contexts, n_context, V, power=0)


@wrong("cbow_backward", "1/n squared", 'the 1/C is applied twice: each context word g')
def _(dh, contexts, n_context, V):
    return _cbow_scatter(dh, contexts, n_context, V, power=2)


@wrong("cbow_backward", "buffered += per example", 'repeated context words lose gradient: `dW_in[')
def _(dh, contexts, n_context, V):
    dW = np.zeros((V, dh.shape[1]))
    for b, n in enumerate(n_context):
        dW[contexts[b, :n]] += dh[b] / n
    return dW


@wrong("cbow_backward", "padding gets gradient", 'padding entries receive gradient: only the fi')
def _(dh, contexts, n_context, V):
    return _cbow_scatter(dh, contexts, n_context, V, mask=np.ones(contexts.shape, bool))


@wrong("cbow_backward", "divides by the width")
def _(dh, contexts, n_context, V):
    return _cbow_scatter(dh, contexts, n_context, V, divide=contexts.shape[1])


@wrong("cbow_backward", "id 0 taken for padding")
def _(dh, contexts, n_context, V):
    m = contexts != 0
    return _cbow_scatter(dh, contexts, n_context, V, mask=m, divide=np.maximum(m.sum(axis=1), 1)[:, None])


@wrong("cbow_backward", "assignment", 'repeated context words lose gradient: `dW_in[')
def _(dh, contexts, n_context, V):
    return _cbow_scatter(dh, contexts, n_context, V, add="set")


@wrong("cbow_backward", "float32")
def _(dh, contexts, n_context, V):
    return _cbow_scatter(dh, contexts, n_context, V).astype(np.float32)


@wrong("cbow_backward", "n_context - 1")
def _(dh, contexts, n_context, V):
    return _cbow_scatter(dh, contexts, np.maximum(n_context - 1, 1), V)


@wrong("cbow_backward", "minus")
def _(dh, contexts, n_context, V):
    return -_cbow_scatter(dh, contexts, n_context, V)


@wrong("cbow_backward", "returns per-example rows")
def _(dh, contexts, n_context, V):
    return dh / n_context[:, None]


@wrong("cbow_backward", "vectorised buffered", 'repeated context words lose gradient: `dW_in[')
def _(dh, contexts, n_context, V):
    dW = np.zeros((V, dh.shape[1]))
    m = _real_slots(contexts, n_context)
    dW[contexts[m]] += np.repeat(dh / n_context[:, None], n_context, axis=0)
    return dW


@wrong("cbow_backward", "zeros")
def _(dh, contexts, n_context, V):
    return np.zeros((V, dh.shape[1]))


@right("cbow_backward", "one-hot counts by add.at")
def _(dh, contexts, n_context, V):
    X = np.zeros((len(n_context), V))
    m = _real_slots(contexts, n_context)
    rows = np.nonzero(m)[0]
    np.add.at(X, (rows, contexts[m]), 1.0 / n_context[rows])
    return X.T @ dh


@right("cbow_backward", "loop")
def _(dh, contexts, n_context, V):
    return _cbow_scatter(dh, contexts, n_context, V)


@right("cbow_backward", "bincount")
def _(dh, contexts, n_context, V):
    m = _real_slots(contexts, n_context)
    ids = contexts[m]
    share = np.repeat(dh / n_context[:, None], n_context, axis=0)
    return np.column_stack([np.bincount(ids, weights=share[:, d], minlength=V) for d in range(dh.shape[1])])


@wrong("sgd_update", "buffered -=", 'repeated rows lose updates: `W[rows] -= ...` ')
def _(W, rows, grad_rows, lr):
    W[rows] -= lr * grad_rows
    return W


@wrong("sgd_update", "new array", 'W must be updated in place (and returned): th')
def _(W, rows, grad_rows, lr):
    W = W.copy()
    np.subtract.at(W, rows, lr * grad_rows)
    return W


@wrong("sgd_update", "W[rows] = W[rows] - ...", 'repeated rows lose updates: `W[rows] -= ...` ')
def _(W, rows, grad_rows, lr):
    W[rows] = W[rows] - lr * grad_rows
    return W


@wrong("sgd_update", "plus", 'the update goes uphill: gradient descent SUBT')
def _(W, rows, grad_rows, lr):
    np.add.at(W, rows, lr * grad_rows)
    return W


@wrong("sgd_update", "no lr", 'the step ignores the learning rate lr')
def _(W, rows, grad_rows, lr):
    np.subtract.at(W, rows, grad_rows)
    return W


@wrong("sgd_update", "returns None")
def _(W, rows, grad_rows, lr):
    np.subtract.at(W, rows, lr * grad_rows)


@wrong("sgd_update", "loop misses the last row")
def _(W, rows, grad_rows, lr):
    for i in range(len(rows) - 1):
        W[rows[i]] -= lr * grad_rows[i]
    return W


@wrong("sgd_update", "averages repeated rows")
def _(W, rows, grad_rows, lr):
    for r in np.unique(rows):
        W[r] -= lr * grad_rows[rows == r].mean(axis=0)
    return W


@wrong("sgd_update", "lr squared")
def _(W, rows, grad_rows, lr):
    np.subtract.at(W, rows, lr * lr * grad_rows)
    return W


@wrong("sgd_update", "float32 copy")
def _(W, rows, grad_rows, lr):
    W32 = W.astype(np.float32)
    np.subtract.at(W32, rows, lr * grad_rows)
    W[...] = W32
    return W32


@wrong("sgd_update", "sums gradients into every row")
def _(W, rows, grad_rows, lr):
    W[np.unique(rows)] -= lr * grad_rows.sum(axis=0)
    return W


@wrong("sgd_update", "modifies grad_rows")
def _(W, rows, grad_rows, lr):
    grad_rows *= lr
    np.subtract.at(W, rows, grad_rows)
    return W


@wrong("sgd_update", "unchanged")
def _(W, rows, grad_rows, lr):
    return W


@right("sgd_update", "loop")
def _(W, rows, grad_rows, lr):
    for i, r in enumerate(rows):
        W[r] -= lr * grad_rows[i]
    return W


@right("sgd_update", "one-hot product in place")
def _(W, rows, grad_rows, lr):
    W -= lr * (np.eye(W.shape[0])[rows].T @ grad_rows)
    return W


@right("sgd_update", "W[...] = new")
def _(W, rows, grad_rows, lr):
    new = W.copy()
    np.add.at(new, rows, -lr * grad_rows)
    W[...] = new
    return W


# ------------------------------------------------------------------ negative sampling
def _ns_answer(W_out, h, targets, negatives, loss_fn=None, g_o_fn=None, dh_neg=True, mean=False, buffered=False,
        f32=False, h_row0=False, first_neg=False):
    if first_neg:
        negatives = negatives[:, :1]
    u_o, U = W_out[targets], W_out[negatives]
    z_o, z_k = np.sum(u_o * h, axis=1), np.einsum("bkd,bd->bk", U, h)
    loss = (loss_fn or (lambda zo, zk: -_log_sig2(zo).sum() - _log_sig2(-zk).sum()))(z_o, z_k)
    g_o = (g_o_fn or (lambda z: _sig2(z) - 1.0))(z_o)
    g_k = _sig2(z_k)
    dh = g_o[:, None] * u_o + (np.einsum("bk,bkd->bd", g_k, U) if dh_neg else 0)
    dW = np.zeros_like(W_out)
    hh = np.broadcast_to(h[0], h.shape) if h_row0 else h
    if buffered:
        dW[targets] += g_o[:, None] * hh
        for j in range(negatives.shape[1]):
            dW[negatives[:, j]] += g_k[:, j, None] * hh
    else:
        np.add.at(dW, targets, g_o[:, None] * hh)
        np.add.at(dW, negatives, g_k[:, :, None] * hh[:, None, :])
    if mean:
        loss /= len(targets)
    if f32:
        return np.float32(loss), dh.astype(np.float32), dW.astype(np.float32)
    return loss, dh, dW


@wrong("ns_loss_and_grads", "-log(s + 1e-10)")
def _(W_out, h, targets, negatives):
    return _ns_answer(W_out, h, targets, negatives,
               loss_fn=lambda zo, zk: -np.log(_sig2(zo) + 1e-10).sum() - np.log(_sig2(-zk) + 1e-10).sum())


@wrong("ns_loss_and_grads", "naive log sigmoid", 'the loss is not finite for large scores: comp')
def _(W_out, h, targets, negatives):
    return _ns_answer(W_out, h, targets, negatives,
                      loss_fn=lambda zo, zk: -np.log(_sig2(zo)).sum() - np.log(_sig2(-zk)).sum())


@wrong("ns_loss_and_grads", "log(1 - s(z)) for the negatives", 'the loss is not finite for large scores: comp')
def _(W_out, h, targets, negatives):
    return _ns_answer(W_out, h, targets, negatives,
               loss_fn=lambda zo, zk: -_log_sig2(zo).sum() - np.log(1 - _sig2(zk)).sum())


@wrong("ns_loss_and_grads", "stable sigmoid, then log", 'the loss is not finite for large scores: comp')
def _(W_out, h, targets, negatives):
    return _ns_answer(W_out, h, targets, negatives,
               loss_fn=lambda zo, zk: -np.log(_branch_sigmoid(zo)).sum() - np.log(_branch_sigmoid(-zk)).sum())


@wrong("ns_loss_and_grads", "clips z to [-30, 30]")
def _(W_out, h, targets, negatives):
    return _ns_answer(W_out, h, targets, negatives,
               loss_fn=lambda zo, zk: -_log_sig2(np.clip(zo, -30, 30)).sum() - _log_sig2(-np.clip(zk, -30, 30)).sum())


@wrong("ns_loss_and_grads", "buffered +=", 'a word drawn twice (or a negative equal to it')
def _(W_out, h, targets, negatives):
    return _ns_answer(W_out, h, targets, negatives, buffered=True)


@wrong("ns_loss_and_grads", "flipped gradients", 'the gradients have the wrong sign: g_o = s(z_')
def _(W_out, h, targets, negatives):
    loss, dh, dW = _ns_answer(W_out, h, targets, negatives)
    return loss, -dh, -dW


@wrong("ns_loss_and_grads", "log s(z_k) for negatives", "the negatives' loss term is log s(-z^-_i): s(")
def _(W_out, h, targets, negatives):
    return _ns_answer(W_out, h, targets, negatives, loss_fn=lambda zo, zk: -_log_sig2(zo).sum() - _log_sig2(zk).sum())


@wrong("ns_loss_and_grads", "dh misses negatives", 'dL/dh misses the negatives: add sum_i s(z^-_i')
def _(W_out, h, targets, negatives):
    return _ns_answer(W_out, h, targets, negatives, dh_neg=False)


@wrong("ns_loss_and_grads", "mean loss", 'the loss is the SUM over the batch of -log p,')
def _(W_out, h, targets, negatives):
    return _ns_answer(W_out, h, targets, negatives, mean=True)


@wrong("ns_loss_and_grads", "g_o = s(z_o)", "the target's gradient uses s(z_o) where s(z_o")
def _(W_out, h, targets, negatives):
    return _ns_answer(W_out, h, targets, negatives, g_o_fn=_sig2)


@wrong("ns_loss_and_grads", "first negative only")
def _(W_out, h, targets, negatives):
    return _ns_answer(W_out, h, targets, negatives, first_neg=True)


@wrong("ns_loss_and_grads", "h of the first example in dW")
def _(W_out, h, targets, negatives):
    return _ns_answer(W_out, h, targets, negatives, h_row0=True)


@wrong("ns_loss_and_grads", "float32")
def _(W_out, h, targets, negatives):
    return _ns_answer(W_out, h, targets, negatives, f32=True)


@wrong("ns_loss_and_grads", "constant loss, zero gradients")
def _(W_out, h, targets, negatives):
    return 1.0, np.zeros_like(h), np.zeros_like(W_out)


@right("ns_loss_and_grads", "logaddexp, einsum")
def _(W_out, h, targets, negatives):
    return _ns_answer(W_out, h, targets, negatives,
               loss_fn=lambda zo, zk: np.logaddexp(0, -zo).sum() + np.logaddexp(0, zk).sum())


@right("ns_loss_and_grads", "loops with the stable softplus")
def _(W_out, h, targets, negatives):
    def softplus(x):
        return max(x, 0.0) + math.log1p(math.exp(-abs(x)))

    def s(x):
        return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))

    loss, dh, dW = 0.0, np.zeros(h.shape), np.zeros(W_out.shape)
    for b in range(len(targets)):
        zo = float(W_out[targets[b]] @ h[b])
        loss += softplus(-zo)
        dh[b] += (s(zo) - 1) * W_out[targets[b]]
        dW[targets[b]] += (s(zo) - 1) * h[b]
        for w in negatives[b]:
            zk = float(W_out[w] @ h[b])
            loss += softplus(zk)
            dh[b] += s(zk) * W_out[w]
            dW[w] += s(zk) * h[b]
    return loss, dh, dW


@right("ns_loss_and_grads", "0-d loss, tuple of a list")
def _(W_out, h, targets, negatives):
    loss, dh, dW = _ns_answer(W_out, h, targets, negatives)
    return np.array(loss), dh, dW


@wrong("noise_distribution", "drops zero counts", 'a word with count 0 keeps its place in P_n, w')
def _(counts):
    c = counts[counts > 0] ** 0.75
    return c / c.sum()


@wrong("noise_distribution", "unigram", 'this is the unigram distribution: raise each ')
def _(counts):
    return counts / counts.sum()


@wrong("noise_distribution", "power after normalising", 'normalize AFTER raising to 0.75: (count / tot')
def _(counts):
    return (counts / counts.sum()) ** 0.75


@wrong("noise_distribution", "unnormalised", 'the probabilities must sum to 1: divide count')
def _(counts):
    return counts ** 0.75


@wrong("noise_distribution", "c ** 3 / 4")
def _(counts):
    c = counts.astype(float) ** 3 / 4
    return c / c.sum()


@wrong("noise_distribution", "c ** (3 // 4)")
def _(counts):
    c = counts ** (3 // 4)
    return c / c.sum()


@wrong("noise_distribution", "writes into counts")
def _(counts):
    counts[:] = counts ** 0.75
    return counts / counts.sum()


@wrong("noise_distribution", "add-one smoothing")
def _(counts):
    c = (counts + 1) ** 0.75
    return c / c.sum()


@wrong("noise_distribution", "float32")
def _(counts):
    c = counts.astype(np.float32) ** 0.75
    return c / c.sum()


@wrong("noise_distribution", "power -0.75")
def _(counts):
    c = np.maximum(counts, 1) ** -0.75
    return c / c.sum()


@wrong("noise_distribution", "zero counts raised to 1")
def _(counts):
    c = np.maximum(counts, 1) ** 0.75
    return c / c.sum()


@wrong("noise_distribution", "uniform")
def _(counts):
    return np.ones(len(counts)) / len(counts)


@wrong("noise_distribution", "sqrt")
def _(counts):
    c = np.sqrt(counts)
    return c / c.sum()


@right("noise_distribution", "normalise, power, normalise")
def _(counts):
    p = (counts / counts.sum()) ** 0.75
    return p / p.sum()


@right("noise_distribution", "exp of 0.75 log")
def _(counts):
    with np.errstate(divide="ignore"):
        c = np.exp(0.75 * np.log(counts.astype(float)))
    return c / c.sum()


@right("noise_distribution", "loop in longdouble")
def _(counts):
    c = [np.longdouble(x) ** np.longdouble(0.75) for x in counts]
    t = sum(c)
    return np.array([float(x / t) for x in c])


@wrong("keep_probability", "paper", "this is the paper's formula sqrt(t / f_w); th")
def _(counts, total, sample):
    return np.minimum(np.sqrt(sample / (counts / total)), 1.0)


@wrong("keep_probability", "discard", "this is the paper's DISCARD probability 1 - s")
def _(counts, total, sample):
    return 1 - np.sqrt(sample / (counts / total))


@wrong("keep_probability", "no cap", 'a probability cannot exceed 1: cap the keep p')
def _(counts, total, sample):
    r = sample / (counts / total)
    return np.sqrt(r) + r


@wrong("keep_probability", "count not frequency", "f_w is the word's frequency, count / total, n")
def _(counts, total, sample):
    r = sample / counts
    return np.minimum(np.sqrt(r) + r, 1.0)


@wrong("keep_probability", "sample 0 keeps nothing", 'sample = 0 turns subsampling off: then every ')
def _(counts, total, sample):
    r = sample * total / counts
    return np.minimum(np.sqrt(r) + r, 1.0)


@wrong("keep_probability", "total from counts.sum()")
def _(counts, total, sample):
    if sample == 0:
        return np.ones(len(counts))
    r = sample / (counts / counts.sum())
    return np.minimum(np.sqrt(r) + r, 1.0)


@wrong("keep_probability", "integer division")
def _(counts, total, sample):
    f = counts // total
    with np.errstate(divide="ignore"):
        r = sample / f
    return np.minimum(np.sqrt(r) + r, 1.0)


@wrong("keep_probability", "float32")
def _(counts, total, sample):
    if sample == 0:
        return np.ones(len(counts), np.float32)
    r = (sample * total / counts).astype(np.float32)
    return np.minimum(np.sqrt(r) + r, 1.0)


@wrong("keep_probability", "threshold form")
def _(counts, total, sample):
    f = counts / total
    if sample == 0:
        return np.ones(len(counts))
    r = sample / f
    return np.where(f < sample, 1.0, np.sqrt(r) + r)


@wrong("keep_probability", "integer ones for sample 0")
def _(counts, total, sample):
    if sample == 0:
        return np.ones(len(counts), dtype=int)
    r = sample * total / counts
    return np.minimum(np.sqrt(r) + r, 1.0)


@wrong("keep_probability", "sqrt(t * f)")
def _(counts, total, sample):
    f = counts / total
    return np.minimum(np.sqrt(sample * f) + sample / np.maximum(f, 1e-300), 1.0)


@wrong("keep_probability", "ones")
def _(counts, total, sample):
    return np.ones(len(counts))


@wrong("keep_probability", "(sqrt(f/t) + 1) * t / f without cap", 'a probability cannot exceed 1: cap the keep p')
def _(counts, total, sample):
    if sample == 0:
        return np.ones(len(counts))
    f = counts / total
    return (np.sqrt(f / sample) + 1) * sample / f


@right("keep_probability", "C tool's form, capped")
def _(counts, total, sample):
    if sample == 0:
        return np.ones(len(counts))
    f = counts / total
    return np.minimum((np.sqrt(f / sample) + 1) * sample / f, 1.0)


@right("keep_probability", "loop with math, a list")
def _(counts, total, sample):
    if sample <= 0:
        return [1.0] * len(counts)
    return [min(1.0, math.sqrt(sample * total / c) + sample * total / c) for c in counts]


@right("keep_probability", "clip")
def _(counts, total, sample):
    r = sample * total / counts.astype(float)
    return np.ones(len(counts)) if sample == 0 else np.clip(np.sqrt(r) + r, 0, 1)


# ------------------------------------------------------------------ hierarchical softmax
def _hs_loop(W_out, h, codes, points, lengths, term=None, gfn=None, skip_last=False, padding=False, path_mean=False,
        batch_mean=False, buffered=False, f32=False, squeeze=False, overwrite=False):
    B = len(h)
    loss, dh, dW = 0.0, np.zeros(h.shape), np.zeros(W_out.shape)
    for b in range(B):
        n = codes.shape[1] if padding else lengths[b] - (1 if skip_last else 0)
        lb = 0.0
        for j in range(n):
            node, c = points[b, j], codes[b, j]
            z = W_out[node] @ h[b]
            lb += (term or (lambda z, c: -_log_sig2((1 - 2 * c) * z)))(z, c)
            g = (gfn or (lambda z, c: _sig2(z) - (1 - c)))(z, c)
            if path_mean:
                g /= n
            dh[b] += g * W_out[node]
            if buffered:
                pass
            elif overwrite:
                dW[node] = g * h[b]
            else:
                dW[node] += g * h[b]
        loss += lb / (n if path_mean else 1)
    if buffered:
        m = np.arange(codes.shape[1]) < lengths[:, None]
        z = np.einsum("bld,bd->bl", W_out[points], h)
        g = np.where(m, _sig2(z) - (1 - codes), 0.0)
        dW[points[m]] += (g[:, :, None] * h[:, None, :])[m]
    if batch_mean:
        loss, dh, dW = loss / B, dh / B, dW / B
    if f32:
        return np.float32(loss), dh.astype(np.float32), dW.astype(np.float32)
    return loss, (dh.squeeze() if squeeze else dh), dW


@wrong("hs_loss_and_grads", "-log(s + 1e-10)")
def _(W_out, h, codes, points, lengths):
    return _hs_loop(W_out, h, codes, points, lengths, term=lambda z, c: -np.log(_sig2((1 - 2 * c) * z) + 1e-10))


@wrong("hs_loss_and_grads", "naive log sigmoid", 'the loss is not finite for large scores: comp')
def _(W_out, h, codes, points, lengths):
    return _hs_loop(W_out, h, codes, points, lengths, term=lambda z, c: -np.log(_sig2((1 - 2 * c) * z)))


@wrong("hs_loss_and_grads", "bit 1 as s(+z)", 'bit 0 goes with s(+z) and bit 1 with s(-z) (t')
def _(W_out, h, codes, points, lengths):
    return _hs_loop(W_out, h, codes, points, lengths, term=lambda z, c: -_log_sig2((2 * c - 1) * z),
               gfn=lambda z, c: _sig2(z) - c)


@wrong("hs_loss_and_grads", "reads the padding", 'it reads the padding: only the first lengths[')
def _(W_out, h, codes, points, lengths):
    return _hs_loop(W_out, h, codes, points, lengths, padding=True)


@wrong("hs_loss_and_grads", "skips the last node", 'it skips the last node of each path: example ')
def _(W_out, h, codes, points, lengths):
    return _hs_loop(W_out, h, codes, points, lengths, skip_last=True)


@wrong("hs_loss_and_grads", "mean over the path", 'the loss of one example is the SUM over its p')
def _(W_out, h, codes, points, lengths):
    return _hs_loop(W_out, h, codes, points, lengths, path_mean=True)


@wrong("hs_loss_and_grads", "mean over the batch", 'the loss is the SUM over the batch of -log p,')
def _(W_out, h, codes, points, lengths):
    return _hs_loop(W_out, h, codes, points, lengths, batch_mean=True)


@wrong("hs_loss_and_grads", "buffered dW +=", 'a node on the paths of several examples loses')
def _(W_out, h, codes, points, lengths):
    return _hs_loop(W_out, h, codes, points, lengths, buffered=True)


@wrong("hs_loss_and_grads", "float32")
def _(W_out, h, codes, points, lengths):
    return _hs_loop(W_out, h, codes, points, lengths, f32=True)


@wrong("hs_loss_and_grads", "squeezes dh")
def _(W_out, h, codes, points, lengths):
    return _hs_loop(W_out, h, codes, points, lengths, squeeze=True)


@wrong("hs_loss_and_grads", "g = s(z) - c", 'the gradient uses s(z_j) - c_j: with bit 0 ->')
def _(W_out, h, codes, points, lengths):
    return _hs_loop(W_out, h, codes, points, lengths, gfn=lambda z, c: _sig2(z) - c)


@wrong("hs_loss_and_grads", "log(1 - s(z)) for bit 1", 'the loss is not finite for large scores: comp')
def _(W_out, h, codes, points, lengths):
    return _hs_loop(W_out, h, codes, points, lengths,
               term=lambda z, c: -np.log(1 - _sig2(z)) if c else -_log_sig2(z))


@wrong("hs_loss_and_grads", "clips z to [-20, 20]")
def _(W_out, h, codes, points, lengths):
    return _hs_loop(W_out, h, codes, points, lengths, term=lambda z, c: -_log_sig2((1 - 2 * c) * np.clip(z, -20, 20)))


@wrong("hs_loss_and_grads", "dW overwritten", 'a node on the paths of several examples loses')
def _(W_out, h, codes, points, lengths):
    return _hs_loop(W_out, h, codes, points, lengths, overwrite=True)


@wrong("hs_loss_and_grads", "constant")
def _(W_out, h, codes, points, lengths):
    return 0.0, np.zeros_like(h), np.zeros_like(W_out)


@right("hs_loss_and_grads", "loop")
def _(W_out, h, codes, points, lengths):
    return _hs_loop(W_out, h, codes, points, lengths)


@right("hs_loss_and_grads", "masked einsum with logaddexp")
def _(W_out, h, codes, points, lengths):
    m = (np.arange(codes.shape[1]) < lengths[:, None]).astype(float)
    U = W_out[points]
    z = np.einsum("bld,bd->bl", U, h)
    sgn = 1.0 - 2.0 * codes
    loss = np.sum(m * np.logaddexp(0.0, -sgn * z))
    g = m * (0.5 * (1 + np.tanh(z / 2)) - (1 - codes))
    dW = np.zeros_like(W_out)
    np.add.at(dW, points, g[:, :, None] * h[:, None, :])
    return loss, np.einsum("bl,bld->bd", g, U), dW


@right("hs_loss_and_grads", "longdouble loss, 0-d array")
def _(W_out, h, codes, points, lengths):
    _, dh, dW = _hs_loop(W_out, h, codes, points, lengths)
    total = np.longdouble(0)
    for b in range(len(h)):
        for j in range(lengths[b]):
            z = np.longdouble(W_out[points[b, j]] @ h[b]) * (1 - 2 * int(codes[b, j]))
            total += np.logaddexp(np.longdouble(0), -z)
    return np.array(float(total)), dh, dW


# ------------------------------------------------------------------ float32 arithmetic, float64 outputs
@wrong("softmax", "float32 arithmetic, cast back")
def _(S):
    return _softmax_rows(np.asarray(S, dtype=np.float32)).astype(np.float64)


@wrong("onehot_loss", "float32 arithmetic, a Python float")
def _(W_in, W_out, contexts, targets):
    return float(_network(W_in, W_out, contexts, targets, f32=True)[0])


@wrong("cbow_forward", "float32 arithmetic, cast back")
def _(W_in, contexts, n_context):
    W = W_in.astype(np.float32)
    m = _real_slots(contexts, n_context)[:, :, None].astype(np.float32)
    return ((W[contexts] * m).sum(axis=1) / n_context[:, None].astype(np.float32)).astype(np.float64)


@wrong("ns_loss_and_grads", "float32 arithmetic, cast back")
def _(W_out, h, targets, negatives):
    loss, dh, dW = _ns_answer(W_out.astype(np.float32), h.astype(np.float32), targets, negatives)
    return float(loss), dh.astype(np.float64), dW.astype(np.float64)


@wrong("hs_loss_and_grads", "float32 arithmetic, cast back")
def _(W_out, h, codes, points, lengths):
    loss, dh, dW = _hs_loop(W_out.astype(np.float32), h.astype(np.float32), codes, points, lengths)
    return float(loss), dh.astype(np.float64), dW.astype(np.float64)


@wrong("noise_distribution", "float32 arithmetic, cast back")
def _(counts):
    c = counts.astype(np.float32) ** np.float32(0.75)
    return (c / c.sum()).astype(np.float64)


@wrong("keep_probability", "float32 arithmetic, cast back")
def _(counts, total, sample):
    if sample == 0:
        return np.ones(len(counts))
    r = np.float32(sample) * np.float32(total) / counts.astype(np.float32)
    return np.minimum(np.sqrt(r) + r, 1.0).astype(np.float64)
