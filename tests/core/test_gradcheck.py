"""The gradient checker itself: it must be right when the gradient is right and fail when it is not."""

import numpy as np
import pytest

from word2vec_np.core.gradcheck import (
    CheckResult,
    check_gradient,
    compare,
    directional_check,
    numerical_gradient,
    relative_error,
)
from word2vec_np.errors import ConfigError


def cubic(A, b):
    """f(x) = sum(x^3) / 3 + x . A x / 2 + b . x, gradient x^2 + (A + A^T) x / 2 + b."""
    def f(x):
        return float(np.sum(x**3) / 3 + x.ravel() @ A @ x.ravel() / 2 + b @ x.ravel())

    def grad(x):
        return (x.ravel() ** 2 + (A + A.T) @ x.ravel() / 2 + b).reshape(x.shape)

    return f, grad


def test_numerical_gradient_of_a_known_function(rng):
    A, b = rng.normal(size=(6, 6)), rng.normal(size=6)
    f, grad = cubic(A, b)
    x = rng.normal(size=(2, 3))
    n = numerical_gradient(f, x)
    assert n.shape == x.shape and n.dtype == np.float64
    assert np.allclose(n, grad(x), rtol=1e-8, atol=1e-9)
    assert check_gradient(f, x, grad(x))


def test_every_perturbed_entry_is_restored_exactly(rng):
    x = rng.normal(size=(4, 5))
    before = x.copy()
    seen = []

    def f(y):
        assert y is x  # perturbed in place
        seen.append(int(np.sum(y != before)))  # exactly one entry differs at each call
        return float(np.sum(np.sin(y)))

    numerical_gradient(f, x)
    assert np.array_equal(x, before)  # bit for bit
    assert seen == [1] * (2 * x.size)


def test_restored_even_when_f_raises(rng):
    x = rng.normal(size=5)
    before = x.copy()

    def f(y):
        if y[2] != before[2]:
            raise RuntimeError("boom")
        return 0.0

    with pytest.raises(RuntimeError):
        numerical_gradient(f, x)
    assert np.array_equal(x, before)
    with pytest.raises(RuntimeError):
        directional_check(f, x, np.zeros(5), rng)
    assert np.array_equal(x, before)


def test_float64_is_required():
    with pytest.raises(ConfigError, match="float64"):
        numerical_gradient(lambda y: 0.0, np.zeros(3, dtype=np.float32))
    with pytest.raises(ConfigError, match="float64"):
        directional_check(lambda y: 0.0, np.zeros(3, dtype=np.float32), np.zeros(3), np.random.default_rng(0))


def test_relative_error_with_the_floor():
    assert relative_error(1.0, 1.0) == 0.0
    assert relative_error(1.0, 3.0) == pytest.approx(0.5)
    assert relative_error(0.0, 1e-12) == pytest.approx(1e-4)  # floor 1e-8 in the denominator
    assert relative_error(0.0, 0.0) == 0.0
    assert relative_error(-2.0, 2.0) == 1.0
    assert relative_error(np.zeros(3), np.ones(3)).shape == (3,)


def test_compare_criterion():
    # relative error <= 1e-6 passes, and so does |a - n| <= 1e-8 (near-zero entries)
    assert compare([1.0, 2.0], [1.0 + 1e-7, 2.0])
    assert compare([0.0, 1.0], [5e-9, 1.0])
    result = compare([0.0, 1.0, 5.0], [5e-9, 1.0, 5.0 + 1e-3])
    assert not result and isinstance(result, CheckResult)
    assert result.where == (2,) and result.n_failed == 1 and result.n_checked == 3
    assert result.worst_error == pytest.approx(1e-3 / 10.001)
    assert result.max_abs_error == pytest.approx(1e-3)
    assert "FAIL" in str(result) and "(2,)" in str(result)
    assert "PASS" in str(compare([1.0], [1.0]))
    with pytest.raises(ConfigError):
        compare(np.zeros(3), np.zeros(4))


def test_a_wrong_gradient_fails(rng):
    A, b = rng.normal(size=(6, 6)), rng.normal(size=6)
    f, grad = cubic(A, b)
    x = rng.normal(size=6)
    wrong = grad(x)
    wrong[3] *= 1.001  # 0.1% off in one entry
    result = check_gradient(f, x, wrong)
    assert not result and result.where == (3,) and result.n_failed == 1


def test_a_too_coarse_step_fails(rng):
    # central differences have O(eps^2) error: eps = 0.1 on a cubic is far from 1e-6
    A, b = rng.normal(size=(6, 6)), rng.normal(size=6)
    f, grad = cubic(A, b)
    x = rng.normal(size=6)
    assert not check_gradient(f, x, grad(x), eps=0.1)
    assert check_gradient(f, x, grad(x), eps=1e-5)


def test_directional_check_passes_and_fails(rng):
    A, b = rng.normal(size=(200, 200)), rng.normal(size=200)
    f, grad = cubic(A, b)
    x = rng.normal(size=(20, 10))
    before = x.copy()
    good = directional_check(f, x, grad(x), rng, n_directions=5)
    assert good and good.n_checked == 5, str(good)
    assert np.array_equal(x, before)
    wrong = grad(x)
    wrong[7, 3] += 0.5
    bad = directional_check(f, x, wrong, rng, n_directions=5)
    assert not bad, str(bad)
    with pytest.raises(ConfigError):
        directional_check(f, x, grad(x)[:3], rng)


def test_the_absolute_tolerance_decides_near_zero_entries_and_is_passed_through(rng):
    """atol (issue 17): an entry passes when |a - n| <= atol even if its relative error is 1, and not
    when |a - n| exceeds it; check_gradient and directional_check hand their atol to compare."""
    assert compare([0.0], [9e-9])  # the default atol is 1e-8
    assert not compare([0.0], [2e-8])
    assert compare([0.0], [1e-5], atol=1e-4) and not compare([0.0], [1e-5], atol=1e-6)
    assert not compare([0.0], [1e-5], atol=0.0) and compare([1.0], [1.0], atol=0.0)

    def f(x):  # gradient 1e-6 * x, tiny everywhere
        return 5e-7 * float(np.sum(x**2))

    x = rng.standard_normal(4)
    off = 1e-6 * x + 3e-7  # every entry off by 3e-7 (relative error about 0.1 or more)
    assert check_gradient(f, x, off, atol=1e-6)
    assert not check_gradient(f, x, off)  # default atol 1e-8
    assert directional_check(f, x, off, rng, atol=1e-5)
    assert not directional_check(f, x, off + 1e-3, rng)
