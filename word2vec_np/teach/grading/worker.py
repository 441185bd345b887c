"""The process that runs one submission: ``python -I -S worker.py WORKDIR RESULT_FD`` (started by supervisor.py).

It runs in WORKDIR, the submission's private directory (mode 0700, its own
HOME and TMPDIR), from a copy of this file and of calls.py placed there, with
``-I -S``: no user site, no PYTHONPATH, no .pth files, and a sys.path of the
standard library only; NumPy's top-level package is found in its folder
(argv) by a finder that finds nothing else there. So the package
is not on the submission's sys.path, and the reference functions are not in
this process. The notebooks' ``from word2vec_np.teach.grading import check``
gets a stand-in whose ``check`` does nothing, and any other ``word2vec_np``
import fails with a message. (A submission that goes looking for the package
on disk can still find it: see docs/teaching.md, "What the grader defends
against".)

a5's training run (``... worker.py WORKDIR RESULT_FD NUMPY_FOLDER PACKAGE_FOLDER``,
plan["training"] its time limit) is the exception: the package's folder and
NumPy's (with what is installed there) are on sys.path, the cells run with
the package's check_training and show_training made silent, and then
training.train_with trains with the cells' six a5 functions; one message
"_a5" carries the run (problem, examples, seconds) and the arrays W_in (the
trained vectors) and losses. The grader scores the vectors.

Input, written by the grader:
    WORKDIR/cells.json  the submission's code cells (a .py file is one cell)
    WORKDIR/plan.pkl    per exercise: its name, argument count, calls, time limit
Output, on the pipe RESULT_FD that only the grader reads, one message per
exercise as soon as it is done (so a submission that hangs later keeps the
grades it already has), then one about running the cells:
    b"W2VR", the header's length (8 bytes, big-endian), a JSON header
    {"name", "record", "arrays": [[key, dtype, shape, nbytes], ...]},
    then the arrays' raw bytes. No pickle, no compression: the grader
    reads at most its cap of bytes and validates everything.
Nothing here decides a grade.
"""

import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import pickle
import re
import sys
import types
from pathlib import Path


class _OnlyNumPy(importlib.abc.MetaPathFinder):
    """Finds the top-level ``numpy`` package in NumPy's folder, and nothing else there (the package may be too)."""

    def __init__(self, folder: str):
        self.folder = folder

    def find_spec(self, name, path=None, target=None):
        if name == "numpy":
            return importlib.machinery.PathFinder.find_spec(name, [self.folder])
        return None


if __name__ == "__main__" and len(sys.argv) > 4:  # a5's training run: the package, and what is installed with it
    sys.path += [sys.argv[4], sys.argv[3]]
elif __name__ == "__main__":
    sys.meta_path.append(_OnlyNumPy(sys.argv[3]))  # run with -I -S: nothing else beyond the standard library

import numpy as np  # noqa: E402

MAGIC = re.compile(r"^(\s*)[%!].*$", re.MULTILINE)  # IPython magics and shell lines


