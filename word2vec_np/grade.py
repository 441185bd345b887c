"""``python -m word2vec_np.grade``: grade the assignments of a whole class, one process per submission.

    python -m word2vec_np.grade submissions/* --csv grades.csv
    python -m word2vec_np.grade submissions/* --csv grades.csv --resume --feedback feedback --gradebook grades.ini
    python -m word2vec_np.grade --reference

Each submission (an assignment notebook, a .py file defining the
exercises' functions, or a directory of them: one learner's hand-in) runs in
its own process, session and private directory, with limits on time,
memory, processes and file size, and everything it started is killed when
it ends (grading/submission.py, grading/supervisor.py); the checks run here.
A row is named by the submission's path relative to the submissions' common
folder. The table has one row per submission: the score of each assignment
(each exercise scores from 0 to 1: its value checks, then its other checks
once the values agree; docs/teaching.md), a5's share of planted analogies
and its mark (trained in the submission's own process), the total, and the
final grade (grading/gradebook.py). ``--csv`` is rewritten, atomically, as
each submission finishes, so a grader that is stopped keeps every finished
row, and ``--resume`` grades only the submissions not in it yet.
``--feedback DIR`` writes a file per submission for the learner and a class
summary (grading/feedback.py).

Grading runs the submitted code, as nbgrader does: see docs/teaching.md for
what the grader defends against and what it does not.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import os
import re
import signal
import stat
import sys
from pathlib import Path

from .atomic import atomic_write, check_writable
from .cli import error_line, user_error
from .errors import ConfigError, CorpusNotFoundError, Word2VecError

try:
    from .teach.grading import DEFAULT_SECONDS, EXERCISES, NOTEBOOKS, grade_function, reference_function
    from .teach.grading.calls import quote
    from .teach.grading.feedback import class_summary, feedback_text, file_name
    from .teach.grading.gradebook import Gradebook, read_gradebook
    from .teach.grading.report import format_report
    from .teach.grading.submission import SubmissionReport, grade_submission
    from .teach.grading.training import grade_score
except ModuleNotFoundError as exc:  # hypothesis, an extra, is not installed: one line naming the install
    if __name__ != "__main__" or exc.name != "hypothesis":
        raise
    print(f"error: {exc}", file=sys.stderr)
    sys.exit(2)

SUFFIXES = (".ipynb", ".py")
#: Longest --timeout accepted, in seconds: a whole submission gets (exercises + 2) times it.
MAX_TIMEOUT = 600.0
#: Smallest --memory accepted: Python and NumPy need about 150 MB of address space.
MIN_MEMORY = 256 << 20
A5 = "a5"  # the column of assignment a5: the share of planted analogies its functions reach
COLUMNS = ["submission", *EXERCISES, A5, "a5_mark", "total", "grade", "flags", "notes"]
WRITTEN_NOTE = "no written mark"  # the start of the gradebook's note, recomputed with the grade


#: The signal that stopped the grader (SIGTERM, SIGHUP), raised in it as KeyboardInterrupt.
_STOPPED_BY: list[int] = []


def memory_size(text: str) -> int:
    """``2G``, ``512M``, ``1.5G`` or a number of bytes, as bytes; ConfigError for anything else."""
    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]*)?)\s*([kKmMgGtT]?)[bB]?\s*", text)
    if not match:
        raise ConfigError(f"--memory must be a size such as 2G or 512M, got {text!r}")
    value = float(match.group(1)) * 1024 ** " KMGT".index(match.group(2).upper() or " ")
    if not MIN_MEMORY <= value <= 1 << 50:
        raise ConfigError(f"--memory must be at least {MIN_MEMORY >> 20}M (Python and NumPy need it), got {text!r}")
    return int(value)


def build_parser() -> argparse.ArgumentParser:
    from .cli import CommandParser

    parser = CommandParser(
        prog="python -m word2vec_np.grade",
        description="Grade assignment notebooks (.ipynb) or .py files; each runs in its own process. "
        "This runs the submitted code, as nbgrader does.",
    )
    parser.add_argument("submissions", nargs="*", default=[], metavar="SUBMISSION",
                        help="notebooks (.ipynb) or .py files to grade, or directories: one per learner, "
                        "whose .ipynb and .py files are graded together")
    parser.add_argument("--csv", metavar="FILE", help="also write the grades to FILE: one row per submission, "
                        "one column per exercise, the total, the grade, flags and notes (rewritten atomically "
                        "as each submission finishes)")
    parser.add_argument("--resume", action="store_true",
                        help="keep the rows already in --csv FILE and grade only the submissions not in it")
    parser.add_argument("--feedback", metavar="DIR",
                        help="write a feedback file per submission for the learner, and class_summary.txt, in DIR")
    parser.add_argument("--gradebook", metavar="FILE",
                        help="exercise weights and written marks (an INI file, see docs/teaching.md) "
                        "for the grade column")
    parser.add_argument("--reference", action="store_true",
                        help="grade the package's own functions (the complete solution): every check must pass")
    parser.add_argument("--timeout", type=float, default=DEFAULT_SECONDS, metavar="SECONDS",
                        help="time limit per exercise and per notebook cell, at most 600; a whole submission gets "
                        "(exercises + 2) times this, plus 15 s")
    parser.add_argument("--memory", default="2G", metavar="SIZE",
                        help="memory (address space) of each submission's process, such as 2G or 512M")
    parser.add_argument("--verbose", action="store_true",
                        help="also print each submission's full report: every check, with its hint")
    return parser


def _special(path: Path) -> str:
    """"" for a regular file or a missing one, else what ``path`` is (a directory, a device, a FIFO, ...)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return ""
    if stat.S_ISREG(mode):
        return ""
    return "a directory" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else \
        "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket or other special file"


