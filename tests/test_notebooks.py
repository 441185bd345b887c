"""Every notebook in notebooks/ runs top to bottom, builds on word2vec_np, and is committed with its outputs.

Each notebook is executed once, from a copy in a temporary directory (the
committed file is never rewritten), in a kernel that runs *this* interpreter
(``sys.executable``), so the test uses the same environment as pytest, e.g.
the fresh virtual environment of ``.ci/run``. The package is found through
PYTHONPATH, and figures are drawn with the Agg backend. That one run serves
several tests:

* it finishes without an error and in under a minute;
* the numbers it prints equal the committed outputs (within a tolerance;
  timings, paths and cells tagged ``output-varies`` aside), so a committed
  output the code no longer prints is a failing test;
* every number the prose quotes appears in the outputs or the code, so a
  sentence that restates a number goes stale only with a failing test.

The lesson notebooks are committed in their student form: every exercise's
answer line is blanked (``name = ...  # ANSWER``) by the rule of
word2vec_np.teach.answers, and its check cell, tagged ``raises-exception``,
answers "fill in" (the only error a committed notebook may show). The answers
live in notebooks/answers/<notebook stem>.py; after the run, in the same
kernel, each exercise's answers are filled in from there and its check cell
must pass.
"""

from __future__ import annotations

import copy
import json
import math
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbclient
import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

from tests.helpers import ROOT
from word2vec_np.teach.answers import ANSWER_LINE, answer_lines, blank_answers, fill_answers, filled_lines

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
    checks = {check for _, check in exercises(nb)}
    errors = [(i, out) for i, cell in enumerate(nb.cells) for out in cell.get("outputs", [])
              if out.get("output_type") == "error"]
    # the one error a committed notebook shows: a blank exercise's check cell saying "fill in"
    errors = [(i, o) for i, o in errors if i not in checks or o.get("ename") != "Unanswered"]
    assert not errors, f"{path.name} was committed with an error in cell {errors[0][0]}: {errors[0][1].get('ename')}"
    size = path.stat().st_size
    assert size <= MAX_BYTES, f"{path.name} is {size:,} bytes; lower the dpi or the size of its figures"


def test_the_reimplementation_check_can_fail():
    assert REIMPLEMENTATION.search("x = 1\ndef backward(cache):\n    pass\n")
    assert REIMPLEMENTATION.search("    def softmax(z):")
    assert not REIMPLEMENTATION.search("from word2vec_np.core.onehot import backward\nloss, cache = forward(W, b)")
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


# ---------------------------------------------------------------------- one run of each notebook
ANSWERS_DIR = NOTEBOOK_DIR / "answers"
FILL_IN = re.compile(r"fill in\b")
CORRECT = re.compile(r"\bcorrect\b")
VOLATILE_TAG = "output-varies"  # a code cell whose printed numbers differ from run to run (timings of section 4, ...)
CHECK_TAG = "raises-exception"  # a check cell: in the student form it raises Unanswered, and the run goes on


def exercises(nb) -> list[tuple[int, int]]:
    """(answer cell, check cell) index pairs: a code cell with `# ANSWER` lines and the next code cell."""
    code_cells = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    return [(i, nxt) for i, nxt in zip(code_cells[:-1], code_cells[1:], strict=True) if "# ANSWER" in nb.cells[i].source]


def answers_file(path: Path) -> Path:
    return ANSWERS_DIR / f"{path.stem}.py"


def answers_by_cell(nb, answers: list[str]) -> dict[int, list[str]]:
    """The answer lines of each answer cell, taken in order from ``answers`` (the lines of an answers file).

    Raise ValueError unless there is one answer per blank, with the blank's name.
    """
    blanks = [(cell, line) for cell, _ in exercises(nb) for line in answer_lines(nb.cells[cell].source)]
    names = [line.split("=", 1)[0].strip() for _, line in blanks]
    given = [line.split("=", 1)[0].strip() for line in answers]
    if names != given:
        raise ValueError(f"the blanks of the notebook are {names}, the answers file fills {given}")
    by_cell: dict[int, list[str]] = {}
    for (cell, _), answer in zip(blanks, answers, strict=True):
        by_cell.setdefault(cell, []).append(answer)
    return by_cell


