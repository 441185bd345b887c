"""The default training algorithm (``method="fast"``) written plainly, one centre word and one output row at a time.

:mod:`word2vec_np.engine.fast` trains with a few batched matrix products per
batch; this module runs the same algorithm with Python loops, so that a
learner can read what the default method does, and so that the tests can
check the kernels against it (tests/engine/test_fast.py) and it against the
gradients of :mod:`word2vec_np.core.model` (tests/engine/test_fast_readable.py).
It is slow: use it on a few hundred words. It shares no code with fast.py.

The textbook algorithm (docs/math.md, sections 5-12) takes one (context,
centre) pair at a time, scores the context word's input row against the
centre word's output rows, and applies W -= lr * gradient before the next
pair. The loss of one output row u with label y (1 for the centre word or
a path step with code 0, 0 for a negative or a path step with code 1) is,
with sign = 2y - 1 and the score z = u . h,

    loss = -log s(sign * z),   dloss/dz = -sign * s(-sign * z)

(Equations (NS-loss)/(NS-grad) and (HS-loss)/(HS-grad) of docs/math.md,
term by term; s and log s are :mod:`word2vec_np.core.objectives.base`'s),
and the gradients of the rows follow by (SG-grad) and (CBOW-grad). The
default algorithm keeps all of that and changes four things, for speed:

1. Shared negatives. The centre word is the target of every pair of its
   window, so skip-gram draws its k negatives once per centre word and
   trains every context word of the window against the same k + 1 output
   rows, where the textbook draws k fresh negatives for every pair. (With
   hierarchical softmax nothing changes: every pair of a window walks the
   centre's Huffman path anyway.) CBOW has one example per window; by
   default (``cbow_negatives="shared"``) a set of ``SHARED_NEGATIVES`` (4)
   windows of a batch shares one draw of k negatives, and a shared negative
   equal to a window's own centre word is skipped for that window;
   ``cbow_negatives="window"`` draws k negatives per window, as the C tool.
2. Batches. The positions of the block are cut into groups of ``group``
   consecutive centre words; ``batch_centres // group`` groups (visited in
   a random order with ``shuffle``) make a batch. Every gradient of a batch
   is computed from the same W_in and W_out, then all are applied together.
3. The row cap (Equation (ROW-CAP) of docs/performance.md). A row that the
   updates of n_r centre words touch in one batch gets its summed update
   scaled by min(1, row_cap / n_r). A centre word counts once for every
   context position of its window that holds the row (input rows) and once
   for every output row it is trained against (output rows). The textbook
   needs no cap: it never applies two stale gradients at once.
4. CBOW: the update of h goes undivided to every context row
   (``c_tool_gradient=True``, the C tool's and gensim's rule, Equation
   (CBOW-ctool)); ``False`` gives the exact gradient of the mean, 1/C each.

With one batch, no row cap, the negatives of one window given to all of its
pairs and ``c_tool_gradient=False``, one call is exactly W -= lr * dL/dW
with dL/dW from :func:`word2vec_np.core.model.dense_grads`.

Random draws. :func:`train_block` and :func:`word2vec_np.engine.fast.train_block`
draw the same numbers from ``rng`` in the same order, so from the same state
and seed the two give the same result up to rounding:

1. the half-widths of the windows,
   ``core.sampling.draw_half_widths(len(ids), window, rng, shrink_windows)``, one per position
   (all ``window`` when ``shrink_windows`` is False; the draw is made either way);
2. with ``shuffle``, the order of the groups, ``rng.permutation(n_groups)``;
3. then for each batch, with negative sampling only:
   skip-gram, or CBOW with ``cbow_negatives="window"``:
   ``negatives_sampler.sample(centre words, k, rng)``, the centre words of
   the batch in batch order (groups in visiting order, positions ascending
   in a group, the empty places past the block's end left out);
   CBOW with ``"shared"``: ``negatives_sampler.draw((n_sets, k), rng)`` with
   n_sets = ceil(m / SHARED_NEGATIVES), m the batch's places counting the
   empty ones; the centre word at place p of the batch uses set p % n_sets.
"""

from __future__ import annotations

import numpy as np

