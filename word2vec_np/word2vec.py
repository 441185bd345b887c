"""The trained model: train it, keep its matrices and history, save and load it.

    >>> from word2vec_np.word2vec import BUNDLED_CORPUS, Word2Vec
    >>> model = Word2Vec(BUNDLED_CORPUS, epochs=3)                 # doctest: +SKIP
    >>> model.wv.most_similar("king", topn=3)                     # doctest: +SKIP
    >>> model.train(more_sentences, epochs=1)                     # continues training  # doctest: +SKIP
    >>> model = Word2Vec(sentences, vector_size=50, sg=1)         # gensim's spelling  # doctest: +SKIP

``Word2Vec`` composes the pieces: the corpus and vocabulary, the training
loop (:mod:`word2vec_np.engine.training`), the vectors API
(:mod:`word2vec_np.compat.keyedvectors`) and the files (:mod:`word2vec_np.vectors.files`,
:mod:`word2vec_np.vectors.npz`).
It owns no math of its own; gensim's names for its settings are mapped in
:mod:`word2vec_np.compat.gensim_names`.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import fields, replace
from pathlib import Path
from types import MethodType

import numpy as np

from .compat.gensim_names import RULE_DEFAULT, RULE_DISCARD, RULE_KEEP, to_settings
from .compat.keyedvectors import KeyedVectors
from .core.huffman import build_huffman
from .core.model import init_params
from .core.objectives import n_outputs
from .core.objectives.hierarchical import HierarchicalSoftmax
from .core.objectives.softmax import Softmax
from .engine.checkpoint import TrainState, load_checkpoint
from .engine.config import TrainConfig
from .engine.history import EpochReport, History
from .engine.training import train_arrays
from .errors import ClassMethodError, ConfigError, CorpusError, ModelFileError, UnknownWordError, Word2VecError
from .text import corpus as corpus_mod
from .text.corpus import Corpus
from .text.sources import LineSentence, PathLineSentences, Text8Corpus, open_source  # noqa: F401 (gensim's names)
from .text.vocab import Vocab
from .text.word_files import COMPRESSED, format_suffix
from .vectors.files import save_vectors, vectors_format
from .vectors.npz import load_model_npz, npz_words, save_model_npz, words_to_arrays

BUNDLED_CORPUS = Path(__file__).parent / "data" / "small.txt"


class _on_the_class:
    """A class method that refuses to be called on an instance (``model.load(path)``).

    ``Word2Vec.load`` returns a new model; called on a model it would look as if it
    loaded into that model, which it cannot. gensim raises AttributeError there too.
    """

    def __init__(self, func):
        self.func = func
        self.__doc__ = func.__doc__
        self.__name__ = func.__name__

    def __get__(self, obj, cls):
        if obj is not None:
            raise ClassMethodError(
                f"{self.__name__} makes a new model and is called on the class: "
                f"model = {cls.__name__}.{self.__name__}(path), not model.{self.__name__}(path)"
            )
        return MethodType(self.func, cls)


class Word2Vec:
    """A word2vec model: its vocabulary, its two matrices, its settings and its loss history.

    The constructor trains, ``train`` continues, as in gensim:

    * ``Word2Vec(corpus, **settings)`` reads the corpus once and trains a new model.
      Settings are those of :class:`TrainConfig` (``epochs=3``, ``dim=50``,
      ``arch="cbow"``, ..., or ``config=``) or gensim's names (``vector_size``, ``sg``,
      ..., see :mod:`word2vec_np.compat.gensim_names`). Without a corpus it makes an
      empty model for ``build_vocab`` and ``train``;
    * ``model.train(corpus, ...)`` trains this model further, in place;
    * ``Word2Vec.load(path)`` and ``Word2Vec.resume(checkpoint)`` read one from a file.

    A corpus is a text file, a directory, ``"-"`` for stdin, a list of paths, an
    iterable of sentences (token lists or strings; a one-shot generator works),
    see :mod:`word2vec_np.text.sources`, or a ready ``(vocab, corpus)`` pair from
    :func:`word2vec_np.text.corpus.load`. There is no default corpus: the bundled
    toy world is ``BUNDLED_CORPUS``.

    Attributes
    ----------
    vocab : Vocab or None        the words, their counts and ids (None before build_vocab)
    W_in : (V, D) float32        input vectors: the word embeddings (None before training)
    W_out : (n_out, D) float32   output vectors (V rows for softmax and NS, V - 1 inner nodes for HS)
    config : TrainConfig         the settings (alpha and min_alpha resolved once trained)
    history : History            mean loss per example per epoch, and more
    wv : KeyedVectors            the word vectors with gensim's methods (also ``vectors``)
    """

    def __init__(
        self,
        sentences=None,
        *,
        corpus_file: str | os.PathLike | None = None,
        config: TrainConfig | None = None,
        callbacks: Sequence[Callable[[EpochReport], None]] = (),
        quiet: bool = True,
        report_every: int | None = None,
        checkpoint: str | os.PathLike | None = None,
        checkpoint_every: int | None = None,
        checkpoint_info: dict | None = None,
        cli: bool = False,
        on_disk: bool | None = None,
        cache: str | os.PathLike | None = None,
        **settings,
    ):
        """Train a new model on ``sentences`` (or ``corpus_file``), read once; with neither, an empty model.

        ``callbacks`` are functions of an
        :class:`~word2vec_np.engine.history.EpochReport` or gensim-style objects
        (``on_epoch_end(model)``, ...). ``quiet=False`` shows a progress bar;
        ``report_every=N`` records the mean loss every N words in ``history.points``.
        ``checkpoint`` (a path) and ``checkpoint_every`` (words) save resumable
        state during training; continue it with :meth:`resume`. With a
        checkpoint path, Ctrl-C saves and raises
        :class:`~word2vec_np.engine.interrupt.TrainingInterrupted`. ``checkpoint_info``
        adds JSON values to each checkpoint (the corpus path is stored when
        the corpus is a file). ``cli=True`` is the train command's: errors name its
        flags (``--min-count``) and a run that saw no example is an error rather than a warning.

        ``on_disk`` and ``cache`` say where the encoded corpus is kept, as in
        :func:`word2vec_np.text.corpus.load`: None (in memory up to 10 million
        tokens, then on disk), True or False; ``cache=DIR`` keeps it in DIR and
        reuses it while the corpus files and settings are the same (checkpoints
        name it). The vectors do not depend on where the corpus is kept.
        """
        self._cli = cli
        self.trim_rule = _check_trim_rule(settings.get("trim_rule"))
        self.comment = settings.get("comment")
        with python_keywords(not cli):
            self.config = _config(config, to_settings(settings))
        self.vocab: Vocab | None = None
        self.W_in: np.ndarray | None = None
        self.W_out: np.ndarray | None = None
        self.history = History()
        self._vectors: KeyedVectors | None = None
        self._latest_loss = 0.0
        self._corpus_count = 0
        self._initial: tuple | None = None  # (W_in, W_out, vocab): the vectors a first training starts from
        self._read: tuple[object, Corpus] | None = None  # (the corpus object, its encoding) from build_vocab
        corpus_mod.check_on_disk(on_disk, cache)
        self._storage = {"on_disk": on_disk, "cache": cache}  # where corpora read by this model are encoded
        corpus = _one_corpus(sentences, corpus_file)
        run_options = {
            "callbacks": callbacks,
            "report_every": report_every,
            "checkpoint": checkpoint,
            "checkpoint_every": checkpoint_every,
            "checkpoint_info": checkpoint_info,
        }
        if corpus is None:
            given = [name for name, value in run_options.items() if value]
            if given:
                raise ConfigError(
                    f"{given[0]} is an option of training, and Word2Vec(...) trains only when given a corpus: "
                    "Word2Vec(corpus, ...), with a text file, a directory, '-' for stdin or a list of sentences "
                    "(the bundled toy world is word2vec_np.word2vec.BUNDLED_CORPUS)"
                )
            return
        for cb in callbacks:
            if not callable(cb):
                _gensim_callback(cb, "on_epoch_end")  # ConfigError unless gensim-style
        self.vocab, encoded, where = _read_corpus(
            corpus, self.config, python=not cli, trim_rule=self.trim_rule, **self._storage
        )
        self._read = (corpus, encoded)
        self._fit(
            encoded,
            self.config,
            callbacks=callbacks,
            quiet=quiet,
            report_every=report_every,
            checkpoint=checkpoint,
            checkpoint_every=checkpoint_every,
            checkpoint_info={**where, **(checkpoint_info or {})},
        )

    @classmethod
    def from_arrays(cls, vocab: Vocab, W_in: np.ndarray, W_out: np.ndarray, config: TrainConfig, history: History):
        """A trained model from its parts (what ``load`` and ``resume`` build)."""
        model = cls(config=config)
        model.vocab, model.W_in, model.W_out, model.history = vocab, W_in, W_out, history
        return model

    # ------------------------------------------------------------------ training
    def train(
        self,
        corpus_iterable=None,
        corpus_file: str | os.PathLike | None = None,
        total_examples: int | None = None,
        total_words: int | None = None,
        epochs: int | None = None,
        start_alpha: float | None = None,
        end_alpha: float | None = None,
        *,
        callbacks: Sequence[Callable[[EpochReport], None]] = (),
        quiet: bool = True,
        compute_loss: bool = True,
        **settings,
    ) -> tuple[int, int]:
        """Train this model, in place, as gensim's ``train`` does (a new model is ``Word2Vec(corpus)``).

        After :meth:`build_vocab` it is the first training; on a trained model it
        continues from the current vectors. The corpus is ``corpus_iterable`` or
        ``corpus_file`` (any source of :mod:`word2vec_np.text.sources`); with neither,
        the corpus the model's vocabulary was read from is used again (its encoding
        was kept, so a one-shot generator works). Words not in the vocabulary are
        skipped; grow it first with ``build_vocab(more, update=True)``.

        ``epochs``, ``start_alpha`` and ``end_alpha`` are gensim's names for
        ``epochs``, ``alpha`` and ``min_alpha``; the learning rate decays from
        ``alpha`` over these epochs again. ``total_examples``, ``total_words`` and
        ``compute_loss`` are accepted for gensim's scripts and not needed (the
        corpus is counted while it is read; the loss is always kept in
        ``history`` and :meth:`get_latest_training_loss`). ``dim``, ``arch`` and
        ``objective`` cannot change. A training that sees no example (a tiny corpus
        thinned out by subsampling) warns and leaves the vectors as they were, as gensim.

        Returns (vocabulary words, tokens) read over all epochs, like gensim's
        (trained, raw) word counts, except that gensim counts the trained words
        after subsampling.
        """
        if self.vocab is None:
            raise ConfigError(
                "this model has no vocabulary yet; call build_vocab(corpus) first, or make a trained one with "
                "Word2Vec(corpus)"
            )
        corpus = _one_corpus(corpus_iterable, corpus_file)
        renamed = {"epochs": epochs, "alpha": start_alpha, "min_alpha": end_alpha}
        settings = {**to_settings(settings), **{k: v for k, v in renamed.items() if v is not None}}
        with python_keywords(not self._cli):
            config = _config(self.config, settings)
        for name in ("dim", "objective", "arch"):
            if getattr(config, name) != getattr(self.config, name):
                raise ConfigError(f"a model's {name} cannot change once it has a vocabulary; make a new Word2Vec")
        if corpus is None:
            if self._read is None:
                raise ConfigError("model.train needs a corpus: pass the sentences or corpus_file to train on")
            encoded = self._read[1]
        elif self._read is not None and corpus is self._read[0]:
            encoded = self._read[1]  # the corpus build_vocab read: not read twice
        else:
            encoded = corpus if isinstance(corpus, Corpus) else corpus_mod.encode(corpus, self.vocab, **self._storage)
        self._fit(encoded, config, callbacks=callbacks, quiet=quiet)
        return int(encoded.offsets[-1]) * config.epochs, int(encoded.n_raw_words) * config.epochs

    def _fit(
        self,
        encoded: Corpus,
        config: TrainConfig,
        *,
        callbacks: Sequence,
        quiet: bool,
        report_every: int | None = None,
        checkpoint: str | os.PathLike | None = None,
        checkpoint_every: int | None = None,
        checkpoint_info: dict | None = None,
    ) -> None:
        """Train W_in and W_out (from the current ones, or new ones) on ``encoded``; the history grows.

        ``history`` grows epoch by epoch while training (a callback sees this epoch's
        loss in ``model.history.epoch_loss[-1]``). gensim-style callback objects get
        ``on_train_begin``, ``on_epoch_begin``, ``on_epoch_end`` and ``on_train_end``
        with the model, its matrices live. A run that saw no training example (a tiny
        corpus thinned out by subsampling) leaves the vectors as they were and warns, as gensim does.
        """
        objects = [cb for cb in callbacks if not callable(cb)]
        for cb in objects:
            _gensim_callback(cb, "on_epoch_end")  # ConfigError unless gensim-style
        before = {name: len(getattr(self.history, name)) for name in _PER_EPOCH}
        reports: list[EpochReport] = []

        def live(report: EpochReport) -> None:
            reports.append(report)
            self.W_in, self.W_out = report.W_in, report.W_out
            self._sync_wv()
            for name, value in zip(_PER_EPOCH, _report_values(report), strict=True):
                getattr(self.history, name).append(value)

        def next_epoch(report: EpochReport) -> None:
            if report.epoch < report.epochs:
                self._call(objects, "on_epoch_begin")

        self._call(objects, "on_train_begin")
        self._call(objects, "on_epoch_begin")
        untrained = self.W_in is None
        start = (self.W_in, self.W_out)  # restored if training fails: with workers, the reports' are shared memory
        try:
            with python_keywords(not self._cli):
                W_in, W_out, history = train_arrays(
                    self.vocab,
                    encoded,
                    config,
                    W_in=self.W_in,
                    W_out=self.W_out,
                    callbacks=[live, *(cb if callable(cb) else self._epoch_end(cb) for cb in callbacks), next_epoch],
                    progress=not quiet,
                    report_every=report_every,
                    checkpoint=checkpoint,
                    checkpoint_info=checkpoint_info,
                    checkpoint_every=checkpoint_every,
                )
        except CorpusError:
            if self._cli or not reports or any(r.examples for r in reports) or len(reports) != config.epochs:
                self._forget_epochs(before)
                self.W_in, self.W_out = start
                self._sync_wv()
                raise
            warnings.warn(
                f"training saw no example in {config.epochs} epoch(s): subsampling (sample={config.sample:g}) "
                "left no sentence with two words, so the vectors did not change; give sample=0 or a larger "
                "corpus",
                RuntimeWarning,
                stacklevel=3,
            )
            W_in, W_out = self._initial_matrices() if untrained else start
            history = History(**{name: [] for name in _PER_EPOCH})
            for r in reports:
                for name, value in zip(_PER_EPOCH, _report_values(r), strict=True):
                    getattr(history, name).append(value)
        except BaseException:
            self._forget_epochs(before)
            self.W_in, self.W_out = start
            self._sync_wv()
            raise
        self._forget_epochs(before)
        self.W_in, self.W_out = W_in, W_out
        self.config = config.resolved()
        self._sync_wv()
        self._latest_loss = float(sum(np.multiply(history.epoch_loss, history.epoch_examples)))
        for f in fields(History):
            getattr(self.history, f.name).extend(getattr(history, f.name))
        self._call(objects, "on_train_end")

    def _forget_epochs(self, before: dict[str, int]) -> None:
        """Drop what ``live`` appended to the history during a run (its own history replaces it)."""
        for name, n in before.items():
            del getattr(self.history, name)[n:]

    def _call(self, callbacks: Sequence, name: str) -> None:
        for cb in callbacks:
            _gensim_callback(cb, name)(self)

    def _epoch_end(self, callback) -> Callable[[EpochReport], None]:
        """A gensim callback object as one of ours: its on_epoch_end(model) sees the live matrices."""
        on_epoch_end = _gensim_callback(callback, "on_epoch_end")

        def call(report: EpochReport) -> None:
            on_epoch_end(self)

        return call

    def get_latest_training_loss(self) -> float:
        """The loss of the latest ``train`` call (or of the constructor's training), summed over its examples.

        Each training example (a (center, context) pair for skip-gram, a center word
        and its window for CBOW) contributes its loss -log p (softmax), the sum of
        -log sigma along its Huffman path (hs), or -log sigma(u_o . h) - sum_k log
        sigma(-u_k . h) (ns), with the learning rate of that moment; the sum runs over
        every epoch of the call, as gensim's running total does. It is always computed
        (``compute_loss`` is not needed). gensim sums similar terms, so the scale is
        comparable but the values are not equal. 0.0 before any training.
        """
        return self._latest_loss

    def continue_training(
        self,
        corpus,
        *,
        callbacks: Sequence[Callable[[EpochReport], None]] = (),
        quiet: bool = True,
        **settings,
    ) -> Word2Vec:
        """Train this model further (in place) on a corpus, keeping its vocabulary; returns the model.

        The same as ``model.train(corpus, **settings)`` but returning the model.
        Words of the new corpus that are not in the vocabulary are skipped. The
        learning rate decays again from ``alpha`` over the new epochs. Settings
        that change the shape of the model (dim, objective, ...) cannot change.
        """
        if self.W_in is None:
            raise ConfigError("this model is not trained yet; train a new one with Word2Vec(corpus)")
        self.train(corpus, callbacks=callbacks, quiet=quiet, **settings)
        return self

    def build_vocab(
        self,
        corpus_iterable=None,
        corpus_file=None,
        update: bool = False,
        progress_per: int = 10000,
        keep_raw_vocab: bool = False,
        trim_rule: Callable[[str, int, int], int] | None = None,
        *,
        on_disk=None,
        cache=None,
        **kwargs,
    ) -> None:
        """Read a corpus once and build (or, with ``update=True``, grow) the vocabulary.

        The corpus (any source of :mod:`word2vec_np.text.sources`) is counted and
        encoded in one pass; the encoding is kept, so ``model.train()`` then
        trains on it without reading it again.

        ``update=True`` adds the words of the new corpus seen at least
        ``min_count`` times in it, adds its counts to the known words, and
        renumbers every word by rank. The rows of ``W_in`` and ``W_out`` move
        with their words; a new word's input vector starts as in a new model
        (uniform in [-0.5, 0.5) / D) and its output vector at zero. The noise
        distribution follows the new counts. Hierarchical softmax rebuilds its
        Huffman tree from the new counts: its inner nodes are new questions, so
        ``W_out`` (the nodes' vectors) restarts from zero unless the tree came out
        the same; the input vectors keep what they learned.

        ``trim_rule(word, count, min_count)`` decides each word as gensim's does:
        ``RULE_DISCARD`` drops it, ``RULE_KEEP`` keeps it whatever its count,
        ``RULE_DEFAULT`` leaves it to ``min_count`` (the constants are in
        :mod:`word2vec_np.compat.gensim_names`); it replaces the one given to the
        constructor. ``progress_per`` and ``keep_raw_vocab`` (logging and gensim's raw
        counts) are accepted and change nothing here; any other keyword is an error.

        ``on_disk`` and ``cache``, when given, replace the model's (see ``Word2Vec``).
        """
        if kwargs:
            raise ConfigError(
                f"build_vocab has no keyword {sorted(kwargs)[0]!r}; its keywords are corpus_iterable, corpus_file, "
                "update, progress_per, keep_raw_vocab, trim_rule, on_disk and cache"
            )
        if trim_rule is not None:
            self.trim_rule = _check_trim_rule(trim_rule)
        corpus_mod.check_on_disk(on_disk, cache)
        if on_disk is not None or cache is not None:
            self._storage = {"on_disk": on_disk, "cache": cache}
        corpus = _one_corpus(corpus_iterable, corpus_file)
        if corpus is None:
            raise ConfigError("build_vocab needs a corpus: a text file, a directory, '-' or a list of sentences")
        if update:
            return self._grow_vocab(corpus)
        if self.W_in is not None:
            raise ConfigError(
                "this model is trained already; build_vocab(more, update=True) adds words to it, "
                "or make a new Word2Vec for a new vocabulary"
            )
        vocab, encoded, _ = _read_corpus(
            corpus, self.config, python=not self._cli, trim_rule=self.trim_rule, **self._storage
        )
        self.vocab, self._read = vocab, (corpus, encoded)
        self._sync_wv()

    def build_vocab_from_freq(
        self,
        word_freq: dict[str, int],
        keep_raw_vocab: bool = False,
        corpus_count: int | None = None,
        trim_rule: Callable[[str, int, int], int] | None = None,
        update: bool = False,
    ) -> None:
        """Build (or with ``update=True`` grow) the vocabulary from ``{word: count}``, as gensim's.

        ``min_count``, ``max_final_vocab`` and ``trim_rule`` apply as in :meth:`build_vocab`;
        with ``update`` the counts add to the known words'. No corpus is kept, so
        ``train`` then needs one. ``corpus_count`` becomes ``model.corpus_count``.
        """
        if trim_rule is not None:
            self.trim_rule = _check_trim_rule(trim_rule)
        bad = [w for w, c in word_freq.items() if not isinstance(w, str) or isinstance(c, bool) or not c >= 0]
        if bad:
            raise ConfigError(f"word_freq maps words (str) to counts >= 0; {bad[0]!r} is not one")
        if update:
            if self.vocab is None:
                raise ConfigError("build_vocab_from_freq(..., update=True) needs a model with a vocabulary")
            counts = dict(zip(self.vocab.words, self.vocab.counts.tolist(), strict=True))
            for w, c in word_freq.items():
                if w in counts:
                    counts[w] += int(c)
            fresh = {w: int(c) for w, c in word_freq.items()
                     if w not in counts and _kept(w, int(c), self.config.min_count, self.trim_rule)}
            if self.config.max_vocab_size is not None:
                room = max(0, self.config.max_vocab_size - len(counts))
                fresh = dict(sorted(fresh.items(), key=lambda wc: -wc[1])[:room])  # the most frequent first
            vocab = Vocab.from_counts({**counts, **fresh}, min_count=0)
            if self.W_in is not None:
                self.W_in, self.W_out = _move_rows(self.vocab, vocab, self.W_in, self.W_out, self.config)
        else:
            if self.W_in is not None:
                raise ConfigError("this model is trained already; grow its vocabulary with update=True")
            kept = {w: int(c) for w, c in word_freq.items()
                    if _kept(w, int(c), self.config.min_count, self.trim_rule)}
            vocab = Vocab.from_counts(kept, min_count=0, max_vocab_size=self.config.max_vocab_size)
            check_vocabulary(vocab, "the word_freq dict", self.config)
        self.vocab, self._read = vocab, None
        self._corpus_count = int(corpus_count or 0)
        self._sync_wv()

    def _grow_vocab(self, corpus) -> None:
        if self.vocab is None:
            raise ConfigError("build_vocab(..., update=True) needs a model that has a vocabulary; build one first")
        old = self.vocab
        more_vocab, more = corpus_mod.load(corpus, min_count=1, on_disk=self._storage["on_disk"])
        counts = dict(zip(old.words, old.counts.tolist(), strict=True))
        new_words = [w for w, c in zip(more_vocab.words, more_vocab.counts.tolist(), strict=True)
                     if w not in counts and _kept(w, c, self.config.min_count, self.trim_rule)]
        if self.config.max_vocab_size is not None:
            new_words = new_words[: max(0, self.config.max_vocab_size - len(old))]  # most frequent first
        for w, c in zip(more_vocab.words, more_vocab.counts.tolist(), strict=True):
            if w in counts:
                counts[w] += c
        counts.update({w: int(more_vocab.counts[more_vocab.index[w]]) for w in new_words})
        vocab = Vocab.from_counts(counts, min_count=0)
        more = corpus_mod.renumber(more, np.array([vocab.index.get(w, -1) for w in more_vocab.words]))
        if self.W_in is not None:
            self.W_in, self.W_out = _move_rows(old, vocab, self.W_in, self.W_out, self.config)
        self.vocab, self._read = vocab, (corpus, more)
        self._sync_wv()

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
        on_disk: bool | None = None,
        cache: str | os.PathLike | None = None,
    ) -> Word2Vec:
        """Continue an interrupted run from its checkpoint to the end.

        The result equals, bit for bit, what the run would have given had it
        never stopped. ``state`` is a checkpoint file (or a loaded
        :class:`~word2vec_np.engine.checkpoint.TrainState`); ``corpus`` defaults to
        the file(s) the checkpoint recorded and must be the same corpus
        (CorpusError otherwise). New checkpoints go to ``checkpoint``
        (default: the checkpoint resumed from) every ``checkpoint_every`` words
        (default: as before). ``workers`` (default: the checkpoint's) may
        differ from the interrupted run's; with one worker throughout, the
        result is bit-exact. ``on_disk`` is as for ``Word2Vec``; ``cache``
        defaults to the cache the checkpoint names, reused if it still fits
        the corpus and rebuilt otherwise.
        """
        if not isinstance(state, TrainState):
            state = load_checkpoint(state)
        config = checkpoint_config(state)
        if workers is not None:
            config = replace(config, workers=workers)
        vocab = state.vocab()
        if corpus is None:
            corpus = state.run.get("corpus")
            if isinstance(corpus, list) and corpus and all(isinstance(c, str) for c in corpus):
                corpus = [Path(c) for c in corpus]
            elif not isinstance(corpus, str):
                raise ConfigError(
                    f"the checkpoint {state.source!r} does not record its corpus file; give the corpus to resume"
                )
        if cache is None and on_disk is not False and isinstance(state.run.get("cache"), str):
            cache = state.run["cache"]
        corpus_mod.check_on_disk(on_disk, cache)
        if not isinstance(corpus, Corpus):
            corpus = corpus_mod.encode(corpus, vocab, on_disk=on_disk, cache=cache)
        encoded = corpus
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
        return cls.from_arrays(vocab, W_in, W_out, config, history)

    # ------------------------------------------------------------------ using
    @property
    def wv(self) -> KeyedVectors:
        """The word vectors (rows of W_in) with gensim's KeyedVectors methods, and most_similar, analogy, ...

        One object for the model's life, as in gensim: it follows ``build_vocab``
        (also with ``update=True``) and every training, so a ``wv = model.wv`` taken
        early stays current. After ``build_vocab`` and before training it holds the
        vectors training will start from (uniform in [-0.5, 0.5) / D, from the
        seed); changing those by hand does not change the training, which draws
        them again from the seed.
        """
        if self.vocab is None:
            raise ConfigError(
                "this model has no vocabulary yet; call build_vocab(corpus) first, or train one with Word2Vec(corpus)"
            )
        if self._vectors is None:
            self._vectors = KeyedVectors(self.vocab.words, self._current_W_in(), self.vocab.counts)
        self._sync_wv()
        return self._vectors

    @wv.setter
    def wv(self, value) -> None:
        raise ConfigError(
            "model.wv cannot be replaced: it is the model's own W_in, kept current by build_vocab and training; "
            "use the KeyedVectors you have on its own, or train a model with Word2Vec(corpus)"
        )

    def _current_W_in(self) -> np.ndarray:
        return self.W_in if self.W_in is not None else self._initial_matrices()[0]

    def _sync_wv(self) -> None:
        """Point ``wv`` (if it was handed out) at the current words and W_in, in place."""
        if self._vectors is None or self.vocab is None:
            return
        W_in = self._current_W_in()
        if self._vectors.matrix is not W_in or self._vectors.words is not self.vocab.words:
            self._vectors.replace_all(self.vocab.words, W_in, self.vocab.counts)

    def _initial_matrices(self) -> tuple[np.ndarray, np.ndarray]:
        """(W_in (V, D), W_out (n_out, D)) a first training starts from: the seed's, as train_arrays draws them."""
        V = len(self.vocab)
        cached = self._initial
        if cached is None or cached[0].shape != (V, self.config.dim) or cached[2] is not self.vocab:
            rng = np.random.default_rng(self.config.seed)
            W_in, W_out = init_params(V, n_outputs(self.config.objective, V), self.config.dim, rng)
            self._initial = (W_in, W_out, self.vocab)
        return self._initial[0], self._initial[1]

    vectors = wv

    @property
    def vector_size(self) -> int:
        """D (gensim's name)."""
        return self.config.dim

    @property
    def syn1neg(self) -> np.ndarray:
        """gensim's name for W_out (V, D) under negative sampling (and the full softmax).

        After ``build_vocab`` and before training: the output vectors training starts from (zeros), as ``wv``.
        """
        if self.config.objective == "hs" or self.vocab is None:
            raise ConfigError(
                "syn1neg is W_out of a model with negative sampling and a vocabulary; this model has none"
            )
        return self.W_out if self.W_out is not None else self._initial_matrices()[1]

    @property
    def syn1(self) -> np.ndarray:
        """gensim's name for W_out (V - 1, D) under hierarchical softmax: the Huffman tree's inner nodes.

        After ``build_vocab`` and before training: the output vectors training starts from (zeros), as ``wv``.
        """
        if self.config.objective != "hs" or self.vocab is None:
            raise ConfigError(
                "syn1 is W_out of a model with hierarchical softmax and a vocabulary; this model has none"
            )
        return self.W_out if self.W_out is not None else self._initial_matrices()[1]

    # gensim's names for the settings, read from the config (change them with train(...) or a new model)
    @property
    def alpha(self) -> float:
        """The starting learning rate (resolved: the architecture's default when none was given).

        Settable, as gensim's ``model.alpha -= 0.002`` between ``train`` calls: the next
        training starts from it (the config's ``alpha``). The value is checked when training
        starts, so ``alpha`` and ``min_alpha`` may be set one after the other in either order.
        """
        if self.config.alpha is not None:
            return self.config.alpha
        return replace(self.config, min_alpha=None).resolved().alpha  # the architecture's default

    @alpha.setter
    def alpha(self, value: float) -> None:
        self.config = _config(self.config, {"alpha": value})

    @property
    def min_alpha(self) -> float:
        """The learning rate a training ends at (settable, as ``alpha``; default ``alpha * 1e-4``)."""
        if self.config.min_alpha is not None:
            return self.config.min_alpha
        return self.config.resolved().min_alpha  # alpha * 1e-4

    @min_alpha.setter
    def min_alpha(self, value: float) -> None:
        self.config = _config(self.config, {"min_alpha": value})

    @property
    def window(self) -> int:
        return self.config.window

    @property
    def shrink_windows(self) -> bool:
        """True: each centre word's window is drawn from 1..window (the C tool's); False: always whole."""
        return self.config.shrink_windows

    @property
    def sg(self) -> int:
        """1 for skip-gram, 0 for CBOW."""
        return int(self.config.arch == "skipgram")

    @property
    def hs(self) -> int:
        """1 for hierarchical softmax, else 0."""
        return int(self.config.objective == "hs")

    @property
    def negative(self) -> int:
        """Negative samples per example; 0 unless the objective is negative sampling, as gensim's hs=1 models."""
        return self.config.negative if self.config.objective == "ns" else 0

    @property
    def ns_exponent(self) -> float:
        return self.config.ns_power

    @property
    def cbow_mean(self) -> int:
        """Always 1: CBOW's hidden layer is the mean of the context vectors."""
        return 1

    @property
    def min_count(self) -> int:
        return self.config.min_count

    @property
    def sample(self) -> float:
        return self.config.sample

    @property
    def seed(self) -> int:
        return self.config.seed

    @property
    def workers(self) -> int:
        return self.config.workers

    @property
    def max_final_vocab(self) -> int | None:
        return self.config.max_vocab_size

    @property
    def batch_words(self) -> int:
        return self.config.block_words

    @property
    def epochs(self) -> int:
        """Epochs of a training call (gensim's name); ``model.train`` uses it when not given."""
        return self.config.epochs

    @property
    def corpus_count(self) -> int:
        """Sentences of the corpus ``build_vocab`` read (gensim's name; 0 if none was read, or
        ``build_vocab_from_freq``'s ``corpus_count``)."""
        return len(self._read[1]) if self._read is not None else self._corpus_count

    @property
    def corpus_total_words(self) -> int:
        """Tokens of the corpus ``build_vocab`` read, unknown words included (gensim's name)."""
        return int(self._read[1].n_raw_words) if self._read is not None else 0

    def predict_output_word(self, context_words_list: Sequence[str], topn: int = 10) -> list[tuple[str, float]]:
        """The output layer's distribution over the words, given context words, best ``topn`` first.

        h is the mean of the context words' input vectors (CBOW's hidden layer;
        with one context word, skip-gram's). What the numbers mean depends on the
        objective (docs/api.md, "predict_output_word"):

        * softmax: p(w | h) = softmax(W_out h), the model's exact probability;
        * hs: P(w | h), the product of sigmoids along w's Huffman path: exact too,
          and it sums to 1 over the words;
        * ns: softmax(W_out h), as gensim computes it. Negative sampling never
          trains a normalized distribution, so this is a ranking of the output
          scores made to sum to 1, not the model's probability.

        Context words may be words or their ids (rows), as in gensim. Those not in
        the vocabulary are skipped, as gensim does; if none is known,
        UnknownWordError names them. Returns (word, probability) pairs.
        """
        if self.W_in is None or self.vocab is None:
            raise ConfigError("this model has no vectors yet; train it first")
        words = [context_words_list] if isinstance(context_words_list, str) else list(context_words_list)
        V = len(self.vocab)
        ids = [
            int(w) if isinstance(w, (int, np.integer)) and not isinstance(w, bool) else self.vocab.index[w]
            for w in words
            if (isinstance(w, (int, np.integer)) and 0 <= w < V) or (isinstance(w, str) and w in self.vocab.index)
        ]
        if not ids:
            raise UnknownWordError(f"none of the context words {words[:5]!r} is in the vocabulary")
        h = self.W_in[ids].astype(np.float64).mean(axis=0, keepdims=True)  # (1, D): CBOW's hidden layer
        W_out = self.W_out.astype(np.float64)
        if self.config.objective == "hs":
            p = HierarchicalSoftmax.from_counts(self.vocab.counts).probabilities(W_out, h)[0]  # (V,)
        else:
            p = Softmax().probabilities(W_out, h)[0]  # (V,): exact for softmax, gensim's proxy for NS
        top = np.argsort(-p, kind="stable")[: max(0, int(topn))]
        return [(self.vocab.words[i], float(p[i])) for i in top]

    # ------------------------------------------------------------------ files
    def save(self, path: str | os.PathLike, fmt: str | None = None, **gensim_options) -> Path:
        """Save by suffix: ``.txt`` / ``.vec`` / ``.bin`` (the C tool's formats, vectors only; ``.gz`` or
        ``.bz2`` after them compresses); ``.npz`` or a name without a known suffix
        (``"word2vec.model"``, as gensim's tutorials write) is the whole model in this package's
        pickle-free ``.npz`` format, under that very name. ``fmt`` "text" / "binary" writes that C
        format whatever the suffix (the C tool's ``-binary 0/1``).

        gensim's ``separately``, ``sep_limit``, ``ignore`` and ``pickle_protocol`` shape its pickle; they
        are accepted and change nothing here (the file is one ``.npz``). A model with a vocabulary
        but no training yet saves the vectors training would start from, as gensim does.
        """
        unknown = sorted(set(gensim_options) - {"separately", "sep_limit", "ignore", "pickle_protocol"})
        if unknown:
            raise ConfigError(f"save has no keyword {unknown[0]!r}; give the path and, for a C format, fmt=")
        if self.vocab is None:
            raise ConfigError("this model has no vocabulary yet; call build_vocab(corpus) or train it before saving")
        path = Path(path)
        kind = vectors_format(path, fmt if fmt is not None or _known_suffix(path) else "npz")
        W_in, W_out = (self.W_in, self.W_out) if self.W_in is not None else self._initial_matrices()
        if kind != "npz":
            save_vectors(path, (list(self.vocab.words), W_in), fmt=kind)
        else:
            utf8, offsets = words_to_arrays(self.vocab.words)
            save_model_npz(
                path,
                {
                    "W_in": W_in,
                    "W_out": W_out,
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
        return path

    @_on_the_class
    def load(cls, path: str | os.PathLike, mmap: str | None = None) -> Word2Vec:
        """Load a whole model that :meth:`save` wrote (``.npz``, or any name), never unpickling anything.

        A gensim model file (a pickle) is refused with one sentence saying how to
        export its vectors from gensim. Called on a model (``model.load(path)``) it raises
        :class:`~word2vec_np.errors.ClassMethodError` (an AttributeError, as gensim's), since
        it would return a new model and leave that one as it was. ``mmap`` (gensim's memory mapping) is accepted:
        the arrays are read into memory.

        Raises CorpusNotFoundError for a missing file and ModelFileError for a
        file that is damaged, inconsistent (shapes, counts, settings) or not a
        word2vec_np model.
        """
        if mmap not in (None, "r"):
            raise ConfigError(f"mmap must be None or 'r', not {mmap!r}")
        data = load_model_npz(path)
        arrays, config_dict = data["arrays"], data["config"]
        name = repr(str(path))
        if config_dict.get("kind") == "checkpoint":
            raise ModelFileError(
                f"{name} is a training checkpoint, not a saved model; continue it with --resume "
                "(Word2Vec.resume), or read its vectors with word2vec_np.vectors.files.load_vectors"
            )
        words = npz_words(arrays, path)
        W_in, W_out, counts = arrays.get("W_in"), arrays.get("W_out"), arrays.get("counts")
        if words is not None and W_in is not None and W_out is None:
            raise ModelFileError(
                f"{name} holds word vectors only (KeyedVectors.save or a vectors .npz), not a whole model; "
                "load it with KeyedVectors.load"
            )
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
        n_out = n_outputs(config.objective, V)
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
        return cls.from_arrays(
            vocab, np.array(W_in, dtype=np.float32), np.array(W_out, dtype=np.float32), config, history
        )

    def __repr__(self) -> str:
        c = self.config
        V = len(self.vocab) if self.vocab is not None else 0
        return f"Word2Vec(V={V}, D={c.dim}, arch={c.arch!r}, objective={c.objective!r})"


def _known_suffix(path: Path) -> bool:
    """Whether ``path``'s suffix names a format (``.txt``, ``.bin.gz``, ``.npz``, ...) or a compression."""
    return format_suffix(path) in (".txt", ".vec", ".bin", ".npz") or path.suffix.lower() in COMPRESSED


def _gensim_callback(callback, name: str) -> Callable:
    """``callback.<name>`` of a gensim-style callback object (a no-op if it lacks it), or ConfigError."""
    if not any(hasattr(callback, n) for n in ("on_epoch_end", "on_train_begin", "on_train_end", "on_epoch_begin")):
        raise ConfigError(
            f"a callback must be a function of an EpochReport or an object with gensim's on_epoch_end(model), "
            f"not a {type(callback).__name__}"
        )
    return getattr(callback, name, lambda model: None)


def _read_corpus(
    corpus, config: TrainConfig, python: bool = True, trim_rule=None, on_disk=None, cache=None
) -> tuple[Vocab, Corpus, dict]:
    """The vocabulary and encoding of a corpus, read once, and ``{"corpus": path(s)}`` when it is file(s)
    (with ``"cache"``, the cache directory's absolute path, when one is kept).

    A ready ``(vocab, corpus)`` pair is taken as it is. A bad setting is reported
    before the corpus is read; a vocabulary of fewer than 2 words is a CorpusError.
    ``trim_rule`` (gensim's) decides which words stay, before ``max_vocab_size`` keeps the most frequent.
    """
    if isinstance(corpus, tuple) and len(corpus) == 2 and isinstance(corpus[0], Vocab):
        return corpus[0], corpus[1], {}
    with python_keywords(python):
        config.resolved()  # report a bad setting before reading the corpus
        source = open_source(corpus)
        if trim_rule is None:
            vocab, encoded = corpus_mod.load(
                source, min_count=config.min_count, max_vocab_size=config.max_vocab_size, on_disk=on_disk, cache=cache
            )
        else:
            every, encoded = corpus_mod.load(source, min_count=1, on_disk=on_disk, cache=cache)
            kept = {w: c for w, c in zip(every.words, every.counts.tolist(), strict=True)
                    if _kept(w, c, config.min_count, trim_rule)}
            vocab = Vocab.from_counts(kept, min_count=0, max_vocab_size=config.max_vocab_size)
            encoded = corpus_mod.renumber(encoded, np.array([vocab.index.get(w, -1) for w in every.words]))
        check_vocabulary(vocab, source.name, config)
    where = {} if cache is None else {"cache": os.path.abspath(cache)}
    if not source.is_python and source.files != ("<stdin>",):
        files = [os.path.abspath(f) for f in source.files]
        where["corpus"] = files[0] if len(files) == 1 else files
    return vocab, encoded, where


def _check_trim_rule(rule):
    """``rule`` if it is None or callable, else ConfigError."""
    if rule is not None and not callable(rule):
        raise ConfigError(
            f"trim_rule must be a function of (word, count, min_count), not a {type(rule).__name__}"
        )
    return rule


def _kept(word: str, count: int, min_count: int, trim_rule) -> bool:
    """Whether a word stays in the vocabulary: gensim's trim_rule decides, else ``count >= min_count``."""
    answer = trim_rule(word, count, min_count) if trim_rule is not None else RULE_DEFAULT
    if answer not in (RULE_DEFAULT, RULE_DISCARD, RULE_KEEP):
        raise ConfigError(
            f"trim_rule returned {answer!r} for {word!r}; return RULE_DISCARD, RULE_KEEP or RULE_DEFAULT "
            "(word2vec_np.compat.gensim_names)"
        )
    if answer == RULE_DEFAULT:
        return count >= max(min_count, 1)
    return answer == RULE_KEEP


def _one_corpus(sentences, corpus_file):
    """The corpus given as gensim's ``corpus_iterable``/``sentences`` or ``corpus_file``, or None."""
    if sentences is not None and corpus_file is not None:
        raise ConfigError("give the corpus once: as sentences or as corpus_file, not both")
    return corpus_file if corpus_file is not None else sentences


def _move_rows(
    old: Vocab, new: Vocab, W_in: np.ndarray, W_out: np.ndarray, config: TrainConfig
) -> tuple[np.ndarray, np.ndarray]:
    """W_in (V_new, D) and W_out for a grown vocabulary: each known word's rows move to its new id.

    New words get a new model's rows (input uniform in [-0.5, 0.5) / D, output zero).
    Under HS the output rows belong to the Huffman tree's inner nodes, not to words:
    they are kept only if the new counts give the very same tree, else they restart at zero.
    """
    V, D = len(new), W_in.shape[1]
    new_ids = np.array([new.index[w] for w in old.words], dtype=np.int64)  # (V_old,) where each row goes
    rng = np.random.default_rng([config.seed, len(old)])
    W_in_new, _ = init_params(V, 1, D, rng, dtype=W_in.dtype)  # (V, D)
    W_in_new[new_ids] = W_in
    if config.objective == "hs":
        a, b = build_huffman(old.counts), build_huffman(new.counts)
        same = V == len(old) and all(
            np.array_equal(x, y) for x, y in ((a.codes, b.codes), (a.points, b.points), (a.lengths, b.lengths))
        )
        if same and np.array_equal(new_ids, np.arange(V)):
            return W_in_new, W_out.copy()
        return W_in_new, np.zeros((n_outputs(config.objective, V), D), dtype=W_out.dtype)
    W_out_new = np.zeros((n_outputs(config.objective, V), D), dtype=W_out.dtype)
    W_out_new[new_ids] = W_out
    return W_in_new, W_out_new


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
        # a checkpoint written before workers or shrink_windows existed: one worker, the dynamic window
        settings = {"workers": 1, "shrink_windows": True, **state.config}
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


_PER_EPOCH = ("epoch_loss", "epoch_examples", "epoch_words", "epoch_seconds")


def _report_values(report: EpochReport) -> tuple[float, int, int, float]:
    """An epoch's report as the values of History's per-epoch lists, in _PER_EPOCH's order."""
    return float(report.mean_loss), int(report.examples), int(report.words), float(report.seconds)


class python_keywords:
    """Re-raise the package's errors with the command's flags spelt as Python keywords.

    The settings' checks speak to the commands (``--min-count``); a Python call
    gets the same sentence naming ``min_count``.
    """

    def __init__(self, active: bool = True):
        self.active = active

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if exc is None or not self.active or not isinstance(exc, Word2VecError):
            return False
        text = str(exc)
        renamed = re.sub(
            r"(?<![\w-])--([a-z][a-z0-9-]*)( (?=[-\d.]+\b|[A-Z]+\b))?",
            lambda m: m.group(1).replace("-", "_") + ("=" if m.group(2) else ""),
            text,
        )
        if renamed == text:
            return False
        try:
            again = type(exc)(renamed)
        except TypeError:  # an error class with other arguments: keep it as it is
            return False
        raise again from None
