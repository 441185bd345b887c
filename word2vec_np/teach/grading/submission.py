"""Grading one submitted file (.ipynb or .py), or a folder of them, in a process of its own.

:func:`grade_submission` reads the submission's code (regular files only,
at most SOURCE_BYTES, nesting at most JSON_DEPTH deep), and starts
supervisor.py, which runs worker.py on it in a private directory (mode
0700, its own HOME and TMPDIR) in a session of its own, with limits on
memory, CPU time, processes, file size and wall-clock time, and kills
everything the submission started when it ends. The worker's outputs come
back on a pipe that only this process reads, at most RESULT_BYTES of them,
as raw arrays (no pickle, no compression) that are validated here; the
checks and the reference answers live in this process (judge.judge).
Whatever one submission does (crash, hang, print megabytes, fork, leave a
daemon, exit, allocate without end, write its own results), only its own
grades change, and its words reach the report quoted and escaped.

A submission's a5 notebook (a file whose name starts with "a5") is left
out of that run and graded by training (:func:`grade_a5`): a second worker,
under the same limits, with the package on its sys.path, trains with its
functions and sends back the vectors, which are scored here.

This runs the submitted code, as nbgrader does: it is not a sandbox. See
docs/teaching.md, "What the grader defends against".
"""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from ...errors import CorpusError
from .calls import MESSAGE_LIMIT, CallResult, quote
from .exercises import EXERCISES
from .judge import ExerciseReport, judge, make_plan, missing, not_implemented
from .training import BUNDLED_CORPUS, SETTINGS, TrainingResult, format_training, grade_score, score_vectors

#: Bytes of a submission's printing that are read (the rest is discarded unread).
OUTPUT_LIMIT = 64_000
#: Largest results accepted from a worker, in bytes, all messages together (raw arrays: no decompression).
RESULT_BYTES = 32_000_000
#: Largest file a submission may write (RLIMIT_FSIZE), so it cannot fill the disk.
FILE_BYTES = 64_000_000
#: Largest submission file read; a larger one (or a device, a FIFO) is a note, not read.
SOURCE_BYTES = 8_000_000
#: Files read from one submission folder.
MAX_FILES = 50
#: Deepest nesting of a notebook's JSON (a real notebook is about 5 deep).
JSON_DEPTH = 100
#: Default memory limit of a submission's process (RLIMIT_AS), in bytes.
DEFAULT_MEMORY = 2 << 30
#: Most processes one submission may run at once (its worker included), watched by the supervisor.
MAX_PROCESSES = 16
STATUSES = {"ok", "stub", "error", "timeout"}
#: Time to start Python and NumPy in the worker, added to a submission's time limit.
STARTUP_SECONDS = 15.0
#: Time limit of a5's training run, in seconds (correct functions train in 10 to 30 s on one core).
TRAINING_SECONDS = 180.0
#: The folder the package is in: on the sys.path of a5's training run only.
PACKAGE_ROOT = Path(__file__).resolve().parents[3]
#: Patterns in a submission's source that the teacher should read: (flag, regular expression).
SUSPICIOUS = (
    ("sys.meta_path", r"\bmeta_path\b|\bpath_hooks\b"),
    ("importlib", r"\bimportlib\b"),
    ("sys.modules", r"\bsys\s*\.\s*modules\b|\bmodules\s*\["),
    ("__import__", r"\b__import__\b"),
    ("word2vec_np", r"word2vec_np"),
    ("sys.path", r"\bsys\s*\.\s*path\b|\bsite\b\s*\.|\bPYTHONPATH\b"),
    ("opens .py files", r"\.py[\"'c]|\bglob\b|\bos\s*\.\s*walk\b|\bscandir\b|\bsource_from_cache\b"),
    ("signals or kills processes", r"\bos\s*\.\s*kill|\bkillpg\b|\bsignal\b|\bgetppid\b"),
    ("ctypes", r"\bctypes\b|\bcffi\b"),
    ("subprocess", r"\bsubprocess\b|\bos\s*\.\s*(system|popen|fork|exec|spawn|setsid)|\bmultiprocessing\b|\bpty\b"),
    ("runs code from a string", r"\bexec\s*\(|\beval\s*\(|\bcompile\s*\(|\bmarshal\b|\bpickle\b"),
    ("the grader's files", r"/proc\b|\bgc\s*\.\s*get_objects|\b_getframe\b|\b__file__\b"),
)


