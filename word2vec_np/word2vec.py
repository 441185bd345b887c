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
from dataclasses import fields
from pathlib import Path

import numpy as np

from . import corpus as corpus_mod
from . import formats
from .corpus import Corpus
from .errors import ConfigError, ModelFileError
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
        **settings,
    ) -> Word2Vec:
        """Train on a corpus file (or a ready ``(vocab, corpus)`` pair).

        Settings are those of :class:`TrainConfig`, given either as ``config``
        or as keyword arguments (``epochs=3``, ``arch="cbow"``, ...).
        """
        config = _config(config, settings)
        if isinstance(corpus, tuple):
            vocab, encoded = corpus
        else:
            vocab, encoded = corpus_mod.load(corpus, min_count=config.min_count, max_vocab_size=config.max_vocab_size)
        W_in, W_out, history = train_arrays(
            vocab, encoded, config, callbacks=callbacks, progress=not quiet, report_every=report_every
        )
        return cls(vocab, W_in, W_out, config.resolved(), history)

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
            formats.save_model_npz(
                path,
                {
                    "W_in": self.W_in,
                    "W_out": self.W_out,
                    "words": np.array(self.vocab.words, dtype=str),
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
        """Load a whole model saved as ``.npz`` (never unpickles anything)."""
        data = formats.load_model_npz(path)
        try:
            arrays, config_dict = data["arrays"], data["config"]
            words = tuple(str(w) for w in arrays["words"])
            counts = np.asarray(arrays["counts"], dtype=np.int64)
            config = TrainConfig(**{f.name: config_dict[f.name] for f in fields(TrainConfig) if f.name in config_dict})
            W_in, W_out = arrays["W_in"], arrays["W_out"]
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelFileError(
                f"{str(path)!r} is not a word2vec_np model file ({exc}); save it with --output .npz"
            ) from None
        if W_in.shape[0] != len(words) or counts.shape != (len(words),):
            raise ModelFileError(f"{str(path)!r} has {len(words)} words but matrices of {W_in.shape[0]} rows")
        vocab = Vocab.from_counts(dict(zip(words, counts.tolist(), strict=True)), min_count=1)
        history = History(
            epoch_loss=list(map(float, arrays.get("epoch_loss", []))),
            epoch_examples=list(map(int, arrays.get("epoch_examples", []))),
            epoch_words=list(map(int, arrays.get("epoch_words", []))),
            epoch_seconds=list(map(float, arrays.get("epoch_seconds", []))),
        )
        if vocab.words != words:
            raise ModelFileError(f"{str(path)!r} lists its words out of count order; it was not written by word2vec_np")
        return cls(vocab, np.array(W_in, dtype=np.float32), np.array(W_out, dtype=np.float32), config, history)

    def __repr__(self) -> str:
        c = self.config
        return f"Word2Vec(V={len(self.vocab)}, D={c.dim}, arch={c.arch!r}, objective={c.objective!r})"


def _config(base: TrainConfig | None, settings: dict) -> TrainConfig:
    """``base`` (or the defaults) with ``settings`` applied; unknown names raise ConfigError."""
    names = {f.name for f in fields(TrainConfig)}
    unknown = sorted(set(settings) - names)
    if unknown:
        raise ConfigError(f"unknown setting(s) {', '.join(unknown)}; the settings are {', '.join(sorted(names))}")
    values = {f.name: getattr(base, f.name) for f in fields(TrainConfig)} if base is not None else {}
    values.update(settings)
    return TrainConfig(**values)
