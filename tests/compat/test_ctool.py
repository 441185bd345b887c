"""The C tool's habits: its single-dash flags for train and phrases, and its vocabulary file.

The translation is tested at the argv level (what argparse receives), so these
tests do not depend on options other helpers add (``--workers``); a few lines
run end to end on a small corpus. The vocabulary fixture below is the C tool's
own output (word2vec.c, ``-save-vocab``), kept as bytes.
"""

import argparse
import shlex

import numpy as np
import pytest

from word2vec_np import phrases, train
from word2vec_np.cli import CommandParser
from word2vec_np.compat.ctool import WORD2PHRASE, WORD2VEC, translate
from word2vec_np.errors import ConfigError, ModelFileError
from word2vec_np.text.vocab_file import load_vocab_file
from word2vec_np.vectors.files import load_vectors
from word2vec_np.vectors.word2vec_format import load_word2vec
from word2vec_np.word2vec import Word2Vec

DEMO_WORD = (
    "-train CORPUS -output vectors.bin -cbow 1 -size 200 -window 8 -negative 25 -hs 0 -sample 1e-4 -threads 20 "
    "-binary 1 -iter 15"
)

# The corpus "the the the the thé thé thé sat sat\nthe thé mat\n", and what
# `word2vec -train tiny.txt -min-count 1 -save-vocab vocab.txt` (word2vec.c, 2013) wrote for it.
TINY_CORPUS = "the the the the thé thé thé sat sat\nthe thé mat\n"
C_VOCAB = b"</s> 2\nthe 5\nth\xc3\xa9 4\nsat 2\nmat 1\n"


def t(line: str, program=WORD2VEC, parser=None) -> list[str]:
    return translate(shlex.split(line), program, parser or train.build_parser())


def corpus_files(args: argparse.Namespace) -> list[str]:
    """The CORPUS argument(s) as a list, whether the parser takes one corpus or several."""
    return [args.corpus] if isinstance(args.corpus, str) else list(args.corpus or [])


def with_workers() -> argparse.ArgumentParser:
    """The train parser with a --workers option, as the workers helper adds it."""
    p = train.build_parser()
    if "--workers" not in p._option_string_actions:
        p.add_argument("--workers", type=int, default=1)
    return p


# ---------------------------------------------------------------------- the translation table
def test_the_demo_word_line_becomes_our_options():
    argv = translate(shlex.split(DEMO_WORD), WORD2VEC, with_workers())
    args = with_workers().parse_args(argv)
    assert (corpus_files(args), args.output, args.format) == (["CORPUS"], "vectors.bin", "binary")
    assert (args.arch, args.dim, args.window, args.negative, args.objective) == ("cbow", 200, 8, 25, "ns")
    assert (args.sample, args.epochs, args.workers, args.min_count) == (1e-4, 15, 20, 5)
    assert args.alpha is None and train.config_from_args(args).resolved().alpha == 0.05  # CBOW's rate
    assert not args.quiet


def test_what_a_c_line_leaves_out_takes_the_c_tools_defaults():
    args = train.build_parser().parse_args(t("-train a.txt -output v.bin"))
    assert (args.arch, args.objective, args.negative, args.format) == ("cbow", "ns", 5, "text")
    assert (args.dim, args.window, args.sample, args.epochs, args.min_count) == (100, 5, 1e-3, 5, 5)
    # without any C flag, our own defaults (skip-gram, format by suffix) stand
    ours = train.build_parser().parse_args(t("a.txt --output v.bin"))
    assert (ours.arch, ours.format) == ("skipgram", None)


@pytest.mark.parametrize(
    "line, expect",
    [
        ("-train a -cbow 0", {"arch": "skipgram", "objective": "ns", "negative": 5}),
        ("-train a -hs 1 -negative 0", {"objective": "hs", "negative": 0, "arch": "cbow"}),
        ("-train a -binary 1 -output v", {"format": "binary", "output": "v"}),
        ("-train a -output m.npz", {"format": None, "output": "m.npz"}),  # the whole model, not C text
        ("-train a -alpha 0.01 -min-count 2 -window 3", {"alpha": 0.01, "min_count": 2, "window": 3}),
        ("-train a -debug 0", {"quiet": True}),
        ("-train a -debug 1", {"quiet": True}),
        ("-train a -debug 2", {"quiet": False}),
        ("-train a -save-vocab v.txt -read-vocab r.txt", {"save_vocab": "v.txt", "read_vocab": "r.txt"}),
        ("-train a -size 8 --seed 3 --method minibatch", {"dim": 8, "seed": 3, "method": "minibatch"}),
        ("-train -", {"corpus": ["-"]}),
        ("-train -odd-name.txt", {"corpus": ["-odd-name.txt"]}),
    ],
)
def test_each_flag_has_the_c_tools_meaning(line, expect):
    args = train.build_parser().parse_args(t(line))
    assert {k: corpus_files(args) if k == "corpus" else getattr(args, k) for k in expect} == expect


