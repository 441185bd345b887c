"""Nothing lost: checkpoints, resume bit for bit, Ctrl-C between blocks, divergence.

The promise under test: a run stopped at any block boundary and resumed from its
checkpoint ends with the very same bits (W_in, W_out and the loss history) as the
run that was never stopped, for the fast method and the exact minibatch method.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

from tests.corpora import encoded_zipf_corpus
from tests.helpers import ROOT, one_error_line
from word2vec_np.core import textbook
from word2vec_np.engine import bookkeeping, training
from word2vec_np.engine.checkpoint import TrainState, default_path, load_checkpoint, save_checkpoint
from word2vec_np.engine.config import TrainConfig
from word2vec_np.engine.history import History
from word2vec_np.engine.interrupt import TrainingInterrupted
from word2vec_np.engine.training import train_arrays
from word2vec_np.errors import ConfigError, CorpusError, ModelFileError, TrainingDivergedError
from word2vec_np.text.corpus import encode
from word2vec_np.train import main
from word2vec_np.vectors.npz import save_model_npz
from word2vec_np.word2vec import Word2Vec


def zipf_corpus(seed=0, n_sentences=600, V=40):
    return encoded_zipf_corpus(seed, n_sentences, V, lengths=(2, 14))


def write_corpus(path, seed=0, n_sentences=600, V=40):
    vocab, corpus = zipf_corpus(seed, n_sentences, V)
    lines = [" ".join(vocab.words[i] for i in s) for s in corpus.sentences()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def config(method, **over):
    base = dict(dim=8, window=3, min_count=1, epochs=3, seed=5, method=method, block_words=500, sample=1e-2)
    base.update(over)
    return TrainConfig(**base)


def assert_same_run(a, b):
    """Two (W_in, W_out, history) results are identical, bit for bit."""
    assert a[0].dtype == b[0].dtype and np.array_equal(a[0], b[0])
    assert np.array_equal(a[1], b[1])
    assert a[2].epoch_loss == b[2].epoch_loss
    assert a[2].epoch_examples == b[2].epoch_examples
    assert a[2].points == b[2].points


@pytest.fixture
def ctrl_c_at_block(monkeypatch):
    """Make a SIGINT (what Ctrl-C sends) arrive while block number ``k`` (1-based) is being trained."""

    def arm(k):
        real = training._train_block
        calls = {"n": 0}

        def block(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == k:
                signal.raise_signal(signal.SIGINT)  # delivered now: only asks the loop to stop
            return real(*args, **kwargs)

        monkeypatch.setattr(training, "_train_block", block)
        return calls

    return arm


# ---------------------------------------------------------------------- resume, bit for bit
CASES = [
    ("fast", "skipgram", "ns"),
    ("fast", "cbow", "hs"),
    ("minibatch", "skipgram", "hs"),
    ("minibatch", "cbow", "ns"),
]


@pytest.mark.parametrize("method,arch,objective", CASES)
def test_resuming_from_every_checkpoint_gives_the_uninterrupted_run_bit_for_bit(
    method, arch, objective, tmp_path, monkeypatch
):
    vocab, corpus = zipf_corpus()
    cfg = config(method, arch=arch, objective=objective)
    whole = train_arrays(vocab, corpus, cfg, report_every=1500)

    # Checkpoint about every third block and keep a copy of each file the run writes.
    path = tmp_path / "run.ckpt.npz"
    copies = []
    real_save = bookkeeping.save_checkpoint

    def save_and_copy(p, state):
        out = real_save(p, state)
        copies.append(shutil.copy(p, tmp_path / f"copy{len(copies)}.npz"))
        return out

    monkeypatch.setattr(bookkeeping, "save_checkpoint", save_and_copy)
    with_checkpoints = train_arrays(vocab, corpus, cfg, report_every=1500, checkpoint=path, checkpoint_every=1500)
    assert_same_run(whole, with_checkpoints)  # saving draws nothing and changes nothing
    assert len(copies) >= 5

    epochs_seen = set()
    for copy in copies:
        state = load_checkpoint(copy)
        epochs_seen.add(state.epoch)
        resumed = train_arrays(vocab, corpus, cfg, resume=state)
        assert_same_run(whole, resumed)
    assert epochs_seen == {0, 1, 2}  # checkpoints from every epoch, mid-epoch ones among them


@pytest.mark.parametrize("method", ["fast", "minibatch"])
def test_ctrl_c_stops_between_blocks_saves_and_resumes_bit_for_bit(method, tmp_path, ctrl_c_at_block):
    vocab, corpus = zipf_corpus()
    cfg = config(method)
    whole = train_arrays(vocab, corpus, cfg)
    path = tmp_path / "c.npz"
    calls = ctrl_c_at_block(7)
    with pytest.raises(TrainingInterrupted) as info:
        train_arrays(vocab, corpus, cfg, checkpoint=path)
    assert calls["n"] == 7  # the block that was running finished, no other began
    assert isinstance(info.value, KeyboardInterrupt)
    assert info.value.checkpoint == str(path) and str(path) in str(info.value)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the handler was put back
    state = load_checkpoint(path)
    assert state.words_seen == int(corpus.offsets[textbook.sentence_blocks(corpus.offsets, 500)[7]])
    assert_same_run(whole, train_arrays(vocab, corpus, cfg, resume=state))


def test_a_second_ctrl_c_stops_at_once_and_keeps_the_last_checkpoint(tmp_path, monkeypatch):
    vocab, corpus = zipf_corpus()
    cfg = config("minibatch")
    path = tmp_path / "c.npz"
    real = training._train_block
    calls = {"n": 0}

    def block(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 9:
            signal.raise_signal(signal.SIGINT)  # first Ctrl-C: please stop
            signal.raise_signal(signal.SIGINT)  # second: now
        return real(*args, **kwargs)

    monkeypatch.setattr(training, "_train_block", block)
    with pytest.raises(TrainingInterrupted, match="middle of a block.*last checkpoint .*c.npz.* is intact") as info:
        train_arrays(vocab, corpus, cfg, checkpoint=path, checkpoint_every=1000)
    assert info.value.checkpoint == str(path)
    state = load_checkpoint(path)  # the periodic checkpoint before the interruption, complete
    assert 1000 <= state.words_seen < int(corpus.offsets[-1])
    monkeypatch.setattr(training, "_train_block", real)
    assert_same_run(train_arrays(vocab, corpus, cfg), train_arrays(vocab, corpus, cfg, resume=state))


def test_without_a_checkpoint_path_ctrl_c_is_the_usual_keyboard_interrupt(ctrl_c_at_block):
    vocab, corpus = zipf_corpus()
    ctrl_c_at_block(3)
    with pytest.raises(KeyboardInterrupt) as info:
        train_arrays(vocab, corpus, config("minibatch"))
    assert not isinstance(info.value, TrainingInterrupted)


def test_an_ignored_sigint_stays_ignored(tmp_path, monkeypatch):
    vocab, corpus = zipf_corpus(n_sentences=100)
    seen = []
    real = training._train_block

    def block(*args, **kwargs):
        seen.append(signal.getsignal(signal.SIGINT))
        return real(*args, **kwargs)

    monkeypatch.setattr(training, "_train_block", block)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # as under nohup
    try:
        train_arrays(vocab, corpus, config("minibatch", epochs=1), checkpoint=tmp_path / "c.npz")
    finally:
        signal.signal(signal.SIGINT, previous)
    assert seen and all(h is signal.SIG_IGN for h in seen)


# ---------------------------------------------------------------------- divergence
def test_divergence_stops_and_leaves_the_last_good_checkpoint_intact(tmp_path, monkeypatch):
    vocab, corpus = zipf_corpus()
    cfg = config("minibatch")
    path = tmp_path / "c.npz"
    real = training._train_block
    calls = {"n": 0}

    def block(W_in, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 10:
            W_in[3, 0] = np.inf  # the parameters blow up while this block's loss is still finite
        return real(W_in, *args, **kwargs)

    monkeypatch.setattr(training, "_train_block", block)
    with pytest.raises(TrainingDivergedError) as info:
        train_arrays(vocab, corpus, cfg, checkpoint=path, checkpoint_every=500)  # a checkpoint every block
    message = str(info.value)
    assert "diverged" in message and "--alpha" in message
    assert "last checkpoint" in message and str(path) in message
    state = load_checkpoint(path)  # the last checkpoint written before the blow-up
    assert np.isfinite(state.W_in).all() and np.isfinite(state.W_out).all()
    assert state.words_seen == int(corpus.offsets[textbook.sentence_blocks(corpus.offsets, 500)[9]])


def test_a_real_divergence_is_one_error_and_no_runtime_warnings(tmp_path):
    vocab, corpus = zipf_corpus()
    cfg = config("minibatch", alpha=1e30)
    before = np.geterr()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any RuntimeWarning from the diverging arithmetic would fail here
        with pytest.raises(TrainingDivergedError, match="lower --alpha"):
            train_arrays(vocab, corpus, cfg, checkpoint=tmp_path / "c.npz", checkpoint_every=100)
    assert np.geterr() == before  # silenced inside training only
    with pytest.warns(RuntimeWarning):
        np.float32(3e38) * np.float32(10)  # and still reported elsewhere
    assert not (tmp_path / "c.npz").exists()  # no checkpoint was ever written from a diverged state


def test_divergence_in_the_cli_is_one_error_line(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "c.txt")
    out = tmp_path / "v.bin"
    code = main([str(corpus), "--min-count", "1", "--alpha", "1e30", "--method", "minibatch", "-q", "-o", str(out)])
    assert code == 2
    message = one_error_line(capsys)
    assert message.startswith("training diverged") and "--alpha" in message
    assert not out.exists()


# ---------------------------------------------------------------------- the Python API
def test_word2vec_train_then_resume_from_the_file_alone(tmp_path, ctrl_c_at_block):
    corpus = write_corpus(tmp_path / "corpus.txt")
    settings = dict(min_count=1, dim=8, epochs=2, block_words=500, method="minibatch")
    whole = Word2Vec(corpus, **settings)
    path = tmp_path / "m.ckpt.npz"
    ctrl_c_at_block(5)
    with pytest.raises(TrainingInterrupted):
        Word2Vec(corpus, checkpoint=path, **settings)
    assert load_checkpoint(path).run["corpus"] == os.path.abspath(corpus)
    ctrl_c_at_block(10**9)  # no more interruptions
    resumed = Word2Vec.resume(path)  # the corpus is the one the checkpoint recorded
    assert np.array_equal(whole.W_in, resumed.W_in) and np.array_equal(whole.W_out, resumed.W_out)
    assert resumed.config == whole.config and resumed.history.epoch_loss == whole.history.epoch_loss


def test_resume_refuses_another_corpus_or_other_settings(tmp_path, ctrl_c_at_block):
    corpus = write_corpus(tmp_path / "corpus.txt")
    other = write_corpus(tmp_path / "other.txt", seed=1)
    path = tmp_path / "m.ckpt.npz"
    ctrl_c_at_block(3)
    with pytest.raises(TrainingInterrupted):
        Word2Vec(corpus, checkpoint=path, min_count=1, dim=8, epochs=2, block_words=500, method="minibatch")
    with pytest.raises(CorpusError, match="not the one the checkpoint was trained on"):
        Word2Vec.resume(path, other)
    state = load_checkpoint(path)
    vocab = state.vocab()
    encoded = encode(corpus, vocab)
    with pytest.raises(ConfigError, match="settings differ.*dim 8 -> 9"):
        train_arrays(vocab, encoded, TrainConfig(**{**state.config, "dim": 9}), resume=state)


def test_checkpoint_every_must_be_positive_and_needs_a_path(tmp_path):
    vocab, corpus = zipf_corpus(n_sentences=50)
    with pytest.raises(ConfigError, match="--checkpoint-every"):
        train_arrays(vocab, corpus, config("minibatch"), checkpoint=tmp_path / "c.npz", checkpoint_every=0)
    with pytest.raises(ConfigError, match="--checkpoint PATH"):
        train_arrays(vocab, corpus, config("minibatch"), checkpoint_every=100)


# ---------------------------------------------------------------------- the file
def test_checkpoint_file_holds_the_documented_state(tmp_path, ctrl_c_at_block):
    vocab, corpus = zipf_corpus()
    cfg = config("fast")
    path = tmp_path / "c.npz"
    ctrl_c_at_block(4)
    with pytest.raises(TrainingInterrupted):
        train_arrays(vocab, corpus, cfg, checkpoint=path, checkpoint_info={"note": "hello"})
    with np.load(path, allow_pickle=False) as z:  # plain NumPy reads it, no pickle
        meta = json.loads(z["__meta__"].tobytes())["config"]
        names = set(z.files)
    cuts = textbook.sentence_blocks(corpus.offsets, 500)
    seen = int(corpus.offsets[cuts[4]])  # the words of the four blocks trained
    assert meta["kind"] == "checkpoint" and meta["checkpoint_version"] == 1
    assert meta["position"] == {"epoch": 0, "block": 4, "n_blocks": len(cuts) - 1, "words_seen": seen}
    assert meta["rng_state"]["bit_generator"] == "PCG64"
    assert meta["train_config"] == cfg.resolved().to_dict()
    alpha = cfg.resolved().alpha
    assert meta["learning_rate"] == textbook.learning_rate(seen, 3 * int(corpus.offsets[-1]), alpha, alpha * 1e-4)
    assert set(meta["accumulators"]) == {
        "epoch_loss_sum",
        "epoch_examples",
        "epoch_seconds",
        "point_loss",
        "point_examples",
        "next_point",
    }
    assert meta["corpus"]["n_words"] == int(corpus.offsets[-1]) and len(meta["corpus"]["sha256"]) == 64
    assert meta["run"] == {"note": "hello"}
    assert {"W_in", "W_out", "words_utf8", "words_offsets", "counts", "history_epoch_loss"} <= names
    state = load_checkpoint(path)
    assert state.vocab() == vocab and state.words_seen == seen
    assert f"epoch 1 of 3, {seen:,} of" in state.progress()


def test_default_checkpoint_path_is_beside_the_output():
    assert default_path("out/vectors.bin") == Path("out/vectors.bin.ckpt.npz")


def good_state(tmp_path):
    vocab, corpus = zipf_corpus(n_sentences=60)
    path = tmp_path / "c.npz"
    train_arrays(vocab, corpus, config("minibatch", epochs=1), checkpoint=path, checkpoint_every=200)
    return path, load_checkpoint(path)


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda m: m["rng_state"].update(bit_generator="Evil"), "generator 'Evil' is not the PCG64 generator"),
        (lambda m: m["rng_state"]["state"].update(state="x"), "generator state is invalid"),
        (lambda m: m["position"].update(block=10**6), "not within the run"),
        (lambda m: m["position"].update(epoch=-1), "the epoch is -1"),
        (lambda m: m["train_config"].update(dim=3), "dim 3 does not match"),
        (lambda m: m["accumulators"].update(epoch_loss_sum="NaN"), "epoch's loss"),
        (lambda m: m.pop("corpus"), "corpus fingerprint is missing"),
        (lambda m: m["corpus"].update(sha256=None), "checksum is missing"),
        (lambda m: m.update(kind="model"), "not a training checkpoint"),
        (lambda m: m.update(checkpoint_version=99), "newer word2vec_np"),
        # issue 17: versions a checkpoint never had, and another generator's state (was an IndexError)
        (lambda m: m.update(checkpoint_version=0), "format version is 0, not a version"),
        (lambda m: m.pop("checkpoint_version"), "format version is None"),
        (lambda m: m.update(checkpoint_version="99"), "format version is '99'"),
        (lambda m: m.update(checkpoint_version=True), "format version is True"),
        (lambda m: m.update(rng_state=np.random.MT19937(1).state), "generator 'MT19937' is not the PCG64"),
        (lambda m: m.update(rng_state={**np.random.MT19937(1).state, "bit_generator": "PCG64"}), "state is invalid"),
    ],
)
def test_a_damaged_checkpoint_is_one_model_file_error(tmp_path, damage, message):
    path, _ = good_state(tmp_path)
    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files if k != "__meta__"}
        meta = json.loads(z["__meta__"].tobytes())["config"]
    damage(meta)
    save_model_npz(path, arrays, meta)
    with pytest.raises(ModelFileError, match=message) as info:
        load_checkpoint(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c.update(speed="warp"),
        lambda c: c.update(window=0),
        lambda c: c.update(alpha=None),
        lambda c: c.update(epochs=10**9),  # issue 17: was accepted, and ran
    ],
)
def test_invalid_settings_in_a_checkpoint_are_refused_by_resume_and_the_command(tmp_path, capsys, change):
    path, _ = good_state(tmp_path)
    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files if k != "__meta__"}
        meta = json.loads(z["__meta__"].tobytes())["config"]
    change(meta["train_config"])
    save_model_npz(path, arrays, meta)
    with pytest.raises(ModelFileError, match="invalid training settings") as info:
        Word2Vec.resume(path)
    assert main(["--resume", str(path), "-q"]) == 2
    assert capsys.readouterr().err == f"error: {info.value}\n"


def test_a_checkpoint_with_nan_parameters_or_shuffled_arrays_is_refused(tmp_path):
    path, state = good_state(tmp_path)
    bad = TrainState(**{**state.__dict__, "W_in": np.full_like(state.W_in, np.nan)})
    save_checkpoint(path, bad)
    with pytest.raises(ModelFileError, match="NaN"):
        load_checkpoint(path)
    bad = TrainState(**{**state.__dict__, "W_out": state.W_out[:, :3]})
    save_checkpoint(path, bad)
    with pytest.raises(ModelFileError, match="W_out of shape"):
        load_checkpoint(path)


def test_model_and_checkpoint_files_are_not_confused(tmp_path):
    path, state = good_state(tmp_path)
    with pytest.raises(ModelFileError, match="training checkpoint, not a saved model"):
        Word2Vec.load(path)
    model = Word2Vec.from_arrays(state.vocab(), state.W_in, state.W_out, TrainConfig(**state.config), History())
    model.save(tmp_path / "model.npz")
    with pytest.raises(ModelFileError, match="not a training checkpoint"):
        load_checkpoint(tmp_path / "model.npz")
    with pytest.raises(ModelFileError, match="not a training checkpoint"):
        Word2Vec.resume(tmp_path / "model.npz")


def test_a_truncated_checkpoint_is_refused(tmp_path):
    path, _ = good_state(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelFileError, match="truncated or corrupted"):
        load_checkpoint(path)


def test_a_checkpoint_carrying_a_pickled_object_is_refused(tmp_path):
    path, _ = good_state(tmp_path)
    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["W_out"] = np.array([print], dtype=object)  # unpickling this could run code
    np.savez(path, **arrays)
    with pytest.raises(ModelFileError, match="pickled Python object"):
        load_checkpoint(path)


# ---------------------------------------------------------------------- the command
CHILD = (
    "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "  # as in a terminal
    "from word2vec_np.train import main; sys.exit(main(sys.argv[1:]))"
)


def run_cli(args, cwd):
    return subprocess.run(
        [sys.executable, "-c", CHILD, *map(str, args)], cwd=cwd, capture_output=True, text=True, env=_env()
    )


def _env():
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_sigint_to_the_command_saves_says_how_to_resume_and_resume_finishes_bit_for_bit(tmp_path):
    corpus = write_corpus(tmp_path / "corpus.txt", n_sentences=2500, V=300)
    common = ["--min-count", "1", "--dim", "16", "--epochs", "40", "-q"]
    reference = run_cli([corpus, *common, "--output", tmp_path / "ref.npz"], tmp_path)
    assert reference.returncode == 0, reference.stderr

    out = tmp_path / "out.npz"
    ckpt = tmp_path / "out.npz.ckpt.npz"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(corpus), *common, "--output", str(out), "--checkpoint-every", "20000"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    deadline = time.monotonic() + 60
    while not ckpt.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    child.send_signal(signal.SIGINT)  # what Ctrl-C sends
    stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "interrupted: training stopped by Ctrl-C" in stderr
    assert f"resume with: python -m word2vec_np.train --resume {ckpt} --output {out}" in stderr
    assert not out.exists()
    stopped_at = load_checkpoint(ckpt).words_seen
    assert 0 < stopped_at < 40 * 25_000

    resumed = run_cli(["--resume", ckpt, "--output", out], tmp_path)  # the command it printed
    assert resumed.returncode == 0, resumed.stderr
    assert "resuming" in resumed.stdout
    a, b = Word2Vec.load(tmp_path / "ref.npz"), Word2Vec.load(out)
    assert np.array_equal(a.W_in, b.W_in) and np.array_equal(a.W_out, b.W_out)
    assert a.history.epoch_loss == b.history.epoch_loss


def test_resume_with_a_conflicting_setting_is_one_error_line(tmp_path, capsys, ctrl_c_at_block):
    corpus = write_corpus(tmp_path / "corpus.txt")
    ckpt = tmp_path / "c.npz"
    ctrl_c_at_block(2)
    code = main([str(corpus), "--min-count", "1", "--dim", "8", "-q", "--checkpoint", str(ckpt)])
    assert code == 130
    err = capsys.readouterr().err
    assert f"--resume {ckpt}" in err
    ctrl_c_at_block(10**9)
    for argv, needle in [
        (["--resume", str(ckpt), "--dim", "9"], "--dim 9 conflicts with the checkpoint"),
        (["--resume", str(ckpt), "--output", str(ckpt)], "--output"),
        (["--resume", str(tmp_path / "nope.npz")], "does not exist"),
        (["--resume", str(corpus)], "not an .npz"),
    ]:
        assert main([*argv, "-q"]) == 2
        assert needle in one_error_line(capsys)
    assert main(["--resume", str(ckpt), "--dim", "8", "-q"]) == 0  # the same value is no conflict


def test_resume_when_the_corpus_moved(tmp_path, capsys, ctrl_c_at_block):
    corpus = write_corpus(tmp_path / "corpus.txt")
    ckpt = tmp_path / "c.npz"
    ctrl_c_at_block(2)
    assert main([str(corpus), "--min-count", "1", "--dim", "8", "-q", "--checkpoint", str(ckpt)]) == 130
    ctrl_c_at_block(10**9)
    moved = corpus.rename(tmp_path / "moved.txt")
    capsys.readouterr()
    assert main(["--resume", str(ckpt), "-q"]) == 2
    err = capsys.readouterr().err
    assert "does not exist; give its new path as the CORPUS argument" in err
    assert main(["--resume", str(ckpt), str(moved), "-q"]) == 0
