"""The check cells of the lesson notebooks' exercises: say what is missing or wrong, never the expected value.

Every exercise of the lesson notebooks has an answer cell, whose lines marked
``# ANSWER`` are committed blank (``name = ...``, :mod:`word2vec_np.teach.answers`),
and a check cell that calls these two functions::

    answered("Exercise 1", f_star=f_star)              # Unanswered: "Exercise 1: fill in f_star"
    shaped("Exercise 3", (D,), dL_dh=dL_dh)           # WrongAnswer: "... has shape (D, 1), not (D,) ..."
    check(keep_below == 1.0, "a word just below f* should always be kept")

A blank answer gets "fill in NAME", not a TypeError from the arithmetic that
would follow; an answer of the wrong shape gets its shape and the shape
asked for, not a broadcasting error from the comparison; a wrong answer gets the hint written in the check cell, which
names the likely mistake and never prints the value the check compares with
(a learner who could read it off would learn nothing). Both are
AssertionErrors, so "Run all" stops at the first exercise left to do (the
check cells are tagged ``raises-exception``, so that nbconvert and the tests
run a blank notebook to its end), and
(as every error a user can cause) subclasses of
:class:`~word2vec_np.errors.Word2VecError`; in Jupyter they show as one line
instead of a traceback.

The assignments with whole functions to write are graded by
``python -m word2vec_np.grade``; this module only serves the short exercises
at the end of each lesson.
"""

from __future__ import annotations

import numpy as np

from ..errors import Word2VecError


class ExerciseError(Word2VecError, AssertionError):
    """An exercise is not done yet; shown in Jupyter as one line, without a traceback."""

    def _render_traceback_(self) -> list[str]:  # IPython calls this instead of printing the traceback
        return [f"{type(self).__name__}: {self}"]


class Unanswered(ExerciseError):
    """An answer is still ``...``."""


class WrongAnswer(ExerciseError):
    """An answer is there but fails its check; the message is a hint, not the expected value."""


def answered(exercise: str, **answers: object) -> None:
    """Raise Unanswered naming every answer in ``answers`` that is still ``...`` (Ellipsis).

    ``exercise`` is the label the message starts with, e.g. ``"Exercise 2"``;
    the keywords are the answer names as the notebook spells them.
    """
    blank = [name for name, value in answers.items() if value is Ellipsis]
    if blank:
        raise Unanswered(f"{exercise}: fill in {', '.join(blank)} (each is still ...)")


def shaped(exercise: str, shape: tuple[int, ...], **answers: object) -> None:
    """Raise WrongAnswer naming every answer in ``answers`` whose shape is not ``shape``.

    Call it before the comparison, so that a (D, 1) column where a (D,)
    vector is asked for gets a hint instead of a broadcasting error or a
    comparison that broadcasts into a silent pass or fail. A shape is part
    of the question, so the message states the shape asked for (never a value).
    """
    for name, value in answers.items():
        got = np.shape(value)
        if got != tuple(shape):
            raise WrongAnswer(f"{exercise}: {name} has shape {got}, the exercise asks for shape {tuple(shape)}")


def check(ok: object, hint: str) -> None:
    """Raise WrongAnswer(hint) unless ``ok`` is true.

    ``ok`` is the comparison of the learner's answer with the package (a bool
    or a NumPy bool). ``hint`` says what is likely wrong; it must not contain
    the expected value. A comparison that gave several values (an array
    compared where one number was asked for) is a wrong answer too, with the
    hint and a word on the shape, instead of NumPy's "truth value of an array
    is ambiguous".
    """
    if np.size(ok) != 1:
        raise WrongAnswer(f"{hint} (the comparison gave {np.size(ok)} values: is your answer one number?)")
    if not bool(np.asarray(ok).item()):
        raise WrongAnswer(hint)
