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
a mistake's hint is given when the learner's outputs equal, on every case
and within the values' tolerance, what that mistake computes. Otherwise the
hint says which check failed and on what kind of input (every case carries
a short description of its kind, e.g. "rows with very different scores").
A report never holds a number computed by the reference.

Scoring (:attr:`ExerciseReport.score`): the value checks compare the
learner's outputs with the reference on every drawn and pinned case. The
other checks (float64 outputs of the right shapes, inputs left unchanged,
the gradient check, properties) only make sense once the values are right:
they earn credit only when every value check passes. So constants of the
right shape, zeros and uniform rows earn nothing.

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
from .calls import CHANGED, CallResult

#: Agreement tolerance with the reference. Float64 answers differ from it by rounding only (a few
#: units of 1e-16); float32 arithmetic, even cast back to float64, is off by about 1e-7 and fails.
RTOL, ATOL = 1e-9, 1e-10
#: Tolerance of "close, but only to float32's precision" (a hint, never a pass).
NEAR_RTOL, NEAR_ATOL = 1e-5, 1e-6
#: The hint for outputs that are float32, or only as close to the reference as float32 arithmetic
#: (or a small eps or clip) leaves them.
PRECISION = ("the values agree only to about 6 digits where float64 answers agree to 9: compute in float64 "
             "throughout (float32 keeps about 7 digits), and add no small constant (eps) and no clipping")
#: Step and tolerance of the directional gradient check.
EPS, GRAD_RTOL, GRAD_ATOL = 1e-5, 1e-5, 1e-7
N_RANDOM = 6
N_DIRECTIONS = 2


#: The kind of the drawn cases, as a report names it.
RANDOM_KIND = "random inputs"


@dataclass(frozen=True)
class Mistake:
    """A wrong answer that learners really write: ``output(*args)`` computes it, ``hint`` names it.

    ``outputs``: the indices of the outputs the mistake is about (None: all),
    e.g. only the loss for a loss that overflows, whatever the gradients do.
    """

    hint: str
    output: Callable
    outputs: tuple[int, ...] | None = None


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
    pinned : () -> list of fixed cases, each (kind, argument tuple): kind says
        in a few words what is special about it ("counts that include 0")
    mistakes : the hint catalogue, most specific first
    gradients : (argument index, output index) pairs: output 0 is the loss,
        and that output is its gradient wrt that argument
    properties : checks of the learner's outputs alone
    keep_arg : index of an argument updated in place (its value after the
        call is compared as the last output)
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
    kinds: list = field(default_factory=list)  # per case of random + pinned, its kind
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
    pinned = [args for _, args in exercise.pinned()]
    kinds = [RANDOM_KIND] * len(random) + [kind for kind, _ in exercise.pinned()]
    plan = Plan(exercise, random, pinned, kinds)
    rng = np.random.default_rng(2013)
    for case, args in enumerate(random + pinned):
        if not _moderate(args):
            continue  # large scores: central differences lose their digits there; the values are compared
        for arg, output in exercise.gradients:
            for _ in range(N_DIRECTIONS):
                v = rng.standard_normal(np.shape(args[arg]))
                v /= np.linalg.norm(v) or 1.0
                plan.gradient.append((case, arg, output, v))
    plan.properties = [prop.cases() for prop in exercise.properties]
    return plan


def _moderate(args: tuple) -> bool:
    """Whether every real-valued argument is at most 100 in size (where the gradient check is meaningful)."""
    return all(
        not isinstance(a, np.ndarray) or a.dtype.kind != "f" or a.size == 0 or float(np.max(np.abs(a))) <= 100.0
        for a in args
    )


# ---------------------------------------------------------------------- reports
@dataclass(frozen=True)
class Check:
    """One line of a report: ``status`` is "pass", "fail" or "skipped".

    ``needs_values``: the check earns credit only when every value check
    (agreement with the reference) passes.
    """

    name: str
    status: str
    hint: str = ""
    needs_values: bool = False


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
    def values_agree(self) -> bool:
        """Whether every value check passes (the other checks earn credit only then)."""
        values = [c for c in self.checks if c.name != "signature" and not c.needs_values]
        return bool(values) and all(c.status == "pass" for c in values)

    @property
    def score(self) -> float:
        """Fraction of the checks after the signature that earn credit: 0 when not implemented or nothing returned.

        A value check earns its credit when it passes; any other check only
        when it passes and every value check passes too.
        """
        rest = [c for c in self.checks if c.name != "signature"]
        if not rest or self.state != "graded":
            return 0.0
        agree = self.values_agree
        return sum(c.status == "pass" and (agree or not c.needs_values) for c in rest) / len(rest)


def not_implemented(exercise: Exercise, note: str = "") -> ExerciseReport:
    return ExerciseReport(exercise.name, "not implemented", note=note)


def missing(exercise: Exercise) -> ExerciseReport:
    return ExerciseReport(exercise.name, "missing", note=f"no function named {exercise.name} was found")


