"""``python -m word2vec_np.grade``: grade the assignments of a whole class, one process per submission.

    python -m word2vec_np.grade submissions/*.ipynb --csv grades.csv
    python -m word2vec_np.grade --reference

Each submission (an assignment notebook, a .py file defining the
exercises' functions, or a directory of them: one learner's hand-in) runs in its own process, in a temporary directory,
with a time limit (grading/submission.py); the checks run here. The table
has one row per submission: the score of each assignment (each exercise
counts the fraction of its checks passed) and the total. ``--csv`` writes
one row per submission, one column per exercise, and the total.

Grading runs the submitted code, as nbgrader does.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from .atomic import atomic_write, check_writable
from .cli import error_line, user_error
from .errors import ConfigError, CorpusNotFoundError, Word2VecError

try:
    from .teach.grading import DEFAULT_SECONDS, EXERCISES, NOTEBOOKS, grade_function, reference_function
    from .teach.grading.report import format_report
    from .teach.grading.submission import SubmissionReport, grade_submission
except ModuleNotFoundError as exc:  # hypothesis, an extra, is not installed: one line naming the install
    if __name__ != "__main__" or exc.name != "hypothesis":
        raise
    print(f"error: {exc}", file=sys.stderr)
    sys.exit(2)

SUFFIXES = (".ipynb", ".py")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m word2vec_np.grade",
        description="Grade assignment notebooks (.ipynb) or .py files; each runs in its own process. "
        "This runs the submitted code, as nbgrader does.",
    )
    parser.add_argument("submissions", nargs="*", default=[], metavar="SUBMISSION",
                        help="notebooks (.ipynb) or .py files to grade, or directories: one per learner, "
                        "whose .ipynb and .py files are graded together")
    parser.add_argument("--csv", metavar="FILE", help="also write the grades to FILE: one row per submission, "
                        "one column per exercise and a total (written atomically)")
    parser.add_argument("--reference", action="store_true",
                        help="grade the package's own functions (the complete solution): every check must pass")
    parser.add_argument("--timeout", type=float, default=DEFAULT_SECONDS, metavar="SECONDS",
                        help="time limit per exercise and per notebook cell; a whole submission gets "
                        "(exercises + 2) times this, plus 15 s")
    parser.add_argument("--verbose", action="store_true",
                        help="also print each submission's full report: every check, with its hint")
    return parser


def _check_inputs(args) -> list[Path]:
    if not args.submissions and not args.reference:
        raise ConfigError("give the SUBMISSION files to grade (.ipynb or .py), or --reference")
    if not args.timeout > 0:
        raise ConfigError(f"--timeout must be a positive number of seconds, got {args.timeout:g}")
    paths = []
    for name in args.submissions:
        path = Path(name)
        if not path.exists():
            raise CorpusNotFoundError(f"submission {name!r} does not exist; check the path")
        if not path.is_dir() and path.suffix.lower() not in SUFFIXES:
            raise ConfigError(
                f"submission {name!r} is not a .ipynb or .py file or a directory; give notebooks or Python files"
            )
        paths.append(path)
    if args.csv:
        check_writable(args.csv)
    return paths


def grade_reference(seconds: float) -> SubmissionReport:
    """The package's own functions, graded in this process (they are trusted)."""
    return SubmissionReport("(reference)", {n: grade_function(n, reference_function(n), seconds) for n in EXERCISES})


def table(reports: list[SubmissionReport]) -> str:
    """One line per submission: the score of each assignment notebook, the total, and notes."""
    header = ["submission"] + [f"{nb[:2]} /{len(names)}" for nb, names in NOTEBOOKS.items()]
    header += [f"total /{len(EXERCISES)}"]
    rows = []
    for r in reports:
        cells = [r.name]
        cells += [f"{sum(r.reports[n].score for n in names):.2f}" for names in NOTEBOOKS.values()]
        cells += [f"{r.total:.2f}"]
        rows.append(cells)
    widths = [max(len(row[i]) for row in [header] + rows) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=False)))
             for row in [header] + rows]
    for r in reports:
        lines += [f"note: {r.name}: {note}" for note in r.notes]
    return "\n".join(lines)


def csv_text(reports: list[SubmissionReport]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["submission", *EXERCISES, "total", "notes"])
    for r in reports:
        scores = [f"{r.reports[n].score:.3f}" for n in EXERCISES]
        writer.writerow([r.name, *scores, f"{r.total:.3f}", "; ".join(r.notes)])
    return out.getvalue()


def run(args) -> int:
    paths = _check_inputs(args)
    reports = []
    if args.reference:
        reports.append(grade_reference(args.timeout))
    for i, path in enumerate(paths, start=1):
        print(f"grading {i}/{len(paths)}: {path}", file=sys.stderr, flush=True)
        reports.append(grade_submission(path, list(EXERCISES), args.timeout))
    if args.verbose:
        for r in reports:
            print(f"== {r.name}")
            print("\n".join(format_report(r.reports[n]) for n in EXERCISES))
            print()
    print(table(reports))
    if args.csv:
        with atomic_write(args.csv, "w") as f:
            f.write(csv_text(reports))
        print(f"wrote {args.csv}")
    if args.reference and reports[0].total < len(EXERCISES):
        return error_line("the package's reference functions fail some checks; this is a bug, please report it", 1)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return run(args)
    except KeyboardInterrupt:
        print("\ninterrupted: nothing was written", file=sys.stderr)
        return 130
    except (Word2VecError, OSError) as exc:
        return user_error(exc, debug=False)


if __name__ == "__main__":
    sys.exit(main())
