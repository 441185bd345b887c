"""Training: the epoch loop, the learning-rate schedule, and how updates are applied.

One loop serves every architecture and objective. Each epoch walks the corpus
in blocks of whole sentences (about ``block_words`` words each, like the C
tool's 10,000-word steps) and for every block:

1. sets the learning rate from the schedule (LR-decay below),
2. redraws the subsampling of frequent words (``sampling.subsample``),
3. trains on the block with one of three methods:

   ``"reference"``  the textbook update: one training example at a time,
                    forward, backward, then ``W -= lr * grad`` row by row.
                    Slow and obviously right; the docs walk through it.
   ``"minibatch"``  the same examples and the same negatives, ``batch_size``
                    examples at a time: one vectorized forward/backward, then
                    a scatter-add that sums every duplicate row. With
                    ``batch_size=1`` it gives exactly the reference result.
   ``"fast"``       the shared-negatives kernels of :mod:`word2vec_np.engine.fast`:
                    the contexts of one centre word share the centre's output
                    rows (its k negatives, or its Huffman path), so the dot
                    products become small matrix products. It changes the
                    algorithm (and the random draws) and is measured against
                    the exact path in ``docs/performance.md``.

The learning rate decays linearly over all raw words of all epochs, never
restarting per epoch (LR-decay)::

    alpha_t = alpha - (alpha - min_alpha) * words_seen / (epochs * words_per_epoch)

where ``words_seen`` counts vocabulary words before subsampling, as the C tool
does. The C tool writes it as ``alpha * (1 - progress)`` floored at
``alpha * 1e-4``; with ``min_alpha = alpha * 1e-4`` (the default here) the two
agree to within that floor.

Nothing is lost (see ``docs/errors.md``). With ``checkpoint`` and
``checkpoint_every`` the loop saves its whole state between two blocks
(:mod:`word2vec_np.engine.checkpoint`) every ``checkpoint_every`` words; ``resume``
continues from such a state to the same final vectors, bit for bit, as a run
that never stopped. With a checkpoint path, the first Ctrl-C lets the current
block finish, saves, and raises :class:`TrainingInterrupted` (a second Ctrl-C
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

import math
import os
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from ..core import sampling
from ..core.architectures import CBOW, SkipGram
from ..core.batch import Batch
from ..core.model import init_params, loss_and_grads, scatter_add
from ..core.objectives import make_objective
from ..errors import ConfigError, CorpusError, SaveError, TrainingDivergedError, WorkerError
from ..text.corpus import Corpus
from ..text.vocab import Vocab
from .blas import single_blas_thread
from .checkpoint import TrainState, corpus_fingerprint, save_checkpoint

ARCHITECTURES = ("skipgram", "cbow")
OBJECTIVES = ("softmax", "hs", "ns")
METHODS = ("reference", "minibatch", "fast")
SOFTMAX_MAX_VOCAB = 20_000
#: Settings a resumed run may change: how many processes train, not what they train.
RESUME_MAY_CHANGE = ("workers",)
MAX_EPOCHS = 10_000  # the C tool and gensim use 5 to 15 passes; GloVe up to 100


@dataclass(frozen=True)
class TrainConfig:
    """Every setting of a training run. Defaults follow the C tool but for the architecture (its default is CBOW).

    ``alpha=None`` means 0.025 for skip-gram and 0.05 for CBOW (the C tool's
    defaults); ``min_alpha=None`` means ``alpha * 1e-4`` (the C tool's floor).
    ``cbow_gradient`` is ``"c_tool"`` (the undivided error goes to every
    context vector, as the C tool and gensim do, and what their default
    learning rate is tuned for) or ``"exact"`` (the true gradient of the mean,
    with its 1/C factor). ``cbow_negatives`` (CBOW with NS, method "fast"
    only) is ``"shared"`` (one draw of k negatives shared by a set of 4
    windows from different parts of a block, the fast kernels' default) or
    ``"window"`` (one draw per window, as the C tool); see docs/performance.md.
    ``workers`` is the number of processes that train together (the C tool's
    ``-threads``, gensim's ``workers``; :mod:`word2vec_np.engine.workers`). The
    default, 1, trains in this process and is deterministic: the same seed
    gives the same vectors, bit for bit, which the lessons and the resume
    guarantee rely on. More workers train faster on more cores, lock-free,
    and give slightly different vectors on every run, as the C tool and
    gensim do.
    """

    arch: str = "skipgram"
    objective: str = "ns"
    dim: int = 100
    window: int = 5
    negative: int = 5
    ns_power: float = 0.75
    sample: float = 1e-3
    min_count: int = 5
    max_vocab_size: int | None = None
    epochs: int = 5
    alpha: float | None = None
    min_alpha: float | None = None
    seed: int = 1
    batch_size: int = 256
    method: str = "fast"
    cbow_gradient: str = "c_tool"
    block_words: int = 10_000
    cbow_negatives: str = "shared"
    workers: int = 1

    def resolved(self) -> TrainConfig:
        """This config with ``alpha`` and ``min_alpha`` filled in; raises ConfigError if invalid."""
        self.validate()
        alpha = self.alpha if self.alpha is not None else (0.025 if self.arch == "skipgram" else 0.05)
        min_alpha = self.min_alpha if self.min_alpha is not None else alpha * 1e-4
        if min_alpha > alpha:
            raise ConfigError(f"--min-alpha ({min_alpha}) is larger than --alpha ({alpha}); lower it")
        return replace(self, alpha=alpha, min_alpha=min_alpha)

    def validate(self) -> None:
        """Raise ConfigError with one sentence for the first invalid setting."""
        if self.arch not in ARCHITECTURES:
            raise ConfigError(f"unknown architecture {self.arch!r}; choose one of {', '.join(ARCHITECTURES)}")
        if self.objective not in OBJECTIVES:
            raise ConfigError(f"unknown objective {self.objective!r}; choose one of {', '.join(OBJECTIVES)}")
        if self.method not in METHODS:
            raise ConfigError(f"unknown training method {self.method!r}; choose one of {', '.join(METHODS)}")
        if self.cbow_gradient not in ("c_tool", "exact"):
            raise ConfigError(f"unknown CBOW gradient {self.cbow_gradient!r}; choose c_tool or exact")
        if self.cbow_negatives not in ("shared", "window"):
            raise ConfigError(f"unknown --cbow-negatives {self.cbow_negatives!r}; choose shared or window")
        for name in ("dim", "window", "epochs", "min_count", "batch_size", "block_words", "workers"):
            _check_whole(name, getattr(self, name), low=1)
        if self.epochs > MAX_EPOCHS:  # also bounds a damaged or hostile checkpoint's run
            raise ConfigError(f"--epochs must be at most {MAX_EPOCHS:,}, got {self.epochs:,}")
        _check_whole("negative", self.negative, low=0)
        if self.objective == "ns" and self.negative == 0:
            raise ConfigError("negative sampling needs --negative of at least 1 (or choose --objective hs)")
        _check_whole("seed", self.seed, low=0)
        if self.max_vocab_size is not None:
            _check_whole("max_vocab_size", self.max_vocab_size, low=1)
        if self.alpha is not None and not (_is_real(self.alpha) and self.alpha > 0 and math.isfinite(self.alpha)):
            raise ConfigError(f"--alpha must be a positive number, got {self.alpha!r}")
        if self.min_alpha is not None and not (
            _is_real(self.min_alpha) and self.min_alpha >= 0 and math.isfinite(self.min_alpha)
        ):
            raise ConfigError(f"--min-alpha must be 0 or more, got {self.min_alpha!r}")
        if not (_is_real(self.sample) and self.sample >= 0 and math.isfinite(self.sample)):
            raise ConfigError(f"--sample must be 0 (off) or a positive number, got {self.sample!r}")
        if not (_is_real(self.ns_power) and math.isfinite(self.ns_power)):
            raise ConfigError(f"--ns-power must be a finite number, got {self.ns_power!r}")

    def to_dict(self) -> dict:
        return asdict(self)


def _is_real(value) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)


def _check_whole(name: str, value, low: int) -> None:
    """ConfigError unless ``value`` is a whole number >= ``low`` (a bool is not a number here)."""
    if not isinstance(value, int | np.integer) or isinstance(value, bool) or value < low:
        what = "a positive whole number" if low == 1 else f"a whole number of at least {low}"
        raise ConfigError(f"--{name.replace('_', '-')} must be {what}, got {value!r}")


class TrainingInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped training. ``checkpoint`` is the file holding the state to resume from, or None.

    A KeyboardInterrupt, so code that already handles Ctrl-C keeps working.
    """

    def __init__(self, message: str, checkpoint: str | None = None):
        super().__init__(message)
        self.checkpoint = checkpoint

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class _StopBetweenBlocks:
    """While active, the first Ctrl-C (SIGINT) only asks the loop to stop after the current block;
    a second one raises KeyboardInterrupt at once. Python delivers signals to the main thread
    only, so elsewhere this does nothing and Ctrl-C behaves as usual."""

    def __init__(self, enabled: bool):
        self.enabled = enabled and threading.current_thread() is threading.main_thread()
        self.requested = False
        self._previous = None

    def __enter__(self) -> _StopBetweenBlocks:
        if self.enabled:
            self._previous = signal.getsignal(signal.SIGINT)
            if self._previous is signal.SIG_IGN:  # Ctrl-C is meant to be ignored (e.g. nohup): keep it so
                self.enabled = False
            else:
                signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum, frame) -> None:
        if self.requested:  # the second Ctrl-C: stop now
            self._restore()
            raise KeyboardInterrupt
        self.requested = True

    def _restore(self) -> None:
        previous = self._previous if self._previous is not None else signal.default_int_handler
        signal.signal(signal.SIGINT, previous)

    def __exit__(self, *exc) -> None:
        if self.enabled:
            self._restore()


@dataclass
class History:
    """The loss, kept as mean loss per training example (float64, never a float32 running total).

    ``epoch_loss[e]`` is the mean loss per example of epoch ``e``; ``points`` holds
    ``(words_seen, mean loss since the previous point)`` every ``report_every`` words.
    """

    epoch_loss: list[float] = field(default_factory=list)
    epoch_examples: list[int] = field(default_factory=list)
    epoch_words: list[int] = field(default_factory=list)
    epoch_seconds: list[float] = field(default_factory=list)
    points: list[tuple[int, float]] = field(default_factory=list)


@dataclass(frozen=True)
class EpochReport:
    """What an epoch-end callback receives."""

    epoch: int
    epochs: int
    mean_loss: float
    examples: int
    words: int
    seconds: float
    alpha: float
    W_in: np.ndarray
    W_out: np.ndarray


def learning_rate(words_seen: int, total_words: int, alpha: float, min_alpha: float) -> float:
    """(LR-decay) Linear decay from ``alpha`` to ``min_alpha`` over ``total_words`` raw words."""
    progress = min(1.0, words_seen / max(1, total_words))
    return alpha - (alpha - min_alpha) * progress


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


def make_examples(arch: str, ids: np.ndarray, offsets: np.ndarray, window: int, rng) -> Batch:
    """Every training example of one (subsampled) block, in corpus order.

    ids : (N,) int32, offsets : (S + 1,) int64.
    Skip-gram: one example per (context, centre) pair, C == 1.
    CBOW: one example per centre word with at least one context word.
    """
    if arch == "skipgram":
        inputs, targets = sampling.skipgram_pairs(ids, offsets, window, rng)
        return Batch.from_pairs(inputs, targets)
    contexts, n_context, targets = sampling.cbow_windows(ids, offsets, window, rng)
    return Batch(contexts=contexts, n_context=n_context, targets=targets)


def _slice(batch: Batch, start: int, stop: int) -> Batch:
    return Batch(
        contexts=batch.contexts[start:stop],
        n_context=batch.n_context[start:stop],
        targets=batch.targets[start:stop],
    )


def reference_step(W_in, W_out, batch: Batch, negatives, arch, objective, lr: float) -> float:
    """The textbook SGD update, one example at a time (the path the docs walk through).

    For each example: forward, backward, then for every touched row
    ``W[row] -= lr * grad_row``, one row at a time, so a row touched twice is
    simply updated twice. Returns the summed loss of the examples (float64).
    """
    total = 0.0
    for i in range(len(batch.targets)):
        one = _slice(batch, i, i + 1)
        neg = None if negatives is None else negatives[i : i + 1]
        loss, grads = loss_and_grads(W_in, W_out, one, arch, objective, neg)
        for row, g in zip(grads.out_rows, grads.dW_out_rows, strict=True):
            W_out[row] -= lr * g
        for row, g in zip(grads.in_rows, grads.dW_in_rows, strict=True):
            W_in[row] -= lr * g
        total += float(loss)
    return total


def minibatch_step(W_in, W_out, batch: Batch, negatives, arch, objective, lr: float, batch_size: int) -> float:
    """The same update, ``batch_size`` examples at a time.

    Within a minibatch every gradient is computed from the same parameters,
    then all are applied with :func:`model.scatter_add`, which sums the
    contribution of every duplicate row (``W[rows] += g`` would keep only
    one of them). Returns the summed loss (float64).
    """
    total = 0.0
    for start in range(0, len(batch.targets), batch_size):
        part = _slice(batch, start, start + batch_size)
        neg = None if negatives is None else negatives[start : start + batch_size]
        loss, grads = loss_and_grads(W_in, W_out, part, arch, objective, neg)
        scatter_add(W_out, grads.out_rows, -lr * grads.dW_out_rows)
        scatter_add(W_in, grads.in_rows, -lr * grads.dW_in_rows)
        total += float(loss)
    return total


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
        :class:`TrainingInterrupted`.
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
    _check_run(vocab, config, checkpoint, checkpoint_every)
    rng = np.random.default_rng(config.seed)
    objective = make_objective(config.objective, vocab.counts, negative=config.negative, ns_power=config.ns_power)
    arch = SkipGram() if config.arch == "skipgram" else CBOW(c_tool_gradient=config.cbow_gradient == "c_tool")
    keep = sampling.keep_probability(vocab.counts, vocab.total, config.sample)
    step = BlockStep(config, arch, objective, keep, sentence_blocks(corpus.offsets, config.block_words))
    run = _Run(vocab, corpus, config, step.cuts, checkpoint, checkpoint_every, checkpoint_info, report_every)
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


def _train_with_workers(run: _Run, step: BlockStep, corpus: Corpus, start_method, in_place: bool) -> None:
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

    cuts : (n_blocks + 1,) int64 sentence indices of the blocks (:func:`sentence_blocks`).
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
        s0, s1 = int(self.cuts[b]), int(self.cuts[b + 1])
        w0, w1 = int(offsets[s0]), int(offsets[s1])
        block_ids, block_offsets = sampling.subsample(ids[w0:w1], offsets[s0 : s1 + 1] - w0, self.keep, rng)
        # A diverging run overflows; the loss check of the loop says so in one sentence.
        with np.errstate(over="ignore", invalid="ignore"):
            return _train_block(W_in, W_out, block_ids, block_offsets, self.config, self.arch, self.objective, lr, rng)


def _check_run(vocab: Vocab, config: TrainConfig, checkpoint, checkpoint_every) -> None:
    """ConfigError for a run that cannot train; a warning for more workers than cores."""
    V = len(vocab)
    if V < 2:
        raise ConfigError(
            f"the vocabulary has {V} word(s) after --min-count {config.min_count}; "
            "word2vec needs at least 2 (lower --min-count or use a larger corpus)"
        )
    if config.objective == "softmax" and V > SOFTMAX_MAX_VOCAB:
        raise ConfigError(
            f"full softmax costs O(V) per example and the vocabulary has {V} words; "
            f"use --objective ns or hs, or raise --min-count to bring it under {SOFTMAX_MAX_VOCAB}"
        )
    if checkpoint_every is not None:
        _check_whole("checkpoint_every", checkpoint_every, low=1)
        if checkpoint is None:
            raise ConfigError("--checkpoint-every needs a checkpoint file; give --checkpoint PATH")
    if config.workers > 1:
        from .workers import available_cores

        cores = available_cores()
        if config.workers > cores:
            warnings.warn(
                f"--workers {config.workers} is more than the {cores} core(s) this process may use; "
                f"the workers will take turns, so --workers {cores} is likely faster",
                RuntimeWarning,
                stacklevel=3,
            )


class _Run:
    """The bookkeeping around the training loop: position, learning rate, loss history,
    progress bar, checkpoints and Ctrl-C. Everything the loop carries from one block to
    the next lives here, and all of it goes into a checkpoint."""

    def __init__(self, vocab, corpus, config, cuts, checkpoint, checkpoint_every, checkpoint_info, report_every):
        self.vocab, self.config, self.cuts = vocab, config, cuts
        self.checkpoint, self.checkpoint_every, self.checkpoint_info = checkpoint, checkpoint_every, checkpoint_info
        self.n_blocks = len(cuts) - 1
        self.block_words = np.diff(corpus.offsets[cuts])  # (n_blocks,) raw words of each block
        self.words_per_epoch = int(corpus.offsets[-1])
        self.total_words = self.words_per_epoch * config.epochs
        self.corpus = corpus
        self.fingerprint = corpus_fingerprint(corpus) if checkpoint is not None else None
        self.history = History()
        self.start_epoch, self.start_block, self.words_seen = 0, 0, 0
        self.epoch_loss, self.epoch_examples, self.epoch_seconds_before = 0.0, 0, 0.0
        self.point_loss, self.point_examples = 0.0, 0
        self.report_every, self.next_point = report_every, report_every
        self.last_saved = None  # the last checkpoint known to hold this run's state: (path, words_seen)
        self.saved_at = None  # (epoch, block) of the last checkpoint written by this call
        self.epoch, self.t0 = 0, time.perf_counter()
        self.W_in = self.W_out = self.rng = None

    def resume(self, state: TrainState, rng) -> tuple[np.ndarray, np.ndarray]:
        """Take the position, history and generator state of a checkpoint; return its matrices."""
        if self.fingerprint is None:
            self.fingerprint = corpus_fingerprint(self.corpus)
        _check_resume(state, self.vocab, self.config, self.fingerprint, self.n_blocks)
        rng.bit_generator.state = state.rng_state
        self.history = History(
            **{name: list(state.history.get(name, [])) for name in _HISTORY_FIELDS},
            points=[tuple(p) for p in state.history.get("points", [])],
        )
        self.start_epoch, self.start_block, self.words_seen = state.epoch, state.block, state.words_seen
        self.epoch_loss, self.epoch_examples = state.epoch_loss_sum, state.epoch_examples
        self.epoch_seconds_before = state.epoch_seconds
        self.report_every = state.report_every
        self.point_loss, self.point_examples, self.next_point = state.point_loss, state.point_examples, state.next_point
        if state.source is not None:
            self.last_saved = (str(state.source), state.words_seen)
        return _writable(state.W_in), _writable(state.W_out)

    def track(self, W_in, W_out, rng) -> None:
        """The matrices (and the generator, if not None) that checkpoints save and callbacks see."""
        V, n_out = len(self.vocab), (len(self.vocab) - 1 if self.config.objective == "hs" else len(self.vocab))
        if W_in.shape != (V, self.config.dim) or W_out.shape != (n_out, self.config.dim):
            raise ConfigError(
                f"the model's matrices {W_in.shape} and {W_out.shape} do not fit a vocabulary of {V} words "
                f"with --dim {self.config.dim} and --objective {self.config.objective}"
            )
        self.W_in, self.W_out = W_in, W_out
        if rng is not None:
            self.rng = rng

    @contextmanager
    def guarded(self, callbacks, progress: bool):
        """Ctrl-C asks to stop between blocks (with a checkpoint file), the progress bar, the callbacks,
        BLAS on one thread (:mod:`word2vec_np.engine.blas`); an interruption mid-block or a dead worker is
        reported with the last checkpoint that is intact."""
        every = self.checkpoint_every
        self.next_save = None if every is None else (self.words_seen // every + 1) * every
        self.callbacks = callbacks
        self.bar = _progress_bar(self.total_words, progress, initial=self.words_seen)
        try:
            with _StopBetweenBlocks(self.checkpoint is not None) as self.stop, single_blas_thread():
                yield self
        except KeyboardInterrupt as exc:
            if isinstance(exc, TrainingInterrupted) or self.checkpoint is None:
                raise
            raise TrainingInterrupted(
                f"training was interrupted in the middle of a block in epoch {self.epoch + 1}, so that state was "
                "not saved"
                + (_kept(self.last_saved) if self.last_saved is not None else "; no checkpoint had been written yet"),
                checkpoint=self.last_saved[0] if self.last_saved is not None else None,
            ) from None
        except WorkerError as exc:
            raise WorkerError(
                f"{exc} in epoch {self.epoch + 1} of {self.config.epochs}, so training stopped"
                + (_kept(self.last_saved) if self.last_saved is not None else "; no checkpoint had been written")
            ) from None
        finally:
            if self.bar is not None:
                self.bar.close()

    def epochs(self) -> Iterator[int]:
        for epoch in range(self.start_epoch, self.config.epochs):
            self.epoch = epoch
            self.t0 = time.perf_counter() - (self.epoch_seconds_before if epoch == self.start_epoch else 0.0)
            if epoch != self.start_epoch:
                self.epoch_loss, self.epoch_examples = 0.0, 0
            yield epoch

    def blocks(self, epoch: int) -> range:
        return range(self.start_block if epoch == self.start_epoch else 0, self.n_blocks)

    def learning_rate(self, ahead: int = 0) -> float:
        """(LR-decay) The rate of the next block, ``ahead`` words being trained by workers before it."""
        return learning_rate(self.words_seen + ahead, self.total_words, self.config.alpha, self.config.min_alpha)

    def block_done(self, epoch: int, b: int, loss: float, n: int) -> None:
        if not math.isfinite(loss):
            raise TrainingDivergedError(
                f"training diverged in epoch {epoch + 1} (the loss became {loss}) at learning rate "
                f"{self.learning_rate():.4g}; lower --alpha (try {self.config.alpha / 4:.4g}) and train again"
                + _kept(self.last_saved)
            )
        words = int(self.block_words[b])
        self.epoch_loss += loss
        self.epoch_examples += n
        self.point_loss += loss
        self.point_examples += n
        self.words_seen += words
        if self.next_point is not None and self.words_seen >= self.next_point:
            self.history.points.append((self.words_seen, self.point_loss / max(1, self.point_examples)))
            self.point_loss, self.point_examples = 0.0, 0
            self.next_point += self.report_every
        if self.bar is not None:
            self.bar.update(words)

    def pause_due(self, ahead: int = 0) -> bool:
        """Whether the workers should stop taking blocks: Ctrl-C, or a checkpoint due within ``ahead`` words."""
        return self.stop.requested or (self.next_save is not None and self.words_seen + ahead >= self.next_save)

    def between_blocks(self, epoch: int, next_block: int) -> None:
        """Save if a checkpoint is due; after Ctrl-C save and raise TrainingInterrupted."""
        if self.next_save is not None and self.words_seen >= self.next_save:
            self.save(epoch, next_block)
            self.next_save = (self.words_seen // self.checkpoint_every + 1) * self.checkpoint_every
        if self.stop.requested:
            if self.saved_at != (epoch, next_block):
                self.save(epoch, next_block)
            raise TrainingInterrupted(
                f"training stopped by Ctrl-C in epoch {epoch + 1} of {self.config.epochs} after "
                f"{self.words_seen:,} of {self.total_words:,} words; its state is saved in {str(self.checkpoint)!r}",
                checkpoint=str(self.checkpoint),
            )

    def epoch_done(self, epoch: int) -> None:
        _check_finite(self.W_in, self.W_out, epoch, self.last_saved, self.config)
        seconds = time.perf_counter() - self.t0
        mean = self.epoch_loss / max(1, self.epoch_examples)
        self.history.epoch_loss.append(mean)
        self.history.epoch_examples.append(self.epoch_examples)
        self.history.epoch_words.append(self.words_per_epoch)
        self.history.epoch_seconds.append(seconds)
        if self.bar is not None:
            self.bar.set_postfix_str(f"epoch {epoch + 1} loss {mean:.4f}")
        report = EpochReport(
            epoch=epoch + 1,
            epochs=self.config.epochs,
            mean_loss=mean,
            examples=self.epoch_examples,
            words=self.words_per_epoch,
            seconds=seconds,
            alpha=self.learning_rate(),
            W_in=self.W_in,
            W_out=self.W_out,
        )
        for callback in self.callbacks:
            callback(report)

    def save(self, epoch: int, block: int) -> None:
        _check_finite(self.W_in, self.W_out, epoch, self.last_saved, self.config)
        state = TrainState(
            W_in=self.W_in,
            W_out=self.W_out,
            words=self.vocab.words,
            counts=self.vocab.counts,
            config=self.config.to_dict(),
            epoch=epoch,
            block=block,
            n_blocks=self.n_blocks,
            words_seen=self.words_seen,
            learning_rate=self.learning_rate(),
            rng_state=self.rng.bit_generator.state,
            epoch_loss_sum=self.epoch_loss,
            epoch_examples=self.epoch_examples,
            epoch_seconds=time.perf_counter() - self.t0,
            point_loss=self.point_loss,
            point_examples=self.point_examples,
            next_point=self.next_point,
            report_every=self.report_every,
            checkpoint_every=self.checkpoint_every,
            history=asdict(self.history),
            corpus=self.fingerprint,
            run=dict(self.checkpoint_info or {}),
        )
        try:
            save_checkpoint(self.checkpoint, state)
        except OSError as exc:  # a full disk: name the file, not the temporary one beside it
            raise SaveError(
                f"could not save the checkpoint {str(self.checkpoint)!r} ({exc.strerror or exc}); free some disk "
                "space or choose another --checkpoint" + _kept(self.last_saved)
            ) from None
        self.last_saved, self.saved_at = (str(self.checkpoint), self.words_seen), (epoch, block)


def check_examples(history: History, config: TrainConfig) -> None:
    """CorpusError when a run saw no training example at all, so its vectors are the random initial ones.

    That happens when subsampling drops all but single words of every sentence (a tiny
    corpus of a few very frequent words), or when every sentence is one word long.
    """
    if history.epoch_examples and sum(history.epoch_examples) == 0:
        raise CorpusError(
            f"training saw 0 examples in {len(history.epoch_examples)} epoch(s): no sentence kept two words "
            f"after subsampling (--sample {config.sample:g}), so the vectors would stay random; "
            "use --sample 0 (or lower it), or a corpus with longer sentences"
        )


def finished_state(
    vocab: Vocab, corpus: Corpus, config: TrainConfig, W_in, W_out, history: History, run: Mapping | None = None
) -> TrainState:
    """The checkpoint state of a run that has ended: resuming it trains nothing and saves the model.

    It keeps a trained model when its output cannot be written (a full disk): save it with
    ``save_checkpoint``, then ``--resume PATH --output NEW`` writes the model elsewhere.
    W_in : (V, D), W_out : (n_out, D), as :func:`train_arrays` returned them.
    """
    config = config.resolved()
    words = int(corpus.offsets[-1]) * config.epochs
    return TrainState(
        W_in=W_in,
        W_out=W_out,
        words=vocab.words,
        counts=vocab.counts,
        config=config.to_dict(),
        epoch=config.epochs,
        block=0,
        n_blocks=len(sentence_blocks(corpus.offsets, config.block_words)) - 1,
        words_seen=words,
        learning_rate=config.min_alpha,
        rng_state=np.random.default_rng(config.seed).bit_generator.state,  # never drawn from again
        history=asdict(history),
        corpus=corpus_fingerprint(corpus),
        run=dict(run or {}),
    )


_HISTORY_FIELDS = ("epoch_loss", "epoch_examples", "epoch_words", "epoch_seconds")


def _kept(last_saved: tuple[str, int] | None) -> str:
    """'; the last checkpoint ... is intact' for messages, or ''."""
    if last_saved is None:
        return ""
    path, words = last_saved
    return f"; the last checkpoint {path!r} (after {words:,} words) is intact"


def _writable(a: np.ndarray) -> np.ndarray:
    return a if a.flags.writeable and a.flags.c_contiguous else np.array(a, order="C")


def _check_finite(W_in, W_out, epoch: int, last_saved, config: TrainConfig) -> None:
    """TrainingDivergedError if a parameter is NaN or infinite (possible while the loss is still finite)."""
    if np.isfinite(W_in).all() and np.isfinite(W_out).all():
        return
    raise TrainingDivergedError(
        f"training diverged in epoch {epoch + 1} (the parameters became NaN or infinite); lower --alpha "
        f"(try {config.alpha / 4:.4g}) and train again" + _kept(last_saved)
    )


def _check_resume(state: TrainState, vocab: Vocab, config: TrainConfig, fingerprint, n_blocks: int) -> None:
    """ConfigError / CorpusError unless ``state`` was trained with this vocabulary, corpus and config."""
    now = config.to_dict()
    keys = sorted((set(now) | set(state.config)) - set(RESUME_MAY_CHANGE))
    changed = [k for k in keys if now.get(k) != state.config.get(k)]
    if changed:
        diff = ", ".join(f"{k} {state.config.get(k)!r} -> {now.get(k)!r}" for k in changed)
        raise ConfigError(
            f"the settings differ from the checkpoint's ({diff}); resume with the settings it was trained with"
        )
    if tuple(state.words) != vocab.words or not np.array_equal(state.counts, vocab.counts):
        raise ConfigError("the vocabulary differs from the checkpoint's; resume with the checkpoint's vocabulary")
    keys = ("n_raw_words", "n_words", "n_sentences", "sha256")
    if any(state.corpus.get(k) != fingerprint[k] for k in keys) or state.n_blocks != n_blocks:
        raise CorpusError(
            f"the corpus ({fingerprint['n_words']:,} words in {fingerprint['n_sentences']:,} sentences) is not "
            f"the one the checkpoint was trained on ({state.corpus.get('n_words', 0):,} words in "
            f"{state.corpus.get('n_sentences', 0):,} sentences); resume with the same corpus file"
        )


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
            lr=lr,
            rng=rng,
            batch_centres=config.batch_size,
            c_tool_gradient=config.cbow_gradient == "c_tool",
            cbow_negatives=config.cbow_negatives,
            negatives_sampler=getattr(objective, "noise", None),
            negative=config.negative,
            tree=getattr(objective, "tree", None),
        )
    batch = make_examples(config.arch, ids, offsets, config.window, rng)
    negatives = objective.draw(batch.targets, rng)
    if config.method == "reference":
        loss = reference_step(W_in, W_out, batch, negatives, arch, objective, lr)
    else:
        loss = minibatch_step(W_in, W_out, batch, negatives, arch, objective, lr, config.batch_size)
    return loss, len(batch.targets)


def _progress_bar(total: int, enabled: bool, initial: int = 0):
    """A tqdm bar counting words (with words/s and time left), or None."""
    if not enabled:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # tqdm is optional: train silently without a bar
        return None
    return tqdm(
        total=total, initial=initial, unit="word", unit_scale=True, file=sys.stderr, dynamic_ncols=True, leave=False
    )