def _inside(path: Path, inputs: list[Path]) -> Path | None:
    """The input that ``path`` is, or lies in (for a directory), if any."""
    target = path.resolve()
    for given in inputs:
        g = given.resolve()
        if target == g or (g.is_dir() and g in target.parents):
            return given
    return None


def _check_inputs(args) -> list[Path]:
    if not args.submissions and not args.reference:
        raise ConfigError("give the SUBMISSION files to grade (.ipynb or .py), or --reference")
    if not (math.isfinite(args.timeout) and 0 < args.timeout <= MAX_TIMEOUT):
        raise ConfigError(
            f"--timeout must be a positive number of seconds, at most {MAX_TIMEOUT:g}, got {args.timeout:g}"
        )
    args.memory_bytes = memory_size(args.memory)
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
    if args.resume and not args.csv:
        raise ConfigError("--resume keeps the rows of --csv FILE: give --csv too")
    for option, value in (("--csv", args.csv), ("--gradebook", args.gradebook)):
        if value:
            kind = _special(Path(value))
            if kind:
                raise ConfigError(f"{option} {value!r} is {kind}; give a regular file")
    for option, value in (("--csv", args.csv), ("--feedback", args.feedback), ("--gradebook", args.gradebook)):
        clash = value and _inside(Path(value), paths)
        if clash:
            raise ConfigError(f"{option} {value!r} is, or is inside, the submission {str(clash)!r}; write it elsewhere")
    if args.csv:
        check_writable(args.csv)
    if args.feedback:
        feedback = Path(args.feedback)
        if feedback.exists() and not feedback.is_dir():
            raise ConfigError(f"--feedback {args.feedback!r} is not a directory; give a directory (it is created)")
        check_writable(feedback / "class_summary.txt") if feedback.is_dir() else check_writable(feedback)
    return paths


def row_ids(paths: list[Path]) -> list[str]:
    """Each submission's path relative to the submissions' common folder (two a1.ipynb in two folders differ)."""
    if not paths:
        return []
    absolute = [Path(os.path.abspath(p)) for p in paths]
    common = Path(os.path.commonpath([p.parent for p in absolute]))
    return [p.relative_to(common).as_posix() for p in absolute]


def grade_reference(seconds: float) -> SubmissionReport:
    """The package's own functions, graded in this process (they are trusted)."""
    return SubmissionReport("(reference)", {n: grade_function(n, reference_function(n), seconds) for n in EXERCISES})


