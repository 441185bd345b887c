"""Vectors out: using the trained vectors, evaluating them, and their files.

    vectors.py        Vectors: nearest words, analogies, similarity
    evaluation.py     analogy accuracy and word-pair correlations
    formats.py        the C tool's text and binary files, the model's .npz, TensorBoard, vocabulary files
"""

from .vectors import Vectors

__all__ = ["Vectors"]
