"""The check cells' helpers: a blank answer says "fill in NAME", a wrong one says its hint, a right one says nothing."""

import numpy as np
import pytest

from word2vec_np.teach.exercises import ExerciseError, Unanswered, WrongAnswer, answered, check


def test_a_blank_answer_is_named():
    with pytest.raises(Unanswered, match=r"^Exercise 2: fill in b, c \(each is still \.\.\.\)$"):
        answered("Exercise 2", a=1.0, b=..., c=...)


def test_filled_answers_pass_whatever_they_are():
    answered("Exercise 1", a=np.zeros(3), b=None, c="egypt", d=0)  # arrays, None and 0 are answers, not blanks


def test_a_wrong_answer_gets_its_hint_only():
    with pytest.raises(WrongAnswer, match=r"^not the factor: the exact rule divides by C$"):
        check(np.allclose(np.ones(2), 2 * np.ones(2)), "not the factor: the exact rule divides by C")
    check(np.float64(1.0) == 1.0, "never shown")


def test_both_are_assertions_shown_in_one_line():
    assert issubclass(Unanswered, AssertionError) and issubclass(WrongAnswer, ExerciseError)
    with pytest.raises(WrongAnswer) as info:
        check(False, "a hint")
    assert info.value._render_traceback_() == ["WrongAnswer: a hint"]  # what IPython shows instead of a traceback
