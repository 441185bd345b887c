"""The grader is trustworthy: the reference passes, real mistakes fail with their hint, no answer leaks.

Every hint of word2vec_np/teach/grading/exercises.py is earned here: a wrong
implementation that learners really write is graded and must fail with that
hint (the negative controls below, written independently of the catalogue).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from tests import assignment_solutions as good
from tests.teach.student_answers import ANSWERS
from word2vec_np.teach.grading import EXERCISES, NOTEBOOKS, grade_function, reference_function
from word2vec_np.teach.grading.judge import make_plan
from word2vec_np.teach.grading.report import format_report

SECONDS = 5.0


def _grade(name, fn, seconds=SECONDS):
    return grade_function(name, fn, seconds)


def _stable_log_sigmoid(x):
    return -np.logaddexp(0.0, -x)


def _sig(x):
    return np.exp(_stable_log_sigmoid(x))


# ---------------------------------------------------------------------- positive controls
@pytest.mark.parametrize("name", list(EXERCISES))
def test_the_reference_passes_every_check(name):
    report = _grade(name, reference_function(name))
    assert report.state == "graded" and report.passed == len(report.checks), format_report(report)


@pytest.mark.parametrize("name", list(EXERCISES))
def test_a_learners_solution_passes_every_check(name):
    report = _grade(name, getattr(good, name))
    assert report.passed == len(report.checks), format_report(report)


def test_every_exercise_has_a_gradient_or_agreement_check_and_the_notebooks_are_the_four():
    assert list(NOTEBOOKS) == [
        "a1_onehot_network", "a2_skipgram_cbow", "a3_negative_sampling", "a4_hierarchical_softmax",
    ]
    for name in ("onehot_loss_and_grads", "ns_loss_and_grads", "hs_loss_and_grads"):
        assert EXERCISES[name].gradients
    plan = make_plan(EXERCISES["sgd_update"])
    assert any(len(set(rows.tolist())) < len(rows) for _, rows, _, _ in plan.random + plan.pinned), "no repeated rows"
    plan = make_plan(EXERCISES["ns_loss_and_grads"])
    duplicates = [len(set(n.tolist())) < len(n) for *_, negatives in plan.random for n in negatives]
    assert any(duplicates), "no duplicate negatives"


# ---------------------------------------------------------------------- negative controls
def _softmax_axis0(S):
    E = np.exp(S - S.max(axis=0))
    return E / E.sum(axis=0)


def _softmax_whole(S):
    E = np.exp(S - S.max())
    return E / E.sum()


def _softmax_naive(S):
    E = np.exp(S)
    return E / E.sum(axis=1, keepdims=True)


def _softmax_log(S):
    Z = S - S.max(axis=1, keepdims=True)
    return Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))


def _X(contexts, V, weight):
    B, C = contexts.shape
    X = np.zeros((B, V))
    for c in range(C):
        np.add.at(X, (np.arange(B), contexts[:, c]), weight(C))
    return X


def _onehot(W_in, W_out, contexts, targets, weight=lambda C: 1.0 / C, reduce=np.sum, sign=-1.0, naive=False):
    B = len(targets)
    S = _X(contexts, W_in.shape[0], weight) @ W_in @ W_out.T
    P = _softmax_naive(S) if naive else good.softmax(S)
    return sign * reduce(np.log(P[np.arange(B), targets]))


def _onehot_grads(W_in, W_out, contexts, targets, flip=False, grad_weight=None, buffered=False, transpose=False,
                  weight=lambda C: 1.0 / C, scale=1.0, naive=False):
    B, C = contexts.shape
    X = _X(contexts, W_in.shape[0], weight)
    H = X @ W_in
    E = good.softmax(H @ W_out.T)
    E[np.arange(B), targets] -= 1.0
    if flip:
        E = -E
    dH = E @ W_out
    if buffered:
        dW_in = np.zeros_like(W_in)
        for c in range(C):
            dW_in[contexts[:, c]] += dH / C
    elif grad_weight:
        dW_in = _X(contexts, W_in.shape[0], grad_weight).T @ dH
    else:
        dW_in = X.T @ dH
    dW_out = H.T @ E if transpose else E.T @ H
    loss = _onehot(W_in, W_out, contexts, targets, weight=weight, naive=naive)
    return loss * scale, dW_in * scale, dW_out * scale


def _sg_back(dh, inputs, V, how):
    dW = np.zeros((V, dh.shape[1]))
    if how == "buffered":
        dW[inputs] += dh
    elif how == "assign":
        dW[inputs] = dh
    elif how == "minus":
        np.add.at(dW, inputs, -dh)
    elif how == "mean":
        np.add.at(dW, inputs, dh / len(inputs))
    return dW


def _cbow_fwd(W_in, contexts, n_context, how):
    if how == "padding":
        return W_in[contexts].mean(axis=1)
    h = np.array([W_in[contexts[b, : n_context[b]]].sum(axis=0) for b in range(len(n_context))])
    return h if how == "sum" else h / contexts.shape[1]


def _cbow_back(dh, contexts, n_context, V, how):
    dW = np.zeros((V, dh.shape[1]))
    for b in range(len(n_context)):
        n = n_context[b]
        if how == "buffered":
            dW[contexts[b, :n]] += dh[b] / n
            continue
        for c in range(contexts.shape[1] if how == "padding" else n):
            dW[contexts[b, c]] += {"none": dh[b], "twice": dh[b] / n / n, "padding": dh[b] / n}[how]
    return dW


def _cbow_back_columns(dh, contexts, n_context, V):
    """`dW[contexts[:, c]] += ...` column by column: buffered across the batch."""
    dW = np.zeros((V, dh.shape[1]))
    for c in range(contexts.shape[1]):
        real = np.asarray(n_context) > c
        dW[contexts[real, c]] += dh[real] / np.asarray(n_context)[real, None]
    return dW


def _sgd(W, rows, grad_rows, lr, how):
    if how == "buffered":
        W[rows] -= lr * grad_rows
        return W
    if how == "uphill":
        np.add.at(W, rows, lr * grad_rows)
        return W
    if how == "no lr":
        np.add.at(W, rows, -grad_rows)
        return W
    new = W.copy()
    np.add.at(new, rows, -lr * grad_rows)
    if how == "copy":
        return new
    W[...] = new  # how == "no return"


def _ns(W_out, h, targets, negatives, how, scale=1.0):
    u_o, U = W_out[targets], W_out[negatives]
    z_o, z_k = np.sum(u_o * h, axis=1), np.einsum("bkd,bd->bk", U, h)
    if how == "naive loss":
        sigmoid = lambda x: 1.0 / (1.0 + np.exp(-x))  # noqa: E731
        loss = -np.sum(np.log(sigmoid(z_o))) - np.sum(np.log(sigmoid(-z_k)))
    elif how == "loss s(z_k)":
        loss = -_stable_log_sigmoid(z_o).sum() - _stable_log_sigmoid(z_k).sum()
    else:
        loss = -_stable_log_sigmoid(z_o).sum() - _stable_log_sigmoid(-z_k).sum()
    g_o = _sig(z_o) - 1.0 if how != "s(z_o)" else _sig(z_o)
    g_k = _sig(z_k) if how != "s(-z_k)" else _sig(-z_k)
    if how == "flip":
        g_o, g_k = -g_o, -g_k
    dh = g_o[:, None] * u_o + (0 if how == "no negatives in dh" else np.einsum("bk,bkd->bd", g_k, U))
    dW = np.zeros_like(W_out)
    if how == "buffered":
        dW[targets] += g_o[:, None] * h
        for j in range(negatives.shape[1]):
            dW[negatives[:, j]] += g_k[:, j, None] * h
    else:
        np.add.at(dW, targets, g_o[:, None] * h)
        np.add.at(dW, negatives, g_k[:, :, None] * h[:, None, :])
    if how == "no dW_out":
        dW = np.zeros_like(W_out)
    if how == "dh transposed":
        dh = dh.T
    return loss * scale, dh * scale, dW * scale


def _keep(counts, total, sample, how):
    z = counts / total if how != "count" else counts.astype(float)
    if sample == 0 and how != "no off":
        return np.ones(len(counts))
    r = sample / z
    keep = {"paper": np.sqrt(r), "discard": 1 - np.sqrt(r)}.get(how, np.sqrt(r) + r)
    return keep if how == "no cap" else np.minimum(keep, 1.0)


def _hs(W_out, h, codes, points, lengths, how):
    """The batched HS loss, example by example, with one mistake ``how``."""
    loss, dh, dW = 0.0, np.zeros_like(h), np.zeros_like(W_out)
    for b in range(len(h)):
        n = {"padding": codes.shape[1], "skip last": lengths[b] - 1}.get(how, lengths[b])
        U = W_out[points[b, :n]]
        z = U @ h[b]
        c = 1 - codes[b, :n] if how == "flipped code" else codes[b, :n]
        if how == "naive loss":
            terms = -np.log(1.0 / (1.0 + np.exp(-(1.0 - 2.0 * c) * z)))
        else:
            terms = -_stable_log_sigmoid((1.0 - 2.0 * c) * z)
        g = _sig(z) - (1.0 - c)
        if how == "s(z) - c":
            g = _sig(z) - c
        if how == "flip":
            g = -g
        if how == "s(-z)":
            g = _sig(-z) - (1.0 - c)
        if how == "ignores codes":
            terms = -_stable_log_sigmoid(z)
            g = _sig(z) - 1.0
        if how == "path mean":
            terms, g = terms / n, g / n
        loss += terms.sum()
        dh[b] = g @ U
        np.add.at(dW, points[b, :n], g[:, None] * h[b])
    if how == "batch mean":
        return loss / len(h), dh / len(h), dW / len(h)
    return loss, dh, dW


WRONG = [
    ("softmax", _softmax_axis0, "wrong axis"),
    ("softmax", _softmax_whole, "sum over the whole batch"),
    ("softmax", _softmax_naive, "subtract each row's maximum"),
    ("softmax", _softmax_log, "log-probabilities"),
    ("softmax", lambda S: S / S.sum(axis=1, keepdims=True), "exponentiates the scores"),
    ("softmax", lambda S: np.exp(S - S.max(axis=1, keepdims=True)) / (
        np.exp(S - S.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True) + 1e-4), "not a probability distribution"),
    ("softmax", lambda S: (S == S.max(axis=1, keepdims=True)).astype(int), "asks for float64 outputs"),
    ("onehot_loss", lambda *a: _onehot(*a, weight=lambda C: 1.0), "C times too large"),
    ("onehot_loss", lambda *a: _onehot(*a, reduce=np.mean), "SUM over the batch"),
    ("onehot_loss", lambda *a: _onehot(*a, sign=1.0), "wrong sign"),
    ("onehot_loss", lambda *a: _onehot(*a, naive=True), "not finite for large scores"),
    ("onehot_loss_and_grads", lambda *a: _onehot_grads(*a, flip=True), "wrong sign"),
    ("onehot_loss_and_grads", lambda *a: _onehot_grads(*a, grad_weight=lambda C: 1.0), "dW_in is C times too large"),
    ("onehot_loss_and_grads", lambda *a: _onehot_grads(*a, buffered=True), "repeated words lose gradient"),
    ("onehot_loss_and_grads", lambda *a: _onehot_grads(*a, transpose=True), "the transpose of dW'"),
    ("onehot_loss_and_grads", lambda *a: _onehot_grads(*a, weight=lambda C: 1.0), "h is the MEAN of the C context"),
    ("onehot_loss_and_grads", lambda *a: _onehot_grads(*a, naive=True), "not finite for large scores"),
    ("onehot_loss_and_grads", lambda *a: _onehot_grads(*a, scale=1.0 / len(a[3])), "SUM over the batch"),
    ("skipgram_forward", lambda W_in, i: W_in[:, i].T, "COLUMNS"),
    ("skipgram_forward", lambda W_in, i: W_in[i].sum(axis=0), "do not sum or average"),
    ("skipgram_forward", lambda W_in, i: W_in[np.unique(i)], "even when a word repeats"),
    ("skipgram_backward", lambda dh, i, V: _sg_back(dh, i, V, "buffered"), "repeated inputs lose gradient"),
    ("skipgram_backward", lambda dh, i, V: _sg_back(dh, i, V, "assign"), "repeated inputs lose gradient"),
    ("skipgram_backward", lambda dh, i, V: _sg_back(dh, i, V, "minus"), "wrong sign"),
    ("skipgram_backward", lambda dh, i, V: dh, "one row per WORD"),
    ("skipgram_backward", lambda dh, i, V: _sg_back(dh, i, V, "mean"), "divided by B"),
    ("cbow_forward", lambda W, c, n: _cbow_fwd(W, c, n, "sum"), "C times too large"),
    ("cbow_forward", lambda W, c, n: _cbow_fwd(W, c, n, "padding"), "reads the padding"),
    ("cbow_forward", lambda W, c, n: _cbow_fwd(W, c, n, "width"), "width C of the padded matrix"),
    ("cbow_backward", lambda dh, c, n, V: _cbow_back(dh, c, n, V, "none"), "C times too large"),
    ("cbow_backward", lambda dh, c, n, V: _cbow_back(dh, c, n, V, "twice"), "applied twice"),
    ("cbow_backward", lambda dh, c, n, V: _cbow_back(dh, c, n, V, "buffered"), "repeated context words lose"),
    ("cbow_backward", lambda dh, c, n, V: _cbow_back(dh, c, n, V, "padding"), "padding entries receive gradient"),
    ("cbow_backward", lambda dh, c, n, V: _cbow_back_columns(dh, c, n, V), "repeated context words lose"),
    ("cbow_backward", lambda dh, c, n, V: _cbow_back(dh, c, n, V, "buffered") * 2, "the values are wrong"),
    ("sgd_update", lambda *a: _sgd(*a, "buffered"), "repeated rows lose updates"),
    ("sgd_update", lambda *a: _sgd(*a, "uphill"), "goes uphill"),
    ("sgd_update", lambda *a: _sgd(*a, "no lr"), "ignores the learning rate"),
    ("sgd_update", lambda *a: _sgd(*a, "copy"), "updated in place"),
    ("sgd_update", lambda *a: _sgd(*a, "no return"), "return the array after updating it"),
    ("ns_loss_and_grads", lambda *a: _ns(*a, "flip"), "wrong sign"),
    ("ns_loss_and_grads", lambda *a: _ns(*a, "s(z_o)"), "uses s(z_o) where s(z_o) - 1"),
    ("ns_loss_and_grads", lambda *a: _ns(*a, "s(-z_k)"), "uses s(-z^-_i) where s(z^-_i) belongs"),
    ("ns_loss_and_grads", lambda *a: _ns(*a, "no negatives in dh"), "dL/dh misses the negatives"),
    ("ns_loss_and_grads", lambda *a: _ns(*a, "buffered"), "loses gradient"),
    ("ns_loss_and_grads", lambda *a: _ns(*a, "naive loss"), "compute log s(z) stably"),
    ("ns_loss_and_grads", lambda *a: _ns(*a, "loss s(z_k)"), "the negatives' loss term is log s(-z^-_i)"),
    ("ns_loss_and_grads", lambda *a: _ns(*a, "", scale=1.0 / len(a[2])), "SUM over the batch"),
    ("ns_loss_and_grads", lambda *a: _ns(*a, "no dW_out"), "not the derivatives of your loss"),
    ("ns_loss_and_grads", lambda *a: _ns(*a, "dh transposed"), "dh has the wrong shape: it must be (B, D)"),
    ("noise_distribution", lambda c: c / c.sum(), "unigram"),
    ("noise_distribution", lambda c: c**0.75, "must sum to 1"),
    ("noise_distribution", lambda c: (c / c.sum()) ** 0.75, "normalize AFTER"),
    ("noise_distribution", lambda c: c**0.75 / c.sum(), "must be >= 0 and sum to 1"),
    ("noise_distribution", lambda c: c[c > 0] ** 0.75 / np.sum(c[c > 0] ** 0.75), "count 0 keeps its place"),
    ("keep_probability", lambda *a: _keep(*a, "paper"), "paper's formula"),
    ("keep_probability", lambda *a: _keep(*a, "discard"), "DISCARD"),
    ("keep_probability", lambda *a: _keep(*a, "no cap"), "cannot exceed 1"),
    ("keep_probability", lambda *a: _keep(*a, "count"), "count / total"),
    ("keep_probability", lambda *a: _keep(*a, "no off"), "sample = 0"),
    ("hs_loss_and_grads", lambda *a: _hs(*a, "flipped code"), "the other way round"),
    ("hs_loss_and_grads", lambda *a: _hs(*a, "flip"), "wrong sign"),
    ("hs_loss_and_grads", lambda *a: _hs(*a, "s(z) - c"), "uses s(z_j) - c_j"),
    ("hs_loss_and_grads", lambda *a: _hs(*a, "naive loss"), "compute log s(z) stably"),
    ("hs_loss_and_grads", lambda *a: _hs(*a, "s(-z)"), "uses s(-z_j) where s(z_j) belongs"),
    ("hs_loss_and_grads", lambda *a: _hs(*a, "ignores codes"), "summed over all the words of a tree is not 1"),
    ("hs_loss_and_grads", lambda *a: _hs(*a, "padding"), "it reads the padding"),
    ("hs_loss_and_grads", lambda *a: _hs(*a, "skip last"), "skips the last node"),
    ("hs_loss_and_grads", lambda *a: _hs(*a, "path mean"), "SUM over its path"),
    ("hs_loss_and_grads", lambda *a: _hs(*a, "batch mean"), "SUM over the batch"),
]


def test_every_exercise_has_three_negative_controls():
    counts = {name: sum(w[0] == name for w in WRONG) for name in EXERCISES}
    assert min(counts.values()) >= 3, counts


def test_every_hint_of_the_catalogue_is_earned_by_a_negative_control():
    """Each mistake's and each property's hint is the one some control expects (and gets).

    The controls are WRONG below and the wrong answers of tests/teach/student_answers.py that expect a hint.
    """
    expected = {(name, hint) for name, _, hint in WRONG}
    expected |= {(a.exercise, a.hint) for a in ANSWERS if a.hint}
    for name, exercise in EXERCISES.items():
        hints = [m.hint for m in exercise.mistakes] + [p.hint for p in exercise.properties]
        for hint in hints:
            assert any(n == name and part in hint for n, part in expected), f"{name}: no control earns {hint!r}"


@pytest.mark.parametrize("name,fn,hint", WRONG, ids=[f"{w[0]}-{w[2][:24]}" for w in WRONG])
def test_a_real_mistake_fails_with_its_hint(name, fn, hint):
    report = _grade(name, fn)
    text = format_report(report)
    failed = [c for c in report.checks if c.status == "fail"]
    assert failed, f"the mistake passed:\n{text}"
    assert any(hint in c.hint for c in failed), f"expected a hint containing {hint!r}:\n{text}"


# ---------------------------------------------------------------------- stubs, hangs, printing
def _raises(*args):
    raise NotImplementedError


def _ellipsis(*args):
    ...


def _pass(*args):
    pass


@pytest.mark.parametrize("stub", [_raises, _ellipsis, _pass], ids=["raise", "ellipsis", "pass"])
def test_a_stub_is_not_implemented_yet_for_every_exercise(stub):
    for name in EXERCISES:
        report = _grade(name, stub)
        assert report.state == "not implemented", format_report(report)
        assert format_report(report) == (
            f"{name}: not implemented yet (replace the `raise NotImplementedError` under # YOUR CODE HERE)"
        )


def test_an_endless_loop_fails_its_exercise_only(capsys):
    def forever(S):
        while True:
            try:
                pass
            except BaseException:  # a bare except cannot hide the time limit
                pass

    report = _grade("softmax", forever, seconds=0.5)
    assert report.passed == 1  # the signature
    assert "did not finish within 0.5 s" in format_report(report)
    report = _grade("softmax", good.softmax)
    assert report.passed == len(report.checks)  # the next exercise is graded normally


def test_printing_is_bounded_and_ignored(capsys):
    def chatty(S):
        print("x" * 100_000)
        return good.softmax(S)

    report = _grade("softmax", chatty)
    assert report.passed == len(report.checks)
    assert len(report.printed) <= 2000
    assert capsys.readouterr().out == ""


def test_a_wrong_signature_fails_the_signature_check():
    report = _grade("ns_loss_and_grads", lambda W_out, h, targets: None)
    assert [c.status for c in report.checks] == ["fail"]
    assert "ns_loss_and_grads(W_out, h, targets, negatives)" in report.checks[0].hint


def test_an_error_names_the_learners_exception_not_a_traceback():
    def broken(S):
        return S @ np.ones((7, 7, 7))  # a shape error of the learner's own

    text = format_report(_grade("softmax", broken))
    assert "raised an error" in text and "ValueError" in text and "Traceback" not in text


# ---------------------------------------------------------------------- nothing leaks
NUMBER = re.compile(r"(?<![\w(])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")
#: The only numbers a report may hold: counts of checks, the time limit, and the constants of the hints.
ALLOWED = {"0.75", "0.5"}


def _all_reports() -> list[str]:
    texts = [format_report(_grade(name, fn)) for name, fn, _ in WRONG]
    texts += [format_report(_grade(name, reference_function(name))) for name in EXERCISES]
    return texts


def expected_values() -> set[float]:
    """Every number the reference computes on the grader's inputs (losses, probabilities, gradients)."""
    values = set()
    for exercise in EXERCISES.values():
        plan = make_plan(exercise)
        for args in plan.random + plan.pinned:
            with np.errstate(over="ignore"):  # the largest scores float64 holds
                parts = exercise.reference(*args)
            for part in parts:
                values.update(float(x) for x in np.ravel(part))
    return values


