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
from word2vec_np.errors import ConfigError
from word2vec_np.vectors.files import save_vectors


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
