"""The exercises of notebooks/assignments/: what each function computes, its reference, its hints.

Every exercise is a function the learner writes, named as the exercise.
Its reference is a package function (or a thin adapter over one), so
``python -m word2vec_np.grade --reference`` grades the package itself. Its
mistakes are the wrong answers learners really write, each computed here so
the grader can recognise it and name it (judge.diagnose); every one is
earned by a negative control in tests/teach/test_grading.py.

Shapes: V words, D dimensions, B examples, C context slots, k negatives,
N rows of a matrix, M updated rows, L steps of a Huffman path. Every
statement asks for float64 outputs, and the grader checks their dtype.

Each pinned case carries a few words saying what kind of input it is
("counts that include 0", "paths of length 1"): a failing check names the
kinds it fails on when no mistake of the catalogue explains it. Large
scores are pinned cases too, compared with the reference like the others.

    notebook                    exercise                 equations (docs/math.md)
    a1_onehot_network           softmax                  (OH-p), (SM-prob)
                                onehot_loss              (OH-x), (OH-h), (OH-s), (OH-p), (OH-loss)
                                onehot_loss_and_grads    (OH-loss), (OH-grad)
    a2_skipgram_cbow            skipgram_forward         (SG-h)
                                skipgram_backward        (SG-grad), (SCATTER)
                                cbow_forward             (CBOW-h)
                                cbow_backward            (CBOW-grad), (SCATTER)
                                sgd_update               (SCATTER)
    a3_negative_sampling        ns_loss_and_grads        (NS-loss), (NS-grad)
                                noise_distribution       (NS-noise)
                                keep_probability         (SUB-keep)
    a4_hierarchical_softmax     hs_loss_and_grads        (HS-prob), (HS-loss), (HS-grad)
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ...core import onehot
from ...core.architectures import CBOW, SkipGram
from ...core.batch import Batch
from ...core.huffman import HuffmanTree, build_huffman
from ...core.model import scatter_add
from ...core.objectives import HierarchicalSoftmax, NegativeSampling, Softmax
from ...core.objectives.base import log_sigmoid as _log_sigmoid
from ...core.objectives.base import sigmoid as _sigmoid
from ...core.sampling import NoiseSampler
from ...core.sampling import keep_probability as _keep_probability
from .cases import ids, normal, seeds
from .judge import Exercise, Mistake, Property

REPEATS = "use np.add.at, which adds every contribution, or a loop"


def _float(x) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


# ====================================================================== a1: the one-hot network
def ref_softmax(S):
    """Row-wise softmax of scores S (B, V) -> P (B, V), with the package's Softmax: identity output vectors."""
    S = _float(S)
    return (Softmax().probabilities(np.eye(S.shape[1]), S),)


@st.composite
def _scores(draw):
    B, V = draw(st.integers(1, 4)), draw(st.integers(2, 6))
    return (normal(draw(seeds), (B, V), 3.0),)


FLOAT64 = "; float64"
BIG = np.finfo(np.float64).max


def _softmax_variant(axis=1, whole=False, log=False, exp=True, shift=True):
    def wrong(S):
        m = (S.max() if whole else S.max(axis=axis, keepdims=True)) if shift else 0.0
        E = np.exp(S - m) if exp else S
        total = E.sum() if whole else E.sum(axis=axis, keepdims=True)
        P = E / total
        return (np.log(P) if log else P,)

    return wrong


def _rows_sum_to_one(outputs, cases):
    return all(
        np.all(np.isfinite(P)) and np.all(P >= 0) and np.allclose(P.sum(axis=1), 1.0, atol=1e-9) for (P,) in outputs
    )


SOFTMAX = Exercise(
    name="softmax",
    notebook="a1_onehot_network",
    params=("S",),
    returns=("P",),
    shapes=("(B, V), the shape of S",),
    tags=("OH-p", "SM-prob"),
    statement="the softmax of each row of scores z, S (B, V): P (B, V), every row sums to 1, "
              "stable for large scores" + FLOAT64,
    reference=ref_softmax,
    strategy=_scores,
    pinned=lambda: [
        ("rows of equal scores and a square batch", (np.array([[0.0, 0.0, 0.0], [1.0, 2.0, 3.0], [3.0, 1.0, 2.0]]),)),
        ("two scores per row", (np.array([[1.0, 2.0], [3.0, 5.0]]),)),
        ("a batch of 1", (np.array([[0.5, -1.5, 2.0, 0.0]]),)),
        ("rows with very different scores", (np.array([[100.0, 99.0, 0.0], [1000.0, 0.0, -1000.0]]),)),
        ("rows of large negative scores", (np.array([[-1000.0, -1001.0, -1003.0]]),)),
        # Not a row of equal huge scores: there log(sum exp(S - m)) vanishes next to m = -1.8e308, and
        # exp(S - logsumexp(S)), a right and stable softmax, gives 1s; no trainer meets such a row.
        ("the largest and smallest scores float64 holds", (np.array([[BIG, 0.0, -BIG], [-BIG, 0.0, -BIG]]),)),
    ],
    mistakes=(
        Mistake(
            "softmax over the wrong axis: each ROW holds one example's scores and must sum to 1 "
            "(sum with axis=1, keepdims=True)",
            _softmax_variant(axis=0),
        ),
        Mistake(
            "it divides by the sum over the whole batch: divide each row by its own sum",
            _softmax_variant(whole=True),
        ),
        Mistake("it returns log-probabilities: the softmax is exp(z_j) / sum_i exp(z_i)", _softmax_variant(log=True)),
        Mistake("softmax exponentiates the scores before normalizing them", _softmax_variant(exp=False)),
        Mistake("exp overflows for large scores: subtract each row's maximum before exp (it does not change the "
                "softmax)", _softmax_variant(shift=False)),
    ),
    properties=(
        Property(
            "rows sum to 1, even for large scores",
            lambda: [(normal(7, (3, 5), 1000.0),), (np.array([[1000.0, 0.0, -1000.0]]),)],
            _rows_sum_to_one,
            "some row of P is not a probability distribution (entries >= 0 that sum to 1) on large scores",
        ),
    ),
)


