"""The vectors API: lookup, cosine neighbours, analogies (3CosAdd and 3CosMul), doesnt_match."""

import math

import numpy as np
import pytest

from word2vec_np.errors import ConfigError, UnknownWordError
from word2vec_np.vectors.vectors import Vectors, analogy_scores, unit_rows


def unit(deg: float) -> list[float]:
    t = math.radians(deg)
    return [math.cos(t), math.sin(t)]


@pytest.fixture
def compass() -> Vectors:
    """Five 2-D words at known angles, one zero vector; cosines are cosines of angle differences."""
    words = ["east", "north_east", "north", "west", "south", "nothing"]
    M = np.array([unit(0), [2 * x for x in unit(45)], unit(90), unit(180), unit(270), [0.0, 0.0]])
    return Vectors(words, M, counts=[60, 50, 40, 30, 20, 10])


def test_lookup(compass):
    assert len(compass) == 6 and compass.dim == 2
    assert "north" in compass and "up" not in compass and 3 not in compass
    assert compass.words[2] == "north" and compass.index["north"] == 2 and compass.id("west") == 3
    np.testing.assert_allclose(compass["north_east"], [math.sqrt(2), math.sqrt(2)])
    np.testing.assert_allclose(compass.vector("north_east", norm=True), [math.sqrt(0.5), math.sqrt(0.5)])
    assert compass[["east", "west"]].shape == (2, 2)
    assert list(compass) == list(compass.words)
    assert compass.counts.tolist() == [60, 50, 40, 30, 20, 10]
    assert repr(compass) == "Vectors(V=6, D=2)"


def test_unknown_word_names_it(compass):
    with pytest.raises(UnknownWordError, match="'up'.*min_count") as info:
        compass["up"]
    assert isinstance(info.value, KeyError)
    for call in (
        lambda: compass.similarity("east", "up"),
        lambda: compass.most_similar("up"),
        lambda: compass.most_similar("east", negative="up"),
        lambda: compass.analogy("east", "up", "west"),
        lambda: compass.doesnt_match(["east", "up"]),
        lambda: compass[["east", "up"]],
    ):
        with pytest.raises(UnknownWordError, match="'up'"):
            call()


def test_normed_rows_are_unit_zero_row_stays_zero_and_cached(compass):
    N = compass.normed
    assert N is compass.normed
    np.testing.assert_allclose(np.linalg.norm(N[:5], axis=1), 1.0)
    assert np.all(N[5] == 0) and np.isfinite(N).all()
    assert compass.similarity("nothing", "east") == 0.0
    assert unit_rows(np.zeros((2, 3), dtype=np.float32)).dtype == np.float32


def test_similarity_is_cosine(compass):
    assert compass.similarity("east", "north_east") == pytest.approx(math.sqrt(0.5))
    assert compass.similarity("east", "west") == pytest.approx(-1)
    assert compass.similarity("north", "east") == pytest.approx(0, abs=1e-12)


def test_most_similar_known_neighbours(compass):
    got = compass.most_similar("east", topn=3)
    assert [w for w, _ in got] == ["north_east", "north", "nothing"]  # north ties nothing at 0: row order
    assert got[0][1] == pytest.approx(math.sqrt(0.5))
    # the query word is never an answer; topn=None gives every other word, best first
    everything = compass.most_similar("east", topn=None)
    assert [w for w, _ in everything] == ["north_east", "north", "nothing", "south", "west"]
    scores = [s for _, s in everything]
    assert scores == sorted(scores, reverse=True)


def test_most_similar_negative_vectors_and_restrict(compass):
    # north - west points north-east: east and north (the query) ... north is excluded
    assert compass.most_similar(positive=["north"], negative=["west"], topn=1)[0][0] == "north_east"
    # a raw vector is a query but not excluded; its length does not matter
    got = compass.most_similar(positive=np.array([5.0, 0.0]), topn=1)
    assert got == [("east", pytest.approx(1.0))]
    # only the first 3 rows are candidates
    assert [w for w, _ in compass.most_similar("west", topn=None, restrict_vocab=3)] == [
        "north",
        "north_east",
        "east",
    ]
    with pytest.raises(ConfigError):
        compass.most_similar()
    with pytest.raises(ConfigError):
        compass.most_similar(np.ones(3))
    with pytest.raises(ConfigError):
        compass.most_similar("east", restrict_vocab=0)


def test_most_similar_zero_query_gives_no_nan(compass):
    got = compass.most_similar(positive="east", negative="east", topn=None)
    assert all(s == 0 for _, s in got)


def test_most_similar_large_vocab_uses_partition_correctly():
    rng = np.random.default_rng(0)
    M = rng.standard_normal((500, 8))
    v = Vectors([f"w{i}" for i in range(500)], M)
    got = v.most_similar("w0", topn=7)
    cos = unit_rows(M) @ unit_rows(M)[0]
    cos[0] = -np.inf
    expected = np.argsort(-cos, kind="stable")[:7]
    assert [w for w, _ in got] == [f"w{i}" for i in expected]
    np.testing.assert_allclose([s for _, s in got], cos[expected])


def cosmul_reference(v: Vectors, a: str, b: str, c: str, d: str) -> float:
    """Equation (3CosMul) for one candidate, written out term by term."""

    def shifted(x, y):
        return (v.similarity(x, y) + 1) / 2

    return shifted(d, b) * shifted(d, c) / (shifted(d, a) + 1e-3)


