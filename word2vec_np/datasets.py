"""``python -m word2vec_np.datasets``: download and cache text8 and the standard evaluation sets.

The library behind it is :mod:`word2vec_np.text.datasets`.
"""

import sys

from .text.datasets import main

if __name__ == "__main__":
    sys.exit(main())