def _batch(contexts, targets, n_context=None) -> Batch:
    contexts = np.asarray(contexts)
    if n_context is None:
        n_context = np.full(contexts.shape[0], contexts.shape[1])
    return Batch(contexts, n_context, targets)


def ref_onehot_loss(W_in, W_out, contexts, targets):
    """Summed softmax loss of the one-hot network: word2vec_np.core.onehot.forward."""
    return (np.float64(onehot.forward(_float(W_in), _float(W_out), _batch(contexts, targets))[0]),)


def ref_onehot_loss_and_grads(W_in, W_out, contexts, targets):
    """(loss, dW_in (V, D), dW_out (V, D)): word2vec_np.core.onehot.loss_and_grads."""
    loss, dW_in, dW_out = onehot.loss_and_grads(_float(W_in), _float(W_out), _batch(contexts, targets))
    return np.float64(loss), dW_in, dW_out


@st.composite
def _network(draw):
    V, D, B, C = draw(st.integers(2, 6)), draw(st.integers(1, 4)), draw(st.integers(1, 4)), draw(st.integers(1, 3))
    contexts = draw(ids(V, B * C)).reshape(B, C)
    targets = draw(ids(V, B))
    seed = draw(seeds)
    return normal(seed, (V, D)), normal(seed + 1, (V, D)), contexts, targets


def _network_pinned():
    W_in = np.array([[0.1, -0.2], [0.3, 0.0], [-0.5, 0.4], [0.2, 0.2], [0.0, -0.1]])  # a 5-word toy, D = 2
    W_out = np.array([[0.2, 0.1], [-0.3, 0.2], [0.1, 0.1], [0.0, -0.4], [0.3, 0.3]])
    return [
        ("zero output vectors", (W_in, np.zeros((5, 2)), np.array([[1, 2], [3, 3]]), np.array([0, 4]))),  # B log V
        ("repeated context words", (W_in, W_out, np.array([[1, 1, 2], [0, 4, 2], [2, 2, 2]]), np.array([2, 2, 1]))),
        ("a batch of 1 with one context word", (W_in, W_out, np.array([[3]]), np.array([1]))),
        ("large scores", (W_in * 200.0, W_out * 200.0, np.array([[1, 1, 2], [0, 4, 2]]), np.array([2, 1]))),
        ("large scores of both signs", (W_in * -300.0, W_out * 300.0, np.array([[1, 1, 2], [0, 4, 2]]),
                                        np.array([2, 1]))),
    ]


def _onehot_variant(x_scale=1.0, batch_mean=False, neg_log=True, grad_sign=1.0, dW_in_scale=1.0,
                    transpose_dW_out=False, buffered=False, naive=False):
    """The one-hot network with one thing changed (for the mistakes below)."""

    def wrong(W_in, W_out, contexts, targets):
        B, C = contexts.shape
        V = W_in.shape[0]
        X = np.zeros((B, V))
        for c in range(C):
            np.add.at(X, (np.arange(B), contexts[:, c]), 1.0 / C)
        X *= x_scale
        H = X @ W_in
        S = H @ W_out.T
        if naive:  # log of exp(S) / sum exp(S), without the shift
            log_P = np.log(np.exp(S) / np.exp(S).sum(axis=1, keepdims=True))
        else:
            S = S - S.max(axis=1, keepdims=True)
            log_P = S - np.log(np.exp(S).sum(axis=1, keepdims=True))
        loss = log_P[np.arange(B), targets].sum() * (-1.0 if neg_log else 1.0) / (B if batch_mean else 1)
        E = np.exp(log_P)
        E[np.arange(B), targets] -= 1.0
        E *= grad_sign
        dW_out = E.T @ H
        dH = E @ W_out
        if buffered == "at once":  # `dW_in[contexts] += ...` in one statement
            dW_in = np.zeros_like(W_in)
            dW_in[contexts] += (dH * (x_scale / C) * dW_in_scale)[:, None, :]
        elif buffered:  # the same, one column of contexts at a time
            dW_in = np.zeros_like(W_in)
            for c in range(C):
                dW_in[contexts[:, c]] += dH * (x_scale / C) * dW_in_scale
        else:
            dW_in = X.T @ dH * dW_in_scale
        return np.float64(loss), dW_in, (dW_out.T if transpose_dW_out else dW_out)

    return wrong


def _summed_contexts(W_in, W_out, contexts, targets):
    """x as the SUM of the context one-hots (no 1/C)."""
    return _onehot_variant(x_scale=contexts.shape[1])(W_in, W_out, contexts, targets)


def _batch_mean(variant, targets_arg: int):
    """Every output of ``variant`` divided by B: the mean loss over the batch, and its gradients."""

    def wrong(*args):
        B = len(args[targets_arg])
        return tuple(np.asarray(out) / B for out in variant(*args))

    return wrong


def _loss_only(variant):
    return lambda *args: variant(*args)[:1]


C_TIMES_H = "C times too large: h is the MEAN of the C context vectors, so divide their sum by C"
BATCH_SUM = "the loss is the SUM over the batch of -log p, not the mean"


LARGE_SCORES = (
    "the loss is not finite for large scores: subtract each row's maximum before exp "
    "(log-sum-exp), and never take log(0)"
)

ONEHOT_LOSS = Exercise(
    name="onehot_loss",
    notebook="a1_onehot_network",
    params=("W_in", "W_out", "contexts", "targets"),
    returns=("loss",),
    shapes=("a single number",),
    tags=("OH-x", "OH-h", "OH-s", "OH-p", "OH-loss"),
    statement="the summed softmax loss of the one-hot network: X = mean of one-hots, H = X W_in, scores H W_out^T"
              + FLOAT64,
    reference=ref_onehot_loss,
    strategy=_network,
    pinned=_network_pinned,
    mistakes=(
        Mistake(C_TIMES_H, _loss_only(_summed_contexts)),
        Mistake(BATCH_SUM, _loss_only(_onehot_variant(batch_mean=True))),
        Mistake("the loss has the wrong sign: it is MINUS log p of the target, a positive number",
                _loss_only(_onehot_variant(neg_log=False))),
        Mistake(LARGE_SCORES, _loss_only(_onehot_variant(naive=True))),
    ),
)

