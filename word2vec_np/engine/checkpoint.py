"""Training checkpoints: everything needed to continue a run exactly where it stopped.

A checkpoint is taken between two blocks of the epoch loop (see
:mod:`word2vec_np.engine.training`). Continuing from it gives the same final vectors,
bit for bit, as the run that was never stopped, because it holds every piece of
state the loop carries from one block to the next:

==================  =========================================================
parameters          ``W_in`` (V, D) and ``W_out`` (n_out, D), in their dtype
generator           ``rng.bit_generator.state`` of the one NumPy Generator that
                    makes every random draw (subsampling, windows, negatives,
                    the fast kernels' shuffles)
position            epoch and block index of the next block to train, the
                    number of blocks per epoch, ``words_seen``
learning rate       the rate of the next block (it follows from ``words_seen``;
                    kept so a reader can see it)
loss                the running sums of the current epoch and of the current
                    report point, and the history of the finished epochs
settings            the resolved :class:`~word2vec_np.engine.config.TrainConfig`
vocabulary          the words and their counts
corpus              its size and a SHA-256 of its encoded ids and offsets, so a
                    different corpus is refused instead of silently used
==================  =========================================================

The file is an ``.npz`` written by :func:`word2vec_np.vectors.npz.save_model_npz`:
atomically (a crash while saving leaves the previous checkpoint) and without
pickle (loading runs no code from the file). Its JSON header says
``"kind": "checkpoint"``. The words are stored as UTF-8 bytes plus offsets
(:func:`word2vec_np.vectors.npz.words_to_arrays`).

:func:`load_checkpoint` checks every field and raises
:class:`~word2vec_np.errors.ModelFileError` for anything missing, damaged or
inconsistent, :class:`~word2vec_np.errors.CorpusNotFoundError` for a missing
file.
"""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelFileError
from ..text.corpus import Corpus
from ..text.corpus_cache import release
from ..text.vocab import Vocab
from ..vectors.npz import load_model_npz, npz_words, save_model_npz, words_to_arrays

KIND = "checkpoint"
CHECKPOINT_VERSION = 1
BIT_GENERATORS = ("PCG64",)  # training draws from np.random.default_rng, a PCG64 generator
_HASH_ITEMS = 1 << 22  # ids or offsets hashed at a time
_HISTORY_LISTS = ("epoch_loss", "epoch_examples", "epoch_words", "epoch_seconds")


def default_path(output: str | os.PathLike) -> Path:
    """Where the command keeps the checkpoint of a run saving to ``output``: ``OUTPUT.ckpt.npz``."""
    output = Path(output)
    return output.with_name(output.name + ".ckpt.npz")


def corpus_fingerprint(corpus: Corpus) -> dict[str, Any]:
    """Sizes and a SHA-256 of the encoded corpus (its ids and sentence offsets).

    Hashing the int32 ids costs about a second per 100 M tokens; it is done
    once per run, and only when checkpoints are written or read.
    """
    digest = hashlib.sha256()
    for array, dtype in ((corpus.ids, "<i4"), (corpus.offsets, "<i8")):  # in pieces: a corpus on disk stays there
        for lo in range(0, len(array), _HASH_ITEMS):
            digest.update(np.ascontiguousarray(array[lo : lo + _HASH_ITEMS], dtype=dtype).data)
            release(array, lo, lo + _HASH_ITEMS)
    return {
        "n_raw_words": int(corpus.n_raw_words),
        "n_words": int(corpus.offsets[-1]),
        "n_sentences": len(corpus),
        "sha256": digest.hexdigest(),
    }


@dataclass
class TrainState:
    """The state of a run between two blocks.

    W_in : (V, D) float; W_out : (n_out, D) float, same dtype.
    words : V str; counts : (V,) int64.
    config : the resolved TrainConfig as a dict.
    epoch, block : 0-based epoch and index of the next block to train in it
        (``block == n_blocks`` means the epoch's blocks are done, its end-of-epoch
        bookkeeping is not; ``epoch == epochs`` with ``block == 0`` means the run is
        finished: :func:`~word2vec_np.engine.bookkeeping.finished_state` keeps such a run when its
        output cannot be saved).
    rng_state : ``Generator.bit_generator.state``.
    epoch_loss_sum, epoch_examples, epoch_seconds : the current epoch so far.
    point_loss, point_examples, next_point, report_every : the loss report points.
    history : {"epoch_loss", "epoch_examples", "epoch_words", "epoch_seconds": lists,
        "points": list of (words_seen, mean loss)} of the finished epochs.
    corpus : :func:`corpus_fingerprint` of the corpus trained on.
    run : free JSON values the caller stores (the command: corpus and output paths).
    source : the file :func:`load_checkpoint` read it from.
    """

    W_in: np.ndarray
    W_out: np.ndarray
    words: tuple[str, ...]
    counts: np.ndarray
    config: dict[str, Any]
    epoch: int
    block: int
    n_blocks: int
    words_seen: int
    learning_rate: float
    rng_state: dict[str, Any]
    epoch_loss_sum: float = 0.0
    epoch_examples: int = 0
    epoch_seconds: float = 0.0
    point_loss: float = 0.0
    point_examples: int = 0
    next_point: int | None = None
    report_every: int | None = None
    checkpoint_every: int | None = None
    history: dict[str, list] = field(default_factory=dict)
    corpus: dict[str, Any] = field(default_factory=dict)
    run: dict[str, Any] = field(default_factory=dict)
    source: str | None = None  # the file it was loaded from (not saved)

    def vocab(self) -> Vocab:
        """The vocabulary the run was trained with."""
        return Vocab(
            words=tuple(self.words),
            counts=self.counts,
            index={w: i for i, w in enumerate(self.words)},
            total=int(np.sum(self.counts)),
        )

    def progress(self) -> str:
        """'epoch 2 of 5, 120,000 of 500,000 words' for messages."""
        epochs = int(self.config["epochs"])
        total = int(self.corpus["n_words"]) * epochs
        return f"epoch {self.epoch + 1} of {epochs}, {self.words_seen:,} of {total:,} words"


