"""The gradebook: exercise weights and the written questions' marks, in one file the teacher edits.

The file is INI (Python's configparser, ``=`` only, names kept as written)::

    # grades.ini: lines starting with # or ; are comments
    [weights]
    # how much each exercise counts; an exercise not listed counts 1, 0 leaves it out
    softmax = 1
    hs_loss_and_grads = 3
    a5 = 4

    [written]
    # the written questions: what the marks are out of, and how much they count
    # in the final grade, in the same units as the weights
    out_of = 20
    weight = 6

    [marks]
    # one line per submission: its row id (the first column of the CSV) = its mark
    ada = 17
    bob/a1_onehot_network.ipynb = 12.5

The final grade of a row, in percent, is

    100 * (sum of weight * exercise score + written weight * mark / out_of) / (sum of weights + written weight)

where an exercise's score runs from 0 to 1 (judge.ExerciseReport.score),
assignment a5 is weighted as ``a5`` like an exercise (its score is the share of
planted analogies over the 70% mark, at most 1: training.grade_score; 0
without an a5 notebook), and a row without a mark gets 0 for the written part (and a note). Without a
gradebook every exercise weighs 1 and there is no written part.
"""

from __future__ import annotations

import configparser
import math
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import ConfigError


@dataclass
class Gradebook:
    """Weights per exercise (missing: 1), the written part's weight and scale, and marks by row id."""

    weights: dict[str, float] = field(default_factory=dict)
    written_weight: float = 0.0
    out_of: float = 1.0
    marks: dict[str, float] = field(default_factory=dict)

    def weight(self, exercise: str) -> float:
        return self.weights.get(exercise, 1.0)

    def grade(self, row: str, scores: dict[str, float]) -> tuple[float, str]:
        """The final grade in percent of the row ``row`` with exercise ``scores`` (0 to 1), and a note or ""."""
        note = ""
        points = sum(self.weight(name) * score for name, score in scores.items())
        total = sum(self.weight(name) for name in scores) + self.written_weight
        if self.written_weight:
            mark = self.marks.get(row)
            if mark is None:
                note = "no written mark in the gradebook: the written part counts 0"
                mark = 0.0
            points += self.written_weight * mark / self.out_of
        return (100.0 * points / total if total else 0.0), note


def _number(text: str, where: str, *, low: float = 0.0, high: float = math.inf) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ConfigError(f"{where} must be a number, got {text!r}; fix the gradebook") from None
    if not (math.isfinite(value) and low <= value <= high):
        upper = "" if high == math.inf else f" and at most {high:g}"
        raise ConfigError(f"{where} must be at least {low:g}{upper}, got {text!r}; fix the gradebook")
    return value


def read_gradebook(path: str | Path, exercises: list[str]) -> Gradebook:
    """Read the gradebook at ``path`` (the module's docstring gives the format); ConfigError names any mistake."""
    path = Path(path)
    parser = configparser.ConfigParser(delimiters=("=",), comment_prefixes=("#", ";"), interpolation=None)
    parser.optionxform = str  # row ids keep their case
    try:
        with open(path, encoding="utf-8") as f:
            parser.read_file(f)
    except FileNotFoundError:
        raise ConfigError(f"gradebook {str(path)!r} does not exist; check the path") from None
    except (configparser.Error, UnicodeDecodeError) as exc:
        raise ConfigError(f"gradebook {str(path)!r} is not a valid INI file: {' '.join(str(exc).split())}") from None
    unknown = set(parser.sections()) - {"weights", "written", "marks"}
    if unknown:
        raise ConfigError(
            f"gradebook {str(path)!r} has a section [{sorted(unknown)[0]}]; "
            "the sections are [weights], [written], [marks]"
        )
    book = Gradebook()
    if parser.has_section("weights"):
        for name, value in parser.items("weights"):
            if name not in exercises:
                raise ConfigError(
                    f"gradebook {str(path)!r}: [weights] names {name!r}, which is not an exercise; "
                    f"the exercises are: {', '.join(exercises)}"
                )
            book.weights[name] = _number(value, f"gradebook {str(path)!r}: the weight of {name}")
    if parser.has_section("written"):
        written = dict(parser.items("written"))
        extra = set(written) - {"out_of", "weight"}
        if extra:
            raise ConfigError(
                f"gradebook {str(path)!r}: [written] holds out_of and weight only, not {sorted(extra)[0]!r}"
            )
        book.written_weight = _number(written.get("weight", "0"), f"gradebook {str(path)!r}: [written] weight")
        book.out_of = _number(written.get("out_of", "1"), f"gradebook {str(path)!r}: [written] out_of", low=1e-9)
    if parser.has_section("marks"):
        if not book.written_weight:
            raise ConfigError(
                f"gradebook {str(path)!r} has [marks] but no [written] weight; give the written part's weight"
            )
        for row, value in parser.items("marks"):
            book.marks[row] = _number(value, f"gradebook {str(path)!r}: the mark of {row}", high=book.out_of)
    return book
