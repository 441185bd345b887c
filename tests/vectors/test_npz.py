"""The model's .npz file: pickle-free both ways, refused when it is not ours, truncated or corrupted."""

import json

import numpy as np
import pytest

from tests.vectors.test_word2vec_format import WORDS
from word2vec_np.errors import ConfigError, ModelFileError
from word2vec_np.vectors import npz
from word2vec_np.vectors.files import load_vectors
from word2vec_np.vectors.npz import load_model_npz, save_model_npz


def model_arrays():
    return {
        "W_in": np.arange(6, dtype=np.float32).reshape(2, 3),
        "W_out": np.zeros((2, 3), dtype=np.float32),
        "words": np.array(WORDS),
        "counts": np.array([5, 2], dtype=np.int64),
        "epoch_loss": np.array([2.5, 1.25]),
    }


def test_npz_round_trip(tmp_path):
    config = {
        "dim": np.int64(3),
        "alpha": np.float32(0.5),
        "arch": "skipgram",
        "window": (1, 2),
        "seed": None,
    }
    save_model_npz(tmp_path / "m.npz", model_arrays(), config)
    data = load_model_npz(tmp_path / "m.npz")
    assert data["config"] == {"dim": 3, "alpha": 0.5, "arch": "skipgram", "window": [1, 2], "seed": None}
    assert data["version"] == npz.NPZ_VERSION
    for name, a in model_arrays().items():
        np.testing.assert_array_equal(data["arrays"][name], a)
        assert data["arrays"][name].dtype == a.dtype
    with np.load(tmp_path / "m.npz", allow_pickle=False) as z:  # plain NumPy reads it, without pickle
        assert sorted(z.files) == sorted([*model_arrays(), "__meta__"])
        assert json.loads(z["__meta__"].tobytes())["config"]["arch"] == "skipgram"
    save_model_npz(tmp_path / "c.npz", model_arrays(), {}, compress=True)
    assert load_model_npz(tmp_path / "c.npz")["arrays"]["words"].tolist() == WORDS


def test_npz_save_refuses_what_would_need_pickle(tmp_path):
    with pytest.raises(ConfigError, match="'objs'.*without pickle"):
        save_model_npz(tmp_path / "m.npz", {"objs": np.array([{"a": 1}], dtype=object)}, {})
    with pytest.raises(ConfigError, match="cannot be saved"):
        save_model_npz(tmp_path / "m.npz", {}, {"f": lambda: 0})
    with pytest.raises(ConfigError, match="'__meta__'"):
        save_model_npz(tmp_path / "m.npz", {"__meta__": np.zeros(1)}, {})
    assert not (tmp_path / "m.npz").exists()


def test_npz_with_a_pickled_object_is_refused(tmp_path):
    path = tmp_path / "evil.npz"
    np.savez(
        path, W_in=np.zeros((1, 2)), payload=np.array([print], dtype=object), __meta__=np.zeros(1, np.uint8)
    )
    with pytest.raises(ModelFileError, match="pickled Python object"):
        load_model_npz(path)
    with pytest.raises(ModelFileError, match="pickled"):
        load_vectors(path)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p.write_bytes(b""), "empty"),
        (lambda p: p.write_text("2 3\nthe 1 2 3\n"), "not an .npz"),
        (lambda p: np.save(p, np.zeros(3)), "single .npy array"),
        (lambda p: np.savez(p, W_in=np.zeros(3)), "not one saved by word2vec_np"),
        (
            lambda p: np.savez(p, __meta__=np.frombuffer(b"{not json", np.uint8)),
            "not one saved by word2vec_np",
        ),
        (
            lambda p: np.savez(
                p, __meta__=np.frombuffer(b'{"format": "word2vec_np", "version": 9, "config": {}}', np.uint8)
            ),
            "newer word2vec_np",
        ),
    ],
)
def test_npz_that_is_not_ours(tmp_path, make, message):
    path = tmp_path / "m.npz"
    make(path)
    if not path.exists():  # np.save appends .npy
        (tmp_path / "m.npz.npy").rename(path)
    with pytest.raises(ModelFileError, match=message):
        load_model_npz(path)


def test_npz_truncated_or_corrupted(tmp_path):
    path = tmp_path / "m.npz"
    save_model_npz(path, model_arrays(), {"dim": 3})
    good = path.read_bytes()
    for cut in (len(good) // 2, len(good) - 1, 30):
        path.write_bytes(good[:cut])
        with pytest.raises(ModelFileError, match="truncated or corrupted"):
            load_model_npz(path)
    # flip a byte inside W_in's data: the zip's CRC-32 check catches it
    offset = good.index(np.arange(6, dtype=np.float32).tobytes())
    path.write_bytes(good[:offset] + b"\x7f" + good[offset + 1 :])
    with pytest.raises(ModelFileError, match="truncated or corrupted"):
        load_model_npz(path)


def test_npz_fuzz_truncations_and_flips(tmp_path):
    path = tmp_path / "m.npz"
    save_model_npz(path, {"W_in": np.ones((2, 2), np.float32), "words": np.array(["a", "b"])}, {"k": 1})
    good = path.read_bytes()
    rng = np.random.default_rng(0)
    variants = [good[:n] for n in range(0, len(good), 7)]
    variants += [good[:i] + bytes([int(rng.integers(256))]) + good[i + 1 :] for i in range(0, len(good), 3)]
    for variant in variants:
        path.write_bytes(variant)
        try:
            load_model_npz(path)
        except ModelFileError as exc:
            assert str(path) in str(exc)
