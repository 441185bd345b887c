"""The command ``python -m word2vec_np.train [CORPUS] [options]``.

With no CORPUS it trains on the bundled toy world (``word2vec_np/data/small.txt``),
with the demo's own window of 8 (``DEMO_SETTINGS``), and shows nearest
neighbours and analogies whose answers are known by construction. With a file
(plain, ``.gz`` or ``.bz2``; one sentence per line) it trains on that; several
files, a directory (its files in name order), a named pipe and ``-`` (standard
input) work too, because the corpus is read once. ``text8`` names the standard
corpus, downloaded once into the cache. Mistakes in the input are reported as
one ``error:`` line and exit code 2 (add ``--debug`` for the traceback);
docs/errors.md lists them all.

The original C tool's command lines work too (``-train FILE -output FILE -size
200 -cbow 1 ...``, with the C tool's defaults for what they leave out): they
are translated to the double-dash options by :mod:`word2vec_np.compat.ctool` before
parsing. ``--save-vocab`` / ``--read-vocab`` use the C tool's vocabulary file.

Nothing is lost: ``--checkpoint-every N`` saves the whole training state every
N words to ``--checkpoint PATH`` (default ``OUTPUT.ckpt.npz``); Ctrl-C (or SIGTERM,
or SIGHUP) finishes the current block, saves there and exits with code 130; ``--resume PATH``
continues to the same final vectors, bit for bit, as a run never stopped.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from dataclasses import dataclass, fields
from pathlib import Path

from .atomic import check_writable, same_file
from .cli import CommandParser, one_line_warnings, stdout_closed, user_error
from .compat.ctool import WORD2VEC, translate
from .engine.bookkeeping import finished_state
from .engine.checkpoint import TrainState, default_path, load_checkpoint, save_checkpoint
from .engine.config import ARCHITECTURES, METHODS, OBJECTIVES, RESUME_MAY_CHANGE, TrainConfig
from .engine.history import EpochReport
from .engine.interrupt import TrainingInterrupted
from .errors import ConfigError, CorpusNotFoundError, SaveError, Word2VecError
from .text import corpus as corpus_mod
from .text import sources
from .text.vocab import Vocab
from .text.vocab_file import load_vocab_file, save_vocab_file
from .vectors.files import VECTOR_FORMATS, vectors_format
from .vectors.tensorboard import save_tensorboard
from .word2vec import BUNDLED_CORPUS, Word2Vec, check_vocabulary, checkpoint_config

BUNDLED_ANALOGIES = BUNDLED_CORPUS.parent / "small_analogies.txt"
DEFAULTS = TrainConfig()
# The bundled demo's settings where they differ from the defaults (the C tool's): used
# when no CORPUS is given, for each option not given either. The toy world's sentence
# templates often put a word's pair contexts (king ... crown) six or seven words away,
# beyond a window of 5; a window of 8, as in the C tool's demo-word.sh, reaches them
# (docs/cli.md, "The bundled demo").
DEMO_SETTINGS = {"window": 8}


def build_parser() -> argparse.ArgumentParser:
    p = CommandParser(
        prog="python -m word2vec_np.train",
        description="Train word2vec embeddings: skip-gram or CBOW; softmax, hierarchical softmax or negative sampling.",
        epilog="The original C tool's flags work too, with its meanings and defaults (CBOW, text output): "
        "-train FILE -output FILE -size N -window N -sample T -hs 0/1 -negative K -threads N -iter N "
        "-min-count N -alpha A -binary 0/1 -cbow 0/1 -save-vocab FILE -read-vocab FILE -debug N. "
        "See docs/cli.md.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    for add_options in (
        _corpus_options,
        _model_options,
        _vocabulary_options,
        _schedule_options,
        _method_options,
        _file_options,
        _cache_options,
        _checkpoint_options,
        _reporting_options,
    ):
        add_options(p)
    return p


def _corpus_options(p: argparse.ArgumentParser) -> None:
    """What to train on."""
    p.add_argument(
        "corpus",
        nargs="*",
        default=None,
        help="text file(s), one sentence per line (.gz/.bz2 fine), a directory of them, a named pipe, or '-' "
        "for stdin; 'text8' downloads the standard corpus; none: the bundled toy corpus",
    )


def _model_options(p: argparse.ArgumentParser) -> None:
    """The model: architecture, objective, dimension, window, negative sampling."""
    p.add_argument("--arch", choices=ARCHITECTURES, default=DEFAULTS.arch, help="skip-gram or CBOW")
    p.add_argument(
        "--objective",
        choices=OBJECTIVES,
        default=DEFAULTS.objective,
        help="full softmax, hierarchical softmax or negative sampling",
    )
    p.add_argument("--dim", type=int, default=DEFAULTS.dim, help="embedding dimension D")
    p.add_argument(
        "--window",
        type=int,
        default=None,
        help=f"largest context half-width (default: {DEFAULTS.window}; "
        f"{DEMO_SETTINGS['window']} for the bundled toy corpus)",
    )
    p.add_argument("--negative", type=int, default=DEFAULTS.negative, help="negative samples per example (NS)")
    p.add_argument("--ns-power", type=float, default=DEFAULTS.ns_power, help="noise distribution is count**power")


def _vocabulary_options(p: argparse.ArgumentParser) -> None:
    """Which words train: subsampling and the vocabulary's size."""
    p.add_argument(
        "--sample",
        type=float,
        default=DEFAULTS.sample,
        help="subsampling threshold t for frequent words (0 turns it off)",
    )
    p.add_argument("--min-count", type=int, default=DEFAULTS.min_count, help="drop words seen fewer times")
    p.add_argument("--max-vocab-size", type=int, default=None, help="keep only the N most frequent words")