# ---------------------------------------------------------------------- comparing
def _close(a: np.ndarray, b: np.ndarray, nonfinite_alike: bool = False, near: bool = False) -> bool:
    """Equal shapes and values within RTOL, ATOL. A NaN or an infinity never agrees with a number.

    ``nonfinite_alike``: two non-finite entries count as equal (a learner's
    overflow may give inf where a catalogued mistake gives NaN).
    ``near``: within NEAR_RTOL, NEAR_ATOL instead (float32's precision).
    A single number ``b`` agrees with any one-entry ``a``, a (1, 1) loss
    too: its values are right, and the shape check (not this) fails it.
    """
    rtol, atol = (NEAR_RTOL, NEAR_ATOL) if near else (RTOL, ATOL)
    a, b = np.asarray(a), np.asarray(b)
    if b.shape == () and a.size == 1:
        a = a.reshape(())
    if a.shape != b.shape or a.dtype.kind not in "biuf" or b.dtype.kind not in "biuf":
        return False
    a, b = a.astype(np.float64), b.astype(np.float64)
    with np.errstate(all="ignore"):
        finite_a, finite_b = np.isfinite(a), np.isfinite(b)
        if nonfinite_alike:
            if not np.array_equal(finite_a, finite_b):
                return False
            return bool(np.allclose(a[finite_a], b[finite_b], rtol=rtol, atol=atol))
        return bool(finite_a.all() and finite_b.all() and np.allclose(a, b, rtol=rtol, atol=atol))


