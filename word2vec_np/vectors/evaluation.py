"""How good are the vectors? Word analogies and word-pair similarity.

The command that reports both is :mod:`word2vec_np.evaluate`.

Analogies (Mikolov et al. 2013a). A question a b c d asks a : b :: c : ?, and
is answered correctly when the best-scoring word, equation (3CosAdd) or
(3CosMul) of :mod:`word2vec_np.vectors.vectors`, is d. As in gensim's
``evaluate_word_analogies``: the three question words are never answers, a
question with any word outside the (restricted) vocabulary is skipped and
counted as skipped, and accuracy = correct / answered. The accuracy with
skipped questions counted as wrong, correct / (answered + skipped), is reported
too, because a smaller vocabulary otherwise looks better. With
``case_insensitive`` (the default, as in gensim) words are compared in lower
case and each lower-cased word takes the vector of its most frequent spelling.

Word pairs (WordSim-353, SimLex-999, MEN, ...). Each line holds two words and
a human similarity score; the model's score is cos(w1, w2). The agreement is
Pearson's r of the scores and Spearman's rho, Pearson's r of their ranks with
tied values given the mean of the ranks they span (:mod:`word2vec_np.vectors.statistics`).
Pairs with a word outside the vocabulary are skipped and counted.

File formats. Analogies: ``: section`` header lines, then ``a b c d`` lines
(blank lines are ignored). Word pairs: two words and a score per line, separated
by tabs, commas or spaces; ``#`` lines are comments; a first line whose fields
after the words are not numbers is a column header. The score is the third of
three fields, or, in the published files with more columns, the column their
header names (SimLex-999's ``SimLex999``, WordSim-353's ``Human (mean)``), or
the one ``column`` (``--pairs-column``) gives by name or number.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from ..errors import ConfigError, CorpusError, CorpusNotFoundError
from ..text import word_files
from .statistics import pearson, spearman
from .vectors import Vectors, analogy_scores

DATA_DIR = Path(__file__).resolve().parents[1] / "data"  # word2vec_np/data
BUNDLED_ANALOGIES = DATA_DIR / "small_analogies.txt"
BUNDLED_PAIRS = DATA_DIR / "small_pairs.txt"
NO_SECTION = "(no section)"
_SCORES_PER_BLOCK = 1 << 22  # score-matrix entries computed at once, to bound memory

Question = tuple[str, str, str, str, str]  # (section, a, b, c, d): a : b :: c : d


# ---------------------------------------------------------------------- reading files
def _lines(path: str | os.PathLike) -> Iterable[tuple[int, str]]:
    """(line number, text without the newline) of a UTF-8 file; project errors for bad files.

    A line may be at most :data:`~word2vec_np.text.word_files.MAX_LINE_BYTES` long, so a file
    with no newline (``/dev/zero``) fails after that many bytes instead of filling the memory.
    """
    path = Path(path)
    if not path.exists():
        raise CorpusNotFoundError(f"the file {str(path)!r} {word_files.why_missing(path)}")
    if path.is_dir():
        raise CorpusError(f"{str(path)!r} is a directory, not an evaluation file; give a file")
    with open(path, "rb") as f:
        line_no = 0
        while raw := f.readline(word_files.MAX_LINE_BYTES + 1):
            line_no += 1
            if len(raw) > word_files.MAX_LINE_BYTES:
                limit = word_files.size_text(word_files.MAX_LINE_BYTES)
                raise CorpusError(
                    f"{str(path)!r}, line {line_no}: longer than {limit}, as no line of an evaluation file is; "
                    "the file is damaged or not an evaluation file"
                )
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise CorpusError(
                    f"{str(path)!r}, line {line_no}: the text is not valid UTF-8; save it as UTF-8"
                ) from None
            if line_no == 1:
                text = text.removeprefix("\ufeff")
            yield line_no, text.rstrip("\r\n")


def read_analogies(path: str | os.PathLike, *, lowercase: bool = False) -> list[Question]:
    """Read an analogy file: ``: section`` lines, then ``a b c d`` questions (a : b :: c : d).

    Returns a list of (section, a, b, c, d); questions before any header get section "(no section)".
    Raises CorpusNotFoundError for a missing file and CorpusError (naming the line) for a bad one.
    """
    questions: list[Question] = []
    section = NO_SECTION
    for line_no, line in _lines(path):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith(":"):
            section = stripped[1:].strip()
            if not section:
                raise CorpusError(
                    f"{str(path)!r}, line {line_no}: a ':' header needs a section name after it"
                )
            continue
        words = stripped.split()
        if len(words) != 4:
            raise CorpusError(
                f"{str(path)!r}, line {line_no}: expected four words 'a b c d' or a ': section' header, "
                f"found {len(words)} word{'s' if len(words) != 1 else ''}"
            )
        if lowercase:
            words = [w.lower() for w in words]
        questions.append((section, *words))
    if not questions:
        raise CorpusError(f"{str(path)!r} holds no analogy questions; expected lines 'a b c d'")
    return questions


def _number(field: str) -> float | None:
    try:
        value = float(field)
    except ValueError:
        return None
    return value


#: Header names of the score column in the published files: SimLex-999 ("SimLex999", its fourth of
#: ten columns) and WordSim-353's combined.csv / combined.tab ("Human (mean)"), compared ignoring case.
SCORE_COLUMNS = ("simlex999", "human (mean)", "score", "similarity", "relatedness")
#: The largest score accepted: every similarity scale is a few units to a few hundred; a larger one
#: is not a score column, and squaring scores near 1e308 would overflow Pearson's r to nonsense.
MAX_SCORE = 1e15


def _fields(line: str) -> list[str]:
    """The fields of a word-pair line: tab-separated if it holds a tab, else comma-separated if it
    holds a comma (WordSim-353's combined.csv, whose header names hold spaces), else by whitespace."""
    if "\t" in line:
        return [f.strip() for f in line.split("\t")]
    if "," in line:
        return [f.strip() for f in line.split(",")]
    return line.split()


def _score_index(path, header: list[str] | None, width: int, column: str | int | None, line_no: int) -> int:
    """The 0-based index of the score field: ``column`` (a header name or a 1-based number), a
    published score name in the header, else the third of exactly three fields."""
    where = f"{str(path)!r}, line {line_no}"
    if isinstance(column, str) and column.strip().isdigit():
        column = int(column)
    if isinstance(column, int) and not isinstance(column, bool):
        if not 3 <= column <= width:
            raise ConfigError(
                f"--pairs-column {column}: {where} has {width} fields; the score column is one of 3 to {width} "
                "(the first two are the words)"
            )
        return column - 1
    if column is not None:
        if header is None:
            raise ConfigError(
                f"--pairs-column {column!r} names a column, but {str(path)!r} has no header line; give its number"
            )
        names = [h.lower() for h in header]
        if column.lower() not in names[2:]:
            raise ConfigError(
                f"--pairs-column {column!r} is not a column of {str(path)!r}, whose header is {', '.join(header)}"
            )
        return names.index(column.lower(), 2)
    if header is not None:
        for name in SCORE_COLUMNS:
            if name in (h.lower() for h in header[2:]):
                return [h.lower() for h in header].index(name, 2)
    if width == 3:
        return 2
    raise CorpusError(
        f"{where} has {width} fields and no column is named as a score; say which holds the score with "
        "--pairs-column NAME or NUMBER (SimLex-999: SimLex999; the Rare Words file: 3)"
    )


def read_word_pairs(
    path: str | os.PathLike, *, lowercase: bool = False, column: str | int | None = None
) -> list[tuple[str, str, float]]:
    """Read a word-pair file: two words and a score per line (tab, comma or space separated).

    The score is the third field of a three-field line; in a file with more columns, the one
    ``column`` names (a header name, or a number counting from 1), or the column its header line
    names by a published name (:data:`SCORE_COLUMNS`: SimLex-999's ``SimLex999``, WordSim-353's
    ``Human (mean)``). A header is a first line whose score field is not a number; a first line
    with too few fields is an error naming it, as is a score that is not a finite number of at
    most :data:`MAX_SCORE`. ``#`` lines and blank lines are skipped. Returns (word1, word2, score)s.
    """
    pairs: list[tuple[str, str, float]] = []
    header: list[str] | None = None
    index: int | None = None
    first = True
    for line_no, line in _lines(path):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        fields = _fields(stripped)
        if len(fields) < 3 or not fields[0] or not fields[1]:
            raise CorpusError(
                f"{str(path)!r}, line {line_no}: expected 'word1 word2 score', found {len(fields)} field(s)"
            )
        if first:
            first = False
            guess = _score_index(path, None, len(fields), column, line_no) if not _is_header(fields, column) else None
            if guess is None:  # a column header such as "word1 word2 POS SimLex999 ..."
                header = fields
                index = _score_index(path, header, len(fields), column, line_no)
                continue
            index = guess
        if index >= len(fields):
            raise CorpusError(
                f"{str(path)!r}, line {line_no}: has {len(fields)} fields, but the score is field {index + 1}"
            )
        score = _number(fields[index])
        if score is None or not math.isfinite(score):
            raise CorpusError(f"{str(path)!r}, line {line_no}: the score {fields[index]!r} is not a finite number")
        if abs(score) > MAX_SCORE:
            raise CorpusError(
                f"{str(path)!r}, line {line_no}: the score {fields[index]!r} is beyond {MAX_SCORE:g}, as no "
                "similarity score is; this column does not hold scores (choose another with --pairs-column)"
            )
        w1, w2 = (fields[0].lower(), fields[1].lower()) if lowercase else (fields[0], fields[1])
        pairs.append((w1, w2, score))
    if not pairs:
        raise CorpusError(f"{str(path)!r} holds no word pairs; expected lines 'word1 word2 score'")
    return pairs


def _is_header(fields: list[str], column: str | int | None) -> bool:
    """Whether a first line is a header: its score field (the named one, else any after the words)
    is not a number. 'love sex 6.77' is data; 'word1 word2 POS SimLex999 ...' is a header."""
    if isinstance(column, int) or (isinstance(column, str) and column.strip().isdigit()):
        i = int(column) - 1
        return 0 <= i < len(fields) and _number(fields[i]) is None
    if column is not None:
        return True  # a column named by its header name needs a header
    return all(_number(f) is None for f in fields[2:])


# ---------------------------------------------------------------------- vocabulary for evaluation
class _EvalVocab:
    """The first R words of ``vectors`` grouped by (optionally lower-cased) spelling.

    group[i] is the group of candidate row i; rep[g] the row standing for group g (its most
    frequent spelling: the first row, since rows are ordered by frequency); ids maps spellings to g.
    """

    def __init__(self, vectors: Vectors, restrict_vocab: int | None, case_insensitive: bool):
        R = vectors.n_candidates(restrict_vocab)
        self.fold = str.lower if case_insensitive else (lambda w: w)
        self.ids: dict[str, int] = {}
        group = np.empty(R, dtype=np.int64)  # (R,)
        rep: list[int] = []
        for i, w in enumerate(vectors.words[:R]):
            g = self.ids.setdefault(self.fold(w), len(rep))
            if g == len(rep):
                rep.append(i)
            group[i] = g
        self.group = group
        self.rep = np.array(rep, dtype=np.int64)
        self.R = R

    def lookup(self, words: Sequence[str]) -> list[int] | None:
        """Group ids of ``words``, or None if one is out of vocabulary."""
        out = []
        for w in words:
            g = self.ids.get(self.fold(w))
            if g is None:
                return None
            out.append(g)
        return out


# ---------------------------------------------------------------------- analogies
def _json_float(x: float) -> float | None:
    """A result's number as JSON has it: NaN (nothing answered) becomes null."""
    return None if x is None or not math.isfinite(x) else float(x)


@dataclass(frozen=True)
class SectionResult:
    """Analogy results of one section. ``total`` counts answered questions; ``skipped`` the OOV ones."""

    name: str
    correct: int
    total: int
    skipped: int

    @property
    def accuracy(self) -> float:
        """correct / total (NaN when no question was answered)."""
        return self.correct / self.total if self.total else math.nan

    @property
    def accuracy_with_skipped(self) -> float:
        """correct / (total + skipped): skipped questions counted as wrong."""
        n = self.total + self.skipped
        return self.correct / n if n else math.nan

    def to_dict(self) -> dict[str, Any]:
        return {
            "section": self.name,
            "correct": self.correct,
            "total": self.total,
            "skipped": self.skipped,
            "accuracy": _json_float(self.accuracy),
            "accuracy_with_skipped": _json_float(self.accuracy_with_skipped),
        }


@dataclass(frozen=True)
class AnalogyResult:
    """Analogy accuracy overall and per section (in the order the sections first appear)."""

    sections: tuple[SectionResult, ...]
    method: str
    restrict_vocab: int | None

    @property
    def overall(self) -> SectionResult:
        """All sections together, as one SectionResult named "overall"."""
        return SectionResult(
            "overall",
            sum(s.correct for s in self.sections),
            sum(s.total for s in self.sections),
            sum(s.skipped for s in self.sections),
        )

    @property
    def correct(self) -> int:
        return self.overall.correct

    @property
    def total(self) -> int:
        return self.overall.total

    @property
    def skipped(self) -> int:
        return self.overall.skipped

    @property
    def accuracy(self) -> float:
        """correct / answered questions, as gensim reports it (NaN when none was answered)."""
        return self.overall.accuracy

    @property
    def accuracy_with_skipped(self) -> float:
        """correct / all questions: skipped (out-of-vocabulary) questions counted as wrong."""
        return self.overall.accuracy_with_skipped

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "restrict_vocab": self.restrict_vocab,
            "correct": self.correct,
            "total": self.total,
            "skipped": self.skipped,
            "accuracy": _json_float(self.accuracy),
            "accuracy_with_skipped": _json_float(self.accuracy_with_skipped),
            "sections": [s.to_dict() for s in self.sections],
        }