def leaked(texts: list[str], values: set[float]) -> list[str]:
    """Numbers in the reports that are not allowed, or that equal a reference value to 4 digits."""
    found = []
    rounded = {f"{v:.4g}" for v in values if v not in (0.0, 1.0)}
    for text in texts:
        for token in NUMBER.findall(text):
            if re.fullmatch(r"\d+", token) and int(token) <= 12:
                continue  # "4 of 5 checks pass": counts of checks are not answers
            if token not in ALLOWED or f"{float(token):.4g}" in rounded - {"0.5", "0.75"}:
                found.append(token)
    return found


def test_no_report_contains_an_expected_value():
    texts = _all_reports()
    values = expected_values()
    assert len(values) > 500
    assert leaked(texts, values) == []


def test_the_leak_search_can_fail():
    value = sorted(expected_values())[len(expected_values()) // 2]
    assert leaked([f"softmax: hint: expected {value:.6g}"], expected_values())
    assert leaked([f"got {value!r}"], {value})
    assert not leaked(["softmax: 4 of 5 checks pass", "hint: raise each count to the power 0.75"], {0.3141})


def test_an_unknown_exercise_is_one_sentence():
    from word2vec_np.errors import ConfigError

    with pytest.raises(ConfigError, match=r"^there is no exercise 'sofmax'; the exercises are: softmax, "):
        grade_function("sofmax", good.softmax)


def _plan_digest() -> str:
    import hashlib

    digest = hashlib.sha256()
    for exercise in EXERCISES.values():
        plan = make_plan(exercise)
        for args in plan.calls:
            for a in args:
                digest.update(np.ascontiguousarray(a).tobytes() if isinstance(a, np.ndarray) else repr(a).encode())
    return digest.hexdigest()


def test_the_cases_are_the_same_in_every_grading_run():
    """Hypothesis is derandomized and the values come from drawn seeds: another process draws the same calls."""
    import os
    import subprocess
    import sys

    root = str(Path(__file__).resolve().parents[2])
    code = "from tests.teach.test_grading import _plan_digest; print(_plan_digest())"
    env = {**os.environ, "PYTHONPATH": root, "PYTHONHASHSEED": "123"}
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, env=env, timeout=120)
    assert other.returncode == 0, other.stderr
    assert other.stdout.strip() == _plan_digest()


