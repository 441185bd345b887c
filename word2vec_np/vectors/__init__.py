"""Vectors out: using the trained vectors, evaluating them, and their files.

    vectors.py          Vectors: nearest words, analogies, similarity
    evaluation.py       analogy accuracy and word-pair correlations
    files.py            any vectors file, its format told by its suffix: save_vectors, load_vectors
    word2vec_format.py  the C tool's text and binary files (and GloVe's text)
    npz.py              the model's .npz file: pickle-free, its sizes checked before reading
    tensorboard.py      the TensorBoard Projector's TSV files
"""

from .vectors import Vectors

__all__ = ["Vectors"]
