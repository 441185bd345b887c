"""Calling a learner's function safely: a time limit, bounded printing, stubs recognised.

This module imports the standard library and NumPy only, never the rest of
word2vec_np: the grading worker (worker.py) runs it inside a submission's
process, where the package's reference functions must not be loaded.

A call's outcome is a :class:`CallResult`: the status ("ok", "stub",
"error", "timeout"), the outputs as a tuple of NumPy arrays (copies, so the
learner's code cannot change them afterwards), and for an error the
exception's type and message (the learner's own words; the grader adds no
numbers of its own).

The time limit is SIGALRM in the main thread (:func:`time_limit`): in a
Jupyter kernel and in the worker, learners' code runs in the main thread,
and an endless Python loop is interrupted there. A loop inside one long C
call (a huge matrix product) is interrupted only when that call returns;
the command-line grader's per-submission process limit covers that case.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import signal
import threading
import unicodedata
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

#: Characters of a learner's printing kept per exercise (the rest is dropped).
PRINT_LIMIT = 2000
#: Characters of an exception message kept.
MESSAGE_LIMIT = 160


class TimeLimitReached(BaseException):
    """Raised inside the learner's code when its time is up (a BaseException: ``except Exception`` cannot hide it)."""


@dataclass
class CallResult:
    """The outcome of one call of a learner's function.

    Attributes
    ----------
    status : str
        "ok", "stub" (NotImplementedError, or None / ``...`` returned),
        "error" (an exception, or outputs of the wrong kind) or "timeout".
    parts : tuple of ndarray or None
        The outputs (one per name in the exercise's ``returns``), copied.
    message : str
        For "error": what went wrong, e.g. "ValueError: shapes do not align".
        For "ok": empty, or CHANGED and the 1-based position of an argument
        the function changed (other than the one it updates in place).
    """

    status: str
    parts: tuple | None = None
    message: str = ""


@contextlib.contextmanager
def time_limit(seconds: float | None):
    """Raise TimeLimitReached in the main thread after ``seconds`` (then again every 0.2 s until the block ends).

    The repeat defeats a bare ``except:`` inside an endless loop. Outside
    the main thread, or without SIGALRM (Windows), there is no limit.
    """
    usable = (
        seconds is not None
        and hasattr(signal, "SIGALRM")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def _alarm(signum, frame):
        raise TimeLimitReached

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, max(float(seconds), 1e-3), 0.2)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class BoundedText(io.TextIOBase):
    """A text sink that keeps the first ``limit`` characters and counts the rest."""

    def __init__(self, limit: int = PRINT_LIMIT):
        self.limit = limit
        self.kept: list[str] = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        text = str(text)
        room = self.limit - self.size
        if room > 0:
            self.kept.append(text[:room])
        self.size += len(text)
        return len(text)

    def getvalue(self) -> str:
        return "".join(self.kept)


def signature_problem(fn, n_params: int) -> str:
    """"" if ``fn`` can be called with ``n_params`` positional arguments, else what is wrong."""
    if not callable(fn):
        return f"is a {type(fn).__name__}, not a function"
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return ""  # a builtin or C function: let the calls decide
    try:
        sig.bind(*range(n_params))
    except TypeError:
        return f"takes {len(sig.parameters)} argument(s) where the exercise passes {n_params}"
    return ""


def _copy_args(args: Sequence) -> tuple:
    return tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)


def _as_parts(result, n_parts: int) -> tuple:
    """The outputs as a tuple of fresh arrays; raises TypeError when they are of the wrong kind."""
    if n_parts == 1:
        values = (result,)
    elif isinstance(result, tuple | list) and len(result) == n_parts:
        values = tuple(result)
    else:
        got = f"a tuple of {len(result)}" if isinstance(result, tuple | list) else f"a {type(result).__name__}"
        raise TypeError(f"returned {got}; return a tuple of {n_parts} values")
    parts = []
    for value in values:
        if value is None:
            raise TypeError("returned None as one of its values")
        array = np.array(value)  # a copy
        if array.dtype.kind not in "biuf":
            raise TypeError(f"returned a value of type {type(value).__name__}; return NumPy arrays or numbers")
        parts.append(array)
    return tuple(parts)


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "\\": "\\\\"}