# ---------------------------------------------------------------------- a wider class of answers

def _catalogue_hints(report, name) -> list[str]:
    """The hints of the report that name a mistake of the exercise's catalogue."""
    hints = {m.hint for m in EXERCISES[name].mistakes}
    return sorted({c.hint for c in report.checks if c.hint in hints})


def test_the_wider_class_has_ten_wrong_answers_and_two_right_ones_per_exercise():
    for name in EXERCISES:
        assert sum(a.exercise == name and not a.right for a in ANSWERS) >= 10, name
        assert sum(a.exercise == name and a.right for a in ANSWERS) >= 2, name


@pytest.mark.parametrize("answer", ANSWERS, ids=[f"{a.exercise}-{'right' if a.right else 'wrong'}-{a.label[:30]}"
                                                  for a in ANSWERS])
def test_every_wrong_answer_loses_marks_every_right_one_gets_full_marks_and_no_hint_misleads(answer):
    report = _grade(answer.exercise, answer.fn)
    text = format_report(report)
    named = _catalogue_hints(report, answer.exercise)
    if answer.right:
        assert report.score == 1.0 and report.passed == len(report.checks), text
        return
    assert report.score < 1.0, f"a wrong answer got full marks:\n{text}"
    if answer.hint is None:
        assert named == [], f"a hint names a mistake this answer does not make:\n{text}"
    else:
        assert len(named) == 1 and answer.hint in named[0], f"expected only the hint {answer.hint!r}:\n{text}"


