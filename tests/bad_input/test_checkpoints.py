"""Checkpoints given to --resume that record what they should not: an output
elsewhere, an output that is not a path.

Damaged checkpoint bytes are in test_model_files.py; checkpoints, resume, Ctrl-C
and divergence themselves in tests/engine/test_checkpoint.py.
"""

from tests.helpers import one_error_line
from word2vec_np.engine.config import TrainConfig
from word2vec_np.engine.training import train_arrays
from word2vec_np.train import main
from word2vec_np.vectors.files import load_vectors


def checkpoint_of(tmp_path, corpus, run):
    from word2vec_np.text import corpus as corpus_mod

    vocab, encoded = corpus_mod.load(corpus, min_count=1)
    ckpt = tmp_path / "c.ckpt.npz"
    config = TrainConfig(dim=4, epochs=2, min_count=1, method="minibatch")
    train_arrays(vocab, encoded, config, checkpoint=ckpt, checkpoint_every=500, checkpoint_info=run)
    return ckpt


def test_resume_never_writes_where_only_the_checkpoint_says(tmp_path, corpus, capsys):
    """A checkpoint whose stored output pointed elsewhere overwrote that file without a word."""
    victim = tmp_path / "precious.txt"
    victim.write_bytes(b"keep me")
    ckpt = checkpoint_of(tmp_path, corpus, {"corpus": str(corpus), "output": str(victim)})
    assert main(["--resume", str(ckpt), "-q"]) == 2
    message = one_error_line(capsys)
    assert f"was saving to {str(victim)!r}; add --output" in message
    assert victim.read_bytes() == b"keep me"
    mine = tmp_path / "mine.bin"
    assert main(["--resume", str(ckpt), "--output", str(mine), "-q"]) == 0
    assert victim.read_bytes() == b"keep me" and load_vectors(mine).matrix.shape == (30, 4)


def test_a_checkpoint_whose_output_is_a_number_is_one_error_line(tmp_path, corpus, capsys):
    """A checkpoint recording a number as its output: this was a TypeError and a traceback."""
    ckpt = checkpoint_of(tmp_path, corpus, {"corpus": str(corpus), "output": 5})
    assert main(["--resume", str(ckpt), "-q"]) == 2
    assert "records an output; add --output PATH" in one_error_line(capsys)
