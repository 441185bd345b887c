"""gensim's Python habits: its names, model.wv, predict_output_word, build_vocab / train / update.

gensim is not a dependency: its answers on a fixed set of vectors are stored in
tests/data/gensim_keyedvectors.json (written by tests/data/make_gensim_keyedvectors.py).
"""

import base64
import json

import numpy as np
import pytest

from tests.helpers import ROOT
from word2vec_np.compat import gensim_names
from word2vec_np.compat.keyedvectors import KeyedVectors
from word2vec_np.core.objectives.hierarchical import HierarchicalSoftmax
from word2vec_np.engine.config import TrainConfig
from word2vec_np.engine.history import History
from word2vec_np.errors import ConfigError, UnknownWordError
from word2vec_np.text.corpus import load
from word2vec_np.text.vocab import Vocab
from word2vec_np.vectors.word2vec_format import load_word2vec
from word2vec_np.word2vec import BUNDLED_CORPUS, Word2Vec

GENSIM = json.loads((ROOT / "tests" / "data" / "gensim_keyedvectors.json").read_text(encoding="utf-8"))
WORDS = ["the", "king", "queen", "man", "woman", "prince", "princess", "paris"]
API = ROOT / "docs" / "api.md"


@pytest.fixture(scope="module")
def kv():
    return KeyedVectors(WORDS, np.array(GENSIM["M"], dtype=np.float32))


def assert_pairs(ours, theirs, tol=1e-5):
    assert [w for w, _ in ours] == [w for w, _ in theirs]
    np.testing.assert_allclose([s for _, s in ours], [s for _, s in theirs], rtol=tol, atol=tol)


SENTENCES = [["the", "king", "rules", "the", "land"], ["the", "queen", "rules", "the", "land"], ["a", "dog"]] * 20


# --------------------------------------------------------------------------- names
def test_gensim_names_map_onto_train_config():
    s = gensim_names.to_settings(
        dict(vector_size=7, sg=0, hs=1, ns_exponent=0.5, epochs=2, cbow_mean=1, max_final_vocab=9, workers=1)
    )
    assert s == dict(
        dim=7, arch="cbow", objective="hs", negative=0, ns_power=0.5, epochs=2, max_vocab_size=9, workers=1
    )
    assert gensim_names.to_settings(dict(sg=1, hs=0, negative=3)) == dict(arch="skipgram", objective="ns", negative=3)
    model = Word2Vec(SENTENCES, vector_size=6, window=2, min_count=1, sg=0, hs=1, negative=0, epochs=1, seed=3)
    assert (model.config.dim, model.config.arch, model.config.objective, model.config.window) == (6, "cbow", "hs", 2)
    assert model.W_out.shape == (len(model.vocab) - 1, 6)  # HS: V - 1 inner nodes


@pytest.mark.parametrize(
    "settings, fragment",
    [
        (dict(vector_size=5, dim=5), "vector_size= and dim= name the same setting"),
        (dict(sg=1, arch="cbow"), "sg= and arch= name the same setting"),
        (dict(hs=1, negative=5), "would train hierarchical softmax and negative sampling together"),
        (dict(cbow_mean=0), "cbow_mean=0"),
        (dict(sg=2), "sg must be 1"),
        (dict(hs=0, negative=0), "negative sampling needs negative of at least 1"),
    ],
)
def test_mixed_or_unsupported_gensim_settings_are_one_error(settings, fragment):
    with pytest.raises(ConfigError, match=fragment):
        Word2Vec(SENTENCES, min_count=1, epochs=1, **settings)


def test_the_api_table_lists_every_gensim_name():
    text = API.read_text(encoding="utf-8")
    missing = [name for name in gensim_names.GENSIM_NAMES if f"`{name}=`" not in text]
    assert not missing, f"docs/api.md's 'coming from gensim' table lacks {missing}"


