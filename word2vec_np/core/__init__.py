"""The math of word2vec: what a learner reads. It imports NumPy and ``word2vec_np.errors`` only.

    textbook.py       the trainer to read first: epochs, blocks, learning rate, examples, one SGD step
    batch.py          a batch of training examples: context rows, their count, the targets
    sampling.py       subsampling of frequent words, dynamic windows, training pairs, noise words
    huffman.py        the Huffman tree of hierarchical softmax: codes and points
    architectures.py  skip-gram and CBOW: the hidden layer h and its backward pass
    objectives/       full softmax, hierarchical softmax, negative sampling: one interface
    model.py          an architecture and an objective composed: the loss and its gradients
    onehot.py         the literal one-hot pipeline, x -> W -> h -> W' -> softmax
    gradcheck.py      numerical gradients that every backward pass is checked against
"""