def _shown(name: str) -> str:
    """A row id as the table shows it: as it is, or quoted and escaped when it holds spaces or control characters."""
    return name if re.fullmatch(r"[^\s\x00-\x1f\x7f-\x9f\"]+", name) else quote(name, 200)


def table(reports: list[SubmissionReport], book: Gradebook | None = None) -> str:
    """One line per submission: the score of each assignment notebook, the total, the grade; then notes and flags."""
    book = book or Gradebook()
    header = ["submission"] + [f"{nb[:2]} /{len(names)}" for nb, names in NOTEBOOKS.items()]
    header += ["a5 share", f"total /{len(EXERCISES) + 1}", "grade %"]
    rows = []
    for r in reports:
        cells = [_shown(r.name)]
        cells += [f"{sum(r.reports[n].score for n in names):.2f}" for names in NOTEBOOKS.values()]
        cells += [_a5_cell(r), f"{r.total:.2f}", f"{_grade(r, book)[0]:.1f}"]
        rows.append(cells)
    widths = [max(len(row[i]) for row in [header] + rows) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=False)))
             for row in [header] + rows]
    for r in reports:
        lines += [f"note: {_shown(r.name)}: {note}" for note in _notes(r, book)]
        if r.flags:
            lines.append(f"flags: {_shown(r.name)}: {', '.join(r.flags)} (read its source; it was graded as usual)")
    return "\n".join(lines)


def _a5_cell(report: SubmissionReport) -> str:
    """a5's share and mark ("0.86 pass", "0.00 fail"), "-" without an a5 notebook (and for --reference)."""
    if report.a5 is None:
        return "-"
    return f"{report.a5.share:.2f} {'pass' if report.a5.passed else 'fail'}"


def _scores(report: SubmissionReport) -> dict[str, float]:
    """Every exercise's score, and a5's (0 without an a5 notebook; --reference's row has none)."""
    scores = {n: r.score for n, r in report.reports.items()}
    if report.name != "(reference)":
        scores[A5] = report.a5.score if report.a5 else 0.0
    return scores


def _grade(report: SubmissionReport, book: Gradebook) -> tuple[float, str]:
    return book.grade(report.name, _scores(report))


def _notes(report: SubmissionReport, book: Gradebook) -> list[str]:
    note = _grade(report, book)[1]
    return report.notes + ([note] if note and report.name != "(reference)" else [])


def csv_row(report: SubmissionReport, book: Gradebook) -> dict[str, str]:
    row = {"submission": report.name}
    row.update({n: f"{report.reports[n].score:.3f}" for n in EXERCISES})
    row[A5] = f"{report.a5.share:.3f}" if report.a5 else ""
    row["a5_mark"] = ("pass" if report.a5.passed else "fail") if report.a5 else "not handed in"
    row["total"] = f"{report.total:.3f}"
    row["grade"] = f"{_grade(report, book)[0]:.1f}"
    row["flags"] = "; ".join(report.flags)
    row["notes"] = "; ".join(_notes(report, book))
    return row


def csv_text(rows: list[dict[str, str]], book: Gradebook | None = None) -> str:
    """The CSV: the rows as they are, their grade recomputed with ``book`` from their exercise columns."""
    book = book or Gradebook()
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        try:
            scores = {n: float(row[n]) for n in EXERCISES}
            scores[A5] = grade_score(float(row.get(A5) or 0.0))
        except (KeyError, ValueError, TypeError):
            writer.writerow(row)
            continue
        grade, note = book.grade(row["submission"], scores)
        notes = [n for n in (row.get("notes") or "").split("; ") if n and not n.startswith(WRITTEN_NOTE)]
        writer.writerow({**row, "grade": f"{grade:.1f}", "notes": "; ".join(notes + ([note] if note else []))})
    return out.getvalue()


