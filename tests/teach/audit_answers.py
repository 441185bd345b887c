"""Answers written as learners write them: WRONG[name] must never score full marks, RIGHT[name] must."""

import math

import numpy as np


def sig(x):
    return 1.0 / (1.0 + np.exp(-x))


def stable_sig(x):
    out = np.empty_like(x, dtype=float)
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    e = np.exp(x[~pos])
    out[~pos] = e / (1.0 + e)
    return out


def log_sig(x):
    return -np.logaddexp(0.0, -x)


WRONG: dict = {}
RIGHT: dict = {}


def wrong(name, label):
    def put(fn):
        WRONG.setdefault(name, []).append((label, fn))
        return fn
    return put


def right(name, label):
    def put(fn):
        RIGHT.setdefault(name, []).append((label, fn))
        return fn
    return put


# ------------------------------------------------------------------ softmax
def _sm(S):
    E = np.exp(S - S.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


@wrong("softmax", "clips scores to [-50, 50]")
def _(S):
    return _sm(np.clip(S, -50, 50))


@wrong("softmax", "no max shift")
def _(S):
    return np.exp(S) / np.exp(S).sum(axis=1, keepdims=True)


@wrong("softmax", "columns (axis 0)")
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
    return _sm(S.astype(np.float32))


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
    return np.squeeze(_sm(S))


@wrong("softmax", "log1p in the log-sum-exp")
def _(S):
    m = S.max(axis=1, keepdims=True)
    return np.exp(S - m - np.log1p(np.exp(S - m).sum(axis=1, keepdims=True)))


@wrong("softmax", "nan_to_num over the naive softmax")
def _(S):
    return np.nan_to_num(np.exp(S) / np.exp(S).sum(axis=1, keepdims=True))


@wrong("softmax", "clips the probabilities at 1e-6")
def _(S):
    return np.clip(_sm(S), 1e-6, 1.0)


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
def _X(contexts, V):
    B, C = contexts.shape
    X = np.zeros((B, V))
    for b in range(B):
        for c in contexts[b]:
            X[b, c] += 1.0 / C
    return X


def _net(W_in, W_out, contexts, targets, eps=0.0, naive=False, summed=False, mean=False, clip_p=False,
         global_shift=False, first_only=False, set_x=False, f32=False):
    B, C = contexts.shape
    V = W_in.shape[0]
    if set_x:
        X = np.zeros((B, V))
        X[np.arange(B)[:, None], contexts] += 1.0 / C
    elif first_only:
        X = np.eye(V)[contexts[:, 0]]
    else:
        X = _X(contexts, V) * (C if summed else 1)
    if f32:
        X, W_in, W_out = X.astype(np.float32), W_in.astype(np.float32), W_out.astype(np.float32)
    H = X @ W_in
    S = H @ W_out.T
    if naive or eps or clip_p:
        P = np.exp(S) / np.exp(S).sum(axis=1, keepdims=True) if naive else _sm(S)
        if clip_p:
            P = np.clip(P, 1e-12, 1.0)
        logp = np.log(P[np.arange(B), targets] + eps)
    else:
        m = S.max() if global_shift else S.max(axis=1, keepdims=True)
        logP = S - m - np.log(np.exp(S - m).sum(axis=1, keepdims=True))
        logp = logP[np.arange(B), targets]
    P = _sm(S)
    loss = -logp.sum() / (B if mean else 1)
    return loss, X, H, S, P


@wrong("onehot_loss", "-log(p + 1e-10)")
def _(W_in, W_out, contexts, targets):
    return _net(W_in, W_out, contexts, targets, eps=1e-10)[0]


@wrong("onehot_loss", "naive softmax")
def _(W_in, W_out, contexts, targets):
    return _net(W_in, W_out, contexts, targets, naive=True)[0]


@wrong("onehot_loss", "mean over the batch")
def _(W_in, W_out, contexts, targets):
    return _net(W_in, W_out, contexts, targets, mean=True)[0]


@wrong("onehot_loss", "sum of the context one-hots")
def _(W_in, W_out, contexts, targets):
    return _net(W_in, W_out, contexts, targets, summed=True)[0]


@wrong("onehot_loss", "first context word only")
def _(W_in, W_out, contexts, targets):
    return _net(W_in, W_out, contexts, targets, first_only=True)[0]


@wrong("onehot_loss", "W_in as the output matrix")
def _(W_in, W_out, contexts, targets):
    return _net(W_in, W_in, contexts, targets)[0]


@wrong("onehot_loss", "float32 loss")
def _(W_in, W_out, contexts, targets):
    return np.float32(_net(W_in, W_out, contexts, targets)[0])


@wrong("onehot_loss", "clips p at 1e-12 before the log")
def _(W_in, W_out, contexts, targets):
    return _net(W_in, W_out, contexts, targets, clip_p=True)[0]


@wrong("onehot_loss", "X built by a buffered fancy +=")
def _(W_in, W_out, contexts, targets):
    return _net(W_in, W_out, contexts, targets, set_x=True)[0]


@wrong("onehot_loss", "per-example losses, not summed")
def _(W_in, W_out, contexts, targets):
    H = _X(contexts, W_in.shape[0]) @ W_in
    S = H @ W_out.T
    m = S.max(axis=1, keepdims=True)
    return -(S - m - np.log(np.exp(S - m).sum(axis=1, keepdims=True)))[np.arange(len(targets)), targets]


@wrong("onehot_loss", "shifts by the batch's maximum")
def _(W_in, W_out, contexts, targets):
    return _net(W_in, W_out, contexts, targets, global_shift=True)[0]


@wrong("onehot_loss", "log1p for the log-sum-exp")
def _(W_in, W_out, contexts, targets):
    H = _X(contexts, W_in.shape[0]) @ W_in
    S = H @ W_out.T
    m = S.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log1p(np.exp(S - m).sum(axis=1))
    return float(np.sum(lse - S[np.arange(len(targets)), targets]))


@wrong("onehot_loss", "targets as columns of all rows")
def _(W_in, W_out, contexts, targets):
    H = _X(contexts, W_in.shape[0]) @ W_in
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
    H = (_X(contexts, W_in.shape[0]) @ W_in).astype(np.longdouble)
    S = H @ W_out.astype(np.longdouble).T
    m = S.max(axis=1, keepdims=True)
    logP = S - m - np.log(np.exp(S - m).sum(axis=1, keepdims=True))
    return float(-logP[np.arange(len(targets)), targets].sum())


def _grads(W_in, W_out, contexts, targets, E=None, **kw):
    loss, X, H, S, P = _net(W_in, W_out, contexts, targets, **kw)
    if E is None:
        E = P.copy()
        E[np.arange(len(targets)), targets] -= 1.0
    return loss, X.T @ (E @ W_out), E.T @ H


@wrong("onehot_loss_and_grads", "-log(p + 1e-10)")
def _(W_in, W_out, contexts, targets):
    return _grads(W_in, W_out, contexts, targets, eps=1e-10)


@wrong("onehot_loss_and_grads", "vectorised buffered dW_in[contexts] +=")
def _(W_in, W_out, contexts, targets):
    loss, _, dW_out = _grads(W_in, W_out, contexts, targets)
    P = _sm(_X(contexts, len(W_in)) @ W_in @ W_out.T)
    P[np.arange(len(targets)), targets] -= 1
    dH = P @ W_out
    dW_in = np.zeros_like(W_in)
    dW_in[contexts] += dH[:, None, :] / contexts.shape[1]
    return loss, dW_in, dW_out


@wrong("onehot_loss_and_grads", "dW_in without 1/C")
def _(W_in, W_out, contexts, targets):
    loss, dW_in, dW_out = _grads(W_in, W_out, contexts, targets)
    return loss, dW_in * contexts.shape[1], dW_out


@wrong("onehot_loss_and_grads", "Y - P")
def _(W_in, W_out, contexts, targets):
    loss, dW_in, dW_out = _grads(W_in, W_out, contexts, targets)
    return loss, -dW_in, -dW_out


@wrong("onehot_loss_and_grads", "dW_out = H^T E, shape (D, V)")
def _(W_in, W_out, contexts, targets):
    loss, dW_in, dW_out = _grads(W_in, W_out, contexts, targets)
    return loss, dW_in, dW_out.T


@wrong("onehot_loss_and_grads", "mean loss, summed gradients")
def _(W_in, W_out, contexts, targets):
    loss, dW_in, dW_out = _grads(W_in, W_out, contexts, targets)
    return loss / len(targets), dW_in, dW_out


@wrong("onehot_loss_and_grads", "E[:, targets] -= 1")
def _(W_in, W_out, contexts, targets):
    P = _sm(_X(contexts, len(W_in)) @ W_in @ W_out.T)
    E = P.copy()
    E[:, targets] -= 1.0
    return _grads(W_in, W_out, contexts, targets, E=E)


@wrong("onehot_loss_and_grads", "float32 gradients")
def _(W_in, W_out, contexts, targets):
    loss, dW_in, dW_out = _grads(W_in, W_out, contexts, targets)
    return loss, dW_in.astype(np.float32), dW_out.astype(np.float32)


@wrong("onehot_loss_and_grads", "loop that overwrites instead of accumulating")
def _(W_in, W_out, contexts, targets):
    loss = _net(W_in, W_out, contexts, targets)[0]
    dW_in, dW_out = np.zeros_like(W_in), np.zeros_like(W_out)
    for b in range(len(targets)):
        h = W_in[contexts[b]].mean(axis=0)
        e = _sm((W_out @ h)[None])[0]
        e[targets[b]] -= 1
        dW_out = np.outer(e, h)
        for c in contexts[b]:
            dW_in[c] += (W_out.T @ e) / contexts.shape[1]
    return loss, dW_in, dW_out


@wrong("onehot_loss_and_grads", "dH = E @ W_in")
def _(W_in, W_out, contexts, targets):
    loss, X, H, S, P = _net(W_in, W_out, contexts, targets)
    P[np.arange(len(targets)), targets] -= 1
    return loss, X.T @ (P @ W_in), P.T @ H


@wrong("onehot_loss_and_grads", "naive softmax")
def _(W_in, W_out, contexts, targets):
    return _grads(W_in, W_out, contexts, targets, naive=True)


@wrong("onehot_loss_and_grads", "first context word gets all of dH")
def _(W_in, W_out, contexts, targets):
    loss, X, H, S, P = _net(W_in, W_out, contexts, targets)
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
    loss, dW_in, dW_out = _grads(W_in, W_out, contexts, targets)
    return np.array(loss), dW_in, dW_out


# ------------------------------------------------------------------ skip-gram / CBOW
@wrong("skipgram_forward", "columns")
def _(W_in, inputs):
    return W_in[:, inputs].T


@wrong("skipgram_forward", "squeeze")
def _(W_in, inputs):
    return W_in[inputs].squeeze()


@wrong("skipgram_forward", "unique inputs")
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


@wrong("skipgram_backward", "buffered +=")
def _(dh, inputs, V):
    dW = np.zeros((V, dh.shape[1]))
    dW[inputs] += dh
    return dW


@wrong("skipgram_backward", "assignment")
def _(dh, inputs, V):
    dW = np.zeros((V, dh.shape[1]))
    dW[inputs] = dh
    return dW


@wrong("skipgram_backward", "minus")
def _(dh, inputs, V):
    dW = np.zeros((V, dh.shape[1]))
    np.add.at(dW, inputs, -dh)
    return dW


@wrong("skipgram_backward", "divided by B")
def _(dh, inputs, V):
    dW = np.zeros((V, dh.shape[1]))
    np.add.at(dW, inputs, dh / len(inputs))
    return dW


@wrong("skipgram_backward", "returns dh")
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


@wrong("skipgram_backward", "dW[inputs] = dW[inputs] + dh")
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


def _mask(contexts, n_context):
    return np.arange(contexts.shape[1])[None, :] < n_context[:, None]


@wrong("cbow_forward", "mean over the padded row")
def _(W_in, contexts, n_context):
    return W_in[contexts].mean(axis=1)


@wrong("cbow_forward", "sum")
def _(W_in, contexts, n_context):
    return (W_in[contexts] * _mask(contexts, n_context)[:, :, None]).sum(axis=1)


@wrong("cbow_forward", "real sum over width")
def _(W_in, contexts, n_context):
    return (W_in[contexts] * _mask(contexts, n_context)[:, :, None]).sum(axis=1) / contexts.shape[1]


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
    return np.squeeze((W_in[contexts] * _mask(contexts, n_context)[:, :, None]).sum(axis=1) / n_context[:, None])


@wrong("cbow_forward", "buffered one-hot counts")
def _(W_in, contexts, n_context):
    X = np.zeros((len(n_context), W_in.shape[0]))
    rows = np.repeat(np.arange(len(n_context)), contexts.shape[1]).reshape(contexts.shape)
    m = _mask(contexts, n_context)
    X[rows[m], contexts[m]] += 1
    return X @ W_in / n_context[:, None]


@wrong("cbow_forward", "mean over the batch axis")
def _(W_in, contexts, n_context):
    s = (W_in[contexts] * _mask(contexts, n_context)[:, :, None]).sum(axis=1) / n_context[:, None]
    return np.broadcast_to(s.mean(axis=0), s.shape).copy()


@wrong("cbow_forward", "zeros")
def _(W_in, contexts, n_context):
    return np.zeros((len(n_context), W_in.shape[1]))


@wrong("cbow_forward", "first context word")
def _(W_in, contexts, n_context):
    return W_in[contexts[:, 0]]


@right("cbow_forward", "masked einsum")
def _(W_in, contexts, n_context):
    m = _mask(contexts, n_context).astype(float)
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
    V[~_mask(contexts, n_context)] = np.nan
    return np.nanmean(V, axis=1)


def _cb(dh, contexts, n_context, V, power=1, mask=None, add="at", divide=None):
    dW = np.zeros((V, dh.shape[1]))
    m = _mask(contexts, n_context) if mask is None else mask
    share = dh / (n_context[:, None] ** power if divide is None else divide)
    for b in range(len(n_context)):
        for j in np.flatnonzero(m[b]):
            if add == "at":
                dW[contexts[b, j]] += share[b]
            elif add == "set":
                dW[contexts[b, j]] = share[b]
    return dW


@wrong("cbow_backward", "no 1/n")
def _(dh, contexts, n_context, V):
    return _cb(dh, contexts, n_context, V, power=0)


@wrong("cbow_backward", "1/n squared")
def _(dh, contexts, n_context, V):
    return _cb(dh, contexts, n_context, V, power=2)


@wrong("cbow_backward", "buffered += per example")
def _(dh, contexts, n_context, V):
    dW = np.zeros((V, dh.shape[1]))
    for b, n in enumerate(n_context):
        dW[contexts[b, :n]] += dh[b] / n
    return dW


@wrong("cbow_backward", "padding gets gradient")
def _(dh, contexts, n_context, V):
    return _cb(dh, contexts, n_context, V, mask=np.ones(contexts.shape, bool))


@wrong("cbow_backward", "divides by the width")
def _(dh, contexts, n_context, V):
    return _cb(dh, contexts, n_context, V, divide=contexts.shape[1])


@wrong("cbow_backward", "id 0 taken for padding")
def _(dh, contexts, n_context, V):
    m = contexts != 0
    return _cb(dh, contexts, n_context, V, mask=m, divide=np.maximum(m.sum(axis=1), 1)[:, None])


@wrong("cbow_backward", "assignment")
def _(dh, contexts, n_context, V):
    return _cb(dh, contexts, n_context, V, add="set")


@wrong("cbow_backward", "float32")
def _(dh, contexts, n_context, V):
    return _cb(dh, contexts, n_context, V).astype(np.float32)


@wrong("cbow_backward", "n_context - 1")
def _(dh, contexts, n_context, V):
    return _cb(dh, contexts, np.maximum(n_context - 1, 1), V)


@wrong("cbow_backward", "minus")
def _(dh, contexts, n_context, V):
    return -_cb(dh, contexts, n_context, V)


@wrong("cbow_backward", "returns per-example rows")
def _(dh, contexts, n_context, V):
    return dh / n_context[:, None]


@wrong("cbow_backward", "vectorised buffered")
def _(dh, contexts, n_context, V):
    dW = np.zeros((V, dh.shape[1]))
    m = _mask(contexts, n_context)
    dW[contexts[m]] += np.repeat(dh / n_context[:, None], n_context, axis=0)
    return dW


@wrong("cbow_backward", "zeros")
def _(dh, contexts, n_context, V):
    return np.zeros((V, dh.shape[1]))


@right("cbow_backward", "one-hot counts by add.at")
def _(dh, contexts, n_context, V):
    X = np.zeros((len(n_context), V))
    m = _mask(contexts, n_context)
    rows = np.nonzero(m)[0]
    np.add.at(X, (rows, contexts[m]), 1.0 / n_context[rows])
    return X.T @ dh


@right("cbow_backward", "loop")
def _(dh, contexts, n_context, V):
    return _cb(dh, contexts, n_context, V)


@right("cbow_backward", "bincount")
def _(dh, contexts, n_context, V):
    m = _mask(contexts, n_context)
    ids = contexts[m]
    share = np.repeat(dh / n_context[:, None], n_context, axis=0)
    return np.column_stack([np.bincount(ids, weights=share[:, d], minlength=V) for d in range(dh.shape[1])])


@wrong("sgd_update", "buffered -=")
def _(W, rows, grad_rows, lr):
    W[rows] -= lr * grad_rows
    return W


@wrong("sgd_update", "new array")
def _(W, rows, grad_rows, lr):
    W = W.copy()
    np.subtract.at(W, rows, lr * grad_rows)
    return W


@wrong("sgd_update", "W[rows] = W[rows] - ...")
def _(W, rows, grad_rows, lr):
    W[rows] = W[rows] - lr * grad_rows
    return W


@wrong("sgd_update", "plus")
def _(W, rows, grad_rows, lr):
    np.add.at(W, rows, lr * grad_rows)
    return W


@wrong("sgd_update", "no lr")
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
def _ns(W_out, h, targets, negatives, loss_fn=None, g_o_fn=None, dh_neg=True, mean=False, buffered=False,
        f32=False, h_row0=False, first_neg=False):
    if first_neg:
        negatives = negatives[:, :1]
    u_o, U = W_out[targets], W_out[negatives]
    z_o, z_k = np.sum(u_o * h, axis=1), np.einsum("bkd,bd->bk", U, h)
    loss = (loss_fn or (lambda zo, zk: -log_sig(zo).sum() - log_sig(-zk).sum()))(z_o, z_k)
    g_o = (g_o_fn or (lambda z: sig(z) - 1.0))(z_o)
    g_k = sig(z_k)
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
    return _ns(W_out, h, targets, negatives,
               loss_fn=lambda zo, zk: -np.log(sig(zo) + 1e-10).sum() - np.log(sig(-zk) + 1e-10).sum())


@wrong("ns_loss_and_grads", "naive log sigmoid")
def _(W_out, h, targets, negatives):
    return _ns(W_out, h, targets, negatives, loss_fn=lambda zo, zk: -np.log(sig(zo)).sum() - np.log(sig(-zk)).sum())


@wrong("ns_loss_and_grads", "log(1 - s(z)) for the negatives")
def _(W_out, h, targets, negatives):
    return _ns(W_out, h, targets, negatives,
               loss_fn=lambda zo, zk: -log_sig(zo).sum() - np.log(1 - sig(zk)).sum())


@wrong("ns_loss_and_grads", "stable sigmoid, then log")
def _(W_out, h, targets, negatives):
    return _ns(W_out, h, targets, negatives,
               loss_fn=lambda zo, zk: -np.log(stable_sig(zo)).sum() - np.log(stable_sig(-zk)).sum())


@wrong("ns_loss_and_grads", "clips z to [-30, 30]")
def _(W_out, h, targets, negatives):
    return _ns(W_out, h, targets, negatives,
               loss_fn=lambda zo, zk: -log_sig(np.clip(zo, -30, 30)).sum() - log_sig(-np.clip(zk, -30, 30)).sum())


@wrong("ns_loss_and_grads", "buffered +=")
def _(W_out, h, targets, negatives):
    return _ns(W_out, h, targets, negatives, buffered=True)


@wrong("ns_loss_and_grads", "flipped gradients")
def _(W_out, h, targets, negatives):
    loss, dh, dW = _ns(W_out, h, targets, negatives)
    return loss, -dh, -dW


@wrong("ns_loss_and_grads", "log s(z_k) for negatives")
def _(W_out, h, targets, negatives):
    return _ns(W_out, h, targets, negatives, loss_fn=lambda zo, zk: -log_sig(zo).sum() - log_sig(zk).sum())


@wrong("ns_loss_and_grads", "dh misses negatives")
def _(W_out, h, targets, negatives):
    return _ns(W_out, h, targets, negatives, dh_neg=False)


@wrong("ns_loss_and_grads", "mean loss")
def _(W_out, h, targets, negatives):
    return _ns(W_out, h, targets, negatives, mean=True)


@wrong("ns_loss_and_grads", "g_o = s(z_o)")
def _(W_out, h, targets, negatives):
    return _ns(W_out, h, targets, negatives, g_o_fn=sig)


@wrong("ns_loss_and_grads", "first negative only")
def _(W_out, h, targets, negatives):
    return _ns(W_out, h, targets, negatives, first_neg=True)


@wrong("ns_loss_and_grads", "h of the first example in dW")
def _(W_out, h, targets, negatives):
    return _ns(W_out, h, targets, negatives, h_row0=True)


@wrong("ns_loss_and_grads", "float32")
def _(W_out, h, targets, negatives):
    return _ns(W_out, h, targets, negatives, f32=True)


@wrong("ns_loss_and_grads", "constant loss, zero gradients")
def _(W_out, h, targets, negatives):
    return 1.0, np.zeros_like(h), np.zeros_like(W_out)


@right("ns_loss_and_grads", "logaddexp, einsum")
def _(W_out, h, targets, negatives):
    return _ns(W_out, h, targets, negatives,
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
    loss, dh, dW = _ns(W_out, h, targets, negatives)
    return np.array(loss), dh, dW


@wrong("noise_distribution", "drops zero counts")
def _(counts):
    c = counts[counts > 0] ** 0.75
    return c / c.sum()


@wrong("noise_distribution", "unigram")
def _(counts):
    return counts / counts.sum()


@wrong("noise_distribution", "power after normalising")
def _(counts):
    return (counts / counts.sum()) ** 0.75


@wrong("noise_distribution", "unnormalised")
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


@wrong("keep_probability", "paper")
def _(counts, total, sample):
    return np.minimum(np.sqrt(sample / (counts / total)), 1.0)


@wrong("keep_probability", "discard")
def _(counts, total, sample):
    return 1 - np.sqrt(sample / (counts / total))


@wrong("keep_probability", "no cap")
def _(counts, total, sample):
    r = sample / (counts / total)
    return np.sqrt(r) + r


@wrong("keep_probability", "count not frequency")
def _(counts, total, sample):
    r = sample / counts
    return np.minimum(np.sqrt(r) + r, 1.0)


@wrong("keep_probability", "sample 0 keeps nothing")
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


@wrong("keep_probability", "(sqrt(f/t) + 1) * t / f without cap")
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
def _hs(W_out, h, codes, points, lengths, term=None, gfn=None, skip_last=False, padding=False, path_mean=False,
        batch_mean=False, buffered=False, f32=False, squeeze=False, overwrite=False):
    B = len(h)
    loss, dh, dW = 0.0, np.zeros(h.shape), np.zeros(W_out.shape)
    for b in range(B):
        n = codes.shape[1] if padding else lengths[b] - (1 if skip_last else 0)
        lb = 0.0
        for j in range(n):
            node, c = points[b, j], codes[b, j]
            z = W_out[node] @ h[b]
            lb += (term or (lambda z, c: -log_sig((1 - 2 * c) * z)))(z, c)
            g = (gfn or (lambda z, c: sig(z) - (1 - c)))(z, c)
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
        g = np.where(m, sig(z) - (1 - codes), 0.0)
        dW[points[m]] += (g[:, :, None] * h[:, None, :])[m]
    if batch_mean:
        loss, dh, dW = loss / B, dh / B, dW / B
    if f32:
        return np.float32(loss), dh.astype(np.float32), dW.astype(np.float32)
    return loss, (dh.squeeze() if squeeze else dh), dW


@wrong("hs_loss_and_grads", "-log(s + 1e-10)")
def _(W_out, h, codes, points, lengths):
    return _hs(W_out, h, codes, points, lengths, term=lambda z, c: -np.log(sig((1 - 2 * c) * z) + 1e-10))


@wrong("hs_loss_and_grads", "naive log sigmoid")
def _(W_out, h, codes, points, lengths):
    return _hs(W_out, h, codes, points, lengths, term=lambda z, c: -np.log(sig((1 - 2 * c) * z)))


@wrong("hs_loss_and_grads", "bit 1 as s(+z)")
def _(W_out, h, codes, points, lengths):
    return _hs(W_out, h, codes, points, lengths, term=lambda z, c: -log_sig((2 * c - 1) * z),
               gfn=lambda z, c: sig(z) - c)


@wrong("hs_loss_and_grads", "reads the padding")
def _(W_out, h, codes, points, lengths):
    return _hs(W_out, h, codes, points, lengths, padding=True)


@wrong("hs_loss_and_grads", "skips the last node")
def _(W_out, h, codes, points, lengths):
    return _hs(W_out, h, codes, points, lengths, skip_last=True)


@wrong("hs_loss_and_grads", "mean over the path")
def _(W_out, h, codes, points, lengths):
    return _hs(W_out, h, codes, points, lengths, path_mean=True)


@wrong("hs_loss_and_grads", "mean over the batch")
def _(W_out, h, codes, points, lengths):
    return _hs(W_out, h, codes, points, lengths, batch_mean=True)


@wrong("hs_loss_and_grads", "buffered dW +=")
def _(W_out, h, codes, points, lengths):
    return _hs(W_out, h, codes, points, lengths, buffered=True)


@wrong("hs_loss_and_grads", "float32")
def _(W_out, h, codes, points, lengths):
    return _hs(W_out, h, codes, points, lengths, f32=True)


@wrong("hs_loss_and_grads", "squeezes dh")
def _(W_out, h, codes, points, lengths):
    return _hs(W_out, h, codes, points, lengths, squeeze=True)


@wrong("hs_loss_and_grads", "g = s(z) - c")
def _(W_out, h, codes, points, lengths):
    return _hs(W_out, h, codes, points, lengths, gfn=lambda z, c: sig(z) - c)


@wrong("hs_loss_and_grads", "log(1 - s(z)) for bit 1")
def _(W_out, h, codes, points, lengths):
    return _hs(W_out, h, codes, points, lengths,
               term=lambda z, c: -np.log(1 - sig(z)) if c else -log_sig(z))


@wrong("hs_loss_and_grads", "clips z to [-20, 20]")
def _(W_out, h, codes, points, lengths):
    return _hs(W_out, h, codes, points, lengths, term=lambda z, c: -log_sig((1 - 2 * c) * np.clip(z, -20, 20)))


@wrong("hs_loss_and_grads", "dW overwritten")
def _(W_out, h, codes, points, lengths):
    return _hs(W_out, h, codes, points, lengths, overwrite=True)


@wrong("hs_loss_and_grads", "constant")
def _(W_out, h, codes, points, lengths):
    return 0.0, np.zeros_like(h), np.zeros_like(W_out)


@right("hs_loss_and_grads", "loop")
def _(W_out, h, codes, points, lengths):
    return _hs(W_out, h, codes, points, lengths)


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
    _, dh, dW = _hs(W_out, h, codes, points, lengths)
    total = np.longdouble(0)
    for b in range(len(h)):
        for j in range(lengths[b]):
            z = np.longdouble(W_out[points[b, j]] @ h[b]) * (1 - 2 * int(codes[b, j]))
            total += np.logaddexp(np.longdouble(0), -z)
    return np.array(float(total)), dh, dW


# ------------------------------------------------------------------ float32 arithmetic, float64 outputs
@wrong("softmax", "float32 arithmetic, cast back")
def _(S):
    return _sm(np.asarray(S, dtype=np.float32)).astype(np.float64)


@wrong("onehot_loss", "float32 arithmetic, a Python float")
def _(W_in, W_out, contexts, targets):
    return float(_net(W_in, W_out, contexts, targets, f32=True)[0])


@wrong("cbow_forward", "float32 arithmetic, cast back")
def _(W_in, contexts, n_context):
    W = W_in.astype(np.float32)
    m = _mask(contexts, n_context)[:, :, None].astype(np.float32)
    return ((W[contexts] * m).sum(axis=1) / n_context[:, None].astype(np.float32)).astype(np.float64)


@wrong("ns_loss_and_grads", "float32 arithmetic, cast back")
def _(W_out, h, targets, negatives):
    loss, dh, dW = _ns(W_out.astype(np.float32), h.astype(np.float32), targets, negatives)
    return float(loss), dh.astype(np.float64), dW.astype(np.float64)


@wrong("hs_loss_and_grads", "float32 arithmetic, cast back")
def _(W_out, h, codes, points, lengths):
    loss, dh, dW = _hs(W_out.astype(np.float32), h.astype(np.float32), codes, points, lengths)
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
