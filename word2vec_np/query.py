"""The command ``python -m word2vec_np.query VECTORS [QUERY ...]``: ask a vectors file questions.

The C tool ships ``distance`` (nearest words) and ``word-analogy`` (a : b ::
c : ?) as two interactive programs. This is one command for both, plus the
similarity of two words. Each query is one line:

=========================  ==================================================
``king``                   the nearest words to king (cosine)
``king queen``             the nearest words to the sum of several words (as ``distance`` reads a sentence)
``king - man + woman``     the nearest words to a combination; a word after ``-`` counts negatively
``man : king :: woman``    the analogy man : king :: woman : ? (``:: woman : ?`` also works)
``king ~ queen``           cos(king, queen)
=========================  ==================================================

With ``--analogy``, a line of three words ``a b c`` is the analogy a : b :: c
(the C tool's ``word-analogy`` habit). Analogies use 3CosAdd, or 3CosMul with
``--method 3cosmul``; the three question words are never answers.

Where the queries come from: the QUERY arguments, one query each; else, when
standard input is a terminal, an interactive prompt; else the lines of
standard input. ``EXIT``, an empty line or the end of the input ends the
session. A word that is not in the vocabulary is one line saying so, and the
session goes on. ``--json`` prints one JSON object per query (JSON Lines), for
scripts. A vectors file that cannot be read is one ``error:`` line and exit
code 2.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .cli import CommandParser, one_line_warnings, stdout_closed, user_error
from .errors import ConfigError, UnknownWordError, Word2VecError
from .vectors.files import load_vectors
from .vectors.vectors import METHODS, Vectors

PROMPT = "query (EXIT to quit): "
HELP = "word | word word ... | a - b + c | a : b :: c | a ~ b"


@dataclass
class Query:
    """One parsed query line.

    kind : "neighbours" (positive and negative words), "analogy" (words a, b, c) or
           "similarity" (words a, b)
    """

    text: str
    kind: str
    positive: list[str] = field(default_factory=list)
    negative: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)


def parse_query(line: str, analogy: bool = False) -> Query:
    """The query a line asks; ConfigError with a one-line explanation for a malformed one.

    analogy : read a line of exactly three words ``a b c`` as the analogy a : b :: c
    """
    text = line.strip()
    tokens = re.sub(r"(::|:|~|\?)", r" \1 ", text).split()
    if "~" in tokens:
        words = [t for t in tokens if t != "~"]
        if tokens.count("~") != 1 or len(words) != 2 or tokens[1] != "~":
            raise ConfigError(f"{text!r}: a similarity is two words around '~', as in 'king ~ queen'")
        return Query(text, "similarity", words=words)
    if ":" in tokens or "::" in tokens:
        shape = ["a", ":", "b", "::", "c"]
        core = tokens[:-2] if tokens[-2:] == [":", "?"] else tokens
        if len(core) != 5 or [t if t in (":", "::") else "a" for t in core] != ["a", ":", "a", "::", "a"]:
            raise ConfigError(f"{text!r}: an analogy is written {' '.join(shape)}, as in 'man : king :: woman'")
        return Query(text, "analogy", words=[core[0], core[2], core[4]])
    if "?" in tokens:
        raise ConfigError(f"{text!r}: '?' belongs at the end of an analogy, as in 'man : king :: woman : ?'")
    if analogy and len(tokens) == 3 and not {"+", "-"} & set(tokens):
        return Query(text, "analogy", words=tokens)
    positive, negative = [], []
    sign = positive
    expect_word = True
    for t in tokens:
        if t in ("+", "-"):
            if expect_word and (positive or negative):
                raise ConfigError(
                    f"{text!r}: two signs in a row; write words joined by + and -, as in 'king - man + woman'"
                )
            sign = negative if t == "-" else positive
            expect_word = True
            continue
        sign.append(t)
        sign = positive
        expect_word = False
    if expect_word:
        raise ConfigError(f"{text!r}: a sign with no word after it; write 'king - man + woman'")
    return Query(text, "neighbours", positive=positive, negative=negative)


def answer(
    vectors: Vectors, query: Query, topn: int = 10, method: str = "3cosadd", restrict_vocab: int | None = None
) -> dict:
    """What a query asks, as a JSON-ready dict: {"query", "kind", and "results" or "similarity"}.

    A word outside the vocabulary gives {"query", "kind", "error"} instead of an exception.
    """
    out: dict = {"query": query.text, "kind": query.kind}
    try:
        if query.kind == "similarity":
            out["similarity"] = vectors.similarity(*query.words)
            return out
        if query.kind == "analogy":
            out["method"] = method
            pairs = vectors.analogy(*query.words, topn=topn, method=method, restrict_vocab=restrict_vocab)
        else:
            pairs = vectors.most_similar(query.positive, query.negative, topn=topn, restrict_vocab=restrict_vocab)
    except UnknownWordError as exc:
        out["error"] = str(exc)
        return out
    out["results"] = [{"word": w, "score": s} for w, s in pairs]
    return out


def format_text(result: dict) -> str:
    """The lines a person reads for one answer."""
    if "error" in result:
        return printable(result["error"])
    if result["kind"] == "similarity":
        a, b = (w.strip() for w in result["query"].split("~"))
        return printable(f"cos({a}, {b}) = {result['similarity']:.4f}")
    head = (
        f"{result['query']}  ({'3CosMul' if result['method'] == '3cosmul' else '3CosAdd'} score)"
        if result["kind"] == "analogy"
        else f"{result['query']}  (cosine)"
    )
    words = [printable(r["word"]) for r in result["results"]]
    width = max(map(len, words), default=0)
    lines = [printable(head)] + [
        f"  {w:<{width}}  {r['score']:.4f}" for w, r in zip(words, result["results"], strict=True)
    ]
    return "\n".join(lines)


#: Characters shown escaped: C0 and C1 controls (a word holding ESC [ ... could drive the terminal),
#: format characters (bidirectional overrides) and the line and paragraph separators.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def printable(text: str) -> str:
    """``text`` with every control or format character written as an escape (``\\x1b``, ``\\u2028``)."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def json_line(result: dict) -> str:
    """``result`` as one JSON line that stays one line for every line-based reader: non-ASCII text as is,
    but C1 controls, U+2028 and U+2029 (line breaks to some readers, not to JSON) as ``\\u`` escapes."""
    text = json.dumps(result, ensure_ascii=False)
    return re.sub("[\x7f-\x9f\u2028\u2029]", lambda m: f"\\u{ord(m[0]):04x}", text)