class UnreadableSubmission(CorpusError):
    """A submission the grader refuses to read (a device, too large, nested too deep, not a notebook): a ValueError."""


@dataclass
class SubmissionReport:
    """The grades of one submission: a report per exercise, notes and flags for the teacher.

    ``name`` is the row's id (the path relative to the submissions' common
    folder); ``flags`` names what its source does that the teacher should
    read (:data:`SUSPICIOUS`): it is graded all the same.
    """

    name: str
    reports: dict[str, ExerciseReport]
    notes: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    a5: TrainingGrade | None = None  # None: no a5 notebook in the submission

    @property
    def total(self) -> float:
        """The exercises' scores and a5's (:func:`training.grade_score`), summed."""
        return sum(r.score for r in self.reports.values()) + (self.a5.score if self.a5 else 0.0)


@dataclass
class TrainingGrade:
    """a5's column: the share of planted analogies the submission's functions reach, and the run's report."""

    share: float
    passed: bool
    text: str  # training.format_training's report, or the line saying why it did not train

    @property
    def score(self) -> float:
        return grade_score(self.share)


def is_a5(path: Path) -> bool:
    """Whether ``path`` is assignment a5 (graded by training): its name starts with "a5", as a5_train_your_own.ipynb."""
    return path.name.lower().startswith("a5")


def a5_file(path: Path) -> Path | None:
    """The a5 notebook (or .py file) of a submission: the file itself, or the first one in its folder, or None."""
    if path.is_dir():
        try:
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".ipynb", ".py") and is_a5(p))
        except OSError:
            return None
        return next((p for p in files if not p.is_dir()), None)
    return path if is_a5(path) else None


def _json_depth(text: str) -> int:
    """How deep ``text``'s brackets nest, outside JSON strings (a linear scan, no recursion)."""
    depth = deepest = 0
    for token in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text):
        t = token.group()
        if t in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif t in "]}":
            depth -= 1
    return deepest


