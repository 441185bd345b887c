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
   ``"fast"``       the shared-negatives kernels of :mod:`word2vec_np.fast`:
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
(:mod:`word2vec_np.checkpoint`) every ``checkpoint_every`` words; ``resume``
continues from such a state to the same final vectors, bit for bit, as a run
that never stopped. With a checkpoint path, the first Ctrl-C lets the current
block finish, saves, and raises :class:`TrainingInterrupted` (a second Ctrl-C
stops at once). A NaN or infinite loss or parameter stops training with
:class:`~word2vec_np.errors.TrainingDivergedError` and never overwrites a
checkpoint; NumPy's overflow warnings are silenced inside the blocks because
that check reports the divergence in one sentence instead.

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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from . import sampling
from .architectures import CBOW, SkipGram
from .batch import Batch
from .checkpoint import TrainState, corpus_fingerprint, save_checkpoint
from .corpus import Corpus
from .errors import ConfigError, CorpusError, SaveError, TrainingDivergedError
from .model import init_params, loss_and_grads, scatter_add
from .objectives import make_objective
from .vocab import Vocab

ARCHITECTURES = ("skipgram", "cbow")
OBJECTIVES = ("softmax", "hs", "ns")
METHODS = ("reference", "minibatch", "fast")
SOFTMAX_MAX_VOCAB = 20_000
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
) -> tuple[np.ndarray, np.ndarray, History]:
    """Train and return ``(W_in (V, D), W_out (n_out, D), history)``.

    Given ``W_in``/``W_out`` (a loaded model), training continues from them
    (they are updated in place); otherwise they are initialized as the C tool
    does (W_in uniform in [-0.5, 0.5) / D, W_out zero). The same seed gives
    bit-identical results.

    Checkpoints (see :mod:`word2vec_np.checkpoint`):

    checkpoint : path of the checkpoint file, or None for none. With a path, Ctrl-C
        (in the main thread) stops after the current block, saves there and raises
        :class:`TrainingInterrupted`.
    checkpoint_every : save every this many words (``words_seen``: corpus words before
        subsampling, counted over all epochs), at the first block boundary past each
        multiple; None saves only on Ctrl-C.
    resume : a :class:`~word2vec_np.checkpoint.TrainState` to continue from; ``vocab``,
        ``corpus`` and ``config`` must be those it was trained with (ConfigError /
        CorpusError otherwise). The result equals the uninterrupted run's bit for bit.
    checkpoint_info : JSON values stored in each checkpoint's ``run`` field.

    Raises TrainingDivergedError if the loss or the parameters become NaN or
    infinite; a checkpoint is never written from such a state.
    """
    config = config.resolved()
    if config.workers > 1:
        raise ConfigError(
            f"--workers {config.workers}: worker processes are not available in this build; use --workers 1"
        )
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
    rng = np.random.default_rng(config.seed)
    objective = make_objective(config.objective, vocab.counts, negative=config.negative, ns_power=config.ns_power)
    arch = SkipGram() if config.arch == "skipgram" else CBOW(c_tool_gradient=config.cbow_gradient == "c_tool")
    n_out = objective.n_outputs(V)
    keep = sampling.keep_probability(vocab.counts, vocab.total, config.sample)
    cuts = sentence_blocks(corpus.offsets, config.block_words)
    n_blocks = len(cuts) - 1
    words_per_epoch = int(corpus.offsets[-1])
    total_words = words_per_epoch * config.epochs
    fingerprint = corpus_fingerprint(corpus) if checkpoint is not None or resume is not None else None

    # Everything the loop carries from one block to the next (all of it is in a checkpoint).
    history = History()
    start_epoch, start_block, words_seen = 0, 0, 0
    epoch_loss, epoch_examples, epoch_seconds_before = 0.0, 0, 0.0
    point_loss, point_examples, next_point = 0.0, 0, report_every
    if resume is not None:
        _check_resume(resume, vocab, config, fingerprint, n_blocks)
        W_in, W_out = _writable(resume.W_in), _writable(resume.W_out)
        rng.bit_generator.state = resume.rng_state
        history = History(
            **{name: list(resume.history.get(name, [])) for name in _HISTORY_FIELDS},
            points=[tuple(p) for p in resume.history.get("points", [])],
        )
        start_epoch, start_block, words_seen = resume.epoch, resume.block, resume.words_seen
        epoch_loss, epoch_examples, epoch_seconds_before = (
            resume.epoch_loss_sum,
            resume.epoch_examples,
            resume.epoch_seconds,
        )
        report_every = resume.report_every
        point_loss, point_examples, next_point = resume.point_loss, resume.point_examples, resume.next_point
    elif W_in is None or W_out is None:
        W_in, W_out = init_params(V, n_out, config.dim, rng, dtype=dtype)
    if W_in.shape != (V, config.dim) or W_out.shape != (n_out, config.dim):
        raise ConfigError(
            f"the model's matrices {W_in.shape} and {W_out.shape} do not fit a vocabulary of {V} words "
            f"with --dim {config.dim} and --objective {config.objective}"
        )

    next_save = None if checkpoint_every is None else (words_seen // checkpoint_every + 1) * checkpoint_every
    # the last checkpoint known to hold this run's state: (path, words_seen), for messages
    last_saved = None
    if resume is not None and resume.source is not None:
        last_saved = (str(resume.source), resume.words_seen)
    saved_at = None  # (epoch, block) of the last checkpoint written by this call
    epoch, t0 = start_epoch, time.perf_counter()

    def save(epoch: int, block: int) -> None:
        nonlocal last_saved, saved_at
        _check_finite(W_in, W_out, epoch, last_saved, config)
        state = TrainState(
            W_in=W_in,
            W_out=W_out,
            words=vocab.words,
            counts=vocab.counts,
            config=config.to_dict(),
            epoch=epoch,
            block=block,
            n_blocks=n_blocks,
            words_seen=words_seen,
            learning_rate=learning_rate(words_seen, total_words, config.alpha, config.min_alpha),
            rng_state=rng.bit_generator.state,
            epoch_loss_sum=epoch_loss,
            epoch_examples=epoch_examples,
            epoch_seconds=time.perf_counter() - t0,
            point_loss=point_loss,
            point_examples=point_examples,
            next_point=next_point,
            report_every=report_every,
            checkpoint_every=checkpoint_every,
            history=asdict(history),
            corpus=fingerprint,
            run=dict(checkpoint_info or {}),
        )
        try:
            save_checkpoint(checkpoint, state)
        except OSError as exc:  # a full disk: name the file, not the temporary one beside it
            raise SaveError(
                f"could not save the checkpoint {str(checkpoint)!r} ({exc.strerror or exc}); free some disk space "
                "or choose another --checkpoint" + _kept(last_saved)
            ) from None
        last_saved, saved_at = (str(checkpoint), words_seen), (epoch, block)

    bar = _progress_bar(total_words, progress, initial=words_seen)
    try:
        with _StopBetweenBlocks(checkpoint is not None) as stop:
            for epoch in range(start_epoch, config.epochs):
                t0 = time.perf_counter() - (epoch_seconds_before if epoch == start_epoch else 0.0)
                if epoch != start_epoch:
                    epoch_loss, epoch_examples = 0.0, 0
                for b in range(start_block if epoch == start_epoch else 0, n_blocks):
                    s0, s1 = int(cuts[b]), int(cuts[b + 1])
                    w0, w1 = int(corpus.offsets[s0]), int(corpus.offsets[s1])
                    lr = learning_rate(words_seen, total_words, config.alpha, config.min_alpha)
                    ids, offsets = sampling.subsample(
                        corpus.ids[w0:w1], corpus.offsets[s0 : s1 + 1] - w0, keep, rng
                    )
                    # A diverging run overflows; the loss check below says so in one sentence.
                    with np.errstate(over="ignore", invalid="ignore"):
                        loss, n = _train_block(W_in, W_out, ids, offsets, config, arch, objective, lr, rng)
                    if not math.isfinite(loss):
                        raise TrainingDivergedError(
                            f"training diverged in epoch {epoch + 1} (the loss became {loss}) at learning rate "
                            f"{lr:.4g}; lower --alpha (try {config.alpha / 4:.4g}) and train again"
                            + _kept(last_saved)
                        )
                    epoch_loss += loss
                    epoch_examples += n
                    point_loss += loss
                    point_examples += n
                    words_seen += w1 - w0
                    if next_point is not None and words_seen >= next_point:
                        history.points.append((words_seen, point_loss / max(1, point_examples)))
                        point_loss, point_examples = 0.0, 0
                        next_point += report_every
                    if bar is not None:
                        bar.update(w1 - w0)
                    if next_save is not None and words_seen >= next_save:
                        save(epoch, b + 1)
                        next_save = (words_seen // checkpoint_every + 1) * checkpoint_every
                    if stop.requested:
                        if saved_at != (epoch, b + 1):
                            save(epoch, b + 1)
                        raise TrainingInterrupted(
                            f"training stopped by Ctrl-C in epoch {epoch + 1} of {config.epochs} after "
                            f"{words_seen:,} of {total_words:,} words; its state is saved in {str(checkpoint)!r}",
                            checkpoint=str(checkpoint),
                        )
                _check_finite(W_in, W_out, epoch, last_saved, config)
                seconds = time.perf_counter() - t0
                mean = epoch_loss / max(1, epoch_examples)
                history.epoch_loss.append(mean)
                history.epoch_examples.append(epoch_examples)
                history.epoch_words.append(words_per_epoch)
                history.epoch_seconds.append(seconds)
                if bar is not None:
                    bar.set_postfix_str(f"epoch {epoch + 1} loss {mean:.4f}")
                report = EpochReport(
                    epoch=epoch + 1,
                    epochs=config.epochs,
                    mean_loss=mean,
                    examples=epoch_examples,
                    words=words_per_epoch,
                    seconds=seconds,
                    alpha=learning_rate(words_seen, total_words, config.alpha, config.min_alpha),
                    W_in=W_in,
                    W_out=W_out,
                )
                for callback in callbacks:
                    callback(report)
    except KeyboardInterrupt as exc:
        if isinstance(exc, TrainingInterrupted) or checkpoint is None:
            raise
        kept = last_saved[0] if last_saved is not None else None
        raise TrainingInterrupted(
            f"training was interrupted in the middle of a block in epoch {epoch + 1}, so that state was not "
            "saved" + (_kept(last_saved) if last_saved is not None else "; no checkpoint had been written yet"),
            checkpoint=kept,
        ) from None
    finally:
        if bar is not None:
            bar.close()
    check_examples(history, config)
    return W_in, W_out, history


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
    changed = [k for k in sorted(set(now) | set(state.config)) if now.get(k) != state.config.get(k)]
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
