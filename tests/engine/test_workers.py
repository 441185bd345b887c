"""Worker processes (``workers=N``): the block schedule, shared memory, checkpoints, Ctrl-C and faults.

After every test no worker process and no shared memory segment of this
process may be left: tests/conftest.py's autouse fixture ``nothing_left_behind``
checks both, after every test of the suite.
"""

import hashlib
import multiprocessing as mp
import os
import signal
import subprocess
import sys
import textwrap
import time
import weakref
from pathlib import Path

import numpy as np
import pytest

from tests.corpora import encoded_zipf_corpus
from tests.helpers import ROOT, segments
from word2vec_np.core.textbook import sentence_blocks
from word2vec_np.engine import blas, workers
from word2vec_np.engine.checkpoint import load_checkpoint
from word2vec_np.engine.config import TrainConfig
from word2vec_np.engine.interrupt import TrainingInterrupted
from word2vec_np.engine.training import train_arrays
from word2vec_np.engine.workers import WorkerPool
from word2vec_np.errors import WorkerError
from word2vec_np.train import main


# ---------------------------------------------------------------------- the pool, with marking steps
class MarkStep:
    """A block step that writes into the shared W_in which blocks it trained, at which rate, in which process."""

    def __init__(self, die_at=None, fail_at=None):
        self.die_at, self.fail_at = die_at, fail_at

    def __call__(self, W_in, W_out, ids, offsets, b, lr, rng):
        if b == self.die_at:
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
        if b == self.fail_at:
            raise ValueError("a bug in the step")
        time.sleep(0.005)  # so that both workers take blocks
        W_in[b, 0] += 1.0  # times trained
        W_in[b, 1] = lr
        W_in[b, 2] = os.getpid()
        return float(b), 1


def pool_for(step, n_blocks=12, start_method="fork", n=2):
    W_in, W_out = np.zeros((n_blocks, 3)), np.zeros((2, 3))
    ids, offsets = np.zeros(5, np.int32), np.array([0, 5], np.int64)
    return WorkerPool(n, step, W_in, W_out, ids, offsets, np.random.SeedSequence(1), start_method), W_in


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_pool_trains_every_block_once_at_the_rate_of_the_words_before_it(start_method):
    words = np.arange(1, 13) * 10  # (12,) words per block
    before = np.concatenate([[0], np.cumsum(words)[:-1]])  # words handed out before each block
    pool, W_in = pool_for(MarkStep(), start_method=start_method)
    done = 0
    with pool:
        pids = set(pool.pids)
        for b, loss, n in pool.train(range(12), words, lambda ahead: done + ahead, lambda ahead: False):
            assert (loss, n) == (float(b), 1)
            done += int(words[b])
        assert pool.next_block == 12
        trained = pool.W_in.copy()
    assert trained[:, 0].tolist() == [1.0] * 12
    assert trained[:, 1].tolist() == before.tolist()  # the one-worker schedule, although blocks overlap
    assert set(trained[:, 2].astype(int)) == pids  # both workers trained, in their own processes
    assert np.array_equal(W_in, trained)  # copied back into the caller's array on leaving


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_a_pool_that_owns_the_matrices_keeps_no_private_copy_while_it_runs(start_method):
    W_in, W_out = np.zeros((12, 3)), np.zeros((2, 3))
    gone = weakref.ref(W_in)
    pool = WorkerPool(
        2, MarkStep(), W_in, W_out, np.zeros(5, np.int32), np.array([0, 5], np.int64), np.random.SeedSequence(1),
        start_method, in_place=False,
    )
    del W_in, W_out
    with pool:
        assert gone() is None  # freed before the workers started, so they could not inherit it
        shared = pool.W_in
        for _ in pool.train(range(12), np.full(12, 10), lambda ahead: 0.0, lambda ahead: False):
            pass
    assert pool.W_in[:, 0].tolist() == [1.0] * 12  # the trained matrices, copied out
    assert pool.W_in is not shared and pool.W_in.flags.owndata  # into memory of their own, not the segments


