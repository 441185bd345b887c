"""Every bad input of issue 7 gets one clear sentence, from the command and from the Python API.

For each row: the command exits 2 and prints exactly one line ``error: <message>``
(no traceback unless --debug), and the Python API raises the documented class
with the same message. Also here: huge lines and tokens, CRLF, atomic saves
surviving a SIGKILL, and the other commands (evaluate, datasets) never showing
a traceback. docs/errors.md is the table these tests check.
"""

import ast
import json
import math
import os
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from word2vec_np.engine.config import TrainConfig
from word2vec_np.errors import (
    ConfigError,
    CorpusError,
    CorpusNotFoundError,
    ModelFileError,
    Word2VecError,
)
from word2vec_np.text import datasets
from word2vec_np.train import main
from word2vec_np.vectors import evaluation as evaluate
from word2vec_np.vectors import formats
from word2vec_np.vectors.formats import load_vectors, save_model_npz
from word2vec_np.word2vec import Word2Vec

ROOT = Path(__file__).resolve().parents[2]
FAST = ["--dim", "4", "--epochs", "1", "-q"]  # small settings for the command


def one_error_line(capsys) -> str:
    """The command's stderr, checked to be a single 'error: ...' line; returns the message."""
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and "Traceback" not in err
    return lines[0][len("error: ") :]


@pytest.fixture
def corpus(tmp_path):
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(30)]
    lines = [" ".join(rng.choice(words, size=8)) for _ in range(200)]
    path = tmp_path / "corpus.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------------- bad corpora
BAD_CORPORA = {
    "missing": (None, CorpusNotFoundError, "does not exist"),
    "empty directory": ("dir", CorpusError, "holds no files to read"),
    "empty": (b"", CorpusError, "is empty"),
    "whitespace only": (b"  \n\t\r\n   \n", CorpusError, "contains only whitespace"),
    "binary (NUL bytes)": (b"GIF89a\x01\x00\x00\xff", CorpusError, "NUL byte at byte offset 7"),
    "invalid UTF-8": (b"the cafe\nle caf\xe9 au lait\n", CorpusError, "not valid UTF-8 at byte offset 15"),
    "every word below min_count": (b"a b c\nd e f\n", CorpusError, "min_count=5"),
    "one-word vocabulary": (b"la la la la la\nla la\n", CorpusError, "only one distinct word"),
}


def make_corpus(tmp_path, data):
    path = tmp_path / "bad.txt"
    if data == "dir":
        path.mkdir()
    elif data is not None:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", sorted(BAD_CORPORA))
def test_bad_corpus_is_one_sentence_from_the_api_and_the_command(case, tmp_path, capsys):
    data, cls, needle = BAD_CORPORA[case]
    path = make_corpus(tmp_path, data)
    with pytest.raises(cls) as info:
        Word2Vec.train(path, dim=4, epochs=1)
    message = str(info.value)
    assert needle in message and str(path) in message and "\n" not in message
    assert isinstance(info.value, ValueError | FileNotFoundError)
    assert main([str(path), *FAST]) == 2
    assert one_error_line(capsys) == message


