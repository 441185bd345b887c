"""The Word2Vec model as a gensim user drives it: a live wv, the loss while training, save/load by any name,
trim_rule and gensim's other keywords."""

import warnings

import numpy as np
import pytest

from word2vec_np.compat.gensim_names import RULE_DEFAULT, RULE_DISCARD, RULE_KEEP
from word2vec_np.compat.keyedvectors import KeyedVectors
from word2vec_np.errors import ConfigError, ModelFileError
from word2vec_np.vectors.word2vec_format import load_word2vec
from word2vec_np.word2vec import Word2Vec

SENTENCES = [["the", "king", "rules", "the", "land"], ["the", "queen", "rules", "the", "land"], ["a", "dog"]] * 20
MORE = [["a", "knight", "serves", "the", "king"]] * 10
SMALL = dict(vector_size=8, min_count=1, sample=0, seed=3, epochs=2)


# --------------------------------------------------------------------------- one live wv
def test_wv_after_build_vocab_holds_the_vectors_training_starts_from():
    """Before train, wv has the seed's initial vectors: a tiny learning rate barely moves them."""
    model = Word2Vec(**SMALL, alpha=1e-9, min_alpha=1e-9)
    model.build_vocab(SENTENCES)
    before = model.wv.vectors.copy()
    assert before.shape == (len(model.wv), 8)
    assert np.all(np.abs(before) <= 0.5 / 8) and np.any(before != 0)
    model.train(SENTENCES, total_examples=len(SENTENCES), epochs=1)
    np.testing.assert_allclose(model.wv.vectors, before, atol=1e-6)


def test_looking_at_wv_before_training_does_not_change_the_trained_vectors():
    trained = Word2Vec(SENTENCES, **SMALL)
    model = Word2Vec(**SMALL)
    model.build_vocab(SENTENCES)
    model.wv.most_similar("king")  # looked at, but not changed
    model.train(SENTENCES, total_examples=len(SENTENCES), epochs=SMALL["epochs"])
    np.testing.assert_array_equal(model.wv.vectors, trained.wv.vectors)


def test_wv_is_one_object_that_follows_training_and_a_grown_vocabulary(tmp_path):
    model = Word2Vec(**SMALL)
    model.build_vocab(SENTENCES)
    wv = model.wv
    start = wv["king"].copy()
    model.train(SENTENCES, total_examples=len(SENTENCES), epochs=2)
    assert model.wv is wv and not np.array_equal(wv["king"], start)
    model.build_vocab(MORE, update=True)
    assert model.wv is wv and "knight" in wv and len(wv) == len(model.vocab)
    wv.save_word2vec_format(tmp_path / "v.txt")
    assert "knight" in load_word2vec(tmp_path / "v.txt")[0]


def test_wv_before_build_vocab_is_one_sentence():
    with pytest.raises(ConfigError, match="call build_vocab"):
        _ = Word2Vec().wv


# --------------------------------------------------------------------------- loss and callbacks
class Recorder:
    """A gensim-style callback object that writes down what it sees, and when."""

    def __init__(self):
        self.calls, self.losses = [], []

    def on_train_begin(self, model):
        self.calls.append("train_begin")

    def on_epoch_begin(self, model):
        self.calls.append("epoch_begin")

    def on_epoch_end(self, model):
        self.calls.append("epoch_end")
        self.losses.append(list(model.history.epoch_loss))

    def on_train_end(self, model):
        self.calls.append("train_end")


def test_gensim_callbacks_are_called_in_gensim_order():
    rec = Recorder()
    Word2Vec(SENTENCES, **{**SMALL, "epochs": 3}, callbacks=[rec])
    assert rec.calls == ["train_begin"] + ["epoch_begin", "epoch_end"] * 3 + ["train_end"]


def test_the_loss_history_grows_while_training():
    """At each epoch's end the callback already sees that epoch's loss; at the end there is one per epoch."""
    rec = Recorder()
    model = Word2Vec(SENTENCES, **{**SMALL, "epochs": 3}, callbacks=[rec])
    assert [len(seen) for seen in rec.losses] == [1, 2, 3]
    assert rec.losses[-1] == model.history.epoch_loss


