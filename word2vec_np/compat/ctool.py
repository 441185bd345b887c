"""The original C tool's command lines, translated to this package's options.

``./word2vec -train text8 -output vectors.bin -cbow 1 -size 200 ...`` runs as
``python -m word2vec_np.train -train text8 -output vectors.bin -cbow 1 -size 200 ...``,
and ``./word2phrase -train in.txt -output out.txt -threshold 200`` as
``python -m word2vec_np.phrases -train in.txt ...``. Before argparse sees the
arguments, :func:`translate` rewrites every single-dash flag the C tool knows
into its double-dash twin, using one table per program (:data:`WORD2VEC`,
:data:`WORD2PHRASE`). Every C flag takes a value, as in the C tool
(``-cbow 0``, ``-binary 1``).

When a command line uses any C flag, what it leaves out takes the C tool's
default (``-cbow 1``: CBOW; ``-binary 0``: text output; ``-hs 0 -negative 5``;
...), so a line copied from demo-word.sh means what it meant there. The
double-dash options stay the documented interface, and the two vocabularies
mix only where they do not overlap: giving a C flag together with its
double-dash twin (``-size`` with ``--dim``), or a double-dash option that a
C default fills in, is one ``ConfigError``.

Two C settings have no one-to-one twin. The C tool can train hierarchical
softmax and negative sampling at once (``-hs 1 -negative 5``, which is what
``-hs 1`` alone means there); this package trains one objective, so that
line is refused with the fix (``-hs 1 -negative 0``). ``-debug N`` is
verbosity: 0 and 1 give ``--quiet`` (no progress bar), 2 and above the
progress bar (the C tool's default).

This module depends on the standard library only.
"""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..errors import ConfigError


@dataclass(frozen=True)
class Program:
    """One C program's flags and how each becomes double-dash options.

    flags : C flag -> the double-dash option it becomes; ``None`` for a flag that becomes a
            positional argument (its place is given by ``positionals``)
    values : C flag -> {C value: our value} for flags whose values are spelled differently
    defaults : C flag -> the C tool's default, filled in when a C flag is used and this one is not
    positionals : the C flags that become the positional arguments, in order
    required : the C flags that must be given when any C flag is
    verbosity : the C flag that sets verbosity (``-debug``), or None
    unsupported : C flag -> why it is refused
    """

    name: str
    flags: dict[str, str | None]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    positionals: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    verbosity: str | None = None
    unsupported: dict[str, str] = field(default_factory=dict)


WORD2VEC = Program(
    name="word2vec",
    flags={
        "-train": None,
        "-output": "--output",
        "-size": "--dim",
        "-window": "--window",
        "-sample": "--sample",
        "-hs": "--objective",
        "-negative": "--negative",
        "-threads": "--workers",
        "-iter": "--epochs",
        "-min-count": "--min-count",
        "-alpha": "--alpha",
        "-binary": "--format",
        "-cbow": "--arch",
        "-save-vocab": "--save-vocab",
        "-read-vocab": "--read-vocab",
        "-debug": "--quiet",
    },
    values={
        "-cbow": {"0": "skipgram", "1": "cbow"},
        "-binary": {"0": "text", "1": "binary"},
    },
    defaults={
        "-size": "100",
        "-window": "5",
        "-sample": "1e-3",
        "-hs": "0",
        "-negative": "5",
        "-iter": "5",
        "-min-count": "5",
        "-cbow": "1",
        "-binary": "0",
    },
    positionals=("-train",),
    verbosity="-debug",
    unsupported={"-classes": "k-means word classes (-classes) are not implemented in word2vec_np"},
)

WORD2PHRASE = Program(
    name="word2phrase",
    flags={
        "-train": None,
        "-output": None,
        "-min-count": "--min-count",
        "-threshold": "--threshold",
        "-debug": "--quiet",
    },
    defaults={"-min-count": "5", "-threshold": "100"},
    positionals=("-train", "-output"),
    required=("-train", "-output"),
    verbosity="-debug",
)


def uses_c_flags(argv: Sequence[str], program: Program) -> bool:
    """Whether ``argv`` spells at least one of the C program's flags."""
    return any(a in program.flags or a in program.unsupported for a in argv)


