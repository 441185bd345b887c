"""One notation everywhere: the symbols of docs/math.md's table, section 1.

CLASHES lists the ways of writing a symbol that learners meet in other texts
(or that crept into ours) and that mean something else in math.md's table.
The test scans the markdown of every notebook, the docs, and the strings the
figures of ``teach/plots.py`` write, and names the file and cell of each hit.
Section 1 of docs/math.md is the one place allowed to write them: it converts
CS224n's and Rong's notation to ours.

To add a clash: append a ``Clash`` with a pattern and the reason, and a
sentence that commits it to ``test_every_clash_is_noticed``.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass

import pytest

from tests.helpers import PACKAGE, ROOT


@dataclass(frozen=True)
class Clash:
    name: str
    pattern: str
    why: str  # what math.md writes instead
    example: str  # a sentence that commits the clash (the negative control)


CLASHES = [
    Clash(
        "sum over k",
        r"\\sum_\{?k\}?\s*(?:\\exp|e\^)|Σ_k\s*exp|\\max_\{?k\}?\s*[sz]_",
        "k is the number of negatives: index the vocabulary with j (or j')",
        r"$p_j = e^{z_j} / \sum_k \exp(z_k)$",
    ),
    Clash(
        "n_k",
        r"\bn_\{?k\}?\b|u_\{?n_\{?k\b",
        "negatives are w^-_1..w^-_k; n_j is the j-th node of a Huffman path",
        r"$\sum_k s(z_k) u_{n_k}$",
    ),
    Clash(
        "n_j for a negative",
        r"\bn_\{?j\}?\b[^.\n]{0,80}\bnegatives?\b|\bnegatives?\b[^.\n]{0,80}\bn_\{?j\}?\b",
        "n_j is a tree node; the negatives are w^-_i",
        r"the negatives $n_j$ are drawn from $P_n$",
    ),
    Clash("sigma", r"\\sigma\b|σ", "math.md writes the sigmoid s(z)", r"the loss $-\log \sigma(z_o)$"),
    Clash(
        "scores s",
        r"\$s\s*=|\bs_\{?[jko]\}?\b|\bscores? \$s\$",
        "the scores are z (s is the sigmoid)",
        r"the scores $s = W'^\top h$",
    ),
    Clash(
        "z for a frequency",
        r"\$z\$[^.\n]{0,40}frequenc|frequenc[^.\n]{0,40}\$z\$|\bz_w\s*=\s*\\?(?:mathrm\{)?count",
        "a word's relative frequency is f_w (z is a score)",
        r"the frequency $z$ of the word",
    ),
    Clash(
        "N inner nodes",
        r"\$N\$[^.\n]{0,30}(?:inner|internal) nodes|(?:inner|internal) nodes[^.\n]{0,20}\$N\$",
        "the tree has V - 1 inner nodes (N is the epoch's words)",
        r"the $N$ inner nodes of the tree",
    ),
    Clash(
        "b half-width",
        r"half-widths? \$?b\b|\bb = \{|\$b\$[^.\n]{0,20}half-width",
        "a drawn half-width is R (b is the batch index)",
        "half-width b",
    ),
    Clash(
        "c centre",
        r"\bv_\{?c\}?\b|\bu_\{?c\}?\b|cent(?:re|er) word \$c\$",
        "CS224n's v_c is the input vector v_x; Levy & Goldberg's c is a context: our pair is (x, o)",
        r"the centre vector $v_c$",
    ),
    Clash(
        "one-hot x",
        r"one-hot[^.$]{0,20}\$x\$|\$x\$ is (?:the )?one-hot",
        "the one-hot vector is bold x; plain x is the input word",
        r"the one-hot input $x$",
    ),
]
PATTERNS = [(clash, re.compile(clash.pattern)) for clash in CLASHES]

LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ASSIGNMENTS = sorted((ROOT / "notebooks" / "assignments").glob("*.ipynb"))
ASSIGNMENTS += sorted((ROOT / "notebooks" / "assignments").glob("*.md"))
DOCS = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "notebooks" / "README.md"]
PLOTS = PACKAGE / "teach" / "plots.py"


def markdown_parts(path) -> list[tuple[str, str]]:
    """(where, text) of every part a reader sees as prose: markdown cells, a .md file, figure strings."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return [(f"cell {i}", "".join(c["source"])) for i, c in enumerate(cells) if c["cell_type"] == "markdown"]
    if path.suffix == ".py":
        return plot_strings(path.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    if path.name == "math.md":  # section 1 converts the other notations: the one place that writes them
        start, end = text.index("## 1. Notation"), text.index("## 2. ")
        text = text[:start] + "\n" * text[start:end].count("\n") + text[end:]
    return [("", text)]


def plot_strings(source: str) -> list[tuple[str, str]]:
    """The string constants of a module outside its docstrings (labels, titles, texts), with their lines."""
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


def clashes(parts: list[tuple[str, str]]) -> list[str]:
    found = []
    for where, text in parts:
        for clash, pattern in PATTERNS:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                place = where or f"line {line}"
                found.append(f"{place}: {clash.name} ({match.group(0)!r}): {clash.why}")
    return found


SCANNED = LESSONS + ASSIGNMENTS + DOCS + [PLOTS]


@pytest.mark.parametrize("path", SCANNED, ids=[str(p.relative_to(ROOT)) for p in SCANNED])
def test_the_notation_is_math_md_s(path):
    found = clashes(markdown_parts(path))
    assert not found, (
        f"{path.relative_to(ROOT)} writes symbols that mean something else in docs/math.md:\n" + "\n".join(found)
    )


@pytest.mark.parametrize("clash", CLASHES, ids=[c.name for c in CLASHES])
def test_every_clash_is_noticed(clash):
    assert clashes([("cell 3", clash.example)]), f"{clash.name}: its pattern misses {clash.example!r}"


def test_math_md_s_own_symbols_pass():
    """The symbols of the table itself are not clashes (a pattern that flags them would stop every notebook)."""
    ours = [
        r"$p_j = \exp(z_j) / \sum_{j'} \exp(z_{j'})$",
        r"$\sum_{i=1}^{k} s(z^-_i) u_{w^-_i}$",
        r"$z_j = u_{n_j}^\top h$ for the nodes of the path",
        r"the one-hot vector $\mathbf{x}$ of the input $x$",
        r"$f_w = \mathrm{count}_w / T$",
        r"half-width $R_i$",
        r"sentence `s` is `ids[offsets[s]:offsets[s + 1]]`",
        r"$M_{xo} = v_x^\top u_o$",
        r"the scores $z_w = u_w^\top h$ and $s(z_w)$",
    ]
    assert clashes([("", text) for text in ours]) == []


def test_figures_are_scanned():
    assert clashes(
        plot_strings(
            'def f(ax):\n    """half-width b in a docstring is not drawn"""\n    ax.set_xlabel("half-width b")\n'
        )
    ) == ["line 3: b half-width ('half-width b'): a drawn half-width is R (b is the batch index)"]
