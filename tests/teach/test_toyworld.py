"""The toy world generator and the bundled files it wrote (word2vec_np/data)."""

import collections
import re
from pathlib import Path

import numpy as np
import pytest

from word2vec_np.errors import ConfigError
from word2vec_np.teach import toyworld

DATA = Path(toyworld.__file__).resolve().parents[1] / "data"
MIN_COUNT = 5


@pytest.fixture(scope="module")
def sentences() -> list[list[str]]:
    text = (DATA / toyworld.CORPUS_NAME).read_text(encoding="utf-8")
    return [line.split() for line in text.splitlines()]


@pytest.fixture(scope="module")
def counts(sentences) -> collections.Counter:
    return collections.Counter(t for s in sentences for t in s)


def read_analogy_file(path: Path) -> list[tuple[str, str, str, str, str]]:
    rows, section = [], None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(":"):
            section = line[1:].strip()
            assert section, f"line {number}: empty section name"
            continue
        words = line.split()
        assert section is not None, f"line {number}: question before the first section"
        assert len(words) == 4, f"line {number}: {line!r} does not have 4 words"
        rows.append((section, *words))
    return rows


def planted_words() -> set[str]:
    return {w for rel in toyworld.RELATIONS for a, b, ctx in rel.pairs for w in (a, b, *ctx)}


# --- the committed files are what the generator writes -------------------------------------------


def test_committed_files_equal_a_fresh_regeneration(tmp_path):
    assert toyworld.main([str(tmp_path)]) == 0
    for name in (toyworld.CORPUS_NAME, toyworld.ANALOGIES_NAME, toyworld.PAIRS_NAME):
        fresh, committed = (tmp_path / name).read_bytes(), (DATA / name).read_bytes()
        assert fresh == committed, f"{name} is stale: run python -m word2vec_np.teach.toyworld {DATA}"


def test_same_seed_same_corpus_other_seed_other_corpus():
    first = toyworld.generate(seed=3, n_sentences=2000)
    assert toyworld.generate(seed=3, n_sentences=2000) == first
    assert toyworld.generate(seed=4, n_sentences=2000) != first
    assert len(first) == 2000


def test_corpus_size_is_as_documented(sentences, counts):
    n_bytes = (DATA / toyworld.CORPUS_NAME).stat().st_size
    n_tokens = sum(counts.values())
    assert len(sentences) == toyworld.DEFAULT_N_SENTENCES
    assert 120_000 <= n_tokens <= 250_000
    assert n_bytes < 1_000_000
    assert all(t == t.lower() and t.isalpha() for t in counts)


# --- analogies ---------------------------------------------------------------------------------


def test_analogy_file_parses_and_matches_the_api():
    rows = read_analogy_file(DATA / toyworld.ANALOGIES_NAME)
    assert rows == toyworld.analogies()
    sections = collections.Counter(r[0] for r in rows)
    assert list(sections) == [rel.section for rel in toyworld.RELATIONS]
    for rel in toyworld.RELATIONS:
        n = len(rel.pairs)
        assert sections[rel.section] == n * (n - 1)
    for _, a, b, c, d in rows:
        assert len({a, b, c, d}) == 4


def test_every_analogy_word_survives_min_count(counts):
    words = {w for _, *question in toyworld.analogies() for w in question}
    rare = {w: counts[w] for w in words if counts[w] < MIN_COUNT}
    assert not rare, f"analogy words below min_count {MIN_COUNT}: {rare}"
    # and often enough to be learned in a few epochs
    assert min(counts[w] for w in words) >= 50


def test_pair_contexts_occur_only_beside_their_own_pair(sentences):
    owner = {c: (a, b) for rel in toyworld.RELATIONS for a, b, ctx in rel.pairs for c in ctx}
    analogy_words = {w for rel in toyworld.RELATIONS for a, b, _ in rel.pairs for w in (a, b)}
    assert not set(owner) & analogy_words
    seen = collections.Counter()
    for s in sentences:
        tokens = set(s)
        for c in tokens & set(owner):
            present = tokens & analogy_words
            assert present and present <= set(owner[c]), f"{c!r} beside {present} in {' '.join(s)!r}"
            seen[c] += 1
    assert set(seen) == set(owner)


