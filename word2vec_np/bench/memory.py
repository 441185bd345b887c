"""Peak memory and speed as the corpus grows: word2vec_np (this tree, and optionally an older one) against gensim.

    python -m word2vec_np.bench.memory [--corpus FILE] [--copies 2,16] [--configs cbow-ns]
                                       [--workers 1] [--storage auto,disk] [--old-tree /path/to/old/checkout]
                                       [--gensim-python /path/to/python] [--epochs 1]

The corpus (default: ``/work/shared/corpora/brown-reuters.txt.gz``, 2.35M
tokens) is written ``copies`` times over into a plain-text file in a
temporary directory, once for each size (at least two sizes, e.g. 2 and 16
copies: 8x apart). The vocabulary is the same at every size, so any growth is
the corpus's own. Every measurement is one fresh process run under
``/usr/bin/time -f %M``, which reports the peak resident set size as the
operating system counts it (a mapped file's resident pages included):

* ``new``: ``python -m word2vec_np.train FILE --corpus-storage S`` from this
  tree, for each ``--storage`` S;
* ``old`` (with ``--old-tree DIR``): the same command from another checkout
  (PYTHONPATH=DIR), which has no ``--corpus-storage``;
* ``gensim corpus_file`` and ``gensim LineSentence`` in ``--gensim-python``
  (skipped with a note if gensim cannot be imported there).

The training settings are those of the C tool's defaults for each
configuration (dim 100, window 5, negative 5, sample 1e-3, min_count 5, one
epoch). words/s is training only: word2vec_np's own "trained in" line, and
gensim's ``train`` call timed around it. The reading and encoding time is
word2vec_np's "vocabulary ... (T s)" line, gensim's ``build_vocab``.
Writes a Markdown table to stdout (and with ``--json FILE`` every figure).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..atomic import atomic_write

DEFAULT_CORPUS = "/work/shared/corpora/brown-reuters.txt.gz"
PACKAGE_ROOT = Path(__file__).resolve().parents[2]
CONFIGS = {
    "sg-ns": ("skipgram", "ns"),
    "cbow-ns": ("cbow", "ns"),
    "sg-hs": ("skipgram", "hs"),
    "cbow-hs": ("cbow", "hs"),
}

GENSIM = r"""
import importlib, json, sys, time
spec = json.loads(sys.argv[1])
try:  # importlib: this script runs in gensim's interpreter, and the package itself never imports gensim
    Word2Vec = importlib.import_module("gensim.models").Word2Vec
    LineSentence = importlib.import_module("gensim.models.word2vec").LineSentence
except ImportError as exc:
    print(json.dumps({"error": f"gensim cannot be imported: {exc}"}))
    sys.exit(0)
hs = spec["objective"] == "hs"
model = Word2Vec(vector_size=100, window=5, min_count=5, sample=1e-3, sg=int(spec["arch"] == "skipgram"),
                 hs=int(hs), negative=0 if hs else 5, workers=spec["workers"], epochs=spec["epochs"], seed=1)
t = time.perf_counter()
if spec["input"] == "corpus_file":
    model.build_vocab(corpus_file=spec["corpus"])
else:
    model.build_vocab(LineSentence(spec["corpus"]))
read = time.perf_counter() - t
t = time.perf_counter()
if spec["input"] == "corpus_file":
    model.train(corpus_file=spec["corpus"], total_words=model.corpus_total_words, epochs=spec["epochs"])
else:
    model.train(LineSentence(spec["corpus"]), total_examples=model.corpus_count, epochs=spec["epochs"])
