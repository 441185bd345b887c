"""Ctrl-C during training: stop between two blocks, save, and say where the state is.

:class:`StopBetweenBlocks` turns the first Ctrl-C into a request that the
training loop reads between two blocks (a second Ctrl-C stops at once);
:class:`TrainingInterrupted` is what the loop raises then, naming the
checkpoint to resume from. The loop itself is in :mod:`word2vec_np.engine.training`,
the saving in :mod:`word2vec_np.engine.bookkeeping`.
"""

from __future__ import annotations

import signal
import threading


class TrainingInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped training. ``checkpoint`` is the file holding the state to resume from, or None.

    A KeyboardInterrupt, so code that already handles Ctrl-C keeps working.
    """

    def __init__(self, message: str, checkpoint: str | None = None):
        super().__init__(message)
        self.checkpoint = checkpoint

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class StopBetweenBlocks:
    """While active, the first Ctrl-C (SIGINT) only asks the loop to stop after the current block;
    a second one raises KeyboardInterrupt at once. Python delivers signals to the main thread
    only, so elsewhere this does nothing and Ctrl-C behaves as usual."""

    def __init__(self, enabled: bool):
        self.enabled = enabled and threading.current_thread() is threading.main_thread()
        self.requested = False
        self._previous = None

    def __enter__(self) -> StopBetweenBlocks:
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
