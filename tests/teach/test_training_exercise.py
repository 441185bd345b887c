"""Assignment a5 (teach/grading/training.py): a learner's functions train in the textbook trainer, graded
by the share of planted analogies their vectors answer.

* The worked solutions (tests/assignment_solutions.py) pass, and reach the share the notebook and
  docs/teaching.md state (one training run of the real settings: the measurement itself, about
  20-40 s, the reason this test is slow).
* A backward pass with the wrong sign fails: training diverges (and is stopped when it does).
* A function that raises, a stub and a wrong shape are each reported in one line naming the function.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests import assignment_solutions as good
from tests.helpers import ROOT
from word2vec_np.teach.grading import training
from word2vec_np.teach.grading.training import FUNCTIONS, PASS_SHARE, grade_training

A5 = ROOT / "notebooks" / "assignments" / "a5_train_your_own.ipynb"


def solutions(**replaced) -> dict:
    return {**{name: getattr(good, name) for name in FUNCTIONS}, **replaced}


def test_the_worked_solutions_pass_and_reach_the_share_the_texts_state():
    share, report = grade_training(solutions())
    assert share >= PASS_SHARE, report
    assert report.count("\n") == 1 and "passes" in report and "FAIL" not in report
    stated = f"{100 * share:.1f}%"
    for path in (A5, ROOT / "docs" / "teaching.md", ROOT / "word2vec_np" / "teach" / "grading" / "training.py"):
        assert stated in path.read_text(encoding="utf-8"), f"{path.name} does not state the share {stated}"
    assert f"{100 * PASS_SHARE:.0f}%" in A5.read_text(encoding="utf-8")


def test_a_backward_pass_with_the_wrong_sign_fails():
    def skipgram_backward(dh, inputs, V):
        return -good.skipgram_backward(dh, inputs, V)

    share, report = grade_training(solutions(skipgram_backward=skipgram_backward))
    assert share < PASS_SHARE
    assert report.startswith("train with your own code: not trained: training diverged"), report
    assert "\n" not in report and "signs of your gradients" in report, report


def test_an_update_that_adds_the_gradient_fails():
    def sgd_update(W, rows, grad_rows, lr):
        return good.sgd_update(W, rows, grad_rows, -lr)

    share, report = grade_training(solutions(sgd_update=sgd_update))
    assert share == 0.0 and "sgd_update added lr * grad_rows: a step must subtract it" in report, report


def test_a_function_that_raises_is_reported_in_one_line():
    def ns_loss_and_grads(W_out, h, targets, negatives):
        return W_out[targets] @ h.T @ np.ones((3, 3))  # a shape error, as learners write them

    share, report = grade_training(solutions(ns_loss_and_grads=ns_loss_and_grads))
    assert share == 0.0 and "\n" not in report
    assert report.startswith("train with your own code: not trained: ns_loss_and_grads raised ValueError"), report


def test_a_stub_a_missing_function_and_a_wrong_shape_are_named():
    def stub(*args):
        raise NotImplementedError

    share, report = grade_training(solutions(skipgram_forward=stub))
    assert share == 0.0 and "skipgram_forward: not implemented yet" in report and "\n" not in report
    functions = solutions()
    del functions["keep_probability"]
    assert "keep_probability: not given" in grade_training(functions)[1]
    share, report = grade_training(solutions(skipgram_forward=lambda W_in, inputs: W_in[inputs][0]))
    assert "skipgram_forward must return h of shape (1, 3), got shape (3,)" in report, report
    share, report = grade_training(solutions(noise_distribution=lambda counts: counts ** 0.75))
    assert "noise_distribution must return probabilities" in report, report


def test_an_update_that_returns_a_new_matrix_is_caught():
    def sgd_update(W, rows, grad_rows, lr):
        W = W.copy()
        np.add.at(W, rows, -lr * grad_rows)
        return W

    share, report = grade_training(solutions(sgd_update=sgd_update))
    assert share == 0.0 and "sgd_update must change W in place" in report, report


def test_the_time_limit_stops_a_slow_run():
    share, report = grade_training(solutions(), seconds=0.5)
    assert share == 0.0 and "training took longer than 0.5 s" in report, report


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_every_function_is_used(name):
    """Negative control of the wiring: each function, replaced by one that raises, stops the run."""

    def broken(*args):
        raise RuntimeError("planted")

    share, report = grade_training(solutions(**{name: broken}))
    assert share == 0.0 and f"{name} raised RuntimeError: planted" in report, report


def test_show_training_without_vectors_says_so(capsys):
    training.show_training(None)
    assert "no vectors yet" in capsys.readouterr().out


def test_show_training_prints_neighbours_and_one_analogy_per_relation(capsys):
    from word2vec_np.text import corpus
    from word2vec_np.vectors.vectors import Vectors

    vocab, _ = corpus.load(training.BUNDLED_CORPUS, min_count=5)
    vectors = Vectors(vocab.words, np.random.default_rng(0).normal(size=(len(vocab), 4)))
    training.show_training(vectors)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0].strip() for line in lines[:3]] == ["king", "paris", "dog"]
    analogies = lines[3:]
    assert len(analogies) == 5 and all(line.endswith(("(right)", "(wrong)")) for line in analogies), lines
