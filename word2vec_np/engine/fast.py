"""Fast training kernels: the contexts of a centre word share its output rows.

This is ``method="fast"`` of :mod:`word2vec_np.engine.training`. It trains the same
model as the reference and minibatch paths (same windows, same loss, plain
SGD), with three changes that buy speed, each a named option documented and
measured in docs/performance.md:

1. Shared output rows (Ji et al. 2016, "Parallelizing Word2Vec in Shared and
   Distributed Memory"; BlazingText, 2017). In skip-gram every context word
   of a centre word is trained against the same output rows: the centre word
   plus k negatives drawn once for that centre (NS), or the centre's Huffman
   path (HS). The C tool and gensim draw fresh negatives for every (context,
   centre) pair; here a window shares them. The 2b context rows and the K
   output rows of a window then meet in one small matrix product instead of
   2b * K separate dot products. (For HS the set of (context, node) terms is
   exactly the C tool's.) CBOW with NS goes one step further by default
   (``cbow_negatives="shared"``): sets of ``SHARED_NEGATIVES`` (4) windows
   from all over the block share one draw of k negatives, where the C tool
   draws one set per window (``cbow_negatives="window"``).

2. Minibatches of centre words. ``batch_centres`` centre words (default 256)
   are trained from the same parameters, then every update is applied with a
   scatter-add that sums each repeated row (nothing is lost to buffered
   fancy indexing). Consecutive centre words come in groups of ``group``
   (default 8) so that one matrix product per group serves them all
   (:func:`skipgram_step`), and the groups of a block are visited in random
   order (``shuffle``), so one batch does not pile up the updates of one run
   of repeated words (tables of numbers, say).

3. A cap on each row's share of a batch (``row_cap``, Equation (ROW-CAP)).
   A row that the updates of n > row_cap centre words touch in one batch
   gets its summed update scaled by row_cap / n. Sequential SGD never needs
   this; a minibatch does, because n stale gradients of the same row add up
   to one step n times too long. Hierarchical softmax needs it most: the
   root of the tree is on every path, so it would get 256 windows' worth of
   stale updates at once (with the cap off, HS training diverges within an
   epoch at batch_centres=256).

Where this follows the C tool and where not:

- The sigmoid and the loss are exact (:func:`logistic_terms`): no table, no
  clamping, nothing skipped. The C tool reads s from a table on [-6, 6],
  clamps the NS gradient beyond it and skips HS nodes beyond it; gensim
  skips NS and HS updates beyond |z| >= 6. Here every term counts, in the
  loss and in the gradient.
- A negative equal to the centre word is redrawn (``sampling.NoiseSampler``);
  the C tool and gensim skip it. A shared CBOW negative equal to one
  window's word is skipped for that window, as the C tool does.
- The C tool's CBOW update (the undivided error to every context row) is the
  default (``c_tool_gradient=True``); ``False`` gives the exact 1/C.
- The row cap and the batch staleness are not in the C tool (it is sequential
  SGD, lock-free across threads).

Shapes: V words, D dimensions, W the window, c = ``group``, nb groups per batch,
m = nb * c centre words per batch, K output rows per centre (k + 1 for NS, the
longest path of the batch for HS).

One kernel per configuration, each laying out its batch as a few batched
matrix products: :func:`skipgram_step` (skip-gram NS: a band of each
group's product), :func:`skipgram_hs_step` (skip-gram HS: one column per
distinct node of a group's paths, :func:`group_nodes`), :func:`cbow_step`
(CBOW HS, and CBOW NS with a draw per window) and
:func:`cbow_shared_ns_step` (CBOW NS with shared negatives).

Its readable twin, :func:`word2vec_np.engine.fast_readable.train_block`,
runs the same algorithm with plain loops, one centre word and one output row
at a time, and shares no helper with this module; tests/engine/test_fast.py
checks that the two agree, and tests/engine/test_fast_readable.py checks the
twin against the gradients of :mod:`word2vec_np.core.model`. Everything in
the hot path stays in the parameters' dtype (float32 in training, float64 in
the checks).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ..core.architectures import CBOW, SkipGram
from ..core.model import scatter_add
from ..core.sampling import bounded_half_widths, check_offsets
from ..errors import ConfigError

#: Centre words per batch. Every gradient of a batch is computed from the same
#: parameters, so this is the staleness knob (see docs/performance.md).
BATCH_CENTRES = 256
#: Consecutive centre words that share one slice of GROUP + 2 * window input rows.
GROUP = 8
#: Most centre words whose summed update one row takes at full weight per batch.
ROW_CAP = 16
#: CBOW with HS: the first TOP_LEVELS steps of every path are summed per node by one matrix product.
TOP_LEVELS = 6
#: CBOW with NS, ``cbow_negatives="shared"``: windows that share one draw of k negatives.
SHARED_NEGATIVES = 4
#: Skip-gram with HS: the first SHARED_LEVELS steps of every path get one column per node, shared by a group.
SHARED_LEVELS = 4

#: The objectives the kernels train (every architecture of core.architectures; not the full softmax).
OBJECTIVES = ("ns", "hs")
#: CBOW NS: one draw of k negatives per set of SHARED_NEGATIVES windows, or per window (the C tool).
CBOW_NEGATIVES = ("shared", "window")


# --------------------------------------------------------------------------- windows and batches


def context_mask(offsets: np.ndarray, half_widths: np.ndarray, window: int) -> np.ndarray:
    """Which offsets of each centre word are its context words.

    Centre i with half-width b_i sees the positions i + t for
    t in {-b_i..-1, 1..b_i} that lie in its own sentence.

    Parameters
    ----------
    offsets : (S + 1,) int64 sentence boundaries
    half_widths : (N,) int, each in 1..window
    window : int

    Returns
    -------
    (N, 2 * window + 1) bool; column window + t is offset t (column ``window``,
    the centre itself, is always False).
    """
    n = len(half_widths)
    lengths = np.diff(offsets)
    start = np.repeat(offsets[:-1], lengths)  # (N,) first position of each position's sentence
    end = np.repeat(offsets[1:], lengths)  # (N,) one past its last position
    pos = np.arange(n)
    first = np.maximum(pos - half_widths, start) - pos  # (N,) leftmost context offset, <= 0
    last = np.minimum(pos + half_widths, end - 1) - pos  # (N,) rightmost context offset, >= 0
    t = np.arange(-window, window + 1)  # (2W+1,)
    return (t >= first[:, None]) & (t <= last[:, None]) & (t != 0)


@dataclass(frozen=True)
class _Block:
    """One block of sentences cut into groups of ``c`` consecutive centre words (padded).

    ids : (G * c + 2W,) intp, ids[p + W] is the word at position p; 0 in the padding
    mask : (G * c, 2W + 1) float, context_mask of every position, 0 in the padding
    real : (G * c,) bool, False for the padding positions past the block's end
    """

    ids: np.ndarray
    mask: np.ndarray
    real: np.ndarray
    c: int
    window: int

    @classmethod
    def build(cls, ids, offsets, window, c, rng, dtype, shrink=True) -> tuple[_Block, np.ndarray]:
        """The block and its (N,) context counts; draws the half-widths from rng (whole ones unless ``shrink``)."""
        n = len(ids)
        half_widths, window = bounded_half_widths(offsets, window, rng, shrink)  # W <= window: the longest sentence's
        mask = context_mask(offsets, half_widths, window)  # (N, 2W+1)
        n_groups = -(-n // c)
        padded_ids = np.zeros(n_groups * c + 2 * window, dtype=np.intp)
        padded_ids[window : window + n] = ids
        padded_mask = np.zeros((n_groups * c, 2 * window + 1), dtype=dtype)
        padded_mask[:n] = mask
        real = np.zeros(n_groups * c, dtype=bool)
        real[:n] = True
        return cls(padded_ids, padded_mask, real, c, window), mask.sum(axis=1)

    @property
    def n_groups(self) -> int:
        return len(self.real) // self.c

    def centres(self, groups: np.ndarray) -> np.ndarray:
        """(m,) positions of the centre words of ``groups``, group by group (m = len(groups) * c)."""
        return (groups[:, None] * self.c + np.arange(self.c)).reshape(-1)

    def rows(self, groups: np.ndarray) -> np.ndarray:
        """(nb, c + 2W) word ids of the input rows each group reads: its centres and W more on each side."""
        return self.ids[groups[:, None] * self.c + np.arange(self.c + 2 * self.window)]


def batch_groups(n_groups: int, batch_centres: int, c: int, rng, shuffle: bool) -> list[np.ndarray]:
    """Split the groups of a block into batches of ``max(1, batch_centres // c)`` groups.

    With ``shuffle`` the groups are visited in a random order drawn from rng,
    so one batch holds centre words from all over the block instead of one
    run of neighbours (see docs/performance.md, "Shuffled groups").
    """
    order = rng.permutation(n_groups) if shuffle else np.arange(n_groups)
    per_batch = max(1, batch_centres // c)
    return [order[j : j + per_batch] for j in range(0, n_groups, per_batch)]


# --------------------------------------------------------------------------- output rows


@dataclass(frozen=True)
class _Outputs:
    """The output rows each centre word is trained against, shared by its whole window.

    rows : (m, K) intp, rows of W_out
    sign : (K,) or (m, K) float, +1 where the label is 1 and -1 where it is 0
    valid : (m, K) float 0/1, or None when every entry is real
    """

    rows: np.ndarray
    sign: np.ndarray
    valid: np.ndarray | None


def _ns_outputs(centres, real, sampler, k, rng, dtype) -> _Outputs:
    """Negative sampling: the centre (label 1), then k negatives (label 0) drawn for the real centres."""
    rows = np.zeros((len(centres), k + 1), dtype=np.intp)
    rows[:, 0] = centres
    rows[real, 1:] = sampler.sample(centres[real], k, rng)
    sign = np.full(k + 1, -1.0, dtype=dtype)
    sign[0] = 1.0
    return _Outputs(rows, sign, None)


def _hs_outputs(centres, tree, dtype) -> _Outputs:
    """Hierarchical softmax: the Huffman path of each centre, padded to the batch's longest."""
    lengths = tree.lengths[centres]  # (m,)
    L = int(lengths.max())
    rows = tree.points[centres, :L].astype(np.intp)  # (m, L)
    sign = (1 - 2 * tree.codes[centres, :L]).astype(dtype)  # (m, L) label 1 - code_j, as a sign
    valid = (np.arange(L) < lengths[:, None]).astype(dtype)  # (m, L)
    return _Outputs(rows, sign, valid)


# --------------------------------------------------------------------------- the math of one batch


def logistic_terms(z: np.ndarray, sign) -> tuple[np.ndarray, np.ndarray]:
    """Per-entry loss and its derivative for scores z with labels given as signs.

    With x = sign * z (label 1: sign +1, label 0: sign -1)::

        loss = -log s(x) = log(1 + e^-|x|) + max(-x, 0)
        g = dloss/dz = -sign * s(-x),   s(-x) = 1 / (1 + e^x)

    Equations (NS-loss)/(NS-grad) and (HS-loss)/(HS-grad) of docs/math.md,
    entry by entry. These are (-log s(x), -sign * s(-x)) with the sigmoid and
    log-sigmoid of :mod:`word2vec_np.core.objectives.base` (Equations
    (sigmoid), (log-sigmoid)), the one definition; this is the kernels' fused
    form of the two, one pass for both, and tests/engine/test_fast.py checks
    that it equals ``-log_sigmoid(sign * z)`` and ``-sign * sigmoid(-sign * z)``.
    The loss only ever exponentiates -|x| <= 0. For
    s(-x), e^x overflows to inf once x > 88 (float32), and 1 / (1 + inf)
    is 0, the exact limit, so that overflow is silenced on purpose. (A
    ``np.where`` over the two branches measured ten times slower here.)

    Parameters
    ----------
    z : (...) float, scores u . h
    sign : broadcastable to z, +1 or -1

    Returns
    -------
    (loss, g), both (...) in z's dtype.
    """
    x = z * sign
    loss = np.log1p(np.exp(-np.abs(x)))
    loss += np.maximum(-x, 0)
    with np.errstate(over="ignore"):
        s_neg = 1 / (1 + np.exp(x))  # s(-x)
    s_neg *= sign
    return loss, np.negative(s_neg, out=s_neg)


def _band(S: np.ndarray, c: int, width: int, K: int) -> np.ndarray:
    """(nb, c, width, K) view of S (nb, c + width - 1, c * K): band[j, l, t, k] = S[j, l + t, l * K + k].

    Row l + t of a group's slice is offset t - W of centre l; columns
    l * K .. l * K + K - 1 are centre l's output rows. Writing into the view
    writes into S.
    """
    s0, s1, s2 = S.strides
    return as_strided(S, (S.shape[0], c, width, K), (s0, s1 + K * s2, s1, s2))


def _diagonal(A: np.ndarray, width: int) -> np.ndarray:
    """(nb, c, width) view of A (nb, c, c + width - 1): diag[j, l, t] = A[j, l, l + t]."""
    s0, s1, s2 = A.strides
    return as_strided(A, (A.shape[0], A.shape[1], width), (s0, s1 + s2, s2))


def mask_band(mask: np.ndarray, c: int) -> np.ndarray:
    """(nb, c, c + width - 1) the context masks laid over each group's slice: band[j, l, l + t] = mask[j c + l, t].

    mask : (nb * c, width) float, the batch's context masks, group by group.
    Row l of band[j] marks the slice rows centre l of group j reads (its
    offset t - W is slice row l + t); everything off the band is 0.
    """
    m, width = mask.shape
    band = np.zeros((m // c, c, c + width - 1), dtype=mask.dtype)
    _diagonal(band, width)[...] = mask.reshape(m // c, c, width)
    return band


def context_uses(mask: np.ndarray, c: int) -> np.ndarray:
    """(nb, c + width - 1): how many centre words of each group read each row of its slice.

    mask : (nb * c, width) float, the batch's context masks, group by group.
    """
    return mask_band(mask, c).sum(axis=1)


@dataclass(frozen=True)
class _Step:
    """The SGD update of one batch, row by row, already times -lr (and the row-cap factors).

    in_rows (M_in,) and upd_in (M_in, D): rows of W_in and their updates; out_rows, upd_out
    likewise for W_out. Rows repeat; :func:`scatter_add` sums them.
    """

    loss: float
    in_rows: np.ndarray
    upd_in: np.ndarray
    out_rows: np.ndarray
    upd_out: np.ndarray


def _dot(a: np.ndarray, b: np.ndarray) -> float:
    """sum(a * b) over all entries, as one BLAS dot product in the arrays' dtype (a and b: the same shape).

    A batch's loss is a sum of tens of thousands of terms; a float32 dot
    product (blocked, several accumulators) is within about 1e-7 of the
    float64 sum, and five times faster than ``np.sum(a * b, dtype=np.float64)``.
    """
    return float(np.dot(a.reshape(-1), b.reshape(-1)))


def _flat_step(loss, in_rows, upd_in, out_rows, upd_out, out_valid) -> _Step:
    """Flatten a batch's updates to rows, dropping the HS padding entries (their updates are zero)."""
    D = upd_in.shape[-1]
    out_rows, upd_out = out_rows.reshape(-1), upd_out.reshape(-1, D)
    if out_valid is not None:
        keep = out_valid.reshape(-1) > 0
        out_rows, upd_out = out_rows[keep], upd_out[keep]
    return _Step(loss, in_rows.reshape(-1), upd_in.reshape(-1, D), out_rows, upd_out)


def skipgram_step(W_in, W_out, rows, mask, outputs: _Outputs, lr, c: int, in_scale=None, out_scale=None) -> _Step:
    """Loss and update of one skip-gram batch, every context of a centre against the centre's output rows.

    Parameters
    ----------
    W_in : (V, D), W_out : (n_out, D) float, read only
    rows : (nb, c + 2W) int, the input rows of each group's slice
    mask : (nb * c, 2W + 1) float, which offsets of each centre are context words
    outputs : the (nb * c, K) output rows of each centre, their signs and validity
    lr : scalar of W_in's dtype

    The context rows of group j, Vb[j] (c + 2W, D), meet the output rows of
    its c centres, Ub[j] (c * K, D), in one matrix product; entry
    (l + t, l * K + k) is the score of context offset t - W of centre l
    against its k-th output row. Only that band is used: the rest of the
    product is wasted work that buys one BLAS call per group instead of one
    per centre.
    """
    m, K = outputs.rows.shape
    nb, n_rows = rows.shape
    width = n_rows - c + 1
    Vb = np.take(W_in, rows, axis=0)  # (nb, c + 2W, D); np.take gathers rows about 2x faster than W_in[rows]
    Ub = np.take(W_out, outputs.rows.reshape(nb, c * K), axis=0)  # (nb, c * K, D)
    S = np.matmul(Vb, Ub.transpose(0, 2, 1))  # (nb, c + 2W, D) @ (nb, D, c * K) -> (nb, c + 2W, c * K)
    z = _band(S, c, width, K).reshape(m, width, K)  # (m, 2W + 1, K) scores of every (context, output) pair
    sign = outputs.sign[:, None, :] if outputs.sign.ndim == 2 else outputs.sign
    loss, g = logistic_terms(z, sign)
    weight = mask[:, :, None] if outputs.valid is None else mask[:, :, None] * outputs.valid[:, None, :]
    total = _dot(loss.sum(axis=2), mask) if outputs.valid is None else _dot(loss, weight)
    G = np.zeros_like(S)  # (nb, c + 2W, c * K), zero off the band
    _band(G, c, width, K)[...] = ((-lr) * g * weight).reshape(nb, c, width, K)
    upd_in = np.matmul(G, Ub)  # (nb, c + 2W, c * K) @ (nb, c * K, D) -> (nb, c + 2W, D)
    if in_scale is not None:
        upd_in *= in_scale[:, :, None]
    if out_scale is not None:
        G *= out_scale.reshape(nb, 1, c * K)  # scale column (l, k): the update of output row k of centre l
    upd_out = np.matmul(G.transpose(0, 2, 1), Vb)  # (nb, c * K, c + 2W) @ (nb, c + 2W, D) -> (nb, c * K, D)
    return _flat_step(total, rows, upd_in, outputs.rows, upd_out, outputs.valid)


@dataclass(frozen=True)
class _GroupNodes:
    """Skip-gram with HS: the columns of each group's product, one per tree node, and who uses them.

    nodes : (nb, n) intp, rows of W_out; column q of group j scores node nodes[j, q]
    on_path : (nb, n, c) float, 1 where that node is on the path of the group's centre l
    label0 : (nb, n, c) float, 1 where it is, with label 0 (code bit 1)
    """

    nodes: np.ndarray
    on_path: np.ndarray
    label0: np.ndarray


def group_nodes(outputs: _Outputs, c: int, shared_levels: int = SHARED_LEVELS) -> _GroupNodes:
    """Lay out the path steps of each group of c centre words as the columns of one product.

    The first ``shared_levels`` steps of every path run through the few
    nodes at the top of the tree (the root is on every path): each of the
    batch's distinct nodes there gets one column in every group, shared by
    all the centres whose paths pass through it. The deeper steps, mostly
    different nodes, get a column each, packed without the padding of
    shorter paths. A node may still get two columns in one group (two deep
    steps on the same node); each then carries its own share, so the
    result is exact either way, only the work differs.

    outputs : the (m, K) HS paths of the batch (:func:`_hs_outputs`), group by group, m = nb * c.
    """
    m, K = outputs.rows.shape
    nb = m // c
    T = min(shared_levels, K)
    valid = outputs.valid > 0  # (m, K)
    top, top_column = np.unique(outputs.rows[:, :T][valid[:, :T]], return_inverse=True)
    deep_column = np.cumsum(valid[:, T:].reshape(nb, c * (K - T)), axis=1) + (len(top) - 1)  # packed per group
    n = int(deep_column[:, -1].max()) + 1 if K > T else len(top)
    column = np.empty((m, K), dtype=np.intp)  # column[i, k]: the column of step k of centre i in its group
    column[:, :T][valid[:, :T]] = top_column.reshape(-1)
    column[:, T:] = deep_column.reshape(m, K - T)
    j, l, _ = np.nonzero(valid.reshape(nb, c, K))  # (M,) group and centre of every real step
    cell = j * n + column[valid]  # (M,) index into (nb, n)
    nodes = np.zeros((nb, n), dtype=np.intp)
    nodes[:, : len(top)] = top
    nodes.reshape(-1)[cell] = outputs.rows[valid]
    flat = cell * c + l  # (M,) index into (nb, n, c)
    on_path = np.zeros((nb, n, c), dtype=outputs.sign.dtype)
    label0 = np.zeros((nb, n, c), dtype=outputs.sign.dtype)
    on_path.reshape(-1)[flat] = 1
    label0.reshape(-1)[flat] = outputs.sign[valid] < 0
    return _GroupNodes(nodes, on_path, label0)


def skipgram_hs_step(W_in, W_out, rows, mask, cols: _GroupNodes, lr, c: int, in_scale=None, out_scale=None) -> _Step:
    """Loss and update of one skip-gram HS batch, every context of a group against the nodes of its paths.

    Parameters as :func:`skipgram_step`, with the outputs laid out by
    :func:`group_nodes`; out_scale : (nb, n) factors of the columns.

    The context rows of group j, Vb[j] (c + 2W, D), meet its node rows
    Ug[j] (n, D) in one product: Z[j, q, r] is the score of slice row r
    against node q, the same number for every centre of the group that
    pairs them. So the (context, node) terms of the C tool are counted, not
    repeated: N[j, q, r] is the number of centres l with node q on their
    path and row r in their window (N = on_path @ band of the masks), N0
    the number of those whose label is 0. Label 1 costs softplus(-z), label
    0 costs softplus(z) = softplus(-z) + z, so with
    (loss, g) = :func:`logistic_terms` (z, +1), Equations (HS-loss)/(HS-grad)
    summed over the pairs are

        loss = sum N * loss + N0 * z,    dloss/dZ = N * g + N0

    Compared with :func:`skipgram_step`'s band (c * K columns, every path
    padded to the batch's longest), the top of the tree is scored once per
    group and the padding is gone: about 90 columns per group instead of
    about 140 on the benchmark corpus.
    """
    band = mask_band(mask, c)  # (nb, c, c + 2W)
    N = np.matmul(cols.on_path, band)  # (nb, n, c) @ (nb, c, c + 2W) -> (nb, n, c + 2W)
    N0 = np.matmul(cols.label0, band)
    Vb = np.take(W_in, rows, axis=0)  # (nb, c + 2W, D)
    Ug = np.take(W_out, cols.nodes, axis=0)  # (nb, n, D)
    VbT = np.ascontiguousarray(Vb.transpose(0, 2, 1))  # (nb, D, c + 2W): a plain product runs faster than Vb^T
    Z = np.matmul(Ug, VbT)  # (nb, n, D) @ (nb, D, c + 2W) -> (nb, n, c + 2W)
    loss, g = logistic_terms(Z, 1)
    total = _dot(loss, N) + _dot(Z, N0)
    G = g * N  # (nb, n, c + 2W): dloss/dZ, summed over the centres, times -lr
    G += N0
    G *= -lr
    upd_in = np.matmul(G.transpose(0, 2, 1), Ug)  # (nb, c + 2W, n) @ (nb, n, D) -> (nb, c + 2W, D)
    if in_scale is not None:
        upd_in *= in_scale[:, :, None]
    if out_scale is not None:
        G *= out_scale[:, :, None]
    upd_out = np.matmul(G, Vb)  # (nb, n, c + 2W) @ (nb, c + 2W, D) -> (nb, n, D)
    return _flat_step(total, rows, upd_in, cols.nodes, upd_out, None)  # unused columns add zeros


def cbow_step(
    W_in, W_out, rows, mask, outputs: _Outputs, lr, c: int, c_tool_gradient: bool, in_scale=None, out_scale=None
) -> _Step:
    """Loss and update of one CBOW batch: h = mean of each centre's context rows against its output rows.

    Parameters as :func:`skipgram_step`. The mean is a matrix product too:
    A[j] (c, c + 2W) holds 1/C_l on the band of centre l's context rows, so
    h = A[j] @ Vb[j]. Backward, the update of h goes to every context row
    undivided (``c_tool_gradient``, the C tool's and gensim's rule) or times
    1/C_l (the exact gradient of the mean).
    """
    m, K = outputs.rows.shape
    A, h, has_context = _cbow_mean(W_in, rows, mask, c)
    h = h.reshape(m, -1)  # (m, D)
    U = np.take(W_out, outputs.rows, axis=0)  # (m, K, D)
    z = np.matmul(U, h[:, :, None])[:, :, 0]  # (m, K, D) @ (m, D, 1) -> (m, K)
    loss, g = logistic_terms(z, outputs.sign)
    weight = has_context[:, None] if outputs.valid is None else has_context[:, None] * outputs.valid
    total = _dot(loss.sum(axis=1), has_context.astype(loss.dtype)) if outputs.valid is None else _dot(loss, weight)
    G = (-lr) * g * weight  # (m, K)
    upd_h = np.matmul(G[:, None, :], U)[:, 0]  # (m, 1, K) @ (m, K, D) -> (m, D)
    if out_scale is not None:
        G *= out_scale
    out_rows = outputs.rows
    if outputs.valid is None:
        upd_out = G[:, :, None] * h[:, None, :]  # (m, K, D)
    else:
        out_rows, upd_out = _hs_output_updates(outputs, G, h)
    upd_in = _cbow_input_update(A, mask, upd_h.reshape(A.shape[0], c, -1), c_tool_gradient, in_scale)
    return _flat_step(total, rows, upd_in, out_rows, upd_out, None)


def _cbow_mean(W_in, rows, mask, c: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """h of every centre of a CBOW batch, the mean of its context rows, as one product per group.

    rows : (nb, c + 2W) the input rows of each group's slice; mask : (nb * c, 2W + 1).
    Returns A (nb, c, c + 2W), 1/C_l on the band of centre l's context rows (so h = A[j] @ Vb[j]),
    h (nb, c, D), and has_context (nb * c,) bool (False: no context word, h = 0).
    """
    n_context = mask.sum(axis=1)  # (m,)
    has_context = n_context > 0
    inv_n = np.where(has_context, 1 / np.maximum(n_context, 1), 0).astype(W_in.dtype)  # (m,)
    Vb = np.take(W_in, rows, axis=0)  # (nb, c + 2W, D)
    A = mask_band(mask * inv_n[:, None], c)  # (nb, c, c + 2W)
    h = np.matmul(A, Vb)  # (nb, c, c + 2W) @ (nb, c + 2W, D) -> (nb, c, D)
    return A, h, has_context


def _cbow_input_update(A, mask, upd_h, c_tool_gradient: bool, in_scale) -> np.ndarray:
    """(nb, c + 2W, D) updates of each group's slice rows from the (nb, c, D) updates of the h's.

    The transpose of :func:`_cbow_mean`'s product: every context row gets its
    centre's update of h, undivided (``c_tool_gradient``) or times 1/C_l
    (A as it is). May overwrite A.
    """
    if c_tool_gradient:
        A = mask_band(mask, A.shape[1])
    if in_scale is not None:
        A *= in_scale[:, None, :]  # column r of A[j]: slice row r, i.e. one row of W_in
    return np.matmul(A.transpose(0, 2, 1), upd_h)  # (nb, c + 2W, c) @ (nb, c, D)


@dataclass(frozen=True)
class _SharedNegatives:
    """CBOW with negatives shared by sets of s windows: each set's output rows, and the pairs that count.

    The m centre words of a batch (padded to a multiple of s) form n = m / s
    sets; set q holds the centres at batch positions q, q + n, q + 2n, ...,
    so with shuffled groups its windows come from all over the block.

    members : (n, s) intp, batch position of each member (m or more: padding)
    rows : (n, s + k) intp, the members' own words (row t is the positive of member t only), then the
        k negatives drawn once for the set
    sign : (s + k, s) float, +1 for a positive, -1 for a negative, 0 for the pairs that do not count
    weight : (n, s + k, s) float 0/1, 1 for the pairs that are terms of the loss: each member with its own
        word, and with every negative that is not its own word, for members that have context words
    """

    members: np.ndarray
    rows: np.ndarray
    sign: np.ndarray
    weight: np.ndarray


def _shared_ns_outputs(centres, has_context, sampler, k: int, s: int, rng, dtype) -> _SharedNegatives:
    """Draw k negatives per set of s windows; centres (m,) word ids, has_context (m,) bool."""
    m = len(centres)
    n = -(-m // s)
    members = np.arange(n * s).reshape(s, n).T  # (n, s)
    words = np.zeros(n * s, dtype=np.intp)
    words[:m] = centres
    live = np.zeros(n * s, dtype=bool)
    live[:m] = has_context
    words, live = words[members], live[members]  # (n, s)
    negatives = sampler.draw((n, k), rng)  # (n, k) from P_n
    rows = np.concatenate([words, negatives], axis=1)  # (n, s + k)
    sign = np.concatenate([np.eye(s, dtype=dtype), np.full((k, s), -1, dtype=dtype)])  # (s + k, s)
    weight = np.zeros((n, s + k, s), dtype=dtype)
    _diagonal(weight[:, :s], 1)[...] = live[:, :, None]
    weight[:, s:] = live[:, None, :] & (negatives[:, :, None] != words[:, None, :])  # a clash is skipped
    return _SharedNegatives(members, rows, sign, weight)


def cbow_shared_ns_step(
    W_in, W_out, rows, mask, outputs: _SharedNegatives, lr, c: int, c_tool_gradient: bool, in_scale=None,
    out_scale=None,
) -> _Step:
    """Loss and update of one CBOW NS batch whose windows share their k negatives in sets of s.

    Parameters as :func:`cbow_step`; out_scale : (n, s + k). The s h's of
    set q meet its s + k output rows in one product, Z[q] = Ug[q] @ h[q]^T
    (s + k, s); ``outputs.weight`` keeps the pairs of Equation (NS-loss):
    each window with its own word, and with the k shared negatives. Each
    negative row's update then comes out of the second product already
    summed over the s windows, so a batch writes n * (s + k) rows of W_out
    (576 for 256 centres, s = 4, k = 5) instead of m * (k + 1) (1,536).
    """
    A, h, has_context = _cbow_mean(W_in, rows, mask, c)  # h (nb, c, D)
    n, s = outputs.members.shape
    D = h.shape[-1]
    h_all = np.zeros((n * s, D), dtype=h.dtype)
    h_all[: h.shape[0] * c] = h.reshape(-1, D)
    hq = np.take(h_all, outputs.members, axis=0)  # (n, s, D) each set's h's
    Ug = np.take(W_out, outputs.rows, axis=0)  # (n, s + k, D)
    Z = np.matmul(Ug, hq.transpose(0, 2, 1))  # (n, s + k, D) @ (n, D, s) -> (n, s + k, s)
    loss, g = logistic_terms(Z, outputs.sign)
    total = _dot(loss, outputs.weight)
    G = g * outputs.weight  # (n, s + k, s)
    G *= -lr
    upd_hq = np.matmul(G.transpose(0, 2, 1), Ug)  # (n, s, s + k) @ (n, s + k, D) -> (n, s, D)
    if out_scale is not None:
        G *= out_scale[:, :, None]
    upd_out = np.matmul(G, hq)  # (n, s + k, s) @ (n, s, D) -> (n, s + k, D)
    upd_h = np.empty_like(h_all)
    upd_h[outputs.members.reshape(-1)] = upd_hq.reshape(-1, D)  # back to batch order (members are distinct)
    upd_h = upd_h[: h.shape[0] * c].reshape(h.shape)  # (nb, c, D)
    upd_in = _cbow_input_update(A, mask, upd_h, c_tool_gradient, in_scale)
    return _flat_step(total, rows, upd_in, outputs.rows, upd_out, None)


def _hs_output_updates(outputs: _Outputs, G: np.ndarray, h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """CBOW with HS: the W_out update of every real path step, G[i, j] * h[i], with the top of the tree summed.

    The first TOP_LEVELS steps of every path run through the few nodes at the
    top of the tree (the root is on every path), so their updates are summed
    per node by one product, C (nodes, m) @ h (m, D), instead of being written
    out row by row and scatter-added: a segment sum as a matrix product. The
    deeper steps, mostly different nodes, are written out (padding skipped).

    Returns (rows (M,), updates (M, D)); a row may still repeat.
    """
    T = min(TOP_LEVELS, outputs.rows.shape[1])
    valid = outputs.valid > 0  # (m, K)
    top, deep = valid[:, :T], valid[:, T:]  # the real steps above and below level T
    nodes, column = np.unique(outputs.rows[:, :T][top], return_inverse=True)
    C = np.zeros((len(nodes), len(h)), dtype=h.dtype)  # C[node, centre] = g; a node is on a path once
    C[column, np.nonzero(top)[0]] = G[:, :T][top]
    centre = np.nonzero(deep)[0]  # (M_deep,) the centre of each deeper step
    upd = np.empty((len(nodes) + len(centre), h.shape[1]), dtype=h.dtype)
    np.matmul(C, h, out=upd[: len(nodes)])  # (nodes, m) @ (m, D): the summed top updates
    np.multiply(G[:, T:][deep][:, None], np.take(h, centre, axis=0), out=upd[len(nodes) :])  # (M_deep, D)
    return np.concatenate([nodes, outputs.rows[:, T:][deep]]), upd


# --------------------------------------------------------------------------- the row cap


def row_scale(rows: np.ndarray, uses: np.ndarray, cap: float | None, counter: np.ndarray) -> np.ndarray | None:
    """Per-entry factor min(1, cap / n_r), n_r the centre words behind all entries of row r; None if all 1.

    rows : (...) int; uses : same shape, float, the centre words behind each entry;
    counter : (R,) float64 zeros, one per row of the matrix, returned to zeros
    (a scratch buffer, so counting costs O(M), not O(R)).
    Equation (ROW-CAP) in docs/performance.md.
    """
    if cap is None or rows.size == 0:
        return None
    np.add.at(counter, rows.reshape(-1), uses.reshape(-1))  # counter[r] = n_r
    n = counter[rows]  # (...) n_r of each entry's row
    counter[rows] = 0
    if n.max() <= cap:
        return None
    return cap / np.maximum(n, cap)  # min(1, cap / n_r), rows' shape


# --------------------------------------------------------------------------- the public entry point


def _check(
    W_in,
    W_out,
    ids,
    offsets,
    arch,
    objective,
    window,
    lr,
    batch_centres,
    group,
    row_cap,
    negatives_sampler,
    negative,
    tree,
    cbow_negatives,
):
    if arch not in (SkipGram.name, CBOW.name):
        raise ConfigError(f"unknown architecture {arch!r} for the fast kernels; choose {SkipGram.name} or {CBOW.name}")
    if objective not in OBJECTIVES:
        raise ConfigError(
            f"the fast kernels train {' and '.join(OBJECTIVES)} only, not {objective!r}; "
            "use the minibatch method for the full softmax"
        )
    for name, value in (("window", window), ("batch_centres", batch_centres), ("group", group)):
        if int(value) != value or value < 1:
            raise ConfigError(f"{name} must be a positive whole number, got {value!r}")
    if cbow_negatives not in CBOW_NEGATIVES:
        raise ConfigError(f"cbow_negatives must be one of {CBOW_NEGATIVES}, got {cbow_negatives!r}")
    if row_cap is not None and not row_cap > 0:
        raise ConfigError(f"row_cap must be a positive number or None (no cap), got {row_cap!r}")
    if not (np.isfinite(lr) and lr >= 0):
        raise ConfigError(f"the learning rate must be a finite number >= 0, got {lr!r}")
    if W_in.dtype not in (np.float32, np.float64) or W_out.dtype != W_in.dtype:
        raise ConfigError(f"W_in and W_out must both be float32 (or float64), got {W_in.dtype} and {W_out.dtype}")
    if not (W_in.flags.c_contiguous and W_out.flags.c_contiguous):
        raise ConfigError(
            "W_in and W_out must be C-contiguous arrays (np.ascontiguousarray); they are updated in place"
        )
    if W_in.ndim != 2 or W_out.ndim != 2 or W_in.shape[1] != W_out.shape[1]:
        raise ConfigError(f"W_in {W_in.shape} and W_out {W_out.shape} must be matrices with the same width D")
    offsets = check_offsets(ids, offsets, "pass the block's sentence offsets")
    if len(ids) and (ids.min() < 0 or ids.max() >= W_in.shape[0]):
        raise ConfigError(f"word ids must lie in [0, {W_in.shape[0]}), the rows of W_in")
    if objective == "ns":
        if negatives_sampler is None or negative is None or int(negative) != negative or negative < 1:
            raise ConfigError(
                "negative sampling needs negatives_sampler (a sampling.NoiseSampler) and negative >= 1 "
                f"(the k of the run), got {negatives_sampler!r} and {negative!r}"
            )
        if W_out.shape[0] != W_in.shape[0]:
            raise ConfigError(f"negative sampling needs W_out with V = {W_in.shape[0]} rows, got {W_out.shape[0]}")
    else:
        if tree is None:
            raise ConfigError("hierarchical softmax needs the Huffman tree: pass tree=objective.tree")
        if len(tree) != W_in.shape[0] or W_out.shape[0] != W_in.shape[0] - 1:
            raise ConfigError(
                f"the Huffman tree has {len(tree)} words; W_in needs that many rows and W_out one fewer, "
                f"got {W_in.shape[0]} and {W_out.shape[0]}"
            )


def train_block(
    W_in: np.ndarray,
    W_out: np.ndarray,
    ids: np.ndarray,
    offsets: np.ndarray,
    *,
    arch: str,
    objective: str,
    window: int,
    lr: float,
    rng: np.random.Generator,
    shrink_windows: bool = True,
    batch_centres: int = BATCH_CENTRES,
    c_tool_gradient: bool = True,
    negatives_sampler=None,
    negative: int | None = None,
    tree=None,
    group: int = GROUP,
    row_cap: float | None = ROW_CAP,
    shuffle: bool = True,
    cbow_negatives: str = "shared",
) -> tuple[float, int]:
    """Train on one block of (subsampled) sentences with shared output rows; update W_in, W_out in place.

    Parameters
    ----------
    W_in : (V, D) float32 (float64 for checks), C-contiguous
    W_out : (n_out, D) same dtype; n_out = V (NS) or V - 1 (HS)
    ids : (N,) int32 word ids of the block
    offsets : (S + 1,) int64 sentence boundaries of the block
    arch : "skipgram" or "cbow"
    objective : "ns" or "hs"
    window : int, largest half-width; one half-width per centre from
        ``sampling.draw_half_widths(len(ids), window, rng, shrink_windows)``
    shrink_windows : False gives every centre the whole window (drawn all the same)
    lr : float, the learning rate of this block (plain SGD: W -= lr * gradient)
    rng : numpy Generator; draws, in this order: the half-widths, the order
        of the groups (``shuffle``), then each batch's negatives (per
        centre, or per set of windows for CBOW with shared negatives)
    batch_centres : centre words per batch, rounded down to a multiple of
        ``group`` (at least one group)
    c_tool_gradient : CBOW only: the update of h goes undivided to every
        context row (True, as the C tool and gensim) or with the exact 1/C
    negatives_sampler : object with ``sample(targets, k, rng) -> (B, k)``
        (``sampling.NoiseSampler``); NS only
    negative : k, negatives per centre word; NS only
    tree : huffman.HuffmanTree; HS only
    group : consecutive centre words sharing one matrix product
    row_cap : a row of W_in or W_out takes the summed update of at most
        this many centre words per batch at full weight; more are scaled
        down to it (Equation (ROW-CAP)); None: plain sums
    shuffle : visit the groups of the block in random order
    cbow_negatives : CBOW with NS only: ``"shared"`` (k negatives per set of
        SHARED_NEGATIVES windows, drawn with ``negatives_sampler.draw``) or
        ``"window"`` (k per window, as the C tool)

    Returns
    -------
    (loss, examples): the sum of the per-example losses (a Python float;
    within a batch a dot product in the parameters' dtype, batches summed
    in float64), each computed before its batch's update, and the
    number of examples: (context, centre) pairs for skip-gram, centre words
    with at least one context word for CBOW.

    Memory: about 4 * (2 * window + 1) * N bytes for the block's context
    masks, plus a few MB per batch; pass blocks of thousands of words (the
    trainer passes about 10,000), not a whole corpus.
    """
    ids = np.asarray(ids)
    offsets = np.asarray(offsets, dtype=np.int64)
    _check(
        W_in,
        W_out,
        ids,
        offsets,
        arch,
        objective,
        window,
        lr,
        batch_centres,
        group,
        row_cap,
        negatives_sampler,
        negative,
        tree,
        cbow_negatives,
    )
    if len(ids) == 0:
        return 0.0, 0
    dtype = W_in.dtype
    lr = dtype.type(lr)  # a float64 scalar would turn every float32 product into float64
    c = int(group)
    block, n_context = _Block.build(ids, offsets, int(window), c, rng, dtype, bool(shrink_windows))
    counter_in, counter_out = np.zeros(len(W_in), dtype), np.zeros(len(W_out), dtype)  # scratch for row_scale
    shared = arch == "cbow" and objective == "ns" and cbow_negatives == "shared"
    k = int(negative) if objective == "ns" else 0
    total = 0.0
    for groups in batch_groups(block.n_groups, int(batch_centres), c, rng, shuffle):
        positions = block.centres(groups)  # (m,)
        centres = block.ids[positions + block.window]  # (m,) word ids, 0 in the padding
        mask = block.mask[positions]  # (m, 2W + 1)
        rows = block.rows(groups)  # (nb, c + 2W)
        # (ROW-CAP): how many centre words each entry stands for, then each row's factor
        has_context = mask.any(axis=1)[:, None].astype(dtype)  # (m, 1)
        in_scale = row_scale(rows, context_uses(mask, c), row_cap, counter_in)  # (nb, c + 2W) or None
        if shared:  # CBOW NS, one draw of negatives per set of windows
            shared_outputs = _shared_ns_outputs(
                centres, has_context[:, 0] > 0, negatives_sampler, k, SHARED_NEGATIVES, rng, dtype
            )
            out_uses = shared_outputs.weight.sum(axis=2)  # (n, s + k) windows per output row
            out_scale = row_scale(shared_outputs.rows, out_uses, row_cap, counter_out)
            step = cbow_shared_ns_step(
                W_in, W_out, rows, mask, shared_outputs, lr, c, c_tool_gradient, in_scale, out_scale
            )
        elif arch == "skipgram" and objective == "hs":  # columns: each group's distinct nodes
            cols = group_nodes(_hs_outputs(centres, tree, dtype), c, SHARED_LEVELS)
            out_uses = np.matmul(cols.on_path, has_context.reshape(-1, c, 1))[:, :, 0]  # (nb, n) centres per column
            out_scale = row_scale(cols.nodes, out_uses, row_cap, counter_out)  # (nb, n) or None
            step = skipgram_hs_step(W_in, W_out, rows, mask, cols, lr, c, in_scale, out_scale)
        else:  # columns: each centre's own output rows
            if objective == "ns":
                outputs = _ns_outputs(centres, block.real[positions], negatives_sampler, k, rng, dtype)
            else:
                outputs = _hs_outputs(centres, tree, dtype)
            out_uses = has_context if outputs.valid is None else has_context * outputs.valid
            out_uses = np.broadcast_to(out_uses, outputs.rows.shape)  # (m, K)
            out_scale = row_scale(outputs.rows, out_uses, row_cap, counter_out)  # (m, K) or None
            if arch == "skipgram":
                step = skipgram_step(W_in, W_out, rows, mask, outputs, lr, c, in_scale, out_scale)
            else:
                step = cbow_step(W_in, W_out, rows, mask, outputs, lr, c, c_tool_gradient, in_scale, out_scale)
        scatter_add(W_in, step.in_rows, step.upd_in)
        scatter_add(W_out, step.out_rows, step.upd_out)
        total += step.loss
    examples = int(n_context.sum()) if arch == "skipgram" else int(np.count_nonzero(n_context))
    return total, examples