from ..core.objectives.base import log_sigmoid, sigmoid
from ..core.sampling import draw_half_widths
from ..errors import ConfigError

#: CBOW with NS, ``cbow_negatives="shared"``: windows that share one draw of k negatives.
SHARED_NEGATIVES = 4


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
    batch_centres: int = 256,
    c_tool_gradient: bool = True,
    negatives_sampler=None,
    negative: int | None = None,
    tree=None,
    group: int = 8,
    row_cap: float | None = 16,
    shuffle: bool = True,
    cbow_negatives: str = "shared",
) -> tuple[float, int]:
    """Train on one block of sentences with the default algorithm; update W_in, W_out in place.

    The arguments and the result are those of :func:`word2vec_np.engine.fast.train_block`:
    W_in (V, D) and W_out (n_out, D) float (float64 in the tests), ids (N,)
    word ids, offsets (S + 1,) sentence boundaries; returns (loss, examples),
    the summed loss of every example before its batch's update, and the
    number of examples (pairs for skip-gram, windows for CBOW). The
    arguments are not checked beyond the names of ``arch`` and ``objective``.
    """
    if arch not in ("skipgram", "cbow") or objective not in ("ns", "hs"):
        raise ConfigError(f"the default algorithm trains skipgram or cbow with ns or hs, not {arch!r}, {objective!r}")
    ids = np.asarray(ids)
    n = len(ids)
    if n == 0:
        return 0.0, 0
    half_widths = draw_half_widths(n, window, rng, shrink_windows)  # draw 1
    contexts = context_positions(np.asarray(offsets), half_widths)  # contexts[i]: the positions i reads
    shared = arch == "cbow" and objective == "ns" and cbow_negatives == "shared"
    total, examples = 0.0, 0
    for places in batches(n, int(batch_centres), int(group), rng, shuffle):  # draw 2
        # draw 3: the output rows of each centre word, with the sign of their label
        targets = output_rows(places, ids, objective, tree, negatives_sampler, negative, shared, rng)
        loss, count, dW_in, dW_out, uses_in, uses_out = batch_gradients(
            W_in, W_out, ids, places, contexts, targets, arch, c_tool_gradient
        )
        apply_update(W_in, dW_in, uses_in, lr, row_cap)
        apply_update(W_out, dW_out, uses_out, lr, row_cap)
        total += loss
        examples += count
    return total, examples


def context_positions(offsets: np.ndarray, half_widths: np.ndarray) -> list[list[int]]:
    """The context positions of every centre: j in i's sentence with 0 < |j - i| <= half_widths[i].

    offsets : (S + 1,) sentence boundaries; half_widths : (N,) int in 1..window.
    Equation (WIN) of docs/math.md.
    """
    contexts = []
    for s in range(len(offsets) - 1):
        start, end = int(offsets[s]), int(offsets[s + 1])
        for i in range(start, end):
            b = int(half_widths[i])
            contexts.append([j for j in range(max(start, i - b), min(end, i + b + 1)) if j != i])
    return contexts