def printed(cell) -> str:
    """What a cell wrote: its stdout and, for an error, `ename: evalue`."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        elif out.get("output_type") == "error":
            parts.append(f"{out.get('ename')}: {out.get('evalue')}")
    return "".join(parts)


@dataclass
class Run:
    """A notebook executed once (student form), then each exercise filled in from its answers file and checked."""

    nb: object
    seconds: float
    filled: list[tuple[int, str]] = field(default_factory=list)  # (check cell, what it printed once filled in)
    error: str = ""
    fill_error: str = ""


_RUNS: dict[Path, Run] = {}


def _run(path: Path, workdir: Path, kernel_spec_manager: KernelSpecManager) -> Run:
    """Execute ``path`` once (cached for the module), then fill in each exercise in the same kernel and check it."""
    if path in _RUNS:
        return _RUNS[path]
    work = workdir / path.name
    shutil.copy(path, work)  # execute a copy: the committed notebook is only read
    nb = nbformat.read(work, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        km=KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=kernel_spec_manager),
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(workdir)}},
    )
    run = Run(nb, 0.0)
    start = time.perf_counter()
    with client.setup_kernel():
        try:
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)  # a check cell tagged raises-exception may raise Unanswered
        except nbclient.exceptions.CellExecutionError as exc:
            run.error = str(exc)
        run.seconds = time.perf_counter() - start
        run.nb = copy.deepcopy(nb)  # the student form's outputs: execute_cell below puts each cell it runs into nb
        if run.error or not exercises(nb):
            _RUNS[path] = run
            return run
        try:
            by_cell = answers_by_cell(nb, answer_lines(answers_file(path).read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            run.fill_error = str(exc)
            by_cell = {}
        for answer, check in exercises(nb) if by_cell else []:
            filled = nbformat.v4.new_code_cell(fill_answers(nb.cells[answer].source, by_cell[answer]))
            checked = nbformat.v4.new_code_cell(nb.cells[check].source)
            try:
                client.execute_cell(filled, answer)
                client.execute_cell(checked, check)
            except nbclient.exceptions.CellExecutionError as exc:  # in the check cell (its outputs say so), or before
                if not any(out.get("output_type") == "error" for out in checked.outputs):
                    checked.outputs.append(nbformat.v4.new_output("error", ename=exc.ename, evalue=exc.evalue))
            run.filled.append((check, printed(checked)))
    _RUNS[path] = run
    return run


@pytest.fixture
def run(request, tmp_path_factory, kernel_spec_manager) -> Run:
    path = request.param
    return _run(path, tmp_path_factory.mktemp(path.stem), kernel_spec_manager)


@pytest.mark.parametrize("run", NOTEBOOKS, ids=_ids(NOTEBOOKS), indirect=True)
def test_notebook_runs(run):
    if run.error:
        pytest.fail(f"the notebook failed:\n{run.error}", pytrace=False)
    assert run.seconds < NOTEBOOK_SECONDS, f"it took {run.seconds:.0f} s; make it run in under a minute"


# ---------------------------------------------------------------------- exercises, in the student form
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_every_answer_can_be_blanked(path):
    """Each `# ANSWER` line has the one shape the blanking rule knows, and is followed by a check."""
    nb = nbformat.read(path, as_version=4)
    pairs = exercises(nb)
    if not pairs:
        pytest.skip(f"{path.name} has no exercises")
    for answer, _ in pairs:
        source = nb.cells[answer].source
        odd = [line for line in source.split("\n") if "# ANSWER" in line and not ANSWER_LINE.fullmatch(line)]
        assert not odd, f"cell {answer}: write each answer as `name = expression  # ANSWER`, not {odd}"


ALL_NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("**/*.ipynb"))


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=[str(p.relative_to(NOTEBOOK_DIR)) for p in ALL_NOTEBOOKS])
def test_no_notebook_holds_an_answer(path):
    """A learner reading a notebook sees `name = ...  # ANSWER`, never the answer: they live in notebooks/answers/."""
    nb = nbformat.read(path, as_version=4)
    found = {i: filled_lines(cell.source) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"}
    found = {i: lines for i, lines in found.items() if lines}
    assert not found, (
        f"{path.name} holds answers (cell: lines); move them to notebooks/answers/{path.stem}.py and blank them "
        f"with word2vec_np.teach.answers.blank_answers: {found}"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_every_blank_has_one_answer(path):
    """notebooks/answers/<stem>.py holds one `name = expression  # ANSWER` line per blank, same names, same order."""
    nb = nbformat.read(path, as_version=4)
    if not exercises(nb):
        assert not answers_file(path).exists(), f"{answers_file(path).name} answers a notebook without exercises"
        pytest.skip(f"{path.name} has no exercises")
    assert answers_file(path).is_file(), f"{path.name} has exercises but no {answers_file(path)}"
    answers = answer_lines(answers_file(path).read_text(encoding="utf-8"))
    assert all(line.split("=", 1)[1].split("#", 1)[0].strip() != "..." for line in answers), "an answer is blank"
    answers_by_cell(nb, answers)  # raises when a blank has no answer, two, or one with another name


def test_every_answers_file_has_its_notebook():
    orphans = [p.name for p in ANSWERS_DIR.glob("*.py") if not (NOTEBOOK_DIR / f"{p.stem}.ipynb").is_file()]
    assert not orphans, f"answers files without a lesson notebook: {orphans}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_check_cells_let_the_student_form_run(path):
    """Every check cell, and only a check cell, is tagged raises-exception: its "fill in" does not stop the run."""
    nb = nbformat.read(path, as_version=4)
    checks = {check for _, check in exercises(nb)}
    tagged = {i for i, cell in enumerate(nb.cells) if CHECK_TAG in cell.get("metadata", {}).get("tags", [])}
    assert tagged == checks, f"{path.name}: tag the check cells {sorted(checks)} (and no other) with {CHECK_TAG!r}"


@pytest.mark.parametrize("run", NOTEBOOKS, ids=_ids(NOTEBOOKS), indirect=True)
def test_a_blank_exercise_says_fill_in(run):
    """In the student form every check cell says which answer to fill in (exercises.Unanswered), not a TypeError."""
    if run.error:
        pytest.skip("the notebook does not run (test_notebook_runs says why)")
    checks = [check for _, check in exercises(run.nb)]
    if not checks:
        pytest.skip("the notebook has no exercises")
    wrong = [(c, printed(run.nb.cells[c])) for c in checks]
    wrong = [(c, text) for c, text in wrong if not text.startswith("Unanswered: ") or not FILL_IN.search(text)]
    assert not wrong, f"a blank exercise must say 'fill in' (check cell, what it said): {wrong}"


@pytest.mark.parametrize("run", NOTEBOOKS, ids=_ids(NOTEBOOKS), indirect=True)
def test_a_filled_exercise_passes_its_check(run):
    """Filled in from notebooks/answers/, every check cell prints its success message, and no "fill in"."""
    if run.error:
        pytest.skip("the notebook does not run (test_notebook_runs says why)")
    if not exercises(run.nb):
        pytest.skip("the notebook has no exercises")
    assert not run.fill_error, f"the answers file does not fit the notebook: {run.fill_error}"
    wrong = [(c, text) for c, text in run.filled if not CORRECT.search(text) or FILL_IN.search(text)
             or "Error: " in text]
    assert not wrong, f"an answer of notebooks/answers/ fails its check (check cell, what it said): {wrong}"
    assert len(run.filled) == len(exercises(run.nb))


def test_blanking_and_filling_replace_only_the_answers():
    source = 'x = 1\nf_star = t * (3 + 5**0.5) / 2  # ANSWER: replace\n    err = float(a - b)  # ANSWER\ny = f_star  # no'
    blank = 'x = 1\nf_star = ...  # ANSWER: replace\n    err = ...  # ANSWER\ny = f_star  # no'
    assert blank_answers(source) == blank
    assert answer_lines(source) == ["f_star = t * (3 + 5**0.5) / 2  # ANSWER: replace", "err = float(a - b)  # ANSWER"]
    assert filled_lines(blank) == [] and len(filled_lines(source)) == 2
    assert fill_answers(blank, answer_lines(source)) == source  # the indentation comes from the blank
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("a = ...  # ANSWER"), nbformat.v4.new_markdown_cell("text"),
        nbformat.v4.new_code_cell("answered('Exercise 1', a=a)"), nbformat.v4.new_code_cell("b = 2"),
    ])
    assert exercises(nb) == [(0, 2)]
    assert answers_by_cell(nb, ["a = 1  # ANSWER"]) == {0: ["a = 1  # ANSWER"]}


def test_an_answer_that_does_not_fit_is_refused():
    """Negative controls: an answers file with a missing line, an extra one or another name does not fill in."""
    from word2vec_np.errors import ConfigError

    blank = "a = ...  # ANSWER\nb = ...  # ANSWER"
    with pytest.raises(ConfigError, match="2 blanks"):
        fill_answers(blank, ["a = 1  # ANSWER"])
    with pytest.raises(ConfigError, match="does not fill the blank"):
        fill_answers(blank, ["a = 1  # ANSWER", "c = 2  # ANSWER"])
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(blank), nbformat.v4.new_code_cell("check()")])
    with pytest.raises(ValueError, match="fills"):
        answers_by_cell(nb, ["b = 2  # ANSWER", "a = 1  # ANSWER"])


def formatted_hints(source: str) -> list[str]:
    """Hints of a check cell that are built from values (f-strings, format calls): they could print the answer.

    A check cell of word2vec_np.teach.exercises writes `check(ok, "hint")` and may
    print values only after its checks passed; every hint and every `assert`
    message must be a plain string.
    """
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "check" and len(node.args) > 1:
            hint = node.args[1]
        elif isinstance(node, ast.Assert) and node.msg is not None:
            hint = node.msg
        else:
            continue
        if not (isinstance(hint, ast.Constant) and isinstance(hint.value, str)):
            found.append(ast.unparse(hint))
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_check_cells_never_format_a_value_into_a_hint(path):
    nb = nbformat.read(path, as_version=4)
    if not exercises(nb):
        pytest.skip(f"{path.name} has no exercises")
    found = {check: formatted_hints(nb.cells[check].source) for _, check in exercises(nb)}
    found = {cell: hints for cell, hints in found.items() if hints}
    assert not found, f"hints built from values may show the expected answer (check cell: hints): {found}"


def test_a_formatted_hint_is_noticed():
    assert formatted_hints('check(x == y, "not right: count again")\nassert x, "plain"') == []
    assert sorted(formatted_hints('check(x == y, f"the loss is {y:.4f}")\nassert x == y, "%s" % y')) == [
        "'%s' % y", "f'the loss is {y:.4f}'"]


# ---------------------------------------------------------------------- committed outputs match the code
TIMING = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?\s*(?:ms|s|seconds|words/s)\b")
PATH = re.compile(r"(?:\.{0,2}/|[A-Za-z]:\\)[^\s'\"]+")
CHECK_DETAIL = re.compile(r" at \([^)]*\) \(analytic [^)]*\)")  # where the worst entry of a gradient check is: rounding
NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?")
RTOL, ATOL = 0.02, 1e-6  # numbers below 1e-6 (relative errors of passing gradient checks) are rounding noise


def printed_numbers(cell) -> list[float]:
    """The numbers a code cell printed (stdout and text results), timings and paths left out."""
    texts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stdout":
            texts.append(out.get("text", ""))
        elif out.get("output_type") in ("execute_result", "display_data"):
            data = out.get("data", {})
            if "text/plain" in data and not any(key.startswith("image/") for key in data):
                texts.append(data["text/plain"])
    text = CHECK_DETAIL.sub("", PATH.sub("", TIMING.sub("", "".join(texts))))
    return [float(m.replace(",", "")) for m in NUMBER.findall(text)]


def output_drift(committed, executed) -> list[str]:
    """Code cells whose printed numbers differ between the committed notebook and a fresh run."""
    problems = []
    for index, (old, new) in enumerate(zip(committed.cells, executed.cells)):
        if old.cell_type != "code" or VOLATILE_TAG in old.get("metadata", {}).get("tags", []):
            continue
        a, b = printed_numbers(old), printed_numbers(new)
        if len(a) != len(b):
            problems.append(f"cell {index}: {len(a)} numbers committed, {len(b)} printed now")
            continue
        bad = [(x, y) for x, y in zip(a, b) if abs(x - y) > ATOL + RTOL * abs(y)]
        if bad:
            problems.append(f"cell {index}: committed {bad[0][0]:g}, printed now {bad[0][1]:g}")
    return problems


@pytest.mark.parametrize("run", NOTEBOOKS, ids=_ids(NOTEBOOKS), indirect=True)
def test_committed_outputs_are_what_the_code_prints(run, request):
    if run.error:
        pytest.skip("the notebook does not run (test_notebook_runs says why)")
    committed = nbformat.read(request.node.callspec.params["run"], as_version=4)
    problems = output_drift(committed, run.nb)
    assert not problems, (
        "the committed outputs are stale; re-run the notebook as notebooks/README.md says (or tag a cell whose "
        f"numbers vary from run to run with {VOLATILE_TAG!r}):\n" + "\n".join(problems)
    )


def test_stale_outputs_are_noticed():
    """Negative control: one committed number changed beyond the tolerance is reported; timings and paths are not."""

    def nb_printing(text):
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
            "print()", outputs=[nbformat.v4.new_output("stream", name="stdout", text=text)])])

    now = nb_printing("loss 1.262, analogies 54.4%, 143,470 tokens in 0.4 s, 865,501 words/s, /tmp/tmpab12/v.bin")
    assert output_drift(nb_printing("loss 1.262, analogies 54.4%, 143,470 tokens in 9.9 s, 1,000 words/s, "
                                    "/tmp/tmpzz99/v.bin"), now) == []
    assert output_drift(nb_printing("loss 1.262, analogies 91.3%, 143,470 tokens in 0.4 s"), now) == [
        "cell 0: committed 91.3, printed now 54.4"]
    assert output_drift(nb_printing("loss 1.262, analogies 54.4%"), now) == ["cell 0: 2 numbers committed, 3 printed now"]
    assert output_drift(nb_printing("loss 1.2701, analogies 54.4%, 143,470 tokens"), now) == []  # within 2%


# ---------------------------------------------------------------------- numbers quoted by the prose
# math, code, link targets and section numbers ("docs/math.md, sections 11.2 and 11.3") quote no output
MATH_OR_CODE = re.compile(
    r"\$\$.*?\$\$|\$[^$]*\$|`[^`]*`|\]\([^)]*\)|\bsections? \d+(?:\.\d+)*(?:,? (?:and )?\d+(?:\.\d+)*)*", re.DOTALL
)
QUOTED = re.compile(r"(?<![\w.-])(\d+(?:\.\d+)?%|\d[\d,]*\.\d+|\d{1,3}(?:,\d{3})+|\d{3,})(?![\w.]*\d)")
YEAR = re.compile(r"(19|20)\d\d")


def quoted_numbers(markdown: str) -> list[str]:
    """Numbers a sentence quotes (with a decimal point, a % or at least three digits), outside math, code and links."""
    text = MATH_OR_CODE.sub(" ", markdown)
    return [m for m in QUOTED.findall(text) if not YEAR.fullmatch(m)]


def _normal(number: str) -> str:
    return number.replace(",", "").replace("_", "").rstrip("%")


def _defaults() -> set[str]:
    """The numeric defaults of TrainConfig (both architectures): prose may quote a default setting."""
    from dataclasses import asdict

    from word2vec_np.engine.config import TrainConfig

    values = [*asdict(TrainConfig().resolved()).values(), *asdict(TrainConfig(arch="cbow").resolved()).values()]
    return {_normal(f"{v:g}") for v in values if isinstance(v, int | float) and not isinstance(v, bool)}


def unquoted(nb) -> list[str]:
    """Numbers of the prose that neither the outputs nor the code of the notebook contain (nor TrainConfig's defaults)."""
    found = _defaults()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        texts = [cell.source] + [o.get("text", "") for o in cell.get("outputs", [])]
        texts += [o.get("data", {}).get("text/plain", "") for o in cell.get("outputs", [])]
        for text in texts:
            found.update(_normal(m) for m in re.findall(r"\d[\d,_]*(?:\.\d+)?", text))
    missing = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            missing += [f"cell {index}: {n}" for n in quoted_numbers(cell.source) if _normal(n) not in found]
    return missing


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_numbers_in_the_prose_are_printed(path):
    """A sentence that quotes a number must find it in an output (or the code): when the output changes, it fails."""
    missing = unquoted(nbformat.read(path, as_version=4))
    assert not missing, f"{path.name}: the prose quotes numbers no output prints (reword, or print them): {missing}"


def test_a_stale_quoted_number_is_noticed():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("print(acc)", outputs=[nbformat.v4.new_output("stream", name="stdout",
                                                                                 text="accuracy 91.3%, 16,000 lines")]),
        nbformat.v4.new_markdown_cell("It answers 91.3% of 16,000 (Mikolov 2013, $x = 0.25$, `k = 1e-3`), "
                                      "window 5, [a](x.md#11-sub)."),
        nbformat.v4.new_markdown_cell("It answers 94.4% of them."),
    ])
    assert unquoted(nb) == ["cell 2: 94.4%"]