def quote(text, limit: int = MESSAGE_LIMIT) -> str:
    """``text`` from a submission as one quoted, escaped line of at most about ``limit`` characters.

    Newlines, tabs, quotes, backslashes and every other control or
    invisible character (category C, line and paragraph separators) are
    shown as escapes, so nothing a submission prints or raises can start a
    line of its own or pass for the grader's words: it always sits inside
    the quotes.
    """
    text = str(text)
    out, size = [], 0
    for ch in text[: limit + 1]:
        if ch in _ESCAPES:
            ch = _ESCAPES[ch]
        elif unicodedata.category(ch)[0] == "C" or unicodedata.category(ch) in ("Zl", "Zp"):
            code = ord(ch)
            ch = f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}" if code < 65536 else f"\\U{code:08x}"
        out.append(ch)
        size += len(ch)
        if size > limit:
            break
    body = "".join(out)
    if size > limit or len(text) > limit:
        body = body[: max(limit - 3, 0)].rstrip("\\") + "..."
    return f'"{body}"'


def _describe(exc: BaseException) -> str:
    """The exception's type and message, quoted and escaped (:func:`quote`); never raises."""
    name = type(exc).__name__
    try:
        message = str(exc)
    except BaseException:  # a learner's exception whose __str__ fails
        message = ""
    text = f"{name}: {message}" if message else name
    return quote(text)


def _is_stub(result) -> bool:
    return result is None or result is Ellipsis


def run_calls(
    fn: Callable,
    calls: Sequence[tuple],
    n_parts: int,
    seconds: float | None,
    keep_arg: int | None = None,
) -> tuple[list[CallResult], str]:
    """Call ``fn(*args)`` for every args in ``calls`` within one time budget.

    Parameters
    ----------
    fn : the learner's function
    calls : list of argument tuples (each call gets its own copies)
    n_parts : how many values fn returns (1: a single value)
    seconds : the time budget of all the calls together (None: no limit)
    keep_arg : for a function that updates an argument in place, its index:
        the argument's value after the call is appended to the outputs.

    Returns
    -------
    results : one CallResult per call
    printed : the first PRINT_LIMIT characters the function printed
    """
    results: list[CallResult] = []
    out = BoundedText()
    try:
        with (
            time_limit(seconds),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(out),
            warnings.catch_warnings(),
            np.errstate(all="ignore"),
        ):
            warnings.simplefilter("ignore")  # the learner's overflow warnings: the checks report what matters
            for args in calls:
                if results and results[0].status == "stub":
                    results.append(CallResult("stub"))
                    continue
                results.append(_one_call(fn, args, n_parts, keep_arg))
    except TimeLimitReached:
        pass
    results.extend(CallResult("timeout") for _ in range(len(calls) - len(results)))
    return results, out.getvalue()


#: The message of a call that returned but changed one of its arguments.
CHANGED = "changed argument "


def _changed(originals: Sequence, args: Sequence, keep_arg: int | None) -> str:
    """CHANGED and the position (from 1) of the first array argument the call changed, or ""."""
    for i, (original, arg) in enumerate(zip(originals, args, strict=False)):
        if i != keep_arg and isinstance(original, np.ndarray):
            same = arg.shape == original.shape and np.array_equal(
                arg, original, equal_nan=original.dtype.kind in "fc"
            )
            if not same:
                return f"{CHANGED}{i + 1}"
    return ""


def _one_call(fn, args, n_parts, keep_arg) -> CallResult:
    originals, args = args, _copy_args(args)
    before = np.array(args[keep_arg]) if keep_arg is not None else None
    try:
        result = fn(*args)
    except NotImplementedError:
        return CallResult("stub")
    except TimeLimitReached:
        raise
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # the learner's bug, whatever it is (SystemExit too)
        return CallResult("error", message=_describe(exc))
    if _is_stub(result):
        if keep_arg is not None and not np.array_equal(before, np.asarray(args[keep_arg])):
            return CallResult("error", message="returned None; return the array after updating it")
        return CallResult("stub")
    try:
        parts = _as_parts(result, n_parts)
    except TypeError as exc:
        return CallResult("error", message=str(exc))
    if keep_arg is not None:
        parts += (np.array(args[keep_arg]),)
    return CallResult("ok", parts, _changed(originals, args, keep_arg))