# ---------------------------------------------------------------------- no work earns nothing
def _answer_like_the_reference(name, change):
    """An answer whose outputs are ``change(reference outputs)``, with the exercise's signature."""
    exercise = EXERCISES[name]

    def answer(*args):
        with np.errstate(all="ignore"):
            out = tuple(change(np.array(o, dtype=np.float64)) for o in exercise.reference(*args))
        if exercise.keep_arg is not None:
            args[exercise.keep_arg][...] = out[0]
            return args[exercise.keep_arg]
        return out[0] if exercise.n_returned == 1 else out[: exercise.n_returned]

    answer.__signature__ = reference_function(name).__signature__
    return answer


def _uniform_rows(a):
    if a.ndim == 0:
        return np.float64(1.0)
    return np.full(a.shape, 1.0 / a.shape[-1])


NO_WORK = {
    "zeros": np.zeros_like,
    "a constant": lambda a: np.full(a.shape, 0.5) if a.ndim else np.float64(2.0),
    "uniform rows": _uniform_rows,
}


@pytest.mark.parametrize("what", list(NO_WORK))
def test_constants_zeros_and_uniform_rows_of_the_right_shape_score_zero_on_every_exercise(what):
    for name in EXERCISES:
        report = _grade(name, _answer_like_the_reference(name, NO_WORK[what]))
        assert report.score == 0.0, format_report(report)


