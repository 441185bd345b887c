"""pyproject.toml declares what the package imports, and requirements.txt installs all of it.

Every third-party module the package imports (anywhere in a file, a function's
import included) must come from a distribution that pyproject.toml declares:
as a dependency (NumPy) or in an extra (``progress``, ``grade``, ``notebooks``).
So ``pip install .`` followed by a command, or ``pip install '.[grade]'``
followed by ``python -m word2vec_np.grade``, cannot fail on an undeclared
import. requirements.txt (what the quick start installs) lists every one of
them, and pytest.
"""

import ast
import re
import subprocess
import sys
import tomllib

from tests.helpers import PACKAGE, ROOT

# The distributions that provide an import whose name is not the distribution's own name
# (by default the import `tqdm` comes from the distribution `tqdm`).
PROVIDED_BY = {
    "IPython": {"ipython", "ipywidgets", "jupyter"},  # ipywidgets depends on IPython, and jupyter brings both
    "PIL": {"pillow"},  # Pillow: plots.py joins notebook 9's animated GIF with it
}
# Declared distributions that the package never imports: programs the user runs.
PROGRAMS = {"jupyter"}  # runs the notebooks
# In requirements.txt only: what runs the tests.
TEST_ONLY = {"pytest"}


def normalized(name: str) -> str:
    """A distribution's name as pip compares it: lower case, runs of -_. as one -."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    """'tqdm>=4.64' -> 'tqdm'."""
    return normalized(re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement).group(1))


def declared() -> tuple[set[str], dict[str, set[str]]]:
    """(the dependencies, {extra: its distributions}) of pyproject.toml, names normalized."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    dependencies = {requirement_name(r) for r in project.get("dependencies", [])}
    extras = {k: {requirement_name(r) for r in v} for k, v in project.get("optional-dependencies", {}).items()}
    return dependencies, extras


def third_party_imports(source: str) -> set[str]:
    """Top-level names of the modules ``source`` imports that are neither the standard library nor the package."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n != "word2vec_np"}


def distributions_of(import_name: str) -> set[str]:
    return {normalized(d) for d in PROVIDED_BY.get(import_name, {import_name})}


def package_imports(under: str = "") -> dict[str, set[str]]:
    """{module path: its third-party imports} for the package's files below ``under``."""
    found = {}
    for path in sorted((PACKAGE / under).rglob("*.py") if under else PACKAGE.rglob("*.py")):
        names = third_party_imports(path.read_text(encoding="utf-8"))
        if names:
            found[path.relative_to(PACKAGE).as_posix()] = names
    return found


def undeclared(imports: dict[str, set[str]], allowed: set[str]) -> dict[str, list[str]]:
    """{module: its imports that no distribution of ``allowed`` provides}."""
    bad = {m: sorted(n for n in names if not distributions_of(n) & allowed) for m, names in imports.items()}
    return {m: names for m, names in bad.items() if names}


def test_every_import_is_a_declared_dependency_or_extra():
    dependencies, extras = declared()
    everything = dependencies.union(*extras.values())
    assert undeclared(package_imports(), everything) == {}


def test_every_declared_distribution_is_imported_or_run():
    dependencies, extras = declared()
    imported = set().union(*(distributions_of(n) for names in package_imports().values() for n in names))
    unused = dependencies.union(*extras.values()) - imported - PROGRAMS
    assert unused == set()


def test_each_extra_covers_its_part():
    dependencies, extras = declared()
    # python -m word2vec_np.grade and check(...) in an assignment notebook
    assert undeclared(package_imports("teach/grading"), dependencies | extras["grade"]) == {}
    # the notebooks: the plots, notebook 09's controls, and the assignments' checks
    notebooks = {m: n for m, n in package_imports("teach").items() if m != "teach/grading/worker.py"}
    assert undeclared(notebooks, dependencies | extras["notebooks"]) == {}
    # the core of the package, and the commands other than grade, need NumPy alone (the progress bar is optional)
    for part in ("core", "text", "vectors", "engine", "compat"):
        assert undeclared(package_imports(part), dependencies | extras["progress"]) == {}, part


def test_requirements_txt_installs_every_declared_distribution_and_pytest():
    dependencies, extras = declared()
    wanted = dependencies.union(*extras.values()) | TEST_ONLY
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    listed = [requirement_name(line) for line in lines if line.strip() and not line.lstrip().startswith("#")]
    assert len(listed) == len(set(listed)) and set(listed) == wanted


def test_the_import_check_can_fail():
    planted = "import numpy as np\nimport os\n\ndef plot():\n    from scipy import sparse\n    import IPython.display\n"
    assert third_party_imports(planted) == {"numpy", "scipy", "IPython"}
    assert undeclared({"planted.py": third_party_imports(planted)}, {"numpy", "jupyter"}) == {"planted.py": ["scipy"]}
    assert undeclared({"planted.py": {"IPython"}}, {"numpy"}) == {"planted.py": ["IPython"]}


BLOCK_HYPOTHESIS = """
import runpy, sys

sys.modules["hypothesis"] = None  # as if it were not installed: importing it raises ModuleNotFoundError
sys.argv = ["grade", "--reference"]
runpy.run_module("word2vec_np.grade", run_name="__main__")
"""


def test_grade_without_hypothesis_says_what_to_install_in_one_line():
    run = subprocess.run(
        [sys.executable, "-c", BLOCK_HYPOTHESIS], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("error: ")
    assert "pip install 'word2vec_np[grade]'" in run.stderr
