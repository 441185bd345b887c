"""Our side of the bridge to Spark MLlib (docs/performance.md, "Beyond one machine"), with no Spark:
the rows MLlib's getVectors exports as text are read as vectors, and the rows of our text files parse
the way the recipe's DataFrame reads them."""

import re

import numpy as np
import pytest

from word2vec_np.vectors.files import load_vectors, save_vectors

# Java's Double.toString, what Scala's mkString(" ") prints for each value of an exported vector.
JAVA_DOUBLES = ["0.0", "-0.0", "1.0E-5", "-2.5E-4", "0.12345678", "-0.98765432", "3.4E-8", "12.5"]
JAVA_DOUBLE = re.compile(r"^-?(\d+\.\d+(E-?\d+)?|\d+(\.\d*)?([eE][-+]?\d+)?)$")  # what Double.parseDouble takes


def mllib_export(directory, words, values, parts=3):
    """What ``getVectors.rdd.map(word + " " + vector.mkString(" ")).saveAsTextFile(dir)`` leaves: part
    files of headerless rows in no particular order, an empty part, and a _SUCCESS marker."""
    directory.mkdir()
    rows = [f"{w} " + " ".join(v) for w, v in zip(words, values, strict=True)]
    for p in range(parts):
        (directory / f"part-{p:05d}").write_text("".join(r + "\n" for r in rows[p::parts]), encoding="utf-8")
    (directory / f"part-{parts:05d}").write_text("")
    (directory / "_SUCCESS").write_text("")


def test_an_mllib_export_concatenated_is_read_as_vectors(tmp_path):
    rng = np.random.default_rng(0)
    D = 5
    words = ["the", "of", "économie", "naïve", "b", "x1", "déjà"]
    values = [[JAVA_DOUBLES[i] for i in rng.integers(0, len(JAVA_DOUBLES), size=D)] for _ in words]
    mllib_export(tmp_path / "mllib", words, values)
    joined = tmp_path / "mllib.txt"  # the recipe's: cat mllib/part-* > mllib.txt
    joined.write_bytes(b"".join(p.read_bytes() for p in sorted((tmp_path / "mllib").glob("part-*"))))
    vectors = load_vectors(joined)
    order = [words.index(w) for w in vectors.words]
    assert sorted(vectors.words) == sorted(words)
    expected = np.array([[float(x) for x in values[i]] for i in order], dtype=np.float32)
    assert vectors.matrix.dtype == np.float32 and np.array_equal(vectors.matrix, expected)


def spark_rows(path):
    """The recipe's DataFrame, in Python: spark.read.text, drop the 'V D' line, trim, split on spaces,
    the first field the word and the rest cast to double (what Double.parseDouble accepts)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    header, body = lines[0], [line for line in lines[1:] if line]
    rows = []
    for line in body:
        fields = re.split(" +", line.strip())
        assert all(JAVA_DOUBLE.match(x) for x in fields[1:]), line
        rows.append((fields[0], [float(x) for x in fields[1:]]))
    return header, rows


@pytest.mark.parametrize("D", [1, 7])
def test_our_text_vectors_become_dataframe_rows(tmp_path, D):
    rng = np.random.default_rng(1)
    words = ["the", "économie", "a_b", "x"]
    matrix = (rng.standard_normal((len(words), D)) * [10.0 ** -k for k in range(D)]).astype(np.float32)
    path = save_vectors(tmp_path / "ours.txt", (words, matrix))
    header, rows = spark_rows(path)
    assert header == f"{len(words)} {D}"
    assert [w for w, _ in rows] == words and all(len(v) == D for _, v in rows)
    assert np.allclose(np.array([v for _, v in rows]), matrix, rtol=0, atol=5e-7)  # six decimals, as %f writes