def save_checkpoint(path: str | os.PathLike, state: TrainState) -> Path:
    """Write ``state`` to ``path`` atomically (old checkpoint or new one, never half a file)."""
    utf8, offsets = words_to_arrays(state.words)
    points = state.history.get("points", [])
    arrays = {
        "W_in": state.W_in,
        "W_out": state.W_out,
        "words_utf8": utf8,
        "words_offsets": offsets,
        "counts": np.asarray(state.counts, dtype=np.int64),
        "history_points_words": np.array([p[0] for p in points], dtype=np.int64),
        "history_points_loss": np.array([p[1] for p in points], dtype=np.float64),
    }
    for name in _HISTORY_LISTS:
        dtype = np.int64 if name in ("epoch_examples", "epoch_words") else np.float64
        arrays[f"history_{name}"] = np.array(state.history.get(name, []), dtype=dtype)
    meta = {
        "kind": KIND,
        "checkpoint_version": CHECKPOINT_VERSION,
        "train_config": dict(state.config),
        "position": {
            "epoch": state.epoch,
            "block": state.block,
            "n_blocks": state.n_blocks,
            "words_seen": state.words_seen,
        },
        "learning_rate": state.learning_rate,
        "rng_state": state.rng_state,
        "accumulators": {
            "epoch_loss_sum": state.epoch_loss_sum,
            "epoch_examples": state.epoch_examples,
            "epoch_seconds": state.epoch_seconds,
            "point_loss": state.point_loss,
            "point_examples": state.point_examples,
            "next_point": state.next_point,
        },
        "report_every": state.report_every,
        "checkpoint_every": state.checkpoint_every,
        "corpus": dict(state.corpus),
        "run": dict(state.run),
    }
    return save_model_npz(path, arrays, meta)


# ---------------------------------------------------------------------- loading
class _Bad(Exception):
    """One field is missing or wrong; load_checkpoint turns it into a ModelFileError."""


