"""The command ``python -m word2vec_np.convert INPUT [OUTPUT] [--tensorboard PREFIX]``: change a vectors file's format.

It reads any vectors file :func:`word2vec_np.vectors.files.load_vectors` reads (the
C tool's text and binary formats, compressed or not, gensim's variants,
GloVe's header-less text, a word2vec_np ``.npz``) and writes OUTPUT in the
format its suffix names (``.txt`` / ``.vec``, ``.bin``, ``.npz``, each text
or binary one optionally ``.gz`` / ``.bz2``), or ``--format`` says, and/or
the TensorBoard Embedding Projector's two files. It does what gensim's
``glove2word2vec`` and ``word2vec2tensor`` scripts do, in one command.
Mistakes are one ``error:`` line and exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .atomic import check_writable
from .cli import CommandParser, one_line_warnings, user_error
from .errors import ConfigError, Word2VecError
from .vectors.files import VECTOR_FORMATS, load_vectors, save_vectors, vectors_format
from .vectors.tensorboard import save_tensorboard


def build_parser() -> argparse.ArgumentParser:
    p = CommandParser(
        prog="python -m word2vec_np.convert",
        description="Convert a vectors file (word2vec text or binary, .gz/.bz2, GloVe text, .npz) to another "
        "format, or to the TensorBoard Embedding Projector's files.",
    )
    p.add_argument("input", help="vectors file to read; its format is told from its name and its bytes")
    p.add_argument(
        "output",
        nargs="?",
        default=None,
        help="file to write: .txt/.vec (text), .bin (binary), .npz, and .gz/.bz2 after .txt/.vec/.bin",
    )
    p.add_argument(
        "--format", choices=VECTOR_FORMATS, default=None, help="write OUTPUT in this C format whatever its suffix"
    )
    p.add_argument(
        "--tensorboard",
        metavar="PREFIX",
        default=None,
        help="write PREFIX_tensor.tsv and PREFIX_metadata.tsv for the TensorBoard Embedding Projector",
    )
    p.add_argument("--debug", action="store_true", help="show the full traceback on errors")
    return p


def run(args: argparse.Namespace) -> int:
    if args.output is None and args.tensorboard is None:
        raise ConfigError("nothing to write: give an OUTPUT file, --tensorboard PREFIX, or both")
    source = Path(args.input)
    targets = []
    if args.output is not None:
        vectors_format(args.output, args.format)  # a name it cannot tell is an error before reading
        targets.append(Path(args.output))
    elif args.format is not None:
        raise ConfigError("--format applies to OUTPUT; give an OUTPUT file")
    if args.tensorboard is not None:
        targets += [Path(f"{args.tensorboard}_tensor.tsv"), Path(f"{args.tensorboard}_metadata.tsv")]
    for target in targets:
        check_writable(target, None, [("the input file", source)])
    vectors = load_vectors(source)
    print(f"read       {source}: {len(vectors):,} words, dimension {vectors.dim}")
    if args.output is not None:
        save_vectors(args.output, vectors, fmt=args.format)
        print(f"wrote      {args.output} ({vectors_format(args.output, args.format)})")
    if args.tensorboard is not None:
        tensor, metadata = save_tensorboard(args.tensorboard, vectors.words, vectors.matrix)
        print(f"wrote      {tensor} and {metadata} (TensorBoard Embedding Projector)")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        with one_line_warnings():  # a word listed twice in the file, say
            return run(args)
    except KeyboardInterrupt:
        print("\ninterrupted: nothing partial was written", file=sys.stderr)
        return 130
    except (Word2VecError, OSError) as exc:
        return user_error(exc, args.debug)


if __name__ == "__main__":
    sys.exit(main())
