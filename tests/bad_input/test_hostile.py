"""Files made on purpose to hurt, and unusual settings (issue 17): one error line or the right result.

Each test names the case it guards. Memory bounds are measured with tracemalloc
(NumPy reports its allocations to it); a full disk and an exhausted memory are
simulated by a write or an allocation that raises, never by filling either.
"""

import errno
import io
import os
import stat
import struct
import tracemalloc
import warnings
import zipfile

import numpy as np
import pytest

from tests.corpora import encoded_zipf_corpus
from word2vec_np import train
from word2vec_np.core.sampling import NoiseSampler, bounded_half_widths, cbow_windows, draw_half_widths
from word2vec_np.engine import bookkeeping
from word2vec_np.engine import config as engine_config
from word2vec_np.engine.checkpoint import load_checkpoint
from word2vec_np.engine.config import TrainConfig
from word2vec_np.engine.training import train_arrays
from word2vec_np.errors import ConfigError, ModelFileError
from word2vec_np.train import main
from word2vec_np.vectors import evaluation as evaluate
from word2vec_np.vectors import formats
from word2vec_np.vectors.formats import load_vectors, save_vectors
from word2vec_np.word2vec import Word2Vec

MiB = 1 << 20
SMALL = ["--dim", "4", "--epochs", "1", "--min-count", "1", "-q"]


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: "), err
    assert "Traceback" not in err[0]
    return err[0]


@pytest.fixture
def corpus(tmp_path):
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(30)]
    p = 1 / np.arange(1, 31)
    path = tmp_path / "corpus.txt"
    lines = (" ".join(rng.choice(words, size=8, p=p / p.sum())) for _ in range(300))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def model_file(tmp_path, corpus):
    model = Word2Vec.train(corpus, dim=4, epochs=1, min_count=1, sample=0, method="minibatch", objective="hs")
    return model.save(tmp_path / "m.npz")


# ---------------------------------------------------------------------- .npz: bounded memory
def npy_bytes(dtype, shape, data: bytes = b"") -> bytes:
    """An .npy file: a version 1.0 header declaring ``dtype`` and ``shape``, then ``data``."""
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buf, {"descr": np.lib.format.dtype_to_descr(np.dtype(dtype)), "fortran_order": False, "shape": shape}
    )
    return buf.getvalue() + data


def rebuild(src, dst, add=(), drop=(), deflate=()):
    """Copy the zip ``src`` to ``dst`` without the members ``drop``, adding ``add`` (name, .npy bytes)."""
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w") as out:
        for info in z.infolist():
            if info.filename[:-4] not in drop:
                out.writestr(info.filename, z.read(info))
        for name, data in add:
            method = zipfile.ZIP_DEFLATED if name in deflate else zipfile.ZIP_STORED
            out.writestr(name + ".npy", data, compress_type=method)
    return dst


def declare_size(path, name: str, size: int) -> None:
    """Make the zip's records say that member ``name`` holds ``size`` uncompressed bytes (a lie)."""
    data = bytearray(path.read_bytes())
    member = (name + ".npy").encode()
    for signature, field in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):  # central record, local header
        at = data.find(signature)
        while at >= 0 and member not in data[at : at + 80]:
            at = data.find(signature, at + 4)
        data[at + field : at + field + 4] = struct.pack("<I", size)
    path.write_bytes(bytes(data))


def peak_bytes(fn) -> tuple[object, int]:
    """(fn()'s result or exception, peak bytes allocated while it ran)."""
    tracemalloc.start()
    try:
        try:
            result = fn()
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            result = exc
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_member_nobody_reads_is_never_decompressed(model_file, tmp_path):
    """Issue 17.1: a 1 MB model with 1 GiB of zeros beside it took 1.09 GB; 32 MiB here, read only if known."""
    zeros = npy_bytes(np.uint8, (32 * MiB,), bytes(32 * MiB))
    path = rebuild(model_file, tmp_path / "extra.npz", add=[("junk", zeros)], deflate={"junk"})
    assert path.stat().st_size < 2 * MiB
    model, peak = peak_bytes(lambda: Word2Vec.load(path))
    assert isinstance(model, Word2Vec), model
    assert peak < 4 * MiB