def _same(parts: tuple, expected: tuple, nonfinite_alike: bool = False, near: bool = False) -> bool:
    return len(parts) == len(expected) and all(
        _close(p, e, nonfinite_alike, near) for p, e in zip(parts, expected, strict=False)
    )


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
    (a mistake may coincide with the truth on some inputs, e.g. C = 1), and
    only if the learner's outputs match it, within the values' tolerance, on
    every case that returned: never on the strength of a single case.
    """
    ok = [(args, r.parts, e) for args, r, e in zip(cases, results, expected, strict=False) if r.status == "ok"]
    if not ok or all(_same(parts, e) for _, parts, e in ok):
        return None
    for mistake in exercise.mistakes:
        pick = (lambda out: out) if mistake.outputs is None else (
            lambda out, which=mistake.outputs: tuple(out[i] for i in which if i < len(out)))
        if mistake.outputs is not None and all(_same(pick(parts), pick(e)) for _, parts, e in ok):
            continue  # the outputs this mistake is about are right
        if all(
            (wrong := _outputs(mistake.output, args)) is not None
            and len(parts) == len(wrong)
            and _same(pick(parts), pick(wrong), nonfinite_alike=True)
            for args, parts, _ in ok
        ):
            return mistake.hint
    return None


def _shape_hint(exercise: Exercise, results: list[CallResult], expected: list) -> str:
    """The shapes the statement asks for, naming the first output whose shape is wrong."""
    for r, e in zip(results, expected, strict=False):
        if r.status != "ok":
            continue
        if len(r.parts) != len(e):
            break
        for name, shape, p, ref in zip(exercise.returns, exercise.shapes, r.parts, e, strict=False):
            if p.shape != np.shape(ref):
                return f"{name} has the wrong shape: it must be {shape}"
    return "the outputs have the wrong shapes; see the statement"


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


def _kinds(kinds: list[str]) -> str:
    """The distinct kinds of some cases, in order: "random inputs, counts that include 0"."""
    return ", ".join(dict.fromkeys(kinds))


def judge(
    exercise: Exercise,
    results: list[CallResult],
    *,
    signature_problem: str = "",
    seconds: float | None = None,
    printed: str = "",
) -> ExerciseReport:
    """Turn the learner's outputs (``results``, one per call of ``make_plan(exercise).calls``) into a report.

    Checks, in order: the signature (not scored); the value checks, the
    outputs against the reference on the random cases and on the pinned
    ones; then the checks that earn credit only with the values: float64
    outputs of the right shapes, inputs left unchanged, the gradient check,
    the properties.
    """
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
    with np.errstate(all="ignore"):  # the reference's overflow on the largest scores is harmless
        expected = [tuple(np.asarray(o) for o in exercise.reference(*args)) for args in cases]
    checks = [Check("signature", "pass")]

    problem = _first_problem(base, seconds)
    returned = [r for r in base if r.status == "ok"]
    shapes_ok = not problem and all(
        len(r.parts) == len(e) and all(p.shape == np.shape(x) for p, x in zip(r.parts, e, strict=False))
        for r, e in zip(base, expected, strict=False)
    )
    groups = (
        ("agrees with the reference on random inputs", slice(0, n_random)),
        ("agrees with the reference on edge cases", slice(n_random, n_random + n_pinned)),
    )
    # A mistake is named for a value check when it reproduces the learner's outputs on every case
    # of that check; the other checks name the mistake that does so on every case, or on the random ones.
    found = [diagnose(exercise, cases[part], base[part], expected[part]) for _, part in groups]
    diagnosis = diagnose(exercise, cases, base, expected) or found[0]

    # float32 outputs, or float64 ones as far off as float32 arithmetic: the other checks' failures
    # are then the precision's, not a wrong derivation's
    imprecise = any(p.dtype != np.float64 for r in returned for p in r.parts)

    # agreement with the reference: the value checks
    for (name, part), named in zip(groups, found, strict=True):
        rs, es, kinds = base[part], expected[part], plan.kinds[part]
        wrong = [(r, kind) for r, e, kind in zip(rs, es, kinds, strict=False)
                 if r.status != "ok" or not _same(r.parts, e)]
        if not wrong:
            checks.append(Check(name, "pass"))
        elif named:
            checks.append(Check(name, "fail", named))
        elif problem:
            checks.append(Check(name, "fail", problem))
        elif not shapes_ok:
            checks.append(Check(name, "fail", _shape_hint(exercise, rs, es)))
        elif all(_same(r.parts, e, near=True) for r, e in zip(rs, es, strict=False)):
            imprecise = True
            checks.append(Check(name, "fail", PRECISION))
        else:
            nonfinite = [kind for r, kind in wrong if not all(np.all(np.isfinite(p)) for p in r.parts)]
            finite = [kind for r, kind in wrong if kind not in nonfinite]
            what = [f"the values are wrong on {_kinds(finite)}"] * bool(finite)
            what += [f"some outputs are NaN or infinite on {_kinds(nonfinite)}"] * bool(nonfinite)
            equations = ", ".join(f"({t})" for t in exercise.tags)
            checks.append(Check(name, "fail", f"{'; '.join(what)}: compare your code with docs/math.md {equations}"))

    # float64 outputs of the right shapes
    if problem:
        checks.append(Check("float64 outputs of the right shapes", "fail", problem, needs_values=True))
    elif not shapes_ok:
        checks.append(Check("float64 outputs of the right shapes", "fail", _shape_hint(exercise, base, expected),
                            needs_values=True))
    elif any(p.dtype != np.float64 for r in returned for p in r.parts):
        kinds = sorted({str(p.dtype) for r in returned for p in r.parts if p.dtype != np.float64})
        hint = f"the statement asks for float64 outputs; yours include {', '.join(kinds)}"
        checks.append(Check("float64 outputs of the right shapes", "fail", hint, needs_values=True))
    else:
        checks.append(Check("float64 outputs of the right shapes", "pass", needs_values=True))

    # the inputs are left as they were
    changed = [r.message for r in returned if r.message.startswith(CHANGED)]
    if changed:
        number = int(changed[0][len(CHANGED):].split()[0])
        hint = (f"it changes its argument {exercise.params[number - 1]}: the caller still needs its inputs, "
                "so compute into new arrays")
        checks.append(Check("leaves its inputs unchanged", "fail", hint, needs_values=True))
    elif problem:
        checks.append(Check("leaves its inputs unchanged", "skipped", "fix the failing calls first", needs_values=True))
    else:
        checks.append(Check("leaves its inputs unchanged", "pass", needs_values=True))

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
            checks.append(Check("gradient check", "fail", _first_problem(trouble, seconds), needs_values=True))
        else:
            with np.errstate(all="ignore"):
                finite = np.all(np.isfinite(analytic)) and np.all(np.isfinite(numerical))
                verdict = finite and compare(np.array(analytic), np.array(numerical),
                                             rtol=GRAD_RTOL, atol=GRAD_ATOL).passed
            hint = diagnosis or (PRECISION if imprecise else None) or (
                "your gradients are not the derivatives of your loss: re-derive the backward pass "
                f"(docs/math.md, {', '.join(f'({t})' for t in exercise.tags)})"
            )
            checks.append(Check("gradient check", "pass" if verdict else "fail", "" if verdict else hint,
                                needs_values=True))
    else:
        position += 2 * len(plan.gradient)
        if exercise.gradients:
            checks.append(Check("gradient check", "skipped", "fix the outputs' shapes first", needs_values=True))

    # properties of the learner's own outputs
    for prop, prop_cases in zip(exercise.properties, plan.properties, strict=False):
        got = results[position : position + len(prop_cases)]
        position += len(prop_cases)
        problem = _first_problem(got, seconds)
        if problem:
            checks.append(Check(prop.name, "fail", problem, needs_values=True))
            continue
        with np.errstate(all="ignore"):
            try:
                holds = bool(prop.holds([r.parts for r in got], prop_cases))
            except Exception:  # outputs of a shape the property cannot use
                holds = False
        hint = "" if holds else (diagnosis or (PRECISION if imprecise else prop.hint))
        checks.append(Check(prop.name, "pass" if holds else "fail", hint, needs_values=True))
    return ExerciseReport(exercise.name, "graded", tuple(checks), printed=printed)
