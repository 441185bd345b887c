"""Grading the assignments of notebooks/assignments/: one call in a notebook, one command for a class.

In an assignment notebook::

    from word2vec_np.teach.grading import check
    check("softmax", softmax)

prints a report: per check pass / FAIL / not implemented yet, and for a
failure a hint naming the likely mistake, never an expected number. For a
course, ``python -m word2vec_np.grade SUBMISSION...`` grades whole
notebooks, each in its own process (grade.py, submission.py).

    cases.py       the inputs: drawn by hypothesis, derandomized
    calls.py       calling the learner's code: time limit, bounded printing, stubs
    judge.py       the checks, the diagnosis of mistakes, the report
    exercises.py   the twelve exercises: statements, references, hint catalogues
    report.py      reports as text, the class table, the CSV rows
    training.py    assignment a5: the learner's functions train in the textbook trainer, graded by the analogies
    submission.py  a submitted .ipynb or .py, graded in a separate process (a5 in a second one); flags; bounded reading
    supervisor.py  the process that watches it: limits, subreaper, kills what it started (standard library only)
    worker.py      the submission's process (standard library and NumPy only)
    feedback.py    a feedback file per submission, and the class summary
    gradebook.py   exercise weights and written marks: the final grade

Grading runs the learner's code, in the notebook's kernel or, from the
command line, in a separate process, as nbgrader does: grade only code you
would run yourself.
"""

from __future__ import annotations

import importlib.util
import inspect
from collections.abc import Callable

if importlib.util.find_spec("hypothesis") is None:  # the checks draw their inputs with it: an extra of the package
    raise ModuleNotFoundError(
        "grading the assignments needs hypothesis, which draws the checks' inputs; "
        "install it with: pip install 'word2vec_np[grade]' (or pip install hypothesis)",
        name="hypothesis",
    )

from .calls import run_calls, signature_problem
from .exercises import EXERCISES, NOTEBOOKS
from .judge import ExerciseReport, judge, make_plan, missing
from .report import format_report

__all__ = ["DEFAULT_SECONDS", "EXERCISES", "NOTEBOOKS", "check", "grade_function", "reference_function"]

#: Time limit of one exercise (all its calls together), in seconds.
DEFAULT_SECONDS = 10.0


def _exercise(name: str):
    if name not in EXERCISES:
        from ...errors import ConfigError

        raise ConfigError(f"there is no exercise {name!r}; the exercises are: {', '.join(EXERCISES)}")
    return EXERCISES[name]


def grade_function(name: str, fn: Callable | None, seconds: float | None = DEFAULT_SECONDS) -> ExerciseReport:
    """Grade ``fn`` as exercise ``name`` in this process; returns the report (nothing printed).

    Parameters
    ----------
    name : an exercise id, a key of EXERCISES (the function's name)
    fn : the learner's function, or None when it was not found
    seconds : time limit of all the calls together (None: no limit)
    """
    exercise = _exercise(name)
    if fn is None:
        return missing(exercise)
    problem = signature_problem(fn, len(exercise.params))
    if problem:
        return judge(exercise, [], signature_problem=problem)
    results, printed = run_calls(fn, make_plan(exercise).calls, exercise.n_returned, seconds, exercise.keep_arg)
    return judge(exercise, results, seconds=seconds, printed=printed)


def check(name: str, fn: Callable, seconds: float | None = DEFAULT_SECONDS) -> None:
    """Grade ``fn`` as exercise ``name`` and print the report (the call of the assignment notebooks)."""
    print(format_report(grade_function(name, fn, seconds)))


def reference_function(name: str) -> Callable:
    """The package's answer to exercise ``name``, with the exercise's signature (what ``--reference`` grades)."""
    exercise = _exercise(name)
    reference = exercise.reference

    def answer(*args):
        out = reference(*args)
        return out[0] if exercise.n_returned == 1 else out[: exercise.n_returned]

    if exercise.keep_arg is not None:

        def answer(*args):  # noqa: F811: the in-place form
            new = reference(*args)[0]
            args[exercise.keep_arg][...] = new
            return args[exercise.keep_arg]

    answer.__name__ = name
    answer.__signature__ = inspect.Signature(
        [inspect.Parameter(p, inspect.Parameter.POSITIONAL_OR_KEYWORD) for p in exercise.params]
    )
    return answer