@pytest.mark.parametrize(
    "case, needle",
    [
        ("header declares 10^12 elements", "declares a float32 array of shape (1000000, 1000000)"),
        ("zip declares more than deflate can give", "more than deflate can hold"),
        ("stored member larger than the file", "more than an uncompressed member can hold"),
        ("matrix far larger than its words", "far larger than 30 words of dimension 4 allow"),
    ],
)
def test_a_lying_npz_is_refused_before_anything_large_is_allocated(model_file, tmp_path, case, needle, capsys):
    """Issue 17.1: every declared shape and size is checked against the file's size and its metadata."""
    path = tmp_path / "lying.npz"
    if case == "header declares 10^12 elements":
        rebuild(model_file, path, add=[("W_in", npy_bytes(np.float32, (10**6, 10**6), bytes(64)))], drop={"W_in"})
    elif case == "zip declares more than deflate can give":
        data = npy_bytes(np.float32, (10**6, 4), bytes(16 * 10**6))
        rebuild(model_file, path, add=[("W_in", data)], drop={"W_in"}, deflate={"W_in"})
        declare_size(path, "W_in", 2**32 - 1)
    elif case == "stored member larger than the file":
        rebuild(model_file, path, add=[("counts", npy_bytes(np.int64, (4,), bytes(32)))], drop={"counts"})
        declare_size(path, "counts", 2**31)
    else:  # a consistent member, but 8 MiB of zeros where a few words' vectors belong
        data = npy_bytes(np.float32, (2 * MiB, 1), bytes(8 * MiB))
        rebuild(model_file, path, add=[("W_in", data)], drop={"W_in"}, deflate={"W_in"})
    for load in (Word2Vec.load, load_vectors):
        error, peak = peak_bytes(lambda load=load: load(path))
        assert isinstance(error, ModelFileError) and needle in str(error), error
        assert str(path) in str(error) and "\n" not in str(error)
        assert peak < 2 * MiB, peak
    assert evaluate.main([str(path)]) == 2
    assert needle in one_error_line(capsys)


def test_out_of_memory_while_loading_is_one_error_line(model_file, capsys, monkeypatch):
    """Issue 17.4: a valid .npz loaded when memory runs short (MemoryError)."""

    def no_memory(n):
        raise MemoryError

    monkeypatch.setattr(formats, "bytearray", no_memory, raising=False)  # the loader's one allocation
    with pytest.raises(ModelFileError, match="not enough memory for its arrays"):
        Word2Vec.load(model_file)
    assert evaluate.main([str(model_file)]) == 2
    assert "not enough memory" in one_error_line(capsys)


def deep_json_npz(path, arrays):
    """An .npz whose JSON header is nested 200,000 deep (json.loads raises RecursionError)."""
    text = b'{"format": "word2vec_np", "version": 2, "config": {"x": ' + b"[" * 200_000 + b"]" * 200_000 + b"}}"
    np.savez(path, __meta__=np.frombuffer(text, dtype=np.uint8), **arrays)
    return path


def test_json_nested_200000_deep_is_one_error_line(model_file, tmp_path, capsys):
    """Issue 17.4: RecursionError in evaluate, Word2Vec.load and --resume."""
    with np.load(model_file) as z:
        arrays = {k: z[k] for k in z.files if k != "__meta__"}
    path = deep_json_npz(tmp_path / "deep.npz", arrays)
    with pytest.raises(ModelFileError, match="not one saved by word2vec_np"):
        Word2Vec.load(path)
    assert evaluate.main([str(path)]) == 2
    one_error_line(capsys)
    assert main(["--resume", str(path), "-q"]) == 2
    assert "not one saved by word2vec_np" in one_error_line(capsys)


# ---------------------------------------------------------------------- vectors files
def test_a_header_number_of_5000_digits_is_one_error_line(tmp_path, capsys):
    """Issue 17.4: int() of a 5,000-digit number raised ValueError."""
    path = tmp_path / "huge.txt"
    path.write_text("1" * 5000 + " 3\na 1 2 3\n")
    with pytest.raises(ModelFileError, match="a number no file can hold"):
        load_vectors(path)
    assert evaluate.main([str(path)]) == 2
    assert str(path) in one_error_line(capsys)