class BlasThreadsStep:
    """A block step that reports the thread count of its process's BLAS library as its loss."""

    def __call__(self, W_in, W_out, ids, offsets, b, lr, rng):
        time.sleep(0.005)
        return float(blas.blas_threads()), 1


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_each_worker_runs_its_blas_on_one_thread(start_method):
    before = blas.blas_threads()
    if before is None:
        pytest.skip("NumPy's BLAS library here has no thread count to ask")
    blas.set_blas_threads(2)  # as NumPy starts on a machine with several cores
    started, environment = blas.blas_threads(), dict(os.environ)
    try:
        pool, _ = pool_for(BlasThreadsStep(), start_method=start_method)
        with pool:
            assert dict(os.environ) == environment  # (spawned workers got OPENBLAS_NUM_THREADS=1; we did not)
            counts = {loss for _, loss, _ in pool.train(range(12), np.full(12, 10), lambda a: 0.0, lambda a: False)}
        assert counts == {1.0}  # N workers on N cores, not N * N threads
        assert blas.blas_threads() == started  # the parent's own is left alone
    finally:
        blas.set_blas_threads(before)


def test_pool_pauses_with_nothing_in_flight_and_goes_on():
    words = np.full(12, 10)
    pool, _ = pool_for(MarkStep())
    done = 0
    with pool:
        finished = []
        for b, _, _ in pool.train(range(12), words, lambda ahead: 0.0, lambda ahead: done + ahead >= 45):
            finished.append(b)
            done += 10
        k = pool.next_block
        assert k == 5 and sorted(finished) == list(range(5))  # 45 words: 5 blocks handed out, all finished
        assert pool.W_in[:, 0].tolist() == [1.0] * 5 + [0.0] * 7  # and none after them
        rest = [b for b, _, _ in pool.train(range(k, 12), words, lambda ahead: 0.0, lambda ahead: False)]
        assert sorted(rest) == list(range(5, 12))
        assert pool.W_in[:, 0].tolist() == [1.0] * 12


def test_a_worker_killed_mid_block_stops_the_pool_with_one_error():
    pool, _ = pool_for(MarkStep(die_at=3))
    with pytest.raises(WorkerError, match=r"worker process \d of 2 \(pid \d+\) was killed by SIGKILL"):
        with pool:
            for _ in pool.train(range(12), np.full(12, 10), lambda ahead: 0.0, lambda ahead: False):
                pass


def test_an_error_in_a_worker_is_raised_with_its_traceback():
    pool, _ = pool_for(MarkStep(fail_at=2))
    with pytest.raises(RuntimeError, match="(?s)worker . of 2 failed.*ValueError: a bug in the step"):
        with pool:
            for _ in pool.train(range(12), np.full(12, 10), lambda ahead: 0.0, lambda ahead: False):
                pass


def test_a_worker_that_failed_is_reported_by_its_error_even_when_its_end_is_seen_first():
    """The parent may find a failed worker's pipe closed (sending it the next block) before it reads the
    error the worker sent: the traceback still names the bug, not the worker's exit code."""
    pool, _ = pool_for(MarkStep(fail_at=0))
    with pool:
        pool._send(0, (0, 0.0))  # worker 1 fails on block 0, sends its traceback and ends
        pool._procs[0].join(timeout=10)
        with pytest.raises(WorkerError, match="(?s)worker 1 of 2 failed.*ValueError: a bug in the step"):
            for _ in range(100):  # the closed pipe is noticed at a send, or by the wait for replies
                pool._send(0, (1, 0.0))
            pool._wait([0])


# ---------------------------------------------------------------------- training with workers
def corpus(seed=0, n_sentences=500):
    return encoded_zipf_corpus(seed, n_sentences, V=40, lengths=(2, 14))


def config(**over):
    base = dict(dim=8, window=3, min_count=1, epochs=3, seed=5, block_words=300, sample=1e-2, workers=2)
    base.update(over)
    return TrainConfig(**base)


