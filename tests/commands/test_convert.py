"""python -m word2vec_np.convert: any vectors file in, another format or the TensorBoard files out."""

import gzip

import pytest

from tests.vectors.test_tensorboard import GENSIM_METADATA_TSV, GENSIM_TENSOR_TSV
from tests.vectors.test_word2vec_format import C_BINARY, C_TEXT, GENSIM_TEXT_GZ, MATRIX, WORDS
from word2vec_np.convert import main
from word2vec_np.vectors.files import load_vectors, save_vectors

GLOVE = b"the 0.5 -1 0.25\nth\xc3\xa9 2 0 -0.125\n"  # GloVe's text: no header, shortest numbers


def test_glove_to_the_c_formats(tmp_path, capsys):
    src = tmp_path / "glove.6B.3d.txt"
    src.write_bytes(GLOVE)
    assert main([str(src), str(tmp_path / "v.bin")]) == 0
    assert (tmp_path / "v.bin").read_bytes() == C_BINARY
    assert main([str(src), str(tmp_path / "v.vec.gz")]) == 0
    assert gzip.decompress((tmp_path / "v.vec.gz").read_bytes()) == C_TEXT
    assert main([str(src), str(tmp_path / "v.out"), "--format", "text"]) == 0
    assert (tmp_path / "v.out").read_bytes() == C_TEXT
    out = capsys.readouterr().out
    assert "read       " in out and "2 words, dimension 3" in out and "(binary)" in out


def test_gensim_text_to_the_tensorboard_files(tmp_path, capsys):
    src = tmp_path / "g.txt.gz"
    src.write_bytes(GENSIM_TEXT_GZ)
    assert main([str(src), "--tensorboard", str(tmp_path / "g")]) == 0
    assert (tmp_path / "g_tensor.tsv").read_bytes() == GENSIM_TENSOR_TSV
    assert (tmp_path / "g_metadata.tsv").read_bytes() == GENSIM_METADATA_TSV


def test_npz_round_trip(tmp_path, capsys):
    save_vectors(tmp_path / "v.bin", (WORDS, MATRIX))
    assert main([str(tmp_path / "v.bin"), str(tmp_path / "v.npz")]) == 0
    assert load_vectors(tmp_path / "v.npz").words == tuple(WORDS)
    assert main([str(tmp_path / "v.npz"), str(tmp_path / "back.bin")]) == 0
    assert (tmp_path / "back.bin").read_bytes() == C_BINARY


@pytest.mark.parametrize(
    "args, message",
    [
        (["{src}"], "nothing to write"),
        (["{src}", "{src}"], "is the input file itself"),
        (["{src}", "{tmp}/v.doc"], "cannot tell the format"),
        (["{src}", "{tmp}/v.npz", "--format", "text"], "names an .npz model file"),
        (["{src}", "--tensorboard", "{tmp}/p", "--format", "text"], "--format applies to OUTPUT"),
        (["{tmp}/missing.bin", "{tmp}/v.txt"], "does not exist"),
        (["{src}", "{tmp}/nodir/v.txt"], "does not exist; create it first"),
    ],
)
def test_mistakes_are_one_error_line_and_write_nothing(tmp_path, capsys, args, message):
    src = tmp_path / "v.bin"
    src.write_bytes(C_BINARY)
    argv = [a.format(src=src, tmp=tmp_path) for a in args]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.bin"] and src.read_bytes() == C_BINARY
