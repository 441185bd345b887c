"""gensim's habits a ported script leans on: the built-in errors it catches, settable learning
rates, per-word attributes as a mapping, the counts of loaded vectors, and undecodable vocab files."""

import numpy as np
import pytest

from word2vec_np.compat.keyedvectors import KeyedVectors
from word2vec_np.errors import (
    ClassMethodError,
    ConfigError,
    CorpusTypeError,
    EmptyWordListError,
    ModelFileError,
    TruncatedFileError,
    UndecodableWordError,
)
from word2vec_np.word2vec import Word2Vec

SENTENCES = [["the", "cat", "sat", "on", "the", "mat"], ["the", "dog", "sat", "on", "the", "log"]] * 20


def small(**settings) -> Word2Vec:
    return Word2Vec(SENTENCES, dim=8, epochs=2, min_count=1, sample=0, seed=3, **settings)


# --------------------------------------------------------------------------- the built-in errors gensim raises
def test_n_similarity_of_one_word_each_is_exactly_the_similarity():
    wv = small().wv
    for a, b in [("cat", "dog"), ("mat", "the"), ("sat", "sat")]:
        assert wv.n_similarity([a], [b]) == wv.similarity(a, b)
    assert -1.0 <= wv.n_similarity(["cat", "dog"], ["mat", "log"]) <= 1.0


@pytest.mark.parametrize("ws1, ws2", [(["cat"], []), ([], ["cat"]), ([], [])])
def test_n_similarity_of_an_empty_list_is_a_zero_division(ws1, ws2):
    wv = small().wv
    with pytest.raises(ZeroDivisionError, match="at least one word in each list") as info:
        wv.n_similarity(ws1, ws2)
    assert isinstance(info.value, EmptyWordListError) and isinstance(info.value, ConfigError)


@pytest.mark.parametrize("binary", [False, True])
def test_a_file_shorter_than_its_header_says_is_an_eof_error(tmp_path, binary):
    path = tmp_path / "v.bin"
    wv = small().wv
    wv.save_word2vec_format(path, binary=binary)
    data = path.read_bytes()
    V = len(wv)
    path.write_bytes(data.replace(f"{V} ".encode(), f"{V + 1} ".encode(), 1))
    with pytest.raises(EOFError, match=f"declares {V + 1} words but the file ends after {V}") as info:
        KeyedVectors.load_word2vec_format(path, binary=binary)
    assert isinstance(info.value, TruncatedFileError) and isinstance(info.value, ModelFileError)


@pytest.mark.parametrize("sentence", [None, 3, [["nested", "list"]], [1, 2]])
def test_a_sentence_of_the_wrong_type_is_a_type_error(sentence):
    with pytest.raises(TypeError, match="sentence 1 of the Python sentences") as info:
        Word2Vec([["fine", "words"], sentence], min_count=1)
    assert isinstance(info.value, CorpusTypeError)


def test_load_is_called_on_the_class_not_on_a_model(tmp_path):
    model = small()
    model.save(tmp_path / "m.model")
    with pytest.raises(AttributeError, match=r"Word2Vec\.load\(path\), not model\.load\(path\)") as info:
        model.load(tmp_path / "m.model")
    assert isinstance(info.value, ClassMethodError)
    np.testing.assert_array_equal(Word2Vec.load(tmp_path / "m.model").W_in, model.W_in)
    assert "mmap" in Word2Vec.load.__doc__


# --------------------------------------------------------------------------- settable learning rates
def test_alpha_and_min_alpha_set_by_hand_are_the_next_training_s():
    by_hand, by_call = small(), small()
    by_hand.alpha = 0.01
    by_hand.min_alpha = 0.005
    assert (by_hand.alpha, by_hand.min_alpha) == (0.01, 0.005)
    by_hand.train(SENTENCES)
    by_call.train(SENTENCES, start_alpha=0.01, end_alpha=0.005)
    np.testing.assert_array_equal(by_hand.W_in, by_call.W_in)
    default = small()
    default.train(SENTENCES)
    assert not np.array_equal(by_hand.W_in, default.W_in)  # the rate set by hand was used


