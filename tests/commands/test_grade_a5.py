"""``python -m word2vec_np.grade`` on hand-ins with assignment a5: graded by training, in the submission's process.

One class, graded once for the module (one real training run, 10-40 s, the reason this module is slow):
* ada hands in a5 alone, with the worked solutions: her a5 share reaches the 70% mark and passes, and
  her functions ran in the worker's process, never in the grader's (they write their process id to a file);
* bob hands in a2 (the worked solutions) and an a5 whose backward pass has the wrong sign: a5 fails, and
  a5's broken skipgram_backward is not graded as a2's exercise (a2's own function is);
* cy hands in the blank a5 notebook: "not implemented yet", and no note from its package imports.
"""

from __future__ import annotations

import csv
import json
import os

import pytest

from tests.helpers import ROOT
from word2vec_np import grade
from word2vec_np.teach.grading.training import PASS_SHARE

A5 = ROOT / "notebooks" / "assignments" / "a5_train_your_own.ipynb"
SOLUTIONS = (ROOT / "tests" / "assignment_solutions.py").read_text(encoding="utf-8")


def _a5_notebook(path, *extra_cells: str) -> None:
    """The handed-out a5 notebook, the worked solutions pasted in after its last stub, then ``extra_cells``."""
    nb = json.loads(A5.read_text(encoding="utf-8"))
    setup = max(i for i, c in enumerate(nb["cells"]) if "raise NotImplementedError" in "".join(c["source"]))
    for offset, text in enumerate((SOLUTIONS, *extra_cells), start=1):
        cell = {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                "source": text.splitlines(True)}  # fmt: skip
        nb["cells"].insert(setup + offset, cell)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb), encoding="utf-8")


RECORD_PID = """
_solution_forward = skipgram_forward
_recorded = []

def skipgram_forward(W_in, inputs):
    if not _recorded:
        import os
        with open({path!r}, "a") as f:
            f.write(f"{{os.getpid()}}\\n")
        _recorded.append(True)
    return _solution_forward(W_in, inputs)
"""

WRONG_SIGN = """
_solution_backward = skipgram_backward

def skipgram_backward(dh, inputs, V):
    return -_solution_backward(dh, inputs, V)
"""


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("a5class")
    pids = tmp / "pids.txt"
    _a5_notebook(tmp / "class" / "ada" / "a5_train_your_own.ipynb", RECORD_PID.format(path=str(pids)))
    _a5_notebook(tmp / "class" / "bob" / "a5_train_your_own.ipynb", WRONG_SIGN)
    (tmp / "class" / "bob" / "a2.py").write_text(SOLUTIONS, encoding="utf-8")
    (tmp / "class" / "cy").mkdir()
    (tmp / "class" / "cy" / "a5_train_your_own.ipynb").write_bytes(A5.read_bytes())  # handed in blank
    book = tmp / "grades.ini"
    book.write_text("[weights]\na5 = 4\n", encoding="utf-8")
    out, feedback = tmp / "grades.csv", tmp / "feedback"
    args = [*(str(tmp / "class" / learner) for learner in ("ada", "bob", "cy")), "--csv", str(out),
            "--feedback", str(feedback), "--gradebook", str(book), "--timeout", "5"]  # fmt: skip
    code = grade.main(args)
    with open(out, newline="", encoding="utf-8") as f:
        rows = {row["submission"]: row for row in csv.DictReader(f)}
    return code, rows, pids, feedback, args


def test_a_correct_a5_reaches_the_mark_and_passes(graded):
    code, rows, _, feedback, _ = graded
    assert code == 0
    ada = rows["ada"]
    assert float(ada["a5"]) >= PASS_SHARE and ada["a5_mark"] == "pass", ada
    assert ada["notes"] == "" and ada["flags"] == "", ada  # the notebook's own package imports are no note
    assert float(ada["skipgram_forward"]) == 0  # a5's functions are not graded as a2's exercises
    text = (feedback / "ada.txt").read_text(encoding="utf-8")
    assert "planted analogies answered" in text and "70% passes: passes" in text, text
    # gradebook: a5 weighs 4 of 12 exercises + 4, and passing gives its whole weight
    assert float(ada["grade"]) == pytest.approx(100 * 4 / (len(grade.EXERCISES) + 4), abs=0.06)


def test_a_backward_pass_with_the_wrong_sign_fails_a5_and_does_not_change_a2(graded):
    _, rows, _, feedback, _ = graded
    bob = rows["bob"]
    assert float(bob["a5"]) < PASS_SHARE and bob["a5_mark"] == "fail", bob
    assert float(bob["skipgram_backward"]) == 1.0, bob  # a2's own function is the one graded
    text = (feedback / "bob.txt").read_text(encoding="utf-8")
    assert "not trained: training diverged" in text and "signs of your gradients" in text, text


def test_a_blank_a5_is_not_implemented_yet_without_a_note(graded):
    _, rows, _, feedback, _ = graded
    cy = rows["cy"]
    assert float(cy["a5"]) == 0 and cy["a5_mark"] == "fail" and cy["notes"] == "", cy
    text = (feedback / "cy.txt").read_text(encoding="utf-8")
    assert "not trained: skipgram_forward: not implemented yet" in text, text


def test_the_a5_functions_run_in_the_worker_not_in_the_grader(graded):
    _, _, pids, _, _ = graded
    recorded = pids.read_text(encoding="utf-8").split()
    assert recorded, "the a5 functions never ran"
    assert str(os.getpid()) not in recorded, "the a5 functions ran in the grader's own process"


def test_a5_is_a_column_of_the_table_and_the_csv():
    assert grade.COLUMNS.index("a5") > grade.COLUMNS.index(list(grade.EXERCISES)[-1])
    assert "a5_mark" in grade.COLUMNS


def test_resume_recomputes_the_grade_from_the_a5_column(graded, tmp_path):
    *_, args = graded
    csv_path, book = args[args.index("--csv") + 1], args[args.index("--gradebook") + 1]
    new_book = tmp_path / "grades.ini"
    new_book.write_text("[weights]\na5 = 1\n", encoding="utf-8")
    args = [*args[: args.index("--gradebook") + 1], str(new_book), *args[args.index("--gradebook") + 2 :]]
    assert book != str(new_book) and grade.main([*args, "--resume"]) == 0
    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = {row["submission"]: row for row in csv.DictReader(f)}
    assert float(rows["ada"]["grade"]) == pytest.approx(100 / (len(grade.EXERCISES) + 1), abs=0.06)
    assert float(rows["cy"]["grade"]) == 0
