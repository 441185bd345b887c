"""python -m word2vec_np.query: nearest words, analogies, similarity; arguments, stdin, a prompt, JSON."""

import io
import json
import subprocess
import sys

import numpy as np
import pytest

from tests.helpers import ROOT
from word2vec_np import query
from word2vec_np.errors import ConfigError
from word2vec_np.query import Query, answer, parse_query
from word2vec_np.vectors.files import save_vectors
from word2vec_np.vectors.vectors import Vectors

# columns: male, female, person, royal (the example of vectors.py)
WORDS = ["man", "woman", "king", "queen", "crown"]
W = np.array([[1.0, 0, 1, 0], [0, 1, 1, 0], [1, 0, 0, 1], [0, 1, 0, 1], [0, 0, 0, 1]])


@pytest.fixture
def vectors_file(tmp_path):
    path = tmp_path / "v.bin"
    save_vectors(path, (WORDS, W))
    return path


@pytest.mark.parametrize(
    "line, expect",
    [
        ("king", Query("king", "neighbours", positive=["king"])),
        ("king queen", Query("king queen", "neighbours", positive=["king", "queen"])),
        ("king - man + woman", Query("king - man + woman", "neighbours", ["king", "woman"], ["man"])),
        ("- man", Query("- man", "neighbours", [], ["man"])),
        ("man : king :: woman", Query("man : king :: woman", "analogy", words=["man", "king", "woman"])),
        ("man:king::woman:?", Query("man:king::woman:?", "analogy", words=["man", "king", "woman"])),
        ("king ~ queen", Query("king ~ queen", "similarity", words=["king", "queen"])),
        ("  king~queen ", Query("king~queen", "similarity", words=["king", "queen"])),
    ],
)
def test_parse_query(line, expect):
    assert parse_query(line) == expect


def test_three_words_are_an_analogy_only_with_the_word_analogy_habit():
    assert parse_query("man king woman").kind == "neighbours"
    expected = Query("man king woman", "analogy", words=["man", "king", "woman"])
    assert parse_query("man king woman", analogy=True) == expected


@pytest.mark.parametrize(
    "line, message",
    [
        ("a ~ b ~ c", "a similarity is two words"),
        ("a b ~ c", "a similarity is two words"),
        ("a : b", "an analogy is written a : b :: c"),
        ("a : b :: c : d", "an analogy is written"),
        ("a ?", "'\\?' belongs at the end of an analogy"),
        ("king - - man", "two signs in a row"),
        ("king -", "a sign with no word after it"),
    ],
)
def test_malformed_queries(line, message):
    with pytest.raises(ConfigError, match=message):
        parse_query(line)


def test_answers_come_from_vectors_py():
    v = Vectors(WORDS, W)
    out = answer(v, parse_query("man : king :: woman"), topn=1)
    assert out["results"] == [{"word": "queen", "score": pytest.approx(v.analogy("man", "king", "woman")[0][1])}]
    cosmul = answer(v, parse_query("man : king :: woman"), topn=2, method="3cosmul")
    assert [r["word"] for r in cosmul["results"]] == [w for w, _ in v.analogy("man", "king", "woman", 2, "3cosmul")]
    assert answer(v, parse_query("king ~ crown"))["similarity"] == pytest.approx(0.5**0.5)
    near = answer(v, parse_query("king - man + woman"), topn=1)
    assert near["results"][0]["word"] == "queen"
    assert answer(v, parse_query("kingg"))["error"].startswith("the word 'kingg' is not in the vocabulary of 5 words")


def run(args, stdin=""):
    return subprocess.run(
        [sys.executable, "-m", "word2vec_np.query", *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_the_command_reads_arguments_then_stdin_and_goes_on_after_an_unknown_word(vectors_file):
    r = run([vectors_file, "king", "kingg", "man : king :: woman", "king ~ crown", "--topn", "2"])
    assert r.returncode == 0 and r.stderr == ""
    lines = r.stdout.splitlines()
    assert lines[0] == "king  (cosine)" and len(lines) == 3 + 1 + 3 + 1
    assert lines[3].startswith("the word 'kingg' is not in the vocabulary")
    assert lines[4] == "man : king :: woman  (3CosAdd score)" and lines[5].split()[0] == "queen"
    assert lines[7] == "cos(king, crown) = 0.7071"
    r = run([vectors_file, "--json", "--topn", "1"], stdin="kingg\nking\n\nqueen\n")
    answers = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(answers) == 2  # the empty line ended the session before queen
    assert "error" in answers[0] and answers[1]["results"][0]["word"] == "crown"


def test_exit_and_eof_end_the_session(vectors_file):
    r = run([vectors_file, "--json"], stdin="king\nEXIT\nqueen\n")
    assert len(r.stdout.splitlines()) == 1
    r = run([vectors_file, "--json", "--analogy", "--method", "3cosmul"], stdin="man king woman")  # no final newline
    assert json.loads(r.stdout)["results"][0]["word"] == "queen" and json.loads(r.stdout)["method"] == "3cosmul"


def test_the_interactive_prompt(vectors_file, monkeypatch, capsys):
    typed = iter(["king ~ queen", "nope", "EXIT", "never read"])
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: (print(prompt, end=""), next(typed))[1])
    assert query.main([str(vectors_file)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"vectors: {vectors_file} (5 words, dimension 4); queries: ")
    assert out.count(query.PROMPT) == 3 and "cos(king, queen) = 0.5000" in out and "'nope' is not in" in out


def test_a_bad_file_or_option_is_one_error_line(tmp_path, vectors_file):
    (tmp_path / "g.model").write_bytes(b"\x80\x04\x95^\x1f\x00\x00\x00\x00\x00\x00\x8c\x16gensim.models.word2vec")
    bad = ([tmp_path / "missing.bin", "king"], [tmp_path / "g.model", "king"], [vectors_file, "--topn", "0", "x"])
    for args in bad:
        r = run(args)
        assert r.returncode == 2 and r.stdout == "" and r.stderr.count("\n") == 1 and r.stderr.startswith("error: ")
    assert "gensim's model.save()" in run([tmp_path / "g.model"]).stderr
