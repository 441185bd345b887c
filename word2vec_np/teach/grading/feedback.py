"""Feedback for learners, one plain-text file per submission, and a summary of the class for the teacher.

A learner's file lists each exercise, each of its checks (passed, not passed
yet, not checked yet) with its hint, in plain words; like the reports, it
holds only fixed sentences, the hints and the learner's own (quoted) error
messages: never an expected number. The class summary lists, per exercise,
how many submissions passed it fully and the checks and hints that failed
most often (what to go over in class).

The reports are read defensively (``getattr`` with defaults), so new fields
of ExerciseReport or Check change nothing here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

STATUS = {
    "pass": "passed",
    "fail": "not passed yet",
    "skipped": "not checked yet",
    "not implemented": "not implemented yet",
}


def file_name(row: str, taken: set[str]) -> str:
    """A file name for the row id ``row`` (folders joined by "--"), unique among ``taken``, which it joins."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", row.replace("/", "--").replace("\\", "--")).strip("._") or "submission"
    name, n = f"{stem}.txt", 1
    while name.lower() in taken:
        n += 1
        name = f"{stem}-{n}.txt"
    taken.add(name.lower())
    return name


def _exercise_lines(report) -> list[str]:
    name = getattr(report, "exercise", "?")
    state = getattr(report, "state", "graded")
    note = getattr(report, "note", "")
    if state in ("not implemented", "missing"):
        return [f"{name}: not implemented yet. Write the function, run its check in the notebook, "
                "and hand it in again."]
    if state == "error":
        return [f"{name}: could not be graded: {note}"]
    checks = list(getattr(report, "checks", ()))
    passed = sum(getattr(c, "status", "") == "pass" for c in checks)
    if checks and passed == len(checks):
        head = f"{name}: all {len(checks)} checks passed. Well done."
    else:
        head = f"{name}: {passed} of {len(checks)} checks passed."
    lines = [head]
    for check in checks:
        status = getattr(check, "status", "")
        lines.append(f"  - {getattr(check, 'name', '?')}: {STATUS.get(status, status)}")
        hint = getattr(check, "hint", "")
        if hint and status != "pass":
            lines.append(f"    what to look at: {hint}")
    if getattr(report, "printed", ""):
        lines.append("  (your function printed something; the grader ignores printing, you may remove it)")
    return lines


def feedback_text(row: str, reports: dict, notes: Sequence[str], grade: float | None = None,
                  a5: str | None = None) -> str:
    """The feedback file of one submission: its id, its grade, the grader's notes, every exercise, then a5.

    a5 : the report of a5's training run (the share of planted analogies and the mark), None without one.
    """
    lines = [f"Feedback on {row}", ""]
    if grade is not None:
        lines += [f"Grade: {grade:.1f} %", ""]
    if notes:
        lines.append("Notes from the grader:")
        lines += [f"  - {note}" for note in notes]
        lines.append("")
    lines += [
        "Each exercise below lists its checks. A check that is not passed yet comes with a hint: what to look",
        "at, never the expected numbers. Run the check in your notebook after each change.",
        "",
    ]
    for report in reports.values():
        lines += _exercise_lines(report)
        lines.append("")
    if a5 is not None:
        lines.append("a5, graded by training with your functions:")
        lines += ["  " + line.strip() for line in a5.strip().splitlines()]
        lines.append("")
    return "\n".join(lines)


def class_summary(all_reports: Sequence[dict], top: int = 5) -> str:
    """Per exercise: the submissions that tried it and passed it, and the failing checks and hints most common."""
    tried: Counter = Counter()
    full: Counter = Counter()
    failing: dict[str, Counter] = {}
    hints: dict[str, Counter] = {}
    order: list[str] = []
    for reports in all_reports:
        for name, report in reports.items():
            if name not in order:
                order.append(name)
            if getattr(report, "state", "graded") != "graded":
                continue
            tried[name] += 1
            checks = list(getattr(report, "checks", ()))
            if checks and all(getattr(c, "status", "") == "pass" for c in checks):
                full[name] += 1
            for check in checks:
                if getattr(check, "status", "") == "fail":
                    failing.setdefault(name, Counter())[getattr(check, "name", "?")] += 1
                    hint = getattr(check, "hint", "")
                    if hint:
                        hints.setdefault(name, Counter())[hint] += 1
    lines = [f"Class summary: {len(all_reports)} submissions", ""]
    for name in order:
        lines.append(f"{name}: tried by {tried[name]}, all checks passed by {full[name]}")
        if failing.get(name):
            lines.append("  checks failed most often:")
            lines += [f"    {count:3d} x {check}" for check, count in failing[name].most_common(top)]
        if hints.get(name):
            lines.append("  hints given most often:")
            lines += [f"    {count:3d} x {hint}" for hint, count in hints[name].most_common(top)]
        lines.append("")
    return "\n".join(lines)
