"""The settings of a training run: :class:`TrainConfig`, its limits and its validation.

:class:`TrainConfig` holds every setting, with the C tool's defaults;
``resolved()`` fills in the learning rates and raises ConfigError, one sentence
naming the setting, for the first invalid one. The architecture and objective
names are the core's own tables (``core.architectures.NAMES``,
``core.objectives.NAMES``): a name :func:`~word2vec_np.core.architectures.make_architecture`
or :func:`~word2vec_np.core.objectives.make_objective` builds is one TrainConfig
accepts, and no other ("sg" is not an architecture name here; gensim's ``sg=1``
keyword is translated by :mod:`word2vec_np.compat.gensim_names`).
:func:`check_run` checks what depends on the vocabulary and the run's files too.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict, dataclass, replace

import numpy as np

from ..core import architectures, objectives
from ..errors import ConfigError
from ..text.vocab import Vocab

#: The architecture names: the core's table (what ``core.architectures.make_architecture`` builds).
ARCHITECTURES = architectures.NAMES
#: The objective names: the core's table (what ``core.objectives.make_objective`` builds).
OBJECTIVES = objectives.NAMES
#: The training methods of :func:`word2vec_np.engine.training.train_arrays`.
METHODS = ("reference", "minibatch", "fast")
SOFTMAX_MAX_VOCAB = 20_000
#: Settings a resumed run may change: how many processes train, not what they train.
RESUME_MAY_CHANGE = ("workers",)
MAX_EPOCHS = 10_000  # the C tool and gensim use 5 to 15 passes; GloVe up to 100
MAX_NEGATIVE = 1_000  # the paper uses 2 to 20; each example holds negative + 1 output rows


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
    gensim do. ``shrink_windows`` (gensim's name) draws each centre word's half-width
    uniformly from 1 to ``window`` (True, the C tool's dynamic window) or gives every
    centre the whole window (False); the draw is made either way, so the other draws stay.
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
    shrink_windows: bool = True

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
            check_whole(name, getattr(self, name), low=1)
        if self.epochs > MAX_EPOCHS:  # also bounds a damaged or hostile checkpoint's run
            raise ConfigError(f"--epochs must be at most {MAX_EPOCHS:,}, got {self.epochs:,}")
        if self.workers > 1:  # also bounds a damaged or hostile checkpoint's or saved model's run
            from .workers import check_workers

            check_workers(self.workers)
        if not isinstance(self.shrink_windows, bool | np.bool_):
            raise ConfigError(f"shrink_windows must be True or False, got {self.shrink_windows!r}")
        check_whole("negative", self.negative, low=0)
        if self.negative > MAX_NEGATIVE:
            raise ConfigError(
                f"--negative must be at most {MAX_NEGATIVE:,} (the paper uses 2 to 20), got {self.negative:,}"
            )
        if self.objective == "ns" and self.negative == 0:
            raise ConfigError("negative sampling needs --negative of at least 1 (or choose --objective hs)")
        check_whole("seed", self.seed, low=0)
        if self.max_vocab_size is not None:
            check_whole("max_vocab_size", self.max_vocab_size, low=2)  # word2vec needs two words
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


def check_whole(name: str, value, low: int) -> None:
    """ConfigError unless ``value`` is a whole number >= ``low`` (a bool is not a number here)."""
    if not isinstance(value, int | np.integer) or isinstance(value, bool) or value < low:
        what = "a positive whole number" if low == 1 else f"a whole number of at least {low}"
        raise ConfigError(f"--{name.replace('_', '-')} must be {what}, got {value!r}")


def check_run(vocab: Vocab, config: TrainConfig, checkpoint, checkpoint_every) -> None:
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
        check_whole("checkpoint_every", checkpoint_every, low=1)
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
