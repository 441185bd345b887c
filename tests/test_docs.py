"""The docs stay true to the code.

* Every dotted ``word2vec_np.…`` name in backticks in docs/*.md resolves: its module
  imports and the rest of the path is found by getattr (a renamed function fails here).
* Every equation tag cited in docs/math.md is in the source of the function named
  beside it, or in its module's list of equations; every tag a module lists is cited
  in math.md; every displayed equation carries a tag.
* docs/cli.md lists every option of the command-line parsers, and its generated
  option tables equal what the parsers say now.
* Relative links (and #anchors) in docs/*.md and README.md point to files that exist.
* The Python examples of docs/api.md run.

The option tables of docs/cli.md are generated from the argparse parsers. After
changing an option, regenerate them with::

    python tests/test_docs.py --write
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import inspect
import re
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

DOCS = ROOT / "docs"
MATH = DOCS / "math.md"
CLI = DOCS / "cli.md"
API = DOCS / "api.md"

# Pages that other work in progress is writing. A link to one of them is accepted
# while the file does not exist yet; test_pending_pages_exist reports which are
# still missing (as an expected failure), so the list can be emptied once they land.
PENDING: set[str] = set()

# The command-line parsers whose options docs/cli.md must list:
# (command, module, parser factory, whether its table is generated into cli.md).
PARSERS = [
    ("train", "word2vec_np.train", "build_parser", True),
    ("evaluate", "word2vec_np.evaluate", "build_parser", True),
    ("phrases", "word2vec_np.phrases", "build_parser", True),
    ("query", "word2vec_np.query", "build_parser", True),
    ("convert", "word2vec_np.convert", "build_parser", True),
    ("bench", "word2vec_np.bench.__main__", "build_parser", True),
    ("grade", "word2vec_np.grade", "build_parser", True),
    ("release", "word2vec_np.release", "build_parser", True),
]

DOTTED = re.compile(r"word2vec_np(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
TAG_LINE = re.compile(r"\*\*\(([^()*\s]+)\)\*\*")
DOCSTRING_TAG = re.compile(r"^\s*\(([^()\s]+)\)\s")


# ---------------------------------------------------------------------- reading markdown
def doc_files() -> list[Path]:
    return sorted(DOCS.glob("*.md"))


def without_code_blocks(text: str) -> str:
    """The text with fenced code blocks blanked out (line numbers kept)."""
    out, fenced = [], False
    for line in text.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            out.append("")
        else:
            out.append("" if fenced else line)
    return "\n".join(out)


def inline_code(text: str) -> list[str]:
    """The contents of the inline `code` spans outside fenced blocks."""
    return re.findall(r"`([^`\n]+)`", without_code_blocks(text))


def dotted_names(text: str) -> list[str]:
    """Backticked spans that are a dotted word2vec_np name, alone or followed by a call signature
    (`word2vec_np.core.model.scatter_add` and `word2vec_np.core.model.scatter_add(M, rows, values)` both count)."""
    names = []
    for span in inline_code(text):
        m = DOTTED.match(span.strip())
        if m and (m.end() == len(span.strip()) or span.strip()[m.end()] == "("):
            names.append(m.group(0))
    return names


# ---------------------------------------------------------------------- resolving names
def resolve(dotted: str):
    """(module, object) for a dotted name: import its longest importable prefix, then getattr the rest.

    Raises LookupError naming what is missing.
    """
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        module_name = ".".join(parts[:i])
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and (module_name == exc.name or module_name.startswith(exc.name + ".")):
                continue  # this prefix is not a module: try a shorter one
            raise
        obj = module
        for j in range(i, len(parts)):
            try:
                obj = getattr(obj, parts[j])
            except AttributeError:
                raise LookupError(f"{dotted}: {'.'.join(parts[:j])} has no attribute {parts[j]!r}") from None
        return module, obj
    raise LookupError(f"{dotted}: no importable module")


def missing_names(text: str) -> list[str]:
    """The dotted word2vec_np names in backticks in ``text`` that do not resolve, with the reason."""
    missing = []
    for name in dict.fromkeys(dotted_names(text)):
        try:
            resolve(name)
        except LookupError as exc:
            missing.append(str(exc))
    return missing


def all_doc_names() -> list[str]:
    names: dict[str, None] = {}
    for path in doc_files():
        names.update(dict.fromkeys(dotted_names(path.read_text(encoding="utf-8"))))
    return list(names)


@pytest.mark.parametrize("name", all_doc_names() or ["(no names found)"])
def test_every_dotted_name_in_the_docs_resolves(name):
    assert name != "(no names found)", "no `word2vec_np.…` name found in docs/*.md"
    resolve(name)  # raises LookupError with the missing part


def test_the_docs_name_enough_code():
    names = all_doc_names()
    assert len(names) > 120, f"only {len(names)} dotted names in docs/: the scan is probably broken"
    assert "word2vec_np.core.objectives.negative.NegativeSampling.backward" in names


def test_a_made_up_name_is_reported_missing():
    """Negative control: the same resolver must catch names that do not exist."""
    text = (
        "Real: `word2vec_np.core.model.scatter_add`. Made up: `word2vec_np.core.model.scatter_sub`, "
        "`word2vec_np.no_such_module.f`, `word2vec_np.core.objectives.negative.NegativeSampling.backwards()`.\n"
        "```\n`word2vec_np.inside.a.code.block` is not a citation\n```\n"
    )
    missing = missing_names(text)
    assert len(missing) == 3, missing
    assert any("scatter_sub" in m for m in missing)
    assert any("no_such_module" in m for m in missing)
    assert any("backwards" in m for m in missing)
    with pytest.raises(LookupError):
        resolve("word2vec_np.core.sampling.NoiseSampler.no_such_method")


# ---------------------------------------------------------------------- equation tags
def tag_citations(text: str) -> list[tuple[str, list[str], int]]:
    """(tag, [dotted names], line number) for every **(TAG)** in math.md, with the names after it
    on the same line up to the next tag."""
    found = []
    for line_no, line in enumerate(without_code_blocks(text).split("\n"), start=1):
        matches = list(TAG_LINE.finditer(line))
        for k, m in enumerate(matches):
            end = matches[k + 1].start() if k + 1 < len(matches) else len(line)
            found.append((m.group(1), dotted_names(line[m.end() : end]), line_no))
    return found


def _tag_pattern(tag: str) -> re.Pattern:
    # "(TAG)" or TAG inside a parenthesized list such as "(GC-central, GC-rel)"
    return re.compile(r"[(,]\s*" + re.escape(tag) + r"\s*[,)]")


def _source(obj) -> str:
    if isinstance(obj, property):
        obj = obj.fget
    try:
        return inspect.getsource(obj)
    except (TypeError, OSError):
        return ""


def tag_is_cited(tag: str, name: str) -> bool:
    """True if ``tag`` appears in the source of ``name``, or else in its module's list of equations
    (the module docstring) provided no other code of that module cites it: when some function does
    cite the tag itself, the docs must name that function."""
    module, obj = resolve(name)
    pattern = _tag_pattern(tag)
    if pattern.search(_source(obj)):
        return True
    for mod in dict.fromkeys([module, inspect.getmodule(obj) or module]):
        doc = mod.__doc__ or ""
        if pattern.search(doc):
            body = _source(mod).replace(doc, "", 1)  # the module's code, without its tag list
            return not pattern.search(body)
    return False


def test_every_equation_tag_is_in_the_code_it_names():
    citations = tag_citations(MATH.read_text(encoding="utf-8"))
    assert len(citations) > 40, "too few **(TAG)** citations found in math.md"
    wrong = []
    for tag, names, line_no in citations:
        if not names:
            wrong.append(f"math.md line {line_no}: ({tag}) names no function")
        for name in names:
            try:
                if not tag_is_cited(tag, name):
                    wrong.append(f"math.md line {line_no}: ({tag}) is not in {name} nor in its module's tag list")
            except LookupError as exc:
                wrong.append(f"math.md line {line_no}: {exc}")
    assert not wrong, "\n".join(wrong)


def test_a_tag_cited_beside_the_wrong_function_fails():
    """Negative control for the tag check."""
    assert tag_is_cited("NS-grad", "word2vec_np.core.objectives.negative.NegativeSampling.backward")
    assert not tag_is_cited("SM-grad", "word2vec_np.core.objectives.negative.NegativeSampling.backward")
    assert not tag_is_cited("NS-gra", "word2vec_np.core.objectives.negative.NegativeSampling.backward")
    assert not tag_is_cited("sigmoid", "word2vec_np.core.model.scatter_add")
    # in the module's tag list, but Softmax.backward is the function that cites it
    assert not tag_is_cited("SM-grad", "word2vec_np.core.objectives.softmax.Softmax.forward")
    # only in the module's tag list (no function cites it): the list is enough
    assert tag_is_cited("HUF-kraft", "word2vec_np.core.huffman.build_huffman")
    text = "**(SM-loss)** `word2vec_np.core.objectives.softmax.Softmax.forward` · **(OH-x)** `word2vec_np.core.onehot.one_hot`"
    assert tag_citations(text) == [
        ("SM-loss", ["word2vec_np.core.objectives.softmax.Softmax.forward"], 1),
        ("OH-x", ["word2vec_np.core.onehot.one_hot"], 1),
    ]


def test_every_equation_an_exercise_names_is_in_math_md():
    """The assignments' statements cite docs/math.md tags (word2vec_np.teach.grading.EXERCISES): they must exist."""
    from word2vec_np.teach.grading import EXERCISES

    cited = {tag for tag, _, _ in tag_citations(MATH.read_text(encoding="utf-8"))}
    named = {(name, tag) for name, exercise in EXERCISES.items() for tag in exercise.tags}
    assert len(named) >= 20
    missing = sorted(f"{name}: ({tag})" for name, tag in named if tag not in cited)
    assert not missing, "exercises name equations that docs/math.md does not have: " + ", ".join(missing)
    assert "NS-gard" not in cited and "NS-grad" in cited  # the lookup can fail


