"""Text in: where sentences come from, their vocabulary and their token ids.

    sources.py        files (.gz, .bz2), directories, stdin, pipes, Python sentences
    vocab.py          counting words, min_count, the id order
    corpus.py         text -> int32 token ids and sentence offsets, in one streamed pass
    phrases.py        multi-word tokens learned from counts (new york -> new_york)
    datasets.py       downloads: text8 and the standard evaluation sets
"""