def _schedule_options(p: argparse.ArgumentParser) -> None:
    """How long and how fast: epochs, learning rate, seed."""
    p.add_argument("--epochs", type=int, default=DEFAULTS.epochs, help="passes over the corpus")
    p.add_argument(
        "--alpha",
        type=float,
        default=None,
        help="starting learning rate (default: 0.025 for skip-gram, 0.05 for CBOW)",
    )
    p.add_argument("--min-alpha", type=float, default=None, help="final learning rate (default: alpha * 1e-4)")
    p.add_argument("--seed", type=int, default=DEFAULTS.seed, help="random seed; the same seed gives the same vectors")


def _method_options(p: argparse.ArgumentParser) -> None:
    """How the updates are computed and applied: batches, kernels, CBOW's variants, worker processes."""
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
    p.add_argument(
        "--cbow-negatives",
        choices=("shared", "window"),
        default=DEFAULTS.cbow_negatives,
        help="CBOW with NS, fast method: k negatives shared by a set of 4 windows, or drawn per window (C tool)",
    )
    p.add_argument(
        "--workers",
        metavar="N",
        type=int,
        default=None,
        help=f"processes that train together, lock-free (the C tool's -threads); {DEFAULTS.workers} (the default; "
        "with --resume, the checkpoint's number) is deterministic, more are faster on more cores but vary from run "
        "to run",
    )


def _file_options(p: argparse.ArgumentParser) -> None:
    """The files written (vectors, the C tool's vocabulary file, TensorBoard's) and the vocabulary file read."""
    p.add_argument(
        "--output",
        "-o",
        default=None,
        help="save to PATH: .txt/.vec or .bin (C tool text or binary; + .gz/.bz2 compresses) or .npz (full model)",
    )
    p.add_argument(
        "--format",
        choices=VECTOR_FORMATS,
        default=None,
        help="write --output in the C tool's text or binary format whatever its suffix (default: by the suffix)",
    )
    p.add_argument(
        "--save-vocab",
        metavar="FILE",
        default=None,
        help="also write the vocabulary as the C tool does: 'word count' lines, most frequent first, '</s>' first",
    )
    p.add_argument(
        "--read-vocab",
        metavar="FILE",
        default=None,
        help="take the vocabulary (words and counts) from a file --save-vocab or the C tool wrote, "
        "instead of counting the corpus; --min-count still applies",
    )
    p.add_argument(
        "--tensorboard",
        metavar="PREFIX",
        default=None,
        help="also write PREFIX_tensor.tsv and PREFIX_metadata.tsv for the TensorBoard Embedding Projector",
    )