def code_tag_lists() -> dict[str, list[str]]:
    """module -> the tags its docstring lists under "Equations (tags cited by docs/math.md...)"."""
    import pkgutil

    import word2vec_np

    lists = {}
    for info in pkgutil.walk_packages(word2vec_np.__path__, "word2vec_np."):
        if info.name.endswith("__main__"):
            continue
        try:
            module = importlib.import_module(info.name)
        except Exception:  # a module another engineer is halfway through: not ours to judge here
            continue
        lines = (module.__doc__ or "").split("\n")
        for i, line in enumerate(lines):
            if "tags cited by docs/math.md" in line:
                tags = []
                for entry in lines[i + 1 :]:
                    if tags and not entry.strip():
                        break
                    m = DOCSTRING_TAG.match(entry)
                    if m:
                        tags.append(m.group(1))
                lists[info.name] = tags
                break
    return lists


def test_every_tag_a_module_lists_is_cited_in_math_md():
    """The way back: every equation a module says is in docs/math.md is there."""
    lists = code_tag_lists()
    assert "word2vec_np.core.objectives.softmax" in lists and "SM-loss" in lists["word2vec_np.core.objectives.softmax"]
    cited = {tag for tag, _, _ in tag_citations(MATH.read_text(encoding="utf-8"))}
    missing = [f"({tag}) of {module}" for module, tags in lists.items() for tag in tags if tag not in cited]
    assert not missing, "tags listed in the code but not cited in docs/math.md: " + ", ".join(missing)