def test_threads_becomes_workers():
    assert t("-train a -threads 3", parser=with_workers())[-4:] == ["--workers", "3", "--", "a"] or (
        "--workers" in t("-train a -threads 3", parser=with_workers())
    )
    argv = t("-train a -threads 3", parser=with_workers())
    assert argv[argv.index("--workers") + 1] == "3"


@pytest.mark.parametrize(
    "line, message",
    [
        ("-train a -size 10 --dim 20", "--dim and the C tool's -size set the same thing"),
        ("-train a -output x.bin -o y.bin", "-o and the C tool's -output set the same thing"),
        ("-train a --arch skipgram", "--arch cannot be mixed with the C tool's flags, which set it through -cbow"),
        ("-train a --objective hs", "through -hs"),
        ("-train a -debug 2 --quiet", "--quiet and the C tool's -debug"),
        ("b.txt -train a", "-train and the positional argument 'b.txt' both name a file"),
        ("-train a -size", "-size needs a value"),
        ("-train a -size 1 -size 2", "-size is given twice"),
        ("-train a -cbow 2", "-cbow takes 0 \\(skipgram\\), 1 \\(cbow\\); got '2'"),
        ("-train a -binary yes", "-binary takes 0 \\(text\\), 1 \\(binary\\)"),
        ("-train a -hs 1", "-hs 1 with -negative 5 \\(the C tool's default\\) trains hierarchical softmax"),
        ("-train a -hs 1 -negative 3", "add -negative 0 for hierarchical softmax"),
        ("-train a -hs 0 -negative 0", "trains no objective"),
        ("-train a -hs 2", "-hs takes 0 or 1"),
        ("-train a -debug x", "-debug takes a whole number"),
        ("-train a -classes 100", "-classes: k-means word classes"),
        ("-train a -min_count 3", "-min_count is not a flag of the C tool's word2vec \\(did you mean -min-count\\?\\)"),
        ("-train a -sizee 3", "-sizee is not a flag of the C tool's word2vec \\(did you mean -size\\?\\)"),
    ],
)
def test_mixing_and_malformed_c_lines_are_one_config_error(line, message):
    with pytest.raises(ConfigError, match=message):
        t(line)


