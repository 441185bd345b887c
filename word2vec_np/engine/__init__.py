"""Training at speed: the run loop and its bookkeeping, the fast kernels, worker processes, checkpoints.

    training.py       train_arrays: epochs and blocks, the three methods, Ctrl-C, history
    fast.py           the default method's vectorized kernels (shared negatives, row cap)
    fast_readable.py  the same algorithm with plain loops, for reading and for the kernels' tests
    checkpoint.py     the whole state of a run, saved between two blocks and resumed bit for bit
    workers.py        worker processes that train one model in shared memory, lock-free
    blas.py           NumPy's BLAS on one thread per process
"""