def test_every_displayed_equation_carries_a_tag():
    lines = without_code_blocks(MATH.read_text(encoding="utf-8")).split("\n")
    untagged = []
    for i, line in enumerate(lines):
        if line.startswith("$$"):
            following = next((x for x in lines[i + 1 :] if x.strip()), "")
            if not TAG_LINE.match(following):
                untagged.append(f"line {i + 1}: {line[:60]}")
    assert not untagged, "displayed equations without a **(TAG)** line after them:\n" + "\n".join(untagged)


# GitHub renders $...$ and $$...$$ with MathJax after Markdown has seen the text, so
# backslash escapes that Markdown understands (\{ \, \\ ...) are eaten first.
GITHUB_MATH_TRAPS = {
    r"\{": r"use \lbrace",
    r"\}": r"use \rbrace",
    r"\,": r"drop the thin space or use \quad",
    r"\;": r"use \quad",
    r"\:": r"use \quad",
    r"\!": "drop the negative space",
    "\\\\": "one equation per $$ block (no line breaks)",
    r"\begin{align}": "use one $$ block per equation",
}


@pytest.mark.parametrize("path", doc_files(), ids=lambda p: p.name)
def test_math_uses_what_github_renders(path):
    text = without_code_blocks(path.read_text(encoding="utf-8"))
    problems = []
    for line_no, line in enumerate(text.split("\n"), start=1):
        stripped = re.sub(r"`[^`]*`", "", line)  # inline code is not math
        if "$" not in stripped:
            continue
        for trap, advice in GITHUB_MATH_TRAPS.items():
            if trap in stripped:
                problems.append(f"line {line_no}: {trap} ({advice})")
        if stripped.startswith("$$"):
            if not (stripped.rstrip().endswith("$$") and len(stripped.strip()) > 4):
                problems.append(f"line {line_no}: a $$ block must open and close on one line")
        elif stripped.count("$") % 2:
            problems.append(f"line {line_no}: unbalanced $")
        elif re.search(r"[A-Za-z0-9]\$[^$\s]", stripped.replace("$$", "")):
            # GitHub does not start inline math right after a letter or digit
            for m in re.finditer(r"\$[^$]*\$", stripped):
                if m.start() > 0 and stripped[m.start() - 1].isalnum():
                    problems.append(f"line {line_no}: inline math right after a letter or digit")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------- the command line
