"""Every notebook in notebooks/ runs top to bottom, builds on word2vec_np, and is committed with its outputs.

Each notebook is executed from a copy in a temporary directory (the committed
file is never rewritten), in a kernel that runs *this* interpreter
(``sys.executable``), so the test uses the same environment as pytest, e.g.
the fresh virtual environment of ``.ci/run``. The package is found through
PYTHONPATH, and figures are drawn with the Agg backend.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

import nbclient
import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
CELL_TIMEOUT = 300  # seconds per cell, so that a hung cell fails rather than stalls the suite
NOTEBOOK_SECONDS = 60  # a whole notebook, kernel start included: the promise of notebooks/README.md
MAX_BYTES = 2_000_000  # a committed notebook, outputs included: keep plots at a modest dpi
KERNEL_NAME = "word2vec-np-test"

# A function of the package written again inside a notebook: the notebooks import the math instead.
REIMPLEMENTATION = re.compile(
    r"^\s*def\s+(forward|backward|loss_and_grads|softmax|sigmoid|log_sigmoid|numerical_gradient|"
    r"check_gradient|build_huffman|keep_probability|skipgram_pairs|cbow_windows|scatter_add)\s*\(",
    re.MULTILINE,
)
IMPORTS_PACKAGE = re.compile(r"^\s*(from\s+word2vec_np[\s.]|import\s+word2vec_np\b)", re.MULTILINE)


def _ids(paths):
    return [p.name for p in paths]


def _code(nb) -> list[str]:
    return [cell.source for cell in nb.cells if cell.cell_type == "code"]


@pytest.fixture(scope="module")
def kernel_spec_manager(tmp_path_factory) -> KernelSpecManager:
    """A kernelspec that starts ipykernel with this interpreter, whatever kernels are installed elsewhere."""
    kernels = tmp_path_factory.mktemp("kernels")
    spec_dir = kernels / KERNEL_NAME
    spec_dir.mkdir()
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": f"Python ({sys.executable})",
        "language": "python",
        "env": {
            "MPLBACKEND": "Agg",
            "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
        },
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    return KernelSpecManager(kernel_dirs=[str(kernels)])


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 4, f"expected the notebooks in {NOTEBOOK_DIR}, found {_ids(NOTEBOOKS)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_builds_on_the_package(path):
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(_code(nb))
    assert IMPORTS_PACKAGE.search(code), f"{path.name} does not import word2vec_np"
    found = REIMPLEMENTATION.findall(code)
    assert not found, f"{path.name} re-implements {sorted(set(found))}; import them from word2vec_np instead"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_is_committed_with_outputs(path):
    nb = nbformat.read(path, as_version=4)
    code_cells = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert any(cell.get("outputs") for cell in code_cells), (
        f"{path.name} has no outputs; run the command in notebooks/README.md before committing"
    )
    errors = [o for cell in code_cells for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"{path.name} was committed with an error in its outputs: {errors[0].get('ename')}"
    size = path.stat().st_size
    assert size <= MAX_BYTES, f"{path.name} is {size:,} bytes; lower the dpi or the size of its figures"


def test_the_reimplementation_check_can_fail():
    assert REIMPLEMENTATION.search("x = 1\ndef backward(cache):\n    pass\n")
    assert REIMPLEMENTATION.search("    def softmax(z):")
    assert not REIMPLEMENTATION.search("from word2vec_np.onehot import backward\nloss, cache = forward(W, b)")
    assert IMPORTS_PACKAGE.search("import numpy as np\nfrom word2vec_np import onehot")
    assert not IMPORTS_PACKAGE.search("import word2vec_np_copy")


def _execute(nb, workdir: Path, kernel_spec_manager: KernelSpecManager):
    """Run every cell of ``nb`` in place, in a fresh kernel whose working directory is ``workdir``."""
    client = nbclient.NotebookClient(
        nb,
        km=KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=kernel_spec_manager),
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute()
    return nb


def test_the_kernel_is_this_interpreter_and_finds_the_package(tmp_path, kernel_spec_manager):
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "import sys, word2vec_np, matplotlib\nprint(sys.executable)\nprint(matplotlib.get_backend())"
            )
        ]
    )
    out = _execute(nb, tmp_path, kernel_spec_manager).cells[0].outputs
    printed = "".join(o.get("text", "") for o in out).split()
    assert printed == [sys.executable, "agg"] or printed == [sys.executable, "Agg"], out


def test_a_failing_cell_fails(tmp_path, kernel_spec_manager):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("assert 1 + 1 == 3, 'negative control'")])
    with pytest.raises(nbclient.exceptions.CellExecutionError, match="negative control"):
        _execute(nb, tmp_path, kernel_spec_manager)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_runs(path, tmp_path, kernel_spec_manager):
    work = tmp_path / path.name
    shutil.copy(path, work)  # execute a copy: the committed notebook is only read
    start = time.perf_counter()
    try:
        _execute(nbformat.read(work, as_version=4), tmp_path, kernel_spec_manager)
    except nbclient.exceptions.CellExecutionError as exc:
        pytest.fail(f"{path.name} failed:\n{exc}", pytrace=False)
    seconds = time.perf_counter() - start
    assert seconds < NOTEBOOK_SECONDS, f"{path.name} took {seconds:.0f} s; make it run in under a minute"