ONEHOT_LOSS_AND_GRADS = Exercise(
    name="onehot_loss_and_grads",
    notebook="a1_onehot_network",
    params=("W_in", "W_out", "contexts", "targets"),
    returns=("loss", "dW_in", "dW_out"),
    shapes=("a single number", "(V, D), the shape of W_in", "(V, D), the shape of W_out"),
    tags=("OH-loss", "OH-grad"),
    statement="the loss and its gradients dW_in = X^T dH and dW_out = E^T H, with E = P - Y" + FLOAT64,
    reference=ref_onehot_loss_and_grads,
    strategy=_network,
    pinned=_network_pinned,
    gradients=((0, 1), (1, 2)),
    mistakes=(
        Mistake("the gradients have the wrong sign: dL/dS = P - Y (prediction minus truth)",
                _onehot_variant(grad_sign=-1.0)),
        Mistake("dW_in is C times too large: h is the mean, so each context word gets dH / C",
                lambda W_in, W_out, contexts, targets: _onehot_variant(dW_in_scale=contexts.shape[1])(
                    W_in, W_out, contexts, targets)),
        Mistake(f"repeated words lose gradient: `dW_in[ids] += ...` keeps one contribution per repeated id; {REPEATS}",
                _onehot_variant(buffered=True)),
        Mistake(f"repeated words lose gradient: `dW_in[ids] += ...` keeps one contribution per repeated id; {REPEATS}",
                _onehot_variant(buffered="at once")),
        Mistake("dW_out must have the shape of W_out, (V, D): it is E^T H, the transpose of dW' = H^T E",
                _onehot_variant(transpose_dW_out=True)),
        Mistake(C_TIMES_H, _summed_contexts),
        Mistake(BATCH_SUM, _onehot_variant(batch_mean=True)),
        Mistake(BATCH_SUM, _batch_mean(_onehot_variant(), 3)),
        Mistake(LARGE_SCORES, _onehot_variant(naive=True), outputs=(0,)),
    ),
)


# ====================================================================== a2: skip-gram and CBOW
def ref_skipgram_forward(W_in, inputs):
    """h (B, D): word2vec_np.core.architectures.SkipGram.forward."""
    inputs = np.asarray(inputs)
    return (SkipGram().forward(_float(W_in), Batch.from_pairs(inputs, inputs))[0],)


def ref_skipgram_backward(dh, inputs, V):
    """dW_in (V, D): SkipGram.backward's rows, summed by word2vec_np.core.model.scatter_add."""
    dh, inputs = _float(dh), np.asarray(inputs)
    _, cache = SkipGram().forward(np.zeros((int(V), dh.shape[1])), Batch.from_pairs(inputs, inputs))
    rows, values = SkipGram().backward(dh, cache)
    return (scatter_add(np.zeros((int(V), dh.shape[1])), rows, values),)


@st.composite
def _skipgram_in(draw):
    V, D, B = draw(st.integers(2, 6)), draw(st.integers(1, 4)), draw(st.integers(1, 5))
    return normal(draw(seeds), (V, D)), draw(ids(V, B))


@st.composite
def _skipgram_back(draw):
    V, D, B = draw(st.integers(2, 6)), draw(st.integers(1, 4)), draw(st.integers(1, 5))
    return normal(draw(seeds), (B, D)), draw(ids(V, B)), V


SKIPGRAM_FORWARD = Exercise(
    name="skipgram_forward",
    notebook="a2_skipgram_cbow",
    params=("W_in", "inputs"),
    returns=("h",),
    shapes=("(B, D): one row of W_in per example",),
    tags=("SG-h",),
    statement="the skip-gram hidden layer: h[b] = W_in[inputs[b]], (B, D)" + FLOAT64,
    reference=ref_skipgram_forward,
    strategy=_skipgram_in,
    pinned=lambda: [
        ("a square W_in and a repeated input", (np.arange(9.0).reshape(3, 3) - 4.0, np.array([2, 0, 2]))),
        ("a batch of 1", (normal(13, (4, 2)), np.array([3]))),
        ("one word repeated over the batch", (normal(14, (3, 2)), np.array([1, 1, 1, 1]))),
    ],
    mistakes=(
        Mistake("h reads COLUMNS of W_in: word w's vector is the row W_in[w]", lambda W_in, i: (W_in[:, i].T,)),
        Mistake("h must keep one row per example, (B, D): do not sum or average over the batch",
                lambda W_in, i: (W_in[i].sum(axis=0),)),
        Mistake("h needs one row per example, even when a word repeats: do not remove repeated inputs",
                lambda W_in, i: (W_in[np.unique(i)],)),
    ),
)


def _scatter_variant(sign=1.0, scale=lambda B: 1.0, buffered=False):
    def wrong(dh, inputs, V):
        dW = np.zeros((V, dh.shape[1]))
        if buffered:
            dW[inputs] += dh
        else:
            np.add.at(dW, inputs, sign * dh / scale(len(inputs)))
        return (dW,)

    return wrong


SKIPGRAM_BACKWARD = Exercise(
    name="skipgram_backward",
    notebook="a2_skipgram_cbow",
    params=("dh", "inputs", "V"),
    returns=("dW_in",),
    shapes=("(V, D), the shape of W_in: zero for the words not in the batch",),
    tags=("SG-grad", "SCATTER"),
    statement="dW_in (V, D) from dh (B, D): row inputs[b] receives dh[b], summed over repeated inputs" + FLOAT64,
    reference=ref_skipgram_backward,
    strategy=_skipgram_back,
    pinned=lambda: [
        ("repeated inputs", (np.array([[1.0, -2.0], [0.5, 0.5], [3.0, 1.0]]), np.array([1, 3, 1]), 4)),
        ("a batch of 1", (np.array([[0.25, -1.0, 2.0]]), np.array([0]), 3)),
        ("one word repeated over the batch", (normal(15, (4, 2)), np.array([2, 2, 2, 2]), 3)),
    ],
    mistakes=(
        Mistake(f"repeated inputs lose gradient: `dW_in[inputs] += dh` keeps one contribution per repeated id; "
                f"{REPEATS}",
                _scatter_variant(buffered=True)),
        Mistake("the gradient has the wrong sign: h IS the input vector, so dL/dv_x = +dL/dh",
                _scatter_variant(sign=-1.0)),
        Mistake("the gradient is divided by B: each example adds its whole dh to its word's row",
                _scatter_variant(scale=lambda B: B)),
        Mistake("dW_in has one row per WORD of the vocabulary, (V, D), not one per example",
                lambda dh, inputs, V: (dh.copy(),)),
    ),
)