def _int(value: Any, what: str, low: int = 0, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise _Bad(f"{what} is {value!r}")
    return value


def _float(value: Any, what: str) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise _Bad(f"{what} is {value!r}")
    return float(value)


def _dict(value: Any, what: str) -> dict:
    if not isinstance(value, dict):
        raise _Bad(f"{what} is missing")
    return value


def _array(arrays: Mapping[str, np.ndarray], name: str, kinds: str, ndim: int) -> np.ndarray:
    a = arrays.get(name)
    if a is None or a.dtype.kind not in kinds or a.ndim != ndim:
        raise _Bad(f"the array {name!r} is missing or of the wrong type")
    return a


def _check_rng_state(state: Any) -> dict:
    state = _dict(state, "the generator state")
    name = state.get("bit_generator")
    if name not in BIT_GENERATORS:
        raise _Bad(f"the generator {name!r} is not the PCG64 generator training draws from")
    try:
        getattr(np.random, name)().state = state  # the bit generator checks the rest
    except Exception as exc:  # TypeError, ValueError, KeyError, IndexError, OverflowError ... of a bad state
        raise _Bad(f"the generator state is invalid ({exc})") from None
    return state


def load_checkpoint(path: str | os.PathLike) -> TrainState:
    """Read a checkpoint written by :func:`save_checkpoint`, checking every field.

    Raises CorpusNotFoundError for a missing file and ModelFileError for a file that is
    damaged, not a checkpoint (e.g. a saved model) or inconsistent.
    """
    data = load_model_npz(path)
    meta, arrays = data["config"], data["arrays"]
    if meta.get("kind") != KIND:
        raise ModelFileError(
            f"{str(path)!r} is not a training checkpoint (it looks like a saved model or vectors file); "
            "give the .ckpt.npz file a run with --checkpoint-every or Ctrl-C wrote"
        )
    version = meta.get("checkpoint_version")
    is_int = isinstance(version, int) and not isinstance(version, bool)
    if is_int and version > CHECKPOINT_VERSION:
        raise ModelFileError(
            f"{str(path)!r} is a checkpoint of format {version} from a newer word2vec_np "
            f"(this one reads format {CHECKPOINT_VERSION}); upgrade word2vec_np"
        )
    if not is_int or version != CHECKPOINT_VERSION:
        raise ModelFileError(
            f"cannot resume from {str(path)!r}: its checkpoint format version is {version!r}, not a version "
            "word2vec_np ever wrote; the checkpoint is damaged"
        )
    try:
        state = _state_from(meta, arrays, path)
    except _Bad as exc:
        raise ModelFileError(f"cannot resume from {str(path)!r}: {exc}; the checkpoint is damaged") from None
    return state


def _state_from(meta: dict, arrays: Mapping[str, np.ndarray], path: str | os.PathLike) -> TrainState:
    W_in = _array(arrays, "W_in", "f", 2)
    W_out = _array(arrays, "W_out", "f", 2)
    counts = _array(arrays, "counts", "iu", 1)
    words = npz_words(arrays, path)
    if words is None:
        raise _Bad("the word list is missing")
    V = len(words)
    if V < 2 or W_in.shape[0] != V or counts.shape != (V,) or W_in.shape[1] < 1:
        raise _Bad(f"{V} words do not fit W_in of shape {W_in.shape} and {counts.shape[0]} counts")
    if W_out.shape[1] != W_in.shape[1] or W_out.dtype != W_in.dtype or W_out.shape[0] not in (V, V - 1):
        raise _Bad(f"W_out of shape {W_out.shape} does not fit W_in of shape {W_in.shape}")
    if not (np.isfinite(W_in).all() and np.isfinite(W_out).all()):
        raise _Bad("the parameters contain NaN or infinity")
    if len(set(words)) != V or np.any(counts < 1) or np.any(np.diff(counts) > 0):
        raise _Bad("the vocabulary is not a list of distinct words in descending count order")

    history: dict[str, list] = {}
    n_epochs_done = None
    for name in _HISTORY_LISTS:
        a = _array(arrays, f"history_{name}", "iuf", 1)
        if n_epochs_done is not None and len(a) != n_epochs_done:
            raise _Bad("the loss history arrays have different lengths")
        n_epochs_done = len(a)
        history[name] = a.tolist()
    pw = _array(arrays, "history_points_words", "iu", 1)
    pl = _array(arrays, "history_points_loss", "f", 1)
    if pw.shape != pl.shape:
        raise _Bad("the loss report points are damaged")
    history["points"] = [(int(w), float(x)) for w, x in zip(pw.tolist(), pl.tolist(), strict=True)]

    config = _dict(meta.get("train_config"), "the training configuration")
    if config.get("dim") != W_in.shape[1]:
        raise _Bad(f"the configuration's dim {config.get('dim')!r} does not match W_in of shape {W_in.shape}")
    epochs = _int(config.get("epochs"), "the number of epochs", low=1)
    pos = _dict(meta.get("position"), "the position")
    epoch = _int(pos.get("epoch"), "the epoch")
    n_blocks = _int(pos.get("n_blocks"), "the number of blocks", low=1)
    block = _int(pos.get("block"), "the block")
    words_seen = _int(pos.get("words_seen"), "words_seen")
    finished = epoch == epochs and block == 0  # a run that ended but whose output could not be saved
    if (epoch >= epochs and not finished) or block > n_blocks or epoch != n_epochs_done:
        raise _Bad(f"the position (epoch {epoch}, block {block} of {n_blocks}) is not within the run")
    acc = _dict(meta.get("accumulators"), "the loss accumulators")
    corpus = _dict(meta.get("corpus"), "the corpus fingerprint")
    for key in ("n_raw_words", "n_words", "n_sentences"):
        _int(corpus.get(key), f"the corpus's {key}", low=1)
    if not isinstance(corpus.get("sha256"), str):
        raise _Bad("the corpus checksum is missing")
    if words_seen > corpus["n_words"] * epochs:
        raise _Bad(f"words_seen {words_seen} is beyond the run's {corpus['n_words'] * epochs} words")
    return TrainState(
        W_in=W_in,
        W_out=W_out,
        words=tuple(words),
        counts=counts.astype(np.int64),
        config=config,
        epoch=epoch,
        block=block,
        n_blocks=n_blocks,
        words_seen=words_seen,
        learning_rate=_float(meta.get("learning_rate"), "the learning rate"),
        rng_state=_check_rng_state(meta.get("rng_state")),
        epoch_loss_sum=_float(acc.get("epoch_loss_sum"), "the epoch's loss"),
        epoch_examples=_int(acc.get("epoch_examples"), "the epoch's examples"),
        epoch_seconds=_float(acc.get("epoch_seconds"), "the epoch's time"),
        point_loss=_float(acc.get("point_loss"), "the report point's loss"),
        point_examples=_int(acc.get("point_examples"), "the report point's examples"),
        next_point=_int(acc.get("next_point"), "the next report point", optional=True),
        report_every=_int(meta.get("report_every"), "report_every", low=1, optional=True),
        checkpoint_every=_int(meta.get("checkpoint_every"), "checkpoint_every", low=1, optional=True),
        history=history,
        corpus=corpus,
        run=_dict(meta.get("run", {}), "the run information"),
        source=str(path),
    )