# --------------------------------------------------------------------------- KeyedVectors against gensim
def test_attributes(kv):
    assert kv.key_to_index["queen"] == 2 and kv.index_to_key == WORDS and kv.vector_size == 4
    assert kv.vectors is kv.matrix and kv["king"].shape == (4,) and kv[["king", "man"]].shape == (2, 4)
    np.testing.assert_allclose(np.linalg.norm(kv.get_vector("king", norm=True)), 1.0, rtol=1e-6)
    assert kv.get_index("unicorn", default=-1) == -1
    with pytest.raises(KeyError):
        kv.get_index("unicorn")


def test_neighbours_match_gensim(kv):
    assert_pairs(kv.most_similar(positive=["queen", "prince"], negative=["king"], topn=3), GENSIM["most_similar"])
    assert_pairs(
        kv.most_similar(positive=[("queen", 2.0), "prince"], negative=["king"], topn=3), GENSIM["most_similar_w"]
    )
    assert_pairs(kv.similar_by_vector(kv["king"] + kv["queen"], topn=3), GENSIM["most_similar_vec"])
    np.testing.assert_allclose(kv.most_similar("king", topn=None), GENSIM["most_similar_all"], atol=1e-6)
    assert kv.most_similar("king", topn=0) == []
    assert_pairs(
        kv.most_similar_cosmul(positive=["queen", "prince"], negative=["king"], topn=3), GENSIM["cosmul"], tol=1e-4
    )


def test_similarities_and_distances_match_gensim(kv):
    assert kv.n_similarity(["king", "prince"], ["queen", "princess", "woman"]) == pytest.approx(
        GENSIM["n_similarity"], abs=1e-6
    )
    np.testing.assert_allclose(kv.distances("king", ["queen", "paris"]), GENSIM["distances"], atol=1e-6)
    assert kv.distance("king", "queen") == pytest.approx(GENSIM["distance"], abs=1e-6)
    assert kv.similarity("man", "woman") == pytest.approx(GENSIM["similarity"], abs=1e-6)
    assert kv.closer_than("king", "queen") == GENSIM["closer_than"]
    assert kv.rank("king", "queen") == GENSIM["rank"]
    assert kv.doesnt_match(["king", "queen", "prince", "paris"]) == GENSIM["doesnt_match"]
    with pytest.raises(ConfigError):
        kv.n_similarity([], ["king"])


def test_evaluations_match_gensim(kv, tmp_path):
    questions = tmp_path / "q.txt"
    questions.write_text(
        ": royal\nking queen prince woman\nking queen prince princess\nman woman prince princess\n"
        "king queen unicorn horse\n: other\nman king woman queen\nparis king man woman\n",
        encoding="utf-8",
    )
    score, sections = kv.evaluate_word_analogies(questions)
    want_score, want_sections = GENSIM["analogies"]
    assert score == pytest.approx(want_score)
    assert [{k: [list(q) for q in v] if k != "section" else v for k, v in s.items()} for s in sections] == want_sections

    pairs = tmp_path / "p.txt"
    pairs.write_text(
        "king\tqueen\t8.5\nman\twoman\t8.0\nking\tparis\t1.0\n"
        "prince\tprincess\t7.0\nthe\tman\t2.0\nunicorn\tking\t3.0\n",
        encoding="utf-8",
    )
    pearson, spearman, oov_ratio = kv.evaluate_word_pairs(pairs)
    want = GENSIM["pairs"]  # pearson r, p, spearman rho, p, oov ratio (%)
    assert pearson.statistic == pytest.approx(want[0], abs=1e-6)
    assert spearman.correlation == pytest.approx(want[2], abs=1e-6)
    assert oov_ratio == pytest.approx(want[4])
    # SciPy's p-values, without SciPy (gensim correlated float32 cosines: r agrees to 1e-7)
    assert pearson.pvalue == pytest.approx(want[1], rel=1e-6)
    assert spearman.pvalue == pytest.approx(want[3], rel=1e-6)