def _read_text(path: Path) -> str:
    """A regular file's text, refusing devices, FIFOs and files over SOURCE_BYTES before reading them."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise UnreadableSubmission(f"{path.name} cannot be opened ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableSubmission(f"{path.name} is not a regular file (a device, FIFO or socket); it was not read")
        if info.st_size > SOURCE_BYTES:
            raise UnreadableSubmission(
                f"{path.name} is {info.st_size:,} bytes, over the grader's {SOURCE_BYTES:,}; it was not read"
            )
        data = f.read(SOURCE_BYTES + 1)
    if len(data) > SOURCE_BYTES:
        raise UnreadableSubmission(f"{path.name} grew beyond {SOURCE_BYTES:,} bytes while being read")
    return data.decode("utf-8", errors="replace")


def read_cells(path: Path, skip_a5: bool = False) -> list[str]:
    """The code cells of a notebook, a .py file as one cell, or those of every such file in a directory.

    ``skip_a5``: leave a directory's a5 files out (:func:`is_a5`: a5 is graded by training, apart).

    A directory is one learner's hand-in (e.g. the four assignment notebooks),
    read in file-name order, at most MAX_FILES files. Raises
    UnreadableSubmission (a ValueError) for a file that is not regular, is
    larger than SOURCE_BYTES, nests deeper than JSON_DEPTH or is not a
    notebook, and for a directory without .ipynb or .py files.
    """
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".ipynb", ".py") and not p.is_dir())
        if not files:
            raise UnreadableSubmission("the directory holds no .ipynb or .py file")
        if len(files) > MAX_FILES:
            raise UnreadableSubmission(f"the directory holds {len(files)} .ipynb and .py files, over {MAX_FILES}")
        return [cell for f in files if not (skip_a5 and is_a5(f)) for cell in read_cells(f)]
    text = _read_text(path)
    if path.suffix.lower() == ".py":
        return [text]
    if _json_depth(text) > JSON_DEPTH:
        raise UnreadableSubmission(f"{path.name} nests deeper than {JSON_DEPTH} levels; it is not a notebook")
    try:
        nb = json.loads(text)
        cells = nb["cells"]
        return [
            "".join(map(str, c["source"])) if isinstance(c["source"], list) else str(c["source"])
            for c in cells
            if isinstance(c, dict) and c.get("cell_type") == "code"
        ]
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        raise UnreadableSubmission(f"{path.name} is not a readable notebook ({type(exc).__name__})") from None


def _given_lines() -> set[str]:
    """The code lines of the handed-out assignment notebooks (their setup cells name the package), when present."""
    lines = {"from word2vec_np.teach.grading import check"}
    folder = Path(__file__).resolve().parents[3] / "notebooks" / "assignments"
    for notebook in sorted(folder.glob("*.ipynb")) if folder.is_dir() else []:
        try:
            for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
                if cell.get("cell_type") == "code":
                    lines.update(_code_line(line) for line in "".join(cell["source"]).splitlines())
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return lines


def _code_line(line: str) -> str:
    return re.sub(r"\s+#[^\"']*$", "", line).strip()


def flags(cells: list[str]) -> list[str]:
    """What the source does that a teacher should read (:data:`SUSPICIOUS`), in that order.

    Docstrings, comment lines and the lines of the handed-out notebooks (the setup cell
    that finds the package in a checkout) are left out.
    """
    given = _given_lines()
    code = (re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'', '""', cell) for cell in cells)  # docstrings
    lines = (_code_line(line) for cell in code for line in cell.splitlines())
    source = "\n".join(line for line in lines if line and not line.startswith("#") and line not in given)
    return [flag for flag, pattern in SUSPICIOUS if re.search(pattern, source)]


def _drain(fd: int, limit: int, kept: list, counter: list) -> None:
    """Read a pipe to its end, keeping the first ``limit`` bytes and counting the rest unread."""
    with os.fdopen(fd, "rb", buffering=0) as stream:
        while chunk := stream.read(65536):
            if counter[0] < limit:
                kept.append(chunk[: limit - counter[0]])
            counter[0] += len(chunk)


def _numpy_folder() -> str:
    """The folder NumPy is installed in: the worker imports ``numpy`` (only) from there, not by sys.path."""
    return str(Path(np.__file__).resolve().parent.parent)


@dataclass
class WorkerRun:
    """What came back from one worker: its printing, its result bytes, how it ended."""

    printed: str
    n_printed: int
    results: bytes
    n_results: int
    exit: int | None
    stopped: str  # "", "timeout", "processes", "signal", or "lost" (the supervisor itself failed)
    ignored_signals: int = 0  # stop signals the submission sent its supervisor


def run_worker(workdir: Path, seconds: float, memory: int = DEFAULT_MEMORY, package: bool = False) -> WorkerRun:
    """Run worker.py in ``workdir`` under supervisor.py for at most ``seconds`` of wall-clock time.

    ``package``: a5's training run, with the package (and what is installed with it) on the worker's sys.path.
    """
    home, tmp = workdir / "home", workdir / "tmp"
    home.mkdir()
    tmp.mkdir()
    code = workdir / "grader"
    code.mkdir()
    for name in ("worker.py", "calls.py"):  # copies: the package's folder is not named to the submission
        shutil.copyfile(Path(__file__).with_name(name), code / name)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "TMPDIR": str(tmp),
        "MPLBACKEND": "Agg",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONHASHSEED": "0",
    }
    out_read, out_write = os.pipe()
    res_read, res_write = os.pipe()
    cpu = int(seconds) + 2
    settings = {
        "grader": os.getpid(),
        "workdir": str(workdir),
        "argv": [sys.executable, "-I", "-S", str(code / "worker.py"), str(workdir), str(res_write),
                 _numpy_folder()] + ([str(PACKAGE_ROOT)] if package else []),
        "env": env,
        "output_fd": out_write,
        "result_fd": res_write,
        "seconds": seconds,
        "max_processes": MAX_PROCESSES,
        "limits": {
            "RLIMIT_AS": memory,
            "RLIMIT_CPU": cpu,
            "RLIMIT_FSIZE": FILE_BYTES,
            "RLIMIT_CORE": 0,
            "RLIMIT_NPROC": _nproc_limit(),
        },
    }
    supervisor = subprocess.Popen(
        [sys.executable, "-I", "-S", str(Path(__file__).with_name("supervisor.py")), json.dumps(settings)],
        cwd=workdir, env={"PATH": env["PATH"]}, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        pass_fds=[out_write, res_write],
    )
    os.close(out_write)
    os.close(res_write)
    printed, n_printed, results, n_results = [], [0], [], [0]
    readers = [threading.Thread(target=_drain, args=(out_read, OUTPUT_LIMIT, printed, n_printed), daemon=True),
               threading.Thread(target=_drain, args=(res_read, RESULT_BYTES, results, n_results), daemon=True)]
    for reader in readers:
        reader.start()
    verdict = {}
    try:
        line = supervisor.communicate(timeout=seconds + 30)[0]
        verdict = json.loads(line or b"{}")
    except subprocess.TimeoutExpired:
        verdict = {"stopped": "lost"}
    except BaseException:  # the grader is interrupted (Ctrl-C, SIGTERM): the supervisor stops the submission
        _stop_supervisor(supervisor)
        raise
    finally:
        if supervisor.poll() is None:
            _stop_supervisor(supervisor)
    for reader in readers:
        reader.join(timeout=5)
    return WorkerRun(b"".join(printed).decode("utf-8", "replace"), n_printed[0], b"".join(results), n_results[0],
                     verdict.get("exit"), str(verdict.get("stopped", "")), int(verdict.get("ignored_signals", 0)))


def _stop_supervisor(supervisor: subprocess.Popen) -> None:
    supervisor.send_signal(signal.SIGTERM)  # it kills the submission's processes, then exits
    try:
        supervisor.wait(timeout=10)
    except subprocess.TimeoutExpired:
        supervisor.kill()
        supervisor.wait()


def _nproc_limit() -> int | None:
    """RLIMIT_NPROC for a worker: the processes this user already runs plus MAX_PROCESSES (None for root).

    The limit counts every process of the user, not the submission's alone,
    and root is exempt from it; the supervisor's own count bounds a
    submission in every case.
    """
    if not hasattr(os, "getuid") or os.getuid() == 0:
        return None
    uid, count = os.getuid(), 0
    try:
        for name in os.listdir("/proc"):
            if name.isdigit():
                try:
                    count += os.stat(f"/proc/{name}").st_uid == uid
                except OSError:
                    pass
    except OSError:
        return None
    return count + MAX_PROCESSES * 4  # threads count too


def parse_results(data: bytes) -> dict[str, tuple[dict, dict]]:
    """The worker's messages (worker.py's docstring): name -> (record, arrays). Stops at the first damaged one."""
    found: dict[str, tuple[dict, dict]] = {}
    at = 0
    while at + 12 <= len(data):
        if data[at : at + 4] != b"W2VR":
            break
        size = int.from_bytes(data[at + 4 : at + 12], "big")
        if size > len(data) - at - 12 or size > 1_000_000:
            break
        try:
            header = json.loads(data[at + 12 : at + 12 + size])
            at += 12 + size
            arrays = {}
            for key, dtype, shape, nbytes in header["arrays"]:
                kind = np.dtype(str(dtype))
                if kind.kind not in "biuf" or kind.hasobject:
                    raise ValueError("not a numeric array")
                shape = tuple(int(n) for n in shape)
                if int(nbytes) != kind.itemsize * int(np.prod(shape, dtype=np.int64)) or at + int(nbytes) > len(data):
                    raise ValueError("sizes do not match")
                arrays[str(key)] = np.frombuffer(data, kind, count=int(np.prod(shape)), offset=at).reshape(shape).copy()
                at += int(nbytes)
            if not isinstance(header["record"], dict):
                raise ValueError("not a record")
            found[str(header["name"])] = (header["record"], arrays)
        except (ValueError, KeyError, TypeError, OverflowError, RecursionError):
            break
    return found


def _read_results(message: tuple[dict, dict] | None, exercise, n_calls: int) -> tuple[list[CallResult] | None, dict]:
    """The worker's results for one exercise, validated, or (None, record) when missing or damaged."""
    if message is None:
        return None, {}
    record, arrays = message
    try:
        if not record.get("found") or record.get("signature"):
            return [], record
        statuses, messages = record["statuses"], record["messages"]
        if not isinstance(statuses, list) or not isinstance(messages, list):
            return None, {}
        if len(statuses) != n_calls or len(messages) != n_calls or not set(statuses) <= STATUSES:
            return None, {}
        results = []
        n_parts = len(exercise.returns)
        for i, (status, message_text) in enumerate(zip(statuses, messages, strict=False)):
            parts = tuple(arrays[f"c{i}_{j}"] for j in range(n_parts)) if status == "ok" else None
            results.append(CallResult(status, parts, _requote(message_text)))
        return results, record
    except (ValueError, KeyError, TypeError):
        return None, {}


