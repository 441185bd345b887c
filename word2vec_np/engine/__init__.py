"""Training at speed: the run loop and its bookkeeping, the fast kernels, worker processes, checkpoints.

The algorithm itself is the textbook trainer, :mod:`word2vec_np.core.textbook`; this folder runs it
(and its faster variants) on real corpora.

    training.py       train_arrays: the epochs and blocks, the three methods (reference, minibatch, fast)
    config.py         TrainConfig: every setting of a run, its defaults and its validation
    bookkeeping.py    the run's position, loss, progress bar and checkpoints between blocks
    history.py        History and EpochReport: the loss a run reports
    interrupt.py      Ctrl-C between two blocks, TrainingInterrupted
    fast.py           the default method's vectorized kernels (shared negatives, row cap)
    fast_readable.py  the same algorithm with plain loops, for reading and for the kernels' tests
    checkpoint.py     the whole state of a run, saved between two blocks and resumed bit for bit
    workers.py        worker processes that train one model in shared memory, lock-free
    blas.py           NumPy's BLAS on one thread per process
"""
