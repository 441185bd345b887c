"""Training speed and peak memory of word2vec_np, next to gensim's, measured in the same run.

    python -m word2vec_np.bench CORPUS [--words N] [--configs sg-ns,cbow-ns,sg-hs,cbow-hs,sg-softmax-smallvocab]
                                       [--epochs 5] [--gensim-python PATH] [--blas-threads 1]
    python -m word2vec_np.bench CORPUS --quality --analogies questions-words.txt --pairs wordsim353.tsv
                                       [--method fast] [--batch-size 256] [--cbow-negatives shared]
    python -m word2vec_np.bench CORPUS --c-tool /path/to/word2vec    # the original C tool as a third side
    python -m word2vec_np.bench CORPUS --workers 1,2 [--c-tool ...]   # every side at 1 and at 2 workers
    python -m word2vec_np.bench CORPUS --workers 1,2 --repeat 3       # three runs: medians, ranges, targets met

CORPUS is a text file (one sentence per line, .gz/.bz2 fine) or ``zipf``: a
seeded Zipf-distributed corpus of ``--words`` tokens (default 17M, the size
of text8) written to a temporary directory. With a real file, ``--words N``
keeps its first N tokens (whole lines).

Every configuration runs in its own fresh process, so its peak resident
memory (``ru_maxrss``) is its own: first word2vec_np (``train_arrays``,
method "fast" unless ``--method`` says otherwise; ``--batch-size`` and
``--cbow-negatives`` also set word2vec_np's side only), then gensim with the same corpus and settings (dim 100,
window 5, negative 5, sample 1e-3, min_count 5, the same alpha, one worker),
in the interpreter given by ``--gensim-python`` (default: this one). gensim
is never imported by word2vec_np: it runs in a subprocess, and the run goes
on without it (with a note) if it cannot be imported there.

Both sides are timed the same way, training only (not reading the corpus or
building the vocabulary): words/s = raw corpus tokens per epoch x epochs /
training seconds (wall clock), with the CPU-time rate beside it, which is
steadier on a shared machine. gensim gets the corpus as an in-memory list of
sentences, so its time holds no file reading either. Both processes start
with ``--blas-threads`` BLAS threads (default 1: one worker against one
worker); word2vec_np trains on one BLAS thread whatever the setting
(:mod:`word2vec_np.engine.blas`). The ratio column is word2vec_np / gensim, both from this run.

``--c-tool PATH`` adds the original C tool (its ``word2vec`` binary) as a
third side with the same settings and one thread. It is timed from outside:
its vocabulary is built and saved by a first run that trains nothing, and the
timed second run reads it back (``-read-vocab``), so its time holds its
training, which streams the plain-text corpus from disk as the tool always
does (a .gz/.bz2 corpus is unpacked for it first). It runs inside a small
Python wrapper process, whose children's ``ru_maxrss`` is the tool's peak
memory. It has no full softmax, and it cuts sentences at 1,000 words, where
word2vec_np and gensim cut at 10,000.

``--workers 1,2`` runs every configuration at each worker count: word2vec_np
with ``workers=N``, gensim with ``workers=N`` and the C tool with ``-threads N``.
The table then shows, per configuration and worker count, the ratio to
gensim at the same count, the scaling of each side (words/s at N over words/s
at 1, same run), and word2vec_np's memory of all its processes together: the
peak of the summed proportional set sizes (PSS) of the process and its
workers, sampled every 250 ms (:class:`TreeMemory`), against the same figure
at 1 worker. gensim and the C tool are single processes; their peak RSS is
shown as before. The CPU-time rate of word2vec_np counts its workers' CPU.

``--repeat R`` measures every configuration R times, its worker counts one
after the other each time, so that a scaling always divides two rates
measured minutes apart at most; a last table gives, per configuration and
worker count, the median over the runs, the lowest and highest, and in how
many runs each target was met.

``--quality`` also evaluates every model with word2vec_np.vectors.evaluation (the same
code for all): analogy accuracy (3CosAdd, restricted to the 30,000 most
frequent words) and Spearman's rho on each pairs file.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from ..atomic import atomic_write
from ..cli import CommandParser, user_error
from ..errors import ConfigError, CorpusNotFoundError, Word2VecError

#: name -> (arch, objective, max_vocab_size); the softmax runs on a small vocabulary (O(V) per example).
CONFIGS = {
    "sg-ns": ("skipgram", "ns", None),
    "cbow-ns": ("cbow", "ns", None),
    "sg-hs": ("skipgram", "hs", None),
    "cbow-hs": ("cbow", "hs", None),
    "sg-softmax-smallvocab": ("skipgram", "softmax", 1000),
}
#: The issue's targets: word2vec_np words/s at least this fraction of gensim's (None: no gensim counterpart).
TARGETS = {"sg-ns": 0.8, "cbow-ns": 0.5, "sg-hs": 0.5, "cbow-hs": 0.5, "sg-softmax-smallvocab": None}
#: Tokens the softmax configuration trains on at most (one epoch), so that it ends in seconds.
SOFTMAX_WORDS = 300_000
SETTINGS = dict(dim=100, window=5, negative=5, sample=1e-3, min_count=5)

# The gensim side, run as ``python -c GENSIM_WORKER SPEC`` in --gensim-python, a separate interpreter.
# Kept as text so that word2vec_np never imports gensim; the worker loads it by name.
GENSIM_WORKER = r"""
import importlib, json, resource, sys, time
spec = json.loads(sys.argv[1])
try:
    gensim = importlib.import_module("gensim")
    Word2Vec = importlib.import_module("gensim.models").Word2Vec
    LineSentence = importlib.import_module("gensim.models.word2vec").LineSentence