# ---------------------------------------------------------------------- links to the math
def notebook_links(nb, path: Path) -> list[str]:
    """Relative links of the notebook's Markdown cells that point to no file, or to no heading of a .md file."""
    from tests.test_docs import LINK, github_slugs

    broken = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        for target in LINK.findall(re.sub(r"`[^`\n]*`", "", cell.source)):
            if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
                continue
            file_part, _, anchor = target.partition("#")
            dest = (path.parent / file_part).resolve() if file_part else path
            if not dest.exists():
                broken.append(f"cell {index}: {target} (no such file)")
            elif anchor and dest.suffix == ".md" and anchor not in github_slugs(dest.read_text(encoding="utf-8")):
                broken.append(f"cell {index}: {target} (no such heading)")
    return broken


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_links_to_the_docs_work(path):
    """Every step links its section of docs/math.md: those links (and the others) must land on a heading."""
    broken = notebook_links(nbformat.read(path, as_version=4), path)
    assert not broken, f"{path.name} has broken links: {broken}"


def test_a_broken_notebook_link_is_reported():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "[ok](../docs/math.md#1-notation) [bad](../docs/math.md#no-such-section) [gone](../docs/nothing.md)")])
    assert notebook_links(nb, NOTEBOOK_DIR / "x.ipynb") == [
        "cell 0: ../docs/math.md#no-such-section (no such heading)", "cell 0: ../docs/nothing.md (no such file)"]