def batches(n: int, batch_centres: int, c: int, rng, shuffle: bool) -> list[list[int]]:
    """The places of each batch: groups of c consecutive positions, max(1, batch_centres // c) groups a batch.

    With ``shuffle`` the groups are visited in the order ``rng.permutation(n_groups)``.
    The last group is padded to c places; its places past the block's end
    (>= n) stay in the list, because they count in CBOW's sets of shared
    negatives, and train nothing.
    """
    n_groups = -(-n // c)
    order = rng.permutation(n_groups) if shuffle else np.arange(n_groups)
    per_batch = max(1, batch_centres // c)
    return [
        [int(g) * c + j for g in order[first : first + per_batch] for j in range(c)]
        for first in range(0, n_groups, per_batch)
    ]


def output_rows(places, ids, objective, tree, sampler, k, shared: bool, rng) -> list[list[tuple[int, float]]]:
    """For each place of a batch, the (row of W_out, sign of its label) pairs its centre word is trained against.

    NS: the centre word (+1), then k negatives (-1), drawn per centre word,
    or per set of SHARED_NEGATIVES windows when ``shared`` (then a negative
    equal to the centre word is left out). HS: the nodes of the centre's
    Huffman path, +1 for code 0 and -1 for code 1. Empty places get [].
    """
    n = len(ids)
    real = [p for p in places if p < n]  # the positions of the batch's centre words, in batch order
    if objective == "hs":
        return [[] if p >= n else huffman_path(tree, int(ids[p])) for p in places]
    if shared:  # set q % n_sets for the centre word at place q
        n_sets = -(-len(places) // SHARED_NEGATIVES)
        sets = sampler.draw((n_sets, int(k)), rng)  # (n_sets, k)
        return [
            [] if p >= n else [(int(ids[p]), 1.0)] + [(int(r), -1.0) for r in sets[q % n_sets] if r != ids[p]]
            for q, p in enumerate(places)
        ]
    negatives = dict(zip(real, sampler.sample(ids[real], int(k), rng), strict=True))  # position -> (k,)
    return [[] if p >= n else [(int(ids[p]), 1.0)] + [(int(r), -1.0) for r in negatives[p]] for p in places]


def huffman_path(tree, w: int) -> list[tuple[int, float]]:
    """(node, sign) along word w's Huffman path: sign +1 where its code bit is 0 (label 1), -1 where it is 1."""
    return [(int(tree.points[w, j]), 1.0 - 2.0 * float(tree.codes[w, j])) for j in range(int(tree.lengths[w]))]


def logistic(z: float, sign: float) -> tuple[float, float]:
    """The loss -log s(sign * z) of one output row and its derivative dloss/dz = -sign * s(-sign * z)."""
    return -float(log_sigmoid(sign * z)), -sign * float(sigmoid(-sign * z))


def batch_gradients(W_in, W_out, ids, places, contexts, targets, arch: str, c_tool_gradient: bool):
    """Loss and gradients of one batch, all at the same W_in and W_out; nothing is updated.

    Returns loss (float), examples (int), dW_in (V, D) and dW_out (n_out, D)
    (a repeated row simply adds twice), and uses_in (V,), uses_out (n_out,):
    the number of centre words behind each row, for the row cap.
    """
    dW_in, dW_out = np.zeros_like(W_in), np.zeros_like(W_out)
    uses_in, uses_out = np.zeros(len(W_in)), np.zeros(len(W_out))
    loss, examples = 0.0, 0
    for p, outputs in zip(places, targets, strict=True):
        if p >= len(ids) or not contexts[p]:  # an empty place, or a one-word sentence
            continue
        context = [int(ids[j]) for j in contexts[p]]  # rows of W_in, may repeat
        for v in context:
            uses_in[v] += 1
        for u, _ in outputs:
            uses_out[u] += 1
        if arch == "skipgram":  # every context word against the same output rows: one example per pair
            for v in context:
                examples += 1
                for u, sign in outputs:
                    term, g = logistic(float(W_in[v] @ W_out[u]), sign)  # (NS-loss), (HS-loss)
                    loss += term
                    dW_in[v] += g * W_out[u]  # (SG-grad)
                    dW_out[u] += g * W_in[v]
        else:  # CBOW: h is the mean of the context rows, one example per window
            examples += 1
            h = sum(W_in[v] for v in context) / len(context)  # (D,) (CBOW-h)
            dh = np.zeros_like(h)
            for u, sign in outputs:
                term, g = logistic(float(h @ W_out[u]), sign)
                loss += term
                dh += g * W_out[u]
                dW_out[u] += g * h
            for v in context:  # (CBOW-ctool), or (CBOW-grad) with 1/C
                dW_in[v] += dh if c_tool_gradient else dh / len(context)
    return loss, examples, dW_in, dW_out, uses_in, uses_out


def apply_update(M: np.ndarray, dM: np.ndarray, uses: np.ndarray, lr: float, row_cap: float | None) -> None:
    """The SGD step of a batch with the row cap: M[r] -= lr * min(1, row_cap / uses[r]) * dM[r] for each used row.

    M, dM : (R, D); uses : (R,) the centre words behind each row. Equation (ROW-CAP).
    """
    for r in np.flatnonzero(uses):
        scale = 1.0 if row_cap is None else min(1.0, row_cap / uses[r])
        M[r] -= lr * scale * dM[r]
