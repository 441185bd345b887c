"""The process that runs one submission: ``python -I worker.py WORKDIR`` (started by submission.py).

It runs in WORKDIR, a fresh temporary directory, and imports the standard
library, NumPy and calls.py only (loaded from its file, not as part of the
package), so the package's reference functions are not in this process.
The submission cannot import them either: ``word2vec_np`` is replaced by a
stand-in whose ``grading.check`` does nothing (the notebooks' check cells
become no-ops) and any other ``word2vec_np`` import fails with a message.

Input, written by the grader:
    WORKDIR/cells.json  the submission's code cells (a .py file is one cell)
    WORKDIR/plan.pkl    per exercise: its name, argument count, calls, time limit
Output, one pair of files per exercise as soon as it is done (so a
submission that hangs later keeps the grades it already has):
    WORKDIR/out/NAME.json  statuses, error messages, the signature problem
    WORKDIR/out/NAME.npz   the outputs, arrays only (read with allow_pickle=False)
    WORKDIR/out/_load.json what went wrong while running the cells
The grader validates all of it in its own process; nothing here decides a grade.
"""

import importlib.abc
import importlib.util
import json
import os
import pickle
import re
import sys
import types
from pathlib import Path

import numpy as np

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


def _write_json(path: Path, data) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, path)


def main(workdir: str) -> None:
    work = Path(workdir)
    calls = _load_calls()
    plan = pickle.loads((work / "plan.pkl").read_bytes())
    cells = json.loads((work / "cells.json").read_text(encoding="utf-8"))
    out = work / "out"
    out.mkdir(exist_ok=True)
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
    _write_json(out / "_load.json", {"errors": errors[:5], "refused": sorted(set(finder.refused))[:5]})

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
        with open(out / f"{name}.npz.tmp", "wb") as f:
            np.savez(f, **arrays)
        os.replace(out / f"{name}.npz.tmp", out / f"{name}.npz")
        _write_json(out / f"{name}.json", record)


def _run_quietly(code, namespace, sink) -> None:
    import contextlib

    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        exec(code, namespace)


if __name__ == "__main__":
    main(sys.argv[1])
