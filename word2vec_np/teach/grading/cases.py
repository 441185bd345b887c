"""The inputs a grader tries: drawn by hypothesis, from a fixed seed, so every grading run sees the same ones.

Hypothesis chooses the sizes and the index arrays (vocabulary sizes,
dimensions, batch sizes, repeated indices, duplicate negatives; it tries
the small and awkward ones early, such as V = 2 or a batch of one). The
real-valued entries come from a NumPy generator whose seed hypothesis
draws too. :func:`draw_examples` runs the strategy with
``derandomize=True`` and no example database, so the same Python and
hypothesis versions always give the same cases, and no failure report of
hypothesis can ever be printed: the collecting test never fails.
"""

from __future__ import annotations

import contextlib

import numpy as np
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st


def draw_examples(strategy: st.SearchStrategy, n: int) -> list:
    """The first ``n`` examples of ``strategy`` in hypothesis's derandomized order (fewer if it runs out)."""
    found: list = []

    @settings(
        database=None,
        deadline=None,
        max_examples=n,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(example):
        found.append(example)

    with _without_local_constants():
        collect()
    return found[:n]


@contextlib.contextmanager
def _without_local_constants():
    """Hypothesis draws as if no local module were loaded (see the module docstring)."""
    try:
        from hypothesis.internal.conjecture import providers
        from hypothesis.internal.constants_ast import Constants
    except ImportError:  # another hypothesis version: nothing to turn off
        yield
        return
    original = getattr(providers, "_get_local_constants", None)
    cache = getattr(providers, "CONSTANTS_CACHE", None)
    if original is None or cache is None:
        yield
        return
    # Hypothesis also caches the constants it has mixed in so far, keyed by the kind of
    # value: an earlier run in this process (another test, a notebook's own hypothesis use)
    # would leak its local constants into these draws through that cache, so it is
    # swapped for an empty one of the same kind while the cases are drawn.
    providers._get_local_constants = Constants
    providers.CONSTANTS_CACHE = type(cache)(cache.max_size)
    try:
        yield
    finally:
        providers._get_local_constants = original
        providers.CONSTANTS_CACHE = cache


def ids(V: int, n: int) -> st.SearchStrategy:
    """(n,) int64 word ids in 0..V-1; hypothesis repeats values often, which is the point."""
    return st.lists(st.integers(0, V - 1), min_size=n, max_size=n).map(lambda x: np.array(x, dtype=np.int64))


seeds = st.integers(0, 2**32 - 1)


def normal(seed: int, shape: tuple, scale: float = 1.0) -> np.ndarray:
    """Standard normal float64 entries of ``shape`` from ``seed``, times ``scale``."""
    return np.random.default_rng(seed).standard_normal(shape) * scale