def test_alpha_may_pass_below_min_alpha_for_a_moment_and_a_bad_one_is_refused_at_training():
    model = small()
    model.min_alpha = 0.02
    model.alpha = 0.01  # below min_alpha: gensim's loops lower alpha first, then min_alpha
    assert model.alpha == 0.01
    model.min_alpha = model.alpha
    model.train(SENTENCES)
    model.min_alpha = 0.5
    with pytest.raises(ConfigError, match=r"min_alpha \(0\.5\) is larger than alpha \(0\.01\)"):
        model.train(SENTENCES)


def test_alpha_left_unset_reads_the_architecture_s_default():
    model = Word2Vec(sg=0)
    assert model.alpha == 0.05 and model.min_alpha == pytest.approx(0.05e-4)
    assert Word2Vec(sg=1).alpha == 0.025
    model.min_alpha = 0.1  # above the default alpha for a moment: reading alpha is no error
    assert model.alpha == 0.05


# --------------------------------------------------------------------------- per-word attributes
def test_expandos_is_a_read_only_view_with_the_counts():
    wv = small().wv
    assert np.array_equal(wv.expandos["count"], wv.counts)
    assert wv.index_to_key[int(np.argmax(wv.expandos["count"]))] == "the"
    wv.set_vecattr("cat", "pet", 1)
    assert set(wv.expandos) == {"count", "pet"} and wv.expandos["pet"][wv.get_index("cat")] == 1
    with pytest.raises(TypeError):
        wv.expandos["count"] = np.zeros(len(wv))
    assert "count" not in KeyedVectors(["a"], np.ones((1, 2))).expandos


# --------------------------------------------------------------------------- loading the C formats
def test_vectors_loaded_without_counts_get_gensim_s_made_up_counts(tmp_path):
    wv = small().wv
    wv.save_word2vec_format(tmp_path / "v.txt")
    back = KeyedVectors.load_word2vec_format(tmp_path / "v.txt")
    V = len(back)
    assert [back.get_vecattr(w, "count") for w in back.index_to_key] == list(range(V, 0, -1))
    back.save_word2vec_format(tmp_path / "again.txt")  # sorting by the made-up counts keeps the order
    assert KeyedVectors.load_word2vec_format(tmp_path / "again.txt").index_to_key == back.index_to_key


CUT = "ありがとう".encode() + "う".encode()[:2]  # a word the C tool cut in the middle of a character


@pytest.mark.parametrize("errors, word", [("replace", "ありがとう\ufffd"), ("ignore", "ありがとう")])
def test_the_vocab_file_is_decoded_as_the_vectors_file(tmp_path, errors, word):
    (tmp_path / "v.txt").write_bytes(b"2 2\n" + CUT + b" 0.5 0.5\nok 1 0\n")
    (tmp_path / "vocab.txt").write_bytes(b"</s> 0\n" + CUT + b" 123\nok 7\n")
    kv = KeyedVectors.load_word2vec_format(tmp_path / "v.txt", fvocab=tmp_path / "vocab.txt", unicode_errors=errors)
    assert kv.index_to_key == [word, "ok"]
    assert kv.get_vecattr(word, "count") == 123 and kv.get_vecattr("ok", "count") == 7


def test_an_undecodable_vocab_file_is_refused_by_default(tmp_path):
    (tmp_path / "v.txt").write_bytes(b"1 2\nok 1 0\n")
    (tmp_path / "vocab.txt").write_bytes(b"</s> 0\n" + CUT + b" 123\nok 7\n")
    with pytest.raises(UnicodeDecodeError, match=r"vocab\.txt': the word of row 2 is not valid UTF-8") as info:
        KeyedVectors.load_word2vec_format(tmp_path / "v.txt", fvocab=tmp_path / "vocab.txt")
    assert isinstance(info.value, UndecodableWordError) and isinstance(info.value, ModelFileError)
    assert info.value.object == CUT and info.value.start == len("ありがとう".encode())