def ref_cbow_forward(W_in, contexts, n_context):
    """h (B, D), the mean of each row's real context vectors: word2vec_np.core.architectures.CBOW.forward."""
    batch = Batch(contexts, n_context, np.zeros(len(n_context), dtype=np.int32))
    return (CBOW().forward(_float(W_in), batch)[0],)


def ref_cbow_backward(dh, contexts, n_context, V):
    """dW_in (V, D): CBOW.backward (exact 1/C) summed by word2vec_np.core.model.scatter_add."""
    dh = _float(dh)
    batch = Batch(contexts, n_context, np.zeros(len(n_context), dtype=np.int32))
    _, cache = CBOW().forward(np.zeros((int(V), dh.shape[1])), batch)
    rows, values = CBOW().backward(dh, cache)
    return (scatter_add(np.zeros((int(V), dh.shape[1])), rows, values),)


@st.composite
def _windows(draw):
    V, B, C = draw(st.integers(2, 6)), draw(st.integers(1, 4)), draw(st.integers(1, 4))
    n_context = np.array(draw(st.lists(st.integers(1, C), min_size=B, max_size=B)), dtype=np.int64)
    contexts = draw(ids(V, B * C)).reshape(B, C)
    contexts[np.arange(C) >= n_context[:, None]] = 0  # padding, 0 by convention
    return V, contexts, n_context


@st.composite
def _cbow_in(draw):
    V, contexts, n_context = draw(_windows())
    return normal(draw(seeds), (V, draw(st.integers(1, 4)))), contexts, n_context


@st.composite
def _cbow_back(draw):
    V, contexts, n_context = draw(_windows())
    return normal(draw(seeds), (len(n_context), draw(st.integers(1, 4)))), contexts, n_context, V


def _cbow_pinned_windows():
    contexts = np.array([[1, 2, 1, 3], [4, 0, 0, 0], [2, 3, 0, 0]])  # a repeated word; padding
    return contexts, np.array([4, 1, 2])


def _real(contexts, n_context):
    return np.arange(contexts.shape[1]) < np.asarray(n_context)[:, None]  # (B, C)


def _cbow_forward_variant(divide="n", padding=False):
    def wrong(W_in, contexts, n_context):
        mask = np.ones(contexts.shape, bool) if padding else _real(contexts, n_context)
        total = (W_in[contexts] * mask[:, :, None]).sum(axis=1)
        by = {"n": n_context[:, None], "width": contexts.shape[1], "none": 1, "all": contexts.shape[1]}[divide]
        return (total / by,)

    return wrong


CBOW_FORWARD = Exercise(
    name="cbow_forward",
    notebook="a2_skipgram_cbow",
    params=("W_in", "contexts", "n_context"),
    returns=("h",),
    shapes=("(B, D): one row per example",),
    tags=("CBOW-h",),
    statement="the CBOW hidden layer: h[b] = mean of W_in[contexts[b, :n_context[b]]], (B, D)" + FLOAT64,
    reference=ref_cbow_forward,
    strategy=_cbow_in,
    pinned=lambda: [
        ("a repeated context word and padding", (normal(11, (5, 3)),) + _cbow_pinned_windows()),
        ("a batch of 1 with one context word", (normal(16, (4, 2)), np.array([[3, 0]]), np.array([1]))),
        ("padding that holds other words' ids", (normal(17, (5, 2)), np.array([[1, 2, 4], [3, 4, 4]]),
                                                 np.array([2, 1]))),
    ],
    mistakes=(
        Mistake("C times too large: h is the MEAN of the context vectors, divide the sum by n_context[b]",
                _cbow_forward_variant(divide="none")),
        Mistake("it reads the padding: only the first n_context[b] entries of row b are context words",
                _cbow_forward_variant(divide="all", padding=True)),
        Mistake("it divides by the width C of the padded matrix: divide by n_context[b], the real entries of row b",
                _cbow_forward_variant(divide="width")),
    ),
)


def _cbow_backward_variant(power=1, buffered=False, padding=False, per_example=False):
    def wrong(dh, contexts, n_context, V):
        dW = np.zeros((V, dh.shape[1]))
        mask = np.ones(contexts.shape, bool) if padding else _real(contexts, n_context)
        share = dh / np.asarray(n_context, dtype=np.float64)[:, None] ** power  # (B, D)
        if buffered == "at once":  # `dW[contexts[mask]] += ...` in one statement
            dW[contexts[mask]] += np.broadcast_to(share[:, None, :], contexts.shape + share.shape[1:])[mask]
            return (dW,)
        if per_example:  # `dW[contexts[b, :n]] += share[b]`, example by example
            for b in range(len(n_context)):
                dW[contexts[b, mask[b]]] += share[b]
            return (dW,)
        for c in range(contexts.shape[1]):
            rows = mask[:, c]
            if buffered:
                dW[contexts[rows, c]] += share[rows]
            else:
                np.add.at(dW, contexts[rows, c], share[rows])
        return (dW,)

    return wrong