def _requote(text) -> str:
    """A message the worker sent, quoted and escaped here again: the worker is the submission's process."""
    text = str(text)[: 2 * MESSAGE_LIMIT]
    if len(text) >= 2 and text[0] == text[-1] == '"' and not re.search(r'[\x00-\x1f\x7f]|(?<!\\)"', text[1:-1]):
        return text  # already quoted by calls._describe, and nothing slipped in
    return quote(text) if text else ""


def grade_submission(
    path: Path,
    names: list[str],
    seconds: float,
    budget: float | None = None,
    *,
    name: str | None = None,
    memory: int = DEFAULT_MEMORY,
    training_seconds: float = TRAINING_SECONDS,
) -> SubmissionReport:
    """Grade the exercises ``names`` of the submission at ``path``; ``seconds`` per exercise; then its a5.

    The whole process gets ``budget`` seconds, by default enough for the
    cells and every exercise: ``seconds * (len(names) + 2) + STARTUP_SECONDS``;
    ``memory`` bytes of address space; ``name`` is the row's id (default:
    the file's name). The submission's a5 notebook (:func:`a5_file`) is left
    out of that run: it is graded by training alone, in a process of its own
    (:func:`grade_a5`, ``training_seconds``), and its functions are not
    graded as a2's and a3's exercises.
    """
    a5 = a5_file(path)
    if a5 is not None and a5 == path:
        report = SubmissionReport(name or path.name, {n: missing(EXERCISES[n]) for n in names})
    else:
        report = _grade_exercises(path, names, seconds, budget, name=name, memory=memory)
    if a5 is not None:
        report.a5, notes, a5_flags = grade_a5(a5, seconds, memory, training_seconds)
        report.notes.extend(notes)
        report.flags = [flag for flag, _ in SUSPICIOUS if flag in report.flags or flag in a5_flags]
    return report