def test_the_checks_after_the_values_earn_credit_only_with_the_values():
    from word2vec_np.teach.grading.judge import Check, ExerciseReport

    values = [Check("signature", "pass"), Check("random", "pass"), Check("edge", "fail")]
    rest = [Check("dtype", "pass", needs_values=True), Check("gradient", "pass", needs_values=True)]
    assert ExerciseReport("x", "graded", tuple(values + rest)).score == 0.25
    values[2] = Check("edge", "pass")
    assert ExerciseReport("x", "graded", tuple(values + rest)).score == 1.0


# ---------------------------------------------------------------------- the tolerances themselves
@pytest.mark.parametrize("name", list(EXERCISES))
def test_an_answer_off_by_1e_4_relative_fails_its_value_checks(name):
    report = _grade(name, _answer_like_the_reference(name, lambda a: a * (1.0 + 1e-4)))
    values = [c for c in report.checks if c.name.startswith("agrees with the reference")]
    assert values and all(c.status == "fail" for c in values), format_report(report)
    assert report.score == 0.0


@pytest.mark.parametrize("name", list(EXERCISES))
def test_an_output_holding_one_nan_fails(name):
    def one_nan(a):
        a = np.array(a, dtype=np.float64)
        a.flat[0] = np.nan
        return a if a.ndim else np.float64(a)

    report = _grade(name, _answer_like_the_reference(name, one_nan))
    assert report.score < 1.0 and any(
        c.status == "fail" for c in report.checks if c.name.startswith("agrees with the reference")
    ), format_report(report)