CBOW_BACKWARD = Exercise(
    name="cbow_backward",
    notebook="a2_skipgram_cbow",
    params=("dh", "contexts", "n_context", "V"),
    returns=("dW_in",),
    shapes=("(V, D), the shape of W_in",),
    tags=("CBOW-grad", "SCATTER"),
    statement="dW_in (V, D): each of example b's context words receives dh[b] / n_context[b], summed" + FLOAT64,
    reference=ref_cbow_backward,
    strategy=_cbow_back,
    pinned=lambda: [
        ("a repeated context word and padding", (normal(12, (3, 2)),) + _cbow_pinned_windows() + (5,)),
        ("a batch of 1 with one context word", (np.array([[0.5, -2.0]]), np.array([[3, 0]]), np.array([1]), 4)),
        ("padding that holds other words' ids", (normal(18, (2, 2)), np.array([[1, 2, 4], [3, 4, 4]]),
                                                 np.array([2, 1]), 5)),
    ],
    mistakes=(
        Mistake("the gradient is C times too large: the mean divides by C, so each context word gets dh / C",
                _cbow_backward_variant(power=0)),
        Mistake("the 1/C is applied twice: each context word gets dh / C, not dh / C**2",
                _cbow_backward_variant(power=2)),
        Mistake(f"repeated context words lose gradient: `dW_in[ids] += ...` buffers duplicates; {REPEATS}",
                _cbow_backward_variant(buffered=True)),
        Mistake(f"repeated context words lose gradient: `dW_in[ids] += ...` buffers duplicates; {REPEATS}",
                _cbow_backward_variant(per_example=True)),
        Mistake(f"repeated context words lose gradient: `dW_in[ids] += ...` buffers duplicates; {REPEATS}",
                _cbow_backward_variant(buffered="at once")),
        Mistake("padding entries receive gradient: only the first n_context[b] entries of row b are context words",
                _cbow_backward_variant(padding=True)),
    ),
)


def ref_sgd_update(W, rows, grad_rows, lr):
    """W - lr * (the sum of grad_rows into rows), by word2vec_np.core.model.scatter_add; returned and in place."""
    W = _float(W).copy()
    scatter_add(W, rows, -float(lr) * _float(grad_rows))
    return W, W


@st.composite
def _sgd(draw):
    N, D, M = draw(st.integers(2, 6)), draw(st.integers(1, 4)), draw(st.integers(1, 6))
    seed = draw(seeds)
    lr = draw(st.sampled_from([0.025, 0.1, 0.5]))
    return normal(seed, (N, D)), draw(ids(N, M)), normal(seed + 1, (M, D)), lr


def _sgd_variant(buffered=False, sign=-1.0, use_lr=True, in_place=True):
    def wrong(W, rows, grad_rows, lr):
        new = W.copy()
        step = sign * (lr if use_lr else 1.0) * grad_rows
        if buffered:
            new[rows] += step
        else:
            np.add.at(new, rows, step)
        return new, (new if in_place else W)

    return wrong


SGD_UPDATE = Exercise(
    name="sgd_update",
    notebook="a2_skipgram_cbow",
    params=("W", "rows", "grad_rows", "lr"),
    returns=("W (returned)", "W (after the call)"),
    shapes=("W's own shape: return the array W itself", "W's own shape"),
    tags=("SCATTER",),
    statement="in place: W[rows[i]] -= lr * grad_rows[i] for every i, keeping every repeated row's contribution"
              + FLOAT64,
    reference=ref_sgd_update,
    strategy=_sgd,
    pinned=lambda: [
        ("repeated rows", (np.zeros((4, 2)), np.array([2, 0, 2, 2]),
                           np.array([[1.0, 2.0], [3.0, 4.0], [1.0, 1.0], [2.0, 0.0]]), 0.5)),
        ("one row to update", (normal(19, (3, 2)), np.array([1]), np.array([[1.0, -1.0]]), 0.1)),
        ("a learning rate of 1", (normal(20, (3, 2)), np.array([0, 2]), np.array([[1.0, 2.0], [0.5, 0.0]]), 1.0)),
    ],
    keep_arg=0,
    mistakes=(
        Mistake(f"repeated rows lose updates: `W[rows] -= ...` buffers duplicates and keeps one; {REPEATS}",
                _sgd_variant(buffered=True)),
        Mistake("the update goes uphill: gradient descent SUBTRACTS lr times the gradient", _sgd_variant(sign=1.0)),
        Mistake("the step ignores the learning rate lr", _sgd_variant(use_lr=False)),
        Mistake("W must be updated in place (and returned): the trainer keeps using the same array",
                _sgd_variant(in_place=False)),
    ),
)


# ====================================================================== a3: negative sampling
def ref_ns_loss_and_grads(W_out, h, targets, negatives):
    """(loss, dh (B, D), dW_out (V, D)): NegativeSampling forward/backward, rows summed by scatter_add."""
    W_out, h, negatives = _float(W_out), _float(h), np.asarray(negatives)
    objective = NegativeSampling(negatives.shape[1])
    loss, cache = objective.forward(W_out, h, np.asarray(targets), negatives)
    dh, rows, values = objective.backward(cache)
    return np.float64(loss), dh, scatter_add(np.zeros_like(W_out), rows, values)


@st.composite
def _ns(draw):
    V, D, B, k = draw(st.integers(2, 6)), draw(st.integers(1, 4)), draw(st.integers(1, 3)), draw(st.integers(1, 4))
    seed = draw(seeds)
    return normal(seed, (V, D)), normal(seed + 1, (B, D)), draw(ids(V, B)), draw(ids(V, B * k)).reshape(B, k)


def _ns_pinned():
    W_out = normal(21, (5, 3))
    h = normal(22, (2, 3))
    same = (W_out, h, np.array([2, 2]), np.array([[1, 1, 2], [0, 3, 4]]))
    return [
        ("zero output vectors", (np.zeros((5, 3)), h, np.array([1, 3]), np.array([[0, 2, 2], [4, 4, 0]]))),
        ("a negative equal to its target, repeated negatives", same),
        ("k = 1", (W_out, h, np.array([0, 0]), np.array([[3], [0]]))),
        ("a batch of 1", (W_out, h[:1], np.array([4]), np.array([[1, 2]]))),
        ("large scores", (W_out * 60.0, h * 60.0) + same[2:]),
        ("large scores of both signs", (W_out * -60.0, h * 60.0) + same[2:]),
    ]


def _naive_log_sigmoid(x):
    """log(1 / (1 + exp(-x))): -inf (or NaN) once exp overflows."""
    return np.log(1.0 / (1.0 + np.exp(-x)))