@pytest.mark.parametrize("write_header", [True, False])
def test_text_vectors_read_back_to_the_very_same_float32_values(tmp_path, rng, write_header):
    kv = KeyedVectors(6)
    M = (rng.standard_normal((20, 6)) * 10.0 ** rng.integers(-6, 3, (20, 1))).astype(np.float32)  # (20, 6)
    kv.add_vectors([f"w{i}" for i in range(20)], M)
    kv.save_word2vec_format(tmp_path / "v.txt", write_header=write_header)
    back = KeyedVectors.load_word2vec_format(tmp_path / "v.txt", no_header=not write_header)
    assert back.index_to_key == kv.index_to_key
    np.testing.assert_array_equal(back.vectors, M)


def test_model_wv_cannot_be_replaced_by_other_vectors():
    model = Word2Vec()
    with pytest.raises(ConfigError, match="model.wv cannot be replaced: it is the model's own W_in"):
        model.wv = KeyedVectors(["a", "b"], np.eye(2))
    with pytest.raises(ConfigError, match="model.wv cannot be replaced"):
        model.vectors = KeyedVectors(["a", "b"], np.eye(2))


# --------------------------------------------------------------------------- shrink_windows=False
def test_a_fixed_window_gives_every_centre_the_whole_window_and_draws_the_same():
    from word2vec_np.core.sampling import draw_half_widths, skipgram_pairs

    a, b = np.random.default_rng(5), np.random.default_rng(5)
    assert set(draw_half_widths(200, 4, a).tolist()) == {1, 2, 3, 4}
    np.testing.assert_array_equal(draw_half_widths(200, 4, b, shrink=False), np.full(200, 4))
    assert a.integers(1 << 30) == b.integers(1 << 30)  # the same draws follow
    ids, offsets = np.arange(10, dtype=np.int32), np.array([0, 7, 10])
    inputs, targets = skipgram_pairs(ids, offsets, 2, np.random.default_rng(0), shrink=False)
    every = {(j, i) for s, e in [(0, 7), (7, 10)] for i in range(s, e) for j in range(s, e) if 0 < abs(i - j) <= 2}
    assert sorted(zip(inputs.tolist(), targets.tolist(), strict=True)) == sorted(every)


@pytest.mark.parametrize("sg", [0, 1])
def test_shrink_windows_false_trains_with_whole_windows_and_the_default_is_unchanged(sg):
    default = Word2Vec(SENTENCES, vector_size=8, sg=sg, epochs=2, min_count=1, sample=0, seed=3)
    same = Word2Vec(SENTENCES, vector_size=8, sg=sg, epochs=2, min_count=1, sample=0, seed=3, shrink_windows=True)
    fixed = Word2Vec(SENTENCES, vector_size=8, sg=sg, epochs=2, min_count=1, sample=0, seed=3, shrink_windows=False)
    np.testing.assert_array_equal(default.W_in, same.W_in)
    assert fixed.shrink_windows is False and default.shrink_windows is True
    if sg:  # one example per (context, centre) pair: whole windows hold more of them
        assert sum(fixed.history.epoch_examples) > sum(default.history.epoch_examples)
    assert not np.array_equal(default.W_in, fixed.W_in)


def test_shrink_windows_must_be_a_bool():
    with pytest.raises(ConfigError, match="shrink_windows must be True or False, got 'no'"):
        Word2Vec(SENTENCES, min_count=1, shrink_windows="no")


# --------------------------------------------------------------------------- the output layer before training
@pytest.mark.parametrize("hs, name, rows", [(0, "syn1neg", 0), (1, "syn1", 1)])
def test_the_output_layer_after_build_vocab_is_the_one_training_starts_from(hs, name, rows):
    model = Word2Vec(vector_size=4, min_count=1, hs=hs, negative=0 if hs else 3, seed=2)
    with pytest.raises(ConfigError, match=f"{name} is W_out of a model"):
        getattr(model, name)
    model.build_vocab(SENTENCES)
    W_out = getattr(model, name)
    assert W_out.shape == (len(model.wv) - rows, 4) and not W_out.any()
    model.train(SENTENCES)
    assert getattr(model, name) is model.W_out and model.W_out.any()
    other = "syn1" if name == "syn1neg" else "syn1neg"
    with pytest.raises(ConfigError, match=f"{other} is W_out"):
        getattr(model, other)
