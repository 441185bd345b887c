"""bench.memory reads what the train command prints: a change of its lines must not turn every figure
into an error unnoticed."""

import shutil
from pathlib import Path

import pytest

from word2vec_np.bench import memory


@pytest.mark.skipif(shutil.which("/usr/bin/time") is None, reason="measures with /usr/bin/time")
def test_one_side_of_the_memory_benchmark_gives_its_peak_speed_and_reading_time(corpus, tmp_path):
    result = memory._ours(memory.PACKAGE_ROOT, corpus, "cbow", "ns", 1, 1, "disk", tmp_path)
    assert result.keys() == {"peak_mb", "words_per_s", "read_seconds"}, result
    assert result["peak_mb"] > 10 and result["words_per_s"] > 0 and result["read_seconds"] >= 0
    row = {"tokens": 2500, "config": "cbow-ns", "workers": 1, "sides": {"new disk": result, "old": {"error": "x"}}}
    assert "| cbow-ns | 1 | new disk |" in memory.table([row]) and "old: x" in memory._line(row)
    assert sorted(p.name for p in Path(tmp_path).iterdir()) == ["corpus.txt", "time.txt"]  # no cache left


@pytest.mark.skipif(shutil.which("/usr/bin/time") is None, reason="measures with /usr/bin/time")
def test_each_side_imports_the_tree_it_names(tmp_path, monkeypatch):
    """Run from inside a checkout, ``python -m`` would import that checkout before PYTHONPATH's tree."""
    other = tmp_path / "other"
    (other / "word2vec_np").mkdir(parents=True)
    (other / "word2vec_np" / "__init__.py").write_text("")
    (other / "word2vec_np" / "train.py").write_text("print('trained in 1.0 s (7 words/s)')\n")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(memory.PACKAGE_ROOT)  # as when the benchmark runs from this checkout
    result = memory._ours(other, tmp_path / "corpus.txt", "cbow", "ns", 1, 1, None, work)
    assert result.get("words_per_s") == 7.0, result