def _grade_exercises(
    path: Path, names: list[str], seconds: float, budget: float | None, *, name: str | None, memory: int
) -> SubmissionReport:
    report = SubmissionReport(name or path.name, {})
    try:
        cells = read_cells(path, skip_a5=True)
    except (ValueError, OSError) as exc:
        report.notes.append(f"could not be read: {quote(exc, 200)}")
        report.reports = {n: not_implemented(EXERCISES[n]) for n in names}
        return report
    if not cells:  # a folder holding only a5
        report.reports = {n: missing(EXERCISES[n]) for n in names}
        return report
    report.flags = flags(cells)
    exercises = [EXERCISES[n] for n in names]
    plans = {ex.name: make_plan(ex) for ex in exercises}
    workdir = Path(tempfile.mkdtemp(prefix="w2v-grade-"))  # mode 0700: no other submission can name its files
    try:
        (workdir / "cells.json").write_text(json.dumps(cells), encoding="utf-8")
        plan = {
            "seconds": seconds,
            "load_seconds": seconds,
            "exercises": [
                {
                    "name": ex.name,
                    "n_params": len(ex.params),
                    "n_returned": ex.n_returned,
                    "keep_arg": ex.keep_arg,
                    "calls": plans[ex.name].calls,
                }
                for ex in exercises
            ],
        }
        (workdir / "plan.pkl").write_bytes(pickle.dumps(plan))
        if budget is None:
            budget = seconds * (len(exercises) + 2) + STARTUP_SECONDS  # the cells, every exercise, Python
        start = time.perf_counter()
        run = run_worker(workdir, budget, memory)
        elapsed = time.perf_counter() - start
        messages = parse_results(run.results) if run.n_results <= RESULT_BYTES else {}
        report.notes.extend(_load_note(messages.get("_load")))
        done = all(n in messages for n in names)
        if run.n_results > RESULT_BYTES:
            report.notes.append(f"sent more than {RESULT_BYTES:,} bytes of results; none were read")
        elif run.stopped == "timeout":
            report.notes.append(f"stopped after {elapsed:.0f} s (the limit of the whole submission)")
        elif run.stopped == "processes":
            report.notes.append(f"stopped: it ran more than {MAX_PROCESSES} processes at once")
        elif run.stopped:
            report.notes.append("stopped: the grader was interrupted or its supervisor failed")
        elif run.exit is not None and run.exit < 0 and -run.exit == getattr(signal, "SIGXCPU", None):
            report.notes.append("stopped: it used its whole CPU time")
        elif not done:
            report.notes.append(f"its process ended before finishing (exit code {run.exit})")
        if any("MemoryError" in str(m[0].get(key)) for m in messages.values() for key in ("messages", "errors")):
            report.notes.append(f"ran out of memory (its limit is {memory / 2**30:g} GB, --memory)")
        if run.ignored_signals:
            report.notes.append("it sent a stop signal to the process that watches it; the signal was ignored")
        if run.n_printed > OUTPUT_LIMIT:
            report.notes.append(f"printed {run.n_printed:,} bytes; only the first {OUTPUT_LIMIT:,} were read")
        timed_out = []
        for ex in exercises:
            n_calls = len(plans[ex.name].calls)
            results, record = _read_results(messages.get(ex.name), ex, n_calls)
            if results is not None and any(r.status == "timeout" for r in results):
                timed_out.append(ex.name)
            if results is None:
                status = "timeout" if run.stopped == "timeout" else "error"
                message = "the submission's process ended or damaged its results during this exercise"
                message = "" if status == "timeout" else message
                results = [CallResult(status, None, message)] * n_calls
            elif record.get("found") is False:
                report.reports[ex.name] = missing(ex)
                continue
            elif record.get("signature"):
                report.reports[ex.name] = judge(ex, [], signature_problem=quote(record["signature"], 200)[1:-1])
                continue
            report.reports[ex.name] = judge(ex, results, seconds=seconds)
        if timed_out:
            report.notes.append(f"did not finish within {seconds:g} s (--timeout): {', '.join(timed_out)}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if report.total == 0 and not report.notes and not any(
        r.state == "graded" and r.checks for r in report.reports.values()
    ):
        report.notes.append("defines none of the exercises' functions")
    return report


