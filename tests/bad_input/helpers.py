"""What the bad-input tests share: small command settings, a good vectors file, hypothesis's inputs and damage.

Each test file of this folder is named by the input it tries; fixtures are in conftest.py.
"""

import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from word2vec_np.vectors.files import save_vectors

FAST = ["--dim", "4", "--epochs", "1", "-q"]  # small settings for the command


SMALL = ["--dim", "4", "--epochs", "1", "--min-count", "1", "-q"]


MiB = 1 << 20


# ---------------------------------------------------------------------- a good vectors file
def vectors_files(tmp_path):
    words = ["the", "thé", "of", "and"]
    M = np.arange(12, dtype=np.float32).reshape(4, 3) / 7
    files = {}
    for suffix in (".txt", ".bin", ".npz"):
        files[suffix] = save_vectors(tmp_path / f"good{suffix}", (words, M))
    return files


# ---------------------------------------------------------------------- generated inputs (hypothesis)
def fuzz(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


WORDS = ["the", "cat", "sat", "on", "a", "mat", "é", "日本", "x" * 30]


SEPARATORS = [" ", "  ", "\t", "\n", "\r\n", "\r", "\n\n", "\x0b", "\x0c", "\u2028", "\x85", "\u3000"]


random_bytes = st.binary(max_size=400)


random_unicode = st.text(st.characters(exclude_categories=("Cs",)), max_size=300).map(lambda t: t.encode("utf-8"))


word_lines = st.lists(
    st.lists(st.sampled_from(WORDS), max_size=40),  # random line lengths, empty lines among them
    max_size=30,
).flatmap(
    lambda lines: st.lists(st.sampled_from(SEPARATORS), min_size=len(lines), max_size=len(lines)).map(
        lambda seps: "".join(" ".join(line) + sep for line, sep in zip(lines, seps, strict=True)).encode("utf-8")
    )
)


def damage(data: bytes, cut: int | None, flips: list[tuple[int, int]]) -> bytes:
    out = bytearray(data if cut is None else data[: cut % (len(data) + 1)])
    for pos, value in flips:
        if out:
            out[pos % len(out)] = value
    return bytes(out)


damages = st.tuples(
    st.none() | st.integers(0, 10**6),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=4),
)
