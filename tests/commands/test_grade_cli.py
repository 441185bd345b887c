"""``python -m word2vec_np.grade``: one process per submission, and one bad submission changes nothing else."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.helpers import ROOT
from word2vec_np import grade
from word2vec_np.teach.grading import EXERCISES
from word2vec_np.teach.grading.submission import OUTPUT_LIMIT, grade_submission

SOLUTIONS = ROOT / "tests" / "assignment_solutions.py"
TIMEOUT = "1.5"


def _write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _cli(*args, cwd=None):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    return subprocess.run(
        [sys.executable, "-m", "word2vec_np.grade", *map(str, args)],
        capture_output=True, text=True, cwd=cwd or ROOT, timeout=300, env=env,
    )


def _rows(path: Path) -> dict[str, dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return {row["submission"]: row for row in csv.DictReader(f)}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """A class of six: a good one, a partial one, and four that misbehave."""
    d = tmp_path_factory.mktemp("class")
    good = SOLUTIONS.read_text(encoding="utf-8")
    subs = [
        _write(d / "good.py", good),
        _write(d / "partial.py", good.replace("return weights / weights.sum()", "return weights")),
        _write(d / "crash.py", good + "\nraise RuntimeError('the last cell crashes')\nimport os\nos._exit(1)\n"),
        _write(d / "hang.py", good.replace("def skipgram_forward(W_in, inputs):\n",
                                          "def skipgram_forward(W_in, inputs):\n    while True:\n        pass\n")
               + "\nwhile True:\n    pass\n"),
        _write(d / "chatty.py", good.replace("def noise_distribution(counts):\n",
                                             "def noise_distribution(counts):\n    print('x' * 10_000_000)\n")
               + "\nimport os\nos.write(1, b'y' * 5_000_000)\n"),
        _write(d / "snoop.py", good.replace("def keep_probability(", "def _mine(") + textwrap.dedent("""
            import os, glob
            try:
                from word2vec_np.core.sampling import keep_probability  # the answer: refused while grading
            except ImportError:
                pass
            for name in glob.glob("out/*"):
                os.remove(name)  # its own results directory: nothing else is reachable from here
            open("plan.pkl", "wb").write(b"garbage")
            """)),
    ]
    out = d / "grades.csv"
    result = _cli("--timeout", TIMEOUT, "--csv", out, *subs, cwd=d)
    assert result.returncode == 0, result.stderr[-3000:]
    return result, _rows(out)


def test_a_class_is_graded_and_the_others_are_unaffected(batch):
    result, rows = batch
    assert result.returncode == 0, result.stderr
    assert list(rows) == ["good.py", "partial.py", "crash.py", "hang.py", "chatty.py", "snoop.py"]
    assert float(rows["good.py"]["total"]) == len(EXERCISES)
    assert float(rows["partial.py"]["total"]) < len(EXERCISES)
    assert float(rows["partial.py"]["noise_distribution"]) < 1 and float(rows["partial.py"]["softmax"]) == 1
    # a crash at the end of the file: the functions defined before it are graded
    assert float(rows["crash.py"]["total"]) == len(EXERCISES) and "RuntimeError" in rows["crash.py"]["notes"]
    # an endless loop in one function fails that exercise only; an endless cell is skipped
    assert float(rows["hang.py"]["skipgram_forward"]) == 0
    assert float(rows["hang.py"]["total"]) == len(EXERCISES) - 1
    assert "did not finish" in rows["hang.py"]["notes"]
    # printing megabytes: bounded, and the grades stand
    assert float(rows["chatty.py"]["total"]) == len(EXERCISES)
    assert "only the first" in rows["chatty.py"]["notes"]
    assert len(result.stdout) < 20_000
    # importing the package's answer is refused and said; damaging its own files only loses its own grades
    assert "word2vec_np.core" in rows["snoop.py"]["notes"]  # the first module of the import that was refused
    assert float(rows["snoop.py"]["keep_probability"]) == 0
    assert float(rows["snoop.py"]["total"]) == len(EXERCISES) - 1


def test_the_table_has_a_row_per_submission(batch):
    result, _ = batch
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["submission", "a1"]
    n = len(EXERCISES)  # every exercise right; no a5 notebook ("-"): a5 counts 0 in the grade
    grade_of_good = f"{100 * n / (n + 1):.1f}"
    assert any(line.startswith("good.py") and line.split()[-3:] == ["-", f"{n}.00", grade_of_good] for line in lines)


def test_a_submission_that_defeats_the_time_limit_is_stopped(tmp_path):
    hostile = _write(tmp_path / "hostile.py", """
        import signal
        def softmax(S):
            signal.signal(signal.SIGALRM, signal.SIG_IGN)  # no alarm can stop it now
            while True:
                pass
        """)
    report = grade_submission(hostile, ["softmax", "noise_distribution"], 0.5, budget=4.0)
    assert any("stopped after" in note for note in report.notes)
    assert report.total == 0
    assert report.reports["softmax"].checks[1].status == "fail"


def test_reference_passes_every_exercise():
    result = _cli("--reference")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].split()[-2:] == [f"{len(EXERCISES)}.00", "100.0"]


@pytest.mark.parametrize(
    "args,message",
    [
        (["missing.ipynb"], "error: submission 'missing.ipynb' does not exist; check the path"),
        (["README.md"], "error: submission 'README.md' is not a .ipynb or .py file"),
        ([], "error: give the SUBMISSION files to grade"),
        (["--reference", "--timeout", "0"], "error: --timeout must be a positive number"),
        (["--reference", "--csv", "no/such/dir/g.csv"], "error: cannot write 'no/such/dir/g.csv'"),
    ],
)
def test_bad_input_is_one_error_line(args, message, capsys):
    assert grade.main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(message), err


def test_an_unreadable_notebook_is_a_row_not_a_crash(tmp_path):
    broken = _write(tmp_path / "broken.ipynb", "{ not json")
    report = grade_submission(broken, list(EXERCISES), 1.0)
    assert report.total == 0 and "could not be read" in report.notes[0]


def test_output_limit_is_small():
    assert OUTPUT_LIMIT <= 100_000
