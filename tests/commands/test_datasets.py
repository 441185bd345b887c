"""python -m word2vec_np.datasets: list, path and fetch, against a local HTTP server (never the internet)."""

import os
import subprocess
import sys
from pathlib import Path

from tests.text.test_datasets import (  # noqa: F401 (cache and server are fixtures)
    _closed_port_url,
    _register_questions,
    cache,
    server,
)
from word2vec_np import datasets as command
from word2vec_np.text import datasets


def test_main_list_path_and_fetch(server, cache, monkeypatch, capsys):
    _register_questions(monkeypatch, [server.url("questions-words.txt")])
    assert command.main(["list"]) == 0
    out = capsys.readouterr().out
    assert "text8" in out and "questions-words" in out and "not downloaded" in out

    assert command.main(["path", "questions-words"]) == 1
    captured = capsys.readouterr()
    assert captured.out.strip() == str(cache / "questions-words.txt")
    assert "fetch questions-words" in captured.err

    assert command.main(["fetch", "questions-words", "--quiet"]) == 0
    assert capsys.readouterr().out.strip() == str(cache / "questions-words.txt")
    assert command.main(["path", "questions-words"]) == 0


def test_main_fetch_failure_prints_one_error_line(cache, monkeypatch, capsys):
    _register_questions(monkeypatch, [_closed_port_url("questions-words.txt")])
    assert command.main(["fetch", "questions-words", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: could not download questions-words") and err.count("\n") == 1


def test_python_dash_m_lists_the_datasets(tmp_path):
    env = {**os.environ, datasets.CACHE_ENV: str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-m", "word2vec_np.datasets", "list"],
        capture_output=True, text=True, env=env, cwd=Path(__file__).resolve().parents[2], check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "text8" in result.stdout and "questions-words" in result.stdout
