"""The textbook trainer: word2vec's whole training loop on one screen. Read :func:`train` first.

It is the algorithm of docs/math.md, one example at a time, in the order the
original C tool runs it::

    for each epoch:
        for each block of whole sentences (about block_words words):
            set the learning rate from the words seen so far            (LR-decay)
            drop frequent words at random                               (SUB-keep)
            form the examples: skip-gram pairs or CBOW windows          (WIN)
            draw each example's negatives (negative sampling only)      (NS-noise)
            for each example:
                forward:  the architecture (h), then the objective (the loss)
                backward: the objective (dL/dh, dL/dW_out), then the architecture (dL/dW_in)
                update:   W[row] -= lr * gradient, one row at a time

The functions after :func:`train` are its pieces, in the order it uses them.
The math of a step is in architectures.py and objectives/, so one step is
followed through three files: this one, the architecture's and the objective's.

This is ``method="reference"`` of :func:`word2vec_np.engine.training.train_arrays`:
the engine runs these very functions (:func:`examples` and :func:`step` for
each block) and adds around them only what a long run needs (the loss
history, checkpoints, Ctrl-C, worker processes). Started from the same
matrices and the same generator, the two end with the same vectors, bit for
bit (tests/core/test_textbook.py). The engine's "minibatch" method is the same
algorithm on many examples at once, "fast" a faster variant of it.

Every random choice comes from the one generator ``rng``, in this order in
every block: subsampling, the window half-widths, the negatives. The updates
draw nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from . import sampling
from .batch import Batch


def train(W_in, W_out, ids, offsets, arch, objective, keep, *, window: int, epochs: int, alpha: float,
          min_alpha: float, block_words: int = 10_000, rng: np.random.Generator, observe: Callable | None = None,
          update: Callable | None = None):
    """Train ``W_in`` (V, D) and ``W_out`` (n_out, D) in place on a corpus; return them.

    ids : (N,) int word ids, offsets : (S + 1,) int64 sentence offsets (a ``Corpus``)
    arch : SkipGram or CBOW (``architectures.make_architecture``)
    objective : Softmax, HierarchicalSoftmax or NegativeSampling (``objectives.make_objective``)
    keep : (V,) probability that subsampling keeps each word (``sampling.keep_probability``)
    window, epochs, alpha, min_alpha, block_words : as in ``TrainConfig``
    rng : numpy Generator, every random draw of the run
    observe : None, or called as ``observe(epoch, lr, example, negatives)`` before each update
        (the step-by-step view, ``teach/stepper.py``, looks at the network there)
    update : None (:func:`sgd_update`), or a function with its signature ``update(W, rows, grads, lr)``

    Your own code trains here too: ``arch`` and ``objective`` are used only through the methods
    :func:`step` and :func:`examples` call (``arch.name``, ``arch.forward``, ``arch.backward``;
    ``objective.draw``, ``objective.forward``, ``objective.backward``), so any objects with those
    methods and ``update`` replace the package's pieces (assignment a5 passes a learner's functions
    this way: ``word2vec_np/teach/grading/training.py``). With the defaults nothing else changes.
    """
    cuts = sentence_blocks(offsets, block_words)  # (n_blocks + 1,) blocks of whole sentences
    total_words, words_seen = int(offsets[-1]) * epochs, 0
    for epoch in range(epochs):
        for b in range(len(cuts) - 1):
            lr = learning_rate(words_seen, total_words, alpha, min_alpha)  # (LR-decay), once per block
            block_ids, block_offsets = block(ids, offsets, cuts, b)
            words_seen += len(block_ids)  # counted before subsampling, as the C tool does
            block_ids, block_offsets = sampling.subsample(block_ids, block_offsets, keep, rng)  # (SUB-keep)
            # skip-gram pairs or CBOW windows (WIN), each with its negatives (NS-noise): examples() below
            for example, negatives in examples(arch.name, objective, block_ids, block_offsets, window, rng):
                if observe is not None:
                    observe(epoch, lr, example, negatives)
                step(W_in, W_out, example, negatives, arch, objective, lr, update)  # forward, backward, update
    return W_in, W_out


def sentence_blocks(offsets: np.ndarray, block_words: int) -> np.ndarray:
    """Sentence indices that cut the corpus into blocks of about ``block_words`` words.

    offsets : (S + 1,) int64 sentence offsets.
    Returns (n_blocks + 1,) int64 sentence indices; block b holds sentences
    ``cuts[b]:cuts[b + 1]``. A sentence is never split.
    """
    n_words = int(offsets[-1])
    targets = np.arange(block_words, n_words, block_words, dtype=np.int64)
    cuts = np.searchsorted(offsets, targets, side="left")
    cuts = np.unique(np.concatenate([[0], cuts, [len(offsets) - 1]]))
    return cuts.astype(np.int64)


def learning_rate(words_seen: int, total_words: int, alpha: float, min_alpha: float) -> float:
    """(LR-decay) Linear decay from ``alpha`` to ``min_alpha`` over ``total_words`` raw words.

    ``words_seen`` counts the corpus words of all blocks before this one, over
    all epochs (the rate never restarts per epoch); ``total_words`` is
    ``epochs`` times the words of one epoch.
    """
    progress = min(1.0, words_seen / max(1, total_words))
    return alpha - (alpha - min_alpha) * progress


def block(ids: np.ndarray, offsets: np.ndarray, cuts: np.ndarray, b: int) -> tuple[np.ndarray, np.ndarray]:
    """The words of block ``b``: sentences ``cuts[b]:cuts[b + 1]`` of the corpus ``ids`` (N,), ``offsets`` (S + 1,).

    Returns ids (n,), a view of the corpus's, and the block's offsets (s + 1,), counted from 0.
    """
    s0, s1 = int(cuts[b]), int(cuts[b + 1])
    w0, w1 = int(offsets[s0]), int(offsets[s1])
    return ids[w0:w1], offsets[s0 : s1 + 1] - w0


def examples(
    arch: str, objective, ids: np.ndarray, offsets: np.ndarray, window: int, rng, shrink: bool = True
) -> Iterator[tuple]:
    """The training examples of one subsampled block, one at a time: ``(example, negatives)``.

    arch : "skipgram" or "cbow"; ids (n,) and offsets (s + 1,): the block after subsampling.
    Yields example, a Batch of one, and negatives, (1, k) int for negative sampling, else None.
    The whole block is drawn before the first example comes out: its windows (WIN), then
    the negatives of all its examples (NS-noise). A block of fewer than two words has no
    example and draws nothing. ``shrink=False``: every window is whole (gensim's ``shrink_windows``).
    """
    if len(ids) < 2:
        return
    batch = make_examples(arch, ids, offsets, window, rng, shrink)  # B examples in corpus order
    negatives = objective.draw(batch.targets, rng)  # (B, k), or None for softmax and HS
    for i in range(len(batch)):
        yield batch[i : i + 1], None if negatives is None else negatives[i : i + 1]


def make_examples(arch: str, ids: np.ndarray, offsets: np.ndarray, window: int, rng, shrink: bool = True) -> Batch:
    """Every training example of one (subsampled) block, in corpus order.

    ids : (N,) int32, offsets : (S + 1,) int64.
    Skip-gram: one example per (context, centre) pair, C == 1.
    CBOW: one example per centre word with at least one context word.
    """
    if arch == "skipgram":
        inputs, targets = sampling.skipgram_pairs(ids, offsets, window, rng, shrink)
        return Batch.from_pairs(inputs, targets)
    contexts, n_context, targets = sampling.cbow_windows(ids, offsets, window, rng, shrink)
    return Batch(contexts=contexts, n_context=n_context, targets=targets)


def step(W_in: np.ndarray, W_out: np.ndarray, example: Batch, negatives, arch, objective, lr: float,
         update: Callable | None = None) -> float:
    """One SGD step on one example (a Batch of one): forward, backward, update. Returns its loss.

    negatives : (1, k) int for negative sampling, else None.
    update : None (:func:`sgd_update`), or a function with its signature
    """
    update = sgd_update if update is None else update
    h, arch_cache = arch.forward(W_in, example)  # forward: the architecture, h (1, D) ...
    loss, obj_cache = objective.forward(W_out, h, example.targets, negatives)  # ... then the objective, the loss
    dh, out_rows, dW_out_rows = objective.backward(obj_cache)  # backward: the objective, dL/dh and dL/dW_out ...
    in_rows, dW_in_rows = arch.backward(dh, arch_cache)  # ... then the architecture, dL/dW_in
    update(W_out, out_rows, dW_out_rows, lr)  # update: W[row] -= lr * gradient (sgd_update)
    update(W_in, in_rows, dW_in_rows, lr)
    return loss


def sgd_update(W: np.ndarray, rows: np.ndarray, grads: np.ndarray, lr: float) -> None:
    """``W[rows[i]] -= lr * grads[i]`` for each i in turn, so a row touched twice is updated twice.

    W : (R, D) float, updated in place; rows : (M,) int, may repeat; grads : (M, D).
    (``W[rows] -= lr * grads`` in one go would keep only one update of a repeated row.)
    """
    for row, g in zip(rows, grads, strict=True):
        W[row] -= lr * g
