"""The benchmark's settings reach word2vec_np's side and the C tool's, and a side that cannot run is a note.

No timing here: the benchmark measures, tests do not.
"""

import argparse
import json
import sys
from pathlib import Path

import pytest

from word2vec_np.bench import speed
from word2vec_np.engine import training


def small_corpus(tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_text("the cat sat on the mat\nthe dog sat on the log\n" * 20, encoding="utf-8")
    return path


def spec_for(path, **overrides):
    spec = dict(
        speed.SETTINGS,
        corpus=str(path),
        arch="cbow",
        objective="ns",
        max_vocab_size=None,
        epochs=1,
        alpha=0.05,
        seed=3,
        min_count=1,
    )
    spec.update(overrides)
    return spec


@pytest.mark.parametrize(
    "options, expected",
    [
        ({}, ("fast", 256, "shared")),
        (dict(method="minibatch", batch_size=16, cbow_negatives="window"), ("minibatch", 16, "window")),
    ],
)
def test_method_batch_size_and_cbow_negatives_reach_the_trainer(tmp_path, monkeypatch, options, expected):
    seen = []
    real = training.train_arrays

    def spy(vocab, corpus, config, **kw):
        seen.append(config)
        return real(vocab, corpus, config, **kw)

    monkeypatch.setattr(training, "train_arrays", spy)
    out = speed._ours(spec_for(small_corpus(tmp_path), **options))
    assert [(c.method, c.batch_size, c.cbow_negatives) for c in seen] == [expected]
    assert out["raw_words"] == 240 and out["train_seconds"] >= 0


def test_a_bad_batch_size_is_one_error_line(tmp_path, capsys):
    assert speed.main([str(small_corpus(tmp_path)), "--batch-size", "0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: --batch-size must be at least 1"]


# --------------------------------------------------------------------------- the C tool as a third side

FAKE_TOOL = """\
import json, os, struct, sys
from collections import Counter
args = sys.argv[1:]
opts = dict(zip(args[::2], args[1::2]))
with open(os.environ["FAKE_TOOL_LOG"], "a") as log:
    log.write(json.dumps(args) + "\\n")
mode = os.environ.get("FAKE_TOOL_MODE", "")
if mode == "fail":
    print("Starting training using file " + opts["-train"] + "\\rERROR: training data file not found!")
    sys.exit(1)
if mode == "no-output":
    sys.exit(0)
if mode == "garbage" and "-output" in opts:
    open(opts["-output"], "w").write("these are not vectors\\n")
    sys.exit(0)
counts = Counter(open(opts["-train"]).read().split())
words = [w for w, n in counts.most_common() if n >= int(opts["-min-count"])]
if "-save-vocab" in opts:
    with open(opts["-save-vocab"], "w") as f:
        f.writelines(f"{w} {counts[w]}\\n" for w in words)
if "-output" in opts:  # the C tool's binary format: a header, then each word, a space, D float32
    D = int(opts["-size"])
    with open(opts["-output"], "wb") as f:
        f.write(f"{len(words)} {D}\\n".encode())
        for i, w in enumerate(words):
            row = [((i * 7 + j * 3) % 11) - 5.0 for j in range(D)]
            f.write(w.encode() + b" " + struct.pack(f"<{D}f", *row) + b"\\n")
"""


def fake_tool(tmp_path, monkeypatch, mode=""):
    """An executable that stands in for the C tool's word2vec: logs its arguments, writes a vocabulary and vectors.

    mode "fail": exits 1 with the tool's error message; "no-output": writes nothing; "garbage": writes a
    vectors file that is not one.
    """
    tool = tmp_path / "word2vec"
    tool.write_text(f"#!{sys.executable}\n" + FAKE_TOOL, encoding="utf-8")
    tool.chmod(0o755)
    log = tmp_path / "calls.jsonl"
    monkeypatch.setenv("FAKE_TOOL_LOG", str(log))
    monkeypatch.setenv("FAKE_TOOL_MODE", mode)
    return tool, log


def test_the_c_tool_runs_with_the_same_settings_and_is_reported(tmp_path, monkeypatch, capsys):
    tool, log = fake_tool(tmp_path, monkeypatch)
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("cat\tdog\t8.0\nmat\tlog\t6.0\ncat\tmat\t2.0\nsat\ton\t1.0\n", encoding="utf-8")
    corpus = str(small_corpus(tmp_path))
    code = speed.main(
        [corpus, "--configs", "cbow-hs", "--epochs", "1", "--c-tool", str(tool), "--quality", "--pairs", str(pairs)]
    )
    assert code == 0
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(calls) == 2
    vocab_call, train_call = (dict(zip(c[::2], c[1::2], strict=True)) for c in calls)
    assert "-save-vocab" in vocab_call and "-output" not in vocab_call  # builds the vocabulary, trains nothing
    assert vocab_call["-train"] == train_call["-train"] == corpus
    expected = {
        "-min-count": "5", "-size": "100", "-window": "5", "-sample": "0.001", "-cbow": "1", "-hs": "1",
        "-negative": "0", "-alpha": "0.05", "-iter": "1", "-threads": "1", "-binary": "1",
    }  # fmt: skip
    assert {k: train_call[k] for k in expected} == expected
    assert train_call["-read-vocab"] == vocab_call["-save-vocab"]
    out = capsys.readouterr()
    row = next(line for line in out.out.splitlines() if line.startswith("| cbow-hs | 1 |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert len(cells) == 12 and cells[9].endswith("k") and cells[10].endswith("x")  # C tool words/s, ratio
    quality = next(line for line in out.out.splitlines()[::-1] if line.startswith("| cbow-hs |"))
    assert "| pairs.tsv C tool |" in out.out
    assert quality.count("|") == 5
    float(quality.strip("|").split("|")[-1])  # the C tool's rho is a number, not "-"


def test_a_failing_c_tool_is_a_note_and_the_run_goes_on(tmp_path, monkeypatch, capsys):
    tool, _ = fake_tool(tmp_path, monkeypatch, mode="fail")
    code = speed.main([str(small_corpus(tmp_path)), "--configs", "cbow-ns", "--epochs", "1", "--c-tool", str(tool)])
    assert code == 0
    out = capsys.readouterr().out
    assert "- cbow-ns, C tool: the C tool exited with code 1: ERROR: training data file not found!" in out
    assert "| cbow-ns | 1 |" in out


def test_a_c_tool_that_is_not_there_is_one_error_line(tmp_path, capsys):
    missing = tmp_path / "no-such-word2vec"
    assert speed.main([str(small_corpus(tmp_path)), "--c-tool", str(missing)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"error: --c-tool {str(missing)!r} is not an executable file; "
        "give the path of the original tool's word2vec binary"
    ]


@pytest.mark.parametrize(
    "mode, note",
    [
        ("no-output", "- cbow-ns, C tool: the C tool wrote no vectors file; is --c-tool the word2vec binary?"),
        ("garbage", "- cbow-ns, C tool: its vectors cannot be evaluated: "),
    ],
)
def test_a_program_that_is_not_the_c_tool_is_a_note(tmp_path, monkeypatch, capsys, mode, note):
    tool, _ = fake_tool(tmp_path, monkeypatch, mode=mode)
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("cat\tdog\t8.0\nmat\tlog\t6.0\ncat\tmat\t2.0\n", encoding="utf-8")
    argv = [str(small_corpus(tmp_path)), "--configs", "cbow-ns", "--epochs", "1", "--c-tool", str(tool)]
    assert speed.main(argv + ["--quality", "--pairs", str(pairs)]) == 0
    out = capsys.readouterr().out
    assert any(line.startswith(note) for line in out.splitlines())


def test_a_bare_c_tool_name_is_the_file_given_not_a_program_on_path(tmp_path, monkeypatch, capsys):
    tool, log = fake_tool(tmp_path, monkeypatch)
    corpus = small_corpus(tmp_path)
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parents[2]))  # word2vec_np's worker, from tmp
    monkeypatch.chdir(tmp_path)
    assert speed.main([corpus.name, "--configs", "sg-ns", "--epochs", "1", "--c-tool", tool.name]) == 0
    assert len(log.read_text().splitlines()) == 2
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("| sg-ns | 1 |"))
    assert row.split("|")[10].strip().endswith("k")  # the C tool's words/s


# --------------------------------------------------------------------------- worker counts


def test_workers_reach_every_side_and_the_table_shows_scaling(tmp_path, monkeypatch, capsys):
    seen = []
    real = training.train_arrays

    def spy(vocab, corpus, config, **kw):
        seen.append(config.workers)
        return real(vocab, corpus, config, **kw)

    monkeypatch.setattr(training, "train_arrays", spy)
    out = speed._ours(spec_for(small_corpus(tmp_path), workers=2))
    assert seen == [2] and out["peak_pss_mb"] > 0  # the memory of the parent and its workers together

    tool, log = fake_tool(tmp_path, monkeypatch)
    code = speed.main(
        [str(small_corpus(tmp_path)), "--configs", "cbow-ns", "--epochs", "1", "--c-tool", str(tool), "--workers", "2,1"]
    )
    assert code == 0
    threads = [dict(zip(c[::2], c[1::2], strict=True)).get("-threads") for c in map(json.loads, log.open())]
    assert threads == [None, "1", None, "2"]  # (the first run of each pair only builds the vocabulary)
    lines = capsys.readouterr().out.splitlines()
    head = next(line for line in lines if line.startswith("| config | workers |"))
    assert "word2vec_np scaling" in head and "C tool scaling" in head and "memory vs 1 worker" in head
    one = [c.strip() for c in next(x for x in lines if x.startswith("| cbow-ns | 1 |")).strip("|").split("|")]
    two = [c.strip() for c in next(x for x in lines if x.startswith("| cbow-ns | 2 |")).strip("|").split("|")]
    assert one[6] == "1.00x" and two[6].endswith("x") and two[5] == ">= 0.5x"  # scaling, target at 2 workers
    assert two[9].endswith("x") and two[13].endswith("x")  # memory against 1 worker; the C tool's scaling


@pytest.mark.parametrize("workers", ["0", "1,x", ""])
def test_bad_worker_counts_are_one_error_line(tmp_path, capsys, workers):
    assert speed.main([str(small_corpus(tmp_path)), "--workers", workers]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: --workers must be worker counts of at least 1")


def measured(config, workers, repeat, ours_seconds, gensim_seconds, pss):
    """A row as the benchmark records it: 1,000 words a side, trained in the given seconds."""
    ours = {"train_seconds": ours_seconds, "raw_words": 1000, "peak_pss_mb": pss}
    return {"config": config, "epochs": 1, "workers": workers, "repeat": repeat, "ours": ours,
            "gensim": {"train_seconds": gensim_seconds, "raw_words": 1000}}  # fmt: skip


def test_repeated_runs_are_summed_up_as_medians_ranges_and_targets_met():
    rows = [  # (seconds: lower is faster) three runs of cbow-hs at 1 and 2 workers
        measured("cbow-hs", 1, 1, 1.0, 0.5, 80), measured("cbow-hs", 2, 1, 0.5, 0.25, 100),  # scaling 2.0
        measured("cbow-hs", 1, 2, 2.0, 0.5, 80), measured("cbow-hs", 2, 2, 1.0, 0.4, 130),  # 2.0, memory 1.625
        measured("cbow-hs", 1, 3, 1.0, 0.5, 80), measured("cbow-hs", 2, 3, 0.8, 0.5, 110),  # 1.25
    ]
    args = argparse.Namespace(repeat=3)
    lines = speed.summary_table(rows, args).splitlines()
    assert lines[0].startswith("Over 3 runs: the median")
    one, two = ([c.strip() for c in line.strip("|").split("|")] for line in lines[-2:])
    assert one == ["cbow-hs", "1", "0.50x (0.25-0.50x)", "2 of 3", "-", "-", "-", "-"]  # ratios 0.5, 0.25, 0.5
    assert two[:4] == ["cbow-hs", "2", "0.50x (0.40-0.62x)", "2 of 3"]  # ratios 0.5, 0.4, 0.625 against 0.5x
    assert two[4] == "2.00x (1.25-2.00x)"  # word2vec_np's scaling, each run against its own 1-worker row
    assert two[5] == "1.25x (1.00-2.00x)"  # gensim's: 2.0, 1.25, 1.0
    assert two[6] == "1.38x (1.25-1.62x)"  # memory: 100/80, 130/80, 110/80
    assert two[7].startswith("1 of 3 ")  # run 1 alone has both scaling >= 1.7x and memory <= 1.5x


def test_repeat_must_be_a_positive_count(tmp_path, capsys):
    assert speed.main([str(small_corpus(tmp_path)), "--repeat", "0"]) == 2
    assert capsys.readouterr().err.strip() == "error: --repeat must be at least 1, got 0"
