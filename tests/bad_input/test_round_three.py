"""Outputs that are not files, inputs named as outputs, links that lead nowhere, and files that ask for too much.

An output is checked before any work starts (``word2vec_np.atomic.check_writable``):
a device, FIFO, socket or directory is refused instead of being replaced by a regular
file, and so is any of the run's inputs named as an output (docs/errors.md, "Output files").
"""

import gzip
import json
import os
import signal
import stat
import subprocess
import sys
import tempfile
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.bad_input.helpers import FAST, fuzz
from tests.helpers import ROOT, one_error_line, segments
from word2vec_np import convert, evaluate, phrases, query, train
from word2vec_np.compat.keyedvectors import KeyedVectors
from word2vec_np.engine import workers
from word2vec_np.engine.checkpoint import load_checkpoint
from word2vec_np.engine.interrupt import TrainingInterrupted
from word2vec_np.errors import ConfigError, CorpusError, ModelFileError, Word2VecError
from word2vec_np.text import sources, word_files
from word2vec_np.text.vocab_file import load_vocab_file
from word2vec_np.vectors.evaluation import read_analogies, read_word_pairs
from word2vec_np.vectors.files import save_vectors
from word2vec_np.vectors.npz import load_model_npz, save_model_npz
from word2vec_np.vectors.word2vec_format import load_word2vec
from word2vec_np.word2vec import Word2Vec


# ---------------------------------------------------------------------- outputs that are not regular files
@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "fifo"
    os.mkfifo(path)
    return path


@pytest.fixture
def device_link(tmp_path):
    """A symlink to a private null device in ``tmp_path``: saving through it would replace the device node.

    Never a link to the real /dev/null: run as root, a regression would replace the machine's.
    """
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    node = tmp_path / "null-device"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    path = tmp_path / "null"
    path.symlink_to(node)
    return path


@pytest.mark.parametrize("option", ["--output", "--checkpoint", "--save-vocab"])
@pytest.mark.parametrize("special", ["fifo", "device_link"])
def test_train_refuses_an_output_that_is_no_regular_file(option, special, corpus, tmp_path, capsys, request):
    target = request.getfixturevalue(special)
    extra = ["--format", "binary"] if option == "--output" else ["--output", str(tmp_path / "v.bin")]
    assert train.main([str(corpus), *FAST, option, str(target), *extra]) == 2
    kind = "a FIFO (named pipe)" if special == "fifo" else "a device"
    assert f"cannot write {option} '{target}': it is {kind}, not a regular file" in one_error_line(capsys)
    assert stat.S_ISFIFO(os.stat(target).st_mode) if special == "fifo" else stat.S_ISCHR(os.stat(target).st_mode)
    assert not (tmp_path / "v.bin").exists()


def test_convert_and_phrases_refuse_a_fifo(fifo, corpus, tmp_path, capsys):
    vectors = save_vectors(tmp_path / "v.txt", (["a", "b"], [[1.0, 0.0], [0.0, 1.0]]))
    assert convert.main([str(vectors), str(fifo), "--format", "text"]) == 2
    assert "it is a FIFO (named pipe)" in one_error_line(capsys)
    assert phrases.main([str(corpus), str(fifo), "-q"]) == 2
    assert "it is a FIFO (named pipe)" in one_error_line(capsys)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_library_save_refuses_a_device(device_link):
    with pytest.raises(ConfigError, match="it is a device"):
        save_vectors(device_link, (["a"], [[1.0]]), fmt="text")
    assert stat.S_ISCHR(os.stat(device_link).st_mode)