def _lines(args: argparse.Namespace) -> Iterator[str]:
    """The query lines: the arguments, else an interactive prompt, else standard input."""
    if args.queries:
        yield from args.queries
        return
    if sys.stdin.isatty():
        try:
            import readline  # noqa: F401  (line editing and history for input(), where the platform has it)
        except ImportError:
            pass
        while True:
            try:
                yield input(PROMPT)
            except EOFError:
                print()
                return
    else:
        for line in sys.stdin:
            yield line.rstrip("\n")


def run(args: argparse.Namespace, lines: Iterable[str]) -> int:
    if args.topn < 1:
        raise ConfigError(f"--topn must be a positive whole number, got {args.topn}")
    vectors = load_vectors(args.vectors)
    vectors.n_candidates(args.restrict_vocab)  # checks --restrict-vocab
    if not args.json and not args.queries and sys.stdin.isatty():
        print(f"vectors: {args.vectors} ({len(vectors):,} words, dimension {vectors.dim}); queries: {HELP}")
    for line in lines:
        if not line.strip() or line.strip() == "EXIT":
            break
        try:
            query = parse_query(line, analogy=args.analogy)
        except ConfigError as exc:
            result = {"query": line.strip(), "error": str(exc)}
        else:
            result = answer(vectors, query, args.topn, args.method, args.restrict_vocab)
        print(json_line(result) if args.json else format_text(result), flush=True)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = CommandParser(
        prog="python -m word2vec_np.query",
        description="Nearest words, analogies and similarities of a vectors file, like the C tool's distance "
        f"and word-analogy. Queries: {HELP}. EXIT or an empty line ends.",
    )
    p.add_argument("vectors", help="vectors file: .txt/.vec or .bin (word2vec formats, .gz fine), GloVe text, or .npz")
    p.add_argument(
        "queries",
        nargs="*",
        metavar="QUERY",
        help="queries to answer, one per argument (default: a prompt, or the lines of standard input)",
    )
    p.add_argument("--topn", type=int, default=10, help="how many words to list per query")
    p.add_argument("--method", choices=METHODS, default="3cosadd", help="how analogies are scored")
    p.add_argument(
        "--analogy", action="store_true", help="read a line of three words 'a b c' as a : b :: c (word-analogy)"
    )
    p.add_argument(
        "--restrict-vocab", metavar="N", type=int, default=None, help="only the N most frequent words are answers"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object per query (JSON Lines)")
    p.add_argument("--debug", action="store_true", help="show the full traceback on errors")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_intermixed_args(argv)  # options may follow the queries: V king --topn 3
    try:
        with one_line_warnings():  # a word listed twice in the file, say
            return run(args, _lines(args))
    except KeyboardInterrupt:
        print("", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`... | head`)
        return stdout_closed()
    except (Word2VecError, OSError) as exc:
        return user_error(exc, args.debug)


if __name__ == "__main__":
    sys.exit(main())
