"""The bookkeeping around the training loop: position, loss, progress bar, checkpoints, Ctrl-C.

:class:`Run` is everything :func:`word2vec_np.engine.training.train_arrays`
carries from one block to the next: where it is (epoch, block, words seen, and
so the learning rate), the loss sums and the :class:`~word2vec_np.engine.history.History`,
the progress bar, the Ctrl-C request (:mod:`word2vec_np.engine.interrupt`) and
the checkpoints (:mod:`word2vec_np.engine.checkpoint`) saved between two blocks,
and the checks a checkpoint must pass to be resumed. All of it goes into a
checkpoint, so a resumed run continues bit for bit. :func:`finished_state` is the
checkpoint of a run that has ended. The loop itself stays in training.py.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict

import numpy as np

from ..core.objectives import n_outputs
from ..core.textbook import learning_rate, sentence_blocks
from ..errors import ConfigError, CorpusError, SaveError, TrainingDivergedError, WorkerError
from ..text.corpus import Corpus
from ..text.vocab import Vocab
from .blas import single_blas_thread
from .checkpoint import TrainState, corpus_fingerprint, save_checkpoint
from .config import RESUME_MAY_CHANGE, TrainConfig
from .history import EpochReport, History
from .interrupt import StopBetweenBlocks, TrainingInterrupted


class Run:
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
        self.history = History.from_dict(state.history)
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
        V = len(self.vocab)
        n_out = n_outputs(self.config.objective, V)
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
        self.bar = progress_bar(self.total_words, progress, initial=self.words_seen)
        try:
            with StopBetweenBlocks(self.checkpoint is not None) as self.stop, single_blas_thread():
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
                f"training stopped by {self.stop.reason} in epoch {epoch + 1} of {self.config.epochs} after "
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


def progress_bar(total: int, enabled: bool, initial: int = 0):
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
