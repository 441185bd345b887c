"""``python -m word2vec_np.bench``: the speed and memory benchmark (see :mod:`word2vec_np.bench.speed`)."""

import sys

from .speed import build_parser, main

__all__ = ["build_parser", "main"]

if __name__ == "__main__":
    sys.exit(main())
