"""What the package imports: NumPy and the standard library (a few named extras elsewhere), and its own
modules in one direction only (errors <- core <- text <- vectors <- engine <- compat <- teach <- the model
<- the commands)."""

import ast
import sys
from pathlib import Path

from tests.helpers import PACKAGE

ALLOWED_THIRD_PARTY = {"numpy"}
# modules that may use more, and what: the (optional) progress bars, the plots, notebook 09's
# controls, and the grader's hypothesis-drawn inputs (hypothesis is in requirements.txt; the math
# never imports it).
EXTRA = {
    "engine/bookkeeping.py": {"tqdm"},  # the progress bar
    "text/datasets.py": {"tqdm"},
    "teach/plots.py": {"matplotlib", "PIL"},  # PIL: Pillow (the notebooks extra), joins the GIF
    "teach/widgets.py": {"ipywidgets", "IPython", "matplotlib"},  # notebook 09's controls; they come with jupyter
    "teach/grading/cases.py": {"hypothesis"},  # keyed by path: teach/exercises.py is another module
    "teach/grading/exercises.py": {"hypothesis"},
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
        extra = EXTRA.get(path.relative_to(PACKAGE).as_posix(), set())
        allowed = ALLOWED_THIRD_PARTY | extra | {"word2vec_np"}
        bad = {n for n in imported_top_level_names(path) if n not in sys.stdlib_module_names and n not in allowed}
        if bad:
            offenders[str(path.relative_to(PACKAGE))] = sorted(bad)
    assert offenders == {}


def test_the_check_can_fail(tmp_path):
    fake = tmp_path / "fake.py"
    fake.write_text("import numpy as np\nfrom scipy import sparse\nimport os\n")
    assert imported_top_level_names(fake) == {"numpy", "scipy", "os"}


# ---------------------------------------------------------------- the direction of imports between the folders
# Each part of the package has a rank; a module may import the package's modules of its own part and of parts
# ranked below it, never above: data flows one way, and the file names tell the architecture.
RANKS = {
    "errors": 0,  # the error hierarchy: imports nothing of the package
    "cli": 1,  # shared by the commands: one error line, quiet exits
    "atomic": 1,  # writing files whole or not at all
    "core": 2,  # the math
    "text": 3,  # text in
    "vectors": 4,  # vectors out
    "engine": 5,  # training at speed
    "compat": 6,  # gensim's and the C tool's names
    "teach": 7,  # notebooks' aids and the grader
    "word2vec": 8,  # the model a user holds
    "commands": 9,  # python -m word2vec_np.<command>
    "__init__": 10,
}
COMMANDS = {"train", "query", "convert", "evaluate", "phrases", "grade", "datasets", "bench", "release"}
# The math reads nothing but NumPy and the error classes: a learner opening core/ needs nothing else.
CORE_MAY_IMPORT = {"errors", "core"}


def part_of(module: str) -> str:
    """The part of a dotted module name below word2vec_np: 'engine.fast' -> 'engine', 'train' -> 'commands'."""
    head = module.split(".")[0]
    return "commands" if head in COMMANDS else head


def package_imports(path: Path, root: Path = PACKAGE) -> set[str]:
    """Dotted names (below word2vec_np) of the package's modules that ``path`` imports, at any depth of the file."""
    here = path.relative_to(root).with_suffix("").parts
    package = list(here[:-1])  # the package the file is in (for __init__.py, that package itself)
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name.removeprefix("word2vec_np.") for a in node.names if a.name.startswith("word2vec_np."))
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                if node.module is None or not (node.module + ".").startswith("word2vec_np."):
                    continue
                base = node.module.split(".")[1:]
            else:
                base = package[: len(package) - (node.level - 1)] + (node.module.split(".") if node.module else [])
            if base:
                found.add(".".join(base))
            else:  # from word2vec_np import x / from .. import x at the top: x is what is imported
                found.update(a.name for a in node.names if a.name != "__version__")
    return found


def wrong_arrows(root: Path = PACKAGE) -> list[str]:
    arrows = []
    for path in sorted(root.rglob("*.py")):
        module = ".".join(path.relative_to(root).with_suffix("").parts)
        mine = part_of(module)
        for target in sorted(package_imports(path, root)):
            theirs = part_of(target)
            if mine == "core" and theirs not in CORE_MAY_IMPORT:
                arrows.append(f"{module} -> {target}: the math imports NumPy and errors only")
            elif theirs != mine and RANKS.get(theirs, 99) >= RANKS.get(mine, -1):
                arrows.append(f"{module} ({mine}) -> {target} ({theirs}): runs up the layers")
    return arrows


def test_every_part_of_the_package_has_a_rank():
    parts = {part_of(".".join(p.relative_to(PACKAGE).with_suffix("").parts)) for p in PACKAGE.rglob("*.py")}
    assert parts - set(RANKS) == set()


def test_imports_run_one_way():
    assert wrong_arrows() == []


def test_a_wrong_arrow_is_caught(tmp_path):
    (tmp_path / "core").mkdir()
    (tmp_path / "engine").mkdir()
    (tmp_path / "core" / "model.py").write_text("from ..engine import fast\nfrom ..errors import ConfigError\n")
    (tmp_path / "core" / "batch.py").write_text("from word2vec_np.text.corpus import Corpus\n")
    (tmp_path / "engine" / "fast.py").write_text("from ..core.model import Grads\nfrom ..teach import plots\n")
    (tmp_path / "engine" / "run.py").write_text("def f():\n    from ..compat.ctool import translate\n")
    (tmp_path / "errors.py").write_text("")
    assert wrong_arrows(tmp_path) == [
        "core.batch -> text.corpus: the math imports NumPy and errors only",
        "core.model -> engine: the math imports NumPy and errors only",
        "engine.fast (engine) -> teach (teach): runs up the layers",
        "engine.run (engine) -> compat.ctool (compat): runs up the layers",
    ]