def _as_questions(
    path_or_questions: str | os.PathLike | Iterable[Sequence[str]], lowercase: bool
) -> list[Question]:
    if isinstance(path_or_questions, (str, os.PathLike)):
        return read_analogies(path_or_questions, lowercase=lowercase)
    questions: list[Question] = []
    for q in path_or_questions:
        q = tuple(q)
        if len(q) == 4:
            q = (NO_SECTION, *q)
        if len(q) != 5 or not all(isinstance(w, str) for w in q):
            raise ConfigError(
                f"an analogy question must be (a, b, c, d) or (section, a, b, c, d) strings, not {q!r}"
            )
        questions.append(q)  # type: ignore[arg-type]
    return questions


def evaluate_analogies(
    vectors: Vectors,
    path_or_questions: str | os.PathLike | Iterable[Sequence[str]],
    restrict_vocab: int | None = None,
    method: str = "3cosadd",
    case_insensitive: bool = True,
) -> AnalogyResult:
    """Answer every analogy question with ``method`` and count the correct answers per section.

    path_or_questions : an analogy file, or (section, a, b, c, d) / (a, b, c, d) tuples
    restrict_vocab : only the first N words (the N most frequent) are candidates and count as in
                     the vocabulary; None means every word
    method : "3cosadd" (equation 3CosAdd) or "3cosmul" (equation 3CosMul)

    Questions are answered in blocks: scores (n, R) = analogy_scores(...), the question words'
    columns set to -inf, and the argmax taken per row.
    """
    questions = _as_questions(path_or_questions, lowercase=False)
    vocab = _EvalVocab(vectors, restrict_vocab, case_insensitive)
    method = method.lower()
    section_names: list[str] = []
    skipped: dict[str, int] = {}
    answered: dict[str, int] = {}
    correct: dict[str, int] = {}
    known: list[list[int]] = []  # group ids (a, b, c, d) of answerable questions
    known_section: list[str] = []
    for section, *words in questions:
        if section not in skipped:
            section_names.append(section)
            skipped[section] = answered[section] = correct[section] = 0
        ids = vocab.lookup(words)
        if ids is None:
            skipped[section] += 1
        else:
            known.append(ids)
            known_section.append(section)

    if known:
        is_correct = _answer(vectors, vocab, np.array(known, dtype=np.int64), method)
        for section, ok in zip(known_section, is_correct.tolist(), strict=True):
            answered[section] += 1
            correct[section] += int(ok)
    sections = tuple(SectionResult(s, correct[s], answered[s], skipped[s]) for s in section_names)
    return AnalogyResult(sections, method, restrict_vocab)