seconds = time.perf_counter() - t
print(json.dumps({"read_seconds": read, "train_seconds": seconds, "words": model.corpus_total_words * spec["epochs"]}))
"""


def _timed(cmd: list[str], env: dict, workdir: Path) -> tuple[int | None, str, str]:
    """Run ``cmd`` under /usr/bin/time -f %M in ``workdir``: (peak RSS in KiB or None, stdout, stderr).

    The working directory matters: ``python -m`` puts it first on ``sys.path``,
    so run from a checkout it would import that checkout's package whatever
    PYTHONPATH names.
    """
    report = workdir / "time.txt"
    timed = ["/usr/bin/time", "-f", "%M", "-o", str(report), *cmd]
    done = subprocess.run(timed, capture_output=True, text=True, env=env, cwd=workdir)
    try:
        peak = int(report.read_text().strip().splitlines()[-1])
    except (OSError, ValueError, IndexError):
        peak = None
    if done.returncode != 0:
        return None, done.stdout, done.stderr[-2000:]
    return peak, done.stdout, done.stderr


def _ours(tree: Path, corpus: Path, arch: str, objective: str, workers: int, epochs: int, storage, workdir) -> dict:
    cmd = [sys.executable, "-m", "word2vec_np.train", str(corpus), "--arch", arch, "--objective", objective,
           "--epochs", str(epochs), "--workers", str(workers), "-q"]  # fmt: skip
    if storage is not None:
        cmd += ["--corpus-storage", storage]
    env = {**os.environ, "PYTHONPATH": str(tree), "OPENBLAS_NUM_THREADS": "1"}
    peak, out, err = _timed(cmd, env, workdir)
    trained = re.search(r"trained in ([\d.]+) s \(([\d,]+) words/s\)", out)
    read = re.search(r"sentences \(([\d.]+) s\)", out)
    if peak is None or trained is None:
        return {"error": (err or out).strip().splitlines()[-1:] or ["failed"]}
    return {"peak_mb": peak / 1024, "words_per_s": float(trained.group(2).replace(",", "")),
            "read_seconds": float(read.group(1)) if read else None}  # fmt: skip


def _gensim(python: str, corpus: Path, arch: str, objective: str, workers: int, epochs: int, how: str, workdir) -> dict:
    spec = {"corpus": str(corpus), "arch": arch, "objective": objective, "workers": workers, "epochs": epochs,
            "input": how}  # fmt: skip
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    peak, out, err = _timed([python, "-c", GENSIM, json.dumps(spec)], env, workdir)
    try:
        result = json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"error": (err or "no output").strip().splitlines()[-1:]}
    if "error" in result or peak is None:
        return {"error": result.get("error", "failed")}
    return {"peak_mb": peak / 1024, "words_per_s": result["words"] / result["train_seconds"],
            "read_seconds": result["read_seconds"]}  # fmt: skip


def _copies(source: str, n: int, path: Path) -> int:
    """Write ``source`` (plain or .gz) ``n`` times over into ``path``; return the tokens written."""
    opener = gzip.open if source.endswith(".gz") else open
    tokens = 0
    with open(path, "wb") as out:
        for _ in range(n):
            with opener(source, "rb") as f:
                shutil.copyfileobj(f, out, 1 << 20)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 24), b""):
            tokens += len(block.split())
    return tokens


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m word2vec_np.bench.memory", description=__doc__.split("\n")[0])
    p.add_argument("--corpus", default=DEFAULT_CORPUS, help="text file (plain or .gz) to repeat")
    p.add_argument("--copies", default="2,16", help="comma-separated numbers of copies: the corpus sizes")
    p.add_argument("--configs", default="cbow-ns", help="comma-separated of " + ",".join(CONFIGS))
    p.add_argument("--workers", default="1", help="comma-separated worker counts")
    p.add_argument("--storage", default="auto,disk", help="comma-separated --corpus-storage values for this tree")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--old-tree", default=None, help="another checkout to compare (its PYTHONPATH root)")
    p.add_argument("--gensim-python", default="/work/gensim-venv/bin/python")
    p.add_argument("--no-gensim", action="store_true")
    p.add_argument("--json", default=None, help="also write every figure to this file")
    return p


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="w2v_np_bench_memory_") as tmp:
        workdir = Path(tmp)
        for n in (int(x) for x in args.copies.split(",")):
            corpus = workdir / f"corpus-{n}.txt"
            tokens = _copies(args.corpus, n, corpus)
            for config in args.configs.split(","):
                arch, objective = CONFIGS[config]
                for w in (int(x) for x in args.workers.split(",")):
                    sides = {}
                    for storage in args.storage.split(","):
                        sides[f"new {storage}"] = _ours(PACKAGE_ROOT, corpus, arch, objective, w, args.epochs,
                                                        storage, workdir)  # fmt: skip
                    if args.old_tree:
                        old = Path(args.old_tree)
                        sides["old"] = _ours(old, corpus, arch, objective, w, args.epochs, None, workdir)
                    if not args.no_gensim:
                        for how in ("corpus_file", "LineSentence"):
                            sides[f"gensim {how}"] = _gensim(args.gensim_python, corpus, arch, objective, w,
                                                             args.epochs, how, workdir)  # fmt: skip
                    row = {"tokens": tokens, "copies": n, "config": config, "workers": w, "sides": sides}
                    rows.append(row)
                    print(_line(row), file=sys.stderr, flush=True)
            corpus.unlink()
    print(table(rows))
    if args.json:
        with atomic_write(args.json, "w") as f:
            f.write(json.dumps(rows, indent=1))
    return 0


def _line(row: dict) -> str:
    parts = [f"{row['tokens'] / 1e6:.1f}M {row['config']} w={row['workers']}"]
    for side, r in row["sides"].items():
        if "error" in r:
            parts.append(f"{side}: {r['error']}")
        else:
            rate, read = r["words_per_s"], r["read_seconds"] or 0
            parts.append(f"{side}: {r['peak_mb']:.0f} MB {rate:,.0f} w/s read {read:.1f} s")
    return " | ".join(parts)


def table(rows: list[dict]) -> str:
    """One Markdown row per size, configuration, worker count and side: peak MB, words/s, read s."""
    lines = ["| tokens | config | workers | side | peak RSS (MB) | words/s | read + count (s) |",
             "| --- | --- | --- | --- | --- | --- | --- |"]  # fmt: skip
    for row in rows:
        for side, r in row["sides"].items():
            if "error" in r:
                cells = ["-", "-", str(r["error"])]
            else:
                read = "-" if r["read_seconds"] is None else f"{r['read_seconds']:.1f}"
                cells = [f"{r['peak_mb']:.0f}", f"{r['words_per_s']:,.0f}", read]
            head = f"| {row['tokens'] / 1e6:.1f}M | {row['config']} | {row['workers']} | {side} | "
            lines.append(head + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
