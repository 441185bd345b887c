"""The command ``python -m word2vec_np.train [CORPUS] [options]``.

With no CORPUS it trains on the bundled toy world (``word2vec_np/data/small.txt``)
and shows nearest neighbours and analogies whose answers are known by
construction. With a file (plain, ``.gz`` or ``.bz2``; one sentence per line)
it trains on that. ``text8`` names the standard corpus, downloaded once into
the cache. Mistakes in the input are reported as one ``error:`` line and exit
code 2 (add ``--debug`` for the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from dataclasses import fields
from pathlib import Path

from . import corpus as corpus_mod
from .errors import ConfigError, Word2VecError
from .training import ARCHITECTURES, METHODS, OBJECTIVES, EpochReport, TrainConfig
from .word2vec import BUNDLED_CORPUS, Word2Vec

BUNDLED_ANALOGIES = BUNDLED_CORPUS.parent / "small_analogies.txt"
DEFAULTS = TrainConfig()


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m word2vec_np.train",
        description="Train word2vec embeddings: skip-gram or CBOW; softmax, hierarchical softmax or negative sampling.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    p.add_argument(
        "corpus",
        nargs="?",
        default=None,
        help="text file, one sentence per line (.gz/.bz2 fine); 'text8' downloads the standard corpus; "
        "none: the bundled toy corpus",
    )
    p.add_argument("--arch", choices=ARCHITECTURES, default=DEFAULTS.arch, help="skip-gram or CBOW")
    p.add_argument(
        "--objective",
        choices=OBJECTIVES,
        default=DEFAULTS.objective,
        help="full softmax, hierarchical softmax or negative sampling",
    )
    p.add_argument("--dim", type=int, default=DEFAULTS.dim, help="embedding dimension D")
    p.add_argument("--window", type=int, default=DEFAULTS.window, help="largest context half-width")
    p.add_argument("--negative", type=int, default=DEFAULTS.negative, help="negative samples per example (NS)")
    p.add_argument("--ns-power", type=float, default=DEFAULTS.ns_power, help="noise distribution is count**power")
    p.add_argument(
        "--sample",
        type=float,
        default=DEFAULTS.sample,
        help="subsampling threshold t for frequent words (0 turns it off)",
    )
    p.add_argument("--min-count", type=int, default=DEFAULTS.min_count, help="drop words seen fewer times")
    p.add_argument("--max-vocab-size", type=int, default=None, help="keep only the N most frequent words")
    p.add_argument("--epochs", type=int, default=DEFAULTS.epochs, help="passes over the corpus")
    p.add_argument(
        "--alpha",
        type=float,
        default=None,
        help="starting learning rate (default: 0.025 for skip-gram, 0.05 for CBOW)",
    )
    p.add_argument("--min-alpha", type=float, default=None, help="final learning rate (default: alpha * 1e-4)")
    p.add_argument("--seed", type=int, default=DEFAULTS.seed, help="random seed; the same seed gives the same vectors")
    p.add_argument(
        "--batch-size",
        type=int,
        default=DEFAULTS.batch_size,
        help="centre words per batch (fast method) or examples per batch (minibatch method)",
    )
    p.add_argument(
        "--method",
        choices=METHODS,
        default=DEFAULTS.method,
        help="how updates are applied: one example at a time, exact minibatches, or shared-negative "
        "kernels (see docs/performance.md)",
    )
    p.add_argument(
        "--cbow-gradient",
        choices=("c_tool", "exact"),
        default=DEFAULTS.cbow_gradient,
        help="CBOW: undivided error to every context vector (C tool) or the exact 1/C gradient",
    )
    p.add_argument("--output", "-o", default=None, help="save to PATH: .txt/.bin (C tool formats) or .npz (full model)")
    p.add_argument("--quiet", "-q", action="store_true", help="print only the summary, no progress bar")
    p.add_argument("--debug", action="store_true", help="show the full traceback on errors")
    return p


def config_from_args(args: argparse.Namespace) -> TrainConfig:
    names = {f.name for f in fields(TrainConfig)}
    return TrainConfig(**{k: v for k, v in vars(args).items() if k in names})


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return run(args)
    except KeyboardInterrupt:
        print("\ninterrupted: nothing was saved", file=sys.stderr)
        return 130
    except (Word2VecError, OSError) as exc:
        if args.debug:
            traceback.print_exc()
        print(f"error: {exc}", file=sys.stderr)
        return 2


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args).resolved()
    bundled = args.corpus is None
    path = BUNDLED_CORPUS if bundled else _resolve(args.corpus, args.quiet)
    if args.output is not None:
        _check_output(Path(args.output), Path(path))
    say = (lambda *a: None) if args.quiet else print

    t0 = time.perf_counter()
    vocab, encoded = corpus_mod.load(path, min_count=config.min_count, max_vocab_size=config.max_vocab_size)
    print(f"corpus     {path}")
    print(
        f"vocabulary {len(vocab):,} words (min count {config.min_count}); "
        f"{encoded.n_raw_words:,} tokens read, {len(encoded.ids):,} training words "
        f"in {len(encoded.offsets) - 1:,} sentences ({time.perf_counter() - t0:.1f} s)"
    )
    print(
        f"training   {config.arch} with {_objective_name(config)}, dim {config.dim}, window {config.window}, "
        f"{config.epochs} epochs, alpha {config.alpha:g}, method {config.method}"
    )

    def on_epoch(r: EpochReport) -> None:
        print(
            f"  epoch {r.epoch}/{r.epochs}  loss {r.mean_loss:.4f}  {r.examples:,} examples  "
            f"{r.seconds:.1f} s  {r.words / max(r.seconds, 1e-9):,.0f} words/s"
        )

    t1 = time.perf_counter()
    model = Word2Vec.train((vocab, encoded), config, callbacks=[on_epoch], quiet=args.quiet)
    seconds = time.perf_counter() - t1
    words = sum(model.history.epoch_words)
    print(f"trained in {seconds:.1f} s ({words / max(seconds, 1e-9):,.0f} words/s)")

    if args.output is not None:
        model.save(args.output)
        print(f"saved      {args.output}")
    show_neighbours(model, _probe_words(model, bundled))
    if bundled:
        show_analogies(model, BUNDLED_ANALOGIES)
    say("")
    return 0


def show_neighbours(model: Word2Vec, words: list[str], topn: int = 5) -> None:
    print("\nnearest neighbours (cosine similarity):")
    for w in words:
        near = ", ".join(f"{n} {s:.2f}" for n, s in model.vectors.most_similar(w, topn=topn))
        print(f"  {w:>12}: {near}")


def show_analogies(model: Word2Vec, path: Path, per_section: int = 2) -> None:
    """Print a few analogies per section of the bundled analogy file, with their scores."""
    from .evaluate import evaluate_analogies, read_analogies

    questions = read_analogies(path)
    shown: dict[str, int] = {}
    print("\nanalogies a : b :: c : ?  (answer and its 3CosAdd score)")
    for section, a, b, c, d in questions:
        if shown.get(section, 0) >= per_section or not all(w in model.vectors for w in (a, b, c)):
            continue
        shown[section] = shown.get(section, 0) + 1
        ((answer, score),) = model.vectors.analogy(a, b, c, topn=1)
        mark = "ok" if answer == d else f"expected {d}"
        print(f"  {a} : {b} :: {c} : {answer} ({score:.2f})  {mark}")
    result = evaluate_analogies(model.vectors, questions)
    print(f"planted analogies answered: {result.correct}/{result.total} ({100 * result.accuracy:.1f}%)")


def _probe_words(model: Word2Vec, bundled: bool) -> list[str]:
    """Words to show neighbours for: one planted word per analogy section on the toy
    corpus; otherwise words of a few frequency ranks (the very top is mostly function words)."""
    words = model.vocab.words
    if bundled and BUNDLED_ANALOGIES.exists():
        from .evaluate import read_analogies

        first_of_section: dict[str, str] = {}
        for section, a, *_ in read_analogies(BUNDLED_ANALOGIES):
            if a in model.vectors:
                first_of_section.setdefault(section, a)
        if first_of_section:
            return list(first_of_section.values())[:6]
    ranks = [r for r in (10, 25, 50, 100, 200, 400) if r < len(words)]
    return [words[r] for r in ranks] or list(words[:5])


def _objective_name(config: TrainConfig) -> str:
    if config.objective == "ns":
        return f"negative sampling (k={config.negative}, power {config.ns_power:g})"
    return {"hs": "hierarchical softmax", "softmax": "full softmax"}[config.objective]


def _resolve(corpus: str, quiet: bool) -> Path:
    """A local path, or a known dataset name (e.g. text8) fetched into the cache."""
    if os.path.exists(corpus):
        return Path(corpus)
    from . import datasets

    return Path(datasets.resolve_corpus(corpus))


def _check_output(output: Path, corpus: Path) -> None:
    from .atomic import check_writable

    if output.suffix.lower() not in (".txt", ".bin", ".npz"):
        raise ConfigError(f"cannot tell the format of --output {str(output)!r}; end the name with .txt, .bin or .npz")
    if output.exists() and corpus.exists() and output.resolve() == corpus.resolve():
        raise ConfigError(f"--output {str(output)!r} is the corpus itself; choose another file name")
    check_writable(output)


if __name__ == "__main__":
    sys.exit(main())
