"""What every ``python -m word2vec_np.<command>`` shares: one-line errors and warnings.

A mistake on the command line is reported like every other user error: a
single ``error: ...`` line on stderr and exit code 2, instead of argparse's
usage block. A warning (a word listed twice in a vectors file, say) is one
``warning: ...`` line, without the file name, line number and line of source
code that Python prints by default.
"""

import argparse
import contextlib
import sys
import warnings
from collections.abc import Iterator


class CommandParser(argparse.ArgumentParser):
    """argparse, but a command-line mistake is one ``error:`` line (exit code 2)."""

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
