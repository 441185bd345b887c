"""``python -m word2vec_np.release OUTDIR``: the student version of the course, as a folder and a zip to hand out.

    python -m word2vec_np.release course            # writes course/ and course.zip
    python -m word2vec_np.release course --zip week1.zip

It is built from the checkout that holds this package (or ``--source DIR``)
and holds what a learner needs and nothing a teacher keeps:

* the lesson notebooks, every ``# ANSWER`` line blanked by
  :func:`word2vec_np.teach.answers.blank_answers` (the committed notebooks
  are already blank; a notebook that still held an answer is handed out
  without its outputs, which could show it);
* the assignment notebooks and the written questions, as they are (blank);
* the package source and ``pyproject.toml``, so ``pip install "./OUTDIR[notebooks]"``
  works on any machine, outside a checkout;
* docs/ for the notebooks' links to the math, and a short README for learners.

Left out (:data:`TEACHER_ONLY`, the one list; docs/teaching.md's "Hand it
out" repeats it): the worked solutions, the tests and their reference
solutions, the lesson answers and the teacher's guide.

The folder and the zip are built beside their destinations and renamed into
place only when complete, so a failure or Ctrl-C leaves neither half-written.
OUTDIR must not exist, or be an empty folder; it may not lie inside the
package or the notebooks it is built from.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import posixpath
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from .atomic import atomic_write
from .cli import CommandParser, error_line, user_error
from .errors import ConfigError
from .teach.answers import blank_answers

#: Files and folders of the checkout that never go into a release, and why (a folder ends with "/").
TEACHER_ONLY: dict[str, str] = {
    "docs/teaching-solutions.md": "the worked solutions of the assignments and the written questions",
    "docs/teaching.md": "the teacher's guide (plans, grading, what to hand out)",
    "notebooks/answers/": "the answers of the lesson notebooks' exercises",
    "notebooks/README.md": "the notebooks' notes for maintainers and teachers (the release has its own README)",
    "tests/": "the test suite, with the assignments' reference solutions (tests/assignment_solutions.py)",
}

#: What a release copies from the checkout (besides the README it writes): folders copied whole, then files.
PACKAGE = "word2vec_np/"
COPIED = (PACKAGE, "notebooks/", "docs/", "pyproject.toml")
SKIPPED_NAMES = ("__pycache__", ".ipynb_checkpoints", ".DS_Store")
SKIPPED_SUFFIXES = (".pyc", ".pyo")


def default_source() -> Path:
    """The checkout that holds this package: the folder above ``word2vec_np/``."""
    return Path(__file__).resolve().parents[1]


def _teacher_only(relative: str) -> bool:
    return any(relative == path or (path.endswith("/") and relative.startswith(path)) for path in TEACHER_ONLY)


def release_files(source: Path) -> list[str]:
    """The files of ``source`` a release copies, as sorted POSIX paths relative to ``source``."""
    found = []
    for entry in COPIED:
        top = source / entry
        if not entry.endswith("/"):
            if top.is_file():
                found.append(entry)
            continue
        for path in sorted(top.rglob("*")):
            relative = path.relative_to(source).as_posix()
            parts = path.relative_to(source).parts
            if (not path.is_file() or any(p in SKIPPED_NAMES or p.startswith(".") for p in parts)
                    or path.suffix in SKIPPED_SUFFIXES or _teacher_only(relative)):
                continue
            found.append(relative)
    return sorted(found)


def student_notebook(text: str) -> tuple[str, bool]:
    """A notebook's JSON with every ``# ANSWER`` line blanked; True if it held one (its outputs are then cleared)."""
    nb = json.loads(text)
    held = False
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", []))
        blank = blank_answers(source)
        if blank != source:
            held = True
            cell["source"] = blank.splitlines(keepends=True)
    if held:  # an output printed from an answer could show it
        for cell in nb["cells"]:
            if cell.get("cell_type") == "code":
                cell["outputs"], cell["execution_count"] = [], None
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n", held


#: A Markdown link: [text](target), the target without spaces.
LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+)\)")


