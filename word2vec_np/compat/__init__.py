"""Other tools' habits: gensim's names and KeyedVectors, the C tool's flags.

    gensim_names.py   gensim's Word2Vec keywords mapped to TrainConfig's settings
    keyedvectors.py   model.wv: gensim's KeyedVectors methods over Vectors
    phrases.py        gensim's Phrases / FrozenPhrases (Phraser) over text.phrases
    ctool.py          word2vec.c's and word2phrase.c's single-dash flags
"""