@pytest.mark.parametrize("name", [n for n, e in EXERCISES.items() if e.gradients])
def test_gradients_off_by_1e_3_relative_fail_the_gradient_check(name):
    exercise = EXERCISES[name]

    def answer(*args):
        loss, *grads = exercise.reference(*args)
        return (loss, *(g * (1.0 + 1e-3) for g in grads))

    answer.__signature__ = reference_function(name).__signature__
    report = _grade(name, answer)
    (gradient,) = [c for c in report.checks if c.name == "gradient check"]
    assert gradient.status == "fail", format_report(report)


@pytest.mark.parametrize("name", list(EXERCISES))
def test_outputs_rounded_to_float32_and_cast_back_fail_their_value_checks_with_the_precision_hint(name):
    # float32 arithmetic returned as float64 is off by about 1e-7 relative: the values' tolerance
    # must be tighter than that, and the hint must say so rather than name a wrong formula
    report = _grade(name, _answer_like_the_reference(name, lambda a: a.astype(np.float32).astype(np.float64)))
    values = [c for c in report.checks if c.name.startswith("agrees with the reference")]
    assert any(c.status == "fail" for c in values), format_report(report)
    assert all("float64" in c.hint for c in report.checks if c.status == "fail"), format_report(report)
    assert report.score < 1.0