def translate(
    argv: Sequence[str],
    program: Program,
    parser: argparse.ArgumentParser,
    note: Callable[[str], None] = lambda message: None,
) -> list[str]:
    """``argv`` with the C program's flags rewritten as double-dash options.

    argv : the command-line arguments after the program name
    program : the table to translate with (:data:`WORD2VEC` or :data:`WORD2PHRASE`)
    parser : the command's parser; it tells which options take a value (to find the
             positional arguments) and which twins exist
    note : called with a sentence when a flag is dropped because the parser has no twin

    An argv without C flags is returned unchanged. Raises ConfigError for a C flag without a
    value, given twice, with a value outside its choices, or mixed with its double-dash twin.
    """
    argv = list(argv)
    if not uses_c_flags(argv, program):
        return argv
    given: dict[str, str] = {}
    rest: list[str] = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in program.unsupported:
            raise ConfigError(f"{a}: {program.unsupported[a]}; leave it out")
        if a in program.flags:
            if i + 1 >= len(argv):
                raise ConfigError(f"the C tool's flag {a} needs a value ({a} VALUE), as in {program.name}")
            if a in given:
                raise ConfigError(f"{a} is given twice; give it once")
            given[a] = argv[i + 1]
            i += 2
            continue
        rest.append(a)
        if a == "--":
            rest.extend(argv[i + 1 :])
            break
        i += 1

    for a in rest:
        if a == "--":
            break
        if len(a) > 1 and a[0] == "-" and a[1].isalpha() and a not in parser._option_string_actions:
            close = difflib.get_close_matches(a.replace("_", "-"), list(program.flags), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise ConfigError(
                f"{a} is not a flag of the C tool's {program.name}{hint}; its flags are "
                f"{', '.join(program.flags)}"
            )
    for flag in program.required:
        if flag not in given:
            raise ConfigError(
                f"{program.name}'s flags need {' and '.join(program.required)}; {flag} is missing"
            )
    user_options, user_positionals = _split(rest, parser)
    if any(flag in given for flag in program.positionals) and user_positionals:
        named = " and ".join(f for f in program.positionals if f in given)
        raise ConfigError(
            f"{named} and the positional argument {user_positionals[0]!r} both name a file; give one of them"
        )

    settings = {**_defaults(program, given), **given}
    out: list[str] = []
    emitted: dict[argparse.Action, str] = {}  # our option's action -> the C flag that set it
    for flag, value in _joint(settings, given, program):
        twin = program.flags[flag]
        if twin is None:
            continue
        if twin not in parser._option_string_actions:
            note(f"{flag} {value} is ignored: this version of word2vec_np has no {twin}")
            continue
        if flag == program.verbosity:
            out.extend(_verbosity(flag, value, twin))
        else:
            out.extend([twin, _value(flag, value, program)])
        emitted[parser._option_string_actions[twin]] = flag

    for option in user_options:
        flag = emitted.get(_action(option, parser))
        if flag is None:
            continue
        if flag in given:
            raise ConfigError(
                f"{option} and the C tool's {flag} set the same thing; give it once, in one spelling"
            )
        raise ConfigError(
            f"{option} cannot be mixed with the C tool's flags, which set it through {flag} "
            f"(default {program.defaults[flag]}); write {flag} VALUE instead"
        )
    positionals = [given[flag] for flag in program.positionals if flag in given]
    return out + rest + (["--", *positionals] if positionals else [])


def _defaults(program: Program, given: dict[str, str]) -> dict[str, str]:
    """The C tool's defaults for the flags not given. ``-binary`` chooses between the C tool's two
    formats only, so an ``-output`` ending in ``.npz`` (the whole model, which the C tool has no
    format for) keeps its own format unless ``-binary`` is given."""
    defaults = {k: v for k, v in program.defaults.items() if k not in given}
    if "-binary" in defaults and given.get("-output", "").lower().endswith(".npz"):
        del defaults["-binary"]
    return defaults


def _joint(settings: dict[str, str], given: dict[str, str], program: Program) -> list[tuple[str, str]]:
    """The settings as (flag, value) pairs, with ``-hs`` and ``-negative`` made one objective."""
    if "-hs" not in settings:
        return list(settings.items())
    hs, negative = settings["-hs"], settings.get("-negative", "0")
    if hs not in ("0", "1"):
        raise ConfigError(f"-hs takes 0 or 1, got {hs!r}")
    try:
        k = int(negative)
    except ValueError:
        raise ConfigError(f"-negative takes a whole number, got {negative!r}") from None
    pairs = [(f, v) for f, v in settings.items() if f not in ("-hs", "-negative")]
    if hs == "1" and k > 0:
        where = "-negative " + negative + (" (the C tool's default)" if "-negative" not in given else "")
        raise ConfigError(
            f"-hs 1 with {where} trains hierarchical softmax and negative sampling at once in the C tool; "
            "word2vec_np trains one objective: add -negative 0 for hierarchical softmax, or use -hs 0"
        )
    if hs == "0" and k == 0:
        raise ConfigError("-hs 0 with -negative 0 trains no objective; use -hs 1 -negative 0, or -negative 5")
    pairs.append(("-hs", "hs" if hs == "1" else "ns"))
    pairs.append(("-negative", negative))
    return pairs


def _value(flag: str, value: str, program: Program) -> str:
    """The C value as our option's value (``-cbow 1`` -> ``cbow``)."""
    choices = program.values.get(flag)
    if choices is None:
        return value
    if value not in choices:
        spelled = ", ".join(f"{c} ({ours})" for c, ours in choices.items())
        raise ConfigError(f"{flag} takes {spelled}; got {value!r}")
    return choices[value]


def _verbosity(flag: str, value: str, quiet_option: str) -> list[str]:
    """``-debug N``: 0 and 1 are quiet (no progress bar), 2 and more show the progress bar."""
    try:
        level = int(value)
    except ValueError:
        raise ConfigError(f"{flag} takes a whole number (0 quiet, 2 progress), got {value!r}") from None
    return [quiet_option] if level < 2 else []


def _action(option: str, parser: argparse.ArgumentParser) -> argparse.Action | None:
    """The parser's action that ``option`` (or ``--option=value``) names, if any."""
    return parser._option_string_actions.get(option.split("=", 1)[0])


def _split(args: list[str], parser: argparse.ArgumentParser) -> tuple[list[str], list[str]]:
    """(options, positional arguments) of ``args``, using the parser to know which options take values."""
    options: list[str] = []
    positionals: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            positionals.extend(args[i + 1 :])
            break
        if a.startswith("-") and a != "-":
            options.append(a)
            action = _action(a, parser)
            takes = action is not None and action.nargs != 0 and "=" not in a
            i += 2 if takes and action.nargs in (None, "?") else 1
            if takes and action.nargs not in (None, "?"):  # nargs "+" / "*": values up to the next option
                while i < len(args) and not (args[i].startswith("-") and args[i] != "-"):
                    i += 1
            continue
        positionals.append(a)
        i += 1
    return options, positionals
