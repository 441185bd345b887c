"""``python -m word2vec_np.evaluate``: score vectors on analogies and word-pair similarities.

    python -m word2vec_np.evaluate vectors.bin --analogies questions-words.txt --pairs wordsim353.tsv

prints the analogy accuracy per section (and overall, with the skipped questions
counted as wrong too) and the Spearman and Pearson correlations of the word
pairs; ``--json`` prints the same as one JSON object. With neither
``--analogies`` nor ``--pairs`` the small files bundled with word2vec_np are
used. Mistakes are reported as one ``error:`` line and exit code 2, as by
``python -m word2vec_np.train``.

The evaluation itself is :mod:`word2vec_np.vectors.evaluation`.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .cli import CommandParser, one_line_warnings, stdout_closed, user_error
from .errors import ConfigError, CorpusNotFoundError, Word2VecError
from .text.datasets import resolve_corpus
from .vectors.evaluation import (
    BUNDLED_ANALOGIES,
    BUNDLED_PAIRS,
    AnalogyResult,
    PairResult,
    evaluate_analogies,
    evaluate_word_pairs,
    read_analogies,
    read_word_pairs,
)
from .vectors.files import load_vectors
from .vectors.vectors import Vectors


def build_parser() -> argparse.ArgumentParser:
    p = CommandParser(
        prog="python -m word2vec_np.evaluate",
        description="Evaluate word vectors on analogy questions and word-pair similarity scores. "
        "With neither --analogies nor --pairs, the small files bundled with word2vec_np are used.",
    )
    p.add_argument("vectors", metavar="VECTORS", help="vectors file: .txt or .bin (word2vec formats) or .npz")
    p.add_argument(
        "--analogies",
        metavar="FILE",
        help="analogy questions (': section' and 'a b c d' lines); 'questions-words' downloads the standard file once",
    )
    p.add_argument("--pairs", metavar="FILE", help="word pairs with human scores ('word1 word2 score' lines)")
    p.add_argument(
        "--pairs-column",
        metavar="COLUMN",
        default=None,
        help="the column of --pairs holding the scores: a header name or a number from 1 (default: the third "
        "of three, or SimLex-999's and WordSim-353's score column by its header)",
    )
    p.add_argument(
        "--restrict-vocab",
        metavar="N",
        type=int,
        default=None,
        help="only the N most frequent words are candidates and count as known (default: all)",
    )
    p.add_argument(
        "--method",
        choices=("3cosadd", "3cosmul"),
        default="3cosadd",
        help="analogy method (default: 3cosadd)",
    )
    p.add_argument(
        "--case-sensitive", action="store_true", help="compare words as written (default: ignore case)"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    p.add_argument("--debug", action="store_true", help="show a traceback on errors")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """The ``python -m word2vec_np.evaluate`` command; returns the exit code (0 ok, 2 bad input)."""
    args = build_parser().parse_args(argv)
    try:
        with one_line_warnings():
            report = run(args)
    except (Word2VecError, OSError) as exc:
        return user_error(exc, args.debug, _message(exc))
    except KeyboardInterrupt as exc:
        return user_error(exc, args.debug, "interrupted", code=130)
    try:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) if args.json else report.to_text())
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (`... | head`)
        return stdout_closed()
    return 0


def _message(exc: BaseException) -> str:
    """Ours say it all; the operating system's name the file."""
    if isinstance(exc, Word2VecError):
        return str(exc)
    return f"cannot read {exc.filename!r}: {exc.strerror or exc}"


