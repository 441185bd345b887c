"""The C tool's vocabulary file: the bytes its -save-vocab writes, read back without the sentence end."""

import pytest

from tests.compat.test_ctool import C_VOCAB
from word2vec_np.errors import ConfigError
from word2vec_np.text.vocab_file import SENTENCE_END, load_vocab_file, save_vocab_file


def test_save_writes_the_c_tools_bytes_and_load_reads_them_back(tmp_path):
    path = save_vocab_file(tmp_path / "vocab.txt", ["the", "thé", "sat", "mat"], [5, 4, 2, 1], sentences=2)
    assert path.read_bytes() == C_VOCAB  # what word2vec.c -save-vocab wrote for the same corpus
    assert load_vocab_file(path) == {"the": 5, "thé": 4, "sat": 2, "mat": 1}
    assert SENTENCE_END not in load_vocab_file(path)


def test_save_refuses_counts_that_do_not_match_the_words(tmp_path):
    with pytest.raises(ConfigError, match="got 2 words but \\(3,\\) counts"):
        save_vocab_file(tmp_path / "vocab.txt", ["a", "b"], [3, 2, 1], sentences=1)
    with pytest.raises(ConfigError, match="cannot save the word"):
        save_vocab_file(tmp_path / "vocab.txt", ["a b"], [3], sentences=1)
    assert not list(tmp_path.iterdir())