# ---------------------------------------------------------------------- durations and digits the prose claims
# "This run takes about five seconds" beside "trained in 17.3 s", or "agrees to about 10 digits" beside a relative
# error of 2e-08: the quoted-number test above misses both (a small number, or a number written in words).
NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90, "a hundred": 100, "a few": 3}
AMOUNT = r"(\d+(?:\.\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
CLAIMED_DURATION = re.compile(
    rf"\b{AMOUNT}(?:\s*(?:to|-|–|or)\s*{AMOUNT})?\s*(milliseconds?|ms|seconds?|minutes?)\b", re.IGNORECASE
)
READING_TIME = re.compile(r"\bTime: [^.\n]*")  # "Time: 45-60 minutes, exercises included": the reader's, not the code's
CLAIMED_DIGITS = re.compile(rf"\b{AMOUNT}\s+(?:significant\s+)?digits\b", re.IGNORECASE)
PRINTED_DURATION = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)\s*(ms|s|seconds?|minutes?)\b(?!/)")
PRINTED_RELATIVE_ERROR = re.compile(r"relative error (?:of )?(\d(?:\.\d+)?e-\d+)")
IN_SECONDS = {"ms": 1e-3, "millisecond": 1e-3, "s": 1.0, "second": 1.0, "minute": 60.0}
DURATION_SLACK = 2.0  # a claim covers the times printed beside it within this factor: timings vary from run to run
DIGITS_SLACK = 1.5  # digits claimed against -log10 of the worst relative error printed beside it


