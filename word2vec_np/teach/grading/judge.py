"""What an exercise is, and how a learner's outputs are judged: the checks and their hints.

Grading one exercise is three steps, so that the learner's code can run in
another process (the command-line grader) or in the notebook's own kernel:

1. :func:`make_plan` lists every call to make: the random cases (drawn by
   hypothesis, cases.py), the pinned cases, the perturbed inputs of the
   gradient check and the inputs of the property checks. It holds inputs
   only, never an expected output.
2. calls.run_calls calls the learner's function on each of them.
3. :func:`judge` compares what came back with the package's reference, in
   the grader's own process, and returns an :class:`ExerciseReport`.

A report holds, per check, "pass", "fail" or "skipped" and, for a failure,
one hint (a stub's report has no checks: "not implemented yet"). Hints are fixed sentences of the exercise's
catalogue (its :class:`Mistake` list and its checks), chosen by diagnosis:
a mistake's hint is given when the learner's outputs equal, on every case,
what that mistake computes. A report never holds a number computed by the
reference.

The gradient check is the directional one of word2vec_np.core.gradcheck,
equation (GC-dir): for random unit directions v, <grad, v> against
(L(x + eps v) - L(x - eps v)) / (2 eps), with the learner's own loss L and
gradient, compared by gradcheck.compare.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from ...core.gradcheck import compare
from .calls import CallResult

#: Agreement tolerance with the reference (float64 answers differ by rounding only).
RTOL, ATOL = 1e-6, 1e-8
#: Step and tolerance of the directional gradient check.
EPS, GRAD_RTOL, GRAD_ATOL = 1e-5, 1e-5, 1e-7
N_RANDOM = 6
N_DIRECTIONS = 2


@dataclass(frozen=True)
class Mistake:
    """A wrong answer that learners really write: ``output(*args)`` computes it, ``hint`` names it."""

    hint: str
    output: Callable


@dataclass(frozen=True)
class Property:
    """A property of the learner's own outputs on inputs of its own.

    ``holds(outputs, cases)`` gets the list of output tuples (one per case
    of ``cases()``) and says whether the property holds for all of them.
    """

    name: str
    cases: Callable[[], list]
    holds: Callable[[list, list], bool]
    hint: str


@dataclass(frozen=True)
class Exercise:
    """One function a learner writes; its name is the function's name.

    Attributes
    ----------
    name : the function's name, e.g. "ns_loss_and_grads"
    notebook : the assignment notebook, e.g. "a3_negative_sampling"
    params : the parameter names, in order
    returns : the names of the outputs (one name: a single value)
    shapes : per output, its shape in words, for the shape hint
    tags : the docs/math.md equation tags it implements
    statement : one line saying what it computes
    reference : ``reference(*args)`` -> tuple of outputs, the package's answer
    strategy : () -> hypothesis strategy of argument tuples
    pinned : () -> list of fixed argument tuples
    mistakes : the hint catalogue, most specific first
    gradients : (argument index, output index) pairs: output 0 is the loss,
        and that output is its gradient wrt that argument
    properties : checks of the learner's outputs alone
    keep_arg : index of an argument updated in place (its value after the
        call is compared as the last output)
    generic_hint : the hint when no mistake of the catalogue matches
    """

    name: str
    notebook: str
    params: tuple[str, ...]
    returns: tuple[str, ...]
    shapes: tuple[str, ...]
    tags: tuple[str, ...]
    statement: str
    reference: Callable
    strategy: Callable
    pinned: Callable
    mistakes: tuple[Mistake, ...] = ()
    gradients: tuple[tuple[int, int], ...] = ()
    properties: tuple[Property, ...] = ()
    keep_arg: int | None = None
    generic_hint: str = "the values are wrong; compare your code with the equations named in the statement"

    @property
    def n_returned(self) -> int:
        """How many values the function itself returns (without the in-place argument)."""
        return len(self.returns) - (self.keep_arg is not None)


@dataclass
class Plan:
    """Every call of one exercise, and which check each belongs to. Inputs only."""

    exercise: Exercise
    random: list
    pinned: list
    gradient: list = field(default_factory=list)  # (case index, arg, output, v)
    properties: list = field(default_factory=list)  # per property, its cases

    @property
    def calls(self) -> list[tuple]:
        calls = list(self.random) + list(self.pinned)
        cases = calls[:]
        for case, arg, _, v in self.gradient:
            for sign in (1.0, -1.0):
                args = list(cases[case])
                args[arg] = args[arg] + sign * EPS * v
                calls.append(tuple(args))
        for prop_cases in self.properties:
            calls.extend(prop_cases)
        return calls


@cache
def make_plan(exercise: Exercise) -> Plan:
    """The calls that grade ``exercise``; the same every time (hypothesis derandomized, fixed seeds)."""
    from .cases import draw_examples

    random = draw_examples(exercise.strategy(), N_RANDOM)
    pinned = exercise.pinned()
    plan = Plan(exercise, random, pinned)
    rng = np.random.default_rng(2013)
    for case, args in enumerate(random + pinned):
        for arg, output in exercise.gradients:
            for _ in range(N_DIRECTIONS):
                v = rng.standard_normal(np.shape(args[arg]))
                v /= np.linalg.norm(v) or 1.0
                plan.gradient.append((case, arg, output, v))
    plan.properties = [prop.cases() for prop in exercise.properties]
    return plan


# ---------------------------------------------------------------------- reports
@dataclass(frozen=True)
class Check:
    """One line of a report: ``status`` is "pass", "fail" or "skipped"."""

    name: str
    status: str
    hint: str = ""


@dataclass(frozen=True)
class ExerciseReport:
    """The verdict on one exercise: its checks, and ``state``: "graded", "not implemented", "missing"."""

    exercise: str
    state: str
    checks: tuple[Check, ...] = ()
    note: str = ""
    printed: str = ""

    @property
    def passed(self) -> int:
        return sum(c.status == "pass" for c in self.checks)

    @property
    def score(self) -> float:
        """Fraction of the checks after the signature that pass: 0 when not implemented or nothing returned."""
        rest = [c for c in self.checks if c.name != "signature"]
        return sum(c.status == "pass" for c in rest) / len(rest) if rest and self.state == "graded" else 0.0


def not_implemented(exercise: Exercise, note: str = "") -> ExerciseReport:
    return ExerciseReport(exercise.name, "not implemented", note=note)


def missing(exercise: Exercise) -> ExerciseReport:
    return ExerciseReport(exercise.name, "missing", note=f"no function named {exercise.name} was found")


# ---------------------------------------------------------------------- comparing
def _close(a: np.ndarray, b: np.ndarray) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        return False
    with np.errstate(all="ignore"):
        return bool(np.allclose(a.astype(np.float64), b.astype(np.float64), rtol=RTOL, atol=ATOL, equal_nan=True))


def _same(parts: tuple, expected: tuple) -> bool:
    return len(parts) == len(expected) and all(_close(p, e) for p, e in zip(parts, expected, strict=False))


def _outputs(fn: Callable, args: tuple) -> tuple | None:
    """A catalogue function's outputs as arrays, or None if it cannot run on these inputs."""
    try:
        with np.errstate(all="ignore"):
            out = fn(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
    except Exception:
        return None
    return tuple(np.asarray(o) for o in out)


def diagnose(exercise: Exercise, cases: list, results: list[CallResult], expected: list) -> str | None:
    """The hint of the first mistake that reproduces the learner's outputs on every case, if one does.

    A mistake counts only if the learner differs from the reference somewhere
    (a mistake may coincide with the truth on some inputs, e.g. C = 1).
    """
    ok = [(args, r.parts, e) for args, r, e in zip(cases, results, expected, strict=False) if r.status == "ok"]
    if not ok or all(_same(parts, e) for _, parts, e in ok):
        return None
    for mistake in exercise.mistakes:
        if all((wrong := _outputs(mistake.output, args)) is not None and _same(parts, wrong) for args, parts, _ in ok):
            return mistake.hint
    return None


def _shape_hint(exercise: Exercise, cases: list, results: list[CallResult], expected: list) -> str:
    """A mistake whose outputs have the learner's (wrong) shapes, else the shapes the statement asks for."""
    for mistake in exercise.mistakes:
        if all(
            (wrong := _outputs(mistake.output, args)) is not None
            and len(wrong) == len(r.parts)
            and all(np.shape(w) == p.shape for w, p in zip(wrong, r.parts, strict=False))
            for args, r in zip(cases, results, strict=False)
            if r.status == "ok"
        ):
            return mistake.hint
    for _args, r, e in zip(cases, results, expected, strict=False):
        if r.status != "ok":
            continue
        for name, shape, p, ref in zip(exercise.returns, exercise.shapes, r.parts, e, strict=False):
            if p.shape != np.shape(ref):
                return f"{name} has the wrong shape: it must be {shape}"
    return "the outputs have the wrong shapes; see the statement"


def _explained(exercise: Exercise, cases: list, results: list[CallResult], expected: list) -> str | None:
    """A mistake that explains the calls that did return, when others raised (e.g. W_in[:, ids] out of range)."""
    if not any(r.status == "ok" for r in results):
        return None
    hint = diagnose(exercise, cases, results, expected)
    if hint:
        return hint
    shape = _shape_hint(exercise, cases, results, expected)
    return shape if any(shape == m.hint for m in exercise.mistakes) else None


def _first_problem(results: list[CallResult], seconds: float | None) -> str:
    """The hint for calls that did not return: an error, the time limit."""
    for r in results:
        if r.status == "error":
            return f"your function raised an error or returned the wrong kind of value: {r.message}"
        if r.status == "timeout":
            limit = f"{seconds:g} s" if seconds else "its time limit"
            return f"it did not finish within {limit}: look for an endless loop or a very slow one"
        if r.status == "stub":
            return "it is not implemented for every input yet (NotImplementedError or None returned)"
    return ""


def judge(
    exercise: Exercise,
    results: list[CallResult],
    *,
    signature_problem: str = "",
    seconds: float | None = None,
    printed: str = "",
) -> ExerciseReport:
    """Turn the learner's outputs (``results``, one per call of ``make_plan(exercise).calls``) into a report."""
    plan = make_plan(exercise)
    if signature_problem:
        hint = f"{exercise.name} {signature_problem}: it must be {exercise.name}({', '.join(exercise.params)})"
        checks = [Check("signature", "fail", hint)]
        return ExerciseReport(exercise.name, "graded", tuple(checks), printed=printed)
    if results and results[0].status == "stub":
        return not_implemented(exercise)
    n_random, n_pinned = len(plan.random), len(plan.pinned)
    cases = plan.random + plan.pinned
    base = results[: n_random + n_pinned]
    expected = [tuple(np.asarray(o) for o in exercise.reference(*args)) for args in cases]
    checks = [Check("signature", "pass")]

    # shapes and dtypes
    problem = _first_problem(base, seconds)
    shapes_ok = not problem and all(
        len(r.parts) == len(e) and all(p.shape == np.shape(x) for p, x in zip(r.parts, e, strict=False))
        for r, e in zip(base, expected, strict=False)
    )
    if problem:
        checks.append(Check("shapes and dtypes", "fail", _explained(exercise, cases, base, expected) or problem))
    elif not shapes_ok:
        checks.append(Check("shapes and dtypes", "fail", _shape_hint(exercise, cases, base, expected)))
    elif any(p.dtype.kind != "f" for r in base for p in r.parts):
        checks.append(Check("shapes and dtypes", "fail", "return floating-point values (float64), not integers"))
    else:
        checks.append(Check("shapes and dtypes", "pass"))
    later = [] if shapes_ok else ["gradient check"] * bool(exercise.gradients)
    diagnosis = diagnose(exercise, cases, base, expected) if shapes_ok else None

    # the learner's gradient against the learner's own loss
    position = n_random + n_pinned
    if exercise.gradients and shapes_ok:
        analytic, numerical, trouble = [], [], []
        for case, _arg, output, v in plan.gradient:
            plus, minus = results[position], results[position + 1]
            position += 2
            trouble += [r for r in (plus, minus) if r.status != "ok"]
            trouble += [CallResult("error", message="the loss is not a single number")
                        for r in (plus, minus) if r.status == "ok" and r.parts[0].size != 1]
            if not trouble:
                analytic.append(float(np.sum(base[case].parts[output] * v)))
                numerical.append((float(plus.parts[0]) - float(minus.parts[0])) / (2 * EPS))
        if trouble:
            checks.append(Check("gradient check", "fail", _first_problem(trouble, seconds)))
        else:
            with np.errstate(all="ignore"):
                verdict = compare(np.array(analytic), np.array(numerical), rtol=GRAD_RTOL, atol=GRAD_ATOL)
            hint = diagnosis or (
                "your gradients are not the derivatives of your loss: re-derive the backward pass "
                f"(docs/math.md, {', '.join(f'({t})' for t in exercise.tags)})"
            )
            checks.append(Check("gradient check", "pass" if verdict.passed else "fail", "" if verdict.passed else hint))
    else:
        position += 2 * len(plan.gradient)

    # properties of the learner's own outputs
    for prop, prop_cases in zip(exercise.properties, plan.properties, strict=False):
        got = results[position : position + len(prop_cases)]
        position += len(prop_cases)
        problem = _first_problem(got, seconds)
        if problem:
            checks.append(Check(prop.name, "fail", problem))
            continue
        with np.errstate(all="ignore"):
            try:
                holds = bool(prop.holds([r.parts for r in got], prop_cases))
            except Exception:  # outputs of a shape the property cannot use
                holds = False
        checks.append(Check(prop.name, "pass" if holds else "fail", "" if holds else (diagnosis or prop.hint)))

    # agreement with the reference
    for name, rs, es in (
        ("agrees with the reference on random inputs", base[:n_random], expected[:n_random]),
        ("pinned cases", base[n_random:], expected[n_random:]),
    ):
        if not shapes_ok:
            checks.append(Check(name, "skipped", "fix the failing \"shapes and dtypes\" check first"))
        elif all(_same(r.parts, e) for r, e in zip(rs, es, strict=False)):
            checks.append(Check(name, "pass"))
        else:
            checks.append(Check(name, "fail", diagnosis or exercise.generic_hint))
    for name in later:
        checks.insert(2, Check(name, "skipped", "fix the failing \"shapes and dtypes\" check first"))
    return ExerciseReport(exercise.name, "graded", tuple(checks), printed=printed)