def _cache_options(p: argparse.ArgumentParser) -> None:
    """Where the encoded corpus is kept (word2vec_np.text.corpus_cache)."""
    p.add_argument(
        "--corpus-storage",
        choices=("auto", "memory", "disk"),
        default="auto",
        help=f"keep the encoded corpus in memory, or on disk read block by block (memory flat in the corpus "
        f"size); auto: in memory up to {corpus_mod.DISK_THRESHOLD_TOKENS:,} tokens, then on disk",
    )
    p.add_argument(
        "--cache",
        metavar="DIR",
        default=None,
        help="keep the encoded corpus on disk in DIR and reuse it in later runs while the corpus files and the "
        "vocabulary settings are the same (default: a private temporary directory, removed at the end)",
    )


def _storage(args: argparse.Namespace, state: TrainState | None = None) -> dict:
    """The on_disk and cache arguments of corpus.load / encode from --corpus-storage and --cache
    (resuming, the cache the checkpoint names when --cache is not given)."""
    on_disk = {"auto": None, "memory": False, "disk": True}[args.corpus_storage]
    cache = args.cache
    if cache is None and state is not None and on_disk is not False and isinstance(state.run.get("cache"), str):
        cache = state.run["cache"]
    if on_disk is False and cache is not None:
        raise ConfigError("--cache keeps the corpus on disk; leave out --corpus-storage memory, or --cache")
    return {"on_disk": on_disk, "cache": cache}


def _checkpoint_options(p: argparse.ArgumentParser) -> None:
    """Saving the training state, and resuming from it."""
    p.add_argument(
        "--checkpoint",
        metavar="PATH",
        default=None,
        help="where to save resumable training state (default: OUTPUT.ckpt.npz when --output is given; "
        "with --resume, the checkpoint resumed from)",
    )
    p.add_argument(
        "--checkpoint-every",
        metavar="N",
        type=int,
        default=None,
        help="save the checkpoint every N corpus words (counted before subsampling, over all epochs); "
        "without it the checkpoint is written only on Ctrl-C",
    )
    p.add_argument(
        "--resume",
        metavar="PATH",
        default=None,
        help="continue the run saved in this checkpoint (its corpus and settings are remembered; give --output "
        "again: a resumed run writes only the files its command line names)",
    )


def _reporting_options(p: argparse.ArgumentParser) -> None:
    """What is printed."""
    p.add_argument("--quiet", "-q", action="store_true", help="print only the summary, no progress bar")
    p.add_argument("--debug", action="store_true", help="show the full traceback on errors")


