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


@wrong("softmax", "np.logaddexp.reduce on the raw scores: rows of 1s at the smallest scores")
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