def _ns_variant(g_o_fn=None, g_k_fn=None, sign=1.0, dh_negatives=True, buffered=False, loss_neg_sign=-1.0, mean=False,
                naive=False):
    def wrong(W_out, h, targets, negatives):
        u_o, U = W_out[targets], W_out[negatives]  # (B, D), (B, k, D)
        z_o, z_k = np.einsum("bd,bd->b", u_o, h), np.einsum("bkd,bd->bk", U, h)
        log_s = _naive_log_sigmoid if naive else _log_sigmoid
        loss = -log_s(z_o).sum() - log_s(loss_neg_sign * z_k).sum()
        loss /= len(targets) if mean else 1
        g_o = (g_o_fn or (lambda z: _sigmoid(z) - 1.0))(z_o) * sign
        g_k = (g_k_fn or _sigmoid)(z_k) * sign
        dh = g_o[:, None] * u_o + (np.einsum("bk,bkd->bd", g_k, U) if dh_negatives else 0.0)
        dW = np.zeros_like(W_out)
        if buffered == "together":  # targets and negatives in one buffered `dW[rows] += ...`
            rows = np.concatenate([targets[:, None], negatives], axis=1)  # (B, k + 1)
            dW[rows] += np.concatenate([g_o[:, None], g_k], axis=1)[:, :, None] * h[:, None, :]
            return np.float64(loss), dh, dW
        # buffered: (targets buffered?, negatives: False, "columns" one at a time, or "at once")
        targets_buffered, negatives_how = buffered or (False, False)

        def add(rows, vals, buffer):
            if buffer:
                dW[rows] += vals
            else:
                np.add.at(dW, rows, vals)

        add(targets, g_o[:, None] * h, targets_buffered)
        if negatives_how == "at once":
            add(negatives, g_k[:, :, None] * h[:, None, :], True)
        else:
            for j in range(negatives.shape[1]):
                add(negatives[:, j], g_k[:, j, None] * h, negatives_how == "columns")
        return np.float64(loss), dh, dW

    return wrong


NS_LOSS_AND_GRADS = Exercise(
    name="ns_loss_and_grads",
    notebook="a3_negative_sampling",
    params=("W_out", "h", "targets", "negatives"),
    returns=("loss", "dh", "dW_out"),
    shapes=("a single number", "(B, D), the shape of h", "(V, D), the shape of W_out"),
    tags=("NS-loss", "NS-grad"),
    statement="the summed negative-sampling loss and its gradients wrt h and W_out, the k negatives w- given"
              + FLOAT64,
    reference=ref_ns_loss_and_grads,
    strategy=_ns,
    pinned=_ns_pinned,
    gradients=((1, 1), (0, 2)),
    mistakes=(
        Mistake("the gradients have the wrong sign: g_o = s(z_o) - 1 and g^-_i = s(z^-_i)", _ns_variant(sign=-1.0)),
        Mistake("the target's gradient uses s(z_o) where s(z_o) - 1 = -s(-z_o) belongs",
                _ns_variant(g_o_fn=_sigmoid)),
        Mistake("the negatives' gradient uses s(-z^-_i) where s(z^-_i) belongs",
                _ns_variant(g_k_fn=lambda z: _sigmoid(-z))),
        Mistake("dL/dh misses the negatives: add sum_i s(z^-_i) u_{w^-_i} to the target's term",
                _ns_variant(dh_negatives=False)),
        *(Mistake(f"a word drawn twice (or a negative equal to its target) loses gradient: "
                  f"`dW_out[ids] += ...` buffers duplicates; {REPEATS}", _ns_variant(buffered=how))
          for how in ((True, "columns"), (True, "at once"), (False, "columns"), (False, "at once"), (True, False),
                      "together")),
        Mistake("the negatives' loss term is log s(-z^-_i): s(z^-_i) is used where s(-z^-_i) belongs",
                _ns_variant(loss_neg_sign=1.0)),
        Mistake(BATCH_SUM, _ns_variant(mean=True)),
        Mistake(BATCH_SUM, _batch_mean(_ns_variant(), 2)),
        Mistake("the loss is not finite for large scores: compute log s(z) stably, e.g. -np.logaddexp(0, -z), "
                "never log(1 / (1 + exp(-z)))", _ns_variant(naive=True), outputs=(0,)),
    ),
)


def ref_noise_distribution(counts):
    """P_n (V,) = count**0.75 normalized: word2vec_np.core.sampling.NoiseSampler(counts).probs."""
    return (NoiseSampler(np.asarray(counts), 0.75).probs,)


@st.composite
def _counts(draw):
    V = draw(st.integers(2, 7))
    return (np.array(draw(st.lists(st.integers(1, 1000), min_size=V, max_size=V)), dtype=np.int64),)


def _sums_to_one(outputs, cases):
    return all(np.all(p >= 0) and abs(p.sum() - 1.0) < 1e-9 for (p,) in outputs)


NOISE_DISTRIBUTION = Exercise(
    name="noise_distribution",
    notebook="a3_negative_sampling",
    params=("counts",),
    returns=("P_n",),
    shapes=("(V,), one probability per word",),
    tags=("NS-noise",),
    statement="the noise distribution P_n(w) = count_w ** 0.75 / sum_v count_v ** 0.75, (V,)" + FLOAT64,
    reference=ref_noise_distribution,
    strategy=_counts,
    pinned=lambda: [
        ("counts that are fourth powers", (np.array([1, 16, 81, 256]),)),
        ("equal counts", (np.array([5, 5]),)),
        ("counts that include 0", (np.array([0, 3, 0, 10]),)),
        ("very different counts", (np.array([1, 10**9, 2]),)),
    ],
    mistakes=(
        Mistake("this is the unigram distribution: raise each count to the power 0.75 before normalizing",
                lambda c: (c / c.sum(),)),
        Mistake("the probabilities must sum to 1: divide count ** 0.75 by its sum over the vocabulary",
                lambda c: (c**0.75,)),
        Mistake("normalize AFTER raising to 0.75: (count / total) ** 0.75 does not sum to 1",
                lambda c: ((c / c.sum()) ** 0.75,)),
        Mistake("a word with count 0 keeps its place in P_n, with probability 0: do not drop it",
                lambda c: ((c[c > 0] ** 0.75) / (c[c > 0] ** 0.75).sum(),)),
    ),
    properties=(
        Property("sums to 1", lambda: [(np.array([3, 1, 10, 7]),), (np.array([1000, 1]),)], _sums_to_one,
                 "P_n must be >= 0 and sum to 1 on these counts"),
    ),
)


