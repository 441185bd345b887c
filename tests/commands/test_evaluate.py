"""python -m word2vec_np.evaluate: the analogy table, the word-pair correlations, --json, and its errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.vectors.test_evaluate import ANALOGIES, PAIRS, planted_vectors, write
from word2vec_np import evaluate
from word2vec_np.evaluate import main
from word2vec_np.vectors.word2vec_format import save_word2vec_binary, save_word2vec_text


@pytest.fixture
def files(tmp_path):
    planted = planted_vectors()
    vec = save_word2vec_binary(tmp_path / "v.bin", planted.words, planted.matrix)
    return {
        "vectors": str(vec),
        "analogies": str(write(tmp_path, "q.txt", ANALOGIES)),
        "pairs": str(write(tmp_path, "p.txt", PAIRS)),
    }


def test_cli_prints_sections_skips_and_correlations(files, capsys):
    assert main([files["vectors"], "--analogies", files["analogies"], "--pairs", files["pairs"]]) == 0
    out = capsys.readouterr().out
    assert "12 words, dimension 8" in out
    assert "gender" in out and "100.0%" in out and "3/3" in out
    lines = out.splitlines()
    plural = next(line for line in lines if line.strip().startswith("plural"))
    assert plural.split()[1:] == ["100.0%", "1/1", "1"]
    overall = next(line for line in lines if line.strip().startswith("overall "))
    assert overall.split()[1:] == ["100.0%", "4/4", "1"]
    assert "counting the 1 skipped questions as wrong: 80.0%" in out
    assert "Spearman" in out and "Pearson" in out and "4 pairs, 1 skipped as out of vocabulary" in out


def test_cli_json(files, capsys, tmp_path):
    txt = save_word2vec_text(tmp_path / "v.txt", *_load(files["vectors"]))
    assert main([str(txt), "--analogies", files["analogies"], "--pairs", files["pairs"], "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["vectors"] == {"path": str(txt), "words": 12, "dim": 8}
    assert result["analogies"]["correct"] == 4 and result["analogies"]["skipped"] == 1
    assert result["analogies"]["accuracy_with_skipped"] == pytest.approx(0.8)
    assert [s["section"] for s in result["analogies"]["sections"]] == ["gender", "plural"]
    assert result["pairs"]["n_pairs"] == 4 and result["pairs"]["n_oov"] == 1
    assert -1 <= result["pairs"]["spearman"] <= 1
    # --restrict-vocab and --method reach the evaluation
    assert (
        main(
            [
                files["vectors"],
                "--analogies",
                files["analogies"],
                "--json",
                "--restrict-vocab",
                "6",
                "--method",
                "3cosmul",
            ]
        )
        == 0
    )
    result = json.loads(capsys.readouterr().out)
    assert result["analogies"]["skipped"] == 2 and result["analogies"]["method"] == "3cosmul"
    assert "pairs" not in result


def _load(path):
    from word2vec_np.vectors.word2vec_format import load_word2vec

    return load_word2vec(path)


def test_cli_errors_are_one_line_and_exit_2(files, capsys, tmp_path):
    bad = write(tmp_path, "bad.txt", ": s\nman woman king\n")
    cases = [
        ([str(tmp_path / "missing.bin"), "--pairs", files["pairs"]], "missing.bin' does not exist"),
        ([files["vectors"], "--analogies", str(bad)], "bad.txt', line 2: expected four words"),
        ([files["analogies"], "--pairs", files["pairs"]], "'V D' header"),
        ([files["vectors"], "--pairs", files["pairs"], "--restrict-vocab", "0"], "--restrict-vocab"),
    ]
    for argv, message in cases:
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and message in err and err.count("\n") == 1
    assert main([files["vectors"], "--analogies", str(bad), "--debug"]) == 2  # the traceback, then the line
    err = capsys.readouterr().err
    assert "Traceback" in err and "CorpusError" in err
    assert err.strip().splitlines()[-1].startswith("error: ") and "bad.txt', line 2" in err


def test_ctrl_c_is_one_line_and_exit_130(files, capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(evaluate, "load_vectors", interrupted)
    assert main([files["vectors"], "--pairs", files["pairs"]]) == 130
    assert capsys.readouterr().err == "error: interrupted\n"


def test_cli_bundled_files(files, capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(evaluate, "BUNDLED_ANALOGIES", tmp_path / "no_such_analogies.txt")
    assert main([files["vectors"]]) == 2
    err = capsys.readouterr().err
    assert "bundled evaluation file" in err and "no_such_analogies.txt" in err and "--analogies" in err
    monkeypatch.setattr(evaluate, "BUNDLED_ANALOGIES", Path(files["analogies"]))
    monkeypatch.setattr(evaluate, "BUNDLED_PAIRS", Path(files["pairs"]))
    assert main([files["vectors"], "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["analogies"]["total"] == 4 and result["pairs"]["n_pairs"] == 4


def test_cli_as_a_module_has_no_traceback(files):
    run = subprocess.run(
        [sys.executable, "-m", "word2vec_np.evaluate", files["vectors"], "--pairs", "/no/such/file.txt"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 2
    assert run.stderr.startswith("error: ") and "Traceback" not in run.stderr
    ok = subprocess.run(
        [sys.executable, "-m", "word2vec_np.evaluate", files["vectors"], "--pairs", files["pairs"]],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert ok.returncode == 0 and "Spearman" in ok.stdout


def test_questions_words_names_the_standard_file(tmp_path, monkeypatch, capsys):
    """`--analogies questions-words` fetches the standard file (here: a stand-in) instead of failing."""
    import numpy as np

    from word2vec_np.evaluate import main as evaluate_main
    from word2vec_np.text import datasets
    from word2vec_np.vectors.word2vec_format import save_word2vec_text

    questions = tmp_path / "questions-words.txt"
    questions.write_text(": family\nking queen man woman\n", encoding="utf-8")
    fetched = []
    monkeypatch.setattr(datasets, "fetch", lambda name, quiet=False: fetched.append(name) or questions)
    monkeypatch.chdir(tmp_path.parent)  # no local file named questions-words here
    vectors = tmp_path / "v.txt"
    save_word2vec_text(vectors, ["king", "queen", "man", "woman"], np.eye(4, dtype=np.float32))
    assert evaluate_main([str(vectors), "--analogies", "questions-words"]) == 0
    assert fetched == ["questions-words"]
    assert "family" in capsys.readouterr().out
