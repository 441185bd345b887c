"""Ctrl-C, SIGTERM or SIGHUP during training: stop between two blocks, save, and say where the state is.

:class:`StopBetweenBlocks` turns the first Ctrl-C (SIGINT), SIGTERM (what ``kill``,
systemd and batch schedulers send) or SIGHUP (the terminal closed) into a request
that the training loop reads between two blocks (a second one stops at once);
:class:`TrainingInterrupted` is what the loop raises then, naming the
checkpoint to resume from. The loop itself is in :mod:`word2vec_np.engine.training`,
the saving in :mod:`word2vec_np.engine.bookkeeping`.
"""

from __future__ import annotations

import signal
import threading

#: The signals that stop a run between two blocks, saving a checkpoint: Ctrl-C, ``kill``, a closed terminal.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


def signal_name(signum: int) -> str:
    """How a person names the signal: 'Ctrl-C' for SIGINT, else 'SIGTERM', 'SIGHUP', ..."""
    return "Ctrl-C" if signum == signal.SIGINT else signal.Signals(signum).name


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
    """While active, the first Ctrl-C, SIGTERM or SIGHUP (:data:`STOP_SIGNALS`) only asks the loop to
    stop after the current block (``requested``; ``reason`` names the signal); a second one raises
    KeyboardInterrupt at once. A signal this process ignores (SIGHUP under ``nohup``) stays ignored.
    Python delivers signals to the main thread only, so elsewhere this does nothing and the signals
    behave as usual."""

    def __init__(self, enabled: bool):
        self.enabled = enabled and threading.current_thread() is threading.main_thread()
        self.requested = False
        self.reason = "Ctrl-C"
        self._previous: dict[int, object] = {}

    def __enter__(self) -> StopBetweenBlocks:
        if self.enabled:
            for signum in STOP_SIGNALS:
                previous = signal.getsignal(signum)
                if previous is signal.SIG_IGN:  # meant to be ignored (e.g. nohup): keep it so
                    continue
                self._previous[signum] = previous
                signal.signal(signum, self._handle)
        return self

    def _handle(self, signum, frame) -> None:
        if self.requested:  # the second signal: stop now
            self._restore()
            raise KeyboardInterrupt
        self.requested = True
        self.reason = signal_name(signum)

    def _restore(self) -> None:
        for signum, previous in self._previous.items():
            if previous is None:  # set outside Python: the default
                previous = signal.default_int_handler if signum == signal.SIGINT else signal.SIG_DFL
            signal.signal(signum, previous)
        self._previous = {}

    def __exit__(self, *exc) -> None:
        if self.enabled:
            self._restore()