def test_debug_shows_the_traceback(tmp_path, capsys):
    assert main([str(tmp_path / "nope.txt"), "--debug", *FAST]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and err.strip().splitlines()[-1].startswith("error: ")


def test_crlf_line_ends_just_work(corpus, tmp_path, capsys):
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(corpus.read_bytes().replace(b"\n", b"\r\n"))
    a = Word2Vec.train(corpus, dim=8, epochs=2, min_count=1)
    b = Word2Vec.train(crlf, dim=8, epochs=2, min_count=1)
    assert a.vocab == b.vocab and "\r" not in "".join(b.vocab.words)
    assert np.array_equal(a.W_in, b.W_in)  # the same vectors, bit for bit
    assert main([str(crlf), "--min-count", "1", *FAST]) == 0


# ---------------------------------------------------------------------- settings
BAD_SETTINGS = [
    (["--dim", "0"], dict(dim=0), "--dim must be a positive whole number"),
    (["--window", "0"], dict(window=0), "--window must be a positive whole number"),
    (["--window", "-3"], dict(window=-3), "--window must be a positive whole number"),
    (["--epochs", "0"], dict(epochs=0), "--epochs must be a positive whole number"),
    (["--negative", "-1"], dict(negative=-1), "--negative must be a whole number of at least 0"),
    (["--objective", "ns", "--negative", "0"], dict(objective="ns", negative=0), "--negative of at least 1"),
    (["--alpha", "0"], dict(alpha=0.0), "--alpha must be a positive number"),
    (["--alpha", "-0.5"], dict(alpha=-0.5), "--alpha must be a positive number"),
    (["--alpha", "nan"], dict(alpha=math.nan), "--alpha must be a positive number"),
    (["--sample", "-0.001"], dict(sample=-0.001), "--sample must be 0 (off) or a positive number"),
    (["--min-count", "0"], dict(min_count=0), "--min-count must be a positive whole number"),
    (["--batch-size", "0"], dict(batch_size=0), "--batch-size must be a positive whole number"),
    (["--max-vocab-size", "0"], dict(max_vocab_size=0), "--max-vocab-size must be a positive whole number"),
    (["--seed", "-1"], dict(seed=-1), "--seed must be a whole number of at least 0"),
    (["--ns-power", "inf"], dict(ns_power=math.inf), "--ns-power must be a finite number"),
    (["--alpha", "0.01", "--min-alpha", "0.1"], dict(alpha=0.01, min_alpha=0.1), "is larger than --alpha"),
]


@pytest.mark.parametrize("argv,settings,needle", BAD_SETTINGS, ids=[" ".join(a) for a, _, _ in BAD_SETTINGS])
def test_invalid_settings_are_one_sentence_from_the_api_and_the_command(argv, settings, needle, corpus, capsys):
    with pytest.raises(ConfigError) as info:
        Word2Vec.train(corpus, **settings)
    assert needle in str(info.value)
    assert main([str(corpus), *argv, "-q"]) == 2
    assert one_error_line(capsys) == str(info.value)


@pytest.mark.parametrize(
    "argv,needle",
    [
        (["--arch", "glove"], "argument --arch: invalid choice: 'glove'"),
        (["--objective", "nce"], "argument --objective: invalid choice: 'nce'"),
        (["--method", "turbo"], "argument --method: invalid choice"),
        (["--dim", "ten"], "argument --dim: invalid int value: 'ten'"),
        (["--no-such-option"], "unrecognized arguments: --no-such-option"),
        (["--checkpoint-every", "1000"], "--checkpoint-every needs a place to save"),
        (["--checkpoint-every", "0", "--checkpoint", "{tmp}/c.npz"], "--checkpoint-every must be a positive"),
    ],
)
def test_command_line_mistakes_are_one_error_line(argv, needle, corpus, tmp_path, capsys):
    argv = [a.format(tmp=tmp_path) for a in argv]
    assert exit_code(main, [str(corpus), *argv, "-q"]) == 2
    assert needle in one_error_line(capsys)


def exit_code(command, argv) -> int:
    """What the process would exit with: main's return value, or argparse's SystemExit code."""
    try:
        return command(argv)
    except SystemExit as exc:
        return exc.code


@pytest.mark.parametrize(
    "settings,cls,needle",
    [
        (dict(arch="glove"), ConfigError, "unknown architecture 'glove'"),
        (dict(objective="nce"), ConfigError, "unknown objective 'nce'"),
        (dict(method="turbo"), ConfigError, "unknown training method"),
        (dict(dim=2.5), ConfigError, "--dim must be a positive whole number"),
        (dict(alpha="fast"), ConfigError, "--alpha must be a positive number"),
        (dict(dimension=50), ConfigError, "unknown setting(s) dimension"),
        (dict(checkpoint_every=100), ConfigError, "--checkpoint PATH"),
    ],
)
def test_api_only_settings_mistakes(settings, cls, needle, corpus):
    with pytest.raises(cls) as info:
        Word2Vec.train(corpus, **settings)
    assert needle in str(info.value)


def test_settings_are_checked_before_the_corpus_is_read(tmp_path):
    with pytest.raises(ConfigError):  # not CorpusNotFoundError: the cheap check comes first
        Word2Vec.train(tmp_path / "nope.txt", dim=0)


# ---------------------------------------------------------------------- output paths
def test_output_directory_missing(corpus, tmp_path, capsys):
    out = tmp_path / "no" / "such" / "v.bin"
    model = Word2Vec.train(corpus, dim=4, epochs=1, min_count=1)
    with pytest.raises(ConfigError, match="does not exist; create it first") as info:
        model.save(out)
    assert main([str(corpus), *FAST, "--output", str(out)]) == 2
    assert one_error_line(capsys) == str(info.value)


def test_output_directory_not_writable(corpus, tmp_path, capsys, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    if os.geteuid() == 0:  # root may write anywhere; pretend it may not, as for any other user
        real = os.access
        monkeypatch.setattr(os, "access", lambda p, m: False if Path(p) == locked else real(p, m))
    out = locked / "v.bin"
    model = Word2Vec.train(corpus, dim=4, epochs=1, min_count=1)
    with pytest.raises(ConfigError, match="is not writable; choose another place") as info:
        model.save(out)
    assert main([str(corpus), *FAST, "--output", str(out)]) == 2
    assert one_error_line(capsys) == str(info.value)
    locked.chmod(0o755)


@pytest.mark.parametrize("how", ["same path", "symlink", "hard link", "relative path"])
def test_output_that_is_the_input_is_refused(how, corpus, tmp_path, capsys, monkeypatch):
    original = corpus.read_bytes()
    if how == "same path":
        out = corpus
    elif how == "symlink":
        out = tmp_path / "link.txt"
        out.symlink_to(corpus)
    elif how == "hard link":
        out = tmp_path / "hard.txt"
        os.link(corpus, out)
    else:
        monkeypatch.chdir(tmp_path)
        out = Path("sub/../corpus.txt")
        (tmp_path / "sub").mkdir()
    assert main([str(corpus), *FAST, "--output", str(out)]) == 2
    assert "is the corpus itself; choose another file name" in one_error_line(capsys)
    assert corpus.read_bytes() == original


@pytest.mark.parametrize(
    "argv,needle",
    [
        (["--output", "{tmp}"], "it is a directory; give a file name"),
        (["--output", "{tmp}/v.docx"], "end the name with .txt, .bin or .npz"),
        (["--checkpoint", "{corpus}"], "--checkpoint '{corpus}' is the corpus itself"),
        (["--output", "{tmp}/v.npz", "--checkpoint", "{tmp}/v.npz"], "is the --output file"),
        (["--checkpoint", "{tmp}/missing/c.npz"], "does not exist; create it first"),
    ],
)
def test_other_output_mistakes(argv, needle, corpus, tmp_path, capsys):
    argv = [a.format(tmp=tmp_path, corpus=corpus) for a in argv]
    assert main([str(corpus), *FAST, *argv]) == 2
    assert needle.format(corpus=corpus) in one_error_line(capsys)


def test_a_failed_save_names_the_output_and_keeps_the_old_file(corpus, tmp_path, capsys, monkeypatch):
    out = tmp_path / "v.bin"
    out.write_bytes(b"previous")

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Word2Vec, "save", disk_full)
    assert main([str(corpus), *FAST, "--min-count", "1", "--output", str(out)]) == 2
    message = one_error_line(capsys)
    assert str(out) in message and "No space left on device" in message
    assert out.read_bytes() == b"previous"


def test_out_of_memory_is_one_error_line(corpus, capsys, monkeypatch):
    def too_big(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr("word2vec_np.engine.training.init_params", too_big)
    assert main([str(corpus), *FAST, "--min-count", "1"]) == 2
    assert "out of memory; lower --dim" in one_error_line(capsys)


# ---------------------------------------------------------------------- model files
def vectors_files(tmp_path):
    words = ["the", "thé", "of", "and"]
    M = np.arange(12, dtype=np.float32).reshape(4, 3) / 7
    files = {}
    for suffix in (".txt", ".bin", ".npz"):
        files[suffix] = formats.save_vectors(tmp_path / f"good{suffix}", (words, M))
    return files


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


def test_a_pickled_object_in_an_npz_is_refused(tmp_path, capsys):
    path = tmp_path / "evil.npz"
    np.savez(path, W_in=np.zeros((1, 2)), words=np.array([os.system], dtype=object))
    with pytest.raises(ModelFileError, match="pickled Python object, and unpickling can run code") as info:
        load_vectors(path)
    with pytest.raises(ModelFileError, match="pickled"):
        Word2Vec.load(path)
    assert evaluate.main([str(path)]) == 2
    assert one_error_line(capsys) == str(info.value)


def model_arrays(tmp_path):
    model = Word2Vec.train(
        _tiny_corpus(tmp_path), dim=4, epochs=1, min_count=1, objective="hs", method="minibatch", sample=0
    )
    path = model.save(tmp_path / "m.npz")
    with np.load(path, allow_pickle=False) as z:
        return {k: z[k] for k in z.files}, path


def _tiny_corpus(tmp_path):
    path = tmp_path / "tiny.txt"
    path.write_text("a b c d\nb c d e\nc d e a\n" * 20)
    return path


@pytest.mark.parametrize(
    "change, needle",
    [
        (lambda a: a.update(W_out=a["W_out"][:-1]), "do not fit --dim 4 and --objective hs"),
        (lambda a: a.update(W_in=a["W_in"][:, :3]), "do not fit --dim 4"),
        (lambda a: a.update(counts=a["counts"][::-1].copy()), "descending count order"),
        (lambda a: a.update(W_in=a["W_in"] * np.nan), "NaN or infinite parameters"),
        (lambda a: a.update(words_offsets=a["words_offsets"][:-1]), "word list"),
        (lambda a: a.pop("W_out"), "lacks words, W_in, W_out or counts"),
        (lambda a: a.update(epoch_loss=np.array(["x"])), "damaged loss history"),
    ],
)
def test_inconsistent_model_files_are_refused(tmp_path, change, needle):
    arrays, path = model_arrays(tmp_path)
    config = json.loads(arrays.pop("__meta__").tobytes())["config"]
    change(arrays)
    save_model_npz(path, arrays, config)
    with pytest.raises(ModelFileError, match=needle.replace("(", r"\(")):
        Word2Vec.load(path)


def test_invalid_settings_in_a_model_file_are_refused(tmp_path):
    arrays, path = model_arrays(tmp_path)
    arrays.pop("__meta__")
    save_model_npz(path, arrays, {"dim": -4, "objective": "hs"})
    with pytest.raises(ModelFileError, match="invalid training settings"):
        Word2Vec.load(path)


# ---------------------------------------------------------------------- huge lines and tokens
def write_one_line(path, n_bytes, seed=0):
    """n_bytes of Zipf-distributed words on one line, with no newline at all."""
    rng = np.random.default_rng(seed)
    words = np.array([f"w{i}" for i in range(3000)])
    p = 1 / np.arange(1, 3001)
    p /= p.sum()
    text = " ".join(words[rng.choice(3000, size=n_bytes // 3, p=p)])
    path.write_text(text[:n_bytes].rsplit(" ", 1)[0], encoding="ascii")
    return path


def test_a_single_huge_line_trains_in_bounded_memory(tmp_path):
    """A corpus that is one line with no newline (text8 is one) is read in 1 MiB chunks and cut into
    sentences of max_sentence_length tokens, so memory grows only with the int32 ids of the corpus,
    never with the line. (A 50 MB line, measured in docs/errors.md: 160 MB peak RSS, as for the same words
    as 731,483 short lines.)"""
    peaks, tokens = [], []
    for mb in (1, 3):
        path = write_one_line(tmp_path / f"line{mb}.txt", mb * 1_000_000)
        tracemalloc.start()
        try:
            model = Word2Vec.train(path, dim=4, window=2, epochs=1, min_count=1)
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
        n = model.history.epoch_words[0]
        tokens.append(n)
        assert np.isfinite(model.W_in).all() and len(model.vocab) > 1000
    per_token = (peaks[1] - peaks[0]) / (tokens[1] - tokens[0])
    # A list of str for the line would cost ~60 bytes a token, holding the line as one str ~5 more;
    # the encoded corpus costs 4 bytes a token (ids), kept while it is concatenated.
    assert per_token < 35, f"{per_token:.1f} bytes per token"
    assert peaks[1] < 40e6, f"peak {peaks[1] / 1e6:.0f} MB"


def test_a_line_is_cut_into_sentences_of_max_sentence_length(tmp_path):
    from word2vec_np.text.corpus import load

    path = write_one_line(tmp_path / "line.txt", 300_000)
    vocab, corpus = load(path, min_count=1)
    lengths = np.diff(corpus.offsets)
    assert len(lengths) == math.ceil(corpus.n_raw_words / 10000)
    assert (lengths[:-1] == 10000).all()


def test_a_1_mb_token_trains_saves_and_loads_in_every_format(tmp_path):
    token = "x" * 1_000_000
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(50)]
    lines = [" ".join(rng.choice(words, 8)) + (f" {token}" if i % 20 == 0 else "") for i in range(400)]
    path = tmp_path / "big_token.txt"
    path.write_text("\n".join(lines) + "\n")
    model = Word2Vec.train(path, dim=8, epochs=1, method="minibatch")
    assert token in model.vocab
    for suffix in (".npz", ".txt", ".bin"):
        out = model.save(tmp_path / f"m{suffix}")
        # one copy of the token, not V copies of a 4 MB fixed-width string
        assert out.stat().st_size < 1_200_000 + len(model.vocab) * 8 * 12
        assert load_vectors(out).words == model.vocab.words
    again = Word2Vec.load(tmp_path / "m.npz")
    assert again.vocab == model.vocab and np.array_equal(again.W_in, model.W_in)


def test_format_1_npz_files_with_a_string_array_still_load(tmp_path):
    arrays, path = model_arrays(tmp_path)
    config = json.loads(arrays.pop("__meta__").tobytes())["config"]
    words = formats.npz_words(arrays, path)
    del arrays["words_utf8"], arrays["words_offsets"]
    arrays["words"] = np.array(words)
    save_model_npz(path, arrays, config)
    assert list(Word2Vec.load(path).vocab.words) == words
    assert list(load_vectors(path).words) == words


# ---------------------------------------------------------------------- atomic saves
def test_every_writer_in_the_package_goes_through_atomic_write():
    """No module that saves a user's work opens a file for writing itself: each save is atomic_write's.
    (The benchmarks under word2vec_np/bench/ write scratch files of their own runs, and the grader under
    word2vec_np/teach/grading/ the inputs and outputs of a submission's process in a temporary directory it
    removes; they are not checked. The grade command's CSV goes through atomic_write.)"""
    offenders = []
    for path in sorted((ROOT / "word2vec_np").rglob("*.py")):
        parts = path.relative_to(ROOT / "word2vec_np").parts
        if path.name == "atomic.py" or "bench" in parts or "grading" in parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("write_text", "write_bytes", "tofile", "savefig", "savetxt"):
                offenders.append(f"{path.name}:{node.lineno} {name}")
            on_numpy = isinstance(func, ast.Attribute) and getattr(func.value, "id", "") in ("np", "numpy")
            if name in ("save", "savez", "savez_compressed") and on_numpy:
                offenders.append(f"{path.name}:{node.lineno} np.{name}")
            if name == "open":
                modes = [a.value for a in node.args[1:2] if isinstance(a, ast.Constant)]
                modes += [k.value.value for k in node.keywords if k.arg == "mode" and isinstance(k.value, ast.Constant)]
                first = node.args[0] if node.args else None
                to_a_file_object = isinstance(first, ast.Name) and first.id in ("out", "f", "fileobj")
                if any(set(str(m)) & set("wax+") for m in modes) and not to_a_file_object:
                    offenders.append(f"{path.name}:{node.lineno} open(..., {modes[0]!r})")
    assert offenders == []


WRITER = """
import sys, time
from word2vec_np.atomic import atomic_write
path, fill, blocks = sys.argv[1], sys.argv[2].encode(), int(sys.argv[3])
with atomic_write(path) as f:
    print("writing", flush=True)
    for _ in range(blocks):
        f.write(fill * 65536)
        f.flush()
        time.sleep(0.002)
"""


def test_a_writer_killed_at_any_instant_leaves_the_old_file_or_the_new_one(tmp_path):
    dest = tmp_path / "vectors.bin"
    blocks = 40  # 2.5 MB written over ~0.1 s
    old, new = b"A" * (65536 * blocks), b"B" * (65536 * blocks)
    rng = np.random.default_rng(7)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    outcomes = set()
    for delay in [0.0, *rng.uniform(0, 0.2, size=10)]:
        dest.write_bytes(old)
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(dest), "B", str(blocks)], stdout=subprocess.PIPE, env=env
        )
        child.stdout.readline()  # it has started writing its temporary file
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        content = dest.read_bytes()
        assert content in (old, new)  # never a mixture, never a prefix
        outcomes.add(content[:1])
    assert b"A" in outcomes  # killed mid-write at least once (the first kill is immediate)
    stale = [p.name for p in tmp_path.iterdir() if p.name != "vectors.bin"]
    assert all(name.startswith(".vectors.bin.") and name.endswith(".tmp") for name in stale)


SAVER = """
import sys
import numpy as np
from word2vec_np.vectors.formats import save_word2vec_text
words = [f"w{i}" for i in range(40000)]
print("saving", flush=True)
save_word2vec_text(sys.argv[1], words, np.full((40000, 20), float(sys.argv[2]), dtype=np.float32))
"""


def test_a_real_save_killed_midway_leaves_a_complete_file(tmp_path):
    dest = tmp_path / "v.txt"
    words = [f"w{i}" for i in range(40000)]
    formats.save_word2vec_text(dest, words, np.ones((40000, 20), dtype=np.float32))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for delay in (0.05, 0.15, 0.3):
        child = subprocess.Popen([sys.executable, "-c", SAVER, str(dest), "2"], stdout=subprocess.PIPE, env=env)
        child.stdout.readline()
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        got_words, M = formats.load_word2vec(dest)  # complete: a damaged file would raise
        assert got_words == words and len(np.unique(M)) == 1


# ---------------------------------------------------------------------- the other commands
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


@pytest.mark.parametrize(
    "module,args",
    [
        ("word2vec_np.train", ["--epochs", "1", "--dim", "4", "--method", "minibatch"]),
        ("word2vec_np.evaluate", ["{vectors}"]),
        ("word2vec_np.datasets", ["list"]),
    ],
)
def test_a_closed_output_pipe_is_not_a_traceback(module, args, tmp_path):
    vectors = vectors_files(tmp_path)[".txt"]
    child = subprocess.Popen(
        [sys.executable, "-m", module, *(a.format(vectors=vectors) for a in args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    child.stdout.close()  # like `... | head -0`
    err = child.stderr.read().decode()
    child.wait(timeout=120)
    child.stderr.close()
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert child.returncode in (0, 141)


def test_every_error_class_is_a_builtin_a_caller_already_catches():
    for cls, builtin in [
        (ConfigError, ValueError),
        (CorpusError, ValueError),
        (ModelFileError, ValueError),
        (CorpusNotFoundError, FileNotFoundError),
    ]:
        assert issubclass(cls, builtin) and issubclass(cls, Word2VecError)
    assert TrainConfig().resolved().alpha == 0.025