def ref_keep_probability(counts, total, sample):
    """(V,) keep probabilities, the C tool's formula: word2vec_np.core.sampling.keep_probability."""
    return (_keep_probability(np.asarray(counts), int(total), float(sample)),)


@st.composite
def _keep(draw):
    V = draw(st.integers(1, 6))
    counts = np.array(draw(st.lists(st.integers(1, 5000), min_size=V, max_size=V)), dtype=np.int64)
    total = int(counts.sum()) + draw(st.integers(0, 5000))
    return counts, total, draw(st.sampled_from([1e-3, 1e-2, 0.05, 0.2]))


def _keep_variant(form="ctool", cap=True, frequency=True, off=True):
    def wrong(counts, total, sample):
        if sample == 0 and off:
            return (np.ones(len(counts)),)
        ratio = sample * (total if frequency else 1.0) / counts
        keep = {"ctool": np.sqrt(ratio) + ratio, "paper": np.sqrt(ratio), "discard": 1.0 - np.sqrt(ratio)}[form]
        return (np.minimum(keep, 1.0) if cap else keep,)

    return wrong


KEEP_PROBABILITY = Exercise(
    name="keep_probability",
    notebook="a3_negative_sampling",
    params=("counts", "total", "sample"),
    returns=("keep",),
    shapes=("(V,), one probability per word",),
    tags=("SUB-keep",),
    statement="the C tool's subsampling keep probability min(1, sqrt(t / f_w) + t / f_w), f_w = count / total, "
              "(V,)" + FLOAT64,
    reference=ref_keep_probability,
    strategy=_keep,
    pinned=lambda: [
        ("frequent and rare words", (np.array([10, 500, 4000]), 5000, 1e-2)),
        ("sample = 0 (subsampling off)", (np.array([7, 3]), 10, 0.0)),
        ("one word that is the whole corpus", (np.array([5000]), 5000, 1e-3)),
        ("words all below the threshold", (np.array([1, 2, 3]), 10**6, 1e-3)),
    ],
    mistakes=(
        Mistake("this is the paper's formula sqrt(t / f_w); the C tool (and this package) keep a word with "
                "probability sqrt(t / f_w) + t / f_w", _keep_variant(form="paper")),
        Mistake("this is the paper's DISCARD probability 1 - sqrt(t / f_w); the exercise asks for the C tool's keep "
                "probability", _keep_variant(form="discard")),
        Mistake("a probability cannot exceed 1: cap the keep probability at 1", _keep_variant(cap=False)),
        Mistake("f_w is the word's frequency, count / total, not its count", _keep_variant(frequency=False)),
        Mistake("sample = 0 turns subsampling off: then every word is kept (probability 1)", _keep_variant(off=False)),
    ),
)


# ====================================================================== a4: hierarchical softmax
def _paths(codes, points, lengths):
    """Padded (B, L) codes and points with their padding set to 0, and lengths (B,): a HuffmanTree's arrays."""
    codes, points, lengths = np.asarray(codes), np.asarray(points), np.asarray(lengths)
    real = np.arange(codes.shape[1]) < lengths[:, None]  # (B, L)
    return np.where(real, codes, 0).astype(np.int8), np.where(real, points, 0).astype(np.int32), real


def ref_hs_loss_and_grads(W_out, h, codes, points, lengths):
    """(loss, dh (B, D), dW_out (V - 1, D)): HierarchicalSoftmax over the B padded paths, one path per example."""
    W_out, h = _float(W_out), _float(h)
    codes, points, _ = _paths(codes, points, lengths)
    tree = HuffmanTree(codes, points, np.asarray(lengths).astype(np.int32))
    objective = HierarchicalSoftmax(tree)
    loss, cache = objective.forward(W_out, h, np.arange(len(h)))
    dh, rows, values = objective.backward(cache)
    return np.float64(loss), dh, scatter_add(np.zeros_like(W_out), rows, values)


@st.composite
def _hs(draw):
    N, D, B = draw(st.integers(1, 6), label="inner nodes"), draw(st.integers(1, 4)), draw(st.integers(1, 3))
    lengths = np.array(draw(st.lists(st.integers(1, N), min_size=B, max_size=B)), dtype=np.int64)
    L = int(lengths.max())
    codes = np.array(draw(st.lists(st.integers(0, 1), min_size=B * L, max_size=B * L)), dtype=np.int64).reshape(B, L)
    points = np.zeros((B, L), dtype=np.int64)
    for b in range(B):  # a path visits a node at most once; nodes repeat across examples
        points[b, : lengths[b]] = draw(st.permutations(range(N)))[: lengths[b]]
    seed = draw(seeds)
    return normal(seed, (N, D)), normal(seed + 1, (B, D)), codes, points, lengths


def _hs_pinned():
    W_out = normal(31, (4, 2))
    h = np.array([[0.3, 0.7], [-0.4, 0.2]])
    codes, points = np.array([[0, 0, 1], [1, 1, 0]]), np.array([[3, 2, 0], [3, 1, 0]])
    return [
        ("zero node vectors", (np.zeros((4, 2)), h, codes, points, np.array([3, 2]))),  # loss = 5 log 2
        ("nodes repeated across examples", (W_out, h, codes, points, np.array([3, 3]))),
        ("paths of length 1", (W_out, h, codes, points, np.array([1, 1]))),
        ("padding that holds other nodes and bits", (W_out, h, np.array([[1, 1, 1], [0, 1, 1]]),
                                                     np.array([[2, 3, 1], [0, 2, 3]]), np.array([1, 2]))),
        ("a batch of 1", (W_out, h[1:], codes[1:], points[1:], np.array([3]))),
        ("large scores", (W_out * 300.0, h * 300.0, codes, points, np.array([3, 3]))),
        ("large scores of both signs", (W_out * -300.0, h * 300.0, codes, points, np.array([3, 2]))),
    ]


