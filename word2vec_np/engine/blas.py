"""NumPy's BLAS library, and how many threads it runs: word2vec_np trains with one.

NumPy's BLAS (OpenBLAS in NumPy's wheels) starts a thread per core for a
product large enough, and its threads spin while they wait for work. The
products of word2vec's batches are small, and a worker process is already
one core's worth of work: N workers whose BLAS each ran N threads would put
N * N threads on N cores. Measured (docs/performance.md, "BLAS threads"):
CBOW HS at 2 workers trained at 75k words/s that way, and at 409k-421k with
one BLAS thread per worker; at 1 worker one thread trained as fast as two,
with half the CPU time, and two such trainings side by side ran at 50k
words/s each instead of about 250k. So training runs its BLAS on one thread,
as gensim's and the C tool's threads run theirs: every worker process for
its whole life, and the process that trains (``train_arrays``) while it
trains, setting the count back afterwards (:func:`single_blas_thread`).

NumPy has no call for this, so :func:`set_blas_threads` finds the library
among those loaded (or bundled with NumPy) and calls its own setter through
:mod:`ctypes`. A library it does not know is left as it is.
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

#: What a BLAS library's thread count is called in the environment, read when the library loads.
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
                         "VECLIB_MAXIMUM_THREADS")
#: (setter, getter) of the thread count, as OpenBLAS (NumPy's wheels, then plain builds), MKL and BLIS name them.
_BLAS_THREAD_FUNCTIONS = (
    ("scipy_openblas_set_num_threads64_", "scipy_openblas_get_num_threads64_"),
    ("scipy_openblas_set_num_threads", "scipy_openblas_get_num_threads"),
    ("openblas_set_num_threads64_", "openblas_get_num_threads64_"),
    ("openblas_set_num_threads", "openblas_get_num_threads"),
    ("MKL_Set_Num_Threads", "MKL_Get_Max_Threads"),
    ("bli_thread_set_num_threads", "bli_thread_get_num_threads"),
)


def _blas_libraries() -> list:
    """The BLAS libraries NumPy may be using, opened with ctypes: those this process has loaded
    (Linux lists them in /proc/self/maps) and those NumPy's wheels bundle beside it."""
    paths = set()
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as f:
            paths.update(parts[5] for parts in map(str.split, f) if len(parts) == 6)
    except OSError:
        pass
    here = os.path.dirname(np.__file__)
    for folder in (os.path.join(here, ".dylibs"), here + ".libs"):  # macOS's and Linux/Windows's wheels
        if os.path.isdir(folder):
            paths.update(os.path.join(folder, name) for name in os.listdir(folder))
    libraries = []
    for path in sorted(paths):
        name = os.path.basename(path).lower()
        if any(key in name for key in ("blas", "mkl_rt", "blis")):
            try:
                libraries.append(ctypes.CDLL(path))
            except OSError:
                pass
    return libraries


def blas_threads() -> int | None:
    """The thread count of this process's BLAS library, or None if it cannot be asked."""
    for library in _blas_libraries():
        for _, getter in _BLAS_THREAD_FUNCTIONS:
            function = getattr(library, getter, None)
            if function is not None:
                return int(function())
    return None


def set_blas_threads(n: int) -> None:
    """Run this process's BLAS library on ``n`` threads, by calling the library's own setter
    (the environment variables count only when the library loads)."""
    for library in _blas_libraries():
        for setter, _ in _BLAS_THREAD_FUNCTIONS:
            function = getattr(library, setter, None)
            if function is not None:
                function(int(n))


@contextmanager
def single_blas_thread() -> Iterator[None]:
    """One BLAS thread inside the ``with`` block, and the thread count as it was after it."""
    before = blas_threads()
    if before is None or before == 1:
        yield
        return
    set_blas_threads(1)
    try:
        yield
    finally:
        set_blas_threads(before)
