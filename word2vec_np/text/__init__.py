"""Text in: where sentences come from, their vocabulary and their token ids.

    sources.py        files (.gz, .bz2), directories, stdin, pipes, Python sentences
    vocab.py          counting words, min_count, the id order
    corpus.py         text -> int32 token ids and sentence offsets, in one streamed pass
    vocab_file.py     the C tool's vocabulary file (-save-vocab, -read-vocab)
    word_files.py     what every file of words shares: its words, its checks, a careful byte reader
    phrases.py        multi-word tokens learned from counts (new york -> new_york)
    datasets.py       downloads: text8 and the standard evaluation sets
"""