def run(args: argparse.Namespace) -> Report:
    """Evaluate what the command line asks for."""
    if args.restrict_vocab is not None and args.restrict_vocab < 1:
        raise ConfigError(f"--restrict-vocab must be a positive number, not {args.restrict_vocab}")
    analogies_path, pairs_path = args.analogies, args.pairs
    if args.pairs_column is not None and pairs_path is None:
        raise ConfigError("--pairs-column says which column of --pairs holds the scores; give --pairs FILE too")
    if analogies_path is None and pairs_path is None:
        for bundled in (BUNDLED_ANALOGIES, BUNDLED_PAIRS):
            if not bundled.is_file():
                raise CorpusNotFoundError(
                    f"the bundled evaluation file {str(bundled)!r} is missing from this installation; "
                    "pass --analogies FILE and/or --pairs FILE"
                )
        analogies_path, pairs_path = str(BUNDLED_ANALOGIES), str(BUNDLED_PAIRS)
    if analogies_path is not None:  # "questions-words" names the standard file, fetched once
        analogies_path = str(resolve_corpus(analogies_path))
    # Read the question files first: a typo there should not cost the time of loading the vectors.
    questions = read_analogies(analogies_path) if analogies_path is not None else None
    pairs = read_word_pairs(pairs_path, column=args.pairs_column) if pairs_path is not None else None
    vectors = load_vectors(args.vectors, limit=args.restrict_vocab)  # the rows after the N-th are never read
    case_insensitive = not args.case_sensitive
    analogies = pair_result = None
    if questions is not None:
        analogies = (
            str(analogies_path),
            evaluate_analogies(vectors, questions, args.restrict_vocab, args.method, case_insensitive),
        )
    if pairs is not None:
        pair_result = (
            str(pairs_path),
            evaluate_word_pairs(vectors, pairs, args.restrict_vocab, case_insensitive),
        )
    return Report(str(args.vectors), vectors, analogies, pair_result)


@dataclass(frozen=True)
class Report:
    """What the command evaluated: the vectors and, for each file given, (path, result)."""

    vectors_path: str
    vectors: Vectors
    analogies: tuple[str, AnalogyResult] | None
    pairs: tuple[str, PairResult] | None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "vectors": {"path": self.vectors_path, "words": len(self.vectors), "dim": self.vectors.dim}
        }
        if self.analogies is not None:
            out["analogies"] = {"path": self.analogies[0], **self.analogies[1].to_dict()}
        if self.pairs is not None:
            out["pairs"] = {"path": self.pairs[0], **self.pairs[1].to_dict()}
        return out

    def to_text(self) -> str:
        lines = [f"vectors: {self.vectors_path} ({len(self.vectors)} words, dimension {self.vectors.dim})"]
        if self.analogies is not None:
            lines += _analogy_lines(*self.analogies)
        if self.pairs is not None:
            lines += _pair_lines(*self.pairs)
        return "\n".join(lines)


def _analogy_lines(path: str, res: AnalogyResult) -> list[str]:
    """The analogy table: one row per section, then overall."""
    restrict = "all words" if res.restrict_vocab is None else f"the {res.restrict_vocab} most frequent words"
    name = "3CosAdd" if res.method == "3cosadd" else "3CosMul"
    lines = [f"analogies: {path} ({name}, candidates: {restrict})"]
    width = max([len("overall"), *(len(s.name) for s in res.sections)])
    lines.append(f"  {'section':<{width}}  accuracy  correct/answered  skipped (OOV)")
    for s in (*res.sections, res.overall):
        counts = f"{s.correct}/{s.total}"
        lines.append(f"  {s.name:<{width}}    {_pct(s.accuracy)}  {counts:>16}  {s.skipped:>13}")
    lines.append(
        f"  overall accuracy counting the {res.skipped} skipped questions as wrong: "
        f"{_pct(res.accuracy_with_skipped).strip()}"
    )
    return lines


def _pair_lines(path: str, pr: PairResult) -> list[str]:
    return [
        f"word pairs: {path}",
        f"  Spearman {_corr(pr.spearman)}  Pearson {_corr(pr.pearson)}  "
        f"({pr.n_pairs} pairs, {pr.n_oov} skipped as out of vocabulary)",
    ]


def _pct(x: float) -> str:
    return "   n/a" if not math.isfinite(x) else f"{100 * x:5.1f}%"


def _corr(x: float) -> str:
    return "n/a" if not math.isfinite(x) else f"{x:.4f}"


if __name__ == "__main__":
    sys.exit(main())