@pytest.mark.parametrize("name", [n for n, e in EXERCISES.items() if e.gradients or e.properties])
def test_float32_outputs_get_the_precision_hint_from_every_failing_check_not_a_wrong_derivation(name):
    report = _grade(name, _answer_like_the_reference(name, lambda a: a.astype(np.float32)))
    failed = [c for c in report.checks if c.status == "fail"]
    assert failed and all("float64" in c.hint for c in failed), format_report(report)
    assert not any("re-derive" in c.hint for c in failed), format_report(report)


@pytest.mark.parametrize("name", [n for n, e in EXERCISES.items() if e.shapes[0] == "a single number"])
def test_a_right_loss_of_shape_1_earns_the_value_checks_and_fails_only_the_shape_check(name):
    # `loss = u @ h.T` of a (1, D) and a (D, 1) is a (1, 1) array: right values, wrong shape
    exercise = EXERCISES[name]

    def answer(*args):
        loss, *rest = exercise.reference(*args)
        return (np.reshape(loss, (1, 1)), *rest[: exercise.n_returned - 1]) if rest else np.reshape(loss, (1,))

    answer.__signature__ = reference_function(name).__signature__
    report = _grade(name, answer)
    failed = [c for c in report.checks if c.status != "pass"]
    assert report.values_agree, format_report(report)
    assert "float64 outputs of the right shapes" in [c.name for c in failed], format_report(report)
    assert all("single number" in c.hint or "shapes" in c.hint for c in failed), format_report(report)
    assert 0.0 < report.score < 1.0


