"""KeyedVectors as gensim users build and use them by hand, and the C formats' writer options."""

import numpy as np
import pytest

from word2vec_np.compat.keyedvectors import KeyedVectors
from word2vec_np.errors import ConfigError, UnknownWordError
from word2vec_np.vectors.word2vec_format import load_word2vec, save_word2vec_binary, save_word2vec_text

E = np.eye(3, dtype=np.float32)


def three() -> KeyedVectors:
    """x, y, z along the axes; xy between x and y."""
    kv = KeyedVectors(3)
    kv.add_vectors(["x", "y", "z"], E)
    kv.add_vector("xy", np.array([1, 1, 0], dtype=np.float32))
    return kv


# --------------------------------------------------------------------------- filling by hand
def test_an_empty_set_of_vectors_of_a_given_size():
    kv = KeyedVectors(4)
    assert len(kv) == 0 and kv.vector_size == 4 and kv.vectors.shape == (0, 4)


def test_add_vector_appends_and_keeps_a_known_word():
    kv = three()
    assert kv.index_to_key == ["x", "y", "z", "xy"] and kv.get_index("xy") == 3
    kv.add_vector("x", np.array([5, 5, 5]))
    np.testing.assert_array_equal(kv["x"], E[0])  # gensim keeps the old vector unless replace=True


def test_add_vectors_with_replace_and_setitem_replace():
    kv = three()
    kv.add_vectors(["x", "w"], np.array([[0, 0, 2], [0, 2, 0]]), replace=True)
    np.testing.assert_array_equal(kv["x"], [0, 0, 2])
    kv["y"] = np.array([3, 0, 0])
    kv[["z", "v"]] = np.array([[1, 2, 3], [4, 5, 6]])
    np.testing.assert_array_equal(kv[["y", "z", "v"]], [[3, 0, 0], [1, 2, 3], [4, 5, 6]])


def test_replacing_a_vector_updates_the_cosines():
    """The unit rows are recomputed after a replacement (a stale cache would answer for the old vector)."""
    kv = three()
    assert kv.similarity("x", "z") == 0.0
    kv["x"] = np.array([0, 0, 1])
    assert kv.similarity("x", "z") == 1.0


def test_adding_vectors_of_the_wrong_size_is_one_sentence():
    with pytest.raises(ConfigError, match="give 1 vectors of 3 values"):
        three().add_vector("w", np.ones(4))


def test_vecattrs_count_and_others():
    kv = KeyedVectors(["a", "b"], E[:2], counts=np.array([7, 3]))
    assert kv.get_vecattr("b", "count") == 3
    kv.set_vecattr("b", "count", 9)
    kv.set_vecattr("a", "tag", 2)
    assert kv.get_vecattr("b", "count") == 9 and kv.get_vecattr("a", "tag") == 2 and kv.get_vecattr("b", "tag") == 0
    with pytest.raises(ConfigError, match="set_vecattr"):
        kv.get_vecattr("a", "colour")
    with pytest.raises(UnknownWordError):
        kv.get_vecattr("c", "count")


# --------------------------------------------------------------------------- norms and means
def test_unit_normalize_all_makes_every_row_unit_length_in_place():
    kv = KeyedVectors(["a", "b"], np.array([[3.0, 4.0], [0.0, 2.0]], dtype=np.float32))
    matrix = kv.vectors
    kv.fill_norms()
    kv.unit_normalize_all()
    assert kv.vectors is matrix
    np.testing.assert_allclose(kv.vectors, [[0.6, 0.8], [0, 1]])
    np.testing.assert_allclose(kv.get_normed_vectors(), kv.vectors)


def test_get_mean_vector_weights_normalizes_and_skips_unknown_words():
    kv = KeyedVectors(["a", "b"], np.array([[2.0, 0.0], [0.0, 4.0]], dtype=np.float32))
    np.testing.assert_allclose(kv.get_mean_vector(["a", "b"]), [0.5, 0.5])  # unit vectors first
    np.testing.assert_allclose(kv.get_mean_vector(["a", "b"], pre_normalize=False), [1.0, 2.0])
    np.testing.assert_allclose(kv.get_mean_vector(["a", "b"], weights=[3, -1]), [0.75, -0.25])
    np.testing.assert_allclose(kv.get_mean_vector(["a", "nope"]), [1.0, 0.0])
    np.testing.assert_allclose(kv.get_mean_vector(["a", "b"], post_normalize=True), [0.5**0.5] * 2, rtol=1e-6)
    with pytest.raises(UnknownWordError):
        kv.get_mean_vector(["a", "nope"], ignore_missing=False)


def test_most_similar_to_given_and_relative_cosine_similarity():
    kv = three()
    assert kv.most_similar_to_given("x", ["z", "xy", "y"]) == "xy"
    # x's two nearest are xy (cos 1/sqrt 2) and one of y, z (cos 0)
    assert kv.relative_cosine_similarity("x", "xy", topn=2) == pytest.approx(1.0)
    assert kv.relative_cosine_similarity("x", "y", topn=2) == 0.0


