"""``python -m word2vec_np.release``: the student version holds no answer and no solution, and installs anywhere.

One release is built for the module; the tests read it, unzip it, install it
into a fresh virtual environment outside the checkout and run a blank
assignment's check there. The environment is made in seconds and offline:
``venv --without-pip`` plus a ``.pth`` line that lends it this interpreter's
site-packages (NumPy, hypothesis, setuptools), never the checkout.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT, one_error_line
from word2vec_np import release
from word2vec_np.teach.answers import filled_lines

SOLUTIONS = ROOT / "tests" / "assignment_solutions.py"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(the release folder, its zip), built from this checkout."""
    where = tmp_path_factory.mktemp("release")
    out, archive = where / "course", where / "course.zip"
    assert release.main([str(out)]) == 0  # the zip goes beside the folder by default
    return out, archive


def files_of(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def code_cells(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def function_bodies(source: str) -> dict[str, str]:
    """Each function of ``source``, by name: its body as ast.unparse writes it (comments and layout dropped)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # a notebook cell with an IPython magic, say
        return {}
    return {node.name: "\n".join(ast.unparse(stmt) for stmt in node.body)
            for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}


def copied_solutions(folder: Path) -> list[str]:
    """The functions of tests/assignment_solutions.py whose whole body is in a .py file or notebook of ``folder``."""
    solutions = {body: name for name, body in function_bodies(SOLUTIONS.read_text(encoding="utf-8")).items()}
    found = []
    for path in sorted(folder.rglob("*")):
        sources = [path.read_text(encoding="utf-8")] if path.suffix == ".py" else []
        sources += code_cells(path) if path.suffix == ".ipynb" else []
        for source in sources:
            found += [f"{solutions[body]} in {path.relative_to(folder)}"
                      for body in function_bodies(source).values() if body in solutions]
    return found


# ---------------------------------------------------------------------- what is in it
def test_the_release_has_the_course(built):
    out, archive = built
    files = files_of(out)
    for expected in ("README.md", "pyproject.toml", "word2vec_np/__init__.py", "word2vec_np/data/small.txt",
                     "notebooks/01_text_to_pairs.ipynb", "notebooks/assignments/a1_onehot_network.ipynb",
                     "notebooks/assignments/written_questions.md", "docs/math.md"):
        assert expected in files, f"{expected} is missing from the release"
    lessons = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(p.name for p in (out / "notebooks").glob("*.ipynb")) == lessons
    assert not [f for f in files if "__pycache__" in f or f.endswith(".pyc")]
    with zipfile.ZipFile(archive) as z:
        assert sorted(z.namelist()) == [f"course/{f}" for f in files]  # the zip is the folder
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert 'pip install ".[notebooks]"' in readme and 'check("softmax", softmax)' in readme


def test_the_release_holds_no_teacher_file(built):
    out, archive = built
    leaked = [f for f in files_of(out) if any(f == t or (t.endswith("/") and f.startswith(t))
                                              for t in release.TEACHER_ONLY)]
    assert not leaked, f"teacher files in the release: {leaked}"
    assert "tests/assignment_solutions.py" not in files_of(out) and not (out / "notebooks" / "answers").exists()
    assert (ROOT / "docs" / "teaching-solutions.md").is_file()  # the list names files that exist
    assert all((ROOT / path).exists() for path in release.TEACHER_ONLY), "TEACHER_ONLY names a missing file"


def test_no_notebook_of_the_release_holds_an_answer(built):
    out, _ = built
    notebooks = sorted(out.rglob("*.ipynb"))
    assert len(notebooks) >= 10
    found = {nb.relative_to(out).as_posix(): lines for nb in notebooks
             for lines in [[line for cell in code_cells(nb) for line in filled_lines(cell)]] if lines}
    assert not found, f"answers in the release: {found}"


def test_no_solution_is_in_the_release(built):
    out, _ = built
    assert not copied_solutions(out)


def test_a_copied_solution_is_noticed(tmp_path):
    """Negative control: a solution pasted into a notebook (comments and layout changed) or a .py file is found."""
    body = SOLUTIONS.read_text(encoding="utf-8").split("def cbow_forward", 1)[1].split("\ndef ", 1)[0]
    cell = "def cbow_forward" + body.replace("    h = np.zeros((B, D))", "    h = np.zeros( (B, D) )  # mine")
    (tmp_path / "a2.ipynb").write_text(json.dumps({"cells": [{"cell_type": "code", "source": [cell]}]}))
    (tmp_path / "copy.py").write_text(SOLUTIONS.read_text(encoding="utf-8").split("def skipgram_forward")[0])
    found = copied_solutions(tmp_path)
    assert "cbow_forward in a2.ipynb" in found and "onehot_loss in copy.py" in found


def test_a_notebook_holding_answers_is_blanked_and_cleared():
    nb = {"cells": [
        {"cell_type": "code", "source": ["x = 2 * t  # ANSWER\n", "y = 1"], "outputs": [{"text": "x = 0.002"}],
         "execution_count": 3},
        {"cell_type": "code", "source": ["print(x)"], "outputs": [{"text": "0.002"}], "execution_count": 4},
    ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    text, held = release.student_notebook(json.dumps(nb))
    cells = json.loads(text)["cells"]
    assert held and cells[0]["source"] == ["x = ...  # ANSWER\n", "y = 1"]
    assert [c["outputs"] for c in cells] == [[], []]
    _, held = release.student_notebook(text)
    assert not held


# ---------------------------------------------------------------------- installed outside the checkout
def _venv(where: Path) -> Path:
    """A fresh virtual environment that borrows this interpreter's site-packages (not the checkout); its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True, timeout=60)
    python = where / "bin" / "python"
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    outer = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(purelib, "_outer_site_packages.pth").write_text("\n".join(sorted(outer)) + "\n")
    return python


def _install(python: Path, project: Path) -> None:
    """``pip install --no-deps --no-build-isolation --no-index project``, offline.

    pip builds a wheel, for which setuptools older than 70.1 needs the ``wheel``
    package; without it, setuptools installs the project itself, as pip did
    before wheels (the same files: the package, its data, its metadata).
    """
    import setuptools

    env = _clean_env()
    can_build_wheels = importlib.util.find_spec("wheel") is not None or tuple(
        int(p) for p in setuptools.__version__.split(".")[:2]) >= (70, 1)
    if can_build_wheels:
        command = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                   "--no-build-isolation", "--no-index", "--quiet", str(project)]
    else:
        command = [str(python), "-c", "import setuptools; setuptools.setup()", "--quiet", "install",
                   "--single-version-externally-managed", "--root=/"]
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}