def config_from_args(args: argparse.Namespace, bundled: bool = False) -> TrainConfig:
    """The settings of the command line; an option left out (None) takes TrainConfig's default, or
    DEMO_SETTINGS' value when ``bundled`` (training on the bundled toy corpus)."""
    names = {f.name for f in fields(TrainConfig)}
    given = {k: v for k, v in vars(args).items() if k in names and v is not None}
    demo = {k: v for k, v in DEMO_SETTINGS.items() if k not in given} if bundled else {}
    return TrainConfig(**demo, **given)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    try:  # the C tool's spelling (-train FILE -size 200 -cbow 1 ...) becomes ours
        argv = translate(argv, WORD2VEC, parser, note=lambda m: print(f"note: {m}", file=sys.stderr))
    except ConfigError as exc:
        return user_error(exc, debug=False)
    args = parser.parse_args(argv)
    try:
        with one_line_warnings():
            code = run(args)
        sys.stdout.flush()  # a closed pipe is reported here, not at exit
        return code
    except TrainingInterrupted as exc:
        print(f"\ninterrupted: {exc}", file=sys.stderr)
        if exc.checkpoint is not None:
            print(f"resume with: {resume_command(exc.checkpoint, args.output, args.format)}", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("\ninterrupted: nothing was saved", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return stdout_closed()
    except (Word2VecError, OSError, MemoryError) as exc:
        return user_error(exc, args.debug, _message(exc))


def resume_command(checkpoint: str | os.PathLike, output: str | os.PathLike | None, fmt: str | None = None) -> str:
    """The command that continues a run from ``checkpoint`` and saves to ``output`` (if any), in ``fmt``."""
    command = f"python -m word2vec_np.train --resume {shlex.quote(str(checkpoint))}"
    command += f" --output {shlex.quote(str(output))}" if output is not None else ""
    return command + (f" --format {fmt}" if fmt is not None and output is not None else "")


def _message(exc: BaseException) -> str:
    """One sentence for an error: ours say it all; the operating system's get the file and advice."""
    if isinstance(exc, MemoryError):
        return "out of memory; lower --dim, --window or --batch-size, or raise --min-count to shrink the vocabulary"
    if isinstance(exc, OSError) and not isinstance(exc, Word2VecError):
        reason = exc.strerror or str(exc) or type(exc).__name__
        where = f" {exc.filename!r}" if exc.filename else ""
        return f"cannot read or write{where} ({reason}); check the path, its permissions and the free disk space"
    return str(exc)


@dataclass(frozen=True)
class _Trained:
    """A finished run, fresh or resumed, and what saving it needs: where to save, and, should the save
    fail, where to keep the model (``checkpoint``) with the corpus it was trained on."""

    model: Word2Vec
    seconds: float  # training time
    output: Path | None
    bundled: bool  # trained on the bundled toy corpus: show its planted analogies
    checkpoint: Path | None
    encoded: corpus_mod.Corpus
    corpus: str | list[str] | None  # what a checkpoint records (_recorded)


def run(args: argparse.Namespace) -> int:
    """Train (or resume) as the command line says, then save and show the result."""
    trained = _train_resumed(args) if args.resume is not None else _train_fresh(args)
    return _finish(trained, args.quiet, args.format, args.tensorboard)


def _train_fresh(args: argparse.Namespace) -> _Trained:
    """A new run: read the corpus (or the bundled one), count or read the vocabulary, train."""
    bundled = not args.corpus
    config = config_from_args(args, bundled).resolved()
    source = _source([str(BUNDLED_CORPUS)] if bundled else args.corpus, args.quiet)
    output = Path(args.output) if args.output is not None else None
    checkpoint = _checkpoint_path(args, output)
    _check_paths(args, source, output, checkpoint)

    storage = _storage(args)
    t0 = time.perf_counter()
    if args.read_vocab is not None:
        counts = load_vocab_file(args.read_vocab)
        vocab = Vocab.from_counts(counts, min_count=config.min_count, max_vocab_size=config.max_vocab_size)
        check_vocabulary(vocab, args.read_vocab, config)
        encoded = corpus_mod.encode(source, vocab, **storage)
    else:
        vocab, encoded = corpus_mod.load(
            source, min_count=config.min_count, max_vocab_size=config.max_vocab_size, **storage
        )
        check_vocabulary(vocab, source.name, config)
    _say_corpus(source, vocab, encoded, config, time.perf_counter() - t0)
    if args.save_vocab is not None:
        save_vocab_file(args.save_vocab, vocab.words, vocab.counts, sentences=len(encoded.offsets) - 1)
        print(f"vocabulary saved to {args.save_vocab}")
    print(
        f"training   {config.arch} with {_objective_name(config)}, dim {config.dim}, window {config.window}, "
        f"{config.epochs} epochs, alpha {config.alpha:g}, method {config.method}"
    )
    if config.method == "minibatch" and (config.arch, config.objective) == ("cbow", "hs") and config.batch_size > 16:
        print(
            f"note: --method minibatch sums {config.batch_size} updates of the tree's top nodes per batch, and CBOW "
            "with hierarchical softmax may learn little that way; use --batch-size 16 or --method fast",
            file=sys.stderr,
        )
    _say_checkpoints(checkpoint, args.checkpoint_every)

    t1 = time.perf_counter()
    model = Word2Vec(
        (vocab, encoded),
        config=config,
        cli=True,
        callbacks=[_on_epoch],
        quiet=args.quiet,
        checkpoint=checkpoint,
        checkpoint_every=args.checkpoint_every,
        checkpoint_info={
            "corpus": _recorded(source),
            "output": os.path.abspath(output) if output is not None else None,
            "cache": os.path.abspath(storage["cache"]) if storage["cache"] is not None else None,
        },
    )
    return _Trained(model, time.perf_counter() - t1, output, bundled, checkpoint, encoded, _recorded(source))


def _train_resumed(args: argparse.Namespace) -> _Trained:
    """``--resume PATH``: the corpus, settings and output come from the checkpoint."""
    for option, given in (("--read-vocab", args.read_vocab), ("--save-vocab", args.save_vocab)):
        if given is not None:
            raise ConfigError(f"{option} cannot be used with --resume: the vocabulary is the checkpoint's")
    state = load_checkpoint(args.resume)
    config = checkpoint_config(state)
    _check_no_conflicts(args, state)
    corpus = args.corpus or state.run.get("corpus")
    if isinstance(corpus, str):
        corpus = [corpus]
    if not (isinstance(corpus, list) and corpus and all(isinstance(c, str) for c in corpus)):
        raise ConfigError(
            f"the checkpoint {args.resume!r} does not record its corpus (it was read from stdin, say); "
            "give the CORPUS argument"
        )
    if not args.corpus:
        missing = next((c for c in corpus if not os.path.exists(c)), None)
        if missing is not None:
            raise CorpusNotFoundError(
                f"corpus file {missing!r}, which the checkpoint {args.resume!r} was trained on, does not exist; "
                "give its new path as the CORPUS argument"
            )
    source = _source(corpus, args.quiet)
    saved_output = state.run.get("output")
    if args.output is None and saved_output is not None:  # the checkpoint's own word is never enough
        if isinstance(saved_output, str):
            what = f"was saving to {saved_output!r}; add --output {shlex.quote(saved_output)}"
        else:
            what = "records an output; add --output PATH"
        raise ConfigError(
            f"the checkpoint {args.resume!r} {what} (or another file) to say where this run saves: "
            "a resumed run writes only the files its command line names"
        )
    output = Path(args.output) if args.output is not None else None
    if args.checkpoint_every is not None and args.checkpoint_every < 1:
        raise ConfigError(f"--checkpoint-every must be a positive whole number, got {args.checkpoint_every}")
    checkpoint = Path(args.checkpoint) if args.checkpoint is not None else Path(args.resume)
    every = args.checkpoint_every if args.checkpoint_every is not None else state.checkpoint_every
    _check_paths(args, source, output, checkpoint)

    t0 = time.perf_counter()
    vocab = state.vocab()
    storage = _storage(args, state)
    encoded = corpus_mod.encode(source, vocab, **storage)
    _say_corpus(source, vocab, encoded, config, time.perf_counter() - t0)
    print(f"resuming   {args.resume} at {state.progress()}")
    _say_checkpoints(checkpoint, every)
    state.run.update(
        corpus=_recorded(source),
        output=os.path.abspath(output) if output is not None else None,
        cache=os.path.abspath(storage["cache"]) if storage["cache"] is not None else None,
    )

    t1 = time.perf_counter()
    model = Word2Vec.resume(
        state,
        encoded,
        callbacks=[_on_epoch],
        quiet=args.quiet,
        checkpoint=checkpoint,
        checkpoint_every=every,
        workers=args.workers,  # None: the checkpoint's
    )
    seconds = time.perf_counter() - t1
    bundled = len(source.files) == 1 and _same_file(Path(source.files[0]), BUNDLED_CORPUS)
    return _Trained(model, seconds, output, bundled, checkpoint, encoded, _recorded(source))


def _on_epoch(r: EpochReport) -> None:
    print(
        f"  epoch {r.epoch}/{r.epochs}  loss {r.mean_loss:.4f}  {r.examples:,} examples  "
        f"{r.seconds:.1f} s  {r.words / max(r.seconds, 1e-9):,.0f} words/s"
    )


def _say_corpus(source: sources.Source, vocab, encoded, config: TrainConfig, seconds: float) -> None:
    print(f"corpus     {sources.describe(source)}")
    print(
        f"vocabulary {len(vocab):,} words (min count {config.min_count}); "
        f"{encoded.n_raw_words:,} tokens read, {len(encoded.ids):,} training words "
        f"in {len(encoded.offsets) - 1:,} sentences ({seconds:.1f} s)"
    )
    if encoded.store is not None:
        kept = "kept in" if not encoded.store.private else "in the temporary directory"
        print(f"on disk    {kept} {encoded.store.directory}")


def _say_checkpoints(checkpoint: Path | None, every: int | None) -> None:
    if checkpoint is None:
        return
    when = f"every {every:,} words and on Ctrl-C" if every is not None else "on Ctrl-C"
    print(f"checkpoint {checkpoint} ({when})")


def _finish(trained: _Trained, quiet: bool, fmt: str | None = None, tensorboard: str | None = None) -> int:
    """Every run ends here: the speed, the saved files, and a look at the vectors."""
    model, seconds, output = trained.model, trained.seconds, trained.output
    words = sum(model.history.epoch_words)
    print(f"trained in {seconds:.1f} s ({words / max(seconds, 1e-9):,.0f} words/s)")
    if output is not None:
        try:
            model.save(output, fmt)
        except (OSError, ConfigError) as exc:
            raise _keep_model(model, output, exc, trained.checkpoint, trained.encoded, trained.corpus, fmt) from None
        print(f"saved      {output}" + (f" ({fmt})" if fmt else ""))
    if tensorboard is not None:
        tensor, metadata = save_tensorboard(tensorboard, model.vocab.words, model.W_in)
        print(f"saved      {tensor} and {metadata} (TensorBoard Embedding Projector)")
    show_neighbours(model, _probe_words(model, trained.bundled))
    if trained.bundled:
        show_analogies(model, BUNDLED_ANALOGIES)
    if not quiet:
        print("")
    return 0


def _keep_model(
    model: Word2Vec,
    output: Path,
    exc: BaseException,
    checkpoint: Path | None,
    encoded,
    corpus: str | list[str] | None,
    fmt: str | None = None,
) -> SaveError:
    """The final save failed (a full disk, say): keep the trained model as a finished checkpoint.

    Resuming that checkpoint trains nothing and saves the model, so the user re-saves it with
    one command; the message says where it went, or that it could not be kept either.
    """
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    failed = f"could not save {str(output)!r} ({reason}; a previous file of that name is unchanged)"
    if checkpoint is None:
        return SaveError(f"{failed}; free some disk space or choose another --output and train again")
    run = {"corpus": corpus, "output": os.path.abspath(output)}
    state = finished_state(model.vocab, encoded, model.config, model.W_in, model.W_out, model.history, run)
    try:
        save_checkpoint(checkpoint, state)
    except (OSError, ConfigError) as exc2:
        reason2 = exc2.strerror if isinstance(exc2, OSError) and exc2.strerror else str(exc2)
        return SaveError(
            f"{failed}, nor keep the trained model in {str(checkpoint)!r} ({reason2}), so it is lost; "
            "free some disk space or choose another --output and train again"
        )
    again = resume_command(checkpoint, output, fmt)
    return SaveError(
        f"{failed}; the trained model is kept in {str(checkpoint)!r}: free some space, then save it with "
        f"{again} (or another --output)"
    )


def show_neighbours(model: Word2Vec, words: list[str], topn: int = 5) -> None:
    print("\nnearest neighbours (cosine similarity):")
    for w in words:
        near = ", ".join(f"{_short(n)} {s:.2f}" for n, s in model.vectors.most_similar(w, topn=topn))
        print(f"  {_short(w):>12}: {near}")


def _short(word: str, limit: int = 40) -> str:
    """A word as printed: a very long token (a 1 MB one, say) is cut to ``limit`` characters."""
    return word if len(word) <= limit else word[: limit - 3] + "..."


def show_analogies(model: Word2Vec, path: Path, per_section: int = 2) -> None:
    """Print a few analogies per section of the bundled analogy file, with their scores."""
    from .vectors.evaluation import evaluate_analogies, read_analogies

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
        from .vectors.evaluation import read_analogies

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
    from .text import datasets

    path = Path(datasets.resolve_corpus(corpus))
    bundled = BUNDLED_CORPUS.parent / path.name
    if not path.exists() and bundled.is_file():
        shown = os.path.relpath(bundled) if not os.path.relpath(bundled).startswith("../..") else str(bundled)
        raise CorpusNotFoundError(
            f"corpus file {corpus!r} does not exist here; the bundled {path.name} is {shown!r} "
            "(or leave out the corpus to train on it)"
        )
    return path


def _source(corpus: list[str], quiet: bool) -> sources.Source:
    """The corpus arguments as one source: '-' is stdin, each other one a path, directory or dataset name."""
    if corpus.count("-") > 1 or ("-" in corpus and len(corpus) > 1):
        raise ConfigError("'-' (standard input) must be the only CORPUS argument")
    if corpus == ["-"]:
        return sources.open_source("-")
    return sources.open_source([_resolve(c, quiet) for c in corpus])


def _recorded(source: sources.Source) -> str | list[str] | None:
    """What a checkpoint records as its corpus: the absolute path(s), or None for stdin."""
    if source.files == ("<stdin>",):
        return None
    files = [os.path.abspath(f) for f in source.files]
    return files[0] if len(files) == 1 else files


def _checkpoint_path(args: argparse.Namespace, output: Path | None) -> Path | None:
    """--checkpoint, else OUTPUT.ckpt.npz beside --output, else None (then Ctrl-C saves nothing)."""
    if args.checkpoint_every is not None and args.checkpoint_every < 1:
        raise ConfigError(f"--checkpoint-every must be a positive whole number, got {args.checkpoint_every}")
    if args.checkpoint is not None:
        return Path(args.checkpoint)
    if output is not None:
        return default_path(output)
    if args.checkpoint_every is not None:
        raise ConfigError("--checkpoint-every needs a place to save: give --checkpoint PATH or --output PATH")
    return None


def _check_no_conflicts(args: argparse.Namespace, state: TrainState) -> None:
    """With --resume, a training setting given on the command line must be the checkpoint's."""
    parser = build_parser()
    for f in fields(TrainConfig):
        if not hasattr(args, f.name) or f.name in RESUME_MAY_CHANGE:
            continue
        given = getattr(args, f.name)
        if given != parser.get_default(f.name) and given != state.config.get(f.name):
            option = "--" + f.name.replace("_", "-")
            raise ConfigError(
                f"{option} {given} conflicts with the checkpoint {args.resume!r}, which trains with "
                f"{option} {state.config.get(f.name)}; leave the training settings out when resuming"
            )


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (through links), or would once created."""
    return same_file(a, b)


def _check_paths(
    args: argparse.Namespace, source: sources.Source, output: Path | None, checkpoint: Path | None
) -> None:
    """Refuse, before any work, an output that cannot be written, is not a regular file, is one of the
    run's inputs (corpus, --read-vocab, the checkpoint resumed) or is another of its outputs."""
    inputs: list[tuple[str, str | os.PathLike]] = [("the corpus", f) for f in source.files if f != "<stdin>"]
    if args.read_vocab is not None:
        inputs.append(("the --read-vocab file", args.read_vocab))
    resumed = [("the checkpoint being resumed", args.resume)] if args.resume is not None else []
    if output is not None:  # '-', a device or a directory is named as such before its format is asked
        check_writable(output, "--output", inputs + resumed)
        _check_format(output, args.format)
    outputs = [("--output", output, resumed), ("--checkpoint", checkpoint, [])]  # a resumed run updates its own
    if args.save_vocab is not None:
        outputs.append(("--save-vocab", Path(args.save_vocab), resumed))
    if args.tensorboard is not None:
        outputs += [
            ("--tensorboard", Path(f"{args.tensorboard}_{part}.tsv"), resumed) for part in ("tensor", "metadata")
        ]
    written: list[tuple[str, Path]] = []
    for option, path, also in outputs:
        if path is None:
            continue
        check_writable(path, option, inputs + also)
        for name, other in written:
            if _same_file(path, other):
                shown = (
                    f"--checkpoint {str(path)!r}"
                    if option == "--checkpoint"
                    else f"{option} would write {str(path)!r}, which"
                )
                raise ConfigError(f"{shown} is the {name} file; choose another name")
        written.append((option, path))


def _check_format(output: Path, fmt: str | None = None) -> None:
    if output.is_dir():
        raise ConfigError(
            f"cannot write {str(output)!r}: it is a directory; give a file name ending in .txt, .bin or .npz"
        )
    try:
        vectors_format(output, fmt)
    except ConfigError:
        if fmt is not None:
            raise
        raise ConfigError(
            f"cannot tell the format of --output {str(output)!r}; end the name with .txt, .bin or .npz "
            "(or .vec, .txt.gz, ...), or give --format text or --format binary"
        ) from None


if __name__ == "__main__":
    sys.exit(main())
