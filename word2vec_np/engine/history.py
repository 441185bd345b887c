"""What a run reports about itself: the loss history and the epoch-end report.

:class:`History` keeps the mean loss per example of every epoch (and, with
``report_every``, every so many words); :class:`EpochReport` is what an
epoch-end callback receives; :func:`check_examples` refuses a run that saw no
example at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from ..errors import CorpusError
from .config import TrainConfig


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

    @classmethod
    def from_dict(cls, saved: Mapping) -> History:
        """The history a checkpoint saved (``dataclasses.asdict`` of one): lists again, points as tuples."""
        return cls(
            **{name: list(saved.get(name, [])) for name in _PER_EPOCH},
            points=[tuple(p) for p in saved.get("points", [])],
        )


_PER_EPOCH = ("epoch_loss", "epoch_examples", "epoch_words", "epoch_seconds")


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


def check_examples(history: History, config: TrainConfig) -> None:
    """CorpusError when a run saw no training example at all, so its vectors are the random initial ones.

    That happens when subsampling drops all but single words of every sentence (a tiny
    corpus of a few very frequent words), or when every sentence is one word long.
    """
    if history.epoch_examples and sum(history.epoch_examples) == 0 and config.sample == 0:
        raise CorpusError(
            f"training saw 0 examples in {len(history.epoch_examples)} epoch(s): every sentence of the corpus "
            "has fewer than two words of the vocabulary, so the vectors would stay random; use a corpus whose "
            "sentences (lines) hold two words or more, or a lower --min-count"
        )
    if history.epoch_examples and sum(history.epoch_examples) == 0:
        raise CorpusError(
            f"training saw 0 examples in {len(history.epoch_examples)} epoch(s): no sentence kept two words "
            f"after subsampling (--sample {config.sample:g}), so the vectors would stay random; "
            "use --sample 0 (or lower it), or a corpus with longer sentences"
        )
