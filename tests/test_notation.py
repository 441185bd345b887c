"""One notation everywhere: the symbols of docs/math.md's table, section 1.

CLASHES lists the ways of writing a symbol that learners meet in other texts
(or that crept into ours) and that mean something else in math.md's table.
The test scans what a learner reads: the markdown of every notebook, the docs,
the strings the figures of ``teach/plots.py`` write; the words of the checks
(the grader's statements, hints and messages, the lesson checks of
``teach/exercises.py``, the labels of the step-by-step view); and the code
cells of every notebook, their strings (check messages, docstrings, printed
text) and their comments. It names the file, cell and line of each hit.
Section 1 of docs/math.md is the one place allowed to write them: it converts
CS224n's and Rong's notation to ours.

Each pattern matches a symbol both as LaTeX writes it (``$n_k$``) and as plain
text does (``n_k`` in a hint), and needs its context where the letter alone
is innocent (``x`` is the input word; it clashes only as the one-hot vector).

To add a clash: append a ``Clash`` with a pattern and the reason, a sentence
that commits it in LaTeX and one that commits it in plain text (a hint or a
comment), for ``test_every_clash_is_noticed``.
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from dataclasses import dataclass

import pytest

from tests.helpers import PACKAGE, ROOT


@dataclass(frozen=True)
class Clash:
    name: str
    pattern: str
    why: str  # what math.md writes instead
    example: str  # a sentence that commits the clash (the negative control)
    plain: str  # the same in plain text, as a hint, a docstring or a comment writes it


CLASHES = [
    Clash(
        "sum over k",
        r"(?:\\|\b)sum_\{?k\}?\s*\(?\s*(?:\\exp|exp|e\^|e\s*\*\*)|Σ_k\s*exp|(?:\\|\b)max_\{?k\}?\s*[sz]_",
        "k is the number of negatives: index the vocabulary with j (or j')",
        r"$p_j = e^{z_j} / \sum_k \exp(z_k)$",
        "the softmax is exp(z_j) / sum_k exp(z_k)",
    ),
    Clash(
        "n_k",
        r"\bn_\{?k\}?\b|u_\{?n_\{?k\b",
        "negatives are w^-_1..w^-_k; n_j is the j-th node of a Huffman path",
        r"$\sum_k s(z_k) u_{n_k}$",
        "add s(z) u_n_k for each negative",
    ),
    Clash(
        "n_j for a negative",
        r"\bn_\{?j\}?\b[^.\n]{0,80}\bnegatives?\b|\bnegatives?\b[^.\n]{0,80}\bn_\{?j\}?\b",
        "n_j is a tree node; the negatives are w^-_i",
        r"the negatives $n_j$ are drawn from $P_n$",
        "# (B, k): the negatives n_j of each example",
    ),
    Clash(
        "sigma",
        r"\\sigma\b|σ|\bsigma\s*\(",
        "math.md writes the sigmoid s(z)",
        r"the loss $-\log \sigma(z_o)$",
        "the loss is -log sigma(z_o)",
    ),
    Clash(
        "scores s",
        r"\$s\s*=|\bs_\{?[jko]\}?\b|\bscores? \$?s\b(?![(']|\s*\()|(?<![\w.$])s\s*=\s*(?:W'|h\s*@|U\^|u_)",
        "the scores are z (s is the sigmoid)",
        r"the scores $s = W'^\top h$",
        "# s = h @ W_out.T, one score per word",
    ),
    Clash(
        "z for a frequency",
        r"(?<![(\w^-])z\b(?!\))[^.\n]{0,40}frequenc|frequenc[^.\n]{0,40}(?<![(\w^-])z\b(?!\))|\bz(?:_w)?\s*=\s*\\?(?:mathrm\{)?counts?\b",
        "a word's relative frequency is f_w (z is a score)",
        r"the frequency $z$ of the word",
        "z = count / total for each word",
    ),
    Clash(
        "N inner nodes",
        r"(?<![\w\\])\$?N\b\$?[^.\n]{0,30}(?:inner|internal) nodes|(?:inner|internal) nodes[^.\n]{0,20}\$?\bN\b",
        "the tree has V - 1 inner nodes (N is the epoch's words)",
        r"the $N$ inner nodes of the tree",
        "W_out has one row for each of the N inner nodes",
    ),
    Clash(
        "N rows",
        r"\(N,\s*D\)",
        "N is the epoch's words: a matrix of vectors has V rows, V - 1 (a tree's inner nodes) or n_out",
        r"$W'^\top$ is $(N, D)$",
        "dW_out (N, D), the shape of W_out",
    ),
    Clash(
        "b half-width",
        r"half-widths? \$?b\b|\bb = \{|\$b\$[^.\n]{0,20}half-width",
        "a drawn half-width is R (b is the batch index)",
        r"the half-width $b$",
        "half-width b",
    ),
    Clash(
        "c centre",
        r"\bv_\{?c\}?\b|\bu_\{?c\}?\b|cent(?:re|er) word \$?c\$?(?![\w'])|\(w,\s*c\)",
        "CS224n's v_c is the input vector v_x; Levy & Goldberg's c is a context: our pair is (x, o)",
        r"the centre vector $v_c$",
        "the centre word c predicts its context",
    ),
    Clash(
        "one-hot x",
        r"one-hot[^.$]{0,20}\$x\$|\$x\$ is (?:the )?one-hot"
        r"|(?<![\w{\\])\$?x\$? (?:=|is|as)(?: not)?(?: the)? (?:mean|sum|average) of (?:the )?(?:\w+ )?one-hot"
        r"|\^\{?(?:\\top|T)\}?\s*x\b(?!_)|(?<![\w{\\])x\s*\(\s*(?:dL/dh|\\partial L\s*/\s*\\partial h)\s*\)\s*\^",
        "the one-hot vector is bold x (plain x is the input word): write X for a batch's one-hots, or the array's name",
        r"the one-hot input $x$",
        "h = W^T x, with x the mean of the context one-hots",
    ),
]
PATTERNS = [(clash, re.compile(clash.pattern)) for clash in CLASHES]

LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ASSIGNMENTS = sorted((ROOT / "notebooks" / "assignments").glob("*.ipynb"))
ASSIGNMENTS += sorted((ROOT / "notebooks" / "assignments").glob("*.md"))
DOCS = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "notebooks" / "README.md"]
PLOTS = PACKAGE / "teach" / "plots.py"
# The words of the checks: the grader's statements, hints and reports, the lesson checks, the step-by-step view.
CHECKS = sorted((PACKAGE / "teach" / "grading").glob("*.py")) + [
    PACKAGE / "teach" / name for name in ("exercises.py", "stepper.py", "widgets.py")
]


def reader_parts(path) -> list[tuple[str, str]]:
    """(where, text) of every part a reader sees: prose, figure and check strings, notebooks' code-cell words."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        parts = []
        for i, cell in enumerate(cells):
            if cell["cell_type"] == "markdown":
                parts.append((f"cell {i}", "".join(cell["source"])))
            elif cell["cell_type"] == "code":
                parts += [(f"cell {i} {where}", text) for where, text in code_words("".join(cell["source"]))]
        return parts
    if path.suffix == ".py":
        return module_strings(path.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    if path.name == "math.md":  # section 1 converts the other notations: the one place that writes them
        start, end = text.index("## 1. Notation"), text.index("## 2. ")
        text = text[:start] + "\n" * text[start:end].count("\n") + text[end:]
    return [("", text)]


def module_strings(source: str) -> list[tuple[str, str]]:
    """The string constants of a module outside its docstrings (labels, titles, hints, messages), with their lines.

    A module's docstrings are for who reads the package's code, in its names
    (math.md section 1 says where they differ); its other strings reach the
    learner's screen.
    """
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef) and ast.get_docstring(node) is not None:
            docstrings.add(id(node.body[0].value))
    return [
        (f"line {node.lineno}", node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def code_words(source: str) -> list[tuple[str, str]]:
    """Every string constant (docstrings included) and every comment of a notebook's code cell, with their lines.

    In a notebook the learner reads the code: a check's message, a function's
    docstring in an assignment, a comment beside a line. IPython's ``%`` and
    ``!`` lines are blanked first, so that the rest parses as Python.
    """
    source = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.split("\n"))
    words = [
        (f"line {node.lineno}", node.value)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            words.append((f"line {token.start[0]}", token.string))
    return words


def clashes(parts: list[tuple[str, str]]) -> list[str]:
    found = []
    for where, text in parts:
        for clash, pattern in PATTERNS:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                place = where or f"line {line}"
                found.append(f"{place}: {clash.name} ({match.group(0)!r}): {clash.why}")
    return found


SCANNED = LESSONS + ASSIGNMENTS + DOCS + [PLOTS] + CHECKS


@pytest.mark.parametrize("path", SCANNED, ids=[str(p.relative_to(ROOT)) for p in SCANNED])
def test_the_notation_is_math_md_s(path):
    found = clashes(reader_parts(path))
    assert not found, (
        f"{path.relative_to(ROOT)} writes symbols that mean something else in docs/math.md:\n" + "\n".join(found)
    )


@pytest.mark.parametrize("clash", CLASHES, ids=[c.name for c in CLASHES])
@pytest.mark.parametrize("form", ["example", "plain"])
def test_every_clash_is_noticed(clash, form):
    sentence = getattr(clash, form)
    found = clashes([("cell 3", sentence)])
    assert any(f": {clash.name} (" in hit for hit in found), f"{clash.name}: its pattern misses {sentence!r}"


def test_math_md_s_own_symbols_pass():
    """The symbols of the table itself are not clashes (a pattern that flags them would stop every notebook)."""
    ours = [
        r"$p_j = \exp(z_j) / \sum_{j'} \exp(z_{j'})$",
        r"$\sum_{i=1}^{k} s(z^-_i) u_{w^-_i}$",
        r"$z_j = u_{n_j}^\top h$ for the nodes of the path",
        r"the one-hot vector $\mathbf{x}$ of the input $x$",
        r"$h = W^\top \mathbf{x}$, and $\mathbf{x}$ is the mean of the context one-hots",
        r"$f_w = \mathrm{count}_w / T$",
        r"half-width $R_i$",
        r"sentence `s` is `ids[offsets[s]:offsets[s + 1]]`",
        r"$M_{xo} = v_x^\top u_o$",
        r"the scores $z_w = u_w^\top h$ and $s(z_w)$",
        # as hints, messages and comments write them
        "the softmax is exp(z_j) / sum_i exp(z_i)",
        "g_o = s(z_o) - 1 and g^-_i = s(z^-_i); each node n_j splits its mass into s(z_j) and s(-z_j)",
        "x_cbow is not the mean of the one-hot vectors",
        "h[b] = W_in[inputs[b]], (B, D): the input word x's row v_x",
        "dW_out (V - 1, D), the shape of W_out; W (R, D) one row per word or node",
        "f_w = count / total, the word's frequency; the scores s(z) of frequent words",
        "# (B,) targets as frequent as in text; word 0 is the most frequent",
        "the centre word's context, example b's half-width",
        "H = X @ W_in, the rows of X are the mean one-hots",
    ]
    assert clashes([("", text) for text in ours]) == []


def test_figures_and_checks_are_scanned():
    assert clashes(
        module_strings(
            'def f(ax):\n    """half-width b in a docstring is not drawn"""\n    ax.set_xlabel("half-width b")\n'
        )
    ) == ["line 3: b half-width ('half-width b'): a drawn half-width is R (b is the batch index)"]


def test_code_cells_are_scanned():
    """A check's message, an assignment's docstring and a comment each count; code itself does not."""
    cell = (
        "%matplotlib inline\n"
        "def f(counts):\n"
        '    """z : (V,), the frequency of each word."""\n'
        "    z = counts / counts.sum()  # sigma(z) of each word\n"
        '    check(z.sum() == 1, "the negatives n_k")\n'
        "    n_k = 3\n"
    )
    assert [hit.split(":")[0] for hit in clashes(code_words(cell))] == ["line 3", "line 5", "line 4"]


def test_a_notebook_s_code_cells_are_read(tmp_path):
    """reader_parts reads a notebook's code cells as well as its markdown, and names cell and line."""
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["The scores $z$.\n"]},
            {"cell_type": "code", "metadata": {}, "outputs": [], "source": ["x = 1\n", "check(x, 'use sigma(z)')\n"]},
        ]
    }
    path = tmp_path / "lesson.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    assert [hit.split(":")[0] for hit in clashes(reader_parts(path))] == ["cell 1 line 2"]