def _answer(vectors: Vectors, vocab: _EvalVocab, G: np.ndarray, method: str) -> np.ndarray:
    """Whether each question's best answer is its d. G : (n, 4) group ids -> (n,) bool."""
    N = vectors.normed
    candidates = N[: vocab.R]  # (R, D)
    group = vocab.group  # (R,)
    rows = vocab.rep[G]  # (n, 4) the vector row standing for each question word
    block = max(1, _SCORES_PER_BLOCK // max(vocab.R, 1))
    out = np.zeros(len(G), dtype=bool)
    for s in range(0, len(G), block):
        g, r = G[s : s + block], rows[s : s + block]  # (m, 4)
        scores = analogy_scores(N[r[:, 0]], N[r[:, 1]], N[r[:, 2]], candidates, method)  # (m, R)
        question_word = (
            (group[None, :] == g[:, 0:1]) | (group[None, :] == g[:, 1:2]) | (group[None, :] == g[:, 2:3])
        )
        scores[question_word] = -np.inf  # a, b and c (in every spelling) are never answers
        best = np.argmax(scores, axis=1)  # (m,) first best: the more frequent word wins a tie
        found = np.isfinite(scores[np.arange(len(g)), best])
        out[s : s + block] = found & (group[best] == g[:, 3])
    return out


# ---------------------------------------------------------------------- word pairs
class PairResult(NamedTuple):
    """Agreement of cosine similarity with human scores; n_oov pairs were skipped."""

    pearson: float
    spearman: float
    n_pairs: int
    n_oov: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "pearson": _json_float(self.pearson),
            "spearman": _json_float(self.spearman),
            "n_pairs": self.n_pairs,
            "n_oov": self.n_oov,
        }


