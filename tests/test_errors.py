"""One error hierarchy: every error a user can cause is a ``word2vec_np.errors.Word2VecError``.

* No function of the package raises a bare built-in exception (``ValueError``,
  ``RuntimeError``, ...) that escapes it: such a raise is either caught in the
  same function (control flow) or listed in ``INTERNAL`` below with the reason.
* Every exception class the package defines derives from ``Word2VecError``,
  except the few in ``NOT_ERRORS`` (control flow that never reaches a user, and
  Ctrl-C).
* docs/errors.md's table of the hierarchy lists each class of errors.py with the
  built-in exception it also derives from.
"""

import ast
import builtins
import importlib
import inspect
import re
from pathlib import Path

import pytest

from tests.helpers import PACKAGE, ROOT
from word2vec_np import errors
from word2vec_np.engine.config import TrainConfig
from word2vec_np.errors import ConfigError, CorpusError, CorpusNotFoundError, ModelFileError, SaveError, Word2VecError

# The built-in exceptions a user must never see raised by the package. Not listed: the ones that
# are Python's protocols, raised where Python expects them (AttributeError from a module's
# __getattr__, ImportError from an import hook, NotImplementedError from an abstract method,
# StopIteration, KeyboardInterrupt, SystemExit).
BUILTIN_ERRORS = (
    "Exception",
    "ValueError",
    "RuntimeError",
    "TypeError",
    "KeyError",
    "IndexError",
    "LookupError",
    "OSError",
    "FileNotFoundError",
    "EOFError",
    "ArithmeticError",
    "ZeroDivisionError",
    "AssertionError",
)

# (module, function, exception): built-in exceptions raised in one function and caught by its caller
# right away, as control flow; none reaches a user.
INTERNAL = {
    # the caller (load_model_npz's `except Exception`) reports a damaged archive as ModelFileError
    ("vectors/npz.py", "_npz_read", "EOFError"),
    # the caller (_one_call's `except TypeError`) turns it into the learner's "returned ..." message
    ("teach/grading/calls.py", "_as_parts", "TypeError"),
}

# Exception classes that are not user errors: caught inside the package, or not an error at all.
NOT_ERRORS = {
    "engine.checkpoint._Bad",  # caught in checkpoint.py, reported as ModelFileError
    "text.datasets._Failure",  # caught in datasets.py, retried or reported as DownloadError
    "text.datasets._Corrupt",  # caught in datasets.py, reported as DownloadError
    "teach.grading.calls.TimeLimitReached",  # a BaseException the grader raises in itself to stop a call
    "engine.interrupt.TrainingInterrupted",  # Ctrl-C (a KeyboardInterrupt): its checkpoint says where to resume
}


def _handled_names(handler: ast.ExceptHandler) -> list[str]:
    """The class names an ``except`` clause catches ('BaseException' for a bare ``except:``)."""
    if handler.type is None:
        return ["BaseException"]
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return [k.id if isinstance(k, ast.Name) else ast.unparse(k) for k in kinds]


def _caught_here(name: str, enclosing_trys: list[ast.Try]) -> bool:
    """Whether a try around the raise (in the same function) catches the built-in class ``name``."""
    raised = getattr(builtins, name)
    for node in enclosing_trys:
        for handler in node.handlers:
            for caught in _handled_names(handler):
                cls = getattr(builtins, caught, None)
                if isinstance(cls, type) and issubclass(raised, cls):
                    return True
    return False


def escaping_builtin_raises(source: str) -> list[tuple[str, str, int]]:
    """(function, exception, line) of each ``raise <built-in>`` not caught in the function that raises it."""
    found = []

    def visit(node: ast.AST, function: str, trys: list[ast.Try]) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            function, trys = getattr(node, "name", "<lambda>"), []  # a new function: its own try blocks
        if isinstance(node, ast.Raise) and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(target, ast.Name) and target.id in BUILTIN_ERRORS and not _caught_here(target.id, trys):
                found.append((function, target.id, node.lineno))
        if isinstance(node, ast.Try | ast.TryStar):
            for child in node.body:  # only the body is guarded by the handlers
                visit(child, function, [*trys, node])
            for child in [*node.handlers, *node.orelse, *node.finalbody]:
                visit(child, function, trys)
            return
        for child in ast.iter_child_nodes(node):
            visit(child, function, trys)

    visit(ast.parse(source), "<module>", [])
    return found