def test_two_workers_learn_what_one_worker_learns():
    vocab, enc = corpus()
    one = train_arrays(vocab, enc, config(workers=1))
    W_in = np.random.default_rng(5).uniform(-0.5, 0.5, (len(vocab), 8)).astype(np.float32) / 8
    W_out = np.zeros((len(vocab), 8), np.float32)
    two = train_arrays(vocab, enc, config(), W_in=W_in, W_out=W_out, start_method="fork")
    assert two[0] is W_in and two[1] is W_out  # updated in place, as with one worker
    assert np.abs(W_out).max() > 0
    h1, h2 = one[2], two[2]
    assert len(h2.epoch_loss) == 3 and h2.epoch_words == h1.epoch_words
    assert h2.epoch_loss[-1] < h2.epoch_loss[0]
    assert h2.epoch_loss[-1] == pytest.approx(h1.epoch_loss[-1], rel=0.05)
    assert sum(h2.epoch_examples) == pytest.approx(sum(h1.epoch_examples), rel=0.05)


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_workers_return_matrices_of_their_own(start_method):
    vocab, enc = corpus(n_sentences=200)
    W_in, W_out, history = train_arrays(vocab, enc, config(epochs=2), start_method=start_method)
    assert len(history.epoch_loss) == 2 and history.epoch_loss[1] < history.epoch_loss[0]
    for W in (W_in, W_out):  # not views of shared memory that the pool has let go
        assert W.flags.owndata and W.flags.writeable and W.dtype == np.float32
    assert np.abs(W_out).max() > 0


def boundary_words(enc, cfg, state):
    """words_seen of a checkpoint taken exactly between blocks ``state.block - 1`` and ``state.block``."""
    cuts = sentence_blocks(enc.offsets, cfg.block_words)
    return state.epoch * int(enc.offsets[-1]) + int(enc.offsets[cuts[state.block]])


def test_checkpoints_are_taken_between_blocks_and_resume_with_any_worker_count(tmp_path):
    vocab, enc = corpus()
    path = tmp_path / "run.ckpt.npz"
    every = int(enc.offsets[-1]) // 3 + 7  # lands mid-epoch
    saved = []

    def stop_after_first_epoch(report):
        saved.append(load_checkpoint(path))
        raise KeyError("the parent crashed")

    with pytest.raises(KeyError):  # a crash in the parent: workers and segments must go (fixture)
        train_arrays(
            vocab, enc, config(), checkpoint=path, checkpoint_every=every, callbacks=[stop_after_first_epoch]
        )
    state = saved[0]
    assert 0 < state.block < state.n_blocks and state.words_seen >= every
    assert state.words_seen == boundary_words(enc, config(), state)  # nothing in flight when it was saved
    for n in (2, 1):
        _, _, history = train_arrays(vocab, enc, config(workers=n), resume=load_checkpoint(path), checkpoint=path)
        assert len(history.epoch_loss) == 3 and np.isfinite(history.epoch_loss).all()


def test_ctrl_c_pauses_the_workers_saves_and_resumes(tmp_path):
    vocab, enc = corpus()
    path = tmp_path / "run.ckpt.npz"

    def ctrl_c(report):
        for child in mp.active_children():  # a terminal sends Ctrl-C to every process of the group:
            os.kill(child.pid, signal.SIGINT)  # the workers ignore it and go on (epoch 1)
        if report.epoch == 2:
            os.kill(os.getpid(), signal.SIGINT)  # the parent stops them (epoch 2)

    with pytest.raises(TrainingInterrupted, match="stopped by Ctrl-C in epoch 3") as caught:
        train_arrays(vocab, enc, config(), checkpoint=path, callbacks=[ctrl_c])
    assert caught.value.checkpoint == str(path)
    state = load_checkpoint(path)
    assert (state.epoch, state.block) == (2, 0)  # the workers stop taking blocks at once
    assert state.words_seen == boundary_words(enc, config(), state)
    _, _, history = train_arrays(vocab, enc, config(), resume=state, checkpoint=path)
    assert len(history.epoch_loss) == 3


def test_workers_ignore_ctrl_c():
    """Without a checkpoint Ctrl-C stops the parent at once; the workers must not die of it before."""
    vocab, enc = corpus(n_sentences=200)

    def ctrl_c_to_workers(report):
        for child in mp.active_children():
            os.kill(child.pid, signal.SIGINT)

    _, _, history = train_arrays(vocab, enc, config(), callbacks=[ctrl_c_to_workers])
    assert len(history.epoch_loss) == 3