@pytest.mark.parametrize(
    "r, n, scipy_p",  # 2 * scipy.stats.beta(n/2 - 1, n/2 - 1, loc=-1, scale=2).sf(|r|), as pearsonr computes
    [
        (0.5, 3, 0.6666666666666666),
        (0.3, 10, 0.39969146874999995),
        (-0.9, 6, 0.014500000000000025),
        (0.05, 1000, 0.11407259555107264),
        (1.0, 5, 0.0),
    ],
)
def test_correlation_pvalues_are_scipys(r, n, scipy_p):
    from word2vec_np.vectors.statistics import correlation_pvalue

    assert correlation_pvalue(r, n) == pytest.approx(scipy_p, rel=1e-9, abs=1e-15)
    assert np.isnan(correlation_pvalue(r, 2))


def test_files_gensim_wrote_load_and_ours_read_back(kv, tmp_path):
    (tmp_path / "g.txt").write_text(GENSIM["text_bytes"], encoding="utf-8")
    (tmp_path / "g.bin").write_bytes(base64.b64decode(GENSIM["bin_b64"]))
    for name in ("g.txt", "g.bin"):
        loaded = KeyedVectors.load_word2vec_format(tmp_path / name, binary=name.endswith(".bin"))
        assert loaded.index_to_key == WORDS
        np.testing.assert_array_equal(loaded.vectors, kv.vectors)
    assert KeyedVectors.load_word2vec_format(tmp_path / "g.bin").index_to_key == WORDS  # binary told by content
    assert KeyedVectors.load_word2vec_format(tmp_path / "g.txt", limit=3).index_to_key == WORDS[:3]
    glove = "".join(GENSIM["text_bytes"].splitlines(keepends=True)[1:])  # the rows without the 'V D' line
    (tmp_path / "glove.txt").write_text(glove, encoding="utf-8")
    loaded = KeyedVectors.load_word2vec_format(tmp_path / "glove.txt", no_header=True)
    assert loaded.index_to_key == WORDS
    np.testing.assert_array_equal(loaded.vectors, kv.vectors)
    with pytest.raises(ConfigError, match="no_header=True reads GloVe's text format"):
        KeyedVectors.load_word2vec_format(tmp_path / "g.bin", binary=True, no_header=True)
    kv.save_word2vec_format(tmp_path / "ours.bin", binary=True)
    rows = [w.encode() + b" " + kv[w].astype("<f4").tobytes() for w in WORDS]
    assert base64.b64decode(GENSIM["bin_b64"]) == b"8 4\n" + b"".join(rows)  # gensim ends no row
    assert (tmp_path / "ours.bin").read_bytes() == b"8 4\n" + b"".join(r + b"\n" for r in rows)  # the C tool does
    kv.save_word2vec_format(tmp_path / "ours.txt")
    words, matrix = load_word2vec(tmp_path / "ours.txt")
    assert words == WORDS and np.allclose(matrix, kv.vectors, atol=1e-6)
    with pytest.raises(ConfigError):
        kv.save_word2vec_format(tmp_path / "x.txt", fvocab=tmp_path / "vocab.txt")


# --------------------------------------------------------------------------- predict_output_word
def _fixture_model(objective: str) -> Word2Vec:
    M = np.array(GENSIM["M"], dtype=np.float32)
    counts = np.arange(len(WORDS), 0, -1) * 10
    vocab = Vocab(tuple(WORDS), counts, {w: i for i, w in enumerate(WORDS)}, int(counts.sum()))
    W_out = np.array(GENSIM["W_out"], dtype=np.float32)
    if objective == "hs":
        W_out = W_out[:-1]
    config = TrainConfig(dim=4, objective=objective, min_count=1).resolved()
    return Word2Vec.from_arrays(vocab, M, W_out, config, History())


