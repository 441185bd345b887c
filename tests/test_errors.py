"""The error classes of word2vec_np.errors: each is also a built-in exception a caller already catches."""

from word2vec_np.engine.training import TrainConfig
from word2vec_np.errors import ConfigError, CorpusError, CorpusNotFoundError, ModelFileError, SaveError, Word2VecError


def test_every_error_class_is_a_builtin_a_caller_already_catches():
    for cls, builtin in [
        (ConfigError, ValueError),
        (CorpusError, ValueError),
        (ModelFileError, ValueError),
        (CorpusNotFoundError, FileNotFoundError),
    ]:
        assert issubclass(cls, builtin) and issubclass(cls, Word2VecError)
    assert TrainConfig().resolved().alpha == 0.025


def test_save_error_is_an_os_error_whose_message_is_the_sentence():
    assert issubclass(SaveError, OSError) and issubclass(SaveError, Word2VecError)
    assert str(SaveError("could not save 'v.bin'")) == "could not save 'v.bin'"