def test_standard_output_as_a_file_name_is_refused(corpus, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert train.main([str(corpus), *FAST, "--output", "-", "--format", "text"]) == 2
    assert "cannot write --output '-': outputs are files, not standard output" in one_error_line(capsys)
    assert not (tmp_path / "-").exists()


# ---------------------------------------------------------------------- inputs named as outputs
@pytest.mark.parametrize("option", ["--output", "--checkpoint"])
def test_the_read_vocabulary_is_not_overwritten(option, corpus, tmp_path, capsys):
    vocab = tmp_path / "vocab.txt"
    vocab.write_text("the 5\nand 4\n", encoding="utf-8")
    extra = ["--format", "text"] if option == "--output" else ["--output", str(tmp_path / "v.bin")]
    assert train.main([str(corpus), *FAST, "--read-vocab", str(vocab), option, str(vocab), *extra]) == 2
    assert f"cannot write {option} '{vocab}': it is the --read-vocab file itself" in one_error_line(capsys)
    assert vocab.read_text(encoding="utf-8") == "the 5\nand 4\n"


# ---------------------------------------------------------------------- links that lead nowhere
def test_a_symlink_loop_is_named_as_such(corpus, tmp_path, capsys):
    loop = tmp_path / "loop.bin"
    loop.symlink_to(loop)
    assert train.main([str(corpus), *FAST, "--output", str(loop)]) == 2
    assert "it is a symlink loop" in one_error_line(capsys)


def test_a_dangling_checkpoint_link_is_refused_before_training(corpus, tmp_path, capsys):
    link = tmp_path / "c.ckpt.npz"
    link.symlink_to(tmp_path / "gone" / "c.ckpt.npz")
    assert train.main([str(corpus), *FAST, "--checkpoint", str(link), "--output", str(tmp_path / "v.bin")]) == 2
    assert f"the directory '{tmp_path / 'gone'}' does not exist; create it first" in one_error_line(capsys)
    assert not (tmp_path / "v.bin").exists()


# ---------------------------------------------------------------------- how many processes a file may start
@pytest.fixture
def no_forking(monkeypatch):
    """Starting workers fails the test: a regression must not fork the machine's worth of processes."""

    def refuse(self):
        raise AssertionError(f"a pool of {self.n} workers was started")

    monkeypatch.setattr(workers.WorkerPool, "__enter__", refuse)


def _forge(path, **settings):
    """Rewrite the training settings recorded in a checkpoint or saved model (.npz)."""
    data = load_model_npz(path)
    config = dict(data["config"])
    if "train_config" in config:
        config["train_config"] = {**config["train_config"], **settings}
    else:
        config.update(settings)
    save_model_npz(path, data["arrays"], config)
    return path


def test_workers_on_the_command_line_are_capped(corpus, tmp_path, capsys, no_forking):
    many = workers.max_workers() + 1
    assert train.main([str(corpus), *FAST, "--workers", str(many), "--output", str(tmp_path / "v.bin")]) == 2
    message = one_error_line(capsys)
    assert f"--workers must be at most {workers.max_workers()}" in message and f"got {many:,}" in message


def test_a_checkpoint_asking_for_many_workers_is_refused(corpus, tmp_path, capsys, no_forking):
    from tests.bad_input.test_checkpoints import checkpoint_of

    ckpt = _forge(checkpoint_of(tmp_path, corpus, {"corpus": str(corpus), "output": None}), workers=100_000)
    assert train.main(["--resume", str(ckpt), "-q"]) == 2
    assert "--workers must be at most" in one_error_line(capsys)


def test_a_saved_model_asking_for_many_workers_is_refused(corpus, tmp_path, no_forking):
    model = _forge(Word2Vec(corpus, dim=4, epochs=1, min_count=1).save(tmp_path / "m.npz"), workers=10**6)
    with pytest.raises(ModelFileError, match="--workers must be at most"):
        Word2Vec.load(model)


def test_a_cap_follows_the_cores(monkeypatch):
    monkeypatch.setattr(workers, "available_cores", lambda: 16)
    assert workers.max_workers() == 64
    monkeypatch.setattr(workers, "available_cores", lambda: 1)
    assert workers.max_workers() == 32  # the C tool's demo line (-threads 20) runs anywhere


# ---------------------------------------------------------------------- messages that name the setting at fault
@pytest.mark.parametrize(
    "argv,needle",
    [
        (["--negative", "100000000"], "--negative must be at most 1,000"),
        (["--max-vocab-size", "1"], "--max-vocab-size must be a whole number of at least 2, got 1"),
    ],
)
def test_settings_are_named(argv, needle, corpus, tmp_path, capsys):
    assert train.main([str(corpus), *FAST, *argv, "--output", str(tmp_path / "v.bin")]) == 2
    assert needle in one_error_line(capsys)


def test_one_word_sentences_without_subsampling_are_not_told_to_turn_it_off(tmp_path, capsys):
    corpus = tmp_path / "one.txt"
    corpus.write_text("a\nb\nc\na\nb\n", encoding="utf-8")
    assert (
        train.main([str(corpus), *FAST, "--sample", "0", "--min-count", "1", "--output", str(tmp_path / "v.bin")]) == 2
    )
    message = capsys.readouterr().err.strip().splitlines()[-1]
    assert "fewer than two words" in message and "--sample 0" not in message


# ---------------------------------------------------------------------- readers bounded by what was asked
@pytest.fixture
def small_limits(monkeypatch):
    """Limits small enough that a hostile file of a few hundred KiB crosses them."""
    monkeypatch.setattr(word_files, "MAX_LINE_BYTES", 4096)
    monkeypatch.setattr(word_files, "EXPANSION_ALLOWANCE", 64 << 10)
    monkeypatch.setattr(sources, "MAX_TOKEN_BYTES", 4096)


def test_a_compression_bomb_of_vectors_is_refused(tmp_path, small_limits, capsys):
    bomb = tmp_path / "v.txt.gz"
    bomb.write_bytes(gzip.compress(b"a 1\n" * 500_000))  # 2 MB of rows in a few KB
    with pytest.raises(ModelFileError, match="expands to more than 100 times its compressed size"):
        load_word2vec(bomb)
    assert query.main([str(bomb), "a"]) == 2
    assert "compression bomb" in one_error_line(capsys)


@pytest.mark.parametrize("suffix", [".txt", ".txt.gz"])
def test_a_huge_row_is_refused(tmp_path, small_limits, suffix):
    row = b"w " + b"1 " * 5000 + b"\n"
    data = b"1 5000\n" + row
    path = tmp_path / f"v{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    with pytest.raises(ModelFileError, match="the line at byte 7 is longer than 4,096 bytes"):
        load_word2vec(path)


def test_repeated_rows_take_the_memory_of_one(tmp_path):
    path = tmp_path / "v.txt"
    path.write_bytes(b"a 1 2 3\n" * 60_000)  # 60,000 rows of GloVe text, one word
    tracemalloc.start()
    try:
        with pytest.warns(UserWarning, match="lists 59999 words more than once"):
            words, matrix = load_word2vec(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert words == ["a"] and matrix.tolist() == [[1.0, 2.0, 3.0]]
    assert peak < 2.5e6, f"peak {peak / 1e6:.1f} MB"  # the 1 MiB read buffer; keeping every row, 3 MB or more


def test_a_limit_reads_only_the_rows_asked_for(tmp_path):
    path = tmp_path / "v.txt"
    path.write_bytes(b"1000 2\n" + b"".join(b"w%d %d 1\n" % (i, i) for i in range(10)) + b"\xff\xfe not rows")
    with pytest.raises(ModelFileError):
        load_word2vec(path)
    words, matrix = load_word2vec(path, limit=10)
    assert words == [f"w{i}" for i in range(10)] and matrix.shape == (10, 2)
    assert KeyedVectors.load_word2vec_format(path, limit=3).index_to_key == ["w0", "w1", "w2"]
    binary = tmp_path / "v.bin"
    save_vectors(binary, (["a", "b"], [[1.0, 2.0], [3.0, 4.0]]))
    binary.write_bytes(binary.read_bytes().replace(b"2 2\n", b"900 2\n", 1) + b"\x00" * 100)
    assert load_word2vec(binary, limit=2)[0] == ["a", "b"]


@pytest.mark.parametrize("reader", ["--read-vocab", "--pairs", "--analogies"])
def test_a_file_without_newlines_fails_fast(reader, tmp_path, corpus, small_limits, capsys):
    zeros = tmp_path / "zeros.txt"
    zeros.write_bytes(b"\0" * (64 << 10))  # what /dev/zero gives, cut short
    vectors = save_vectors(tmp_path / "v.txt", (["a", "b"], [[1.0, 0.0], [0.0, 1.0]]))
    if reader == "--read-vocab":
        code = train.main([str(corpus), *FAST, "--read-vocab", str(zeros), "--output", str(tmp_path / "o.bin")])
    else:
        code = evaluate.main([str(vectors), reader, str(zeros)])
    assert code == 2
    assert "longer than 4,096 bytes" in one_error_line(capsys)


def test_a_huge_token_in_a_corpus_is_refused(tmp_path, small_limits):
    path = tmp_path / "c.txt.gz"
    path.write_bytes(gzip.compress(b"x" * (3 << 20) + b" a b\n"))
    with pytest.raises(CorpusError, match="holds a token longer than 4,096 bytes"):
        list(sources.iter_sentences(path))


@given(
    st.lists(st.lists(st.sampled_from(["a", "bb", "c"]), max_size=7) | st.just([]), max_size=40),
    st.lists(st.sampled_from(["\n", "\n\n", " \n \n", "\r\n", "\n\t\n\n"]), min_size=40, max_size=40),
    st.integers(1, 4),
)
@fuzz(60)
def test_blank_lines_skipped_in_bulk_give_the_same_sentences(lines, breaks, n):
    """The reader skips runs of blank lines in one step; the sentences are those of reading line by line."""
    text = "".join(" ".join(line) + brk for line, brk in zip(lines, breaks, strict=False))
    expected = [
        tokens[lo : lo + n] for tokens in (line.split() for line in text.split("\n")) for lo in range(0, len(tokens), n)
    ]
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "c.txt"
        path.write_text(text + "z\n", encoding="utf-8")
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(sources, "CHUNK_BYTES", 7)  # lines and blank runs cut across chunks
            assert list(sources.iter_sentences(path, max_sentence_length=n)) == [*expected, ["z"]]


@given(st.binary(max_size=3000), st.sampled_from([".txt", ".bin", ".txt.gz", "vocab", "pairs", "analogies"]))
@fuzz(150)
def test_readers_raise_their_errors_never_run_out_of_memory(data, kind):
    """Whatever the bytes, each reader returns or raises the package's error, within its limits."""
    with tempfile.TemporaryDirectory() as d, pytest.MonkeyPatch.context() as mp:
        mp.setattr(word_files, "MAX_LINE_BYTES", 256)
        mp.setattr(word_files, "EXPANSION_ALLOWANCE", 1024)
        name = {"vocab": "v.txt", "pairs": "p.txt", "analogies": "a.txt"}.get(kind, "v" + kind)
        path = Path(d) / name
        path.write_bytes(gzip.compress(data * 50) if kind == ".txt.gz" else data)
        read = {
            "vocab": load_vocab_file,
            "pairs": read_word_pairs,
            "analogies": read_analogies,
        }.get(kind, lambda p: load_word2vec(p, limit=20))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                out = read(path)
        except Word2VecError:
            return
        if kind in (".txt", ".bin", ".txt.gz"):
            assert len(out[0]) <= 20


# ---------------------------------------------------------------------- evaluation files as published
SIMLEX = (
    "word1\tword2\tPOS\tSimLex999\tconc(w1)\tconc(w2)\tconcQ\tAssoc(USF)\tSimAssoc333\tSD(SimLex)\n"
    "old\tnew\tA\t1.58\t2.72\t2.81\t2\t7.25\t1\t0.41\n"
    "smart\tintelligent\tA\t9.2\t1.75\t2.46\t1\t7.11\t1\t0.67\n"
    "hard\tdifficult\tA\t8.77\t3.76\t2.21\t2\t5.94\t1\t1.19\n"
)
WORDSIM = "Word 1,Word 2,Human (mean)\nlove,sex,6.77\ntiger,cat,7.35\ntiger,tiger,10.00\n"


def test_simlex_is_scored_by_its_simlex999_column(tmp_path):
    pairs = read_word_pairs(_write(tmp_path / "SimLex-999.txt", SIMLEX))
    assert pairs == [("old", "new", 1.58), ("smart", "intelligent", 9.2), ("hard", "difficult", 8.77)]


def test_wordsim_combined_csv_is_read(tmp_path):
    pairs = read_word_pairs(_write(tmp_path / "combined.csv", WORDSIM))
    assert pairs == [("love", "sex", 6.77), ("tiger", "cat", 7.35), ("tiger", "tiger", 10.0)]
    tab = read_word_pairs(_write(tmp_path / "combined.tab", WORDSIM.replace(",", "\t")))
    assert tab == pairs


@pytest.mark.parametrize("column", ["SD(SimLex)", "10"])
def test_pairs_column_chooses_another_column(tmp_path, column, capsys):
    path = _write(tmp_path / "SimLex-999.txt", SIMLEX)
    assert [s for *_, s in read_word_pairs(path, column=column)] == [0.41, 0.67, 1.19]
    vectors = save_vectors(tmp_path / "v.txt", (["old", "new", "hard", "difficult"], np.eye(4)[:, :3] + 0.1))
    assert evaluate.main([str(vectors), "--pairs", str(path), "--pairs-column", column, "--json"]) == 0
    assert '"n_pairs": 2' in capsys.readouterr().out


def test_pairs_column_must_exist(tmp_path):
    path = _write(tmp_path / "SimLex-999.txt", SIMLEX)
    with pytest.raises(ConfigError, match="--pairs-column 'Mean' is not a column of"):
        read_word_pairs(path, column="Mean")
    with pytest.raises(ConfigError, match="--pairs-column 11: .* has 10 fields"):
        read_word_pairs(path, column=11)


@pytest.mark.parametrize(
    "text,message",
    [
        ("love sex\ntiger cat 7.35\n", "line 1: expected 'word1 word2 score', found 2 field"),
        ("a b 1e308\nc d 2\ne f 3\n", "line 1: the score '1e308' is beyond 1e\\+15"),
        ("a b 1 2\nc d 2 3\n", "line 1 has 4 fields and no column is named as a score"),
        ("love sex 6.77 note\ntiger cat 7.35 note\n", "line 1 has 4 fields"),  # data, not a header
    ],
)
def test_pairs_that_cannot_be_scored_are_one_error(tmp_path, text, message):
    with pytest.raises(CorpusError, match=message):
        read_word_pairs(_write(tmp_path / "p.txt", text))


def test_a_negative_dimension_header_is_not_read_as_glove(tmp_path):
    path = tmp_path / "v.txt"
    path.write_bytes(b"2 -4\na 1 2 3 4\nb 1 2 3 4\n")
    with pytest.raises(ModelFileError, match="its header declares 2 words of dimension -4"):
        load_word2vec(path)


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------- what query prints
@pytest.fixture
def hostile_words(tmp_path):
    return save_vectors(
        tmp_path / "v.txt",
        (["the", "k\x1b[31mx", "a\u2028b", "c\x85d"], [[1.0, 0.0], [0.9, 0.1], [0.8, 0.2], [0.7, 0.3]]),
    )


def test_query_escapes_control_characters(hostile_words, capsys):
    assert query.main([str(hostile_words), "the"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u2028" not in out and "\x85" not in out
    assert "k\\x1b[31mx" in out and "a\\u2028b" in out and "c\\x85d" in out


def test_query_json_lines_stay_one_line(hostile_words, capsys):
    assert query.main([str(hostile_words), "the", "--json"]) == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) == 1  # str.splitlines breaks at U+2028 and U+0085 too
    words = [r["word"] for r in json.loads(out)["results"]]
    assert words == ["k\x1b[31mx", "a\u2028b", "c\x85d"]


def test_query_takes_options_after_the_vectors_and_between_queries(hostile_words, capsys):
    assert query.main([str(hostile_words), "--topn", "1", "the"]) == 0
    assert query.main([str(hostile_words), "the", "--topn", "1", "the"]) == 0
    out = capsys.readouterr().out
    assert out.count("(cosine)") == 3 and out.count("0.99") == 3


# ---------------------------------------------------------------------- signals: stop, save, say so
@pytest.fixture
def sigterm_fails_the_test():
    """SIGTERM and SIGHUP not taken over by training fail the test instead of ending pytest."""

    def unhandled(signum, frame):
        raise AssertionError(f"{signal.Signals(signum).name} reached the default handler")

    previous = {s: signal.signal(s, unhandled) for s in (signal.SIGTERM, signal.SIGHUP)}
    yield
    for s, handler in previous.items():
        signal.signal(s, handler)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_save_a_checkpoint_as_ctrl_c_does(signum, corpus, tmp_path, sigterm_fails_the_test):
    ckpt = tmp_path / "c.ckpt.npz"
    with pytest.raises(TrainingInterrupted, match=f"training stopped by {signum.name} in epoch 2 of 3") as info:
        Word2Vec(
            corpus, dim=4, epochs=3, min_count=1, checkpoint=ckpt, callbacks=[lambda r: signal.raise_signal(signum)]
        )
    assert info.value.checkpoint == str(ckpt) and load_checkpoint(ckpt).progress()
    assert signal.getsignal(signum) is not signal.SIG_DFL  # the handler before training is back


def test_the_command_saves_on_sigterm_and_says_so(corpus, tmp_path):
    out, ckpt = tmp_path / "v.bin", tmp_path / "c.ckpt.npz"
    child = subprocess.Popen(
        [sys.executable, "-m", "word2vec_np.train", str(corpus), "--dim", "4", "--min-count", "1", "--epochs", "10000",
         "--output", str(out), "--checkpoint", str(ckpt)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    for line in child.stdout:
        if "epoch 1/" in line:  # training has begun
            break
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=120)
    assert child.returncode == 130, err
    assert "interrupted: training stopped by SIGTERM" in err and "resume with:" in err
    assert load_checkpoint(ckpt).progress() and not out.exists()


# ---------------------------------------------------------------------- shared memory after the whole group dies
GROUP_KILLED = """
import sys, time
import numpy as np
from tests.engine.test_workers import MarkStep, pool_for

if __name__ == "__main__":
    pool, _ = pool_for(MarkStep(), start_method="spawn")
    with pool:
        print("ready", flush=True)
        time.sleep(120)
"""


@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="Linux keeps segments in /dev/shm")
def test_segments_of_a_killed_process_group_are_removed_by_the_next_run(tmp_path):
    script = tmp_path / "group.py"
    script.write_text(GROUP_KILLED)
    child = subprocess.Popen(
        [sys.executable, str(script)], cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
        stdout=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        assert child.stdout.readline() == "ready\n"
        left = segments(child.pid)
        os.killpg(child.pid, signal.SIGKILL)  # the parent, its workers and its resource tracker at once
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
        child.stdout.close()
    assert len(left) == 4 and segments(child.pid) == left  # nobody was left to remove them
    mine = Path("/dev/shm") / f"{workers.SEGMENT_PREFIX}{os.getpid()}_test_0"
    mine.write_bytes(b"a live process's segment")
    try:
        removed = workers.remove_stale_segments()
        assert mine.exists()
    finally:
        mine.unlink()
    assert set(left) <= set(removed) and segments(child.pid) == []


@pytest.mark.parametrize("target", ["loop", "nowhere/x"])
def test_an_input_link_that_leads_nowhere_says_so(target, tmp_path, capsys):
    link = tmp_path / "in.txt"
    link.symlink_to(link if target == "loop" else tmp_path / target)
    needle = "is a symlink loop" if target == "loop" else "is a symlink to"
    assert train.main([str(link), *FAST, "--output", str(tmp_path / "v.bin")]) == 2
    assert needle in one_error_line(capsys)
    assert query.main([str(link), "king"]) == 2
    assert needle in one_error_line(capsys)
    with pytest.raises(Word2VecError, match=needle):
        read_word_pairs(link)
