"""The TensorBoard Projector's files: the bytes gensim's word2vec2tensor writes."""

from tests.vectors.test_word2vec_format import THREE, THREE_WORDS
from word2vec_np.vectors.tensorboard import save_tensorboard

# Written by gensim 4.4 in /work/gensim-venv (by hand, kept as bytes):
#   kv = KeyedVectors(3); kv.add_vectors(["the", "thé", "a"], [[0.5, -1, 0.25], [2, 0, -0.125], [1e-5, 3.1415927, -7]])
#   kv.save_word2vec_format("g.txt"); word2vec2tensor("g.txt", "g")  (gensim.scripts)
GENSIM_TENSOR_TSV = b"0.5\t-1.0\t0.25\n2.0\t0.0\t-0.125\n1e-05\t3.1415927\t-7.0\n"
GENSIM_METADATA_TSV = b"the\nth\xc3\xa9\na\n"


def test_tensorboard_files_are_gensims_word2vec2tensor_bytes(tmp_path):
    tensor, metadata = save_tensorboard(tmp_path / "g", THREE_WORDS, THREE)
    assert (tensor.name, metadata.name) == ("g_tensor.tsv", "g_metadata.tsv")
    assert tensor.read_bytes() == GENSIM_TENSOR_TSV
    assert metadata.read_bytes() == GENSIM_METADATA_TSV
