"""The command python -m word2vec_np.train: what it prints, what it saves, how it fails."""

import subprocess
import sys

import numpy as np
import pytest

from tests.helpers import ROOT, one_error_line
from word2vec_np.engine.config import TrainConfig
from word2vec_np.train import DEMO_SETTINGS, build_parser, config_from_args, main
from word2vec_np.vectors.word2vec_format import load_word2vec
from word2vec_np.word2vec import Word2Vec


def test_trains_on_a_file_and_saves_every_format(corpus, tmp_path, capsys):
    for suffix in (".txt", ".bin", ".npz"):
        out = tmp_path / f"vectors{suffix}"
        code = main([str(corpus), "--dim", "10", "--epochs", "2", "--quiet", "--output", str(out)])
        assert code == 0
        assert out.exists()
    printed = capsys.readouterr().out
    assert "vocabulary" in printed and "epoch 2/2" in printed and "words/s" in printed
    assert "nearest neighbours" in printed
    words, matrix = load_word2vec(tmp_path / "vectors.bin")
    words_txt, matrix_txt = load_word2vec(tmp_path / "vectors.txt")
    assert words == words_txt and matrix.shape == (len(words), 10)
    np.testing.assert_allclose(matrix, matrix_txt, atol=1e-5)
    model = Word2Vec.load(tmp_path / "vectors.npz")
    assert list(model.vocab.words) == words
    np.testing.assert_array_equal(model.W_in, matrix)
    assert len(model.history.epoch_loss) == 2


@pytest.mark.parametrize(
    "options, noted",
    [
        (["--arch", "cbow", "--objective", "hs", "--method", "minibatch"], True),
        (["--arch", "cbow", "--objective", "hs", "--method", "minibatch", "--batch-size", "16"], False),
        (["--arch", "skipgram", "--objective", "hs", "--method", "minibatch"], False),
        (["--arch", "cbow", "--objective", "hs"], False),
    ],
)
def test_minibatch_cbow_hs_with_large_batches_gets_a_note(options, noted, corpus, capsys):
    assert main([str(corpus), "--dim", "8", "--epochs", "1", "--quiet", *options]) == 0
    err = capsys.readouterr().err
    assert ("note: --method minibatch sums" in err) == noted


def test_loaded_model_keeps_training(corpus, tmp_path):
    model = Word2Vec(corpus, dim=8, epochs=1, min_count=1)
    model.save(tmp_path / "m.npz")
    again = Word2Vec.load(tmp_path / "m.npz")
    before = again.W_in.copy()
    again.continue_training(corpus, epochs=1)
    assert not np.array_equal(before, again.W_in)
    assert len(again.history.epoch_loss) == 2


@pytest.mark.parametrize(
    "argv,needle",
    [
        (["missing.txt"], "missing.txt"),
        (["{corpus}", "--dim", "0"], "--dim"),
        (["{corpus}", "--objective", "ns", "--negative", "0"], "--negative"),
        (["{corpus}", "--output", "{tmp}/no/such/dir/v.bin"], "does not exist"),
        (["{corpus}", "--output", "{corpus}"], "corpus"),
        (["{corpus}", "--output", "{tmp}/v.doc"], ".txt, .bin or .npz"),
        (["{corpus}", "--min-count", "100000"], "min"),
    ],
)
def test_mistakes_give_one_error_line(argv, needle, corpus, tmp_path, capsys):
    argv = [a.format(corpus=corpus, tmp=tmp_path) for a in argv] + ["--quiet"]
    assert main(argv) == 2
    assert needle in one_error_line(capsys)


def test_help_lists_every_option_with_its_default():
    out = subprocess.run(
        [sys.executable, "-m", "word2vec_np.train", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for option in (
        "--arch",
        "--objective",
        "--dim",
        "--window",
        "--negative",
        "--ns-power",
        "--sample",
        "--min-count",
        "--epochs",
        "--alpha",
        "--min-alpha",
        "--seed",
        "--batch-size",
        "--output",
        "--quiet",
    ):
        assert option in out
    assert "default: 100" in out  # dim


def test_the_readme_demo_learns_the_planted_analogies():
    """`python -m word2vec_np.train` (the README's first command) trains on the bundled corpus and shows it learned:
    at least 95% of the planted analogies (issue 14), with the demo's window of 8 (docs/cli.md, "The bundled demo")."""
    run = subprocess.run([sys.executable, "-m", "word2vec_np.train", "--quiet"], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    out = run.stdout
    assert f"window {DEMO_SETTINGS['window']}," in out
    king = next(l for l in out.splitlines() if l.strip().startswith("king:"))
    assert "queen" in king  # among king's five nearest neighbours, beside its pair contexts (throne, crown)
    line = next(l for l in out.splitlines() if l.startswith("planted analogies answered"))
    correct, total = map(int, line.split()[3].split("/"))
    assert total == 450 and correct / total >= 0.95


def test_vec_gz_output_and_tensorboard_export(corpus, tmp_path, capsys):
    out, prefix = tmp_path / "v.vec.gz", tmp_path / "proj"
    argv = [str(corpus), "--dim", "5", "--epochs", "1", "-q", "-o", str(out), "--tensorboard", str(prefix)]
    assert main(argv) == 0
    words, matrix = load_word2vec(out)
    tensor = (tmp_path / "proj_tensor.tsv").read_text().splitlines()
    metadata = (tmp_path / "proj_metadata.tsv").read_text().splitlines()
    assert metadata == words and len(tensor) == len(words) == 30
    np.testing.assert_allclose(np.array([row.split("\t") for row in tensor], dtype=np.float32), matrix, atol=1e-6)
    assert "proj_tensor.tsv and" in capsys.readouterr().out
    assert main([str(corpus), "-o", str(tmp_path / "v.npz"), "--format", "text"]) == 2
    assert "names an .npz model file" in capsys.readouterr().err


def test_the_demo_settings_apply_to_the_bundled_corpus_only_and_yield_to_options():
    parse = build_parser().parse_args
    assert config_from_args(parse([]), bundled=True).window == DEMO_SETTINGS["window"] != TrainConfig().window
    assert config_from_args(parse(["--window", "3"]), bundled=True).window == 3
    assert config_from_args(parse(["my.txt"]), bundled=False).window == TrainConfig().window
    assert config_from_args(parse(["my.txt", "--window", "8"]), bundled=False).window == 8


def test_a_resumed_run_ends_as_a_fresh_run_does(tmp_path, capsys):
    """Fresh and resumed runs share one ending: the same saved vectors, neighbours and, on the
    bundled corpus, the same planted analogies, printed the same way."""
    ckpt, fresh_out, resumed_out = tmp_path / "run.ckpt.npz", tmp_path / "fresh.bin", tmp_path / "resumed.bin"
    common = ["--epochs", "2", "--dim", "8", "--quiet"]
    assert main([*common, "--output", str(fresh_out), "--checkpoint", str(ckpt), "--checkpoint-every", "100000"]) == 0
    fresh = capsys.readouterr().out
    assert main(["--resume", str(ckpt), "--quiet", "--output", str(resumed_out)]) == 0
    resumed = capsys.readouterr().out

    def ending(printed: str) -> str:  # from the saved file on; the timing line comes just before
        return printed[printed.index("saved ") :].replace(str(resumed_out), str(fresh_out))

    assert "planted analogies answered" in ending(resumed)
    assert ending(resumed) == ending(fresh)
    assert fresh_out.read_bytes() == resumed_out.read_bytes()