def test_latest_training_loss_sums_the_latest_call_only():
    model = Word2Vec(**SMALL)
    assert model.get_latest_training_loss() == 0.0
    model.build_vocab(SENTENCES)
    model.train(SENTENCES, total_examples=len(SENTENCES), epochs=2, compute_loss=True)
    h = model.history
    first = sum(loss * n for loss, n in zip(h.epoch_loss, h.epoch_examples, strict=True))
    assert model.get_latest_training_loss() == pytest.approx(first, rel=1e-9) and first > 0
    model.train(SENTENCES, total_examples=len(SENTENCES), epochs=1)
    assert model.get_latest_training_loss() == pytest.approx(h.epoch_loss[-1] * h.epoch_examples[-1], rel=1e-9)


def test_a_corpus_too_small_to_train_warns_and_keeps_the_vectors():
    """As gensim: a run with no example (subsampling left no pair) is a warning, not an error."""
    model = Word2Vec(min_count=1, vector_size=4, seed=1)
    model.build_vocab([["a", "b"]])
    before = model.wv.vectors.copy()
    with pytest.warns(RuntimeWarning, match="no example"):
        assert model.train([["a", "b"]], total_examples=1, epochs=2)[0] == 4  # words read, none trained
    np.testing.assert_array_equal(model.wv.vectors, before)
    assert model.history.epoch_examples == [0, 0]


