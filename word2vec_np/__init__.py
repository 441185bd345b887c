"""word2vec_np: word2vec written in NumPy, with the math in plain sight."""

__version__ = "0.1.0"
