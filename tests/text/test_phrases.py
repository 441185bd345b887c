"""Phrase detection: the score, the joining rule, passes, streaming, pruning and the command line."""

import bz2
import gzip
import subprocess
import sys
from itertools import pairwise

import pytest

from tests.helpers import ROOT, one_error_line
from word2vec_np.errors import ConfigError, CorpusError, CorpusNotFoundError
from word2vec_np.phrases import main
from word2vec_np.teach import toyworld
from word2vec_np.text.phrases import (
    count_pairs,
    join_pairs,
    learn_phrases,
    phrase_score,
    score_pairs,
)
from word2vec_np.word2vec import BUNDLED_CORPUS

# a: 4, b: 3, c: 2, d: 1; N = 10 tokens; pairs ab: 3, bc: 1, bd: 1, ca: 1 ("b c" then "c a" are in different sentences)
HAND = [["a", "b", "c"], ["a", "b", "d"], ["a", "b"], ["c", "a"]]


def write(tmp_path, name, sentences):
    path = tmp_path / name
    text = "".join(" ".join(s) + "\n" for s in sentences)
    if name.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode("utf-8")))
    elif name.endswith(".bz2"):
        path.write_bytes(bz2.compress(text.encode("utf-8")))
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def toy_table():
    return learn_phrases(BUNDLED_CORPUS, threshold=800, passes=2)


# --------------------------------------------------------------------------- the score


def test_counts_of_the_hand_corpus():
    counts = count_pairs(HAND)
    assert counts.total_words == 10 and counts.n_sentences == 4
    assert dict(counts.words) == {"a": 4, "b": 3, "c": 2, "d": 1}
    assert dict(counts.pairs) == {("a", "b"): 3, ("b", "c"): 1, ("b", "d"): 1, ("c", "a"): 1}


def test_scores_equal_the_formula_on_a_hand_corpus():
    # (count(ab) - delta) / (count(a) count(b)) * N, worked by hand
    scores = score_pairs(count_pairs(HAND), min_count=1, delta=0.5)
    assert scores == {
        ("a", "b"): pytest.approx(2.5 / 12 * 10, rel=1e-15),  # 25/12
        ("b", "c"): pytest.approx(0.5 / 6 * 10, rel=1e-15),  # 5/6
        ("b", "d"): pytest.approx(0.5 / 3 * 10, rel=1e-15),  # 5/3
        ("c", "a"): pytest.approx(0.5 / 8 * 10, rel=1e-15),  # 5/8
    }
    assert phrase_score(3, 4, 3, 10, 0.5) == pytest.approx(25 / 12, rel=1e-15)


def test_delta_defaults_to_min_count():
    assert score_pairs(count_pairs(HAND), min_count=1) == {
        ("a", "b"): pytest.approx(2 / 12 * 10),  # delta = 1
        ("b", "c"): 0.0,
        ("b", "d"): 0.0,
        ("c", "a"): 0.0,
    }
    table = learn_phrases(HAND, min_count=2, threshold=0)
    assert table.delta == 2.0
    assert table.phrases == {"a_b": pytest.approx((3 - 2) / 12 * 10)}  # 5/6


def test_min_count_applies_to_the_pair_and_both_words():
    scores = score_pairs(count_pairs(HAND), min_count=2, delta=0)
    assert set(scores) == {("a", "b")}  # every other pair occurs once
    three = score_pairs(count_pairs(HAND), min_count=4, delta=0)
    assert three == {}  # a b occurs 3 times < 4, although a occurs 4 times


def test_threshold_is_strict():
    exact = phrase_score(3, 4, 3, 10, 2)  # the score of a b with min_count 2
    assert learn_phrases(HAND, min_count=2, threshold=exact).phrases == {}
    assert learn_phrases(HAND, min_count=2, threshold=exact * 0.999).phrases == {"a_b": exact}


def test_sentences_do_not_share_pairs():
    counts = count_pairs([["x", "y"], ["z"]])
    assert ("y", "z") not in counts.pairs and counts.total_words == 3


# --------------------------------------------------------------------------- joining


def test_join_is_greedy_left_to_right_whatever_the_scores():
    table = {("a", "b"): 1.0, ("b", "c"): 9.0}
    assert join_pairs(["a", "b", "c"], table) == ["a_b", "c"]
    assert join_pairs(["x", "b", "c", "d"], table) == ["x", "b_c", "d"]
    assert join_pairs(["a", "a", "a"], {("a", "a"): 1}) == ["a_a", "a"]
    assert join_pairs([], table) == [] and join_pairs(["a"], table) == ["a"]