def test_an_answer_that_changes_its_input_fails_and_the_report_names_the_argument():
    def softmax_in_place(S):
        S -= S.max(axis=1, keepdims=True)
        np.exp(S, out=S)
        S /= S.sum(axis=1, keepdims=True)
        return S

    report = _grade("softmax", softmax_in_place)
    (unchanged,) = [c for c in report.checks if c.name == "leaves its inputs unchanged"]
    assert unchanged.status == "fail" and "argument S" in unchanged.hint
    assert 0.0 < report.score < 1.0


def test_float32_outputs_fail_the_dtype_check_the_statement_states():
    report = _grade("softmax", lambda S: good.softmax(S).astype(np.float32))
    (dtype,) = [c for c in report.checks if c.name == "float64 outputs of the right shapes"]
    assert dtype.status == "fail" and "float64" in dtype.hint
    assert all("float64" in e.statement for e in EXERCISES.values())


def test_every_pinned_case_says_what_kind_of_input_it_is():
    for name, exercise in EXERCISES.items():
        plan = make_plan(exercise)
        assert len(plan.kinds) == len(plan.random) + len(plan.pinned)
        pinned = plan.kinds[len(plan.random):]
        assert pinned and all(isinstance(k, str) and 3 <= len(k) <= 60 for k in pinned), name
    kinds = {k for e in EXERCISES.values() for k in make_plan(e).kinds}
    for needed in ("counts that include 0", "a batch of 1", "k = 1", "paths of length 1",
                   "the largest and smallest scores float64 holds", "repeated rows", "large scores"):
        assert needed in kinds, needed
