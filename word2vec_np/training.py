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

The training pairs follow the C tool's convention: in skip-gram the context
word's input vector is ``h`` and the centre word is the target; in CBOW ``h`` is
the mean of the context vectors and the centre word is the target.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from . import sampling
from .architectures import CBOW, SkipGram
from .batch import Batch
from .corpus import Corpus
from .errors import ConfigError, TrainingDivergedError
from .model import init_params, loss_and_grads, scatter_add
from .objectives import make_objective
from .vocab import Vocab

ARCHITECTURES = ("skipgram", "cbow")
OBJECTIVES = ("softmax", "hs", "ns")
METHODS = ("reference", "minibatch", "fast")
SOFTMAX_MAX_VOCAB = 20_000


@dataclass(frozen=True)
class TrainConfig:
    """Every setting of a training run. Defaults follow the original C tool.

    ``alpha=None`` means 0.025 for skip-gram and 0.05 for CBOW (the C tool's
    defaults); ``min_alpha=None`` means ``alpha * 1e-4`` (the C tool's floor).
    ``cbow_gradient`` is ``"c_tool"`` (the undivided error goes to every
    context vector, as the C tool and gensim do, and what their default
    learning rate is tuned for) or ``"exact"`` (the true gradient of the mean,
    with its 1/C factor).
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
        for name in ("dim", "window", "epochs", "min_count", "batch_size", "block_words"):
            value = getattr(self, name)
            if not isinstance(value, int | np.integer) or isinstance(value, bool) or value < 1:
                raise ConfigError(f"--{name.replace('_', '-')} must be a positive whole number, got {value!r}")
        if self.negative < 0:
            raise ConfigError(f"--negative must be 0 or more, got {self.negative}")
        if self.objective == "ns" and self.negative == 0:
            raise ConfigError("negative sampling needs --negative of at least 1 (or choose --objective hs)")
        if self.alpha is not None and not (self.alpha > 0 and math.isfinite(self.alpha)):
            raise ConfigError(f"--alpha must be a positive number, got {self.alpha}")
        if self.min_alpha is not None and not (self.min_alpha >= 0 and math.isfinite(self.min_alpha)):
            raise ConfigError(f"--min-alpha must be 0 or more, got {self.min_alpha}")
        if not (self.sample >= 0 and math.isfinite(self.sample)):
            raise ConfigError(f"--sample must be 0 (off) or a positive number, got {self.sample}")
        if not math.isfinite(self.ns_power):
            raise ConfigError(f"--ns-power must be a finite number, got {self.ns_power}")
        if self.max_vocab_size is not None and self.max_vocab_size < 1:
            raise ConfigError(f"--max-vocab-size must be a positive whole number, got {self.max_vocab_size}")

    def to_dict(self) -> dict:
        return asdict(self)


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
) -> tuple[np.ndarray, np.ndarray, History]:
    """Train and return ``(W_in (V, D), W_out (n_out, D), history)``.

    Given ``W_in``/``W_out`` (a loaded model), training continues from them
    (they are updated in place); otherwise they are initialized as the C tool
    does (W_in uniform in [-0.5, 0.5) / D, W_out zero). The same seed gives
    bit-identical results. Raises TrainingDivergedError if the loss becomes
    NaN or infinite.
    """
    config = config.resolved()
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
    rng = np.random.default_rng(config.seed)
    objective = make_objective(config.objective, vocab.counts, negative=config.negative, ns_power=config.ns_power)
    arch = SkipGram() if config.arch == "skipgram" else CBOW(c_tool_gradient=config.cbow_gradient == "c_tool")
    n_out = objective.n_outputs(V)
    if W_in is None or W_out is None:
        W_in, W_out = init_params(V, n_out, config.dim, rng, dtype=dtype)
    if W_in.shape != (V, config.dim) or W_out.shape != (n_out, config.dim):
        raise ConfigError(
            f"the model's matrices {W_in.shape} and {W_out.shape} do not fit a vocabulary of {V} words "
            f"with --dim {config.dim} and --objective {config.objective}"
        )
    keep = sampling.keep_probability(vocab.counts, vocab.total, config.sample)
    cuts = sentence_blocks(corpus.offsets, config.block_words)
    words_per_epoch = int(corpus.offsets[-1])
    total_words = words_per_epoch * config.epochs
    history = History()
    bar = _progress_bar(total_words, progress)
    words_seen = 0
    point_loss, point_examples, next_point = 0.0, 0, report_every
    try:
        for epoch in range(config.epochs):
            t0 = time.perf_counter()
            epoch_loss, epoch_examples = 0.0, 0
            for b in range(len(cuts) - 1):
                s0, s1 = int(cuts[b]), int(cuts[b + 1])
                w0, w1 = int(corpus.offsets[s0]), int(corpus.offsets[s1])
                lr = learning_rate(words_seen, total_words, config.alpha, config.min_alpha)
                ids, offsets = sampling.subsample(corpus.ids[w0:w1], corpus.offsets[s0 : s1 + 1] - w0, keep, rng)
                loss, n = _train_block(W_in, W_out, ids, offsets, config, arch, objective, lr, rng)
                if not math.isfinite(loss):
                    raise TrainingDivergedError(
                        f"training diverged in epoch {epoch + 1} (the loss became {loss}) at learning rate "
                        f"{lr:.4g}; lower --alpha (try {config.alpha / 4:.4g}) and train again"
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
    finally:
        if bar is not None:
            bar.close()
    return W_in, W_out, history


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
            negatives_sampler=getattr(objective, "noise", None),
            tree=getattr(objective, "tree", None),
        )
    batch = make_examples(config.arch, ids, offsets, config.window, rng)
    negatives = objective.draw(batch.targets, rng)
    if config.method == "reference":
        loss = reference_step(W_in, W_out, batch, negatives, arch, objective, lr)
    else:
        loss = minibatch_step(W_in, W_out, batch, negatives, arch, objective, lr, config.batch_size)
    return loss, len(batch.targets)


def _progress_bar(total: int, enabled: bool):
    """A tqdm bar counting words (with words/s and time left), or None."""
    if not enabled:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # tqdm is optional: train silently without a bar
        return None
    return tqdm(total=total, unit="word", unit_scale=True, file=sys.stderr, dynamic_ncols=True, leave=False)
