"""Worker processes: N processes train one model together over shared memory (``workers=N``).

This is the C tool's lock-free scheme ("Hogwild"), with processes in place of
threads (Python threads would take turns for most of NumPy's small
operations). The training loop of :mod:`word2vec_np.engine.training` stays the one
it is with one worker; :class:`WorkerPool` runs its step, one block at a time,
in other processes:

- ``W_in`` and ``W_out`` live in memory that every process maps, so N
  workers hold one copy of the model, and so does the corpus. With fork the
  matrices are anonymous shared mappings and the workers inherit the corpus
  (nobody writes it); with spawn all four arrays are named segments of
  :mod:`multiprocessing.shared_memory` (``/dev/shm/w2v_np_<pid>_...`` on
  Linux), which the parent removes. A corpus on disk
  (:mod:`word2vec_np.text.corpus_cache`) is never copied: forked workers
  inherit its mapping, spawned ones map its files again, and every worker
  gives a block's pages back once it has trained it. A model the trainer created itself
  lives only there while the workers run (the parent keeps no private
  copy); one the caller passed in is copied back into the caller's arrays.
- The parent hands out the blocks of an epoch in order, each to whichever
  worker is free, with the learning rate of the words handed out before it.
  That shared count of words is the one the schedule of a single worker
  counts, so the learning rate decays over the words all workers process
  together, block for block as with one worker.
- Each worker subsamples and trains its blocks with its own random generator
  and writes its updates into the shared matrices without locks. Two workers
  that update the same row at the same moment may lose one of the two
  updates; with thousands of rows and two to a few dozen workers this is
  rare, and the C tool and gensim train the same way. So ``workers > 1`` is
  not deterministic: the same seed gives close, not equal, vectors.
- Each worker runs NumPy's BLAS on one thread (:mod:`word2vec_np.engine.blas`):
  N workers are already N cores' worth of work.
- The parent pauses the workers by handing out no more blocks and waiting for
  those in flight. Then every block before the next one is trained and none
  after it, which is exactly the state of a one-worker run between two
  blocks: checkpoints, Ctrl-C and the end of an epoch all happen there.

Faults. A worker that dies (killed, out of memory) stops the run with
:class:`~word2vec_np.errors.WorkerError`; nothing is saved after it, so the
last checkpoint stays intact. Leaving the pool, normally or by any exception,
stops every worker and removes every segment. If the parent itself is killed,
the workers see it and exit within a second; anonymous mappings vanish with
the last process, and multiprocessing's resource tracker removes the named
segments. Workers ignore Ctrl-C: the parent
alone decides what it means.

It works with both of multiprocessing's start methods, fork (Linux's
default) and spawn (macOS's and Windows'). With spawn, a script that trains
with workers must guard its top level with ``if __name__ == "__main__":``
as every multiprocessing program must.
"""

from __future__ import annotations

import ctypes
import gc
import mmap
import multiprocessing as mp
import os
import secrets
import signal
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from multiprocessing import connection, shared_memory

import numpy as np

from ..errors import ConfigError, WorkerError
from ..text.corpus_cache import map_array, mapped_path
from .blas import BLAS_THREAD_VARIABLES, set_blas_threads
from .interrupt import STOP_SIGNALS

#: Every shared memory segment's name starts with this, then the parent's pid: /dev/shm/w2v_np_<pid>_...
SEGMENT_PREFIX = "w2v_np_"
#: Blocks a worker may hold at once: the one it trains and the next, waiting in its pipe.
QUEUED = 2
#: How often (seconds) an idle worker checks that its parent is still alive.
PARENT_CHECK_SECONDS = 0.5

# A block step, as training.BlockStep: (W_in, W_out, ids, offsets, block, lr, rng) -> (summed loss, examples).
Step = Callable[..., tuple[float, int]]


