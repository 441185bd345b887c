"""The check cells' helpers: a blank answer says "fill in NAME", a wrong one says its hint, a right one says nothing."""

import numpy as np
import pytest

from word2vec_np.teach.exercises import ExerciseError, Unanswered, WrongAnswer, answered, check, shaped


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


def test_a_wrong_shape_is_named_with_the_shape_asked_for():
    """A (D, 1) column where a (D,) vector is asked for: one line with both shapes, never the value."""
    message = r"^Exercise 3: dL_dh has shape \(3, 1\), the exercise asks for shape \(3,\)$"
    with pytest.raises(WrongAnswer, match=message):
        shaped("Exercise 3", (3,), dL_dh=np.arange(3.0)[:, None])
    with pytest.raises(WrongAnswer, match=r"the_sum has shape \(\)"):
        shaped("Exercise 4", (3,), W_next=np.zeros(3), the_sum=0.0)  # a number where a vector is asked for
    shaped("Exercise 3", (3,), dL_dh=[0.0, 1.0, 2.0])  # a list of the right length is an answer of the right shape


def test_a_comparison_with_several_values_is_a_hint_not_a_numpy_error():
    """np.isclose(answer, 2.0) with an array answer gives an array: bool() of it would raise a ValueError."""
    message = r"^not the loss \(the comparison gave 3 values: is your answer one number\?\)$"
    with pytest.raises(WrongAnswer, match=message):
        check(np.isclose(np.array([2.0, 2.0, 2.0]), 2.0), "not the loss")
    check(np.array([True]), "a one-element comparison is one answer")
