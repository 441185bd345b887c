"""gensim's names for the settings, mapped onto this package's own: the one place they meet.

A gensim 4 script ports by changing its import::

    from word2vec_np.word2vec import Word2Vec          # was: from gensim.models import Word2Vec
    model = Word2Vec(sentences, vector_size=100, window=5, min_count=1, sg=1, workers=1)

:func:`to_settings` turns such keywords into :class:`~word2vec_np.engine.config.TrainConfig`
fields. The package's own names (``dim``, ``arch``, ``objective``, ...) stay
valid; giving both spellings of one setting is an error, never a silent
choice. :data:`GENSIM_NAMES` is the table docs/api.md prints ("coming from
gensim"); a test checks that the two agree.
"""

from __future__ import annotations

from ..errors import ConfigError

# gensim name -> (our name, what differs). Values are taken as they are unless
# :func:`to_settings` converts them (sg, hs, cbow_mean, shrink_windows, ...).
GENSIM_NAMES: dict[str, tuple[str, str]] = {
    "vector_size": ("dim", ""),
    "window": ("window", ""),
    "min_count": ("min_count", "min_count=0 keeps every word, as min_count=1 does (here it becomes 1)"),
    "sg": ("arch", "sg=1 is arch='skipgram', sg=0 arch='cbow'; without either, skip-gram here, CBOW in gensim"),
    "hs": (
        "objective",
        "hs=1 is objective='hs' (with negative=0 or left out); gensim's hs=1 with negative>0 trains both "
        "objectives at once, which is refused here",
    ),
    "negative": ("negative", "negative=0 needs hs=1 (hierarchical softmax), as in gensim"),
    "ns_exponent": ("ns_power", "negative values too, as in gensim: rare words are drawn more often"),
    "cbow_mean": ("arch", "only cbow_mean=1 (h is the mean of the context vectors); the sum (0) is not offered"),
    "sample": ("sample", ""),
    "alpha": ("alpha", "default 0.025 for skip-gram and 0.05 for CBOW (the C tool's); gensim uses 0.025 for both"),
    "min_alpha": ("min_alpha", "default alpha * 1e-4 (the C tool's floor); gensim's is 0.0001"),
    "epochs": ("epochs", ""),
    "seed": ("seed", "the same seed gives the same vectors bit for bit, also with one worker only"),
    "workers": ("workers", "default 1 here, 3 in gensim"),
    "max_vocab_size": (
        "max_vocab_size",
        "keeps the N most frequent words of exact counts (gensim's max_final_vocab); gensim's "
        "max_vocab_size instead prunes rare words while counting, to cap memory",
    ),
    "max_final_vocab": ("max_vocab_size", ""),
    "shrink_windows": ("shrink_windows", "as in gensim: False gives every centre word the whole window"),
    "sorted_vocab": ("", "only 1: ids are always ranks by descending count"),
    "compute_loss": (
        "",
        "accepted: the loss is always computed; get_latest_training_loss() is the sum over the latest "
        "training's examples, history.epoch_loss the mean per example of each epoch",
    ),
    "batch_words": ("block_words", "the words of one block of sentences; gensim also cuts longer sentences there"),
    "report_delay": ("", "accepted: progress is a bar (quiet=False), not log lines every report_delay seconds"),
    "queue_factor": ("", "accepted: workers are processes handed blocks in order, with no job queue to size"),
    "comment": ("", "accepted and kept as model.comment"),
    "null_word": ("", "only 0: CBOW's windows are never padded with a null word"),
    "hashfxn": ("", "only Python's hash: initial vectors come from seed, not from hashing the words"),
    "trim_rule": ("", "as in gensim: rule(word, count, min_count) returns RULE_DISCARD, RULE_KEEP or RULE_DEFAULT"),
}

# gensim's trim_rule answers (gensim.utils's values).
RULE_DEFAULT = 0
RULE_DISCARD = 1
RULE_KEEP = 2

# Names that mean the same setting; giving two of one group is an error.
_SAME_SETTING = (
    ("vector_size", "dim"),
    ("sg", "arch"),
    ("cbow_mean", "arch"),
    ("hs", "objective"),
    ("ns_exponent", "ns_power"),
    ("max_final_vocab", "max_vocab_size"),
    ("batch_words", "block_words"),
)


def to_settings(settings: dict) -> dict:
    """Return ``settings`` with gensim's names replaced by TrainConfig's.

    Keywords that are neither gensim's nor ours are passed on unchanged (the
    config reports them as unknown).

    Raises
    ------
    ConfigError
        Two spellings of one setting, or a gensim value this package does not
        offer (cbow_mean=0, hs=1 with negative > 0, ...).
    """
    given = dict(settings)
    for a, b in _SAME_SETTING:
        if a in given and b in given:
            raise ConfigError(f"{a}= and {b}= name the same setting; give only one of them")
    out = {k: v for k, v in given.items() if k not in GENSIM_NAMES or GENSIM_NAMES[k][0] == k}
    if "min_count" in given and given["min_count"] == 0 and not isinstance(given["min_count"], (bool, float)):
        out["min_count"] = 1  # every word occurs at least once
    if "batch_words" in given:
        out["block_words"] = given["batch_words"]
    if given.get("null_word", 0) != 0:
        raise ConfigError(
            f"null_word={given['null_word']!r} is not offered; CBOW's windows are never padded, give null_word=0"
        )
    if "hashfxn" in given and given["hashfxn"] is not hash:
        raise ConfigError(
            "hashfxn is not offered: initial vectors come from seed=, not from hashing the words; leave it out"
        )
    if "vector_size" in given:
        out["dim"] = given["vector_size"]
    if "ns_exponent" in given:
        out["ns_power"] = given["ns_exponent"]
    if "max_final_vocab" in given:
        out["max_vocab_size"] = given["max_final_vocab"]
    if "sg" in given:
        if given["sg"] not in (0, 1) or isinstance(given["sg"], float):
            raise ConfigError(f"sg must be 1 (skip-gram) or 0 (CBOW), got {given['sg']!r}")
        out["arch"] = "skipgram" if given["sg"] == 1 else "cbow"
    if "hs" in given:
        if given["hs"] not in (0, 1) or isinstance(given["hs"], float):
            raise ConfigError(f"hs must be 1 (hierarchical softmax) or 0 (negative sampling), got {given['hs']!r}")
        if given["hs"] == 1:
            if given.get("negative", 0) not in (0, None):
                raise ConfigError(
                    f"hs=1 with negative={given['negative']} would train hierarchical softmax and negative sampling "
                    "together, as gensim does; word2vec_np trains one objective: give hs=1, negative=0 or hs=0"
                )
            out["objective"] = "hs"
            out.setdefault("negative", 0)
        else:
            out["objective"] = "ns"
    if "cbow_mean" in given and given["cbow_mean"] != 1:
        raise ConfigError(
            f"cbow_mean={given['cbow_mean']!r} (the sum of the context vectors) is not offered; "
            "CBOW's hidden layer is always their mean (cbow_mean=1)"
        )
    if "sorted_vocab" in given and given["sorted_vocab"] != 1:
        raise ConfigError("sorted_vocab=0 is not offered; word ids are always ranks by descending count")
    return out