def _amount(text: str) -> float:
    text = text.lower()
    return float(NUMBER_WORDS[text]) if text in NUMBER_WORDS else float(text)


def _unit(text: str) -> float:
    text = text.lower()
    return IN_SECONDS[text if text in IN_SECONDS else text.rstrip("s")]


def _heading_level(source: str) -> int | None:
    match = re.match(r"(#+)\s", source)
    return len(match.group(1)) if match else None


def beside(nb, index: int) -> list:
    """The code cells of the section a markdown cell is in: up to the next heading of the same or a higher level."""
    level = next((lv for c in reversed(nb.cells[: index + 1]) if c.cell_type == "markdown"
                  and (lv := _heading_level(c.source))), 1)
    cells = []
    for cell in nb.cells[index + 1:]:
        if cell.cell_type == "markdown" and (lv := _heading_level(cell.source)) is not None and lv <= level:
            break
        if cell.cell_type == "code":
            cells.append(cell)
    return cells


def _printed(cells) -> str:
    outputs = [o for c in cells for o in c.get("outputs", [])]
    return "\n".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outputs)


def stale_claims(nb) -> list[str]:
    """Durations and digits the prose claims that the outputs beside them contradict."""
    stale = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        text = READING_TIME.sub(" ", MATH_OR_CODE.sub(" ", cell.source))
        printed = _printed(beside(nb, index))
        times = [(float(v.replace(",", "")) * _unit(u), _unit(u) < 1) for v, u in PRINTED_DURATION.findall(printed)]
        for match in CLAIMED_DURATION.finditer(text):
            low, high = match.group(1), match.group(2) or match.group(1)
            unit = _unit(match.group(3))
            low, high = _amount(low) * unit, _amount(high) * unit
            # milliseconds time one operation (a step, a call); seconds and minutes time a run: compare like with like
            off = [t for t, per_call in times if per_call == (unit < 1)
                   and not low / DURATION_SLACK <= t <= high * DURATION_SLACK]
            if off:
                stale.append(f"cell {index}: {match.group(0)!r} beside {off[0]:g} s")
        errors = [float(e) for e in PRINTED_RELATIVE_ERROR.findall(printed)]
        for match in CLAIMED_DIGITS.finditer(text):
            if errors and abs(_amount(match.group(1)) + math.log10(max(errors))) > DIGITS_SLACK:
                stale.append(f"cell {index}: {match.group(0)!r} beside a relative error of {max(errors):g}")
    return stale


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_durations_and_digits_in_the_prose_match_the_outputs(path):
    """"Takes about five seconds" must be near the times printed in its section; "10 digits" near the errors printed."""
    stale = stale_claims(nbformat.read(path, as_version=4))
    assert not stale, f"{path.name}: the prose claims what the outputs beside it contradict (reword): {stale}"