def _load_calls():
    spec = importlib.util.spec_from_file_location("_grading_calls", Path(__file__).with_name("calls.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules["_grading_calls"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


class _NoPackage(importlib.abc.MetaPathFinder):
    """Refuses every word2vec_np module except the stand-in, and remembers what was asked for."""

    def __init__(self):
        self.refused: list[str] = []

    def find_spec(self, name, path=None, target=None):
        if name == "word2vec_np" or name.startswith("word2vec_np."):
            self.refused.append(name)
            raise ImportError(f"{name} is not available while grading: the assignment asks you to write this yourself")
        return None


def _stand_in() -> _NoPackage:
    for name in [n for n in sys.modules if n == "word2vec_np" or n.startswith("word2vec_np.")]:
        del sys.modules[name]
    package = types.ModuleType("word2vec_np")
    package.__path__ = []
    teach = types.ModuleType("word2vec_np.teach")
    teach.__path__ = []
    grading = types.ModuleType("word2vec_np.teach.grading")
    grading.check = lambda *args, **kwargs: None
    package.teach, teach.grading = teach, grading
    sys.modules["word2vec_np"] = package
    sys.modules["word2vec_np.teach"] = teach
    sys.modules["word2vec_np.teach.grading"] = grading
    finder = _NoPackage()
    sys.meta_path.insert(0, finder)
    return finder


def send(fd: int, name: str, record: dict, arrays: dict | None = None) -> None:
    """Write one message (see the module's docstring) to the grader's pipe."""
    arrays = {key: np.array(a, order="C") for key, a in (arrays or {}).items()}  # a 0-d array stays 0-d
    header = json.dumps({
        "name": name,
        "record": record,
        "arrays": [[key, a.dtype.str, list(a.shape), a.nbytes] for key, a in arrays.items()],
    }).encode("utf-8")
    data = b"".join([b"W2VR", len(header).to_bytes(8, "big"), header] + [a.tobytes() for a in arrays.values()])
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def main(workdir: str, result_fd: int) -> None:
    work = Path(workdir)
    calls = _load_calls()
    plan = pickle.loads((work / "plan.pkl").read_bytes())
    cells = json.loads((work / "cells.json").read_text(encoding="utf-8"))
    if plan.get("training"):
        training = _training_module()
        finder = _NoPackage()  # refuses nothing: it is not on sys.meta_path
    else:
        finder = _stand_in()

    namespace = {"__name__": "__submission__", "__builtins__": __builtins__}
    errors = []
    sink = calls.BoundedText()
    for index, source in enumerate(cells, start=1):
        try:
            code = compile(MAGIC.sub(r"\1pass", source), f"<cell {index}>", "exec")
            with calls.time_limit(plan["load_seconds"]):
                _run_quietly(code, namespace, sink)
        except calls.TimeLimitReached:
            errors.append(f"cell {index} did not finish within {plan['load_seconds']:g} s and was skipped")
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # the learner's cell failed: the others still run, as far as they can
            errors.append(f"cell {index} raised {calls._describe(exc)}")
    send(result_fd, "_load", {"errors": errors[:5], "refused": sorted(set(finder.refused))[:5]})
    if plan.get("training"):
        _train(training, namespace, plan["training"], result_fd, sink)
        return

    for exercise in plan["exercises"]:
        name = exercise["name"]
        fn = namespace.get(name)
        record = {"found": fn is not None, "signature": "", "statuses": [], "messages": [], "printed": 0}
        arrays = {}
        if fn is not None:
            record["signature"] = calls.signature_problem(fn, exercise["n_params"])
            if not record["signature"]:
                results, printed = calls.run_calls(
                    fn, exercise["calls"], exercise["n_returned"], plan["seconds"], exercise["keep_arg"]
                )
                record["printed"] = len(printed)
                for i, r in enumerate(results):
                    record["statuses"].append(r.status)
                    record["messages"].append(r.message)
                    for j, part in enumerate(r.parts or ()):
                        arrays[f"c{i}_{j}"] = part
        send(result_fd, name, record, arrays)


def _training_module():
    """grading/training.py from the package, its notebook calls made silent: the cells define, the grader trains.

    The a5 notebook's own ``check_training(...)`` cell would train a second time, and ``show_training`` print;
    here they do nothing (check_training returns None, as for functions that do not train).
    """
    from word2vec_np.teach.grading import training

    training.check_training = lambda *args, **kwargs: None
    training.show_training = lambda *args, **kwargs: None
    return training


def _train(training, namespace: dict, seconds: float, result_fd: int, sink) -> None:
    """Train with the cells' a5 functions (training.train_with) and send "_a5": the run, the vectors, the losses."""
    functions = {name: namespace.get(name) for name in training.FUNCTIONS}
    functions = {name: fn if callable(fn) else None for name, fn in functions.items()}
    import contextlib

    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        result = training.train_with(functions, seconds)
    arrays = {"losses": np.asarray(result.losses, dtype=np.float64)}
    if result.vectors is not None:
        arrays["W_in"] = result.vectors.matrix
    record = {"problem": result.problem, "examples": result.examples, "seconds": result.seconds}
    send(result_fd, "_a5", record, arrays)


def _run_quietly(code, namespace, sink) -> None:
    import contextlib

    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        exec(code, namespace)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