def test_the_command_prints_one_error_line_for_a_mixed_line(corpus, capsys):
    assert train.main(["-train", str(corpus), "-size", "8", "--dim", "9"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: --dim and the C tool's -size")


def test_a_missing_twin_is_dropped_with_a_note():
    parser = CommandParser(prog="x")
    parser.add_argument("corpus")
    parser.add_argument("--dim", type=int)
    notes = []
    argv = translate(["-train", "a", "-threads", "4", "-size", "7"], WORD2VEC, parser, note=notes.append)
    assert "--workers" not in argv and argv[argv.index("--dim") + 1] == "7"
    assert any("-threads 4 is ignored" in n for n in notes)


def test_prefixes_are_not_options():
    """argparse's prefix matching is off: the C tool's flags (and typos) never become another option."""
    parser = train.build_parser()
    for argv in (["--out", "v.bin"], ["--dimension", "8"], ["-output", "x"], ["-cbow", "1"]):
        with pytest.raises(SystemExit):
            parser.parse_args(argv)


def test_phrases_takes_word2phrases_flags():
    parser = phrases.build_parser()
    line = "-train in.txt -output out.txt -min-count 3 -threshold 50 -debug 0"
    args = parser.parse_args(t(line, WORD2PHRASE, parser))
    got = (args.input, args.output, args.min_count, args.threshold, args.quiet)
    assert got == ("in.txt", "out.txt", 3, [50.0], True)
    args = parser.parse_args(t("-train in.txt -output out.txt", WORD2PHRASE, parser))
    assert (args.min_count, args.threshold) == (5, [100.0])
    with pytest.raises(ConfigError, match="-output is missing"):
        t("-train in.txt", WORD2PHRASE, parser)
    with pytest.raises(ConfigError, match="--threshold and the C tool's -threshold"):
        t("-train a -output b -threshold 5 --threshold 6", WORD2PHRASE, parser)


def test_phrases_with_c_flags_writes_what_the_double_dash_line_writes(tmp_path, capsys):
    text = "new york is big\nI love new york\nnew york new york\nthe city\n" * 8
    src = tmp_path / "in.txt"
    src.write_text(text, encoding="utf-8")
    c_line = ["-train", str(src), "-output", str(tmp_path / "c.txt"), "-min-count", "2", "-threshold", "1"]
    c_line += ["-debug", "0"]
    assert phrases.main(c_line) == 0
    ours = [str(src), str(tmp_path / "o.txt"), "--min-count", "2", "--threshold", "1", "--quiet"]
    assert phrases.main(ours) == 0
    assert (tmp_path / "c.txt").read_bytes() == (tmp_path / "o.txt").read_bytes()
    assert b"new_york" in (tmp_path / "c.txt").read_bytes()


# ---------------------------------------------------------------------- end to end
def test_the_demo_word_line_runs_with_python_m_word2vec_np_train(corpus, tmp_path, capsys):
    out = tmp_path / "vectors.bin"
    line = DEMO_WORD.replace("CORPUS", shlex.quote(str(corpus))).replace("vectors.bin", shlex.quote(str(out)))
    assert train.main(shlex.split(line)) == 0  # the line as demo-word.sh has it, on a small corpus
    printed = capsys.readouterr().out
    assert "training   cbow with negative sampling (k=25" in printed and "dim 200, window 8, 15 epochs" in printed
    assert "alpha 0.05" in printed
    raw = out.read_bytes()
    assert raw.startswith(b"30 200\n") and len(raw) > 30 * 200 * 4  # -binary 1: 4 bytes a value
    words, matrix = load_word2vec(out)
    assert matrix.shape == (30, 200) and words[0] == "w0"


def test_binary_0_writes_text_even_into_a_file_named_bin(corpus, tmp_path, capsys):
    out = tmp_path / "vectors.bin"
    line = f"-train {shlex.quote(str(corpus))} -output {shlex.quote(str(out))} -size 6 -iter 1 -debug 0"
    assert train.main(shlex.split(line)) == 0
    lines = out.read_bytes().split(b"\n")
    assert lines[0] == b"30 6" and len(lines[1].split()) == 7  # the C tool's text rows
    words, matrix = load_word2vec(out)  # a text file named .bin reads as text
    assert matrix.shape == (30, 6)
    np.testing.assert_allclose(matrix, load_vectors(out).matrix)


def test_a_missing_bundled_file_name_points_at_the_bundled_copy(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert train.main(["small.txt", "--epochs", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "corpus file 'small.txt' does not exist here; the bundled small.txt is" in err
    assert "word2vec_np/data/small.txt" in err
    assert train.main(["other.txt"]) == 2
    assert "bundled" not in capsys.readouterr().err


# ---------------------------------------------------------------------- the vocabulary file
def test_save_vocab_writes_the_c_tools_bytes(tmp_path, capsys):
    src = tmp_path / "tiny.txt"
    src.write_text(TINY_CORPUS, encoding="utf-8")
    vocab_file = tmp_path / "vocab.txt"
    argv = ["-train", str(src), "-min-count", "1", "-size", "4", "-iter", "1", "-sample", "0"]
    argv += ["-save-vocab", str(vocab_file)]
    assert train.main(argv + ["-debug", "0"]) == 0
    assert vocab_file.read_bytes() == C_VOCAB


def test_read_vocab_reads_the_c_tools_file_and_applies_min_count(corpus, tmp_path, capsys):
    vocab_file = tmp_path / "c_vocab.txt"
    vocab_file.write_bytes(C_VOCAB)
    assert load_vocab_file(vocab_file) == {"the": 5, "thé": 4, "sat": 2, "mat": 1}
    src = tmp_path / "tiny.txt"
    src.write_text(TINY_CORPUS * 3, encoding="utf-8")
    out = tmp_path / "v.npz"
    argv = [str(src), "--read-vocab", str(vocab_file), "--min-count", "2", "--dim", "4", "--epochs", "1"]
    argv += ["--sample", "0", "-q", "-o", str(out)]
    assert train.main(argv) == 0
    model = Word2Vec.load(out)
    assert model.vocab.words == ("the", "thé", "sat")  # the file's counts, min-count 2 drops mat
    assert model.vocab.counts.tolist() == [5, 4, 2]


def test_save_then_read_vocab_round_trips(corpus, tmp_path, capsys):
    saved = tmp_path / "v.txt"
    common = [str(corpus), "--dim", "4", "--epochs", "1", "-q"]
    assert train.main([*common, "--save-vocab", str(saved), "-o", str(tmp_path / "a.npz")]) == 0
    assert train.main([*common, "--read-vocab", str(saved), "-o", str(tmp_path / "b.npz")]) == 0
    a, b = Word2Vec.load(tmp_path / "a.npz"), Word2Vec.load(tmp_path / "b.npz")
    assert a.vocab == b.vocab
    np.testing.assert_array_equal(a.W_in, b.W_in)  # same vocabulary, same seed: the same run
    assert saved.read_bytes().startswith(b"</s> 300\nw0 ")


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "lists no words"),
        (b"</s> 3\n", "lists no words"),
        (b"</s> 3\nthe 5\nthe 4\n", "the word 'the' is listed twice \\(line 3\\)"),
        (b"</s> 3\nthe five\n", "line 2 is 'the five' where 'word count' is expected"),
        (b"the 5 extra\n", "line 1 is 'the 5 extra'"),
        (b"\xe9t\xe9 5\n", "not valid UTF-8"),
        (b"\x80\x04\x95gensim", "it is a Python pickle"),
    ],
)
def test_a_bad_vocab_file_is_one_model_file_error(tmp_path, data, message, corpus, capsys):
    path = tmp_path / "bad_vocab.txt"
    path.write_bytes(data)
    with pytest.raises(ModelFileError, match=message):
        load_vocab_file(path)
    assert train.main([str(corpus), "--read-vocab", str(path), "-q"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and "bad_vocab.txt" in err


def test_save_vocab_and_tensorboard_may_not_overwrite_an_input(corpus, tmp_path, capsys):
    assert train.main([str(corpus), "--save-vocab", str(corpus)]) == 2
    assert "cannot write --save-vocab" in capsys.readouterr().err and corpus.stat().st_size > 0
    assert train.main([str(corpus), "--save-vocab", str(tmp_path / "nodir" / "v.txt")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_resume_refuses_vocabulary_files_and_keeps_format(corpus, tmp_path, capsys):
    out = tmp_path / "v.bin"
    ckpt = tmp_path / "c.ckpt.npz"
    argv = [str(corpus), "--dim", "4", "--epochs", "2", "-q", "-o", str(out), "--format", "text"]
    assert train.main(argv + ["--checkpoint", str(ckpt), "--checkpoint-every", "1000"]) == 0
    assert out.read_bytes().startswith(b"30 4\n") and b" \n" in out.read_bytes()  # text, as asked
    assert train.main(["--resume", str(ckpt), "--save-vocab", str(tmp_path / "v.txt")]) == 2
    assert "--save-vocab cannot be used with --resume" in capsys.readouterr().err
    assert train.main(["--resume", str(ckpt), "-q", "--format", "binary", "-o", str(tmp_path / "r.vec")]) == 0
    binary_size = len(b"30 4\n") + sum(len(w) + 2 + 16 for w in load_word2vec(out)[0])  # "w " + 4 floats + "\n"
    assert len((tmp_path / "r.vec").read_bytes()) == binary_size


def test_the_resume_command_keeps_the_format():
    expected = "python -m word2vec_np.train --resume c.npz --output v.bin --format text"
    assert train.resume_command("c.npz", "v.bin", "text") == expected
    assert train.resume_command("c.npz", "v.bin") == "python -m word2vec_np.train --resume c.npz --output v.bin"


def test_threads_1_trains_as_workers_1(corpus, tmp_path, capsys):
    """End to end: -threads becomes --workers, and one worker is deterministic, so both lines give the same vectors."""
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    c_line = f"-train {shlex.quote(str(corpus))} -output {shlex.quote(str(a))} -size 8 -iter 1 -threads 1 -debug 0"
    assert train.main(shlex.split(c_line)) == 0
    ours = [str(corpus), "-o", str(b), "--arch", "cbow", "--dim", "8", "--epochs", "1", "--workers", "1", "-q"]
    assert train.main(ours) == 0
    assert Word2Vec.load(a).config.workers == 1
    np.testing.assert_array_equal(Word2Vec.load(a).W_in, Word2Vec.load(b).W_in)
