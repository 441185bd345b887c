"""word2vec_np: word2vec written in NumPy, with the math in plain sight.

``from word2vec_np import Word2Vec`` gives the model a user holds (:mod:`word2vec_np.word2vec`). The package's
folders are its layers; each imports only from the ones listed before it:

    errors.py, cli.py, atomic.py   the error hierarchy; what every command shares; files written whole
    core/       the math: batch, sampling, Huffman tree, architectures, objectives, model, one-hot, gradient
                checks, and the textbook trainer on one screen
    text/       text in: sources, vocabulary, corpus, phrases, datasets
    vectors/    vectors out: nearest words and analogies, evaluation, file formats
    engine/     training at speed: the run loop, the fast kernels and their readable twin, workers, checkpoints
    compat/     gensim's names and KeyedVectors, the C tool's flags
    teach/      the notebooks' aids and the assignments' grader
    word2vec.py the Word2Vec model
    train.py, query.py, convert.py, evaluate.py, phrases.py, grade.py, datasets.py, bench/
                the commands: python -m word2vec_np.<command>
"""

__version__ = "0.1.0"
__all__ = ["Word2Vec"]


def __getattr__(name):
    # Imported on first use, so `python -m word2vec_np.grade` and friends do not load the whole model.
    if name == "Word2Vec":
        from .word2vec import Word2Vec

        return Word2Vec
    raise AttributeError(f"module 'word2vec_np' has no attribute {name!r}")