def evaluate_word_pairs(
    vectors: Vectors,
    path_or_pairs: str | os.PathLike | Iterable[tuple[str, str, float]],
    restrict_vocab: int | None = None,
    case_insensitive: bool = True,
) -> PairResult:
    """Pearson and Spearman correlation of cos(w1, w2) with the human scores of word pairs.

    Pairs with a word outside the (restricted) vocabulary are skipped and counted in n_oov.
    Returns PairResult(pearson, spearman, n_pairs, n_oov); the correlations are NaN below two pairs.
    """
    if isinstance(path_or_pairs, (str, os.PathLike)):
        pairs = read_word_pairs(path_or_pairs)
    else:
        pairs = [(str(a), str(b), float(s)) for a, b, s in path_or_pairs]
    vocab = _EvalVocab(vectors, restrict_vocab, case_insensitive)
    ids, human = [], []
    n_oov = 0
    for w1, w2, score in pairs:
        g = vocab.lookup((w1, w2))
        if g is None:
            n_oov += 1
            continue
        ids.append(vocab.rep[g])
        human.append(score)
    if not ids:
        return PairResult(math.nan, math.nan, 0, n_oov)
    rows = np.array(ids, dtype=np.int64)  # (n, 2)
    N = vectors.normed
    model = np.einsum("nd,nd->n", N[rows[:, 0]], N[rows[:, 1]]).astype(np.float64)  # (n,) cosines
    human_scores = np.array(human, dtype=np.float64)
    return PairResult(pearson(model, human_scores), spearman(model, human_scores), len(ids), n_oov)