def _hs_variant(flip=False, sign=1.0, g_fn=None, padding=False, last=0, path_mean=False, batch_mean=False,
                naive=False, buffered=False):
    """The batched HS loss and gradients with one thing changed (for the mistakes below)."""

    def wrong(W_out, h, codes, points, lengths):
        lengths = np.asarray(lengths) - last
        width = np.full((len(h), 1), codes.shape[1]) if padding else lengths[:, None]
        real = np.arange(codes.shape[1]) < width  # (B, L)
        c = (1 - codes if flip else codes).astype(np.float64)
        U = W_out[points]  # (B, L, D)
        z = np.einsum("bld,bd->bl", U, h)  # (B, L)
        log_s = _naive_log_sigmoid if naive else _log_sigmoid
        terms = np.where(real, -log_s((1.0 - 2.0 * c) * z), 0.0)  # (B, L)
        g = np.where(real, (g_fn or (lambda z, c: _sigmoid(z) - (1.0 - c)))(z, c) * sign, 0.0)  # (B, L)
        per_path = np.maximum(real.sum(axis=1), 1) if path_mean else 1
        scale = len(h) if batch_mean else 1
        loss = (terms.sum(axis=1) / per_path).sum() / scale
        g = g / (per_path[:, None] if path_mean else 1) / scale
        dW = np.zeros_like(W_out)
        if buffered:  # `dW_out[points[real]] += ...` in one statement
            dW[points[real]] += (g[:, :, None] * h[:, None, :])[real]
        else:
            np.add.at(dW, points[real], (g[:, :, None] * h[:, None, :])[real])
        return np.float64(loss), np.einsum("bl,bld->bd", g, U), dW

    return wrong


def _hs_trees():
    """Every word of two Huffman trees, one example per word: (W_out, h, codes, points, lengths)."""
    cases = []
    for seed, V, D in ((41, 5, 3), (42, 8, 2)):
        tree = build_huffman(np.random.default_rng(seed).integers(1, 100, V))
        W_out, h = normal(seed, (V - 1, D)), normal(seed + 100, (1, D))
        cases.append((W_out, np.repeat(h, V, axis=0), tree.codes.astype(np.int64), tree.points.astype(np.int64),
                      tree.lengths.astype(np.int64)))
    return cases


def _hs_word_batches():
    """One batch of one word per word of each tree of :func:`_hs_trees` (the loss of one word is -log P(w | h))."""
    return [(W_out, h[w : w + 1], codes[w : w + 1], points[w : w + 1], lengths[w : w + 1])
            for W_out, h, codes, points, lengths in _hs_trees() for w in range(len(h))]


def _hs_words_sum_to_one(outputs, cases):
    totals: dict[int, float] = {}
    for (loss, *_), case in zip(outputs, cases, strict=False):
        if np.size(loss) != 1:
            return False
        totals[id(case[0])] = totals.get(id(case[0]), 0.0) + float(np.exp(-np.ravel(loss)[0]))
    return len(totals) == 2 and all(abs(t - 1.0) < 1e-9 for t in totals.values())


HS_LOSS_AND_GRADS = Exercise(
    name="hs_loss_and_grads",
    notebook="a4_hierarchical_softmax",
    params=("W_out", "h", "codes", "points", "lengths"),
    returns=("loss", "dh", "dW_out"),
    shapes=("a single number", "(B, D), the shape of h", "(V - 1, D), the shape of W_out"),
    tags=("HS-prob", "HS-loss", "HS-grad"),
    statement="the sum over the batch of -log P(word_b | h_b) along each example's Huffman path (its first "
              "lengths[b] bits c_j and nodes n_j; the padding is ignored) and its gradients wrt h and W_out"
              + FLOAT64,
    reference=ref_hs_loss_and_grads,
    strategy=_hs,
    pinned=_hs_pinned,
    gradients=((1, 1), (0, 2)),
    mistakes=(
        Mistake("bit 0 goes with s(+z) and bit 1 with s(-z) (the C tool's convention): yours is the other way "
                "round, c_j where 1 - c_j belongs", _hs_variant(flip=True)),
        Mistake("the gradients have the wrong sign: dL/dz_j = s(z_j) - (1 - c_j)", _hs_variant(sign=-1.0)),
        Mistake("the gradient uses s(z_j) - c_j: with bit 0 -> s(+z) it is s(z_j) - (1 - c_j), "
                "c_j where 1 - c_j belongs", _hs_variant(g_fn=lambda z, c: _sigmoid(z) - c)),
        Mistake("dL/dz_j uses s(-z_j) where s(z_j) belongs", _hs_variant(g_fn=lambda z, c: _sigmoid(-z) - (1.0 - c))),
        Mistake("it reads the padding: only the first lengths[b] nodes and bits of row b are example b's path",
                _hs_variant(padding=True)),
        Mistake("it skips the last node of each path: example b's path has lengths[b] nodes, "
                "range(lengths[b]) visits them all", _hs_variant(last=1)),
        Mistake("the loss of one example is the SUM over its path of -log s(+-z_j), not the mean",
                _hs_variant(path_mean=True)),
        Mistake(BATCH_SUM, _hs_variant(batch_mean=True)),
        Mistake(f"a node on the paths of several examples loses gradient: `dW_out[nodes] += ...` buffers "
                f"duplicates; {REPEATS}", _hs_variant(buffered=True)),
        Mistake("the loss is not finite for large scores: compute log s(z) stably, e.g. -np.logaddexp(0, -z)",
                _hs_variant(naive=True), outputs=(0,)),
    ),
    properties=(
        Property(
            "probabilities over the vocabulary sum to 1",
            _hs_word_batches,
            _hs_words_sum_to_one,
            "exp(-loss) summed over all the words of a tree is not 1 (a batch of one word each): "
            "each node n_j splits its mass into s(z_j) and s(-z_j)",
        ),
    ),
)

#: Every exercise, in the order of the notebooks.
EXERCISES: dict[str, Exercise] = {
    ex.name: ex
    for ex in (
        SOFTMAX,
        ONEHOT_LOSS,
        ONEHOT_LOSS_AND_GRADS,
        SKIPGRAM_FORWARD,
        SKIPGRAM_BACKWARD,
        CBOW_FORWARD,
        CBOW_BACKWARD,
        SGD_UPDATE,
        NS_LOSS_AND_GRADS,
        NOISE_DISTRIBUTION,
        KEEP_PROBABILITY,
        HS_LOSS_AND_GRADS,
    )
}

NOTEBOOKS: dict[str, list[str]] = {}
for _ex in EXERCISES.values():
    NOTEBOOKS.setdefault(_ex.notebook, []).append(_ex.name)