def student_markdown(text: str, relative: str) -> str:
    """A Markdown page of the release: a link to a file the release leaves out keeps its text and loses its target."""

    def unlink(match: re.Match) -> str:
        target = match["target"].split("#", 1)[0]
        if not target or "://" in target or target.startswith("mailto:"):
            return match[0]
        linked = posixpath.normpath(posixpath.join(posixpath.dirname(relative), target))
        return match["text"] if _teacher_only(linked) else match[0]

    return LINK.sub(unlink, text)


def student_readme(files: list[str]) -> str:
    """The README of a release: install, open the notebooks in order, check your work."""
    files = sorted(files)
    lessons = [f for f in files if f.startswith("notebooks/") and f.count("/") == 1 and f.endswith(".ipynb")]
    assignments = [f for f in files if f.startswith("notebooks/assignments/") and f.endswith(".ipynb")]
    listing = "\n".join(f"- [{Path(f).stem}]({f})" for f in lessons + assignments)
    return f"""# word2vec in NumPy: lessons and assignments

The lesson notebooks walk from a text file to trained word vectors; in the assignments you write the
forward and backward passes of word2vec yourself. The notebooks use the `word2vec_np` package, which is
included here.

## Install (once)

Python 3.11 or newer. In a terminal, in this folder:

```bash
python -m venv .venv                      # optional: a separate environment for the course
source .venv/bin/activate                 # on Windows: .venv\\Scripts\\activate
python -m pip install ".[notebooks]"      # the package, Jupyter, matplotlib and the checks
```

## Open the notebooks

```bash
jupyter lab notebooks
```

Read the lessons in order, then do the assignments your teacher gives you:

{listing}

The derivations the notebooks refer to are in [docs/math.md](docs/math.md).

## Check your work

- **Lessons.** Each exercise has an answer cell with lines `name = ...  # ANSWER`. Replace the `...` with your
  answer and run the check cell below it: it says which answer is still missing, or gives a hint about a likely
  mistake. It never shows the expected value.
- **Assignments.** Write each function where it says `# YOUR CODE HERE`, then run the check cell below it, for
  example `check("softmax", softmax)`. A function you have not written yet is reported as "not implemented
  yet"; a wrong one gets the failing check and a hint.

Hand in your assignment notebooks (`.ipynb`) as your teacher asks.
"""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_destinations(outdir: Path, zip_path: Path, source: Path) -> None:
    """Raise ConfigError unless the release can be written to ``outdir`` and ``zip_path``."""
    if outdir.exists() and not outdir.is_dir():
        raise ConfigError(f"cannot write the release to {str(outdir)!r}: it is a file; give a new folder name")
    if outdir.is_dir() and any(outdir.iterdir()):
        raise ConfigError(f"the release folder {str(outdir)!r} is not empty; give a new folder or remove it first")
    for name, path in (("release folder", outdir), ("zip", zip_path)):
        for folder in {source / PACKAGE.rstrip("/"), default_source() / PACKAGE.rstrip("/"), source / "notebooks"}:
            if _inside(path, folder.resolve()):
                raise ConfigError(f"the {name} {str(path)!r} is inside {str(folder)!r}, which the release is built "
                                  "from; write it somewhere else")
    if _inside(zip_path, outdir):
        raise ConfigError(f"the zip {str(zip_path)!r} is inside the release folder; write it beside it (--zip)")
    if zip_path.exists():
        raise ConfigError(f"the zip {str(zip_path)!r} already exists; remove it or give another --zip")
    for path in (outdir, zip_path):
        if not path.parent.is_dir():
            raise ConfigError(f"cannot write {str(path)!r}: the folder {str(path.parent)!r} does not exist; create it")
        if not os.access(path.parent, os.W_OK):
            raise ConfigError(f"cannot write {str(path)!r}: the folder {str(path.parent)!r} is not writable")