def test_vectors_for_all_keeps_known_words_once_in_order():
    kv = three()
    kv.set_vecattr("y", "count", 4)
    sub = kv.vectors_for_all(["z", "nope", "y", "z"], copy_vecattrs=True)
    assert sub.index_to_key == ["z", "y"] and sub.get_vecattr("y", "count") == 4
    np.testing.assert_array_equal(sub["z"], E[2])
    np.testing.assert_array_equal(kv.vectors_for_all(["y", "z"]).counts, [2, 1])  # made up, as gensim


def test_wmdistance_is_refused_naming_the_solver_it_needs():
    with pytest.raises(ConfigError, match="optimal-transport"):
        three().wmdistance(["x"], ["y"])


# --------------------------------------------------------------------------- C formats: gensim's writer options
def test_write_header_false_writes_glove_rows_that_load_back(tmp_path):
    kv = three()
    kv.save_word2vec_format(tmp_path / "v.txt", write_header=False)
    assert (tmp_path / "v.txt").read_text().splitlines()[0].startswith("x ")
    back = KeyedVectors.load_word2vec_format(tmp_path / "v.txt", no_header=True)
    assert back.index_to_key == kv.index_to_key


def test_append_adds_to_the_end_of_the_file(tmp_path):
    path = tmp_path / "v.txt"
    save_word2vec_text(path, ["a"], np.ones((1, 2)))
    save_word2vec_text(path, ["b"], np.zeros((1, 2)), header=False, append=True)
    assert path.read_text() == "1 2\na 1.000000 1.000000 \nb 0.000000 0.000000 \n"
    save_word2vec_binary(tmp_path / "v.bin", ["a"], np.ones((1, 2)))
    save_word2vec_binary(tmp_path / "v.bin", ["b"], np.ones((1, 2)), append=True)
    assert (tmp_path / "v.bin").read_bytes().count(b"1 2\n") == 2


def test_fvocab_writes_counts_that_load_back(tmp_path):
    kv = KeyedVectors(["b", "a"], E[:2], counts=np.array([2, 5]))
    kv.save_word2vec_format(tmp_path / "v.txt", fvocab=tmp_path / "vocab.txt")
    assert load_word2vec(tmp_path / "v.txt")[0] == ["a", "b"]  # sorted by count, as gensim's sort_attr
    back = KeyedVectors.load_word2vec_format(tmp_path / "v.txt", fvocab=tmp_path / "vocab.txt")
    assert back.get_vecattr("a", "count") == 5 and back.get_vecattr("b", "count") == 2


def test_prefix_goes_before_every_word(tmp_path):
    three().save_word2vec_format(tmp_path / "v.bin", binary=True, prefix="en:")
    assert load_word2vec(tmp_path / "v.bin")[0] == ["en:x", "en:y", "en:z", "en:xy"]


def test_writer_options_that_cannot_be_honoured_are_one_sentence(tmp_path):
    with pytest.raises(ConfigError, match="binary file cannot be read without it"):
        three().save_word2vec_format(tmp_path / "v.bin", binary=True, write_header=False)
    with pytest.raises(ConfigError, match="total_vec=9"):
        three().save_word2vec_format(tmp_path / "v.txt", total_vec=9)
    with pytest.raises(ConfigError, match="no counts"):
        three().save_word2vec_format(tmp_path / "v.txt", fvocab=tmp_path / "c.txt")
    assert list(tmp_path.iterdir()) == []  # checked before anything is written


def test_sentence_end_writes_the_c_tools_row_zero(tmp_path):
    """The C tool's files begin with </s>; its word-analogy takes row 0 for 'not found'."""
    kv = three()
    for binary, name in ((True, "v.bin"), (False, "v.txt")):
        kv.save_word2vec_format(tmp_path / name, binary=binary, sentence_end=True)
        words, M = load_word2vec(tmp_path / name)
        assert words == ["</s>", "x", "y", "z", "xy"]
        np.testing.assert_array_equal(M[0], 0)
        np.testing.assert_array_equal(M[1:], kv.vectors)
    kv.save_word2vec_format(tmp_path / "plain.bin", binary=True)
    assert load_word2vec(tmp_path / "plain.bin")[0][0] == "x"  # off by default


def test_sentence_end_refuses_words_that_hold_it_already(tmp_path):
    kv = KeyedVectors(["</s>", "a"], E[:2])
    with pytest.raises(ConfigError, match="already hold '</s>'"):
        kv.save_word2vec_format(tmp_path / "v.bin", binary=True, sentence_end=True)


def test_vector_size_by_keyword():
    assert KeyedVectors(vector_size=5).vector_size == 5
    with pytest.raises(ConfigError, match="not both"):
        KeyedVectors(["a"], vector_size=5)