def literal_tokens(text: str) -> list[str]:
    """The tokens of a template that are not slots."""
    return re.sub(r"\{\w+\}", " ", text).split()


def side_tokens(rel: toyworld.Relation, side: int) -> set[str]:
    """Every token of the relation's side-attribute values on ``side``."""
    return {t for values in rel.slots.values() for v in values[side] for t in v.split()}


def test_side_attributes_never_meet_the_other_side(sentences):
    """A token used only by one side's attribute values never appears beside a word of the other side."""
    shared = set()
    for text in toyworld.FILLER_TEMPLATES + tuple(t for _, ts in toyworld.PHRASES for t in ts):
        shared.update(literal_tokens(text))
    shared.update(t for values in toyworld.FILLER.values() for v in values for t in v.split())
    for rel in toyworld.RELATIONS:
        shared.update(t for text in rel.templates for t in literal_tokens(text))
    checked = 0
    for rel in toyworld.RELATIONS:
        others = set().union(*(side_tokens(r, s) for r in toyworld.RELATIONS if r is not rel for s in (0, 1)))
        own = [side_tokens(rel, 0), side_tokens(rel, 1)]
        exclusive = [own[s] - own[1 - s] - shared - others for s in (0, 1)]
        assert exclusive[0] and exclusive[1], rel.section
        words = [{p[0] for p in rel.pairs}, {p[1] for p in rel.pairs}]
        for s in sentences:
            tokens = set(s)
            for side in (0, 1):
                if tokens & words[side]:
                    assert not tokens & exclusive[1 - side], " ".join(s)
                    checked += 1
    assert checked > 1000


def test_filler_and_templates_use_no_planted_word():
    planted = planted_words() | {w for p in toyworld.planted_phrases() for w in p}
    texts = list(toyworld.FILLER_TEMPLATES) + [t for rel in toyworld.RELATIONS for t in rel.templates]
    literal = {t for text in texts for t in literal_tokens(text)}
    filler = {t for values in toyworld.FILLER.values() for v in values for t in v.split()}
    assert not literal & planted
    assert not filler & planted
    # no word plays two planted roles (pair word, pair context, phrase word)
    roles = [w for rel in toyworld.RELATIONS for a, b, ctx in rel.pairs for w in (a, b, *ctx)]
    roles += [w for p in toyworld.planted_phrases() for w in p]
    assert len(roles) == len(planted)


def test_module_docstring_documents_every_template_and_pair():
    doc = " ".join(toyworld.__doc__.split())
    texts = list(toyworld.FILLER_TEMPLATES) + [t for _, ts in toyworld.PHRASES for t in ts]
    for rel in toyworld.RELATIONS:
        assert rel.section in doc
        texts += rel.templates
        for a, b, ctx in rel.pairs:
            assert f"{a} {b} ({' '.join(ctx)})" in doc, (a, b)
    for text in texts:
        assert f"``{text}``" in doc, text


# --- phrases -----------------------------------------------------------------------------------


def test_planted_phrases_occur_only_as_a_unit(sentences, counts):
    phrases = toyworld.planted_phrases()
    assert any(len(p) == 3 for p in phrases) and any(len(p) == 2 for p in phrases)
    for phrase in phrases:
        n = len(phrase)
        units = 0
        for s in sentences:
            covered = set()
            for i in range(len(s) - n + 1):
                if tuple(s[i : i + n]) == phrase:
                    covered.update(range(i, i + n))
                    units += 1
            for i, t in enumerate(s):
                if t in phrase:
                    assert i in covered, f"{t!r} outside {' '.join(phrase)!r} in {' '.join(s)!r}"
        assert units >= 50
        assert all(counts[w] == units for w in phrase)


