"""What every ``python -m word2vec_np.<command>`` shares: one-line errors.

A mistake on the command line is reported like every other user error: a
single ``error: ...`` line on stderr and exit code 2, instead of argparse's
usage block.
"""

import argparse


class CommandParser(argparse.ArgumentParser):
    """argparse, but a command-line mistake is one ``error:`` line (exit code 2), and options are
    spelled in full: no prefix matching (``--out`` for ``--output``), so a prefix never silently
    changes meaning when an option is added, and the C tool's flags are never taken for one."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        self.exit(2, f"error: {message}; see --help\n")