def test_multi_pass_builds_a_three_word_phrase_with_the_formula_scores():
    # 20 sentences "f_i rio de janeiro g_i": rio, de, janeiro occur 20 times, N = 100
    corpus = [[f"f{i}", "rio", "de", "janeiro", f"g{i}"] for i in range(20)]
    one = learn_phrases(corpus, threshold=1, passes=1)
    assert one.phrases == {"de_janeiro": (20 - 5) / 400 * 100, "rio_de": (20 - 5) / 400 * 100}  # 3.75 each
    assert one.apply(corpus[0]) == ["f0", "rio_de", "janeiro", "g0"]
    two = learn_phrases(corpus, threshold=1, passes=2)
    # pass 2 reads "f_i rio_de janeiro g_i": N = 80
    assert two.phrases["rio_de_janeiro"] == pytest.approx((20 - 5) / 400 * 80)  # 3.0
    assert two.apply(["we", "love", "rio", "de", "janeiro"]) == ["we", "love", "rio_de_janeiro"]
    assert [r.total_words for r in two.reports] == [100, 80]
    assert "rio_de_janeiro" in two and len(two) == 3


def test_one_threshold_per_pass():
    corpus = [[f"f{i}", "rio", "de", "janeiro", f"g{i}"] for i in range(20)]
    table = learn_phrases(corpus, threshold=[1, 3.5], passes=2)
    assert "rio_de" in table.phrases and "rio_de_janeiro" not in table.phrases  # 3.0 is not above 3.5
    assert [r.threshold for r in table.reports] == [1.0, 3.5]


def test_apply_replays_the_passes_on_new_text(toy_table):
    text = "yesterday we flew to new york and ate ice cream with the prime minister in rio de janeiro"
    assert toy_table.apply(text.split()) == (
        "yesterday we flew to new_york and ate ice_cream with the prime_minister in rio_de_janeiro".split()
    )
    assert toy_table.apply([]) == []
    with pytest.raises(ConfigError, match="list of tokens"):
        toy_table.apply("new york")


# --------------------------------------------------------------------------- the toy world


def test_toy_world_planted_phrases_are_found_and_common_pairs_are_not(toy_table):
    planted = ["_".join(p) for p in toyworld.planted_phrases()]
    assert set(planted) <= set(toy_table.phrases)
    # every join is a piece of a planted name (rio_de, de_janeiro on the way to rio_de_janeiro)
    assert all(any(token in name for name in planted) for token in toy_table.phrases)
    for a, b in toyworld.common_pairs():
        assert f"{a}_{b}" not in toy_table.phrases
    assert all(score > 1000 for score in toy_table.phrases.values())


def test_toy_world_common_pairs_stay_apart_at_the_default_threshold():
    table = learn_phrases(BUNDLED_CORPUS)  # min_count 5, threshold 100
    for a, b in toyworld.common_pairs():
        assert f"{a}_{b}" not in table.phrases  # "of the" scores about 2
    assert {"new_york", "ice_cream", "prime_minister"} <= set(table.phrases)
    assert 80 <= len(table) <= 100  # template collocations ("said that") score over 100 too


# --------------------------------------------------------------------------- streaming


def test_gzip_and_bzip2_give_the_same_phrases_as_plain(tmp_path):
    corpus = [[f"f{i % 7}", "rio", "de", "janeiro", f"g{i % 5}", "and", "new", "york"] for i in range(40)]
    plain = learn_phrases(write(tmp_path, "c.txt", corpus), threshold=1, passes=2)
    for name in ("c.txt.gz", "c.txt.bz2"):
        packed = learn_phrases(write(tmp_path, name, corpus), threshold=1, passes=2)
        assert packed.phrases == plain.phrases and packed.reports == plain.reports
    in_memory = learn_phrases(corpus, threshold=1, passes=2)
    assert in_memory.phrases == plain.phrases


