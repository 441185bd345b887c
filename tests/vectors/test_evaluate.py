"""Evaluation: analogy accuracy per section, word-pair correlations, and reading their files."""

import math

import numpy as np
import pytest

from word2vec_np.errors import ConfigError, CorpusError, CorpusNotFoundError
from word2vec_np.vectors.evaluation import (
    evaluate_analogies,
    evaluate_word_pairs,
    read_analogies,
    read_word_pairs,
)
from word2vec_np.vectors.statistics import pearson, spearman
from word2vec_np.vectors.vectors import Vectors

# ---------------------------------------------------------------------- analogy files
ANALOGIES = """\
: gender
man woman king queen
man woman boy girl
King Queen Boy Girl

: plural
apple apples car cars
apple apples unicorn unicorns
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_read_analogies(tmp_path):
    qs = read_analogies(write(tmp_path, "q.txt", ANALOGIES))
    assert qs[0] == ("gender", "man", "woman", "king", "queen")
    assert qs[2] == ("gender", "King", "Queen", "Boy", "Girl")
    assert qs[-1] == ("plural", "apple", "apples", "unicorn", "unicorns")
    assert len(qs) == 5
    assert read_analogies(write(tmp_path, "q.txt", ANALOGIES), lowercase=True)[2][1:] == (
        "king",
        "queen",
        "boy",
        "girl",
    )
    assert read_analogies(write(tmp_path, "n.txt", "a b c d\n"))[0][0] == "(no section)"


@pytest.mark.parametrize(
    "text, message",
    [
        (": s\na b c d\na b c\n", "line 3: expected four words.*found 3 words"),
        (": s\n:\n", "line 2: a ':' header needs a section name"),
        (": s\n\n", "holds no analogy questions"),
    ],
)
def test_read_analogies_bad_lines_name_file_and_line(tmp_path, text, message):
    path = write(tmp_path, "q.txt", text)
    with pytest.raises(CorpusError, match=message) as info:
        read_analogies(path)
    assert str(path) in str(info.value)


def test_bad_encoding_and_missing_file(tmp_path):
    path = tmp_path / "q.txt"
    path.write_bytes(b": s\na b c d\n\xff b c d\n")
    with pytest.raises(CorpusError, match="line 3: the text is not valid UTF-8"):
        read_analogies(path)
    with pytest.raises(CorpusNotFoundError, match="does not exist"):
        read_analogies(tmp_path / "missing.txt")
    with pytest.raises(CorpusError, match="directory"):
        read_word_pairs(tmp_path)


# ---------------------------------------------------------------------- analogy evaluation
def planted_vectors() -> Vectors:
    """Words made of attributes, so that b - a + c lands on d for the planted relations.

    Dimensions: male, female, person, royal, young, fruit, vehicle, plural. king - man + woman
    = royal + female = queen. Rows are ordered as a frequency-sorted vocabulary would be.
    """
    attrs = ["male", "female", "person", "royal", "young", "fruit", "vehicle", "plural"]
    words = {
        "man": "male person",
        "woman": "female person",
        "king": "male royal",
        "queen": "female royal",
        "boy": "male young",
        "girl": "female young",
        "apple": "fruit",
        "apples": "fruit plural",
        "car": "vehicle",
        "cars": "vehicle plural",
        "pear": "fruit fruit plural",  # a distractor near apples
        "Queen": "",  # a rarer spelling (the band): with case folding "queen" keeps its own vector
    }
    M = np.array([[spec.split().count(a) for a in attrs] for spec in words.values()], dtype=np.float64)
    M[list(words).index("Queen"), attrs.index("fruit")] = -1.0
    return Vectors(list(words), M)


@pytest.fixture
def planted() -> Vectors:
    return planted_vectors()


def reference_accuracy(v: Vectors, questions, method="3cosadd"):
    """The slow path: one Vectors.analogy call per question (case-sensitive, no restriction)."""
    correct = answered = skipped = 0
    for _, a, b, c, d in questions:
        if not all(w in v for w in (a, b, c, d)):
            skipped += 1
            continue
        answered += 1
        correct += v.analogy(a, b, c, method=method)[0][0] == d
    return correct, answered, skipped


def test_evaluate_analogies_counts_per_section_and_skips_oov(tmp_path, planted):
    path = write(tmp_path, "q.txt", ANALOGIES)
    res = evaluate_analogies(planted, path)
    gender, plural = res.sections
    assert (gender.name, gender.correct, gender.total, gender.skipped) == ("gender", 3, 3, 0)
    assert (plural.name, plural.correct, plural.total, plural.skipped) == ("plural", 1, 1, 1)
    assert (res.correct, res.total, res.skipped) == (4, 4, 1)
    assert res.accuracy == 1.0 and res.accuracy_with_skipped == pytest.approx(0.8)
    d = res.to_dict()
    assert d["sections"][1] == {
        "section": "plural",
        "correct": 1,
        "total": 1,
        "skipped": 1,
        "accuracy": 1.0,
        "accuracy_with_skipped": 0.5,
    }
    # case-sensitive: "King", "Boy", "Girl" are unknown; "Queen" exists but the question is skipped
    strict = evaluate_analogies(planted, path, case_insensitive=False)
    assert (strict.correct, strict.total, strict.skipped) == (3, 3, 2)
    assert strict.correct == reference_accuracy(planted, read_analogies(path))[0]


def test_evaluate_agrees_with_the_vectors_api_on_random_vectors():
    rng = np.random.default_rng(7)
    words = [f"w{i}" for i in range(40)]
    v = Vectors(words, rng.standard_normal((40, 6)))
    # pick each question's d as the true 3CosAdd/3CosMul answer half the time
    questions = []
    for _ in range(60):
        a, b, c, d = rng.choice(40, size=4, replace=False)
        questions.append(("s", words[a], words[b], words[c], words[d]))
        answer = v.analogy(words[a], words[b], words[c])[0][0]
        questions.append(("s", words[a], words[b], words[c], answer))
    questions.append(("s", "w1", "w2", "w3", "unknown"))
    for method in ("3cosadd", "3cosmul"):
        res = evaluate_analogies(v, questions, method=method, case_insensitive=False)
        assert (res.correct, res.total, res.skipped) == reference_accuracy(v, questions, method)
    assert evaluate_analogies(v, questions).correct >= 60


def test_question_words_are_never_answers(planted):
    # man : man :: king : ? -- the nearest to king - man + man is king itself, which is excluded
    res = evaluate_analogies(planted, [("man", "man", "king", "king")], case_insensitive=False)
    assert (res.correct, res.total) == (0, 1)


def test_restrict_vocab_limits_candidates_and_known_words(tmp_path, planted):
    path = write(tmp_path, "q.txt", ANALOGIES)
    res = evaluate_analogies(planted, path, restrict_vocab=6)  # man .. girl: plural questions are OOV
    assert [(s.total, s.skipped) for s in res.sections] == [(3, 0), (0, 2)]
    assert math.isnan(res.sections[1].accuracy) and res.to_dict()["sections"][1]["accuracy"] is None
    with pytest.raises(ConfigError):
        evaluate_analogies(planted, path, restrict_vocab=0)


def test_3cosmul_method_is_used(planted):
    res = evaluate_analogies(planted, [("man", "woman", "king", "queen")], method="3cosmul")
    assert res.method == "3cosmul" and res.correct == 1
    with pytest.raises(ConfigError):
        evaluate_analogies(planted, [("man", "woman", "king", "queen")], method="nope")
    with pytest.raises(ConfigError):
        evaluate_analogies(planted, [("man", "woman", "king")])


# ---------------------------------------------------------------------- word pairs
PAIRS = """\
# a comment, then a header line
word1\tword2\tscore
man\twoman\t8.0
king queen 7.5
apple,car,1.0
man car 0.5
man unicorn 3.0
"""


def test_read_word_pairs(tmp_path):
    pairs = read_word_pairs(write(tmp_path, "p.txt", PAIRS))
    assert pairs == [
        ("man", "woman", 8.0),
        ("king", "queen", 7.5),
        ("apple", "car", 1.0),
        ("man", "car", 0.5),
        ("man", "unicorn", 3.0),
    ]
    four = write(tmp_path, "q.txt", "King\tQueen\tn\t7.5\n")  # which of the last two is the score?
    with pytest.raises(CorpusError, match="say which holds the score with --pairs-column"):
        read_word_pairs(four)
    assert read_word_pairs(four, lowercase=True, column=4) == [("king", "queen", 7.5)]


@pytest.mark.parametrize(
    "text, message",
    [
        ("a b 1\nc d\n", "line 2: expected 'word1 word2 score', found 2"),
        ("a b 1\nc d e\n", "line 2: the score 'e' is not a finite number"),
        ("a b 1\nc d nan\n", "line 2: the score 'nan'"),
        ("# only comments\n", "holds no word pairs"),
    ],
)
def test_read_word_pairs_bad_lines(tmp_path, text, message):
    path = write(tmp_path, "p.txt", text)
    with pytest.raises(CorpusError, match=message) as info:
        read_word_pairs(path)
    assert str(path) in str(info.value)


def test_evaluate_word_pairs(tmp_path, planted):
    res = evaluate_word_pairs(planted, write(tmp_path, "p.txt", PAIRS))
    assert (res.n_pairs, res.n_oov) == (4, 1)
    model = [
        planted.similarity(a, b)
        for a, b in [("man", "woman"), ("king", "queen"), ("apple", "car"), ("man", "car")]
    ]
    human = [8.0, 7.5, 1.0, 0.5]
    assert res.pearson == pytest.approx(pearson(model, human))
    assert res.spearman == pytest.approx(spearman(model, human))
    pearson_, spearman_, n_pairs, n_oov = res  # a plain tuple too
    assert n_pairs == 4
    empty = evaluate_word_pairs(planted, [("x", "y", 1.0)])
    assert (empty.n_pairs, empty.n_oov) == (0, 1) and math.isnan(empty.spearman)
    # case folding uses the most frequent spelling: "QUEEN" reads as "queen" (cosine 0 with apple),
    # not the rarer "Queen" (cosine -1), so the model scores are 0, 0.5, 1: exactly linear in the human ones
    folded = evaluate_word_pairs(
        planted, [("QUEEN", "apple", 1.0), ("man", "woman", 2.0), ("boy", "BOY", 3.0)]
    )
    assert folded.n_pairs == 3 and folded.pearson == pytest.approx(1.0)
    assert evaluate_word_pairs(planted, [("QUEEN", "apple", 1.0)], case_insensitive=False).n_oov == 1
