"""The math imports NumPy and the standard library only (matplotlib only in plotting code, ipywidgets in widgets.py)."""

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "word2vec_np"
ALLOWED_THIRD_PARTY = {"numpy"}
# modules that may use more, and what: the (optional) progress bars, the plots, notebook 09's
# controls, and the grader's hypothesis-drawn inputs (hypothesis is in requirements.txt; the math
# never imports it).
EXTRA = {
    "training.py": {"tqdm"},
    "datasets.py": {"tqdm"},
    "plots.py": {"matplotlib"},
    "widgets.py": {"ipywidgets", "IPython", "matplotlib"},  # notebook 09's controls; they come with jupyter
    "grading/cases.py": {"hypothesis"},  # keyed by path: word2vec_np/exercises.py is another module
    "grading/exercises.py": {"hypothesis"},
}


def imported_top_level_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_package_imports_numpy_and_stdlib_only():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        extra = EXTRA.get(path.relative_to(PACKAGE).as_posix(), EXTRA.get(path.name, set()))
        allowed = ALLOWED_THIRD_PARTY | extra | {"word2vec_np"}
        bad = {n for n in imported_top_level_names(path) if n not in sys.stdlib_module_names and n not in allowed}
        if bad:
            offenders[str(path.relative_to(PACKAGE))] = sorted(bad)
    assert offenders == {}


def test_the_check_can_fail(tmp_path):
    fake = tmp_path / "fake.py"
    fake.write_text("import numpy as np\nfrom scipy import sparse\nimport os\n")
    assert imported_top_level_names(fake) == {"numpy", "scipy", "os"}