def test_predict_output_word_under_ns_is_gensims_softmax_proxy():
    assert_pairs(_fixture_model("ns").predict_output_word(["king", "woman"], topn=4), GENSIM["predict"])


def test_predict_output_word_is_the_exact_distribution_under_softmax_and_hs():
    M, W_out = np.array(GENSIM["M"], dtype=np.float64), np.array(GENSIM["W_out"], dtype=np.float64)
    h = (M[1] + M[4]) / 2  # mean of king and woman
    scores = W_out @ h
    exact = np.exp(scores - scores.max()) / np.exp(scores - scores.max()).sum()
    got = dict(_fixture_model("softmax").predict_output_word(["king", "woman", "unicorn"], topn=8))
    np.testing.assert_allclose([got[w] for w in WORDS], exact, rtol=1e-9)  # unknown 'unicorn' skipped

    hs = _fixture_model("hs")
    got = dict(hs.predict_output_word(["king", "woman"], topn=8))
    assert sum(got.values()) == pytest.approx(1.0, abs=1e-12)
    # one word by hand: the product of sigmoids along its Huffman path
    tree = HierarchicalSoftmax.from_counts(hs.vocab.counts).tree
    w = WORDS.index("queen")
    steps = zip(tree.code(w), tree.path(w), strict=True)
    by_hand = np.prod([1 / (1 + np.exp(-(1 - 2 * c) * (W_out[:-1][n] @ h))) for c, n in steps])
    assert got["queen"] == pytest.approx(by_hand, rel=1e-9)
    with pytest.raises(UnknownWordError):
        hs.predict_output_word(["unicorn"])


# --------------------------------------------------------------------------- build_vocab, train, update
def test_two_steps_equal_one_call_and_a_generator_is_read_once():
    one = Word2Vec(SENTENCES, vector_size=5, min_count=1, epochs=2, seed=4)
    two = Word2Vec(vector_size=5, min_count=1, epochs=2, seed=4)
    two.build_vocab(s for s in SENTENCES)  # a one-shot generator: build_vocab keeps its encoding
    assert two.corpus_count == len(SENTENCES) and two.corpus_total_words == sum(map(len, SENTENCES))
    two.train(total_examples=two.corpus_count, epochs=two.epochs)
    np.testing.assert_array_equal(one.W_in, two.W_in)
    assert one.wv.index_to_key == two.wv.index_to_key


def test_train_on_a_model_continues_it_in_place():
    model = Word2Vec(SENTENCES, dim=5, min_count=1, epochs=1)
    before = model.W_in.copy()
    result = model.train(SENTENCES, epochs=2)
    assert result == (2 * sum(map(len, SENTENCES)), 2 * sum(map(len, SENTENCES)))
    assert len(model.history.epoch_loss) == 3 and not np.array_equal(model.W_in, before)
    assert model.wv.vectors is model.W_in  # the vectors follow the trained matrix
    with pytest.raises(ConfigError, match="dim cannot change"):
        model.train(SENTENCES, dim=6)
    with pytest.raises(ConfigError, match="has no vocabulary yet"):
        Word2Vec(vector_size=5).train(SENTENCES)
    with pytest.raises(ConfigError, match="trained already"):
        model.build_vocab(SENTENCES)


def test_gensim_callback_objects_get_the_live_model():
    class EpochLogger:  # what gensim's CallbackAny2Vec subclasses look like
        def __init__(self):
            self.calls = []

        def on_train_begin(self, model):
            self.calls.append("begin")

        def on_epoch_end(self, model):
            self.calls.append(model.W_in.copy())

        def on_train_end(self, model):
            self.calls.append("end")

    logger, seen = EpochLogger(), []
    callbacks = [logger, lambda report: seen.append(report.epoch)]
    model = Word2Vec(SENTENCES, vector_size=4, min_count=1, sample=0, epochs=2, callbacks=callbacks)
    assert logger.calls[0] == "begin" and logger.calls[-1] == "end" and seen == [1, 2]
    first, second = logger.calls[1:3]
    assert not np.array_equal(first, second) and np.array_equal(second, model.W_in)  # the matrices as trained so far
    with pytest.raises(ConfigError, match="a callback must be a function"):
        Word2Vec(SENTENCES, min_count=1, epochs=1, callbacks=[5])
    again = EpochLogger()
    model.train(SENTENCES, epochs=1, callbacks=[again])  # continuing calls them too
    assert again.calls[0] == "begin" and again.calls[-1] == "end" and np.array_equal(again.calls[1], model.W_in)


