"""The teacher's guide, the written questions and their worked solutions stay true and apart.

* Every Python block of docs/teaching-solutions.md runs: each checks its derivation with the package.
* Every written question has a worked solution, under the same heading.
* The solutions are linked from docs/teaching.md and from no page a learner is sent to.
* notebooks/assignments/written_questions.md follows the rules of docs/*.md: its links work and its
  math is what GitHub renders (docs/*.md themselves are checked by tests/test_docs.py).
* The guide names every exercise the grader knows, and the grading command it quotes parses.
"""

from __future__ import annotations

import re

import pytest

from tests.test_docs import DOCS, ROOT, broken_links, missing_names, without_code_blocks

GUIDE = DOCS / "teaching.md"
SOLUTIONS = DOCS / "teaching-solutions.md"
QUESTIONS = ROOT / "notebooks" / "assignments" / "written_questions.md"


def python_blocks(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", text, re.S | re.M)


def question_titles(text: str) -> list[str]:
    return re.findall(r"^## (Question \d+: .+)$", without_code_blocks(text), re.M)


def test_the_solution_checks_run():
    blocks = python_blocks(SOLUTIONS.read_text(encoding="utf-8"))
    assert len(blocks) == 7, "one check per written question"
    for i, block in enumerate(blocks, start=1):
        exec(compile(block, f"docs/teaching-solutions.md, python block {i}", "exec"), {"__name__": "solutions"})


def test_a_wrong_derivation_fails_its_check():
    """Negative control: the NS check with the negatives left out of dL/dh must fail."""
    block = python_blocks(SOLUTIONS.read_text(encoding="utf-8"))[0]
    wrong = block.replace(" + sum(s(W_out[w] @ h[0]) * W_out[w] for w in negs)", "")
    assert wrong != block, "the planted bug no longer matches the block; update this test"
    with pytest.raises(AssertionError):
        exec(compile(wrong, "planted", "exec"), {"__name__": "solutions"})


def test_every_question_has_a_solution():
    asked = question_titles(QUESTIONS.read_text(encoding="utf-8"))
    solved = question_titles(SOLUTIONS.read_text(encoding="utf-8"))
    assert len(asked) == 7
    assert solved == asked


def test_every_solution_names_the_package_function_that_computes_it():
    text = SOLUTIONS.read_text(encoding="utf-8")
    parts = re.split(r"^## Question \d+: .+$", without_code_blocks(text), flags=re.M)[1:]
    assert len(parts) == 7
    for n, part in enumerate(parts, start=1):
        assert re.search(r"`word2vec_np\.[\w.]+`", part), f"solution {n} names no package function"
    assert not missing_names(text)


def test_the_solutions_are_linked_from_the_guide_only():
    assert "(teaching-solutions.md)" in GUIDE.read_text(encoding="utf-8")
    learner_pages = [ROOT / "README.md", *ROOT.glob("notebooks/**/*.md"), *ROOT.glob("notebooks/**/*.ipynb")]
    learner_pages += [p for p in DOCS.glob("*.md") if p not in (GUIDE, SOLUTIONS)]
    linking = [p.relative_to(ROOT).as_posix() for p in learner_pages if "teaching-solutions" in p.read_text("utf-8")]
    assert not linking, f"pages a learner reads point to the solutions: {linking}"


def test_the_written_questions_links_work():
    broken, _ = broken_links(QUESTIONS)
    assert not broken, f"{QUESTIONS.relative_to(ROOT)} has broken links: {broken}"


def test_the_written_questions_math_renders_on_github():
    from tests.test_docs import test_math_uses_what_github_renders

    test_math_uses_what_github_renders(QUESTIONS)  # the check docs/*.md pass, on the learners' page


def test_the_guide_names_every_assignment_and_exercise_of_the_grader():
    grading = pytest.importorskip("word2vec_np.teach.grading", reason="the grader is not in this checkout yet")
    rows = [line for line in GUIDE.read_text(encoding="utf-8").split("\n") if line.startswith("| `a")]
    assert rows, "docs/teaching.md has no table of the assignments"
    for notebook, exercises in grading.NOTEBOOKS.items():
        row = next((line for line in rows if line.startswith(f"| `{notebook}`")), None)
        assert row is not None, f"docs/teaching.md has no row for the assignment {notebook}"
        named = re.findall(r"`(\w+)`", row.split("|")[2])
        assert named == exercises, f"docs/teaching.md lists {named} for {notebook}; the grader has {exercises}"


def test_the_grading_options_the_guide_names_exist():
    grade = pytest.importorskip("word2vec_np.grade", reason="the grade command is not in this checkout yet")
    options = {s for action in grade.build_parser()._actions for s in action.option_strings}
    named = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", GUIDE.read_text(encoding="utf-8")))
    assert named, "docs/teaching.md names no option of the grade command"
    assert not named - options, f"docs/teaching.md names options the grade command lacks: {sorted(named - options)}"
