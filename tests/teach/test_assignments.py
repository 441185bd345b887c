"""notebooks/assignments/: handed out without solutions, run top to bottom, and graded when filled in.

The lesson notebooks' rule that forbids defining ``softmax``, ``forward``... (test_notebooks.py) does not
apply here: test_notebooks.py collects notebooks/*.ipynb only, and the assignments are where learners
write these functions.
"""

from __future__ import annotations

import csv
import inspect
import os
import re
import shutil
import subprocess
import sys

import nbclient
import nbformat
import pytest

from tests import assignment_solutions as good
from tests.helpers import ROOT
from tests.test_notebooks import _execute, kernel_spec_manager  # noqa: F401 (a fixture)
from word2vec_np.teach.grading import EXERCISES, NOTEBOOKS

ASSIGNMENTS = ROOT / "notebooks" / "assignments"
PATHS = [ASSIGNMENTS / f"{name}.ipynb" for name in NOTEBOOKS]
TRAINING = ASSIGNMENTS / "a5_train_your_own.ipynb"  # graded by teach/grading/training.py, not by check()
NOT_YET = "not implemented yet"


def _code(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code"]


def _stub_cell(nb, name):
    cells = [c for c in _code(nb) if re.search(rf"^def {name}\(", c.source, re.MULTILINE)]
    assert len(cells) == 1, f"expected one cell defining {name}"
    return cells[0]


def _check_cell(nb, name):
    cells = [c for c in _code(nb) if c.source.strip() == f'check("{name}", {name})']
    assert len(cells) == 1, f"expected one cell `check(\"{name}\", {name})`"
    return cells[0]


def _text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []))


def test_every_notebook_exists():
    assert sorted(p.name for p in ASSIGNMENTS.glob("*.ipynb")) == sorted(p.name for p in [*PATHS, TRAINING])