def test_the_release_installs_and_a_blank_check_runs_outside_the_checkout(built, tmp_path):
    _, archive = built
    unzipped = tmp_path / "student"
    with zipfile.ZipFile(archive) as z:
        z.extractall(unzipped)
    course = unzipped / "course"
    python = _venv(tmp_path / "venv")
    _install(python, course)

    # the setup cell, the blank softmax and its check of a1, run where a learner opens it
    cells = code_cells(course / "notebooks" / "assignments" / "a1_onehot_network.ipynb")
    setup = next(c for c in cells if c.startswith("# Setup"))
    stub = next(c for c in cells if c.startswith("def softmax("))
    assert "raise NotImplementedError" in stub
    script = "\n\n".join([setup, stub, 'check("softmax", softmax)',
                          "import word2vec_np\nprint('imported from', word2vec_np.__file__)"])
    where = course / "notebooks" / "assignments"
    done = subprocess.run([str(python), "-c", script], cwd=where, env=_clean_env(), capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "not implemented yet" in done.stdout and "Traceback" not in done.stdout + done.stderr
    imported = Path(done.stdout.split("imported from ", 1)[1].strip())
    assert imported.is_relative_to(tmp_path / "venv"), f"the notebook imported {imported}, not the installed copy"
    assert not imported.is_relative_to(ROOT) and not imported.is_relative_to(course)


# ---------------------------------------------------------------------- refusals
@pytest.fixture
def checkout(tmp_path) -> Path:
    """A tiny checkout to build from, so a refusal that failed could never write into the real one."""
    source = tmp_path / "checkout"
    (source / "word2vec_np").mkdir(parents=True)
    (source / "word2vec_np" / "__init__.py").write_text("")
    (source / "notebooks" / "answers").mkdir(parents=True)
    (source / "notebooks" / "answers" / "01_x.py").write_text("a = 1  # ANSWER\n")
    (source / "notebooks" / "01_x.ipynb").write_text(json.dumps(
        {"cells": [{"cell_type": "code", "source": ["a = ...  # ANSWER"], "outputs": []}], "metadata": {}}))
    (source / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    return source


def test_a_tiny_checkout_is_released(checkout, tmp_path):
    assert release.main([str(tmp_path / "out"), "--source", str(checkout)]) == 0
    assert files_of(tmp_path / "out") == ["README.md", "notebooks/01_x.ipynb", "pyproject.toml",
                                          "word2vec_np/__init__.py"]
    assert (tmp_path / "out.zip").is_file()


@pytest.mark.parametrize("where,message", [
    ("full", "is not empty"),
    ("checkout/notebooks/course", "inside"),
    ("checkout/word2vec_np/course", "inside"),
    ("missing/course", "does not exist"),
])
def test_a_bad_release_folder_is_refused_in_one_line(where, message, checkout, tmp_path, capsys):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    before = files_of(tmp_path)
    assert release.main([str(tmp_path / where), "--source", str(checkout)]) == 2
    assert message in one_error_line(capsys)
    assert files_of(tmp_path) == before  # nothing written, no zip, no temporary file


def test_an_existing_zip_is_refused(checkout, tmp_path, capsys):
    (tmp_path / "course.zip").write_text("last year's")
    assert release.main([str(tmp_path / "course"), "--source", str(checkout)]) == 2
    assert "already exists" in one_error_line(capsys)
    assert not (tmp_path / "course").exists() and (tmp_path / "course.zip").read_text() == "last year's"


def test_a_failure_while_building_leaves_nothing(checkout, tmp_path, capsys, monkeypatch):
    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "write", full_disk)
    (tmp_path / "empty").mkdir()
    assert release.main([str(tmp_path / "empty"), "--source", str(checkout)]) == 2
    assert "No space left" in one_error_line(capsys)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["checkout", "empty"]  # no zip, no temporary folder
    assert not any((tmp_path / "empty").iterdir())


def test_a_broken_notebook_is_named_and_nothing_is_left(checkout, tmp_path, capsys):
    (checkout / "notebooks" / "02_y.ipynb").write_text('{"cells": [')
    assert release.main([str(tmp_path / "out"), "--source", str(checkout)]) == 2
    assert "notebooks/02_y.ipynb" in one_error_line(capsys)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["checkout"]


def test_not_a_checkout_is_refused(tmp_path, capsys):
    assert release.main([str(tmp_path / "out"), "--source", str(tmp_path)]) == 2
    assert "not a checkout" in one_error_line(capsys)
    assert list(tmp_path.iterdir()) == []


def test_the_student_readme_lists_the_notebooks_in_order():
    text = release.student_readme(["notebooks/02_b.ipynb", "notebooks/01_a.ipynb",
                                   "notebooks/assignments/a1_x.ipynb", "docs/math.md"])
    assert text.index("01_a") < text.index("02_b") < text.index("a1_x")
    assert textwrap.dedent(text).startswith("# word2vec")


def test_every_link_of_the_release_reaches_a_file_in_it(built):
    out, _ = built
    broken = []
    for page in sorted(out.rglob("*.md")):
        for match in release.LINK.finditer(page.read_text(encoding="utf-8")):
            target = match["target"].split("#", 1)[0]
            if target and "://" not in target and not target.startswith("mailto:"):
                if not (page.parent / target).exists():
                    broken.append(f"{page.relative_to(out)} -> {target}")
    assert not broken, f"links to files the release leaves out: {broken}"


def test_a_link_to_a_teacher_file_keeps_its_text():
    page = "See [the guide](teaching.md#grading) and [the math](math.md), [home](https://example.org/teaching.md)."
    assert release.student_markdown(page, "docs/cli.md") == (
        "See the guide and [the math](math.md), [home](https://example.org/teaching.md).")
    assert release.student_markdown("[answers](../notebooks/answers/01.py)", "docs/x.md") == "answers"
