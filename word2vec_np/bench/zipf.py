"""A seeded synthetic corpus whose word frequencies follow Zipf's law, written as a stream.

Word r (rank r = 0, 1, ..., vocab_size - 1) is drawn with probability

    P(r) = (r + 1)**(-exponent) / sum_q (q + 1)**(-exponent)

independently for every token (exponent 1 is Zipf's classic law, close to
English). Sentence lengths are 1 + Poisson(sentence_length - 1), so their
mean is ``sentence_length``. The words are pronounceable pseudo-words made of
consonant-vowel syllables ("baba", "baban", "babas", ...), at least two
syllables long so that a token with its separator averages about 5.9 bytes
with the default vocabulary, as English text does: 100 MB is about 17M
tokens, like text8.

Memory stays bounded: tokens are generated and written 2**20 at a time.

Command line::

    python -m word2vec_np.bench.zipf OUT --tokens N [--vocab-size V] [--seed S]
                                          [--sentence-length L] [--exponent A]

OUT may end in .gz or .bz2 to write it compressed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

from ..atomic import atomic_write_compressed
from ..cli import user_error
from ..errors import ConfigError

_ONSETS = "bdfghklmnprstvwz"
_VOWELS = "aeiou"
_CODAS = ("", "n", "s", "r")
_SYLLABLES = [o + v for o in _ONSETS for v in _VOWELS]  # 80 syllables
_BLOCK = 1 << 20  # tokens generated and written at a time


def _stem(r: int) -> str:
    """The r-th syllable string in bijective base 80 (0 -> 'ba', 80 -> 'baba', ...)."""
    syllables = []
    while True:
        syllables.append(_SYLLABLES[r % len(_SYLLABLES)])
        r = r // len(_SYLLABLES) - 1
        if r < 0:
            return "".join(reversed(syllables))


def zipf_words(vocab_size: int) -> list[str]:
    """The ``vocab_size`` distinct pseudo-words, most frequent (rank 0) first.

    Word r is stem(r // 4 + 80) + ("", "n", "s", "r")[r % 4]: the offset 80
    skips the one-syllable stems.
    """
    return [_stem(r // len(_CODAS) + len(_SYLLABLES)) + _CODAS[r % len(_CODAS)] for r in range(vocab_size)]


def zipf_probabilities(vocab_size: int, exponent: float = 1.0) -> np.ndarray:
    """(vocab_size,) float64: P(r) proportional to (r + 1)**(-exponent), summing to 1."""
    weights = np.arange(1, vocab_size + 1, dtype=np.float64) ** -float(exponent)
    return weights / weights.sum()


def expected_bytes_per_token(vocab_size: int = 100_000, exponent: float = 1.0) -> float:
    """Mean UTF-8 bytes per token including its separator: sum_r P(r) * (len(word_r) + 1)."""
    lengths = np.array([len(w) + 1 for w in zipf_words(vocab_size)], dtype=np.float64)
    return float(zipf_probabilities(vocab_size, exponent) @ lengths)


def _sentence_ends(n: int, next_end: int, mean: int, rng: np.random.Generator) -> tuple[np.ndarray, int]:
    """Mark the sentence ends in a block of n tokens.

    ``next_end`` is the position (relative to the block) of the last token of
    the sentence in progress. Returns ``is_end`` (n,) bool and the pending end
    relative to the next block.
    """
    is_end = np.zeros(n, dtype=bool)
    while next_end < n:
        m = (n - next_end) // mean + 16  # sentence lengths to draw in one go
        lengths = 1 + rng.poisson(mean - 1, size=m)  # (m,)
        ends = next_end + np.concatenate(([0], np.cumsum(lengths)))  # (m + 1,) this end and the next m
        is_end[ends[ends < n]] = True
        next_end = int(ends[-1]) if ends[-1] < n else int(ends[ends >= n][0])
    return is_end, next_end - n


def write_zipf_corpus(
    path: str | os.PathLike,
    n_tokens: int,
    vocab_size: int = 100_000,
    seed: int = 0,
    sentence_length: int = 20,
    *,
    exponent: float = 1.0,
) -> int:
    """Write a Zipf corpus of ``n_tokens`` tokens, one sentence per line.

    The same arguments always give the same file. ``.gz`` / ``.bz2`` suffixes
    compress it; the file appears atomically when complete.

    Parameters
    ----------
    path : str or PathLike
        Output file.
    n_tokens : int >= 1
        Tokens to write.
    vocab_size : int >= 1
        Distinct words that can be drawn (rare ones may not appear).
    seed : int
        Seed of the numpy Generator.
    sentence_length : int >= 1
        Mean tokens per line.
    exponent : float > 0
        The Zipf exponent.

    Returns
    -------
    int
        Bytes of text written (before compression).
    """
    settings = {"n_tokens": n_tokens, "vocab_size": vocab_size, "sentence_length": sentence_length}
    for name, value in settings.items():
        if int(value) != value or value < 1:
            raise ConfigError(f"{name} must be a positive integer, got {value!r}")
    if not exponent > 0:
        raise ConfigError(f"exponent must be positive, got {exponent!r}")
    rng = np.random.default_rng(seed)
    words = zipf_words(vocab_size)
    table = [w + " " for w in words] + [w + "\n" for w in words]  # id + V * is_end -> token text
    cdf = np.cumsum(zipf_probabilities(vocab_size, exponent))
    path = Path(path)
    n_bytes = 0
    with atomic_write_compressed(path) as out:
        next_end = int(rng.poisson(sentence_length - 1))  # last token of the first sentence
        for start in range(0, n_tokens, _BLOCK):
            n = min(_BLOCK, n_tokens - start)
            ids = np.minimum(np.searchsorted(cdf, rng.random(n), side="right"), vocab_size - 1)  # (n,) ranks
            is_end, next_end = _sentence_ends(n, next_end, sentence_length, rng)
            if start + n == n_tokens:
                is_end[-1] = True  # the file ends with a newline
            text = "".join(map(table.__getitem__, (ids + vocab_size * is_end).tolist())).encode("utf-8")
            out.write(text)
            n_bytes += len(text)
    return n_bytes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m word2vec_np.bench.zipf",
        description="Write a seeded Zipf-distributed synthetic corpus.",
    )
    parser.add_argument("out", help="output file (.gz or .bz2 to compress)")
    parser.add_argument("--tokens", type=int, required=True, help="number of tokens, e.g. 17000000")
    parser.add_argument("--vocab-size", type=int, default=100_000, help="distinct words (default 100000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--sentence-length", type=int, default=20, help="mean tokens per line (default 20)")
    parser.add_argument("--exponent", type=float, default=1.0, help="Zipf exponent (default 1.0)")
    args = parser.parse_args(argv)
    try:
        n_bytes = write_zipf_corpus(
            args.out,
            args.tokens,
            vocab_size=args.vocab_size,
            seed=args.seed,
            sentence_length=args.sentence_length,
            exponent=args.exponent,
        )
    except ConfigError as exc:
        return user_error(exc, debug=False)
    print(f"wrote {args.tokens} tokens ({n_bytes / 1e6:.1f} MB of text) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