def test_a5_runs_blank_and_says_what_is_not_implemented(tmp_path, kernel_spec_manager):  # noqa: F811
    """a5 holds a stub of each function it trains with, and its committed run says "not implemented yet"."""
    from word2vec_np.teach.grading.training import FUNCTIONS

    committed = nbformat.read(TRAINING, as_version=4)
    intro = committed.cells[0].source
    assert "**Goals.**" in intro and "**Prerequisites.**" in intro and "float64" in intro and "**sum**" in intro
    for name in FUNCTIONS:
        stub = _stub_cell(committed, name).source
        assert "# YOUR CODE HERE" in stub and stub.rstrip().endswith("raise NotImplementedError"), stub
    work = tmp_path / TRAINING.name
    shutil.copy(TRAINING, work)
    try:
        nb = _execute(nbformat.read(work, as_version=4), tmp_path, kernel_spec_manager)
    except nbclient.exceptions.CellExecutionError as exc:
        pytest.fail(f"{TRAINING.name} failed:\n{exc}", pytrace=False)
    for ran in (nb, committed):
        printed = "\n".join(_text(c) for c in _code(ran))
        assert f"train with your own code: not trained: skipgram_forward: {NOT_YET}" in printed
        assert "no vectors yet" in printed


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_handed_out_without_solutions_and_committed_with_outputs(path):
    nb = nbformat.read(path, as_version=4)
    intro = nb.cells[0].source
    assert "**Goals.**" in intro and "**Prerequisites.**" in intro
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for name in NOTEBOOKS[path.stem]:
        stub = _stub_cell(nb, name).source
        assert "# YOUR CODE HERE" in stub and stub.rstrip().endswith("raise NotImplementedError"), stub
        assert _text(_check_cell(nb, name)).startswith(f"{name}: {NOT_YET}")
        for tag in EXERCISES[name].tags:
            assert f"**({tag})**" in markdown, f"{path.name} does not name equation ({tag}) for {name}"
    outputs = [o for c in _code(nb) for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_runs_top_to_bottom_and_every_check_says_not_implemented(path, tmp_path, kernel_spec_manager):  # noqa: F811
    work = tmp_path / path.name
    shutil.copy(path, work)
    try:
        nb = _execute(nbformat.read(work, as_version=4), tmp_path, kernel_spec_manager)
    except nbclient.exceptions.CellExecutionError as exc:
        pytest.fail(f"{path.name} failed:\n{exc}", pytrace=False)
    for name in NOTEBOOKS[path.stem]:
        assert _text(_check_cell(nb, name)).strip() == (
            f"{name}: {NOT_YET} (replace the `raise NotImplementedError` under # YOUR CODE HERE)"
        )


def _solution_source(name: str) -> str:
    helpers = inspect.getsource(good._log_sigmoid) + "\n\n" if "_log_sigmoid" in inspect.getsource(
        getattr(good, name)) else ""
    return "import numpy as np\n\n" + helpers + inspect.getsource(getattr(good, name))


def test_the_filled_in_assignments_pass_via_the_command_line(tmp_path):
    learner = tmp_path / "learner"  # one learner's hand-in: a directory of the four notebooks
    learner.mkdir()
    filled = []
    for path in PATHS:
        nb = nbformat.read(path, as_version=4)
        for name in NOTEBOOKS[path.stem]:
            _stub_cell(nb, name).source = _solution_source(name)
        filled.append(learner / path.name)
        nbformat.write(nb, filled[-1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    out = tmp_path / "grades.csv"
    result = subprocess.run(
        [sys.executable, "-m", "word2vec_np.grade", "--csv", str(out), *map(str, filled), str(learner)],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    with open(out, newline="", encoding="utf-8") as f:
        rows = {row["submission"]: row for row in csv.DictReader(f)}
    for path in PATHS:
        row = rows[f"learner/{path.name}"]  # rows are named by their path from the common folder
        for name in EXERCISES:
            assert float(row[name]) == (1.0 if name in NOTEBOOKS[path.stem] else 0.0), (path.name, name, row)
        assert row["notes"] == "", row["notes"]
    assert float(rows["learner"]["total"]) == len(EXERCISES) and rows["learner"]["notes"] == ""


def _a4_tree_checker():
    """check_tree of a4's section 1, taken from the notebook's cell (the part before it is run)."""
    nb = nbformat.read(ASSIGNMENTS / "a4_hierarchical_softmax.ipynb", as_version=4)
    (cell,) = [c for c in _code(nb) if c.source.startswith("def check_tree(")]
    namespace = {}
    exec(cell.source.split("\ncounts = ")[0], namespace)
    return namespace["check_tree"]


A4_COUNTS = [17, 10, 7, 4, 3, 2]


def test_a4_tree_check_passes_the_package_s_huffman_tree_and_names_each_broken_rule(capsys):
    """The NumPy-only check of a4's tree by hand (the grading process cannot import the package) passes
    build_huffman's tree, and each planted wrong tree fails the rule it breaks."""
    import numpy as np

    from word2vec_np.core.huffman import build_huffman

    check_tree = _a4_tree_checker()
    tree = build_huffman(np.array(A4_COUNTS))
    codes = {w: tree.codes[w, : tree.lengths[w]].tolist() for w in range(6)}
    points = {w: tree.points[w, : tree.lengths[w]].tolist() for w in range(6)}
    check_tree(codes, points, A4_COUNTS)
    out = capsys.readouterr().out
    assert out.count("pass") == 7 and "FAIL" not in out, out
    wrong = {
        "the lighter child of each node has bit 0": ({w: [1 - b for b in c] for w, c in codes.items()}, points),
        "inner nodes are numbered in the order they are made": (
            codes, {w: [n if n == 4 else 3 - n for n in p] for w, p in points.items()}),
        "every path starts at the root": (codes, {w: [n - 1 if n == 4 else n for n in p] for w, p in points.items()}),
        "the codes fill a full tree": ({**codes, 0: [0, 0]}, {**points, 0: [4, 3]}),
        "the tree merges the two lightest nodes every time": (
            {**codes, 0: codes[1], 1: codes[0]}, {**points, 0: points[1], 1: points[0]}),
    }  # fmt: skip
    for rule, (bad_codes, bad_points) in wrong.items():
        check_tree(bad_codes, bad_points, A4_COUNTS)
        failed = [line for line in capsys.readouterr().out.splitlines() if "FAIL" in line]
        assert any(rule in line for line in failed), (rule, failed)