def test_a_huge_finite_value_is_kept_and_normalised(tmp_path):
    """Issue 17.5: 3e38 fits float32, but its squared norm does not: the word loaded as a zero vector."""
    path = tmp_path / "big.txt"
    path.write_text("3 3\nbig 3e38 0 0\nsmall 1 1e-3 0\nother 0 1 0\n")
    vectors = load_vectors(path)
    assert vectors.matrix[0, 0] == np.float32(3e38)
    assert np.allclose(vectors.normed[0], [1, 0, 0])
    assert vectors.similarity("big", "small") == pytest.approx(1 / np.sqrt(1 + 1e-6), rel=1e-6)
    assert vectors.most_similar("big", topn=1)[0][0] == "small"
    assert np.allclose(vectors._unit_query(np.array([3e38, 3e38, 0], dtype=np.float32))[0], [0.5**0.5] * 2 + [0])


def test_a_value_beyond_float32_is_one_error_line_without_a_runtime_warning(tmp_path, capsys):
    """Issue 17.5: 1e40 printed NumPy's 'overflow encountered in cast' before the error line."""
    path = tmp_path / "overflow.txt"
    path.write_text("2 2\na 1e40 0\nb 0 1\n")
    glove = tmp_path / "overflow_glove.txt"  # GloVe's format: no header, so the row is line 1
    glove.write_text("a 1e40 0\nb 0 1\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RuntimeWarning would fail the test
        with pytest.raises(ModelFileError, match="'1e40', beyond the float32 range"):
            load_vectors(path)
        with pytest.raises(ModelFileError, match=r"line 1 \(word 'a'\) has the value '1e40', beyond the float32"):
            load_vectors(glove)
        assert evaluate.main([str(path)]) == 2
    assert "line 2 (word 'a')" in one_error_line(capsys)


def test_the_duplicate_words_warning_is_one_line(tmp_path, capsys):
    """Issue 17.5: the warning printed the line of source code that raised it."""
    path = tmp_path / "dup.txt"
    path.write_text("3 2\na 1 0\na 0 1\nb 1 1\n")
    assert evaluate.main([str(path)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"warning: {str(path)!r} lists 1 words more than once; keeping the first vectors"]


# ---------------------------------------------------------------------- settings
def test_a_huge_noise_power_gives_the_exact_distribution_not_nan():
    """Issue 17.5: count**400 overflowed, so every noise probability was NaN."""
    counts = np.array([100, 90, 50, 0, 7])
    sampler = NoiseSampler(counts, power=400)
    assert np.isfinite(sampler.probs).all() and sampler.probs.sum() == pytest.approx(1)
    assert sampler.probs[1] / sampler.probs[0] == pytest.approx(0.9**400, rel=1e-9)
    assert sampler.probs[3] == 0
    assert np.allclose(NoiseSampler(counts, power=2).probs, counts**2 / np.sum(counts**2), rtol=1e-12, atol=0)
    drawn = sampler.sample(np.zeros(500, dtype=np.int64), 2, np.random.default_rng(0))
    assert np.all(drawn == 1)  # all but certain: the next word has 1e-92 of its weight; word 0 is the target
    with pytest.raises(ConfigError, match="puts all the noise on the most frequent word"):
        NoiseSampler(np.array([1000, 1]), power=400)  # 1000**-400 underflows: no negative for word 0


def test_ns_power_400_trains_or_gives_one_error_line(corpus, tmp_path, capsys):
    code = main([str(corpus), *SMALL, "--ns-power", "400", "--output", str(tmp_path / "v.bin")])
    if code == 0:
        assert np.isfinite(load_vectors(tmp_path / "v.bin").matrix).all()
    else:
        assert code == 2 and "--ns-power" in one_error_line(capsys)


@pytest.mark.parametrize(
    "text, sample",
    [("a\nb\n" * 100, "0"), ("a b\n" * 300, "1e-5")],
    ids=["one-word sentences", "subsampling keeps single words"],
)
def test_a_run_with_zero_examples_is_an_error_and_saves_nothing(tmp_path, capsys, text, sample):
    """Issue 17.5: it 'trained' on 0 examples and saved the random initial vectors."""
    path = tmp_path / "few.txt"
    path.write_text(text)
    out = tmp_path / "v.bin"
    assert main([str(path), *SMALL, "--sample", sample, "--output", str(out)]) == 2
    assert "training saw 0 examples" in one_error_line(capsys)
    assert not out.exists()


def test_epochs_are_bounded():
    with pytest.raises(ConfigError, match="--epochs must be at most 10,000"):
        TrainConfig(epochs=10**9).resolved()
    assert TrainConfig(epochs=engine_config.MAX_EPOCHS).resolved().epochs == engine_config.MAX_EPOCHS


@pytest.mark.parametrize("method", ["fast", "minibatch"])
@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_a_window_of_a_billion_costs_what_the_longest_sentence_needs(arch, method):
    """Issue 17.8: --window 1000 on short sentences took 60 s; a window of 10^9 would need ~10^10 bytes a word."""
    vocab, corpus = encoded_zipf_corpus(seed=3, n_sentences=200, V=20, lengths=(1, 9))
    config = TrainConfig(arch=arch, method=method, dim=4, window=10**9, min_count=1, epochs=1, sample=0)
    W_in, W_out, history = train_arrays(vocab, corpus, config)
    assert np.isfinite(W_in).all() and history.epoch_examples[0] > 0


def test_capped_half_widths_give_the_same_draws_and_the_same_windows():
    offsets = np.array([0, 3, 4, 9, 11])
    ids = np.arange(11, dtype=np.int32)
    half, width = bounded_half_widths(offsets, 1000, np.random.default_rng(5))
    assert width == 4  # the longest sentence has 5 words
    assert np.array_equal(half, np.minimum(draw_half_widths(11, 1000, np.random.default_rng(5)), 4))
    assert bounded_half_widths(offsets, 2, np.random.default_rng(5))[1] == 2  # a narrower window stays
    contexts, n_context, targets = cbow_windows(ids, offsets, 1000, np.random.default_rng(5))
    assert contexts.shape[1] == 8
    sentence = np.repeat(np.arange(4), np.diff(offsets))
    for row, t in enumerate(targets):  # a window that is wider than every sentence: the whole sentence
        expected = [j for j in range(11) if sentence[j] == sentence[t] and j != t]
        assert contexts[row, : n_context[row]].tolist() == expected


# ---------------------------------------------------------------------- checkpoints and resume
def checkpoint_of(tmp_path, corpus, run):
    from word2vec_np.text import corpus as corpus_mod

    vocab, encoded = corpus_mod.load(corpus, min_count=1)
    ckpt = tmp_path / "c.ckpt.npz"
    config = TrainConfig(dim=4, epochs=2, min_count=1, method="minibatch")
    train_arrays(vocab, encoded, config, checkpoint=ckpt, checkpoint_every=500, checkpoint_info=run)
    return ckpt


def test_resume_never_writes_where_only_the_checkpoint_says(tmp_path, corpus, capsys):
    """Issue 17.2: a checkpoint whose stored output pointed elsewhere overwrote that file without a word."""
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
    """Issue 17.4: TypeError."""
    ckpt = checkpoint_of(tmp_path, corpus, {"corpus": str(corpus), "output": 5})
    assert main(["--resume", str(ckpt), "-q"]) == 2
    assert "records an output; add --output PATH" in one_error_line(capsys)


def disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_failed_final_save_keeps_the_model_and_says_how_to_save_it(tmp_path, corpus, capsys, monkeypatch):
    """Issue 17.6: a full disk at the end lost the whole run."""
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
    """Issue 17.6: the message did not say which file."""
    monkeypatch.setattr(bookkeeping, "save_checkpoint", disk_full)
    ckpt = tmp_path / "run.ckpt.npz"
    assert main([str(corpus), *SMALL, "--checkpoint", str(ckpt), "--checkpoint-every", "500"]) == 2
    message = one_error_line(capsys)
    assert f"could not save the checkpoint {str(ckpt)!r} (No space left on device)" in message


# ---------------------------------------------------------------------- overwriting
def test_overwriting_keeps_the_permissions(tmp_path):
    """Issue 17.7: a file of mode 0600 became 0644."""
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
    """Issue 17.7: a symlink was replaced by a regular file."""
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "v.bin"
    target.write_bytes(b"old")
    link = tmp_path / "link.bin"
    link.symlink_to(target)
    save_vectors(link, (["a", "b"], np.eye(2)))
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert load_vectors(target).words == ("a", "b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.bin", "real"]  # no temporary file left


def test_save_error_is_an_os_error_whose_message_is_the_sentence():
    from word2vec_np.errors import SaveError, Word2VecError

    assert issubclass(SaveError, OSError) and issubclass(SaveError, Word2VecError)
    assert str(SaveError("could not save 'v.bin'")) == "could not save 'v.bin'"
