"""``python -m word2vec_np.phrases``: learn the phrases of a corpus and write it rewritten with them.

``python -m word2vec_np.phrases IN OUT [--min-count 5] [--threshold 100]
[--delta D] [--passes 1] [--max-pairs N] [--top 20] [--quiet] [--debug]``
learns the phrases of IN, prints the best ones with their scores and writes
IN rewritten to OUT (atomically; ``.gz`` / ``.bz2`` in OUT's name compress
it), one sentence per line. ``--threshold`` takes one value, or one per pass
(``--threshold 200 100`` runs two passes). Mistakes are reported as one
``error:`` line and exit code 2, as by ``python -m word2vec_np.train``.

The phrase learner itself is :mod:`word2vec_np.text.phrases`.
"""

from __future__ import annotations

import argparse
import sys
import time

from .cli import CommandParser, user_error
from .compat.ctool import WORD2PHRASE, translate
from .errors import ConfigError, Word2VecError
from .text.corpus import _check_corpus_path
from .text.phrases import (
    DEFAULT_MAX_PAIRS,
    DEFAULT_MIN_COUNT,
    DEFAULT_THRESHOLD,
    PassReport,
    check_output,
    learn_phrases,
)


def build_parser() -> argparse.ArgumentParser:
    p = CommandParser(
        prog="python -m word2vec_np.phrases",
        description="Learn phrases (word pairs far more frequent than chance, as in word2vec's word2phrase) "
        "and write the corpus with each phrase joined into one token, e.g. new_york. "
        "score(a, b) = (count(ab) - delta) / (count(a) count(b)) * N, N the number of tokens.",
        epilog="word2phrase's flags work too: -train IN -output OUT -min-count N -threshold T -debug N.",
    )
    p.add_argument("input", help="text file, one sentence per line (.gz/.bz2 fine)")
    p.add_argument("output", help="where to write the rewritten corpus (.gz/.bz2 in the name compress it)")
    p.add_argument(
        "--min-count",
        type=int,
        default=DEFAULT_MIN_COUNT,
        help=f"ignore words and pairs seen fewer times (default: {DEFAULT_MIN_COUNT})",
    )
    p.add_argument(
        "--threshold",
        type=float,
        nargs="+",
        default=[DEFAULT_THRESHOLD],
        help=f"join pairs scoring above this; several values give one threshold per pass "
        f"(default: {DEFAULT_THRESHOLD:g})",
    )
    p.add_argument(
        "--delta", type=float, default=None, help="discount subtracted from count(ab) (default: the min count)"
    )
    p.add_argument(
        "--passes",
        type=int,
        default=None,
        help="passes over the corpus; pass k can join the phrases of pass k-1 (default: one per threshold)",
    )
    p.add_argument(
        "--max-pairs",
        type=int,
        default=DEFAULT_MAX_PAIRS,
        help=f"prune the pair counts whenever they exceed this many entries (default: {DEFAULT_MAX_PAIRS})",
    )
    p.add_argument("--top", type=int, default=20, help="how many phrases to print (default: 20)")
    p.add_argument("--quiet", "-q", action="store_true", help="print only the summary line")
    p.add_argument("--debug", action="store_true", help="show the full traceback on errors")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    try:  # word2phrase's spelling (-train IN -output OUT -threshold 200 ...) becomes ours
        argv = translate(argv, WORD2PHRASE, parser)
    except ConfigError as exc:
        return user_error(exc, debug=False)
    args = parser.parse_args(argv)
    try:
        return run(args)
    except KeyboardInterrupt:
        print("\ninterrupted: nothing was written", file=sys.stderr)
        return 130
    except (Word2VecError, OSError) as exc:
        return user_error(exc, args.debug)


def run(args: argparse.Namespace) -> int:
    say = (lambda *a: None) if args.quiet else print
    passes = args.passes if args.passes is not None else len(args.threshold)
    threshold = args.threshold[0] if len(args.threshold) == 1 else args.threshold
    if args.top < 0:
        raise ConfigError(f"--top must be >= 0, got {args.top}")
    in_path = _check_corpus_path(args.input)
    check_output(args.output, in_path)

    def on_pass(r: PassReport) -> None:
        pruned = f", pruned (floor {r.prune_floor})" if r.prune_floor else ""
        say(
            f"pass {r.pass_number}: {r.total_words:,} words, {r.distinct_pairs:,} distinct pairs{pruned}; "
            f"{r.n_phrases:,} {'pair scores' if r.n_phrases == 1 else 'pairs score'} above {r.threshold:g}"
        )

    t0 = time.perf_counter()
    say(f"corpus     {in_path}")
    table = learn_phrases(
        in_path,
        min_count=args.min_count,
        threshold=threshold,
        delta=args.delta,
        passes=passes,
        max_pairs=args.max_pairs,
        on_pass=on_pass,
    )
    best = table.top(args.top)
    if best:
        formula = f"(count(ab) - {table.delta:g}) / (count(a) count(b)) * N"
        say(f"\nphrases (best {len(best)} of {len(table)}; score = {formula})")
        width = max(len(p.token) for p in best)
        for p in best:
            say(f"  {p.token:<{width}}  {p.score:10.1f}   pass {p.pass_number}, {p.count:,} times")
        say("")
    written = table.apply_file(in_path, args.output)
    print(
        f"wrote      {args.output}: {written.n_sentences:,} sentences, {written.words_out:,} tokens "
        f"({written.joins:,} of them phrases, {written.distinct_joins:,} distinct) in {time.perf_counter() - t0:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
