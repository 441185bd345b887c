"""Outputs that are not files, inputs named as outputs, links that lead nowhere, and files that ask for too much.

An output is checked before any work starts (``word2vec_np.atomic.check_writable``):
a device, FIFO, socket or directory is refused instead of being replaced by a regular
file, and so is any of the run's inputs named as an output (docs/errors.md, "Output files").
"""

import os
import stat

import pytest

from tests.bad_input.helpers import FAST
from tests.helpers import one_error_line
from word2vec_np import convert, phrases, train
from word2vec_np.engine import workers
from word2vec_np.errors import ConfigError, ModelFileError
from word2vec_np.vectors.files import save_vectors
from word2vec_np.vectors.npz import load_model_npz, save_model_npz
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