except ImportError as exc:
    print(json.dumps({"error": f"gensim cannot be imported: {exc}"}))
    sys.exit(0)
sentences = [list(s) for s in LineSentence(spec["corpus"])]
raw = sum(len(s) for s in sentences)
hs = spec["objective"] == "hs"
model = Word2Vec(
    vector_size=spec["dim"], window=spec["window"], min_count=spec["min_count"], sample=spec["sample"],
    sg=int(spec["arch"] == "skipgram"), hs=int(hs), negative=0 if hs else spec["negative"],
    alpha=spec["alpha"], min_alpha=spec["alpha"] * 1e-4, workers=spec.get("workers", 1), epochs=spec["epochs"],
    seed=spec["seed"],
)
model.build_vocab(sentences)
wall, cpu = time.perf_counter(), time.process_time()
model.train(sentences, total_examples=len(sentences), epochs=spec["epochs"])
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
out = {"train_seconds": wall, "cpu_seconds": cpu, "raw_words": raw, "vocab": len(model.wv),
       "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "version": gensim.__version__}
if spec.get("save"):
    import numpy as np
    np.save(spec["save"] + ".npy", model.wv.vectors)
    with open(spec["save"] + ".words", "w", encoding="utf-8") as f:
        f.write("\n".join(model.wv.index_to_key))
print(json.dumps(out))
"""


# The C tool side, run as ``python -c C_TOOL_WORKER SPEC`` so that the wrapper's only children are the tool's
# two runs, and RUSAGE_CHILDREN is theirs alone.
C_TOOL_WORKER = r"""
import json, os, resource, subprocess, sys, time
spec = json.loads(sys.argv[1])
tool, work = spec["c_tool"], spec["work"]
hs = spec["objective"] == "hs"
vocab = ["-train", spec["plain_corpus"], "-min-count", str(spec["min_count"])]
train = vocab + [
    "-read-vocab", work + ".vocab", "-output", work + ".bin", "-binary", "1", "-threads", str(spec.get("workers", 1)),
    "-size", str(spec["dim"]), "-window", str(spec["window"]), "-sample", repr(spec["sample"]),
    "-cbow", str(int(spec["arch"] == "cbow")), "-hs", str(int(hs)), "-negative", "0" if hs else str(spec["negative"]),
    "-alpha", repr(spec["alpha"]), "-iter", str(spec["epochs"]),
]
def call(args):
    done = subprocess.run([tool] + args, capture_output=True, text=True, errors="replace")
    if done.returncode != 0:  # the tool prints its errors (and its progress, ended by carriage returns) to stdout
        tail = [t.strip() for t in (done.stdout + done.stderr).replace("\r", "\n").splitlines() if t.strip()]
        tail = tail[-1:] or ["no output"]
        print(json.dumps({"error": f"the C tool exited with code {done.returncode}: {tail[0]}"}))
        sys.exit(0)
call(vocab + ["-save-vocab", work + ".vocab"])  # no -output: the tool builds the vocabulary and stops
before = resource.getrusage(resource.RUSAGE_CHILDREN)
wall = time.perf_counter()
call(train)
wall = time.perf_counter() - wall
if not os.path.isfile(work + ".bin"):
    print(json.dumps({"error": "the C tool wrote no vectors file; is --c-tool the word2vec binary?"}))
    sys.exit(0)
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
print(json.dumps({"train_seconds": wall, "cpu_seconds": cpu, "peak_rss_mb": after.ru_maxrss / 1024}))
"""


def alpha_for(arch: str) -> float:
    """The C tool's default learning rate (gensim gets the same): 0.025 skip-gram, 0.05 CBOW."""
    return 0.025 if arch == "skipgram" else 0.05


# --------------------------------------------------------------------------- the word2vec_np worker


def _ours(spec: dict) -> dict:
    """Load, train and time one configuration in this (fresh) process; return the measurements."""
    import numpy as np

    from ..engine.config import TrainConfig
    from ..engine.training import train_arrays
    from ..text.corpus import load

    t = time.perf_counter()
    vocab, corpus = load(spec["corpus"], min_count=spec["min_count"], max_vocab_size=spec["max_vocab_size"])
    load_seconds = time.perf_counter() - t
    config = TrainConfig(
        arch=spec["arch"],
        objective=spec["objective"],
        dim=spec["dim"],
        window=spec["window"],
        negative=spec["negative"],
        sample=spec["sample"],
        min_count=spec["min_count"],
        max_vocab_size=spec["max_vocab_size"],
        epochs=spec["epochs"],
        alpha=spec["alpha"],
        seed=spec["seed"],
        method=spec.get("method", "fast"),
        batch_size=spec.get("batch_size", TrainConfig.batch_size),
        cbow_negatives=spec.get("cbow_negatives", TrainConfig.cbow_negatives),
        workers=spec.get("workers", 1),
    )
    cpu = _cpu_with_children()
    with TreeMemory() as memory:
        W_in, _, history = train_arrays(vocab, corpus, config)
    cpu = _cpu_with_children() - cpu
    out = {
        "train_seconds": float(sum(history.epoch_seconds)),
        "cpu_seconds": cpu,
        "raw_words": int(corpus.n_raw_words),
        "vocab": len(vocab),
        "load_seconds": load_seconds,
        "final_loss": history.epoch_loss[-1],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    if memory.peak_mb is not None:
        out["peak_pss_mb"] = memory.peak_mb
    if spec.get("save"):
        np.save(spec["save"] + ".npy", W_in)
        Path(spec["save"] + ".words").write_text("\n".join(vocab.words), encoding="utf-8")
    return out


def _cpu_with_children() -> float:
    """CPU seconds of this process and of its children that have ended (the worker processes)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


class TreeMemory:
    """The peak memory of this process and all its descendants together, sampled while the block runs.

    Each process's proportional set size (PSS, /proc/PID/smaps_rollup): its private pages plus its share
    of every page it shares, so the shared matrices and corpus count once, not once per worker (summing
    RSS would count them N + 1 times). Linux only; elsewhere ``peak_mb`` stays None.
    """

    def __init__(self, every: float = 0.25):
        self.every, self.peak_mb = every, None
        self._stop = threading.Event()

    def __enter__(self) -> TreeMemory:
        if _pss_kb(os.getpid()) is not None:
            self.peak_mb = 0.0
            self._thread = threading.Thread(target=self._sample, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.peak_mb is not None:
            self._stop.set()
            self._thread.join()

    def _sample(self) -> None:
        while True:
            total = sum(_pss_kb(pid) or 0 for pid in _tree(os.getpid()))
            self.peak_mb = max(self.peak_mb, total / 1024)
            if self._stop.wait(self.every):
                return


def _pss_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (from /proc/PID/task/TID/children)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            continue
    return out


# --------------------------------------------------------------------------- running and reporting


def _env(blas_threads: int) -> dict:
    env = dict(os.environ)
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = str(blas_threads)
    return env


def _run(cmd: list[str], env: dict) -> dict:
    """Run one worker process and parse the JSON line it prints last."""
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    except OSError as exc:  # e.g. --gensim-python names no interpreter
        return {"error": f"cannot run {cmd[0]}: {exc.strerror or exc}"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        return {"error": f"exit code {done.returncode}: {tail[0]}"}
    return json.loads(lines[-1])


def _prepare_corpus(corpus: str, words: int | None, workdir: Path) -> Path:
    """The corpus file to train on: the file itself, its first ``words`` tokens, or a Zipf corpus."""
    if corpus == "zipf":
        from .zipf import write_zipf_corpus

        path = workdir / "zipf.txt"
        write_zipf_corpus(path, words or 17_000_000)
        return path
    from ..text.corpus import iter_sentences

    source = Path(corpus)
    if not source.exists():
        raise CorpusNotFoundError(f"corpus {corpus!r} not found; give a text file or 'zipf'")
    if words is None:
        return source
    return _head(iter_sentences(source), words, workdir / "head.txt")


def _head(sentences, words: int, path: Path) -> Path:
    """Write whole sentences until ``words`` tokens are written."""
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for sentence in sentences:
            if n >= words:
                break
            f.write(" ".join(sentence) + "\n")
            n += len(sentence)
    return path


def _rate(result: dict, key: str, epochs: int) -> float | None:
    if "error" in result or not result.get(key) or "raw_words" not in result:
        return None  # (the C tool's token count comes from word2vec_np's side)
    return result["raw_words"] * epochs / result[key]


def _fmt_rate(x: float | None) -> str:
    return "-" if x is None else f"{x / 1000:,.0f}k"


def _fmt_ratio(a: float | None, b: float | None) -> str:
    return "-" if a is None or b is None else f"{a / b:.2f}x"


def _plain_text(corpus: Path, workdir: Path) -> Path:
    """The corpus as a plain text file for the C tool, which cannot read .gz or .bz2."""
    if corpus.suffix not in (".gz", ".bz2"):
        return corpus
    from ..text.corpus import iter_sentences

    return _head(iter_sentences(corpus), float("inf"), workdir / "plain.txt")


def _saved_vectors(save: str, side: str):
    """The vectors a side saved: .npy + .words (word2vec_np, gensim) or the C tool's binary file."""
    import numpy as np

    from ..vectors.files import load_vectors
    from ..vectors.vectors import Vectors

    if side == "c_tool":
        return load_vectors(save + ".bin")
    words = Path(save + ".words").read_text(encoding="utf-8").split("\n")
    return Vectors(words, np.load(save + ".npy"))


def _evaluate(vectors, analogies: str | None, pairs: list[str]) -> dict:
    from ..vectors.evaluation import evaluate_analogies, evaluate_word_pairs

    out = {}
    if analogies:
        out["analogy"] = evaluate_analogies(vectors, analogies, restrict_vocab=30_000).accuracy
    for p in pairs:
        out[Path(p).name] = evaluate_word_pairs(vectors, p).spearman
    return out


def run(args: argparse.Namespace) -> list[dict]:
    """Run every configuration (ours, then gensim) and return one row per configuration."""
    names = [n.strip() for n in args.configs.split(",") if n.strip()]
    unknown = [n for n in names if n not in CONFIGS]
    if unknown:
        raise ConfigError(f"unknown configuration(s) {', '.join(unknown)}; choose from {', '.join(CONFIGS)}")
    env = _env(args.blas_threads)
    rows = []
    with tempfile.TemporaryDirectory(prefix="w2v-bench-") as tmp:
        workdir = Path(tmp)
        corpus = _prepare_corpus(args.corpus, args.words, workdir)
        plain = _plain_text(corpus, workdir) if args.c_tool else None
        small = None
        for name in names:
            arch, objective, max_vocab = CONFIGS[name]
            path, epochs = corpus, args.epochs
            if objective == "softmax":
                from ..text.corpus import iter_sentences

                small = small or _head(iter_sentences(corpus), SOFTMAX_WORDS, workdir / "softmax.txt")
                path, epochs = small, 1
            spec = dict(
                SETTINGS,
                corpus=str(path),
                arch=arch,
                objective=objective,
                max_vocab_size=max_vocab,
                epochs=epochs,
                alpha=alpha_for(arch),
                seed=args.seed,
            )
            for repeat in range(1, args.repeat + 1):  # a configuration's worker counts side by side in time
                for n in args.worker_counts:
                    row = _run_config(args, name, spec, path, epochs, n, workdir, env, plain, objective)
                    rows.append(dict(row, repeat=repeat))
                    print(_row_text(rows[-1], args.repeat), file=sys.stderr, flush=True)
    return rows


def _run_config(args, name, spec, path, epochs, n, workdir, env, plain, objective) -> dict:
    """One row: one configuration at ``n`` workers (gensim's workers, the C tool's threads), every side."""
    spec = dict(spec, workers=n)
    row = {"config": name, "epochs": epochs, "corpus": str(path), "workers": n}
    key = f"{name}-w{n}"
    ours_spec = dict(
        spec,
        save=str(workdir / f"{key}-ours") if args.quality else None,
        method=args.method,
        batch_size=args.batch_size,
        cbow_negatives=args.cbow_negatives,
    )
    row["ours"] = _run([sys.executable, "-m", "word2vec_np.bench.speed", "--worker", json.dumps(ours_spec)], env)
    if objective == "softmax":
        row["gensim"] = {"error": "gensim has no full softmax"}
    else:
        gensim_spec = dict(spec, save=str(workdir / f"{key}-gensim") if args.quality else None)
        peer = args.gensim_python or sys.executable
        row["gensim"] = _run([peer, "-c", GENSIM_WORKER, json.dumps(gensim_spec)], env)
    if args.c_tool and objective == "softmax":
        row["c_tool"] = {"error": "the C tool has no full softmax"}
    elif args.c_tool:
        work = str(workdir / f"{key}-c_tool")
        tool = os.path.abspath(args.c_tool)  # a bare name would be looked up on PATH
        tool_spec = dict(spec, c_tool=tool, plain_corpus=str(plain), work=work)
        row["c_tool"] = _run([sys.executable, "-c", C_TOOL_WORKER, json.dumps(tool_spec)], env)
        if "error" not in row["c_tool"] and "raw_words" in row["ours"]:
            row["c_tool"]["raw_words"] = row["ours"]["raw_words"]  # the same tokens, counted once
    if args.quality:
        for side in _sides(args):
            if "error" not in row[side]:
                try:
                    vectors = _saved_vectors(str(workdir / f"{key}-{side}"), side)
                except Word2VecError as exc:  # e.g. --c-tool names another program that wrote something
                    row[side]["quality_error"] = f"its vectors cannot be evaluated: {exc}"
                    continue
                row[side]["quality"] = _evaluate(vectors, args.analogies, args.pairs)
    return row


def _sides(args: argparse.Namespace) -> tuple[str, ...]:
    """The sides every row has: word2vec_np, gensim, and the C tool when --c-tool was given."""
    return ("ours", "gensim", "c_tool") if args.c_tool else ("ours", "gensim")


#: How the report names each side.
SIDE_NAMES = {"ours": "word2vec_np", "gensim": "gensim", "c_tool": "C tool"}


def _row_text(row: dict, repeats: int = 1) -> str:
    ours, theirs = row["ours"], row["gensim"]
    e = row["epochs"]
    a, b = _rate(ours, "train_seconds", e), _rate(theirs, "train_seconds", e)
    run = f" (run {row['repeat']} of {repeats})" if repeats > 1 else ""
    text = f"{row['config']}, {row['workers']} worker(s){run}: word2vec_np {_fmt_rate(a)} words/s, gensim {_fmt_rate(b)} words/s, {_fmt_ratio(a, b)}"
    if "c_tool" in row:
        c = _rate(row["c_tool"], "train_seconds", e)
        text += f"; C tool {_fmt_rate(c)} words/s, {_fmt_ratio(a, c)}"
    return text


def table(rows: list[dict], args: argparse.Namespace) -> str:
    """The Markdown table of a run, with notes for whatever could not run."""
    tool = bool(args.c_tool)
    repeated = args.repeat > 1
    head = (
        ("| run " if repeated else "")
        + "| config | epochs | word2vec_np words/s | gensim words/s | ratio | target | ratio (CPU time) "
        "| word2vec_np peak RSS | gensim peak RSS |"
        + (" C tool words/s | ratio to the C tool | C tool peak RSS |" if tool else "")
        + "\n"
        + "| --- " * ((12 if tool else 9) + repeated)
        + "|\n"
    )
    lines, notes = [], []
    for row in rows:
        ours, theirs, e = row["ours"], row["gensim"], row["epochs"]
        a, b = _rate(ours, "train_seconds", e), _rate(theirs, "train_seconds", e)
        ac, bc = _rate(ours, "cpu_seconds", e), _rate(theirs, "cpu_seconds", e)
        target = TARGETS[row["config"]]
        line = (
            (f"| {row['repeat']} " if repeated else "")
            + f"| {row['config']} | {e} | {_fmt_rate(a)} | {_fmt_rate(b)} | {_fmt_ratio(a, b)} | "
            f"{'-' if target is None else f'>= {target}x'} | {_fmt_ratio(ac, bc)} | "
            f"{_fmt_rss(ours)} | {_fmt_rss(theirs)} |"
        )
        if tool:
            c = _rate(row["c_tool"], "train_seconds", e)
            line += f" {_fmt_rate(c)} | {_fmt_ratio(a, c)} | {_fmt_rss(row['c_tool'])} |"
        lines.append(line)
        for side in _sides(args):
            for key in ("error", "quality_error"):
                if key in row[side]:
                    notes.append(f"- {row['config']}, {SIDE_NAMES[side]}: {row[side][key]}")
    first = next((r for r in rows if "error" not in r["ours"]), None)
    about = []
    if first:
        about.append(
            f"Corpus {args.corpus}: {first['ours']['raw_words']:,} tokens, vocabulary {first['ours']['vocab']:,} "
            f"(read and encoded in {first['ours']['load_seconds']:.1f} s). BLAS threads: {args.blas_threads}."
        )
    if any(r["config"] == "sg-softmax-smallvocab" for r in rows):
        about.append(
            f"sg-softmax-smallvocab: the first {SOFTMAX_WORDS:,} tokens, 1000-word vocabulary, one epoch, "
            "exact minibatch path."
        )
    version = next((r["gensim"].get("version") for r in rows if "version" in r["gensim"]), None)
    if version:
        about.append(f"gensim {version}, {_counted(args.worker_counts, 'worker')}.")
    if tool:
        about.append(f"C tool: {args.c_tool}, {_counted(args.worker_counts, 'thread')}.")
    if args.worker_counts != [1]:
        head, lines = _workers_head(tool, repeated), [_workers_line(row, rows, tool, repeated) for row in rows]
    text = "\n".join(about) + "\n\n" + head + "\n".join(lines) + "\n"
    if repeated:
        text += "\n" + summary_table(rows, args)
    if notes:
        text += "\n" + "\n".join(notes) + "\n"
    if args.quality:
        text += "\n" + quality_table(rows, args)
    return text


def _counted(counts: list[int], noun: str) -> str:
    return f"{counts[0]} {noun}" if counts == [1] else f"{', '.join(map(str, counts))} {noun}s"


#: The issue's targets with workers: word2vec_np at N workers against gensim at N workers.
WORKER_TARGETS = {"sg-ns": 1.0, "cbow-ns": 0.5, "sg-hs": 0.5, "cbow-hs": 0.5, "sg-softmax-smallvocab": None}
#: ... and word2vec_np at N workers against itself at 1: words/s at least this many times, memory at most.
SCALING_TARGET, MEMORY_TARGET = 1.7, 1.5


def _workers_head(tool: bool, repeated: bool = False) -> str:
    cells = ["run"] if repeated else []
    cells += [
        "config", "workers", "word2vec_np words/s", "gensim words/s", "ratio", "target",
        "word2vec_np scaling", "gensim scaling", "word2vec_np memory, all processes", "memory vs 1 worker",
        "gensim peak RSS",
    ]  # fmt: skip
    if tool:
        cells += ["C tool words/s", "ratio to the C tool", "C tool scaling"]
    return "| " + " | ".join(cells) + " |\n" + "| --- " * len(cells) + "|\n"


def _one_worker(row: dict, rows: list[dict]) -> dict | None:
    """The row of the same configuration at 1 worker, from the same run (--repeat)."""
    same = (row["config"], row.get("repeat", 1), 1)
    return next((r for r in rows if (r["config"], r.get("repeat", 1), r["workers"]) == same), None)


def _workers_line(row: dict, rows: list[dict], tool: bool, repeated: bool = False) -> str:
    """One row of the workers table; scaling and memory are against the same configuration at 1 worker."""
    e, n = row["epochs"], row["workers"]
    one = _one_worker(row, rows)

    def rate(r, side):
        return None if r is None else _rate(r[side], "train_seconds", e)

    a, b = rate(row, "ours"), rate(row, "gensim")
    target = (WORKER_TARGETS if n > 1 else TARGETS)[row["config"]]
    pss, pss1 = row["ours"].get("peak_pss_mb"), (one or {}).get("ours", {}).get("peak_pss_mb")
    cells = [str(row["repeat"])] if repeated else []
    cells += [
        row["config"], str(n), _fmt_rate(a), _fmt_rate(b), _fmt_ratio(a, b),
        "-" if target is None else f">= {target}x", _fmt_ratio(a, rate(one, "ours")),
        _fmt_ratio(b, rate(one, "gensim")), "-" if pss is None else f"{pss:,.0f} MB", _fmt_ratio(pss, pss1),
        _fmt_rss(row["gensim"]),
    ]  # fmt: skip
    if tool:
        c = rate(row, "c_tool")
        cells += [_fmt_rate(c), _fmt_ratio(a, c), _fmt_ratio(c, rate(one, "c_tool"))]
    return "| " + " | ".join(cells) + " |"


def summary_table(rows: list[dict], args: argparse.Namespace) -> str:
    """Per configuration and worker count, the median over the runs of --repeat, its range, and
    in how many runs each target was met: the ratio to gensim, and at N workers each side's scaling
    and word2vec_np's memory against 1 worker (each from pairs measured in the same run)."""
    head = ["config", "workers", "ratio to gensim", "target met", "word2vec_np scaling", "gensim scaling"]
    head += ["memory vs 1 worker", "scaling and memory targets met"]
    lines = ["| " + " | ".join(head) + " |", "| --- " * len(head) + "|"]
    keys = list(dict.fromkeys((r["config"], r["workers"]) for r in rows))
    for config, n in keys:
        runs = [r for r in rows if (r["config"], r["workers"]) == (config, n)]
        e = runs[0]["epochs"]
        ones = [_one_worker(r, rows) for r in runs]
        ratio = [_quotient(_rate(r["ours"], "train_seconds", e), _rate(r["gensim"], "train_seconds", e)) for r in runs]
        target = (WORKER_TARGETS if n > 1 else TARGETS)[config]
        cells = [config, str(n), _spread(ratio, "x"), _met(ratio, lambda x: target is None or x >= target)]
        if n > 1:
            scaling = {
                side: [_quotient(_rate(r[side], "train_seconds", e), _rate(o[side], "train_seconds", e) if o else None)
                       for r, o in zip(runs, ones)]  # fmt: skip
                for side in ("ours", "gensim")
            }
            memory = [_quotient(r["ours"].get("peak_pss_mb"), (o or {}).get("ours", {}).get("peak_pss_mb"))
                      for r, o in zip(runs, ones)]  # fmt: skip
            both = [None if s is None or m is None else (s >= SCALING_TARGET and m <= MEMORY_TARGET)
                    for s, m in zip(scaling["ours"], memory)]  # fmt: skip
            cells += [_spread(scaling["ours"], "x"), _spread(scaling["gensim"], "x"), _spread(memory, "x")]
            cells += [_met(both, bool) + f" (>= {SCALING_TARGET}x and <= {MEMORY_TARGET}x)"]
        else:
            cells += ["-", "-", "-", "-"]
        lines.append("| " + " | ".join(cells) + " |")
    return (
        f"Over {args.repeat} runs: the median, then the lowest and highest, and in how many runs the target was met.\n\n"
        + "\n".join(lines)
        + "\n"
    )


def _quotient(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def _spread(values: list, unit: str) -> str:
    """'0.62x (0.58-0.71x)': the median of the values measured, then their range."""
    xs = sorted(v for v in values if v is not None)
    if not xs:
        return "-"
    median = xs[len(xs) // 2] if len(xs) % 2 else (xs[len(xs) // 2 - 1] + xs[len(xs) // 2]) / 2
    return f"{median:.2f}{unit} ({xs[0]:.2f}-{xs[-1]:.2f}{unit})"


def _met(values: list, test) -> str:
    """'3 of 3': in how many of the runs that measured a value the test holds."""
    measured = [v for v in values if v is not None]
    return f"{sum(bool(test(v)) for v in measured)} of {len(measured)}" if measured else "-"


def _fmt_rss(result: dict) -> str:
    return "-" if "error" in result or "peak_rss_mb" not in result else f"{result['peak_rss_mb']:,.0f} MB"


def quality_table(rows: list[dict], args: argparse.Namespace) -> str:
    keys = (["analogy"] if args.analogies else []) + [Path(p).name for p in args.pairs]
    sides = _sides(args)
    head = "| config | " + " | ".join(f"{k} {SIDE_NAMES[side]}" for k in keys for side in sides) + " |\n"
    head += "| --- |" + " --- |" * (len(keys) * len(sides)) + "\n"
    lines = []
    for row in rows:
        cells = []
        for k in keys:
            for side in sides:
                v = row[side].get("quality", {}).get(k)
                cells.append("-" if v is None else (f"{100 * v:.2f}%" if k == "analogy" else f"{v:.3f}"))
        label = row["config"] if args.worker_counts == [1] else f"{row['config']}, {row['workers']} workers"
        label += f", run {row['repeat']}" if args.repeat > 1 else ""
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return (
        "Quality (analogy accuracy: 3CosAdd over the 30,000 most frequent words; pairs: Spearman rho)\n\n"
        + head
        + "\n".join(lines)
        + "\n"
    )


def build_parser() -> argparse.ArgumentParser:
    p = CommandParser(
        prog="python -m word2vec_np.bench",
        description="Words/s and peak memory of word2vec_np and gensim on the same corpus, in one run.",
    )
    p.add_argument("corpus", nargs="?", help="text file (one sentence per line; .gz/.bz2 fine) or 'zipf'")
    p.add_argument("--words", type=int, default=None, help="use the first N tokens (zipf: generate N tokens)")
    p.add_argument("--configs", default="sg-ns,cbow-ns,sg-hs,cbow-hs,sg-softmax-smallvocab")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--gensim-python", default=None, help="interpreter that has gensim (default: this one)")
    p.add_argument("--blas-threads", type=int, default=1, help="BLAS threads each side starts with (word2vec_np trains on one whatever this says)")
    p.add_argument(
        "--workers",
        default="1",
        metavar="N[,N...]",
        help="worker counts to run each configuration at: word2vec_np's workers, gensim's workers and the C "
        "tool's threads (e.g. 1,2)",
    )
    p.add_argument(
        "--method",
        choices=("fast", "minibatch", "reference"),
        default="fast",
        help="word2vec_np's training method (gensim and the C tool are unaffected)",
    )
    p.add_argument(
        "--batch-size", type=int, default=256, help="word2vec_np's batch size (gensim and the C tool are unaffected)"
    )
    p.add_argument(
        "--cbow-negatives",
        choices=("shared", "window"),
        default="shared",
        help="word2vec_np's CBOW NS negatives: shared by 4 windows, or drawn per window "
        "(gensim and the C tool are unaffected)",
    )
    p.add_argument(
        "--c-tool",
        default=None,
        metavar="PATH",
        help="the original C tool's word2vec binary, run as a third side with the same settings (optional)",
    )
    p.add_argument("--quality", action="store_true", help="also evaluate every model")
    p.add_argument("--analogies", default=None, help="analogy file for --quality (questions-words format)")
    p.add_argument("--pairs", action="append", default=[], help="word-pairs file for --quality (repeatable)")
    p.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="R",
        help="measure every configuration R times (its worker counts side by side each time) and add a table "
        "of medians and ranges",
    )
    p.add_argument("--json", default=None, help="also write every measurement to this JSON file")
    p.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.worker is not None:  # one configuration, in a fresh process
        print(json.dumps(_ours(json.loads(args.worker))))
        return 0
    try:
        return _main(args)
    except Word2VecError as exc:
        return user_error(exc, debug=False)


def _worker_counts(text: str) -> list[int]:
    """'1,2' -> [1, 2]; ConfigError unless every count is a whole number of at least 1."""
    try:
        counts = [int(t) for t in text.split(",") if t.strip()]
    except ValueError:
        counts = []
    if not counts or min(counts) < 1:
        raise ConfigError(f"--workers must be worker counts of at least 1 separated by commas (e.g. 1,2), got {text!r}")
    return sorted(set(counts))


def _main(args: argparse.Namespace) -> int:
    if args.corpus is None:
        raise ConfigError("give a CORPUS (a text file, or 'zipf' for a synthetic one)")
    if args.quality and not (args.analogies or args.pairs):
        raise ConfigError("--quality needs --analogies FILE and/or --pairs FILE")
    if args.epochs < 1:
        raise ConfigError("--epochs must be at least 1")
    if args.batch_size < 1:
        raise ConfigError("--batch-size must be at least 1")
    if args.repeat < 1:
        raise ConfigError(f"--repeat must be at least 1, got {args.repeat}")
    args.worker_counts = _worker_counts(args.workers)
    if args.c_tool is not None and not (os.path.isfile(args.c_tool) and os.access(args.c_tool, os.X_OK)):
        raise ConfigError(
            f"--c-tool {args.c_tool!r} is not an executable file; give the path of the original tool's word2vec binary"
        )
    rows = run(args)
    print(table(rows, args))
    if args.json:
        with atomic_write(args.json, "w") as f:
            f.write(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