def grade_a5(
    path: Path, seconds: float, memory: int = DEFAULT_MEMORY, training_seconds: float = TRAINING_SECONDS
) -> tuple[TrainingGrade, list[str], list[str]]:
    """Train with the a5 functions of the file ``path`` in a worker; (its grade, notes, flags).

    The worker runs the file's cells (``seconds`` each) with the package on its
    sys.path, then training.train_with (``training_seconds``), and sends back
    the trained vectors and the losses; the share is computed here
    (training.score_vectors). The whole run gets
    ``training_seconds + 2 * seconds + STARTUP_SECONDS``.
    """
    try:
        cells = read_cells(path)
    except (ValueError, OSError) as exc:
        return TrainingGrade(0.0, False, f"a5 not trained: could not be read: {quote(exc, 200)}"), [], []
    budget = training_seconds + 2 * seconds + STARTUP_SECONDS
    workdir = Path(tempfile.mkdtemp(prefix="w2v-grade-"))
    try:
        (workdir / "cells.json").write_text(json.dumps(cells), encoding="utf-8")
        plan = {"seconds": seconds, "load_seconds": seconds, "exercises": [], "training": training_seconds}
        (workdir / "plan.pkl").write_bytes(pickle.dumps(plan))
        start = time.perf_counter()
        run = run_worker(workdir, budget, memory, package=True)
        elapsed = time.perf_counter() - start
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    messages = parse_results(run.results) if run.n_results <= RESULT_BYTES else {}
    notes = [f"a5: {note}" for note in _load_note(messages.get("_load"))]
    result = _training_result(messages.get("_a5"))
    if result is None:
        why = "its process ended before sending its vectors"
        if run.stopped == "timeout":
            why = f"stopped after {elapsed:.0f} s (the limit of a5's run, {budget:.0f} s)"
        elif run.exit is not None and run.exit < 0 and -run.exit == getattr(signal, "SIGXCPU", None):
            why = "stopped: it used its whole CPU time"
        elif run.n_results > RESULT_BYTES:
            why = f"sent more than {RESULT_BYTES:,} bytes of results; none were read"
        result = TrainingResult(problem=why)
    share = result.share if result.problem is None else 0.0
    return TrainingGrade(share, result.passed, format_training(result)), notes, flags(cells)