def test_a_stale_duration_or_digit_count_is_noticed():
    def nb_with(prose, printed, heading="## 2. Train"):
        return nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_markdown_cell(f"{heading}\n\n{prose}"),
            nbformat.v4.new_code_cell("train()", outputs=[nbformat.v4.new_output("stream", name="stdout",
                                                                                  text=printed)]),
            nbformat.v4.new_markdown_cell("## 3. Next"),
            nbformat.v4.new_code_cell("other()", outputs=[nbformat.v4.new_output("stream", name="stdout",
                                                                                  text="trained in 100.0 s")]),
        ])

    run = "Word2Vec(V=546) trained in 17.3 s; 171,385 words/s"
    assert stale_claims(nb_with("This run takes about five seconds.", run)) == [
        "cell 0: 'five seconds' beside 17.3 s"
    ]
    assert stale_claims(nb_with("Each run takes one to three seconds.", run)) == [
        "cell 0: 'one to three seconds' beside 17.3 s"
    ]
    assert stale_claims(nb_with("It takes about 15 seconds (Time: 45-60 minutes to read).", run)) == []
    assert stale_claims(nb_with("The measurement takes a few seconds.", "softmax 0.119 ms, 26.124 ms")) == []
    assert stale_claims(nb_with("A step takes about 5 ms.", "softmax 0.119 ms, 26.124 ms")) == [
        "cell 0: '5 ms' beside 0.000119 s"
    ]
    check = "PASS dW_in: 0 of 24 failed; worst relative error 1.98e-08 at (2, 2)"
    assert stale_claims(nb_with("It agrees to about ten digits.", check)) == [
        "cell 0: 'ten digits' beside a relative error of 1.98e-08"
    ]
    assert stale_claims(nb_with("It agrees to about 8 digits.", check)) == []