def phrase_score(bigrams, counts, total, a, b, delta=5):
    """The word2phrase score (count(ab) - delta) / (count(a) count(b)) * total."""
    return (bigrams[(a, b)] - delta) / (counts[a] * counts[b]) * total


def test_common_pairs_are_frequent_but_score_far_below_planted_phrases(sentences, counts):
    bigrams = collections.Counter(pair for s in sentences for pair in zip(s[:-1], s[1:], strict=True))
    total = sum(counts.values())
    planted = [phrase_score(bigrams, counts, total, *p[i : i + 2])
               for p in toyworld.planted_phrases() for i in range(len(p) - 1)]
    assert min(planted) > 500
    common = toyworld.common_pairs()
    assert ("of", "the") in common
    for a, b in common:
        assert bigrams[(a, b)] >= 300, (a, b)
        assert phrase_score(bigrams, counts, total, a, b) < 10, (a, b)
    # the planted phrases are the highest-scoring adjacent pairs of the corpus
    phrase_pairs = {p[i : i + 2] for p in toyworld.planted_phrases() for i in range(len(p) - 1)}
    best_other = max(phrase_score(bigrams, counts, total, a, b)
                     for (a, b), n in bigrams.items() if n >= MIN_COUNT and (a, b) not in phrase_pairs)
    assert best_other < min(planted)


# --- frequencies and the word-pair file --------------------------------------------------------


def test_word_frequencies_are_zipf_like(counts):
    freq = np.array(sorted(counts.values(), reverse=True)[:100], dtype=np.float64)
    rank = np.arange(1, freq.size + 1, dtype=np.float64)
    slope = np.polyfit(np.log(rank), np.log(freq), 1)[0]
    assert -1.3 < slope < -0.6
    assert freq[0] / freq[9] > 5  # a few words dominate, as in real text


def test_pairs_file_parses_and_scores_follow_the_construction(counts):
    lines = (DATA / toyworld.PAIRS_NAME).read_text(encoding="utf-8").splitlines()
    rows = [line.split() for line in lines]
    assert all(len(r) == 3 for r in rows)
    parsed = [(a, b, float(s)) for a, b, s in rows]
    assert parsed == toyworld.similarity_pairs()
    assert len({(a, b) for a, b, _ in parsed}) == len(parsed)
    assert all(counts[a] >= MIN_COUNT and counts[b] >= MIN_COUNT for a, b, _ in parsed)
    side = {}
    for r, rel in enumerate(toyworld.RELATIONS):
        for k, (a, b, _) in enumerate(rel.pairs):
            side[a], side[b] = (r, k, 0), (r, k, 1)
    for a, b, score in parsed:
        (ra, ka, sa), (rb, kb, sb) = side[a], side[b]
        if ra != rb:
            expected = "other_relation"
        elif ka == kb:
            expected = "partner"
        else:
            expected = "same_side" if sa == sb else "other_side"
        assert score == toyworld.PAIR_SCORES[expected], (a, b)
    assert set(score for *_, score in parsed) == set(toyworld.PAIR_SCORES.values())


# --- command line and errors -------------------------------------------------------------------


def test_main_reports_an_unusable_output_directory(tmp_path, capsys):
    not_a_dir = tmp_path / "file.txt"
    not_a_dir.write_text("x")
    assert toyworld.main([str(not_a_dir)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "file.txt" in err


def test_main_writes_a_smaller_corpus_with_another_seed(tmp_path):
    out = tmp_path / "new" / "dir"
    assert toyworld.main([str(out), "--seed", "7", "--sentences", "300"]) == 0
    lines = (out / toyworld.CORPUS_NAME).read_text(encoding="utf-8").splitlines()
    assert lines == toyworld.generate(seed=7, n_sentences=300)


@pytest.mark.parametrize("kwargs", [{"seed": -1}, {"seed": 1.5}, {"n_sentences": 0}, {"n_sentences": True}])
def test_bad_arguments_raise_config_error(kwargs):
    with pytest.raises(ConfigError):
        toyworld.generate(**kwargs)