def test_a_dead_worker_stops_training_and_the_last_checkpoint_stays_intact(tmp_path):
    vocab, enc = corpus()
    path = tmp_path / "run.ckpt.npz"
    digest = []

    def kill_a_worker(report):
        if report.epoch == 1:
            digest.append(hashlib.sha256(path.read_bytes()).hexdigest())
            os.kill(mp.active_children()[0].pid, signal.SIGKILL)

    with pytest.raises(WorkerError) as caught:
        train_arrays(
            vocab, enc, config(), checkpoint=path, checkpoint_every=int(enc.offsets[-1]), callbacks=[kill_a_worker]
        )
    message = str(caught.value)
    assert "was killed by SIGKILL" in message and "in epoch 2 of 3, so training stopped" in message
    assert f"the last checkpoint {str(path)!r}" in message and "is intact" in message
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest[0]
    assert load_checkpoint(path).words_seen == int(enc.offsets[-1])  # saved after epoch 1


PARENT_KILLED = textwrap.dedent(
    """
    import glob, multiprocessing as mp, os, signal, sys
    from tests.corpora import encoded_zipf_corpus
    from word2vec_np.engine.config import TrainConfig
    from word2vec_np.engine.training import train_arrays

    def die(report):
        shared = len(glob.glob(f"/dev/shm/w2v_np_{os.getpid()}_*"))
        print(shared, os.getpid(), " ".join(str(c.pid) for c in mp.active_children()), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

    if __name__ == "__main__":
        vocab, enc = encoded_zipf_corpus(0, 300, 40, lengths=(2, 14))
        train_arrays(vocab, enc, TrainConfig(dim=8, min_count=1, block_words=300, workers=2), callbacks=[die],
                     start_method=sys.argv[1])
    """
)


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
    except (FileNotFoundError, IndexError):
        return True
    return state in "ZX"  # a zombie has exited (re-parented, it waits for its new parent to reap it)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc and /dev/shm")
@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_a_killed_parent_leaves_no_worker_and_no_segment(tmp_path, start_method):
    script = tmp_path / "parent.py"
    script.write_text(PARENT_KILLED)
    done = subprocess.run(
        [sys.executable, str(script), start_method],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == -signal.SIGKILL
    shared, parent, *pids = [int(p) for p in done.stdout.split()]
    # killed while its workers existed, and under spawn its named segments (fork shares anonymous memory)
    assert len(pids) == 2 and shared == (0 if start_method == "fork" else 4)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not (all(gone(p) for p in pids) and segments(parent) == []):
        time.sleep(0.1)
    assert all(gone(p) for p in pids)  # the workers saw their parent go and exited
    assert segments(parent) == []  # multiprocessing's resource tracker removed them


def test_more_workers_than_cores_warns(monkeypatch):
    monkeypatch.setattr(workers, "available_cores", lambda: 1)
    vocab, enc = corpus(n_sentences=100)
    with pytest.warns(RuntimeWarning, match="--workers 2 is more than the 1 core"):
        train_arrays(vocab, enc, config(epochs=1))


def test_the_command_line_takes_workers(tmp_path, capsys, monkeypatch):
    vocab, enc = corpus(n_sentences=300)
    text = tmp_path / "corpus.txt"
    text.write_text("\n".join(" ".join(vocab.words[i] for i in s) for s in enc.sentences()) + "\n")
    monkeypatch.setattr(workers, "available_cores", lambda: 1)
    code = main([str(text), "--workers", "2", "--min-count", "1", "--dim", "8", "--epochs", "2", "--quiet"])
    err = capsys.readouterr().err
    assert code == 0
    assert "warning: --workers 2 is more than the 1 core(s)" in err and "Traceback" not in err
    assert main([str(text), "--workers", "0"]) == 2
    assert capsys.readouterr().err.strip() == "error: --workers must be a positive whole number, got 0"


@pytest.mark.parametrize("workers", [1, 2])
def test_training_runs_blas_on_one_thread_and_gives_the_count_back(workers):
    before = blas.blas_threads()
    if before is None:
        pytest.skip("NumPy's BLAS library here has no thread count to ask")
    vocab, enc = corpus(n_sentences=100)
    during = []
    blas.set_blas_threads(2)  # as NumPy starts on a machine with 2 cores
    started = blas.blas_threads()
    try:
        train_arrays(vocab, enc, config(epochs=1, workers=workers), callbacks=[lambda r: during.append(blas.blas_threads())])
        after = blas.blas_threads()
    finally:
        blas.set_blas_threads(before)
    assert during == [1] and after == started
