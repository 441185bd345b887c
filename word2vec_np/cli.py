"""What every ``python -m word2vec_np.<command>`` shares: one-line errors and warnings, full option names, a closed pipe.

A mistake on the command line is reported like every other user error: a
single ``error: ...`` line on stderr and exit code 2, instead of argparse's
usage block. A warning (a word listed twice in a vectors file, say) is one
``warning: ...`` line, without the file name, line number and line of source
code that Python prints by default.
"""

import argparse
import contextlib
import os
import sys
import traceback
import warnings
from collections.abc import Iterator


class CommandParser(argparse.ArgumentParser):
    """argparse, but a command-line mistake is one ``error:`` line (exit code 2), and options are
    spelled in full: no prefix matching (``--out`` for ``--output``) and no value glued to a short
    option (``-ovectors.bin``). So ``-output`` (the C tool's spelling, where a command does not
    translate it) is an unknown option, not ``-o utput``, and adding an option never changes what
    an existing command line means."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def parse_known_args(self, args=None, namespace=None):
        args = sys.argv[1:] if args is None else list(args)
        for a in args:
            if a == "--":
                break
            if (
                a.startswith("-")
                and not a.startswith("--")
                and len(a) > 2
                and a.split("=", 1)[0] not in self._option_string_actions
                and not self._negative_number_matcher.match(a)
            ):
                self.error(f"unknown option {a}; write options in full, with a space before the value (-o FILE)")
        return super().parse_known_args(args, namespace)

    def error(self, message: str):
        self.exit(2, f"error: {message}; see --help\n")


@contextlib.contextmanager
def one_line_warnings() -> Iterator[None]:
    """While active, a warning is printed as the single line ``warning: <message>`` on stderr."""

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        print(f"warning: {message}", file=file if file is not None else sys.stderr)

    previous = warnings.showwarning
    warnings.showwarning = show
    try:
        yield
    finally:
        warnings.showwarning = previous


def stdout_closed() -> int:
    """The reader of the output went away (``... | head``): stop quietly, as Unix tools do."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # so flushing at exit does not complain again
    return 141  # 128 + SIGPIPE, what a shell reports for a tool killed by a closed pipe


def user_error(exc: BaseException, debug: bool, message: str | None = None, code: int = 2) -> int:
    """A user's mistake (a bad file, path or setting): one ``error:`` line on stderr, after the
    traceback with ``--debug``; returns the exit code ``code`` (2 unless the command documents
    another). ``message`` replaces ``str(exc)``."""
    if debug:
        traceback.print_exc()
    return error_line(str(exc) if message is None else message, code)


def error_line(message: str, code: int) -> int:
    """The ``error: <message>`` line on stderr for a failure that is no exception; returns ``code``."""
    print(f"error: {message}", file=sys.stderr)
    return code
