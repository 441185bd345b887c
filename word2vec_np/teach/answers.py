"""The answers of the lesson notebooks' exercises: one rule to blank them, one to fill them back in.

An exercise's answer cell writes each answer on one line::

    f_star = t * (3 + 5**0.5) / 2  # ANSWER: replace with your own

The lesson notebooks are kept in their student form, every such line blanked
to ``f_star = ...  # ANSWER: replace with your own``; the answers themselves
live in ``notebooks/answers/<notebook stem>.py``, one ``name = expression  #
ANSWER`` line per blank, in the order of the notebook. The test suite fills
them back in (:func:`fill_answers`) to check that each one passes its check
cell, and ``python -m word2vec_np.release`` blanks every notebook it hands out
(:func:`blank_answers`), so a teacher's filled-in copy never leaks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..errors import ConfigError

# `name = expression  # ANSWER...`, possibly indented (inside a `with` block, say).
ANSWER_LINE = re.compile(r"^(?P<lhs>[ \t]*[A-Za-z_]\w* = )(?P<expr>.+?)(?P<comment>[ \t]+# ANSWER.*)$", re.MULTILINE)
BLANK = "..."


def blank_answers(source: str) -> str:
    """``source`` with the expression of every ``# ANSWER`` line replaced by ``...`` (the rest untouched)."""
    return ANSWER_LINE.sub(lambda m: f"{m['lhs']}{BLANK}{m['comment']}", source)


def answer_lines(source: str) -> list[str]:
    """The ``# ANSWER`` lines of ``source``, in order, without their indentation.

    Applied to an answers file, the lines to fill in: its comments and other lines are notes, skipped.
    """
    return [m[0].strip(" \t") for m in ANSWER_LINE.finditer(source)]


def filled_lines(source: str) -> list[str]:
    """The ``# ANSWER`` lines of ``source`` that hold an answer (anything but ``...``)."""
    return [m[0].strip(" \t") for m in ANSWER_LINE.finditer(source) if m["expr"].strip() != BLANK]


def _name(line: str) -> str:
    return line.split("=", 1)[0].strip()


def fill_answers(source: str, answers: Sequence[str]) -> str:
    """``source`` with its ``# ANSWER`` lines replaced, in order, by ``answers`` (each re-indented as its blank).

    Raise ConfigError unless there is exactly one answer per ``# ANSWER`` line
    and each assigns the same name as the line it replaces.
    """
    blanks = list(ANSWER_LINE.finditer(source))
    answers = [a.strip(" \t") for a in answers]
    if len(answers) != len(blanks):
        raise ConfigError(
            f"{len(answers)} answer lines for {len(blanks)} blanks ({', '.join(_name(m[0]) for m in blanks)}); "
            "give one `name = expression  # ANSWER` line per blank, in order"
        )
    for blank, answer in zip(blanks, answers, strict=True):
        if not ANSWER_LINE.fullmatch(answer) or _name(answer) != _name(blank[0]):
            raise ConfigError(f"the answer {answer!r} does not fill the blank {blank[0].strip()!r}; "
                              "write it as `name = expression  # ANSWER` with the blank's name")
    replacements = iter(answers)
    return ANSWER_LINE.sub(lambda m: m["lhs"][: len(m["lhs"]) - len(m["lhs"].lstrip(" \t"))] + next(replacements),
                           source)