def package_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_builtin_exception_escapes_a_function():
    escaping = []
    for path in package_files():
        module = path.relative_to(PACKAGE).as_posix()
        for function, name, line in escaping_builtin_raises(path.read_text(encoding="utf-8")):
            if (module, function, name) not in INTERNAL:
                escaping.append(f"{module}:{line} {function} raises {name}")
    assert escaping == [], "raise the right word2vec_np.errors class (ConfigError for a caller's bad argument)"


def test_the_internal_list_is_not_stale():
    seen = set()
    for path in package_files():
        module = path.relative_to(PACKAGE).as_posix()
        seen |= {(module, f, n) for f, n, _ in escaping_builtin_raises(path.read_text(encoding="utf-8"))}
    assert INTERNAL <= seen


def test_the_raise_check_can_fail():
    planted = '''
def settle(x):
    if x < 0:
        raise ValueError("x must be positive")       # escapes: a user would see a bare ValueError
    try:
        int("z")
        raise KeyError("caught below")                # caught by LookupError
    except (LookupError, OSError):
        pass
    try:
        pass
    except ValueError:
        raise RuntimeError("from a handler")          # escapes: the handler is not guarded by its own try
    return [lambda: (_ for _ in ()).throw(TypeError)]

class C:
    def m(self):
        try:
            def inner():
                raise OSError("escapes inner")        # a nested function: the outer try does not count
        except OSError:
            pass
'''
    assert [(f, n) for f, n, _ in escaping_builtin_raises(planted)] == [
        ("settle", "ValueError"),
        ("settle", "RuntimeError"),
        ("inner", "OSError"),
    ]


def _exception_classes() -> list[tuple[str, type]]:
    """(module.Class, class) of every exception class defined in the package (found with ast, then imported)."""
    classes = []
    for path in package_files():
        if path.name == "__main__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [node.name for node in tree.body if isinstance(node, ast.ClassDef)]
        if not names:
            continue
        dotted = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        module = importlib.import_module(f"word2vec_np.{dotted}")
        for name in names:
            cls = getattr(module, name)
            if isinstance(cls, type) and issubclass(cls, BaseException):
                classes.append((f"{dotted}.{name}", cls))
    return classes


def test_every_exception_class_is_a_word2vec_error():
    classes = dict(_exception_classes())
    assert set(NOT_ERRORS) <= set(classes), "NOT_ERRORS names a class that no longer exists"
    outside = sorted(n for n, cls in classes.items() if not issubclass(cls, Word2VecError) and n not in NOT_ERRORS)
    assert outside == []
    assert [n for n in NOT_ERRORS if issubclass(classes[n], Word2VecError)] == []


def test_errors_py_classes_derive_from_word2vec_error_and_one_builtin():
    for name, cls in inspect.getmembers(errors, inspect.isclass):
        if cls.__module__ != errors.__name__ or cls is Word2VecError:
            continue
        assert issubclass(cls, Word2VecError), name
        builtin_bases = [b for b in cls.__bases__ if b.__module__ == "builtins"]
        assert len(builtin_bases) == 1, f"{name} should also derive from the one built-in a caller would catch"


def documented_hierarchy(text: str) -> dict[str, str]:
    """{class: built-in base} from docs/errors.md's table of ``word2vec_np.errors`` classes."""
    rows = re.findall(r"^\| `word2vec_np\.errors\.(\w+)` \| `(\w+)` \|", text, flags=re.MULTILINE)
    return dict(rows)


def test_docs_errors_md_describes_the_hierarchy():
    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    documented = documented_hierarchy(text)
    actual = {
        name: next(b.__name__ for b in cls.__bases__ if b.__module__ == "builtins")
        for name, cls in inspect.getmembers(errors, inspect.isclass)
        if cls.__module__ == errors.__name__ and cls is not Word2VecError
    }
    assert documented == actual
    assert "`word2vec_np.errors.Word2VecError`" in text and "except Word2VecError" in text


@pytest.mark.parametrize(
    "row, expected",
    [
        ("| `word2vec_np.errors.ConfigError` | `ValueError` | a setting |", {"ConfigError": "ValueError"}),
        ("| `word2vec_np.errors.Nope` | `KeyError` | gone |", {"Nope": "KeyError"}),
    ],
)
def test_the_docs_check_reads_the_table(row, expected):
    assert documented_hierarchy(row) == expected


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