def read_rows(path: str) -> list[dict[str, str]]:
    """The rows of a CSV this command wrote (for --resume); [] when it does not exist yet."""
    if not os.path.exists(path):
        return []
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            rows = list(reader)
            columns = reader.fieldnames or []
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ConfigError(
            f"--resume: cannot read {path!r} ({type(exc).__name__}); give the CSV this command wrote"
        ) from None
    if columns[:1] != ["submission"] or not set(EXERCISES) <= set(columns):
        raise ConfigError(
            f"--resume: {path!r} was not written by this command (its columns differ); give another --csv"
        )
    return rows


def _write_feedback(folder: Path, report: SubmissionReport, book: Gradebook, taken: set[str]) -> None:
    text = feedback_text(report.name, report.reports, _notes(report, book), _grade(report, book)[0],
                         a5=report.a5.text if report.a5 else None)
    with atomic_write(folder / file_name(report.name, taken), "w") as f:
        f.write(text)


def run(args) -> int:
    paths = _check_inputs(args)
    book = read_gradebook(args.gradebook, [*EXERCISES, A5]) if args.gradebook else Gradebook()
    ids = row_ids(paths)
    kept = read_rows(args.csv) if args.resume else []
    done = {row["submission"] for row in kept}
    todo = [(path, name) for path, name in zip(paths, ids, strict=True) if name not in done]
    if kept:
        print(f"{len(paths) - len(todo)} of {len(paths)} submissions are already in {args.csv}; "
              f"grading the other {len(todo)}", file=sys.stderr)
    feedback = Path(args.feedback) if args.feedback else None
    if feedback is not None:
        feedback.mkdir(exist_ok=True)
    taken = {"class_summary.txt"}
    reports = []
    rows = list(kept)
    if args.reference:
        reports.append(grade_reference(args.timeout))
    try:
        for i, (path, name) in enumerate(todo, start=1):
            print(f"grading {i}/{len(todo)}: {_shown(name)}", file=sys.stderr, flush=True)
            report = grade_submission(path, list(EXERCISES), args.timeout, name=name, memory=args.memory_bytes)
            reports.append(report)
            rows.append(csv_row(report, book))
            if args.csv:
                with atomic_write(args.csv, "w") as f:  # every finished row is on disk
                    f.write(csv_text(rows, book))
            if feedback is not None:
                _write_feedback(feedback, report, book, taken)
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM / SIGHUP (_stop)
        graded = len(reports) - bool(args.reference)
        where = ""
        if args.csv:
            where = f"; their rows are in {args.csv}: run the same command with --resume to grade the rest"
        what = f"stopped by {signal.Signals(_STOPPED_BY[0]).name}" if _STOPPED_BY else "interrupted"
        print(f"\n{what}: {graded} of {len(todo)} submissions graded{where}", file=sys.stderr)
        return 128 + _STOPPED_BY[0] if _STOPPED_BY else 130
    if args.verbose:
        for r in reports:
            print(f"== {_shown(r.name)}")
            print("\n".join(format_report(r.reports[n]) for n in EXERCISES))
            if r.a5 is not None:
                print(r.a5.text)
            print()
    print(table(reports, book))
    if args.csv:
        with atomic_write(args.csv, "w") as f:
            f.write(csv_text(rows, book))
        print(f"wrote {args.csv}")
    if feedback is not None:
        with atomic_write(feedback / "class_summary.txt", "w") as f:
            f.write(class_summary([r.reports for r in reports if r.name != "(reference)"]))
        print(f"wrote {len(todo)} feedback files and class_summary.txt in {args.feedback}")
    if args.reference and reports[0].total < len(EXERCISES):
        return error_line("the package's reference functions fail some checks; this is a bug, please report it", 1)
    return 0


def _stop(signum, frame):
    _STOPPED_BY.append(signum)
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    previous = {}
    if __name__ == "__main__":  # the command: SIGTERM and SIGHUP stop it like Ctrl-C, keeping the finished rows
        for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if signum is not None:
                previous[signum] = signal.signal(signum, _stop)
    try:
        return run(args)
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except (Word2VecError, OSError) as exc:
        return user_error(exc, debug=False)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


if __name__ == "__main__":
    sys.exit(main())
