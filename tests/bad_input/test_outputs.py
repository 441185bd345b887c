"""Where results go: missing or unwritable directories, an output that is the input,
full disks, saves killed midway, kept permissions and symlinks, closed pipes.

A full disk is simulated by a save that raises, never by filling one. Every save
goes through ``word2vec_np.atomic.atomic_write``, so a writer killed at any instant
leaves the old file or the new one (docs/errors.md, "Output files" and "Atomic saves").
"""

import ast
import errno
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from tests.bad_input.helpers import FAST, SMALL, vectors_files
from tests.helpers import ROOT, one_error_line
from word2vec_np import train
from word2vec_np.engine import bookkeeping
from word2vec_np.engine.checkpoint import load_checkpoint
from word2vec_np.errors import ConfigError
from word2vec_np.train import main
from word2vec_np.vectors.files import load_vectors, save_vectors
from word2vec_np.vectors.word2vec_format import load_word2vec, save_word2vec_text
from word2vec_np.word2vec import Word2Vec


# ---------------------------------------------------------------------- output paths
def test_output_directory_missing(corpus, tmp_path, capsys):
    out = tmp_path / "no" / "such" / "v.bin"
    model = Word2Vec(corpus, dim=4, epochs=1, min_count=1)
    with pytest.raises(ConfigError, match="does not exist; create it first") as info:
        model.save(out)
    assert main([str(corpus), *FAST, "--output", str(out)]) == 2  # the same words, naming the option
    assert one_error_line(capsys) == str(info.value).replace("cannot write ", "cannot write --output ", 1)


def test_output_directory_not_writable(corpus, tmp_path, capsys, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    if os.geteuid() == 0:  # root may write anywhere; pretend it may not, as for any other user
        real = os.access
        monkeypatch.setattr(os, "access", lambda p, m: False if Path(p) == locked else real(p, m))
    out = locked / "v.bin"
    model = Word2Vec(corpus, dim=4, epochs=1, min_count=1)
    with pytest.raises(ConfigError, match="is not writable; choose another place") as info:
        model.save(out)
    assert main([str(corpus), *FAST, "--output", str(out)]) == 2  # the same words, naming the option
    assert one_error_line(capsys) == str(info.value).replace("cannot write ", "cannot write --output ", 1)
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
        (["--checkpoint", "{corpus}"], "cannot write --checkpoint '{corpus}': it is the corpus itself"),
        (["--output", "{tmp}/v.npz", "--checkpoint", "{tmp}/v.npz"], "is the --output file"),
        (["--checkpoint", "{tmp}/missing/c.npz"], "does not exist; create it first"),
    ],
)
def test_other_output_mistakes(argv, needle, corpus, tmp_path, capsys):
    argv = [a.format(tmp=tmp_path, corpus=corpus) for a in argv]
    assert main([str(corpus), *FAST, *argv]) == 2
    assert needle.format(corpus=corpus) in one_error_line(capsys)


# ---------------------------------------------------------------------- full disks
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


def disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_failed_final_save_keeps_the_model_and_says_how_to_save_it(tmp_path, corpus, capsys, monkeypatch):
    """A full disk at the end lost the whole run."""
    settings = [str(corpus), *SMALL, "--epochs", "2", "--method", "minibatch"]
    assert main([*settings, "--output", str(tmp_path / "ref.npz")]) == 0
    out = tmp_path / "v.npz"
    ckpt = tmp_path / "v.npz.ckpt.npz"
    with monkeypatch.context() as m:
        m.setattr(Word2Vec, "save", disk_full)
        assert main([*settings, "--output", str(out)]) == 2
    message = one_error_line(capsys)
    again = train.resume_command(ckpt, out)
    assert f"could not save {str(out)!r} (No space left on device" in message
    assert f"the trained model is kept in {str(ckpt)!r}" in message and again in message
    assert not out.exists() and load_checkpoint(ckpt).epoch == 2

    assert main(again.split()[3:] + ["-q"]) == 0  # the command the message gives
    a, b = Word2Vec.load(tmp_path / "ref.npz"), Word2Vec.load(out)
    assert np.array_equal(a.W_in, b.W_in) and np.array_equal(a.W_out, b.W_out)
    assert a.history.epoch_loss == b.history.epoch_loss