def _parser(module_name: str, factory: str) -> argparse.ArgumentParser:
    if module_name.endswith(".__main__"):  # importing a __main__ without a guard would run the command
        spec = importlib.util.find_spec(module_name.removesuffix(".__main__"))
        main_file = Path(spec.origin).parent / "__main__.py" if spec and spec.origin else None
        if main_file is None or not main_file.exists():
            pytest.skip(f"{module_name} does not exist yet")
        if "__name__" not in main_file.read_text(encoding="utf-8"):
            pytest.skip(f"{module_name} runs on import (no __name__ guard); cannot read its parser")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            pytest.skip(f"{module_name} does not exist yet")
        raise
    if not hasattr(module, factory):
        pytest.skip(f"{module_name} has no {factory}() yet")
    return getattr(module, factory)()


def _actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if not isinstance(a, argparse._HelpAction) and a.help != argparse.SUPPRESS]


def _invocation(action: argparse.Action) -> str:
    if not action.option_strings:
        return str(action.metavar or action.dest).upper()
    if action.nargs == 0:
        return ", ".join(action.option_strings)
    if action.choices is not None and action.metavar is None:
        value = "{" + ",".join(map(str, action.choices)) + "}"
    else:
        value = action.metavar or action.dest.upper()
    first, *aliases = action.option_strings
    return f"{first} {value}" + "".join(f", {a}" for a in aliases)


def _default(action: argparse.Action) -> str:
    if action.nargs == 0:
        return "off" if action.default in (False, None) else "on"
    if action.default is None or action.default == argparse.SUPPRESS:
        return "(required)" if action.required else "none"
    return f"`{action.default}`"


def _help(action: argparse.Action, parser: argparse.ArgumentParser) -> str:
    text = (action.help or "") % {**vars(action), "prog": parser.prog}
    return " ".join(text.split()).replace("|", r"\|").replace("*", r"\*")


def options_table(parser: argparse.ArgumentParser) -> str:
    """The Markdown table of a parser's arguments: invocation, default, help."""
    rows = ["| argument | default | what it does |", "| --- | --- | --- |"]
    for action in _actions(parser):
        rows.append(f"| `{_invocation(action)}` | {_default(action)} | {_help(action, parser)} |")
    return "\n".join(rows)


