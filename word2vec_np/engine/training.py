"""Training at speed: :func:`train_arrays`, the loop every run goes through, and its three methods.

The algorithm is the textbook trainer's, :func:`word2vec_np.core.textbook.train`
(read that first). :func:`train_arrays` runs the same epochs and blocks of
whole sentences (about ``block_words`` words each, like the C tool's
10,000-word steps), and for every block:

1. sets the learning rate from the words seen so far (``textbook.learning_rate``, LR-decay),
2. redraws the subsampling of frequent words (``sampling.subsample``),
3. trains on the block with one of three methods (:class:`BlockStep`):

   ``"reference"``  the textbook's own code: :func:`~word2vec_np.core.textbook.examples`
                    gives the block's examples one at a time with their negatives,
                    :func:`~word2vec_np.core.textbook.step` does forward, backward,
                    then ``W[row] -= lr * grad_row`` row by row. Slow and obviously
                    right; the result equals ``textbook.train``'s bit for bit.
   ``"minibatch"``  the same examples and the same negatives, ``batch_size``
                    examples at a time (:func:`minibatch_step`): one vectorized
                    forward/backward, then a scatter-add that sums every duplicate
                    row. With ``batch_size=1`` it gives exactly the reference result.
   ``"fast"``       the shared-negatives kernels of :mod:`word2vec_np.engine.fast`:
                    the contexts of one centre word share the centre's output
                    rows (its k negatives, or its Huffman path), so the dot
                    products become small matrix products. It changes the
                    algorithm (and the random draws) and is measured against
                    the exact path in ``docs/performance.md``.

Around that loop, and never inside a block, is the bookkeeping a long run needs,
each in its own module:

    config.py       TrainConfig: every setting, its defaults and its validation
    bookkeeping.py  Run: position, learning rate, loss history, progress bar,
                    checkpoints between blocks (:mod:`word2vec_np.engine.checkpoint`)
    history.py      History and EpochReport: what a run reports
    interrupt.py    Ctrl-C between blocks, TrainingInterrupted

Nothing is lost (see ``docs/errors.md``). With ``checkpoint`` and
``checkpoint_every`` the loop saves its whole state between two blocks
every ``checkpoint_every`` words; ``resume`` continues from such a state to the
same final vectors, bit for bit, as a run that never stopped. With a checkpoint
path, the first Ctrl-C lets the current block finish, saves, and raises
:class:`~word2vec_np.engine.interrupt.TrainingInterrupted` (a second Ctrl-C
stops at once). A NaN or infinite loss or parameter stops training with
:class:`~word2vec_np.errors.TrainingDivergedError` and never overwrites a
checkpoint; NumPy's overflow warnings are silenced inside the blocks because
that check reports the divergence in one sentence instead.

With ``workers`` > 1 the same loop runs its step, :class:`BlockStep`, in that
many processes that share ``W_in`` and ``W_out`` and update them without locks
(:mod:`word2vec_np.engine.workers`); the parent hands out the blocks in order, sets
each block's learning rate from the words handed out before it, and pauses
the workers (nothing in flight) for checkpoints, Ctrl-C and the end of each
epoch. One worker is the default and the only deterministic setting.

The training pairs follow the C tool's convention: in skip-gram the context
word's input vector is ``h`` and the centre word is the target; in CBOW ``h`` is
the mean of the context vectors and the centre word is the target.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..core import sampling, textbook
from ..core.architectures import make_architecture
from ..core.batch import Batch
from ..core.model import init_params, loss_and_grads, scatter_add
from ..core.objectives import make_objective
from ..core.textbook import make_examples, sentence_blocks
from ..text.corpus import Corpus
from ..text.corpus_cache import release
from ..text.vocab import Vocab
from .bookkeeping import Run
from .checkpoint import TrainState
from .config import TrainConfig, check_run
from .history import EpochReport, History, check_examples


def train_arrays(
    vocab: Vocab,
    corpus: Corpus,
    config: TrainConfig,
    *,
    W_in: np.ndarray | None = None,
    W_out: np.ndarray | None = None,
    callbacks: Sequence[Callable[[EpochReport], None]] = (),
    progress: bool = False,
    report_every: int | None = None,
    dtype=np.float32,
    checkpoint: str | os.PathLike | None = None,
    checkpoint_every: int | None = None,
    resume: TrainState | None = None,
    checkpoint_info: Mapping | None = None,
    start_method: str | None = None,
) -> tuple[np.ndarray, np.ndarray, History]:
    """Train and return ``(W_in (V, D), W_out (n_out, D), history)``.

    Given ``W_in``/``W_out`` (a loaded model), training continues from them
    (they are updated in place); otherwise they are initialized as the C tool
    does (W_in uniform in [-0.5, 0.5) / D, W_out zero). With ``config.workers``
    1 (the default) the same seed gives bit-identical results; with more,
    :mod:`word2vec_np.engine.workers` trains the blocks in that many processes,
    lock-free, and the results vary from run to run. ``start_method`` is the
    workers' multiprocessing start method ("fork", "spawn"; None: the default).
    While it trains, NumPy's BLAS runs on one thread (:mod:`word2vec_np.engine.blas`).

    Checkpoints (see :mod:`word2vec_np.engine.checkpoint`):

    checkpoint : path of the checkpoint file, or None for none. With a path, Ctrl-C
        (in the main thread) stops after the current block, saves there and raises
        :class:`~word2vec_np.engine.interrupt.TrainingInterrupted`.
    checkpoint_every : save every this many words (``words_seen``: corpus words before
        subsampling, counted over all epochs), at the first block boundary past each
        multiple; None saves only on Ctrl-C.
    resume : a :class:`~word2vec_np.engine.checkpoint.TrainState` to continue from; ``vocab``,
        ``corpus`` and ``config`` must be those it was trained with (ConfigError /
        CorpusError otherwise; ``workers`` may differ). With one worker the result
        equals the uninterrupted run's bit for bit.
    checkpoint_info : JSON values stored in each checkpoint's ``run`` field.

    Raises TrainingDivergedError if the loss or the parameters become NaN or
    infinite, WorkerError if a worker process dies; a checkpoint is never
    written from such a state.
    """
    config = config.resolved()
    check_run(vocab, config, checkpoint, checkpoint_every)
    rng = np.random.default_rng(config.seed)
    objective = make_objective(config.objective, vocab.counts, negative=config.negative, ns_power=config.ns_power)
    arch = make_architecture(config.arch, c_tool_gradient=config.cbow_gradient == "c_tool")
    keep = sampling.keep_probability(vocab.counts, vocab.total, config.sample)
    step = BlockStep(config, arch, objective, keep, sentence_blocks(corpus.offsets, config.block_words))
    run = Run(vocab, corpus, config, step.cuts, checkpoint, checkpoint_every, checkpoint_info, report_every)
    corpus.release()  # the pages the block cuts and the checkpoint's fingerprint read (a corpus on disk)
    given = resume is None and W_in is not None and W_out is not None  # the caller's: updated in place
    if resume is not None:
        run.track(*run.resume(resume, rng), rng)
    elif not given:
        run.track(*init_params(len(vocab), objective.n_outputs(len(vocab)), config.dim, rng, dtype=dtype), rng)
    else:
        run.track(W_in, W_out, rng)

    with run.guarded(callbacks, progress):  # Ctrl-C, the progress bar, and errors that name the last checkpoint
        if config.workers > 1:
            _train_with_workers(run, step, corpus, start_method, in_place=given)
        else:
            W_in, W_out = run.W_in, run.W_out
            for epoch in run.epochs():
                for b in run.blocks(epoch):
                    lr = run.learning_rate()
                    loss, n = step(W_in, W_out, corpus.ids, corpus.offsets, b, lr, rng)
                    run.block_done(epoch, b, loss, n)  # sums the loss, checks it is finite
                    run.between_blocks(epoch, b + 1)  # checkpoints, Ctrl-C
                run.epoch_done(epoch)  # history and callbacks
    check_examples(run.history, config)
    return run.W_in, run.W_out, run.history


def _train_with_workers(run: Run, step: BlockStep, corpus: Corpus, start_method, in_place: bool) -> None:
    """The loop of :func:`train_arrays` with ``config.workers`` processes training the blocks.

    The pool hands out an epoch's blocks in order and pauses (nothing in flight) whenever
    ``run`` wants a checkpoint or saw Ctrl-C. It takes over ``run``'s matrices: at the end they
    are the caller's arrays, updated in place (``in_place``), or new ones; with ``in_place``
    False nobody keeps the matrices outside shared memory while the workers run.
    """
    from .workers import WorkerPool

    seed = np.random.SeedSequence([run.config.seed, run.words_seen])  # a resumed run draws fresh streams
    pool = WorkerPool(
        run.config.workers, step, run.W_in, run.W_out, corpus.ids, corpus.offsets, seed, start_method, in_place
    )
    run.W_in = run.W_out = None  # the pool's now
    with pool:
        run.track(pool.W_in, pool.W_out, None)  # checkpoints and callbacks read the shared matrices
        for epoch in run.epochs():
            b = run.blocks(epoch).start
            while b < run.n_blocks:
                blocks = range(b, run.n_blocks)
                for done, loss, n in pool.train(blocks, run.block_words, run.learning_rate, run.pause_due):
                    run.block_done(epoch, done, loss, n)
                b = pool.next_block  # every block before b is trained, none after: a checkpoint may go here
                run.between_blocks(epoch, b)
            run.epoch_done(epoch)
    run.track(pool.W_in, pool.W_out, None)  # the shared matrices, copied out as the pool closed


@dataclass(frozen=True)
class BlockStep:
    """One step of the training loop: subsample block ``b`` of the corpus and train on it.

    cuts : (n_blocks + 1,) int64 sentence indices of the blocks (:func:`~word2vec_np.core.textbook.sentence_blocks`).
    keep : (V,) keep probabilities of subsampling (:func:`sampling.keep_probability`).
    A plain object that pickles, so worker processes run the same step.
    """

    config: TrainConfig
    arch: object
    objective: object
    keep: np.ndarray
    cuts: np.ndarray

    def __call__(self, W_in, W_out, ids, offsets, b: int, lr: float, rng) -> tuple[float, int]:
        """Train on block ``b`` of the corpus ``ids`` (N,), ``offsets`` (S + 1,); return (summed loss, examples)."""
        block_ids, block_offsets = textbook.block(ids, offsets, self.cuts, b)
        block_ids, block_offsets = sampling.subsample(block_ids, block_offsets, self.keep, rng)  # copies
        # A corpus mapped from disk gives the block's pages back: memory holds a block, not the corpus.
        s0, s1 = int(self.cuts[b]), int(self.cuts[b + 1])
        release(ids, int(offsets[s0]), int(offsets[s1]))
        release(offsets, s0, s1 + 1)
        # A diverging run overflows; the loss check of the loop says so in one sentence.
        with np.errstate(over="ignore", invalid="ignore"):
            return _train_block(W_in, W_out, block_ids, block_offsets, self.config, self.arch, self.objective, lr, rng)


def _train_block(W_in, W_out, ids, offsets, config: TrainConfig, arch, objective, lr, rng) -> tuple[float, int]:
    """Train on one subsampled block with the configured method; return (summed loss, examples)."""
    if len(ids) < 2:
        return 0.0, 0
    if config.method == "fast" and config.objective != "softmax":
        from . import fast

        return fast.train_block(
            W_in,
            W_out,
            ids,
            offsets,
            arch=config.arch,
            objective=config.objective,
            window=config.window,
            shrink_windows=config.shrink_windows,
            lr=lr,
            rng=rng,
            batch_centres=config.batch_size,
            c_tool_gradient=config.cbow_gradient == "c_tool",
            cbow_negatives=config.cbow_negatives,
            negatives_sampler=getattr(objective, "noise", None),
            negative=config.negative,
            tree=getattr(objective, "tree", None),
        )
    if config.method == "reference":  # the textbook trainer's own code, one example at a time
        loss, n = 0.0, 0
        for example, negatives in textbook.examples(
            config.arch, objective, ids, offsets, config.window, rng, config.shrink_windows
        ):
            loss += float(textbook.step(W_in, W_out, example, negatives, arch, objective, lr))
            n += 1
        return loss, n
    batch = make_examples(config.arch, ids, offsets, config.window, rng, config.shrink_windows)
    negatives = objective.draw(batch.targets, rng)
    loss = minibatch_step(W_in, W_out, batch, negatives, arch, objective, lr, config.batch_size)
    return loss, len(batch)


def minibatch_step(W_in, W_out, batch: Batch, negatives, arch, objective, lr: float, batch_size: int) -> float:
    """The textbook update (:func:`word2vec_np.core.textbook.step`), ``batch_size`` examples at a time.

    Within a minibatch every gradient is computed from the same parameters,
    then all are applied with :func:`model.scatter_add`, which sums the
    contribution of every duplicate row (``W[rows] += g`` would keep only
    one of them). Returns the summed loss (float64).
    """
    total = 0.0
    for start in range(0, len(batch.targets), batch_size):
        part = batch[start : start + batch_size]
        neg = None if negatives is None else negatives[start : start + batch_size]
        loss, grads = loss_and_grads(W_in, W_out, part, arch, objective, neg)
        scatter_add(W_out, grads.out_rows, -lr * grads.dW_out_rows)
        scatter_add(W_in, grads.in_rows, -lr * grads.dW_in_rows)
        total += float(loss)
    return total
