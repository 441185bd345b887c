"""Write tests/data/gensim_keyedvectors.json: what gensim 4 answers on a fixed 8 x 4 set of vectors.

gensim is not a dependency; this is run by hand, with gensim installed:

    python tests/data/make_gensim_keyedvectors.py > tests/data/gensim_keyedvectors.json

The JSON holds the vectors, gensim's answers to most_similar, most_similar_cosmul,
n_similarity, distances, closer_than, rank, doesnt_match, evaluate_word_analogies,
evaluate_word_pairs and predict_output_word, and the bytes of the files its
save_word2vec_format wrote (text, and binary in base64). tests/compat/test_gensim_api.py
checks word2vec_np's answers against them.
"""

import base64
import json
import os
import tempfile

import numpy as np
from gensim.models import KeyedVectors, Word2Vec

words = ["the", "king", "queen", "man", "woman", "prince", "princess", "paris"]
rng = np.random.default_rng(7)
M = np.round(rng.normal(size=(8, 4)), 3).astype(np.float32)
kv = KeyedVectors(4)
kv.add_vectors(words, M)
out = {}
out["M"] = M.tolist()
out["most_similar"] = kv.most_similar(positive=["queen", "prince"], negative=["king"], topn=3)
out["most_similar_w"] = kv.most_similar(positive=[("queen", 2.0), "prince"], negative=["king"], topn=3)
out["most_similar_vec"] = kv.similar_by_vector(M[1] + M[2], topn=3)
out["most_similar_all"] = kv.most_similar("king", topn=None).tolist()
out["cosmul"] = kv.most_similar_cosmul(positive=["queen", "prince"], negative=["king"], topn=3)
out["n_similarity"] = float(kv.n_similarity(["king", "prince"], ["queen", "princess", "woman"]))
out["distances"] = kv.distances("king", ["queen", "paris"]).tolist()
out["distance"] = float(kv.distance("king", "queen"))
out["closer_than"] = kv.closer_than("king", "queen")
out["rank"] = kv.rank("king", "queen")
out["doesnt_match"] = kv.doesnt_match(["king", "queen", "prince", "paris"])
out["similarity"] = float(kv.similarity("man", "woman"))
d = tempfile.mkdtemp()
an = os.path.join(d, "q.txt")
open(an, "w").write(": royal\nking queen prince woman\nking queen prince princess\nman woman prince princess\nking queen unicorn horse\n: other\nman king woman queen\nparis king man woman\n")
score, sections = kv.evaluate_word_analogies(an)
out["analogies"] = [score, sections]
pairs = os.path.join(d, "p.txt")
open(pairs, "w").write("king\tqueen\t8.5\nman\twoman\t8.0\nking\tparis\t1.0\nprince\tprincess\t7.0\nthe\tman\t2.0\nunicorn\tking\t3.0\n")
p, s, oov = kv.evaluate_word_pairs(pairs)
out["pairs"] = [float(p[0]), float(p[1]), float(s[0]), float(s[1]), oov]
t = os.path.join(d, "v.txt"); b = os.path.join(d, "v.bin")
kv.save_word2vec_format(t, binary=False); kv.save_word2vec_format(b, binary=True)
out["text_bytes"] = open(t, "rb").read().decode()
out["bin_b64"] = base64.b64encode(open(b, "rb").read()).decode()
# predict_output_word: a tiny NS model whose matrices are replaced by fixtures
m = Word2Vec([words] * 5, vector_size=4, min_count=1, negative=5, hs=0, epochs=1, seed=1, workers=1)
order = m.wv.index_to_key
W_out = np.round(rng.normal(size=(8, 4)), 3).astype(np.float32)
m.wv.vectors[:] = M[[words.index(w) for w in order]]
m.syn1neg[:] = W_out[[words.index(w) for w in order]]
out["W_out"] = W_out.tolist()
out["predict"] = [(w, float(p)) for w, p in m.predict_output_word(["king", "woman"], topn=4)]
print(json.dumps(out))