def cosadd_reference(v: Vectors, a: str, b: str, c: str, d: str) -> float:
    """Equation (3CosAdd) for one candidate."""
    return v.similarity(d, b) - v.similarity(d, a) + v.similarity(d, c)


@pytest.fixture
def split_vote() -> Vectors:
    """a : b :: c : ? where 3CosAdd picks d1 and 3CosMul picks d2 (angles in degrees).

    3CosAdd: d1 = cos(-60) - cos(30) + cos(15) = 0.600,  d2 = cos(75) - cos(165) + cos(150) = 0.359.
    3CosMul: d1 = 0.750 * 0.983 / (0.933 + 1e-3) = 0.789,  d2 = 0.629 * 0.067 / (0.017 + 1e-3) = 2.338:
    d2 is nearly opposite to a, and 3CosMul's small denominator rewards that.
    """
    return Vectors(["a", "b", "c", "d1", "d2"], np.array([unit(0), unit(90), unit(15), unit(30), unit(165)]))


def test_3cosadd_and_3cosmul_differ_on_a_constructed_example(split_vote):
    v = split_vote
    add = v.analogy("a", "b", "c", topn=2, method="3cosadd")
    mul = v.analogy("a", "b", "c", topn=2, method="3cosmul")
    assert [w for w, _ in add] == ["d1", "d2"]
    assert [w for w, _ in mul] == ["d2", "d1"]
    assert add[0][1] == pytest.approx(0.600, abs=1e-3) and add[1][1] == pytest.approx(0.359, abs=1e-3)
    assert mul[0][1] == pytest.approx(2.338, abs=1e-3) and mul[1][1] == pytest.approx(0.789, abs=1e-3)
    for d, score in add:
        assert score == pytest.approx(cosadd_reference(v, "a", "b", "c", d))
    for d, score in mul:
        assert score == pytest.approx(cosmul_reference(v, "a", "b", "c", d))
    with pytest.raises(ConfigError, match="3cosadd"):
        v.analogy("a", "b", "c", method="pairdirection")


def test_analogy_excludes_question_words_and_agrees_with_most_similar():
    # king - man + woman lands exactly on king's neighbourhood; king itself must not be the answer
    words = ["king", "queen", "man", "woman", "apple"]
    M = np.array([[1.0, 1.0, 0.0], [1.0, -1.0, 0.1], [0.0, 1.0, 0.0], [0.0, -1.0, 0.0], [0.2, 0.0, 1.0]])
    v = Vectors(words, M)
    expected = cosadd_reference(v, "man", "king", "woman", "queen")
    assert v.analogy("man", "king", "woman") == [("queen", pytest.approx(expected))]
    assert v.analogy("man", "king", "woman", topn=5)[-1][0] == "apple"
    assert len(v.analogy("man", "king", "woman", topn=5)) == 2  # only queen and apple are candidates
    # gensim's formulation: most_similar(positive=[b, c], negative=[a]) has the same winner
    assert v.most_similar(positive=["king", "woman"], negative=["man"], topn=1)[0][0] == "queen"
    assert v.analogy("man", "king", "woman", restrict_vocab=4)[0][0] == "queen"
    assert v.analogy("man", "king", "woman", restrict_vocab=1) == []  # the only candidate is a question word


def test_analogy_scores_match_reference_on_random_vectors():
    rng = np.random.default_rng(3)
    M = rng.standard_normal((12, 5))
    v = Vectors([f"w{i}" for i in range(12)], M)
    N = v.normed
    for method, ref in (("3cosadd", cosadd_reference), ("3cosmul", cosmul_reference)):
        S = analogy_scores(N[[0, 3]], N[[1, 4]], N[[2, 5]], N, method)  # (2, 12)
        for q, (a, b, c) in enumerate([(0, 1, 2), (3, 4, 5)]):
            expected = [ref(v, f"w{a}", f"w{b}", f"w{c}", f"w{d}") for d in range(12)]
            np.testing.assert_allclose(S[q], expected, rtol=1e-10)


def test_doesnt_match(compass):
    assert compass.doesnt_match(["east", "north_east", "north", "west"]) == "west"
    assert compass.doesnt_match(["east"]) == "east"
    with pytest.raises(ConfigError):
        compass.doesnt_match([])


def test_constructor_checks():
    with pytest.raises(ConfigError, match="2 words but a matrix of 3 rows"):
        Vectors(["a", "b"], np.zeros((3, 2)))
    with pytest.raises(ConfigError, match="'a' appears more than once"):
        Vectors(["a", "b", "a"], np.zeros((3, 2)))
    with pytest.raises(ConfigError, match="2-D"):
        Vectors(["a"], np.zeros(3))
    with pytest.raises(ConfigError, match="counts"):
        Vectors(["a"], np.zeros((1, 2)), counts=[1, 2])
    v = Vectors(["a"], np.array([[1, 2]]))  # integers become floats
    assert np.issubdtype(v.matrix.dtype, np.floating)


def test_float32_matrix_stays_float32():
    v = Vectors(["a", "b"], np.array([[1, 0], [0, 1]], dtype=np.float32))
    assert v.normed.dtype == np.float32
    assert isinstance(v.most_similar("a")[0][1], float)
