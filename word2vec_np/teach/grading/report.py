"""Reports as text: one exercise for a learner, a table for a class, rows for a CSV file.

Only fixed sentences, the learner's own error messages and counts of checks
appear: never a value computed by the reference.
"""

from __future__ import annotations

from .judge import ExerciseReport

MARK = {"pass": "pass", "fail": "FAIL", "skipped": "skip", "not implemented": "todo"}


def format_report(report: ExerciseReport) -> str:
    """The report of one exercise, as the notebook prints it."""
    name = report.exercise
    if report.state == "not implemented":
        return f"{name}: not implemented yet (replace the `raise NotImplementedError` under # YOUR CODE HERE)"
    if report.state == "missing":
        return f"{name}: not implemented yet ({report.note})"
    if report.state == "error":
        return f"{name}: could not be graded: {report.note}"
    lines = [f"{name}: {report.passed} of {len(report.checks)} checks pass"]
    agree = report.values_agree
    for check in report.checks:
        unearned = check.status == "pass" and check.needs_values and not agree
        lines.append(f"  {MARK[check.status]:4}  {check.name}" + (" (earns credit once the values agree)" * unearned))
        if check.hint:
            lines.append(f"        hint: {check.hint}")
    if report.passed == len(report.checks):
        lines[0] += ". Well done."
    if report.printed:
        lines.append("  (your function printed something; printing is ignored by the grader)")
    return "\n".join(lines)