def build(source: Path, outdir: Path, zip_path: Path) -> list[str]:
    """Write the release of ``source`` to ``outdir`` and ``zip_path``; return the notebooks whose answers were blanked.

    Both are built under temporary names beside their destinations and renamed
    at the end, so an error leaves neither (and no temporary file) behind.
    """
    source, outdir, zip_path = source.resolve(), outdir.resolve(), zip_path.resolve()
    if not (source / PACKAGE / "__init__.py").is_file() or not (source / "notebooks").is_dir():
        raise ConfigError(f"{str(source)!r} is not a checkout of word2vec_np (no word2vec_np/ and notebooks/ in it); "
                          "give the checkout with --source")
    check_destinations(outdir, zip_path, source)
    files = release_files(source)
    blanked = []
    umask = os.umask(0)
    os.umask(umask)
    staging = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.", suffix=".tmp", dir=outdir.parent))
    zip_tmp = None
    try:
        zip_fd, zip_tmp = tempfile.mkstemp(prefix=f".{zip_path.name}.", suffix=".tmp", dir=zip_path.parent)
        os.close(zip_fd)
        staging.chmod(0o777 & ~umask)  # mkdtemp and mkstemp make them private; the release is for sharing
        os.chmod(zip_tmp, 0o666 & ~umask)
        for relative in files:
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if relative.endswith(".ipynb"):
                try:
                    text, held = student_notebook((source / relative).read_text(encoding="utf-8"))
                except (ValueError, AttributeError, TypeError) as exc:  # not JSON, or not a notebook's JSON
                    raise ConfigError(f"{relative} in {str(source)!r} is not a readable notebook ({exc}); "
                                      "fix it or move it out of the checkout") from exc
                _write(target, text)
                if held:
                    blanked.append(relative)
            elif relative.endswith(".md"):
                _write(target, student_markdown((source / relative).read_text(encoding="utf-8"), relative))
            else:
                shutil.copyfile(source / relative, target)
        _write(staging / "README.md", student_readme(files))
        with zipfile.ZipFile(zip_tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(p for p in staging.rglob("*") if p.is_file()):
                archive.write(path, f"{outdir.name}/{path.relative_to(staging).as_posix()}")
        if outdir.is_dir():
            outdir.rmdir()  # empty, checked above
        staging.rename(outdir)
        os.replace(zip_tmp, zip_path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if zip_tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(zip_tmp)
        raise
    return blanked


def _write(path: Path, text: str) -> None:
    """Write a text file of the release (inside the folder being built, which is renamed into place whole)."""
    with atomic_write(path, "w") as f:
        f.write(text)


def build_parser() -> argparse.ArgumentParser:
    parser = CommandParser(
        prog="python -m word2vec_np.release",
        description="Write the student version of the lessons and assignments (answers blanked, no solutions, "
        "the package included) to a new folder, and a zip of it to hand out.",
    )
    parser.add_argument("outdir", metavar="OUTDIR", help="the folder to create (new, or empty)")
    parser.add_argument("--zip", metavar="PATH", default=None, help="the zip to write (default: OUTDIR.zip)")
    parser.add_argument("--source", metavar="DIR", default=None,
                        help="the checkout to build from (default: the one holding this package)")
    parser.add_argument("--debug", action="store_true", help="print the traceback of an error too")
    return parser


def main(argv: list[str] | None = None) -> int:
    """``python -m word2vec_np.release OUTDIR [--zip PATH] [--source DIR]``; returns the exit code."""
    args = build_parser().parse_args(argv)
    outdir = Path(args.outdir)
    zip_path = Path(args.zip) if args.zip else outdir.resolve().with_name(outdir.resolve().name + ".zip")
    source = Path(args.source) if args.source else default_source()
    try:
        blanked = build(source, outdir, zip_path)
    except (ConfigError, OSError) as exc:
        return user_error(exc, args.debug)
    except KeyboardInterrupt:
        return error_line(f"interrupted: nothing was written to {str(outdir)!r} or {str(zip_path)!r}", 130)
    for notebook in blanked:
        print(f"note: {notebook} held answers; they are blanked and its outputs cleared in the release")
    print(f"wrote {outdir}/ and {zip_path}")
    name = outdir.resolve().name
    print(f'learners: unzip it, then python -m pip install "./{name}[notebooks]" and open {name}/notebooks')
    return 0


if __name__ == "__main__":
    sys.exit(main())