def test_there_is_no_default_corpus():
    empty = Word2Vec(config=TrainConfig(epochs=1))  # gensim's empty model, for build_vocab and train
    assert empty.vocab is None and empty.W_in is None
    with pytest.raises(ConfigError, match=r"has no vocabulary yet.*Word2Vec\(corpus\)"):
        empty.train()
    with pytest.raises(ConfigError, match="trains only when given a corpus.*BUNDLED_CORPUS"):
        Word2Vec(checkpoint="run.ckpt.npz", epochs=1)


@pytest.mark.parametrize("objective", ["ns", "hs"])
def test_build_vocab_update_grows_the_vocabulary_and_moves_the_rows(objective):
    model = Word2Vec(SENTENCES, dim=5, min_count=2, epochs=1, objective=objective, seed=2)
    old_words, old_in, old_out = model.vocab.words, model.W_in.copy(), model.W_out.copy()
    more = [["a", "unicorn", "and", "a", "dragon"]] * 30 + [["once"]]  # 'once' stays below min_count
    model.build_vocab(more, update=True)
    assert {"unicorn", "dragon", "and"} <= set(model.vocab.words) and "once" not in model.vocab
    assert model.vocab.counts[model.vocab.index["a"]] == 20 + 60  # counts add up
    assert list(model.vocab.counts) == sorted(model.vocab.counts, reverse=True)  # ids are still ranks
    for i, w in enumerate(old_words):
        np.testing.assert_array_equal(model.W_in[model.vocab.index[w]], old_in[i])  # rows move with their words
        if objective == "ns":
            np.testing.assert_array_equal(model.W_out[model.vocab.index[w]], old_out[i])
    if objective == "hs":  # a new tree asks new questions: its node vectors restart at zero
        assert model.W_out.shape == (len(model.vocab) - 1, 5) and not model.W_out.any()
    new = model.vocab.index["unicorn"]
    assert model.W_in[new].any() and np.all(np.abs(model.W_in[new]) <= 0.5 / 5)
    model.train(epochs=1)  # on the corpus build_vocab just read
    assert len(model.history.epoch_loss) == 2
    assert model.wv.most_similar("unicorn", topn=1)


def test_update_keeps_hs_output_rows_when_the_tree_is_unchanged():
    model = Word2Vec(SENTENCES, dim=5, min_count=1, epochs=1, objective="hs")
    out = model.W_out.copy()
    model.build_vocab(SENTENCES, update=True)  # every count doubles: the same tree
    np.testing.assert_array_equal(model.W_out, out)


def test_the_gensim_script_of_the_issue_runs(tmp_path):
    with open(BUNDLED_CORPUS, encoding="utf-8") as f:
        sentences = [line.split() for _, line in zip(range(3000), f)]
    model = Word2Vec(sentences=sentences, vector_size=20, window=5, min_count=5, workers=1, sg=1, epochs=1)
    model.wv.save_word2vec_format(tmp_path / "v.txt")
    wv = KeyedVectors.load_word2vec_format(tmp_path / "v.txt", binary=False)
    assert wv.most_similar("king", topn=2)[0][0] == model.wv.most_similar("king", topn=2)[0][0]
    vocab, _ = load(sentences, min_count=5)
    assert model.wv.index_to_key == list(vocab.words)
