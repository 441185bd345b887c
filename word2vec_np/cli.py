"""What every ``python -m word2vec_np.<command>`` shares: one-line errors, options spelled in full.

A mistake on the command line is reported like every other user error: a
single ``error: ...`` line on stderr and exit code 2, instead of argparse's
usage block.
"""

import argparse
import sys


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