def _markers(command: str) -> tuple[str, str]:
    return (
        f"<!-- BEGIN GENERATED {command} options: python tests/test_docs.py --write -->",
        f"<!-- END GENERATED {command} options -->",
    )


def generated_block(text: str, command: str) -> str | None:
    begin, end = _markers(command)
    if begin not in text or end not in text:
        return None
    return text.split(begin, 1)[1].split(end, 1)[0].strip("\n")


@pytest.mark.parametrize("command,module,factory,generated", PARSERS, ids=[p[0] for p in PARSERS])
def test_cli_md_lists_every_option(command, module, factory, generated):
    parser = _parser(module, factory)
    text = CLI.read_text(encoding="utf-8")
    missing = []
    for action in _actions(parser):
        names = action.option_strings or [str(action.metavar or action.dest).upper()]
        for name in names:
            if not re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text):
                missing.append(name)
    assert not missing, f"docs/cli.md does not mention these {command} options: {missing}"


@pytest.mark.parametrize(
    "command,module,factory,generated", [p for p in PARSERS if p[3]], ids=[p[0] for p in PARSERS if p[3]]
)
def test_cli_md_option_tables_are_current(command, module, factory, generated):
    parser = _parser(module, factory)
    block = generated_block(CLI.read_text(encoding="utf-8"), command)
    assert block is not None, f"docs/cli.md has no generated table for {command}; add the markers {_markers(command)}"
    assert block == options_table(parser), (
        f"the {command} options table in docs/cli.md is out of date; run: python tests/test_docs.py --write"
    )


def test_options_table_of_a_toy_parser():
    p = argparse.ArgumentParser(prog="toy")
    p.add_argument("corpus", nargs="?", default=None, help="a file")
    p.add_argument("--arch", choices=("a", "b"), default="a", help="which one")
    p.add_argument("--power", type=float, default=0.75, help="count**power")
    p.add_argument("--output", "-o", default=None, help="where")
    p.add_argument("--quiet", "-q", action="store_true", help="hush")
    assert options_table(p).split("\n")[2:] == [
        "| `CORPUS` | none | a file |",
        "| `--arch {a,b}` | `a` | which one |",
        r"| `--power POWER` | `0.75` | count\*\*power |",
        "| `--output OUTPUT, -o` | none | where |",
        "| `--quiet, -q` | off | hush |",
    ]


def write_tables() -> list[str]:
    """Regenerate the option tables of docs/cli.md in place; return the commands updated."""
    text = CLI.read_text(encoding="utf-8")
    updated = []
    for command, module_name, factory, generated in PARSERS:
        if not generated:
            continue
        try:
            parser = getattr(importlib.import_module(module_name), factory)()
        except (ImportError, AttributeError):
            continue
        begin, end = _markers(command)
        if begin not in text or end not in text:
            continue
        head, rest = text.split(begin, 1)
        _, tail = rest.split(end, 1)
        text = f"{head}{begin}\n{options_table(parser)}\n{end}{tail}"
        updated.append(command)
    CLI.write_text(text, encoding="utf-8")
    return updated


# ---------------------------------------------------------------------- links
LINK = re.compile(r"\]\(([^)\s]+)\)")


def github_slugs(text: str) -> set[str]:
    """The anchors GitHub gives the headings of a Markdown file."""
    slugs: set[str] = set()
    seen: dict[str, int] = {}
    for line in without_code_blocks(text).split("\n"):
        m = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        slug = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        slugs.add(slug if n == 0 else f"{slug}-{n}")
    return slugs


def broken_links(path: Path) -> tuple[list[str], list[str]]:
    """(broken links, links to pending pages) of a Markdown file."""
    text = path.read_text(encoding="utf-8")
    plain = re.sub(r"`[^`\n]*`", "", without_code_blocks(text))
    broken, pending = [], []
    for target in LINK.findall(plain):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        dest = (path.parent / file_part).resolve() if file_part else path
        rel = dest.relative_to(ROOT).as_posix() if dest.is_relative_to(ROOT) else str(dest)
        if not dest.exists():
            (pending if rel in PENDING else broken).append(f"{target} (no {rel})")
            continue
        if anchor and dest.suffix == ".md" and anchor not in github_slugs(dest.read_text(encoding="utf-8")):
            broken.append(f"{target} (no heading #{anchor} in {rel})")
    return broken, pending