def test_apply_file_streams_and_compresses(tmp_path):
    corpus = [[f"f{i}", "new", "york", "is", "big"] for i in range(30)] + [["lonely"]]
    src = write(tmp_path, "in.txt.gz", corpus)
    table = learn_phrases(src, threshold=1)
    report = table.apply_file(src, tmp_path / "out.txt")
    lines = (tmp_path / "out.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "f0 new_york is_big" and lines[-1] == "lonely" and len(lines) == 31
    assert (report.n_sentences, report.words_in, report.words_out, report.joins) == (31, 151, 91, 60)
    table.apply_file(src, tmp_path / "out.txt.bz2")
    assert bz2.decompress((tmp_path / "out.txt.bz2").read_bytes()).decode("utf-8").splitlines() == lines


def test_a_generator_is_read_once_and_refused_for_two_passes():
    table = learn_phrases((s for s in HAND), min_count=2, threshold=0)
    assert table.phrases == {"a_b": pytest.approx(5 / 6)}
    with pytest.raises(ConfigError, match="one-shot"):
        learn_phrases((s for s in HAND), passes=2)


# --------------------------------------------------------------------------- pruning


def test_pruning_drops_rare_pairs_under_a_rising_floor():
    counts = count_pairs([["a", "b"], ["a", "b"], ["c", "d"], ["e", "f"]], max_pairs=2)
    assert dict(counts.pairs) == {("a", "b"): 2}  # c d and e f were counted once: dropped at floor 1
    assert (counts.prune_floor, counts.n_pruned) == (1, 2)
    assert counts.words["e"] == 1  # word counts are never pruned


def test_pruning_bounds_the_table_and_keeps_frequent_pairs():
    corpus = [[f"u{i}", f"v{i}", "new", "york"] for i in range(3000)]  # 2 unique pairs per sentence
    full = count_pairs(corpus, max_pairs=None)
    assert len(full.pairs) == 6001
    bounded = count_pairs(corpus, max_pairs=200)
    assert len(bounded.pairs) <= 200 and bounded.prune_floor >= 1 and bounded.n_pruned > 5000
    assert bounded.pairs["new", "york"] == 3000  # frequent: never dropped, so exact
    assert bounded.words == full.words
    table = learn_phrases(corpus, threshold=1, max_pairs=200)
    assert (
        table.phrases
        == learn_phrases(corpus, threshold=1).phrases
        == {"new_york": pytest.approx(2995 / 3000**2 * 12000)}
    )


# --------------------------------------------------------------------------- mistakes


@pytest.mark.parametrize(
    "kwargs,needle",
    [
        ({"min_count": 0}, "min_count"),
        ({"threshold": -1}, "threshold"),
        ({"threshold": float("nan")}, "threshold"),
        ({"threshold": [100, 50]}, "one threshold per pass"),
        ({"delta": -1}, "delta"),
        ({"passes": 0}, "passes"),
        ({"max_pairs": 0}, "max_pairs"),
    ],
)
def test_bad_settings_are_config_errors(kwargs, needle):
    with pytest.raises(ConfigError, match=needle):
        learn_phrases(HAND, **kwargs)


def test_bad_sentences_are_named():
    with pytest.raises(ConfigError, match="split it first"):
        learn_phrases(["new york is big"])
    with pytest.raises(ConfigError, match="str tokens"):
        learn_phrases([[1, 2, 3]])
    with pytest.raises(ConfigError, match="path or an iterable"):
        learn_phrases(42)
    with pytest.raises(CorpusError, match="no tokens"):
        learn_phrases([[], []])
    with pytest.raises(CorpusNotFoundError, match="nope.txt"):
        learn_phrases("nope.txt")


@pytest.fixture
def small_file(tmp_path):
    return write(tmp_path, "small corpus.txt", [["w", "new", "york", f"x{i}"] for i in range(20)])


@pytest.mark.parametrize(
    "argv,needle",
    [
        (["{tmp}/missing.txt", "{tmp}/out.txt"], "missing.txt"),
        (["{tmp}/empty.txt", "{tmp}/out.txt"], "empty.txt"),
        (["{tmp}/latin1.txt", "{tmp}/out.txt"], "UTF-8"),
        (["{corpus}", "{corpus}"], "input corpus itself"),
        (["{corpus}", "{tmp}/no/such/dir/out.txt"], "does not exist"),
        (["{corpus}", "{tmp}/out.txt", "--min-count", "0"], "--min-count"),
        (["{corpus}", "{tmp}/out.txt", "--threshold", "-5"], "--threshold"),
        (["{corpus}", "{tmp}/out.txt", "--threshold", "200", "100", "--passes", "3"], "one threshold per pass"),
        (["{corpus}", "{tmp}/out.txt", "--delta", "-1"], "--delta"),
        (["{corpus}", "{tmp}/out.txt", "--passes", "0"], "--passes"),
        (["{corpus}", "{tmp}/out.txt", "--max-pairs", "0"], "--max-pairs"),
    ],
)
def test_cli_mistakes_give_one_error_line(argv, needle, small_file, tmp_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "latin1.txt").write_bytes("caf\u00e9 au lait\n".encode("latin-1"))
    argv = [a.format(corpus=small_file, tmp=tmp_path) for a in argv] + ["--quiet"]
    assert main(argv) == 2
    assert needle in one_error_line(capsys)
    assert not (tmp_path / "out.txt").exists()


def test_cli_debug_shows_the_traceback(tmp_path, capsys):
    assert main([str(tmp_path / "missing.txt"), str(tmp_path / "out.txt"), "--debug"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and err.strip().splitlines()[-1].startswith("error: ")


def test_cli_prints_phrases_with_scores_and_writes_the_corpus(tmp_path):
    out = tmp_path / "toy_phrases.txt"
    run = subprocess.run(
        [sys.executable, "-m", "word2vec_np.phrases", str(BUNDLED_CORPUS), str(out), "--threshold", "800", "800"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "pass 2:" in run.stdout and "rio_de_janeiro" in run.stdout and "1501.4" in run.stdout
    assert "prime_minister" in run.stdout and "1213.5" in run.stdout
    before = [line.split() for line in BUNDLED_CORPUS.read_text(encoding="utf-8").splitlines()]
    after = [line.split() for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(after) == len(before)
    n_new_york = sum(pair == ("new", "york") for s in before for pair in pairwise(s))
    assert sum(s.count("new_york") for s in after) == n_new_york > 50  # every "new york" joined
    assert sum(s.count("rio_de_janeiro") for s in after) == sum(s.count("janeiro") for s in before)
    n_of_the = [sum(pair == ("of", "the") for s in text for pair in pairwise(s)) for text in (before, after)]
    assert n_of_the[0] == n_of_the[1] > 500  # "of the" stays apart
