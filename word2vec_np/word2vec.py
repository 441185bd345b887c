"""The trained model: train it, keep its matrices and history, save and load it.

    >>> from word2vec_np.word2vec import Word2Vec
    >>> model = Word2Vec.train("word2vec_np/data/small.txt", epochs=3, quiet=True)  # doctest: +SKIP
    >>> model.vectors.most_similar("king", topn=3)                                  # doctest: +SKIP

``Word2Vec`` composes the pieces: the corpus and vocabulary, the training
loop (:mod:`word2vec_np.training`), the vectors API
(:mod:`word2vec_np.vectors`) and the file formats (:mod:`word2vec_np.formats`).
It owns no math of its own.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import fields, replace
from pathlib import Path

import numpy as np

from . import corpus as corpus_mod
from . import formats
from .checkpoint import TrainState, load_checkpoint
from .corpus import Corpus
from .errors import ConfigError, CorpusError, ModelFileError
from .training import EpochReport, History, TrainConfig, train_arrays
from .vectors import Vectors
from .vocab import Vocab

BUNDLED_CORPUS = Path(__file__).parent / "data" / "small.txt"


class Word2Vec:
    """A trained word2vec model.

    Attributes
    ----------
    vocab : Vocab            the words, their counts and ids
    W_in : (V, D) float32    input vectors: the word embeddings
    W_out : (n_out, D) float32  output vectors (V rows for softmax and NS, V - 1 inner nodes for HS)
    config : TrainConfig     the settings it was trained with (alpha and min_alpha resolved)
    history : History        mean loss per example per epoch, and more
    """

    def __init__(self, vocab: Vocab, W_in: np.ndarray, W_out: np.ndarray, config: TrainConfig, history: History):
        self.vocab = vocab
        self.W_in = W_in
        self.W_out = W_out
        self.config = config
        self.history = history
        self._vectors: Vectors | None = None

    # ------------------------------------------------------------------ training
    @classmethod
    def train(
        cls,
        corpus: str | os.PathLike | tuple[Vocab, Corpus] = BUNDLED_CORPUS,
        config: TrainConfig | None = None,
        *,
        callbacks: Sequence[Callable[[EpochReport], None]] = (),
        quiet: bool = True,
        report_every: int | None = None,
        checkpoint: str | os.PathLike | None = None,
        checkpoint_every: int | None = None,
        checkpoint_info: dict | None = None,
        **settings,
    ) -> Word2Vec:
        """Train on a corpus file (or a ready ``(vocab, corpus)`` pair).

        Settings are those of :class:`TrainConfig`, given either as ``config``
        or as keyword arguments (``epochs=3``, ``arch="cbow"``, ...).

        ``checkpoint`` (a path) and ``checkpoint_every`` (words) save resumable
        state during training; continue it with :meth:`resume`. With a
        checkpoint path, Ctrl-C saves and raises
        :class:`~word2vec_np.training.TrainingInterrupted`. ``checkpoint_info``
        adds JSON values to each checkpoint (the corpus path is stored when
        ``corpus`` is one).
        """
        config = _config(config, settings)
        info = dict(checkpoint_info or {})
        if isinstance(corpus, tuple):
            vocab, encoded = corpus
        else:
            config.resolved()  # report a bad setting before reading the corpus
            vocab, encoded = corpus_mod.load(corpus, min_count=config.min_count, max_vocab_size=config.max_vocab_size)
            check_vocabulary(vocab, corpus, config)
            info.setdefault("corpus", os.path.abspath(corpus))
        W_in, W_out, history = train_arrays(
            vocab,
            encoded,
            config,
            callbacks=callbacks,
            progress=not quiet,
            report_every=report_every,
            checkpoint=checkpoint,
            checkpoint_every=checkpoint_every,
            checkpoint_info=info,
        )
        return cls(vocab, W_in, W_out, config.resolved(), history)

    @classmethod
    def resume(
        cls,
        state: str | os.PathLike | TrainState,
        corpus: str | os.PathLike | Corpus | None = None,
        *,
        callbacks: Sequence[Callable[[EpochReport], None]] = (),
        quiet: bool = True,
        checkpoint: str | os.PathLike | None = None,
        checkpoint_every: int | None = None,
        workers: int | None = None,
    ) -> Word2Vec:
        """Continue an interrupted run from its checkpoint to the end.

        The result equals, bit for bit, what the run would have given had it
        never stopped. ``state`` is a checkpoint file (or a loaded
        :class:`~word2vec_np.checkpoint.TrainState`); ``corpus`` defaults to
        the file the checkpoint recorded and must be the same corpus
        (CorpusError otherwise). New checkpoints go to ``checkpoint``
        (default: the checkpoint resumed from) every ``checkpoint_every`` words
        (default: as before). ``workers`` (default: the checkpoint's) may
        differ from the interrupted run's; with one worker throughout, the
        result is bit-exact.
        """
        if not isinstance(state, TrainState):
            state = load_checkpoint(state)
        config = checkpoint_config(state)
        if workers is not None:
            config = replace(config, workers=workers)
        vocab = state.vocab()
        if corpus is None:
            corpus = state.run.get("corpus")
            if not isinstance(corpus, str):
                raise ConfigError(
                    f"the checkpoint {state.source!r} does not record its corpus file; give the corpus to resume"
                )
        encoded = corpus if isinstance(corpus, Corpus) else corpus_mod.encode(corpus, vocab)
        path = checkpoint if checkpoint is not None else state.source
        every = checkpoint_every if checkpoint_every is not None else state.checkpoint_every
        W_in, W_out, history = train_arrays(
            vocab,
            encoded,
            config,
            callbacks=callbacks,
            progress=not quiet,
            checkpoint=path,
            checkpoint_every=every if path is not None else None,
            resume=state,
            checkpoint_info=state.run,
        )
        return cls(vocab, W_in, W_out, config, history)

    def continue_training(
        self,
        corpus: str | os.PathLike | Corpus,
        *,
        callbacks: Sequence[Callable[[EpochReport], None]] = (),
        quiet: bool = True,
        **settings,
    ) -> Word2Vec:
        """Train this model further (in place) on a corpus, keeping its vocabulary.

        Words of the new corpus that are not in the vocabulary are skipped. The
        learning rate decays again from ``alpha`` over the new epochs. Settings
        that change the shape of the model (dim, objective, ...) cannot change.
        """
        config = _config(self.config, settings)
        for name in ("dim", "objective", "arch"):
            if getattr(config, name) != getattr(self.config, name):
                raise ConfigError(f"a trained model's {name} cannot change when training continues")
        encoded = corpus if isinstance(corpus, Corpus) else corpus_mod.encode(corpus, self.vocab)
        _, _, history = train_arrays(
            self.vocab,
            encoded,
            config,
            W_in=self.W_in,
            W_out=self.W_out,
            callbacks=callbacks,
            progress=not quiet,
        )
        for f in fields(History):
            getattr(self.history, f.name).extend(getattr(history, f.name))
        self._vectors = None
        return self

    # ------------------------------------------------------------------ using
    @property
    def vectors(self) -> Vectors:
        """The word vectors (rows of W_in) with most_similar, analogy, ..."""
        if self._vectors is None:
            self._vectors = Vectors(self.vocab.words, self.W_in, self.vocab.counts)
        return self._vectors

    # ------------------------------------------------------------------ files
    def save(self, path: str | os.PathLike) -> Path:
        """Save by suffix: ``.txt`` / ``.bin`` (the C tool's formats, vectors only) or ``.npz`` (whole model)."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix in (".txt", ".bin"):
            formats.save_vectors(path, (list(self.vocab.words), self.W_in))
        elif suffix == ".npz":
            utf8, offsets = formats.words_to_arrays(self.vocab.words)
            formats.save_model_npz(
                path,
                {
                    "W_in": self.W_in,
                    "W_out": self.W_out,
                    "words_utf8": utf8,
                    "words_offsets": offsets,
                    "counts": self.vocab.counts,
                    "epoch_loss": np.array(self.history.epoch_loss, dtype=np.float64),
                    "epoch_examples": np.array(self.history.epoch_examples, dtype=np.int64),
                    "epoch_words": np.array(self.history.epoch_words, dtype=np.int64),
                    "epoch_seconds": np.array(self.history.epoch_seconds, dtype=np.float64),
                },
                self.config.to_dict(),
            )
        else:
            raise ConfigError(f"cannot tell the format of {str(path)!r}; end the name with .txt, .bin or .npz")
        return path

    @classmethod
    def load(cls, path: str | os.PathLike) -> Word2Vec:
        """Load a whole model saved as ``.npz`` (never unpickles anything).

        Raises CorpusNotFoundError for a missing file and ModelFileError for a
        file that is damaged, inconsistent (shapes, counts, settings) or not a
        word2vec_np model.
        """
        data = formats.load_model_npz(path)
        arrays, config_dict = data["arrays"], data["config"]
        name = repr(str(path))
        if config_dict.get("kind") == "checkpoint":
            raise ModelFileError(
                f"{name} is a training checkpoint, not a saved model; continue it with --resume "
                "(Word2Vec.resume), or read its vectors with formats.load_vectors"
            )
        words = formats.npz_words(arrays, path)
        W_in, W_out, counts = arrays.get("W_in"), arrays.get("W_out"), arrays.get("counts")
        if words is None or W_in is None or W_out is None or counts is None:
            raise ModelFileError(
                f"{name} is not a word2vec_np model file (it lacks words, W_in, W_out or counts); "
                "save one with --output MODEL.npz"
            )
        try:
            config = TrainConfig(
                **{f.name: config_dict[f.name] for f in fields(TrainConfig) if f.name in config_dict}
            ).resolved()
        except (ConfigError, TypeError) as exc:
            raise ModelFileError(f"{name} holds invalid training settings ({exc}); the file is damaged") from None
        V = len(words)
        n_out = V - 1 if config.objective == "hs" else V
        if (
            W_in.dtype.kind != "f"
            or W_out.dtype.kind != "f"
            or counts.dtype.kind not in "iu"
            or W_in.shape != (V, config.dim)
            or W_out.shape != (n_out, config.dim)
            or counts.shape != (V,)
        ):
            raise ModelFileError(
                f"{name} has {V} words but W_in of shape {W_in.shape}, W_out of shape {W_out.shape} and "
                f"{counts.shape[0] if counts.ndim else 0} counts, which do not fit --dim {config.dim} and "
                f"--objective {config.objective}; the file is damaged"
            )
        if not (np.isfinite(W_in).all() and np.isfinite(W_out).all()):
            raise ModelFileError(f"{name} holds NaN or infinite parameters; it came from a run that diverged")
        counts = counts.astype(np.int64)
        if V < 2 or len(set(words)) != V or np.any(counts < 1) or np.any(np.diff(counts) > 0):
            raise ModelFileError(
                f"{name} does not list at least 2 distinct words in descending count order; "
                "it was not written by word2vec_np"
            )
        vocab = Vocab(
            words=tuple(words), counts=counts, index={w: i for i, w in enumerate(words)}, total=int(counts.sum())
        )
        try:
            names = ("epoch_loss", "epoch_examples", "epoch_words", "epoch_seconds")
            lists = {k: arrays.get(k, np.zeros(0)) for k in names}
            if any(a.ndim != 1 or a.dtype.kind not in "iuf" for a in lists.values()):
                raise ValueError("not 1-D numbers")
            history = History(
                epoch_loss=list(map(float, lists["epoch_loss"])),
                epoch_examples=list(map(int, lists["epoch_examples"])),
                epoch_words=list(map(int, lists["epoch_words"])),
                epoch_seconds=list(map(float, lists["epoch_seconds"])),
            )
        except (ValueError, OverflowError) as exc:
            raise ModelFileError(f"{name} has a damaged loss history ({exc})") from None
        return cls(vocab, np.array(W_in, dtype=np.float32), np.array(W_out, dtype=np.float32), config, history)

    def __repr__(self) -> str:
        c = self.config
        return f"Word2Vec(V={len(self.vocab)}, D={c.dim}, arch={c.arch!r}, objective={c.objective!r})"


def check_vocabulary(vocab: Vocab, corpus: str | os.PathLike, config: TrainConfig) -> None:
    """CorpusError naming the corpus when its vocabulary has fewer than the 2 words word2vec needs."""
    if len(vocab) < 2:
        only = f"only one distinct word ({vocab.words[0][:40]!r})" if len(vocab) == 1 else "no word"
        raise CorpusError(
            f"corpus {str(corpus)!r} has {only} occurring at least min_count={config.min_count} times; "
            "word2vec needs at least 2 (use a larger corpus or a lower --min-count)"
        )


def checkpoint_config(state: TrainState) -> TrainConfig:
    """The TrainConfig a checkpoint was trained with; ModelFileError if it is not a valid one."""
    names = {f.name for f in fields(TrainConfig)}
    try:
        settings = {"workers": 1, **state.config}  # a checkpoint written before workers existed: one worker
        if set(settings) != names:
            raise ConfigError(f"its settings are {sorted(state.config)}")
        config = TrainConfig(**settings)
        if config.resolved() != config:
            raise ConfigError("its learning rates are not resolved")
    except (ConfigError, TypeError) as exc:
        raise ModelFileError(
            f"cannot resume from {state.source!r}: it holds invalid training settings ({exc}); "
            "the checkpoint is damaged"
        ) from None
    return config


def _config(base: TrainConfig | None, settings: dict) -> TrainConfig:
    """``base`` (or the defaults) with ``settings`` applied; unknown names raise ConfigError."""
    names = {f.name for f in fields(TrainConfig)}
    unknown = sorted(set(settings) - names)
    if unknown:
        raise ConfigError(f"unknown setting(s) {', '.join(unknown)}; the settings are {', '.join(sorted(names))}")
    values = {f.name: getattr(base, f.name) for f in fields(TrainConfig)} if base is not None else {}
    values.update(settings)
    return TrainConfig(**values)