@pytest.mark.parametrize("path", [*doc_files(), ROOT / "README.md"], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_point_to_files_that_exist(path):
    broken, _ = broken_links(path)
    assert not broken, f"{path.relative_to(ROOT)} has broken links: {broken}"


def test_a_broken_link_is_reported(tmp_path, monkeypatch):
    """Negative control for the link check."""
    page = DOCS / "math.md"
    fake = tmp_path / "page.md"
    fake.write_text(
        "[ok](math.md) [bad](no_such_file.md) [bad anchor](math.md#no-such-heading) "
        "[ok anchor](math.md#1-notation) `[not a link](nowhere.md)`\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    (tmp_path / "math.md").write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    broken, _ = broken_links(fake)
    assert broken == [
        "no_such_file.md (no no_such_file.md)",
        "math.md#no-such-heading (no heading #no-such-heading in math.md)",
    ]


def test_pending_pages_exist():
    """Pages other work is writing; an expected failure until they all exist, then empty PENDING."""
    missing = sorted(p for p in PENDING if not (ROOT / p).exists())
    if missing:
        pytest.xfail(f"not written yet (links to them are accepted meanwhile): {', '.join(missing)}")


# Pages that are not in the reading order, each linked from the page named instead:
# the worked solutions are for teachers, so only the teacher's guide links them.
LINKED_FROM = {"teaching-solutions.md": "teaching.md"}


def test_every_page_is_in_the_reading_order():
    readme = (DOCS / "README.md").read_text(encoding="utf-8")
    linked = set(LINK.findall(readme))
    pages = {p.name for p in doc_files() if p.name != "README.md"} | {Path(p).name for p in PENDING}
    missing = pages - linked - set(LINKED_FROM)
    assert not sorted(missing), f"docs/README.md does not link {sorted(missing)}"
    for page, linker in LINKED_FROM.items():
        if (DOCS / page).exists():
            assert f"({page})" in (DOCS / linker).read_text(encoding="utf-8"), f"docs/{linker} does not link {page}"
            assert page not in linked, f"docs/README.md links {page}, which only docs/{linker} should"


# ---------------------------------------------------------------------- the API examples run
def test_api_examples_run(tmp_path, monkeypatch, capsys):
    blocks = re.findall(r"^```python\n(.*?)^```", API.read_text(encoding="utf-8"), re.S | re.M)
    assert len(blocks) >= 10
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "api_md"}
    for i, block in enumerate(blocks):
        exec(compile(block, f"docs/api.md, python block {i + 1}", "exec"), namespace)
    assert "Word2Vec(V=546" in capsys.readouterr().out


def test_train_config_fields_are_documented_with_their_defaults():
    from dataclasses import MISSING, fields

    from word2vec_np.engine.config import TrainConfig

    rows = {
        m.group(1): line
        for line in API.read_text(encoding="utf-8").split("\n")
        if (m := re.match(r"\| `(\w+)` \|", line))
    }
    wrong = []
    for f in fields(TrainConfig):
        if f.name not in rows:
            wrong.append(f"{f.name}: no row in the TrainConfig table")
            continue
        default = f.default if f.default is not MISSING else None
        shown = [f"`{default!r}`"] + ([f'`"{default}"`'] if isinstance(default, str) else [])
        if not any(s in rows[f.name] for s in shown):
            wrong.append(f"{f.name}: default {default!r} not shown")
    assert not wrong, "docs/api.md: " + "; ".join(wrong)


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        sys.path.insert(0, str(ROOT))
        print("regenerated the option tables of docs/cli.md for:", ", ".join(write_tables()) or "nothing")
    else:
        print(__doc__)
