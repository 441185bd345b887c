"""``python -m word2vec_np.evaluate``: score vectors on analogies and word-pair similarities.

The library behind it is :mod:`word2vec_np.vectors.evaluation`.
"""

import sys

from .vectors.evaluation import main

if __name__ == "__main__":
    sys.exit(main())
