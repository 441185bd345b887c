"""Fast training kernels: each centre word's window shares its output rows.

PROTOTYPE (docstring rewritten below once measured).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

from .sampling import draw_half_widths

BATCH_CENTRES = 256
GROUP = 8


def _windows(ids, offsets, window, rng):
    """Half-widths and the (N, 2W+1) context mask of every centre position."""
    n = len(ids)
    widths = draw_half_widths(n, window, rng)  # (N,) int32
    lengths = np.diff(offsets)
    start = np.repeat(offsets[:-1], lengths)  # (N,) first position of each position's sentence
    end = np.repeat(offsets[1:], lengths)  # (N,) one past its last position
    pos = np.arange(n)
    first = np.maximum(pos - widths, start) - pos  # (N,) leftmost context offset (<= 0)
    last = np.minimum(pos + widths, end - 1) - pos  # (N,) rightmost context offset (>= 0)
    t = np.arange(-window, window + 1)  # (2W+1,) offsets
    mask = (t >= first[:, None]) & (t <= last[:, None]) & (t != 0)  # (N, 2W+1)
    n_context = (last - first).astype(np.int64)  # (N,) context words of each centre
    return mask, n_context


def _blocks(a, nb, c, width):
    """(nb, c + width - 1, D) overlapping view: block j is rows j*c .. j*c + c + width - 2 of a (R, D)."""
    s0, s1 = a.strides
    return as_strided(a, (nb, c + width - 1, a.shape[1]), (c * s0, s0, s1), writeable=False)


def _band(S, c, width, K1):
    """(nb, c, width, K1) view of S (nb, c + width - 1, c * K1): band[j, l, t, k] = S[j, l + t, l * K1 + k]."""
    s0, s1, s2 = S.strides
    return as_strided(S, (S.shape[0], c, width, K1), (s0, s1 + K1 * s2, s1, s2))


def _overlap_add(dV, c, width):
    """Sum overlapping block rows back: (nb, c + width - 1, D) -> (nb * c + width - 1, D)."""
    nb, rows, D = dV.shape
    out = np.zeros((nb * c + width - 1, D), dtype=dV.dtype)
    out[: nb * c] = dV[:, :c].reshape(nb * c, D)
    tail = width - 1
    s0, s1 = out.strides
    for q in range(0, tail, c):  # tail pieces of at most c rows never overlap between blocks
        r = min(c, tail - q)
        view = as_strided(out[c + q :], (nb, r, D), (c * s0, s0, s1))
        view += dV[:, c + q : c + q + r]
    return out


def scatter_add(M, rows, values):
    """M[rows[i]] += values[i], summing duplicates (flat 1-D np.add.at)."""
    D = M.shape[1]
    idx = (rows.astype(np.intp)[:, None] * D + np.arange(D)).reshape(-1)
    np.add.at(M.reshape(-1), idx, values.reshape(-1))


def _logistic(Z, sign):
    """Per-entry loss softplus(-x) and dL/dz for x = sign * z."""
    X = Z * sign
    e = np.exp(-np.abs(X))
    loss = np.log1p(e) + np.maximum(-X, 0)
    s_neg = np.where(X >= 0, e, 1) / (1 + e)  # s(-x)
    return loss, -sign * s_neg


def train_block(
    W_in,
    W_out,
    ids,
    offsets,
    *,
    arch,
    objective,
    window,
    lr,
    rng,
    batch_centres=BATCH_CENTRES,
    c_tool_gradient=True,
    negatives_sampler=None,
    negative=5,
    tree=None,
    group=GROUP,
):
    ids = np.asarray(ids)
    offsets = np.asarray(offsets, dtype=np.int64)
    n = len(ids)
    dtype = W_in.dtype
    lr = dtype.type(lr)
    mask_all, n_context = _windows(ids, offsets, window, rng)
    width = 2 * window + 1
    c = int(group)
    # pad so every block view stays in range: W rows before, W + c rows after
    ids_pad = np.zeros(n + 2 * window + c, dtype=np.intp)
    ids_pad[window : window + n] = ids
    total = 0.0
    for start in range(0, n, batch_centres):
        stop = min(start + batch_centres, n)
        m_real = stop - start
        nb = -(-m_real // c)
        m = nb * c
        centres = ids[start:stop]
        mask = np.zeros((m, width), dtype=dtype)
        mask[:m_real] = mask_all[start:stop]
        if objective == "ns":
            K1 = negative + 1
            out = np.zeros((m, K1), dtype=np.intp)
            out[:m_real, 0] = centres
            out[:m_real, 1:] = negatives_sampler.sample(centres, negative, rng)
            sign = np.full((m, K1), -1, dtype=dtype)
            sign[:, 0] = 1
            valid = None
        else:
            lengths = tree.lengths[centres]
            K1 = int(lengths.max())
            out = np.zeros((m, K1), dtype=np.intp)
            out[:m_real] = tree.points[centres, :K1]
            sign = np.zeros((m, K1), dtype=dtype)
            sign[:m_real] = 1 - 2 * tree.codes[centres, :K1]
            valid = np.zeros((m, K1), dtype=dtype)
            valid[:m_real] = np.arange(K1) < lengths[:, None]
        seg = ids_pad[start : start + m + width - 1]
        if arch == "skipgram":
            total += _sg_batch(W_in, W_out, seg, mask, out, sign, valid, lr, c, width)
        else:
            nc = np.zeros(m, dtype=dtype)
            nc[:m_real] = n_context[start:stop]
            total += _cbow_batch(W_in, W_out, seg, mask, nc, out, sign, valid, lr, c, width, c_tool_gradient)
    if arch == "skipgram":
        return total, int(n_context.sum())
    return total, int(np.count_nonzero(n_context))


def _sg_batch(W_in, W_out, seg, mask, out, sign, valid, lr, c, width):
    m, K1 = out.shape
    nb = m // c
    D = W_in.shape[1]
    V = W_in[seg]  # (m + 2W, D)
    U = W_out[out.reshape(-1)]  # (m * K1, D)
    Vb = _blocks(V, nb, c, width)  # (nb, c + 2W, D)
    Ub = U.reshape(nb, c * K1, D)
    S = np.matmul(Vb, Ub.transpose(0, 2, 1))  # (nb, c + 2W, c * K1)
    Z = _band(S, c, width, K1).reshape(m, width, K1)  # copy
    loss, g = _logistic(Z, sign[:, None, :])
    weight = mask[:, :, None] if valid is None else mask[:, :, None] * valid[:, None, :]
    total = float(np.sum(loss * weight, dtype=np.float64))
    G = np.zeros_like(S)
    _band(G, c, width, K1)[...] = ((-lr) * g * weight).reshape(nb, c, width, K1)
    dV = np.matmul(G, Ub)  # (nb, c + 2W, D)
    dU = np.matmul(G.transpose(0, 2, 1), Vb)  # (nb, c * K1, D)
    scatter_add(W_in, seg, _overlap_add(dV, c, width))
    scatter_add(W_out, out.reshape(-1), dU.reshape(-1, D))
    return total


def _cbow_batch(W_in, W_out, seg, mask, nc, out, sign, valid, lr, c, width, c_tool_gradient):
    m, K1 = out.shape
    nb = m // c
    D = W_in.shape[1]
    V = W_in[seg]
    Vb = _blocks(V, nb, c, width)  # (nb, c + 2W, D)
    has = nc > 0
    inv = np.where(has, 1 / np.maximum(nc, 1), 0).astype(W_in.dtype)  # (m,)
    A = np.zeros((nb, c, c + width - 1), dtype=W_in.dtype)
    s0, s1, s2 = A.strides
    band = as_strided(A, (nb, c, width), (s0, s1 + s2, s2))
    band[...] = (mask * inv[:, None]).reshape(nb, c, width)
    H = np.matmul(A, Vb).reshape(m, D)  # (m, D)
    U = W_out[out]  # (m, K1, D)
    Z = np.matmul(U, H[:, :, None])[:, :, 0]  # (m, K1)
    loss, g = _logistic(Z, sign)
    weight = has[:, None] if valid is None else has[:, None] * valid
    total = float(np.sum(loss * weight, dtype=np.float64))
    G = (-lr) * g * weight  # (m, K1)
    dH = np.matmul(G[:, None, :], U)[:, 0]  # (m, D)
    dU = G[:, :, None] * H[:, None, :]  # (m, K1, D)
    if c_tool_gradient:
        band[...] = mask.reshape(nb, c, width)
    dV = np.matmul(A.transpose(0, 2, 1), dH.reshape(nb, c, D))  # (nb, c + 2W, D)
    scatter_add(W_in, seg, _overlap_add(dV, c, width))
    scatter_add(W_out, out.reshape(-1), dU.reshape(-1, D))
    return total


def train_block_slow(
    W_in,
    W_out,
    ids,
    offsets,
    *,
    arch,
    objective,
    window,
    lr,
    rng,
    batch_centres=BATCH_CENTRES,
    c_tool_gradient=True,
    negatives_sampler=None,
    negative=5,
    tree=None,
    group=GROUP,
):
    ids = np.asarray(ids)
    n = len(ids)
    widths = draw_half_widths(n, window, rng)
    sent = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
    total = 0.0
    examples = 0
    for start in range(0, n, batch_centres):
        stop = min(start + batch_centres, n)
        centres = ids[start:stop]
        if objective == "ns":
            negs = negatives_sampler.sample(centres, negative, rng)
        dW_in = np.zeros_like(W_in)
        dW_out = np.zeros_like(W_out)
        for i in range(start, stop):
            lo = max(offsets[sent[i]], i - widths[i])
            hi = min(offsets[sent[i] + 1] - 1, i + widths[i])
            ctx = [int(ids[j]) for j in range(lo, hi + 1) if j != i]
            if not ctx:
                continue
            w = int(ids[i])
            if objective == "ns":
                outs = [(w, 1.0)] + [(int(r), -1.0) for r in negs[i - start]]
            else:
                L = int(tree.lengths[w])
                outs = [(int(tree.points[w, j]), 1.0 - 2.0 * tree.codes[w, j]) for j in range(L)]
            if arch == "skipgram":
                for r_in in ctx:
                    v = W_in[r_in]
                    examples += 1
                    for r_out, sg in outs:
                        u = W_out[r_out]
                        x = sg * float(v @ u)
                        total += np.logaddexp(0.0, -x)
                        g = -sg / (1.0 + np.exp(x))
                        dW_in[r_in] += g * u
                        dW_out[r_out] += g * v
            else:
                examples += 1
                h = sum(W_in[r] for r in ctx) / len(ctx)
                dh = np.zeros_like(h)
                for r_out, sg in outs:
                    u = W_out[r_out]
                    x = sg * float(h @ u)
                    total += np.logaddexp(0.0, -x)
                    g = -sg / (1.0 + np.exp(x))
                    dh += g * u
                    dW_out[r_out] += g * h
                for r in ctx:
                    dW_in[r] += dh if c_tool_gradient else dh / len(ctx)
        W_in -= lr * dW_in
        W_out -= lr * dW_out
    return total, examples
