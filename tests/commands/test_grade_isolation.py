"""``python -m word2vec_np.grade`` with hostile submissions: each only changes its own row, and nothing outlives it.

The hostile submissions are small and safe: their children sleep at most
30 s, their allocations fail at once under the memory limit (and are never
touched without it), and anything they attack lies in this test's own
temporary folder. Every process a submission starts inherits TMPDIR, a
folder under the test's own one, so "no process left" is checked by looking
for that folder in every process's environment, not by pid.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.helpers import ROOT
from word2vec_np import grade
from word2vec_np.teach.grading import EXERCISES
from word2vec_np.teach.grading.calls import _describe, quote
from word2vec_np.teach.grading.submission import MAX_PROCESSES, grade_submission, read_cells

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the subreaper and /proc are Linux's")

GOOD = (ROOT / "tests" / "assignment_solutions.py").read_text(encoding="utf-8")
FULL = float(len(EXERCISES))


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _env(tmp: Path) -> dict:
    return {**os.environ, "TMPDIR": str(tmp),
            "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}


def _cli(tmp: Path, *args, timeout=240):
    return subprocess.run([sys.executable, "-m", "word2vec_np.grade", *map(str, args)],
                          capture_output=True, text=True, cwd=tmp, timeout=timeout, env=_env(tmp))


def _rows(path: Path) -> dict[str, dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return {row["submission"]: row for row in csv.DictReader(f)}


def _left_behind(marker: Path) -> list[int]:
    """Processes whose environment names ``marker`` (the grader's TMPDIR): a submission's leftovers."""
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit() and int(name) != os.getpid():
            try:
                environ = Path(f"/proc/{name}/environ").read_bytes()
                state = Path(f"/proc/{name}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
            except OSError:
                continue
            if str(marker).encode() in environ and state != b"Z":
                found.append(int(name))
    return found


def _gone(marker: Path, seconds: float = 10.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := _left_behind(marker)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def _hostile(d: Path, tmp: Path) -> list[Path]:
    """The hostile submissions of the issue, each a .py file (or a notebook) in ``d``."""
    fork_children = """
        import os, time
        for _ in range({n}):
            if os.fork() == 0:
                time.sleep(30)
                os._exit(0)
        """
    return [
        # kills the process that started it (today: the grader, and every row is lost)
        _write(d / "killer.py", GOOD + "\nimport os, signal\nos.kill(os.getppid(), signal.SIGTERM)\n"
               "os.kill(os.getppid(), signal.SIGHUP)\n"),
        # a daemon that escapes with setsid and a double fork, and empties other submissions' results
        _write(d / "daemon.py", GOOD + textwrap.dedent(f"""
            import os, time, glob, shutil
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    end = time.time() + 30
                    while time.time() < end:
                        for top in glob.glob({str(tmp)!r} + "/w2v-grade-*"):
                            for folder, _, files in os.walk(top):  # links are not followed
                                for name in [os.path.join(folder, f) for f in files]:
                                    if not os.path.realpath(name).startswith({str(tmp)!r} + "/"):
                                        continue  # only this test's own files
                                    try:
                                        os.remove(name)
                                    except OSError:
                                        pass
                        time.sleep(0.01)
                os._exit(0)
            time.sleep(0.2)
            """)),
        # 10 sleeping children, under the process limit: graded in full, and all of them killed at the end
        _write(d / "forks10.py", GOOD + textwrap.dedent(fork_children.format(n=10))),
        # 20 sleeping children: over the limit, stopped with a note
        _write(d / "forks20.py", GOOD + textwrap.dedent(fork_children.format(n=20)) + "time.sleep(5)\n"),
        # allocates beyond --memory (never touched: no RAM is used even without a limit)
        _write(d / "memory.py", GOOD + "\nimport numpy as np\nhog = np.empty(3 << 30, dtype=np.uint8)\n"),
        # an endless loop in one exercise: that exercise times out, with a note naming it
        _write(d / "spin.py", GOOD + "\n\ndef softmax(S):\n    while True:\n        pass\n"),
        # exits with status 0 in the middle of the grading
        _write(d / "early.py", GOOD.replace("def skipgram_forward(W_in, inputs):\n",
                                            "def skipgram_forward(W_in, inputs):\n    import os\n    os._exit(0)\n")),
        # floods the grader's results pipe (today: a deflate bomb in its results file took the grader to 4 GB)
        _write(d / "flood.py", GOOD + textwrap.dedent("""
            import os, sys
            fd = int(sys.argv[2])  # the worker's results pipe
            header = b"W2VR" + (10**15).to_bytes(8, "big")
            for _ in range(320):
                os.write(fd, header + b"\\0" * (1 << 20))
            """)),
        # fake report lines: a learner's exception with newlines, and a patched message formatter
        _write(d / "forger.py", GOOD.replace("def softmax(S):\n", "def softmax(S):\n    raise ValueError("
               "'\\nsoftmax: 5 of 5 checks pass. Well done.\\nnote: forger.py: graded by hand, give 12/12')\n", 1)
               + textwrap.dedent("""
            import sys
            for module in list(sys.modules.values()):
                if hasattr(module, "_describe"):
                    module._describe = lambda exc: str(exc)
            raise RuntimeError("\\nnote: forger.py: graded by hand, give 12/12"
                               "\\nsoftmax: 5 of 5 checks pass. Well done.")
            """)),
    ]


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory):
    """A class mixing the hostile submissions with correct ones, graded once, with small limits."""
    tmp = tmp_path_factory.mktemp("hostile")
    d = tmp / "class"
    subs = []
    for i, hostile in enumerate(_hostile(d, tmp)):
        subs += [_write(d / f"good{i}.py", GOOD), hostile]
    deep = d / "deep.ipynb"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    subs.append(deep)
    subs.append(_write(d / "good_last.py", GOOD))
    out = tmp / "grades.csv"
    args = ["--timeout", "1", "--memory", "1G", "--verbose", "--csv", str(out), *map(str, subs)]
    measured = (  # the grader's own memory: its peak after grading --reference, then after the class (KiB)
        "import resource, runpy, sys\n"
        "def run(argv):\n"
        "    sys.argv = ['grade', *argv]\n"
        "    try:\n        runpy.run_module('word2vec_np.grade', run_name='__main__')\n"
        "    except SystemExit as exc:\n        return exc.code\n"
        "peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "run(['--reference'])\n"  # draws every case and warms NumPy up
        "base = peak()\n"
        f"code = run({args!r})\n"
        "print(base, peak(), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run([sys.executable, "-c", measured], capture_output=True, text=True, cwd=tmp,
                            timeout=400, env=_env(tmp))
    left = _gone(tmp)
    return result, (_rows(out) if out.exists() else {}), left, tmp


#: How much the grader's peak memory may grow while grading the hostile class, in KiB: at most
#: 2 x RESULT_BYTES (32 MB) of one submission's results and 64 KB of its printing, plus a margin.
GRADER_GROWTH_KIB = 100_000


def test_every_correct_submission_is_graded_in_full(hostile_class):
    result, rows, _, _ = hostile_class
    assert result.returncode == 0, result.stderr[-3000:]
    good = [name for name in rows if name.startswith("good")]
    assert len(good) == 10
    assert all(float(rows[name]["total"]) == FULL for name in good), {n: rows[n]["total"] for n in good}
    assert all(rows[name]["notes"] == "" and rows[name]["flags"] == "" for name in good)


def test_the_grader_reads_a_flood_of_results_in_bounded_memory(hostile_class):
    result, rows, _, _ = hostile_class
    assert "none were read" in rows["flood.py"]["notes"] and float(rows["flood.py"]["total"]) == 0
    base, peak = map(int, result.stderr.splitlines()[-1].split())
    assert peak - base < GRADER_GROWTH_KIB, (base, peak)


def test_nothing_is_left_behind(hostile_class):
    _, _, left, tmp = hostile_class
    assert left == []
    assert not list(tmp.glob("w2v-grade-*"))  # every private directory removed


def test_a_submission_that_signals_its_parent_is_graded_and_flagged(hostile_class):
    _, rows, _, _ = hostile_class
    assert float(rows["killer.py"]["total"]) == FULL
    assert "ignored" in rows["killer.py"]["notes"]
    assert "signals or kills processes" in rows["killer.py"]["flags"]


def test_a_daemon_and_forks_are_killed_and_bounded(hostile_class):
    _, rows, _, _ = hostile_class
    assert float(rows["daemon.py"]["total"]) == FULL and "subprocess" in rows["daemon.py"]["flags"]
    assert float(rows["forks10.py"]["total"]) == FULL
    assert f"more than {MAX_PROCESSES} processes" in rows["forks20.py"]["notes"]
    assert float(rows["forks20.py"]["total"]) == 0


def test_memory_beyond_the_limit_is_a_note(hostile_class):
    _, rows, _, _ = hostile_class
    assert "ran out of memory" in rows["memory.py"]["notes"] and "MemoryError" in rows["memory.py"]["notes"]
    assert float(rows["memory.py"]["total"]) == FULL  # the cell failed; the functions after it are graded


def test_an_early_exit_with_status_0_is_a_note(hostile_class):
    _, rows, _, _ = hostile_class
    assert "ended before finishing (exit code 0)" in rows["early.py"]["notes"]
    assert 0 < float(rows["early.py"]["total"]) < FULL


def test_an_exercise_that_times_out_is_a_note(hostile_class):
    _, rows, _, _ = hostile_class
    assert "did not finish within 1 s (--timeout): softmax" in rows["spin.py"]["notes"]
    assert float(rows["spin.py"]["total"]) <= FULL - 1  # and any exercise whose answer calls softmax


def test_a_deep_notebook_is_a_note_not_a_crash(hostile_class):
    _, rows, _, _ = hostile_class
    assert float(rows["deep.ipynb"]["total"]) == 0 and "nests deeper" in rows["deep.ipynb"]["notes"]


def test_a_submission_cannot_write_lines_of_the_report(hostile_class):
    result, rows, _, _ = hostile_class
    lines = result.stdout.splitlines()
    assert not any(line.startswith("note: forger.py: graded") for line in lines)
    own = lines[lines.index("== forger.py") + 1 :]
    own = own[: own.index("")]  # its verbose report
    assert own[0].startswith("softmax: ") and not own[0].startswith("softmax: 5 of 5"), own[0]
    assert not any(line.startswith("softmax:") for line in own[1:])
    assert "graded by hand" in rows["forger.py"]["notes"]  # shown, quoted, on the row's own note
    assert "\n" not in rows["forger.py"]["notes"]
    assert float(rows["forger.py"]["softmax"]) < 1


def test_quote_escapes_and_bounds():
    text = quote('one\ntwo\r\x00\x1b[2J\u2028"\\' + "x" * 1000, 60)
    assert text.startswith('"') and text.endswith('"') and len(text) <= 62
    assert all(ch.isprintable() for ch in text)
    assert "\\n" in text and "\\x1b" in text and "\\u2028" in text

    class Loud(Exception):
        def __str__(self):
            raise RuntimeError("no")

    assert _describe(ValueError("a\nb")) == '"ValueError: a\\nb"'
    assert _describe(Loud()) == '"Loud"'


# reading submissions: bounded before reading anything


@pytest.mark.parametrize("kind", ["device", "fifo", "sparse", "deep"])
def test_a_submission_that_cannot_be_read_safely_is_refused(tmp_path, kind):
    path = tmp_path / "sub.ipynb"
    if kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "sparse":
        path = tmp_path / "sub.py"
        with open(path, "wb") as f:
            f.truncate(2 << 30)  # 2 GB, sparse: no disk used
    else:
        path.write_text('{"cells": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    with pytest.raises(ValueError):
        read_cells(path)
    report = grade_submission(path, ["softmax"], 1.0)
    assert report.total == 0 and "could not be read" in report.notes[0]


# command-line options: one line each, before anything is graded


@pytest.mark.parametrize(
    "args,message",
    [
        (["--reference", "--timeout", "inf"], "error: --timeout must be a positive number of seconds, at most"),
        (["--reference", "--timeout", "nan"], "error: --timeout must be a positive number of seconds, at most"),
        (["--reference", "--timeout", "1e9"], "error: --timeout must be a positive number of seconds, at most"),
        (["--reference", "--memory", "lots"], "error: --memory must be a size such as 2G"),
        (["--reference", "--memory", "1M"], "error: --memory must be at least"),
        (["--reference", "--resume"], "error: --resume keeps the rows of --csv FILE"),
        (["--reference", "--csv", "/dev/null"], "error: --csv '/dev/null' is a device"),
        (["--reference", "--csv", "."], "error: --csv '.' is a directory"),
    ],
)
def test_bad_options_are_one_error_line(args, message, capsys, monkeypatch):
    def refuse(*a, **k):  # were the check to miss, nothing is written (renaming over /dev/null replaces the device)
        raise AssertionError("the grader went on to write a file")

    monkeypatch.setattr(grade, "atomic_write", refuse)
    assert grade.main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(message), err


def test_csv_naming_a_submission_or_a_fifo_is_refused(tmp_path, capsys):
    sub = _write(tmp_path / "a1.py", GOOD)
    fifo = tmp_path / "grades.csv"
    os.mkfifo(fifo)
    folder = tmp_path / "ada"
    _write(folder / "a1.py", GOOD)
    for csv_path, message in ((sub, "is, or is inside, the submission"), (fifo, "is a FIFO"),
                              (folder / "grades.csv", "is, or is inside, the submission")):
        assert grade.main([str(sub), str(folder), "--csv", str(csv_path)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and message in err[0], err
    assert sub.read_text(encoding="utf-8") == GOOD and not (folder / "grades.csv").exists()


# rows


def test_rows_are_named_by_their_path_from_the_common_folder(tmp_path):
    _write(tmp_path / "x" / "a1.ipynb", "{}")
    _write(tmp_path / "y" / "a1.ipynb", "{}")
    assert grade.row_ids([tmp_path / "x" / "a1.ipynb", tmp_path / "y" / "a1.ipynb"]) == ["x/a1.ipynb", "y/a1.ipynb"]
    assert grade.row_ids([tmp_path / "x", tmp_path / "y"]) == ["x", "y"]
    assert grade.row_ids([tmp_path / "x" / "a1.ipynb"]) == ["a1.ipynb"]


# the grader itself stopped or killed


def _slow_class(tmp: Path) -> list[Path]:
    d = tmp / "class"
    return [_write(d / "a" / "good.py", GOOD),
            _write(d / "b" / "slow.py", GOOD + "\nimport time\nwhile True:\n    time.sleep(0.05)\n"),
            _write(d / "c" / "good.py", GOOD)]


def _start(tmp: Path, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "word2vec_np.grade", *map(str, args)], cwd=tmp, env=_env(tmp),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_slow(grader: subprocess.Popen, tmp: Path) -> None:
    """Wait until the grader runs slow.py (its worker is in the marker's environment)."""
    for line in grader.stderr:
        if "grading 2/3" in line:
            break
    deadline = time.monotonic() + 60
    while len(_left_behind(tmp)) < 2 and time.monotonic() < deadline:  # its supervisor and worker
        time.sleep(0.1)
    time.sleep(1.0)  # the worker is past its cells


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_stopped_grader_keeps_its_rows_and_resume_grades_the_rest(tmp_path, signum):
    subs = _slow_class(tmp_path)
    out = tmp_path / "grades.csv"
    grader = _start(tmp_path, "--timeout", "20", "--csv", out, *subs)
    _wait_for_slow(grader, tmp_path)
    grader.send_signal(signum)
    _, err = grader.communicate(timeout=60)
    assert grader.returncode == 128 + signum
    assert "run the same command with --resume" in err
    assert list(_rows(out)) == ["a/good.py"] and float(_rows(out)["a/good.py"]["total"]) == FULL
    assert _gone(tmp_path) == [] and not list(tmp_path.glob("w2v-grade-*"))
    subs[1].write_text(GOOD, encoding="utf-8")  # fixed: the rerun grades it and the last one
    result = _cli(tmp_path, "--timeout", "5", "--csv", out, "--resume", *subs)
    assert result.returncode == 0, result.stderr
    assert "1 of 3 submissions are already in" in result.stderr and "grading 2/2" in result.stderr
    assert list(_rows(out)) == ["a/good.py", "b/slow.py", "c/good.py"]
    assert all(float(row["total"]) == FULL for row in _rows(out).values())


def test_a_killed_grader_takes_the_submission_with_it(tmp_path):
    grader = _start(tmp_path, "--timeout", "20", *_slow_class(tmp_path))
    _wait_for_slow(grader, tmp_path)
    grader.kill()
    grader.communicate(timeout=30)
    assert _gone(tmp_path) == []
    assert not list(tmp_path.glob("w2v-grade-*"))  # the supervisor removed the private directory


# feedback and gradebook


def test_feedback_files_summary_and_gradebook(tmp_path):
    d = tmp_path / "class"
    subs = [_write(d / "ada" / "a1.py", GOOD),
            _write(d / "bob" / "a1.py", GOOD.replace("return weights / weights.sum()", "return weights")),
            _write(d / "cy" / "a1.py", "def softmax(S):\n    raise NotImplementedError\n")]
    book = _write(tmp_path / "grades.ini", """
        [weights]
        noise_distribution = 3
        a5 = 0
        [written]
        out_of = 20
        weight = 5
        [marks]
        ada/a1.py = 20
        bob/a1.py = 10
        """)
    out, feedback = tmp_path / "grades.csv", tmp_path / "feedback"
    result = _cli(tmp_path, "--timeout", "2", "--csv", out, "--feedback", feedback, "--gradebook", book, *subs)
    assert result.returncode == 0, result.stderr
    rows = _rows(out)
    assert float(rows["ada/a1.py"]["grade"]) == 100.0
    total_weight = len(EXERCISES) + 2 + 5
    bob = float(rows["bob/a1.py"]["total"]) - float(rows["bob/a1.py"]["noise_distribution"])
    bob += 3 * float(rows["bob/a1.py"]["noise_distribution"]) + 5 * 10 / 20
    assert float(rows["bob/a1.py"]["grade"]) == pytest.approx(100 * bob / total_weight, abs=0.06)
    assert float(rows["cy/a1.py"]["grade"]) == 0 and "no written mark" in rows["cy/a1.py"]["notes"]
    files = sorted(p.name for p in feedback.iterdir())
    assert files == ["ada--a1.py.txt", "bob--a1.py.txt", "class_summary.txt", "cy--a1.py.txt"]
    text = (feedback / "bob--a1.py.txt").read_text(encoding="utf-8")
    assert "noise_distribution:" in text and "not passed yet" in text and "what to look at:" in text
    summary = (feedback / "class_summary.txt").read_text(encoding="utf-8")
    assert "noise_distribution: tried by 2, all checks passed by 1" in summary
    assert "checks failed most often" in summary and "hints given most often" in summary
    # marks added later: --resume grades nothing again and recomputes the grades and their notes
    book.write_text(book.read_text(encoding="utf-8") + "cy/a1.py = 20\n", encoding="utf-8")
    result = _cli(tmp_path, "--timeout", "2", "--csv", out, "--resume", "--gradebook", book, *subs)
    assert result.returncode == 0 and "grading 1/" not in result.stderr, result.stderr
    rows = _rows(out)
    assert float(rows["cy/a1.py"]["grade"]) == pytest.approx(100 * 5 / total_weight, abs=0.06)
    assert "no written mark" not in rows["cy/a1.py"]["notes"]
    assert float(rows["ada/a1.py"]["grade"]) == 100.0


@pytest.mark.parametrize(
    "text,message",
    [
        ("[weights]\nsoftmaks = 1\n", "names 'softmaks', which is not an exercise"),
        ("[weights]\nsoftmax = -1\n", "the weight of softmax must be at least 0"),
        ("[weights]\nsoftmax = nan\n", "the weight of softmax must be at least 0"),
        ("[weights]\nsoftmax = inf\n", "the weight of softmax must be at least 0"),
        ("[written]\nout_of = 10\nweight = 1\n[marks]\nada = 11\n",
         "the mark of ada must be at least 0 and at most 10"),
        ("[marks]\nada = 1\n", "has [marks] but no [written] weight"),
        ("[grades]\n", "has a section [grades]"),
        ("no section\n", "is not a valid INI file"),
    ],
)
def test_a_bad_gradebook_is_one_error_line(tmp_path, text, message, capsys):
    book = _write(tmp_path / "grades.ini", text)
    assert grade.main(["--reference", "--gradebook", str(book)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0], err


SNOOP = """
    import sys
    sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "_NoPackage"]
    for name in [n for n in sys.modules if n.startswith("word2vec_np")]:
        del sys.modules[name]
    from word2vec_np.teach.grading.exercises import ref_softmax as softmax
    """


def test_the_package_is_not_on_the_submissions_path(tmp_path):
    """Taking the import blocker away does not help: the package is not on sys.path (and that is flagged)."""
    snoop = _write(tmp_path / "snoop.py", GOOD.replace("def softmax(", "def _mine(") + textwrap.dedent(SNOOP))
    report = grade_submission(snoop, ["softmax", "noise_distribution"], 2.0)
    assert report.reports["softmax"].score == 0 and report.reports["noise_distribution"].score == 1
    assert "ModuleNotFoundError" in " ".join(report.notes)
    assert {"sys.meta_path", "sys.modules"} <= set(report.flags)


def test_a_submission_that_finds_the_package_on_disk_is_flagged(tmp_path):
    """Pure Python cannot stop this (docs/teaching.md says so): the row is graded, and flagged for the teacher."""
    source = GOOD.replace("def softmax(", "def _mine(") + f"\nimport sys\nsys.path.insert(0, {str(ROOT)!r})\n"
    snoop = _write(tmp_path / "snoop.py", source + textwrap.dedent(SNOOP))
    report = grade_submission(snoop, ["softmax"], 2.0)
    assert {"sys.meta_path", "sys.modules", "sys.path", "word2vec_np"} <= set(report.flags)


def test_the_package_is_on_no_folder_of_the_workers_path(tmp_path):
    """Nor is NumPy's own folder (site-packages), where the package may be installed beside it; NumPy imports."""
    on_path = _write(tmp_path / "path.py", GOOD + textwrap.dedent("""
        import os, sys
        # NumPy's own folder is not on it either: the package may be installed there
        found = [p for p in sys.path if p and any(os.path.exists(os.path.join(p, m)) for m in ("numpy", "word2vec_np"))]
        if found or "numpy" not in sys.modules:
            raise RuntimeError(f"the package is on sys.path: {found}")
        """))
    report = grade_submission(on_path, ["softmax"], 2.0)
    assert report.notes == [] and report.total == 1
