"""How much memory and time reading a large corpus takes, against a list of str.

    python -m word2vec_np.bench.corpus_memory [--mb 100] [--no-tracemalloc]

Writes a seeded Zipf corpus of about ``--mb`` megabytes (100 MB is about 17M
tokens, the size of text8) to a temporary directory, then runs
``build_vocab`` and ``encode`` on it (two passes) in a fresh Python process,
and ``corpus.load`` (one pass, what training uses) in another, and reports:

* wall time of each step;
* peak resident memory (VmHWM on Linux, else ``resource.getrusage``) above
  the process's size after imports, after each step;
* optionally, the peak of Python's traced allocations (``tracemalloc``)
  during each step, measured in a second fresh process (slower, ~4x);
* what a Python ``list`` of every token as a ``str`` would take, estimated
  as tokens x (8-byte pointer + mean ``sys.getsizeof`` of a token).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

from ..text.corpus import encode, iter_sentences, load
from ..text.vocab import build_vocab
from .zipf import expected_bytes_per_token, write_zipf_corpus

MIN_COUNT = 5


def _peak_rss_bytes() -> int:
    """Peak resident set size of this process so far.

    On Linux this reads VmHWM from /proc/self/status: ``ru_maxrss`` survives
    exec there, so a child started from a large parent would report the
    parent's peak. Elsewhere it is ``resource.getrusage`` (KiB on Linux,
    bytes on macOS).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak) if sys.platform == "darwin" else int(peak) * 1024


def _measure_rss(path: str) -> dict:
    """Run build_vocab then encode, recording time and peak RSS after each (child process)."""
    base = _peak_rss_bytes()
    t0 = time.perf_counter()
    vocab = build_vocab(path, min_count=MIN_COUNT)
    t1 = time.perf_counter()
    rss_vocab = _peak_rss_bytes()
    corpus = encode(path, vocab)
    t2 = time.perf_counter()
    rss_encode = _peak_rss_bytes()
    return {
        "vocab_s": t1 - t0,
        "encode_s": t2 - t1,
        "rss_base": base,
        "rss_vocab": rss_vocab - base,
        "rss_encode": rss_encode - base,
        "V": len(vocab),
        "n_raw": corpus.n_raw_words,
        "n_ids": len(corpus.ids),
        "n_sentences": len(corpus.offsets) - 1,
        "ids_bytes": corpus.ids.nbytes,
        "offsets_bytes": corpus.offsets.nbytes,
    }


def _measure_load(path: str) -> dict:
    """Run the one-pass corpus.load, recording time and peak RSS (child process)."""
    base = _peak_rss_bytes()
    t0 = time.perf_counter()
    vocab, corpus = load(path, min_count=MIN_COUNT)
    seconds = time.perf_counter() - t0
    return {"load_s": seconds, "rss_load": _peak_rss_bytes() - base, "V": len(vocab), "n_ids": len(corpus.ids)}


def _measure_traced(path: str) -> dict:
    """Peak traced Python allocations of build_vocab and of encode (child process)."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    vocab = build_vocab(path, min_count=MIN_COUNT)
    vocab_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    corpus = encode(path, vocab)
    encode_peak = tracemalloc.get_traced_memory()[1] - before
    tracemalloc.stop()
    del corpus
    return {"traced_vocab": vocab_peak, "traced_encode": encode_peak}


def _run_child(mode: str, path: Path) -> dict:
    """Run one measurement in a fresh interpreter, so earlier peaks do not count."""
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = package_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    out = subprocess.run(
        [sys.executable, "-m", "word2vec_np.bench.corpus_memory", "--child", mode, str(path)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _list_of_str_bytes(path: Path, n_tokens: int, sample_tokens: int = 200_000) -> tuple[float, float]:
    """(estimated bytes of list[str] of all tokens, mean bytes of one str object)."""
    sizes: list[int] = []
    for sentence in iter_sentences(path):
        sizes.extend(sys.getsizeof(t) for t in sentence)
        if len(sizes) >= sample_tokens:
            break
    mean_str = float(np.mean(sizes))
    return n_tokens * (8 + mean_str), mean_str


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m word2vec_np.bench.corpus_memory",
        description="Peak memory and time of build_vocab + encode on a generated corpus.",
    )
    parser.add_argument("--mb", type=float, default=100.0, help="corpus size in 10**6 bytes (default 100)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated corpus (default 0)")
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the slower tracemalloc run")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        mode, path = args.child
        measure = {"rss": _measure_rss, "load": _measure_load, "traced": _measure_traced}[mode]
        print(json.dumps(measure(path)))
        return 0

    mb = 1e6
    with tempfile.TemporaryDirectory(prefix="w2v_bench_") as tmp:
        path = Path(tmp) / "zipf.txt"
        n_tokens = int(round(args.mb * mb / expected_bytes_per_token()))
        t0 = time.perf_counter()
        n_bytes = write_zipf_corpus(path, n_tokens, seed=args.seed)
        gen_s = time.perf_counter() - t0
        print(f"corpus: {n_bytes / mb:.1f} MB, {n_tokens:,} Zipf tokens (seed {args.seed}), {gen_s:.1f} s")

        r = _run_child("rss", path)
        one = _run_child("load", path)
        if (one["V"], one["n_ids"]) != (r["V"], r["n_ids"]):
            raise SystemExit("corpus.load and build_vocab + encode disagree; this is a bug")
        traced = None if args.no_tracemalloc else _run_child("traced", path)
        as_list, mean_str = _list_of_str_bytes(path, r["n_raw"])

    print(f"vocabulary: V = {r['V']:,} (min_count {MIN_COUNT})")
    print(f"encoded: {r['n_ids']:,} ids in {r['n_sentences']:,} sentences")
    print(f"process size after imports: {r['rss_base'] / mb:.0f} MB RSS")
    print()
    header = f"{'step':<28}{'time':>9}{'peak RSS increase':>20}"
    header += "" if traced is None else f"{'peak traced':>14}"
    print(header)
    rows = [
        ("build_vocab", r["vocab_s"], r["rss_vocab"], None if traced is None else traced["traced_vocab"]),
        (
            "build_vocab + encode",
            r["vocab_s"] + r["encode_s"],
            r["rss_encode"],
            None if traced is None else traced["traced_encode"],
        ),
    ]
    rows.append(("load (one pass)", one["load_s"], one["rss_load"], None))
    for name, seconds, rss, peak in rows:
        line = f"{name:<28}{seconds:>8.1f}s{rss / mb:>17.0f} MB"
        line += "" if peak is None or traced is None else f"{peak / mb:>11.0f} MB"
        print(line)
    if traced is not None:
        print("(the traced peak of the second row is encode's alone, the vocabulary already built)")
    print()
    ids_mb, offsets_mb = r["ids_bytes"] / mb, r["offsets_bytes"] / mb
    print(f"result arrays: ids {ids_mb:.0f} MB (int32) + offsets {offsets_mb:.1f} MB (int64)")
    print(
        f"a Python list[str] of the {r['n_raw']:,} tokens: ~{as_list / mb:,.0f} MB "
        f"(8-byte pointer + {mean_str:.0f}-byte str object per token)"
    )
    print(
        f"build_vocab on {r['n_raw'] / 1e6:.1f}M tokens: {r['vocab_s']:.1f} s "
        f"({r['n_raw'] / r['vocab_s'] / 1e6:.1f}M tokens/s); encode {r['encode_s']:.1f} s "
        f"({r['n_raw'] / r['encode_s'] / 1e6:.1f}M tokens/s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
