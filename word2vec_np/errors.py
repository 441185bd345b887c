"""The exceptions word2vec_np raises for mistakes a user can make.

Each message is one sentence that names the input at fault and says what to
do about it. The command-line tools print it as ``error: <message>`` and exit
non-zero; the Python API raises it. Every class derives from
:class:`Word2VecError`, so ``except Word2VecError`` catches every error a user
can cause, and also from the built-in exception a caller would already catch
(``ValueError``, ``FileNotFoundError``, ``KeyError``, ...), so ``except
ValueError`` keeps working. The package raises no bare built-in exception that
reaches a user (tests/test_errors.py checks it).
"""


class Word2VecError(Exception):
    """Base class of every error word2vec_np reports to its users."""


class CorpusError(Word2VecError, ValueError):
    """A corpus file cannot be used: empty, not UTF-8 text, a directory, ..."""


class CorpusNotFoundError(Word2VecError, FileNotFoundError):
    """A corpus (or other input) file does not exist."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class CorpusTypeError(CorpusError, TypeError):
    """A sentence (or token) of a Python corpus is of the wrong type: a number, None, a nested list."""


class ConfigError(Word2VecError, ValueError):
    """A setting is out of range or two settings conflict."""


class EmptyWordListError(ConfigError, ZeroDivisionError):
    """A mean over a list of words was asked for an empty list (gensim's ``n_similarity``)."""


class ClassMethodError(ConfigError, AttributeError):
    """A class method that makes a new object (``Word2Vec.load``) was called on an instance."""


class ModelFileError(Word2VecError, ValueError):
    """A vectors or model file is truncated, corrupted or unsafe to load."""


class TruncatedFileError(ModelFileError, EOFError):
    """A vectors file ends before the rows its header declares."""


class UndecodableWordError(ModelFileError, UnicodeDecodeError):
    """A word of a vectors or vocabulary file is not UTF-8 (read with ``unicode_errors="strict"``).

    Built from the sentence and, optionally, the undecodable bytes and where they fail.
    """

    def __init__(self, message: str, raw: bytes = b"", start: int = 0, end: int = 0):
        UnicodeDecodeError.__init__(self, "utf-8", raw, start, end, message)
        self.message = message

    def __str__(self) -> str:  # UnicodeDecodeError would otherwise describe the bytes, not the file
        return self.message


class UnknownWordError(Word2VecError, KeyError):
    """A word is not in the vocabulary."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0]) if self.args else ""


class TrainingDivergedError(Word2VecError, RuntimeError):
    """The training loss became NaN or infinite."""


class WorkerError(Word2VecError, RuntimeError):
    """A worker process of a ``workers > 1`` run died (killed, out of memory) or failed (its traceback follows)."""


class SaveError(Word2VecError, OSError):
    """A file could not be written (a full disk, say); the message names the file and what was kept."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class DownloadError(Word2VecError, OSError):
    """A dataset could not be downloaded or failed its checksum."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""
