"""gensim's Phrases / FrozenPhrases / Phraser in Python, over the phrase learner the command uses."""

import pytest

from word2vec_np.compat.phrases import FrozenPhrases, Phraser, Phrases
from word2vec_np.errors import ConfigError
from word2vec_np.text.phrases import learn_phrases

# "new york" always together; "york" also once alone; "is" and "big" everywhere.
SENTENCES = [
    ["new", "york", "is", "big"],
    ["i", "love", "new", "york"],
    ["the", "city", "is", "big"],
    ["new", "york", "never", "sleeps"],
    ["york", "is", "old"],
]


def test_a_sentence_gets_its_phrases_joined():
    phrases = Phrases(SENTENCES, min_count=1, threshold=1)
    assert phrases[["we", "saw", "new", "york"]] == ["we", "saw", "new_york"]
    assert phrases[[]] == []


def test_the_joins_are_those_of_the_command_s_learner():
    """Same counts, same score, same threshold rule as learn_phrases (which python -m word2vec_np.phrases runs)."""
    phrases = Phrases(SENTENCES, min_count=1, threshold=1)
    table = learn_phrases(SENTENCES, min_count=1, threshold=1)
    assert phrases.export_phrases() == pytest.approx(table.phrases)


def test_a_corpus_is_rewritten_each_time_it_is_iterated():
    rewritten = Phrases(SENTENCES, min_count=1, threshold=1)[SENTENCES]
    first, again = list(rewritten), list(rewritten)
    assert first == again and first[0][0] == "new_york" and len(first) == len(SENTENCES)


def test_add_vocab_counts_more_sentences():
    phrases = Phrases(SENTENCES[:1], min_count=2, threshold=1)
    assert phrases.export_phrases() == {}  # every pair seen once
    phrases.add_vocab(SENTENCES[1:])
    assert "new_york" in phrases.export_phrases()


def test_freeze_keeps_the_same_answers():
    phrases = Phrases(SENTENCES, min_count=1, threshold=1)
    frozen = phrases.freeze()
    assert isinstance(frozen, FrozenPhrases) and Phraser is FrozenPhrases
    assert frozen.phrasegrams == phrases.export_phrases() == frozen.export_phrases()
    assert all(frozen[s] == phrases[s] for s in SENTENCES)
    assert Phraser(phrases)[["new", "york"]] == ["new_york"]


def test_find_phrases_lists_the_joins_made_in_given_sentences():
    phrases = Phrases(SENTENCES, min_count=1, threshold=1)
    found = phrases.find_phrases([["to", "new", "york"]])
    assert list(found) == ["new_york"] and found["new_york"] == phrases.export_phrases()["new_york"]
    # "york is" is a phrase too, but the greedy scan has taken "york" into new_york already
    assert "york_is" in phrases.export_phrases() and list(phrases.find_phrases([["new", "york", "is"]])) == ["new_york"]


def test_a_higher_threshold_joins_less():
    loose = Phrases(SENTENCES, min_count=1, threshold=0)
    strict = Phrases(SENTENCES, min_count=1, threshold=max(loose.export_phrases().values()))
    assert strict.export_phrases() == {} and loose.export_phrases()


@pytest.mark.parametrize(
    "settings,needle",
    [
        (dict(scoring="npmi"), "scoring='npmi' is not offered"),
        (dict(connector_words=frozenset({"of"})), "connector_words is not offered"),
        (dict(min_count=0), "min_count must be a positive"),
        (dict(delimiter=" "), "delimiter must be"),
    ],
)
def test_what_is_not_offered_is_one_sentence(settings, needle):
    with pytest.raises(ConfigError, match=needle):
        Phrases(SENTENCES, **settings)


def test_a_string_is_not_a_sentence():
    with pytest.raises(ConfigError, match="list of tokens"):
        Phrases(SENTENCES, min_count=1)["new york"]