def test_when_the_model_cannot_be_kept_either_the_message_says_so(tmp_path, corpus, capsys, monkeypatch):
    monkeypatch.setattr(Word2Vec, "save", disk_full)
    monkeypatch.setattr(train, "save_checkpoint", disk_full)
    assert main([str(corpus), *SMALL, "--output", str(tmp_path / "v.bin")]) == 2
    message = one_error_line(capsys)
    assert "nor keep the trained model in" in message and "v.bin.ckpt.npz" in message and "lost" in message


def test_a_periodic_checkpoint_on_a_full_disk_names_its_file(tmp_path, corpus, capsys, monkeypatch):
    """The message did not say which file."""
    monkeypatch.setattr(bookkeeping, "save_checkpoint", disk_full)
    ckpt = tmp_path / "run.ckpt.npz"
    assert main([str(corpus), *SMALL, "--checkpoint", str(ckpt), "--checkpoint-every", "500"]) == 2
    message = one_error_line(capsys)
    assert f"could not save the checkpoint {str(ckpt)!r} (No space left on device)" in message


# ---------------------------------------------------------------------- atomic saves
def test_every_writer_in_the_package_goes_through_atomic_write():
    """No module that saves a user's work opens a file for writing itself: each save is atomic_write's.
    (The benchmarks under word2vec_np/bench/ write scratch files of their own runs, and the grader under
    word2vec_np/teach/grading/ the inputs and outputs of a submission's process in a temporary directory it
    removes, and text/corpus_cache.py the encoded corpus, scratch files that its meta.json, written last,
    declares whole; they are not checked. The grade command's CSV goes through atomic_write.)"""
    offenders = []
    for path in sorted((ROOT / "word2vec_np").rglob("*.py")):
        parts = path.relative_to(ROOT / "word2vec_np").parts
        if path.name in ("atomic.py", "corpus_cache.py") or "bench" in parts or "grading" in parts:
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
from word2vec_np.vectors.word2vec_format import save_word2vec_text
words = [f"w{i}" for i in range(40000)]
print("saving", flush=True)
save_word2vec_text(sys.argv[1], words, np.full((40000, 20), float(sys.argv[2]), dtype=np.float32))
"""


def test_a_real_save_killed_midway_leaves_a_complete_file(tmp_path):
    dest = tmp_path / "v.txt"
    words = [f"w{i}" for i in range(40000)]
    save_word2vec_text(dest, words, np.ones((40000, 20), dtype=np.float32))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for delay in (0.05, 0.15, 0.3):
        child = subprocess.Popen([sys.executable, "-c", SAVER, str(dest), "2"], stdout=subprocess.PIPE, env=env)
        child.stdout.readline()
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        got_words, M = load_word2vec(dest)  # complete: a damaged file would raise
        assert got_words == words and len(np.unique(M)) == 1


# ---------------------------------------------------------------------- overwriting
def test_overwriting_keeps_the_permissions(tmp_path):
    """A file of mode 0600 became 0644."""
    path = tmp_path / "v.txt"
    path.write_text("old")
    path.chmod(0o600)
    save_vectors(path, (["a", "b"], np.eye(2)))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_vectors(path).words == ("a", "b")
    new = save_vectors(tmp_path / "new.txt", (["a", "b"], np.eye(2)))
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~umask


def test_a_symlink_is_followed_and_stays_a_link(tmp_path):
    """A symlink was replaced by a regular file."""
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "v.bin"
    target.write_bytes(b"old")
    link = tmp_path / "link.bin"
    link.symlink_to(target)
    save_vectors(link, (["a", "b"], np.eye(2)))
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert load_vectors(target).words == ("a", "b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.bin", "real"]  # no temporary file left


# ---------------------------------------------------------------------- closed pipes
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
