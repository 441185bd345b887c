"""Grading one submitted file (.ipynb or .py) in a process of its own.

:func:`grade_submission` reads the file's code, starts worker.py on it in a
fresh temporary directory (its working directory) with a time limit for the
whole process, keeps at most OUTPUT_LIMIT bytes of what it prints, and
judges the outputs it wrote in this process (judge.judge). Whatever the
submission does (crash, hang, print megabytes, exit, read or write files
in its directory, import the package), only its own grades change: the
checks and the reference answers live in this process, and the worker's
results are read as plain arrays (``allow_pickle=False``), size-checked.

This runs the submitted code, as nbgrader does: grade only what you would
run yourself, on a machine or account where that is acceptable.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .calls import CallResult
from .exercises import EXERCISES
from .judge import ExerciseReport, judge, make_plan, missing, not_implemented

#: Bytes of a submission's printing that are read (the rest is discarded unread).
OUTPUT_LIMIT = 64_000
#: Largest results file accepted from a worker.
RESULT_BYTES = 32_000_000
#: Largest file a submission may write (RLIMIT_FSIZE), so it cannot fill the disk.
FILE_BYTES = 64_000_000
STATUSES = {"ok", "stub", "error", "timeout"}
#: Time to start Python and NumPy in the worker, added to a submission's time limit.
STARTUP_SECONDS = 15.0


@dataclass
class SubmissionReport:
    """The grades of one submission: a report per exercise and notes for the teacher."""

    name: str
    reports: dict[str, ExerciseReport]
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(r.score for r in self.reports.values())


def read_cells(path: Path) -> list[str]:
    """The code cells of a notebook, a .py file as one cell, or those of every such file in a directory.

    A directory is one learner's hand-in (e.g. the four assignment notebooks),
    read in file-name order. Raises ValueError for an unreadable notebook or
    a directory without .ipynb or .py files.
    """
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".ipynb", ".py") and p.is_file())
        if not files:
            raise ValueError("the directory holds no .ipynb or .py file")
        return [cell for f in files for cell in read_cells(f)]
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix.lower() == ".py":
        return [text]
    try:
        nb = json.loads(text)
        cells = nb["cells"]
        return [
            "".join(c["source"]) if isinstance(c["source"], list) else str(c["source"])
            for c in cells
            if isinstance(c, dict) and c.get("cell_type") == "code"
        ]
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path.name} is not a readable notebook ({type(exc).__name__})") from None


def _limits() -> None:  # in the child, before exec
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_BYTES, FILE_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _drain(stream, kept: list, counter: list) -> None:
    """Read a pipe to its end, keeping the first OUTPUT_LIMIT bytes."""
    while chunk := stream.read(65536):
        if counter[0] < OUTPUT_LIMIT:
            kept.append(chunk[: OUTPUT_LIMIT - counter[0]])
        counter[0] += len(chunk)


def run_worker(workdir: Path, seconds: float) -> tuple[str, int, bool, int | None]:
    """Run worker.py in ``workdir`` for at most ``seconds``: (printed text, bytes printed, killed, exit code)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(workdir),
        "MPLBACKEND": "Agg",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONHASHSEED": "0",
    }
    worker = Path(__file__).with_name("worker.py")
    process = subprocess.Popen(
        [sys.executable, "-I", str(worker), str(workdir)],
        cwd=workdir,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=_limits if os.name == "posix" else None,
    )
    kept: list[bytes] = []
    counter = [0]
    reader = threading.Thread(target=_drain, args=(process.stdout, kept, counter), daemon=True)
    reader.start()
    killed = False
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        killed = True
    finally:
        if process.poll() is None or killed:
            try:
                os.killpg(process.pid, signal.SIGKILL)  # the worker and anything it started
            except (ProcessLookupError, PermissionError):
                pass
            process.wait()
    reader.join(timeout=5)
    return b"".join(kept).decode("utf-8", "replace"), counter[0], killed, process.returncode


def _read_results(out: Path, exercise, n_calls: int) -> tuple[list[CallResult] | None, dict]:
    """The worker's results for one exercise, validated, or (None, record) when missing or damaged."""
    meta, data = out / f"{exercise.name}.json", out / f"{exercise.name}.npz"
    if not (meta.is_file() and data.is_file()) or meta.stat().st_size + data.stat().st_size > RESULT_BYTES:
        return None, {}
    try:
        record = json.loads(meta.read_text(encoding="utf-8"))
        if not record.get("found") or record.get("signature"):
            return [], record
        statuses, messages = record["statuses"], record["messages"]
        if len(statuses) != n_calls or len(messages) != n_calls or not set(statuses) <= STATUSES:
            return None, {}
        results = []
        with np.load(data, allow_pickle=False) as arrays:
            n_parts = len(exercise.returns)
            for i, (status, message) in enumerate(zip(statuses, messages, strict=False)):
                parts = tuple(arrays[f"c{i}_{j}"] for j in range(n_parts)) if status == "ok" else None
                results.append(CallResult(status, parts, str(message)[:200]))
        return results, record
    except (ValueError, KeyError, TypeError, OSError):
        return None, {}


def grade_submission(path: Path, names: list[str], seconds: float, budget: float | None = None) -> SubmissionReport:
    """Grade the exercises ``names`` of the submission at ``path``; ``seconds`` per exercise.

    The whole process gets ``budget`` seconds, by default enough for the
    cells and every exercise: ``seconds * (len(names) + 2) + STARTUP_SECONDS``.
    """
    report = SubmissionReport(path.name, {})
    try:
        cells = read_cells(path)
    except (ValueError, OSError) as exc:
        report.notes.append(f"could not be read: {exc}")
        report.reports = {n: not_implemented(EXERCISES[n]) for n in names}
        return report
    exercises = [EXERCISES[n] for n in names]
    plans = {ex.name: make_plan(ex) for ex in exercises}
    workdir = Path(tempfile.mkdtemp(prefix="w2v-grade-"))
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
        printed, n_printed, killed, code = run_worker(workdir, budget)
        elapsed = time.perf_counter() - start
        out = workdir / "out"
        load = _load_note(out)
        report.notes.extend(load)
        if killed:
            report.notes.append(f"stopped after {elapsed:.0f} s (the limit of the whole submission)")
        elif code != 0 and not all((out / f"{n}.json").is_file() for n in names):
            report.notes.append(f"its process ended early (exit code {code})")
        if n_printed > OUTPUT_LIMIT:
            report.notes.append(f"printed {n_printed:,} bytes; only the first {OUTPUT_LIMIT:,} were read")
        for ex in exercises:
            n_calls = len(plans[ex.name].calls)
            results, record = _read_results(out, ex, n_calls) if out.is_dir() else (None, {})
            if results is None:
                status = "timeout" if killed else "error"
                message = "" if killed else "the submission's process ended or damaged its results during this exercise"
                results = [CallResult(status, None, message)] * n_calls
            elif record.get("found") is False:
                report.reports[ex.name] = missing(ex)
                continue
            elif record.get("signature"):
                report.reports[ex.name] = judge(ex, [], signature_problem=str(record["signature"])[:200])
                continue
            report.reports[ex.name] = judge(ex, results, seconds=seconds)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return report


def _load_note(out: Path) -> list[str]:
    try:
        load = json.loads((out / "_load.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    notes = [str(e)[:200] for e in load.get("errors", [])[:3] if isinstance(e, str)]
    refused = [str(r)[:80] for r in load.get("refused", [])[:3]]
    if refused:
        notes.append(f"imports {', '.join(refused)}, which is not available while grading")
    return notes