@cache
def _vocabulary_words() -> tuple[str, ...]:
    from ...text import corpus

    return tuple(corpus.load(BUNDLED_CORPUS, min_count=SETTINGS["min_count"])[0].words)


def _training_result(message: tuple[dict, dict] | None) -> TrainingResult | None:
    """The worker's "_a5" message as a TrainingResult scored here, or None when it is missing or damaged."""
    if message is None:
        return None
    record, arrays = message
    try:
        losses = arrays.get("losses", np.zeros(0))
        result = TrainingResult(examples=int(record["examples"]), seconds=float(record["seconds"]),
                                losses=[float(x) for x in np.asarray(losses, np.float64).reshape(-1)])
        problem = record["problem"]
    except (KeyError, TypeError, ValueError, OverflowError):
        return None
    if problem is not None:
        result.problem = re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", str(problem))[:400]
        return result
    if "W_in" not in arrays:
        return None
    return score_vectors(result, arrays["W_in"], _vocabulary_words())


def _load_note(message: tuple[dict, dict] | None) -> list[str]:
    if message is None:
        return []
    load = message[0]
    errors = load.get("errors", [])
    refused = load.get("refused", [])
    notes = [_requote(e) for e in (errors if isinstance(errors, list) else [])[:3]]
    notes = [n[1:-1] if n.startswith('"cell ') else n for n in notes]  # the worker's own words stay as they are
    refused = [quote(r, 80) for r in (refused if isinstance(refused, list) else [])[:3]]
    if refused:
        notes.append(f"imports {', '.join(refused)}, which is not available while grading")
    return notes
