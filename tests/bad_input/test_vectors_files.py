"""Vectors files (word2vec text and binary, GloVe text, an .npz read as vectors) and
the question files the evaluate command reads.

A damaged file is one sentence naming the file: ModelFileError from
``load_vectors``, one ``error:`` line from the evaluate command (docs/errors.md,
"Vectors, model and checkpoint files" and "The other commands").
"""

import contextlib
import io
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.bad_input.helpers import (
    WORDS,
    damage,
    damages,
    fuzz,
    random_bytes,
    random_unicode,
    vectors_files,
    word_lines,
)
from tests.helpers import one_error_line
from word2vec_np import datasets, evaluate
from word2vec_np.errors import ModelFileError
from word2vec_np.vectors.files import load_vectors, save_vectors


# ---------------------------------------------------------------------- damaged vectors files
def damaged(tmp_path, kind):
    """A damaged vectors file of the named kind, and the fragment its error names."""
    good = vectors_files(tmp_path)
    txt, binary, npz = (good[s].read_bytes() for s in (".txt", ".bin", ".npz"))
    table = {
        "truncated .txt": ("t.txt", txt[: len(txt) - 20], "ends in the middle of line 5"),
        "truncated .bin": ("t.bin", binary[:-7], "the file is truncated"),
        "truncated .npz": ("t.npz", npz[: len(npz) // 2], "truncated or corrupted"),
        "corrupted .npz": ("c.npz", _flip(npz, npz.index(b"W_in") + 200), "truncated or corrupted"),
        "corrupted .bin": ("c.bin", binary.replace(b"\nof ", b"\no\nf"), "does not start with a word"),
        "header counts > rows (.txt)": ("h.txt", txt.replace(b"4 3", b"9 3", 1), "declares 9 words"),
        "header counts < rows (.bin)": ("h.bin", binary.replace(b"4 3", b"2 3", 1), "more data after the 2 rows"),
        "mismatched dims (.txt)": ("d.txt", txt.replace(b"4 3", b"4 5", 1), "where the header says 5"),
        "no header": ("n.txt", b"vectors:\n" + txt.split(b"\n", 1)[1], "'V D' header"),
    }
    name, data, needle = table[kind]
    path = tmp_path / name
    path.write_bytes(data)
    return path, needle


def _flip(data: bytes, i: int) -> bytes:
    return data[:i] + bytes([data[i] ^ 0x55]) + data[i + 1 :]


MODEL_FILE_CASES = [
    "truncated .txt",
    "truncated .bin",
    "truncated .npz",
    "corrupted .npz",
    "corrupted .bin",
    "header counts > rows (.txt)",
    "header counts < rows (.bin)",
    "mismatched dims (.txt)",
    "no header",
]


@pytest.mark.parametrize("kind", MODEL_FILE_CASES)
def test_damaged_vectors_files_are_one_sentence(kind, tmp_path, capsys):
    path, needle = damaged(tmp_path, kind)
    with pytest.raises(ModelFileError) as info:
        load_vectors(path)
    assert needle in str(info.value) and str(path) in str(info.value)
    assert isinstance(info.value, ValueError)
    assert evaluate.main([str(path)]) == 2
    assert one_error_line(capsys) == str(info.value)


@fuzz(200)
@given(kind=st.sampled_from([".txt", ".bin", "model.npz"]), how=damages)
def test_the_evaluate_command_on_damaged_vectors_files(work, valid_files, kind, how):
    path = work / ("cmd" + (kind if kind.startswith(".") else ".npz"))
    path.write_bytes(damage(valid_files[kind], *how))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = evaluate.main([str(path)])
    if code != 0:
        lines = err.getvalue().strip().splitlines()
        assert code == 2 and len(lines) == 1 and lines[0].startswith("error: "), err.getvalue()


# ---------------------------------------------------------------------- numbers no file should hold
def test_a_header_number_of_5000_digits_is_one_error_line(tmp_path, capsys):
    """A header number of 5,000 digits: int() of it raised ValueError."""
    path = tmp_path / "huge.txt"
    path.write_text("1" * 5000 + " 3\na 1 2 3\n")
    with pytest.raises(ModelFileError, match="a number no file can hold"):
        load_vectors(path)
    assert evaluate.main([str(path)]) == 2
    assert str(path) in one_error_line(capsys)


def test_a_huge_finite_value_is_kept_and_normalised(tmp_path):
    """3e38 fits float32, but its squared norm does not: the word loaded as a zero vector."""
    path = tmp_path / "big.txt"
    path.write_text("3 3\nbig 3e38 0 0\nsmall 1 1e-3 0\nother 0 1 0\n")
    vectors = load_vectors(path)
    assert vectors.matrix[0, 0] == np.float32(3e38)
    assert np.allclose(vectors.normed[0], [1, 0, 0])
    assert vectors.similarity("big", "small") == pytest.approx(1 / np.sqrt(1 + 1e-6), rel=1e-6)
    assert vectors.most_similar("big", topn=1)[0][0] == "small"
    assert np.allclose(vectors._unit_query(np.array([3e38, 3e38, 0], dtype=np.float32))[0], [0.5**0.5] * 2 + [0])


def test_a_value_beyond_float32_is_one_error_line_without_a_runtime_warning(tmp_path, capsys):
    """1e40 printed NumPy's 'overflow encountered in cast' before the error line."""
    path = tmp_path / "overflow.txt"
    path.write_text("2 2\na 1e40 0\nb 0 1\n")
    glove = tmp_path / "overflow_glove.txt"  # GloVe's format: no header, so the row is line 1
    glove.write_text("a 1e40 0\nb 0 1\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RuntimeWarning would fail the test
        with pytest.raises(ModelFileError, match="'1e40', beyond the float32 range"):
            load_vectors(path)
        with pytest.raises(ModelFileError, match=r"line 1 \(word 'a'\) has the value '1e40', beyond the float32"):
            load_vectors(glove)
        assert evaluate.main([str(path)]) == 2
    assert "line 2 (word 'a')" in one_error_line(capsys)


def test_the_duplicate_words_warning_is_one_line(tmp_path, capsys):
    """The warning printed the line of source code that raised it."""
    path = tmp_path / "dup.txt"
    path.write_text("3 2\na 1 0\na 0 1\nb 1 1\n")
    assert evaluate.main([str(path)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"warning: {str(path)!r} lists 1 words more than once; keeping the first vectors"]


# ---------------------------------------------------------------------- the evaluate and datasets commands
def test_evaluate_and_datasets_commands_never_show_a_traceback(tmp_path, capsys, monkeypatch):
    vectors = vectors_files(tmp_path)[".bin"]
    for argv in (
        [str(tmp_path / "nope.bin")],
        [str(tmp_path)],
        [str(vectors), "--analogies", str(tmp_path / "nope.txt")],
        [str(vectors), "--pairs", str(vectors)],
        [str(vectors), "--analogies", str(vectors)],
        [str(vectors), "--restrict-vocab", "0"],
    ):
        assert evaluate.main(argv) == 2
        one_error_line(capsys)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(datasets, "fetch", interrupted)
    assert datasets.main(["fetch", "text8", "--quiet"]) == 130
    err = capsys.readouterr().err
    assert "interrupted: text8 was not downloaded" in err and "Traceback" not in err


@fuzz(150)
@given(data=random_bytes | random_unicode | word_lines, which=st.sampled_from(["--analogies", "--pairs"]))
def test_the_evaluate_command_on_generated_question_files(work, data, which):
    vectors = work / "eval.txt"
    if not vectors.exists():
        save_vectors(vectors, (WORDS, np.random.default_rng(0).normal(size=(len(WORDS), 3))))
    questions = work / "questions.txt"
    questions.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = evaluate.main([str(vectors), which, str(questions)])
    if code != 0:
        lines = err.getvalue().strip().splitlines()
        assert code == 2 and len(lines) == 1 and lines[0].startswith("error: "), err.getvalue()