def available_cores() -> int:
    """The number of cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


#: Workers per core allowed at most (:func:`max_workers`): more only take turns on the same cores.
WORKERS_PER_CORE = 4
#: The cap on any machine: the C tool's demo-word.sh runs 20 threads, and its line must work anywhere.
MIN_MAX_WORKERS = 32


def max_workers() -> int:
    """The most workers a run may start: four per core this process may use, and at least 32.

    Beyond it a run is refused, whether the number comes from the command line,
    a checkpoint or a saved model, so a damaged or hostile file cannot make the
    machine fork thousands of processes (docs/errors.md, "Settings").
    """
    return max(MIN_MAX_WORKERS, WORKERS_PER_CORE * available_cores())


def check_workers(n: int) -> None:
    """ConfigError, naming --workers and the cap, when ``n`` is above :func:`max_workers`."""
    cap = max_workers()
    if n > cap:
        raise ConfigError(
            f"--workers must be at most {cap} on this machine ({WORKERS_PER_CORE} per core it may use, and at least "
            f"{MIN_MAX_WORKERS}), got {n:,}; give --workers {available_cores()}, one per core (with --resume, "
            "--workers replaces the checkpoint's number)"
        )


def _return_free_pages() -> None:
    """Give the free pages of the C heap back to the system (glibc's ``malloc_trim``) before forking.

    Memory the parent has freed (the corpus reader's buffers, the private
    copy of the model) mostly stays in its heap, and forked workers inherit
    it. A worker's NumPy temporaries are allocated there, and every page
    they write is then copied from the parent's: the same memory counted in
    two processes. Given back first, those pages come fresh to whichever
    process writes them. Skip-gram HS at 2 workers went from 121 MB to 110 MB
    (the peak of all processes' summed PSS, one epoch of the benchmark's
    corpus). Nothing happens where the C library has no ``malloc_trim``
    (not glibc).
    """
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError, TypeError):
        pass


@contextmanager
def _starting_workers(forked: bool) -> Iterator[None]:
    """What this process does while it starts its workers, undone after.

    Forked workers inherit this process's memory: its garbage collector is
    paused (the children's would touch, and so copy, every object of the
    heap) and the heap's free pages are given back first. Spawned workers
    load NumPy afresh: its BLAS reads its thread count from the environment,
    which they inherit.
    """
    if forked:
        gc.freeze()
        _return_free_pages()
        try:
            yield
        finally:
            gc.unfreeze()
        return
    saved = {name: os.environ.get(name) for name in BLAS_THREAD_VARIABLES}
    os.environ.update(dict.fromkeys(BLAS_THREAD_VARIABLES, "1"))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _share(arrays: Mapping[str, np.ndarray], forked: bool) -> tuple[list, dict]:
    """Put the arrays where the workers can reach them.

    Forked workers inherit the parent's memory: W_in and W_out are copied into
    anonymous shared mappings (no name, nothing that could outlive the
    processes), and the corpus, which nobody writes, is inherited as it is.
    Spawned workers start empty: every array is copied into a named segment.
    Returns (segments, specs): the SharedMemory objects (the parent owns and
    removes them), and name -> an inherited array or (segment name, shape, dtype).
    """
    if forked:
        specs = {name: a for name, a in arrays.items()}
        for name in ("W_in", "W_out"):
            a = arrays[name]
            shared = np.frombuffer(mmap.mmap(-1, max(1, a.nbytes)), dtype=a.dtype, count=a.size).reshape(a.shape)
            shared[...] = a
            specs[name] = shared
        return [], specs
    token = f"{SEGMENT_PREFIX}{os.getpid()}_{secrets.token_hex(3)}_"  # short: macOS allows 31 characters
    segments, specs = [], {}
    try:
        for k, (name, a) in enumerate(arrays.items()):
            path = mapped_path(a) if a is not None else None
            if path is not None:  # a corpus on disk: each worker maps the file itself
                specs[name] = ("file", path, a.dtype.str)
                continue
            shm = shared_memory.SharedMemory(name=f"{token}{k}", create=True, size=max(1, a.nbytes))
            segments.append(shm)
            np.ndarray(a.shape, a.dtype, buffer=shm.buf)[...] = a
            specs[name] = (shm.name, a.shape, a.dtype.str)
    except BaseException:
        _remove(segments)
        raise
    return segments, specs


def remove_stale_segments(directory: str = "/dev/shm") -> list[str]:
    """Unlink the segments that runs whose process is gone left behind; return their names.

    A spawned pool's segments are named ``w2v_np_<pid>_<random>_<k>`` after the process that made
    them, which removes them when the pool closes, and Python's resource tracker removes them if
    that process dies alone. When the whole process group dies at once (``kill -9 -PGID``, a
    closed terminal's SIGHUP to every process), nobody is left to do it: the next pool started
    on the machine removes every segment whose process no longer exists. Segments of live
    processes, this one's or another run's, are left alone. Linux keeps segments in /dev/shm;
    elsewhere this does nothing.
    """
    removed = []
    try:
        names = os.listdir(directory)
    except OSError:
        return removed
    for name in names:
        if not name.startswith(SEGMENT_PREFIX):
            continue
        pid = name[len(SEGMENT_PREFIX) :].split("_", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        try:
            os.unlink(os.path.join(directory, name))
            removed.append(name)
        except OSError:  # gone already, or not ours to remove
            pass
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def _attach(specs: Mapping) -> tuple[list, dict[str, np.ndarray]]:
    """Map the segments of ``specs``; return them and the arrays viewing them."""
    segments, arrays = [], {}
    for name, spec in specs.items():
        if isinstance(spec, np.ndarray):  # inherited by fork
            arrays[name] = spec
            continue
        if spec[0] == "file":
            arrays[name] = map_array(spec[1], spec[2])
            continue
        segment, shape, dtype = spec
        shm = shared_memory.SharedMemory(name=segment)
        segments.append(shm)
        arrays[name] = np.ndarray(shape, np.dtype(dtype), buffer=shm.buf)
    return segments, arrays


def _close(segments: list) -> None:
    for shm in segments:
        try:
            shm.close()
        except BufferError:  # an array still views it (e.g. kept by a callback): the mapping goes with it
            pass


def _remove(segments: list) -> None:
    """Close and unlink every segment (its name leaves /dev/shm at once; the memory when unmapped)."""
    for shm in segments:
        try:
            shm.unlink()
        except FileNotFoundError:
            pass
    _close(segments)


def _worker(index: int, conn, specs: dict, step: Step, seed, parent_pid: int) -> None:
    """A worker's life: train the blocks the parent sends, reply with (block, loss, examples).

    A task is (block, lr); None means stop. Exits when the parent says so,
    when the pipe closes, or when the parent is gone.
    """
    for signum in STOP_SIGNALS:  # Ctrl-C, kill -TERM -PGID, a closed terminal: the parent stops the run
        signal.signal(signum, signal.SIG_IGN)
    set_blas_threads(1)  # N workers are N cores' worth of work already (word2vec_np.engine.blas)
    segments, arrays = _attach(specs)
    rng = np.random.default_rng(seed)
    try:
        while True:
            if not connection.wait([conn], timeout=PARENT_CHECK_SECONDS):
                if os.getppid() != parent_pid:  # the parent died: we were re-parented
                    return
                continue
            task = conn.recv()
            if task is None:
                return
            block, lr = task
            loss, n = step(arrays["W_in"], arrays["W_out"], arrays["ids"], arrays["offsets"], block, lr, rng)
            conn.send((block, float(loss), int(n)))
    except (EOFError, BrokenPipeError, ConnectionResetError):
        return  # the parent went away
    except BaseException:
        try:
            conn.send(("error", traceback.format_exc()))
        except OSError:
            pass
    finally:
        del arrays
        _close(segments)


class WorkerPool:
    """``n`` worker processes training the blocks of one model in shared memory.

    W_in : (V, D), W_out : (n_out, D)   copied into shared memory on entering;
        ``pool.W_in`` and ``pool.W_out`` view the shared copies, which the
        workers update. Read them only while no block is in flight (between
        calls of :meth:`train`). On leaving they are the trained matrices:
        the arrays given, updated in place (``in_place``), or else new
        private arrays.
    ids : (N,) int32, offsets : (S + 1,) int64   the corpus, shared read-only.
    step : the block step every worker runs; it must pickle (spawn sends it).
    seed : a :class:`numpy.random.SeedSequence`; worker i draws from its i-th child.
    start_method : "fork", "spawn", "forkserver" or None for multiprocessing's default.
    in_place : False when nobody else holds W_in and W_out: the pool lets go of them once they
        are in shared memory, before the workers start, so the parent does not keep a second
        copy of the model through training (forked workers would inherit it too).
    """

    def __init__(
        self, n: int, step: Step, W_in, W_out, ids, offsets, seed, start_method: str | None = None,
        in_place: bool = True,
    ):
        self.n, self.step, self.seed, self.start_method, self.in_place = n, step, seed, start_method, in_place
        self._arrays = {"W_in": W_in, "W_out": W_out, "ids": ids, "offsets": offsets}
        self._segments: list = []
        self._procs: list = []
        self._conns: list = []
        self._shared = None  # (W_in, W_out) viewing shared memory, while the pool runs
        self.W_in = self.W_out = None

    def __enter__(self) -> WorkerPool:
        check_workers(self.n)  # a last guard: the settings were checked already (TrainConfig.validate)
        ctx = mp.get_context(self.start_method)
        forked = ctx.get_start_method() == "fork"
        remove_stale_segments()  # what runs killed with their whole process group left in /dev/shm
        try:
            self._segments, specs = _share(self._arrays, forked)
            views = _attach_own(self._segments, specs, self._arrays)
            self._shared = self.W_in, self.W_out = views["W_in"], views["W_out"]
            if not self.in_place:  # freed now, so that forked workers do not inherit the private copy
                self._arrays.update(W_in=None, W_out=None)
            with _starting_workers(forked):
                for i, seed in enumerate(self.seed.spawn(self.n)):
                    here, there = ctx.Pipe()
                    proc = ctx.Process(
                        target=_worker,
                        args=(i, there, specs, self.step, seed, os.getpid()),
                        name=f"word2vec_np worker {i + 1}",
                        daemon=True,
                    )
                    proc.start()
                    there.close()
                    self._procs.append(proc)
                    self._conns.append(here)
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self._procs]

    def train(
        self,
        blocks: range,
        words: np.ndarray,
        lr: Callable[[int], float],
        pause: Callable[[int], bool],
    ) -> Iterator[tuple[int, float, int]]:
        """Hand out ``blocks`` in order to the workers; yield (block, loss, examples) as each finishes.

        Each worker holds up to ``QUEUED`` blocks, so that it finds its next one waiting in
        its pipe when it finishes one, however late the parent is scheduled.
        words : (n_blocks,) raw words of each block.
        lr(ahead) : the learning rate of the next block, given the words handed out and not yet
            finished (the caller adds the words finished).
        pause(ahead) : True to hand out no more blocks for now.
        Returns once nothing is in flight and every block is handed out or ``pause`` says so;
        ``self.next_block`` is then the first block not handed out.
        """
        self.next_block = blocks.start
        queued: dict[int, deque] = {i: deque() for i in range(self.n)}  # worker -> its blocks, oldest first
        ahead = 0
        free = [i for _ in range(QUEUED) for i in range(self.n)]  # one entry per free place in a queue
        while True:
            while free and self.next_block < blocks.stop and not pause(ahead):
                i, b = free.pop(0), self.next_block
                self._send(i, (b, lr(ahead)))
                queued[i].append(b)
                ahead += int(words[b])
                self.next_block = b + 1
            busy = [i for i in queued if queued[i]]
            if not busy:
                return
            for i in self._wait(busy):
                b = queued[i].popleft()
                try:
                    reply = self._conns[i].recv()
                except (EOFError, OSError):  # the pipe closed: the worker is gone
                    raise self._died(i) from None
                if reply[0] == "error":
                    raise WorkerError(f"worker {i + 1} of {self.n} failed:\n{reply[1]}")
                ahead -= int(words[b])
                free.append(i)
                yield reply

    def _send(self, i: int, task) -> None:
        try:
            self._conns[i].send(task)
        except (BrokenPipeError, ConnectionResetError, EOFError):
            raise self._died(i) from None

    def _wait(self, busy: list[int]) -> list[int]:
        """The busy workers with a reply ready; WorkerError if one of them died first."""
        conns = {self._conns[i]: i for i in busy}
        sentinels = {self._procs[i].sentinel: i for i in busy}
        ready = connection.wait(list(conns) + list(sentinels))
        answered = [conns[r] for r in ready if r in conns]
        for r in ready:
            if r in sentinels and sentinels[r] not in answered:
                raise self._died(sentinels[r])
        return answered

    def _died(self, i: int) -> WorkerError:
        proc = self._procs[i]
        proc.join(timeout=5.0)  # its sentinel is ready, or its pipe closed: it has ended or is ending
        error = self._last_error(i)
        if error is not None:  # it failed and said why before it ended (the parent learnt of the end first)
            return WorkerError(f"worker {i + 1} of {self.n} failed:\n{error}")
        code = proc.exitcode
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            how = f"was killed by {name}"
            if name == "SIGKILL":
                how += " (the system does that when memory runs out)"
        else:
            how = f"exited with code {code}"
        return WorkerError(f"worker process {i + 1} of {self.n} (pid {proc.pid}) {how}")

    def _last_error(self, i: int) -> str | None:
        """The traceback an ended worker ``i`` sent as its last reply, if it sent one."""
        conn, reply = self._conns[i], None
        try:
            while conn.poll():  # replies it sent before the error come first
                reply = conn.recv()
        except (EOFError, OSError):
            pass
        return reply[1] if reply is not None and reply[0] == "error" else None

    def close(self) -> None:
        """Stop every worker (asking first, then SIGTERM, then SIGKILL), copy the shared matrices out
        (into the W_in and W_out given if ``in_place``, else into new arrays, which ``pool.W_in``
        and ``pool.W_out`` then are), and remove every segment."""
        for conn in self._conns:
            try:
                conn.send(None)
            except OSError:
                pass
        for proc in self._procs:
            proc.join(timeout=2.0)
            if proc.exitcode is None:
                proc.terminate()
                proc.join(timeout=2.0)
            if proc.exitcode is None:
                proc.kill()
                proc.join()
        for conn in self._conns:
            conn.close()
        self._procs, self._conns = [], []
        if self._shared is not None:
            W_in, W_out = self._shared
            if self.in_place:
                np.copyto(self._arrays["W_in"], W_in)
                np.copyto(self._arrays["W_out"], W_out)
                self.W_in, self.W_out = self._arrays["W_in"], self._arrays["W_out"]
            else:
                self.W_in, self.W_out = W_in.copy(), W_out.copy()  # private, as the segments go
            self._shared = None
        _remove(self._segments)
        self._segments = []


def _attach_own(segments: list, specs: Mapping, self_arrays: Mapping) -> dict[str, np.ndarray]:
    """The parent's views of its own segments."""
    by_name = {shm.name: shm for shm in segments}
    views = {}
    for name, spec in specs.items():
        if isinstance(spec, np.ndarray):
            views[name] = spec
        elif spec[0] == "file":
            views[name] = self_arrays[name]
        else:
            segment, shape, dtype = spec
            views[name] = np.ndarray(shape, np.dtype(dtype), buffer=by_name[segment].buf)
    return views