# --------------------------------------------------------------------------- save and load
def test_a_name_without_a_known_suffix_saves_the_whole_model(tmp_path):
    model = Word2Vec(SENTENCES, **SMALL)
    path = tmp_path / "word2vec.model"
    model.save(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["word2vec.model"]  # that name, no ".npz" added
    assert path.read_bytes()[:4] == b"PK\x03\x04"  # an .npz (zip), never a pickle
    back = Word2Vec.load(str(path))
    np.testing.assert_array_equal(back.W_out, model.W_out)
    assert back.wv.index_to_key == model.wv.index_to_key and back.history == model.history


def test_a_model_saved_after_build_vocab_loads_with_its_initial_vectors(tmp_path):
    model = Word2Vec(**SMALL)
    model.build_vocab(SENTENCES)
    model.save(tmp_path / "m.model")
    np.testing.assert_array_equal(Word2Vec.load(tmp_path / "m.model").wv.vectors, model.wv.vectors)


def test_keyed_vectors_save_and_load_by_any_name(tmp_path):
    wv = Word2Vec(SENTENCES, **SMALL).wv
    wv.save(str(tmp_path / "vectors.kv"))
    back = KeyedVectors.load(str(tmp_path / "vectors.kv"))
    assert back.index_to_key == wv.index_to_key and back.get_vecattr("the", "count") == wv.get_vecattr("the", "count")
    np.testing.assert_array_equal(back.vectors, wv.vectors)
    with pytest.raises(ModelFileError, match="KeyedVectors.load"):
        Word2Vec.load(tmp_path / "vectors.kv")


def test_a_gensim_pickle_is_refused_with_how_to_convert(tmp_path):
    path = tmp_path / "word2vec.model"
    path.write_bytes(b"\x80\x04\x95" + b"\0" * 40)  # how a pickle starts (protocol 4)
    for load in (Word2Vec.load, KeyedVectors.load):
        with pytest.raises(ModelFileError, match="save_word2vec_format"):
            load(path)


def test_save_refuses_keywords_it_does_not_know(tmp_path):
    model = Word2Vec(SENTENCES, **SMALL)
    model.save(tmp_path / "m.model", separately=None, sep_limit=10, ignore=(), pickle_protocol=4)
    with pytest.raises(ConfigError, match="'binary'"):
        model.save(tmp_path / "m2.model", binary=True)


# --------------------------------------------------------------------------- gensim's keywords
def test_min_count_zero_keeps_every_word():
    model = Word2Vec([["a", "b", "c"], ["a", "b"]], min_count=0, vector_size=4, sample=0)
    assert sorted(model.wv.index_to_key) == ["a", "b", "c"]


def rule(word, count, min_count):
    if word == "the":
        return RULE_DISCARD
    if word == "dog":
        return RULE_KEEP
    return RULE_DEFAULT


def test_trim_rule_discards_keeps_and_defers_as_gensim():
    model = Word2Vec(SENTENCES, **{**SMALL, "min_count": 25}, trim_rule=rule)
    # counts: the 80, rules 40, land 40, king 20, queen 20, a 20, dog 20
    assert model.wv.index_to_key == ["land", "rules", "dog"]


def test_build_vocab_takes_a_trim_rule_and_uses_it_when_growing():
    model = Word2Vec(**SMALL)
    model.build_vocab(SENTENCES, trim_rule=lambda w, c, m: RULE_DISCARD if w in ("a", "knight") else RULE_DEFAULT)
    assert "a" not in model.wv and "king" in model.wv
    model.build_vocab(MORE, update=True)
    assert "serves" in model.wv and "knight" not in model.wv


def test_a_trim_rule_with_a_strange_answer_is_one_sentence():
    with pytest.raises(ConfigError, match="trim_rule returned 'yes'"):
        Word2Vec(SENTENCES, **SMALL, trim_rule=lambda w, c, m: "yes")
    with pytest.raises(ConfigError, match="trim_rule must be a function"):
        Word2Vec(**SMALL, trim_rule=3)


def test_build_vocab_refuses_a_keyword_it_does_not_know():
    with pytest.raises(ConfigError, match="no keyword 'min_count'"):
        Word2Vec(**SMALL).build_vocab(SENTENCES, min_count=2)


def test_a_negative_ns_exponent_trains():
    model = Word2Vec(SENTENCES, **SMALL, ns_exponent=-0.5)
    assert model.config.ns_power == -0.5 and np.isfinite(model.wv.vectors).all()


def test_gensim_keywords_without_a_meaning_here_are_accepted():
    model = Word2Vec(SENTENCES, **SMALL, report_delay=1.0, queue_factor=2, null_word=0, hashfxn=hash, comment="x")
    assert model.comment == "x"


def test_batch_words_is_the_block_size():
    assert Word2Vec(**SMALL, batch_words=500).config.block_words == 500


@pytest.mark.parametrize(
    "settings,needle",
    [
        (dict(null_word=1), "null_word=1 is not offered"),
        (dict(hashfxn=lambda w: 0), "hashfxn is not offered"),
        (dict(batch_words=10, block_words=20), "name the same setting"),
    ],
)
def test_gensim_keywords_with_another_meaning_are_refused(settings, needle):
    with pytest.raises(ConfigError, match=needle):
        Word2Vec(**SMALL, **settings)


def test_python_errors_name_the_keyword_not_the_flag():
    with pytest.raises(ConfigError) as info:
        Word2Vec(SENTENCES, **SMALL).train(SENTENCES, sample=-1)
    assert "sample must be" in str(info.value) and "--" not in str(info.value)


def test_similarity_of_a_word_with_itself_is_one_and_its_distance_zero():
    wv = Word2Vec(SENTENCES, **SMALL).wv
    for w in wv.index_to_key:
        assert wv.similarity(w, w) == 1.0 and wv.distance(w, w) == 0.0
        assert not np.isnan(np.arccos(wv.similarity(w, w)))


def test_similarity_stays_within_minus_one_and_one():
    """Two words with one float32 vector whose unit row dotted with itself rounds to 1.0000001: clipped to 1."""
    v = np.random.default_rng(1).normal(size=50).astype(np.float32)
    wv = KeyedVectors(["a", "b", "c"], np.stack([v, v, -v]))
    assert float(wv.normed[0] @ wv.normed[1]) > 1  # what rounding gives before the clip
    assert wv.similarity("a", "b") == 1.0 and wv.similarity("a", "c") >= -1.0
    assert not np.isnan(np.arccos(wv.similarity("a", "b")))


def test_no_warning_when_training_sees_examples():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Word2Vec(SENTENCES, **SMALL)


# --------------------------------------------------------------------------- more of gensim's API
def test_gensim_attribute_names_read_the_settings():
    model = Word2Vec(**SMALL, sg=0, hs=1, negative=0, window=3, ns_exponent=0.5, batch_words=700)
    assert (model.sg, model.hs, model.negative, model.window, model.vector_size) == (0, 1, 0, 3, 8)
    assert (model.ns_exponent, model.batch_words, model.cbow_mean, model.min_count) == (0.5, 700, 1, 1)
    assert model.alpha == 0.05 and model.epochs == 2  # CBOW's default rate, the C tool's
    ns = Word2Vec(**SMALL, sg=1, negative=7)
    assert (ns.sg, ns.hs, ns.negative, ns.alpha) == (1, 0, 7, 0.025)


def test_build_vocab_from_freq_builds_and_grows_with_gensim_counts():
    model = Word2Vec(vector_size=4, min_count=2, seed=1, sample=0)
    model.build_vocab_from_freq({"a": 5, "b": 3, "c": 1}, corpus_count=9)
    assert model.wv.index_to_key == ["a", "b"] and model.corpus_count == 9
    model.build_vocab_from_freq({"b": 4, "d": 2, "e": 1}, update=True)
    assert model.wv.index_to_key == ["b", "a", "d"] and model.wv.get_vecattr("b", "count") == 7
    model.train([["a", "b", "d", "a", "b"]] * 5, total_examples=5, epochs=1)
    assert np.isfinite(model.wv.vectors).all()


def test_build_vocab_from_freq_refuses_what_is_not_a_count():
    with pytest.raises(ConfigError, match="word_freq maps words"):
        Word2Vec(vector_size=4).build_vocab_from_freq({"a": -1, "b": 2})


def test_predict_output_word_takes_word_ids_too():
    model = Word2Vec(SENTENCES, **SMALL, negative=5)
    by_id = model.predict_output_word([model.wv.get_index("king"), model.wv.get_index("rules")], topn=3)
    assert by_id == model.predict_output_word(["king", "rules"], topn=3)


def test_evaluate_word_analogies_with_cosmul(tmp_path):
    """A question whose 3CosMul answer is not its 3CosAdd answer: each function scores its own answer right."""
    words = [f"w{i}" for i in range(8)]
    for seed in range(100):  # the first random vectors on which the two methods disagree
        kv = KeyedVectors(words, np.random.default_rng(seed).normal(size=(8, 3)).astype(np.float32))
        cosmul = kv.analogy("w0", "w1", "w2", method="3cosmul")[0][0]
        if cosmul != kv.analogy("w0", "w1", "w2", method="3cosadd")[0][0]:
            break
    (tmp_path / "q.txt").write_text(f": s\nw0 w1 w2 {cosmul}\n")
    assert kv.evaluate_word_analogies(tmp_path / "q.txt", similarity_function="most_similar_cosmul")[0] == 1.0
    assert kv.evaluate_word_analogies(tmp_path / "q.txt", similarity_function="most_similar")[0] == 0.0
    with pytest.raises(ConfigError, match="most_similar_cosmul"):
        kv.evaluate_word_analogies(tmp_path / "q.txt", similarity_function="cosine")


def test_line_sentence_reads_an_open_file_again_each_time(tmp_path):
    from word2vec_np.text.sources import LineSentence

    (tmp_path / "c.txt").write_text("the king rules\nthe queen rules\n" * 10)
    with open(tmp_path / "c.txt", "rb") as f:
        sentences = LineSentence(f)
        assert list(sentences) == list(sentences) and len(list(sentences)) == 20
        model = Word2Vec(sentences, **SMALL)
    assert sorted(model.wv.index_to_key) == ["king", "queen", "rules", "the"]


def test_a_training_that_fails_leaves_the_model_as_it_was():
    """A callback that raises in epoch 2: no half history, and wv back to the vectors training starts from."""
    model = Word2Vec(**{**SMALL, "epochs": 3})
    model.build_vocab(SENTENCES)
    before = model.wv.vectors.copy()

    def stop(report):
        if report.epoch == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        model.train(SENTENCES, total_examples=len(SENTENCES), epochs=3, callbacks=[stop])
    assert model.W_in is None and model.history.epoch_loss == []
    np.testing.assert_array_equal(model.wv.vectors, before)


def test_syn1neg_and_syn1_are_gensim_names_for_w_out():
    ns = Word2Vec(SENTENCES, **SMALL, negative=3)
    hs = Word2Vec(SENTENCES, **SMALL, hs=1, negative=0)
    assert ns.syn1neg is ns.W_out and hs.syn1 is hs.W_out and hs.syn1.shape[0] == len(hs.wv) - 1
    with pytest.raises(ConfigError, match="hierarchical softmax"):
        _ = ns.syn1
    with pytest.raises(ConfigError, match="negative sampling"):
        _ = hs.syn1neg
