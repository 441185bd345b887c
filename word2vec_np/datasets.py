"""``python -m word2vec_np.datasets``: download and cache text8 and the standard evaluation sets.

    python -m word2vec_np.datasets list                   # the known datasets, and which are downloaded
    python -m word2vec_np.datasets fetch text8            # download once, print the path
    python -m word2vec_np.datasets path questions-words   # print the path; exit 1 if not downloaded yet

A failed download is one ``error:`` line and exit code 1; Ctrl-C during a
download keeps nothing partial and exits with code 130.

The library behind it (the cache, the downloads and their checks) is :mod:`word2vec_np.text.datasets`.
"""

from __future__ import annotations

import argparse
import sys

from .cli import CommandParser, stdout_closed, user_error
from .errors import DownloadError
from .text.datasets import CACHE_ENV, DATASETS, cache_dir, dataset_path, fetch, is_cached


def build_parser() -> argparse.ArgumentParser:
    parser = CommandParser(
        prog="python -m word2vec_np.datasets",
        description=f"Download standard datasets into the cache ({cache_dir()}; {CACHE_ENV} moves it).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="list the known datasets and whether each is downloaded")
    fetch_cmd = commands.add_parser("fetch", help="download a dataset (once) and print its path")
    fetch_cmd.add_argument("name", choices=sorted(DATASETS))
    fetch_cmd.add_argument("--quiet", action="store_true", help="no progress bar")
    path_cmd = commands.add_parser("path", help="print where a dataset is kept; exit 1 if not downloaded yet")
    path_cmd.add_argument("name", choices=sorted(DATASETS))
    return parser


def main(argv: list[str] | None = None) -> int:
    """``python -m word2vec_np.datasets {list, fetch NAME, path NAME}``; returns the exit code."""
    try:
        return run(build_parser().parse_args(argv))
    except BrokenPipeError:  # the reader went away (`... | head`)
        return stdout_closed()


def run(args: argparse.Namespace) -> int:
    if args.command == "list":
        return _list()
    if args.command == "path":
        return _path(args.name)
    return _fetch(args.name, args.quiet)


def _list() -> int:
    for name in sorted(DATASETS):
        dataset = DATASETS[name]
        state = "downloaded" if is_cached(name) else f"not downloaded ({dataset.size / 1e6:.1f} MB)"
        print(f"{name:16s} {state:28s} {dataset.description}")
    print(f"cache: {cache_dir()}")
    sys.stdout.flush()
    return 0


def _path(name: str) -> int:
    print(dataset_path(name))
    if not is_cached(name):
        print(f"{name} is not downloaded yet; run: python -m word2vec_np.datasets fetch {name}", file=sys.stderr)
        return 1
    return 0


def _fetch(name: str, quiet: bool) -> int:
    try:
        print(fetch(name, quiet=quiet))
    except DownloadError as exc:
        return user_error(exc, debug=False, code=1)
    except KeyboardInterrupt:  # the temporary file is already gone (atomic_write removes it)
        print(f"\ninterrupted: {name} was not downloaded; nothing partial was kept", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
