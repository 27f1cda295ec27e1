"""End-to-end benchmark of `kg build` on a synthetic corpus, in one run, figures to output/bench.json.

    python scripts/bench.py --quick          # 100 notices files, well under a minute
    python scripts/bench.py                  # 100, 1k and 10k files

For each size, a fresh process generates the corpus (tests.synth, seeded), builds it, rebuilds it
unchanged, counts the statements per notice and the bytes the build left in its folder per input
character, times every saved query (queries/*.rq) on the built store, and runs the baseline: a
blank spaCy zh pipeline with the jieba segmenter over the same texts (nlp.pipe, one process),
and, for reference, the making of the pipeline's own Docs alone (no component run).
This process samples the memory of that process and its workers together, so the peak RSS is
the whole build's. Throughput is characters of input text per second of wall time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.synth makes the corpus
STAGES = ("read", "normalize", "split", "extract", "assemble", "validate", "store", "write", "sinks")
QUERY_RUNS = 20
# A query slower than this is timed on 3 runs, not QUERY_RUNS, so a slow one cannot stall the run.
SLOW_QUERY_MS = 1000


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(size: int, folder: Path, workers: int | None, seed: int) -> dict:
    """Everything measured on one corpus size, inside the process the parent samples."""
    import pyoxigraph as ox

    from kg.build.run import build
    from kg.explore.site import SITE
    from kg.query.sparql import run_query, saved_queries
    from tests.synth import synth_corpus

    inputs = folder / "in"
    inputs.mkdir()
    chars = 0
    for f in synth_corpus(size, seed):
        (inputs / f.name).write_bytes(f.data)
        chars += len(f.text)
    out = folder / "out"
    start = time.perf_counter()
    report = build([inputs], out, workers=workers, sinks=[SITE])
    fresh = time.perf_counter() - start
    start = time.perf_counter()
    again = build([inputs], out, workers=workers, sinks=[SITE])
    unchanged = time.perf_counter() - start
    assert again.up_to_date
    written = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())

    db = ox.Store.read_only(str(out / "store"))
    queries = {}
    for name, sparql in saved_queries().items():
        t = time.perf_counter()
        run_query(db, sparql)
        runs = QUERY_RUNS if (time.perf_counter() - t) * 1000 < SLOW_QUERY_MS else 3
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            run_query(db, sparql)
            times.append((time.perf_counter() - t) * 1000)
        queries[name] = {"p50_ms": statistics.median(times), "p95_ms": percentile(times, 0.95)}
    every = [q["p95_ms"] for q in queries.values()]
    texts = [f.text for f in synth_corpus(size, seed)]
    return {
        "files": size,
        "notices": report.notices,
        "failed_files": len(report.failed),
        "violations": len(report.violations),
        "chars": chars,
        "quads": len(db),
        "statements_per_notice": len(db) / max(report.notices, 1),
        "bytes_written": written,
        "bytes_per_char": written / chars,
        "build_s": fresh,
        "chars_per_s": chars / fresh,
        "stage_s": {s: report.seconds.get(s, 0.0) for s in STAGES},
        "unchanged_rebuild_s": unchanged,
        "unchanged_speedup": fresh / unchanged,
        "queries": queries,
        "query_p95_max_ms": max(every, default=0.0),
        "baseline_chars_per_s": baseline(texts),
        "spacy_doc_chars_per_s": doc_only(texts),
        "notes": list(report.notes),
    }


def baseline(texts: list[str]) -> float:
    """Characters per second of spaCy's blank zh pipeline with jieba over `texts`, warmed up."""
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    list(nlp.pipe(texts[:10]))
    start = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    return sum(map(len, texts)) / (time.perf_counter() - start)


def doc_only(texts: list[str]) -> float:
    """Characters per second of making the pipeline's spaCy Docs alone (blank zh, one character a
    token), no component run: the ceiling of any build that makes a Doc of each notice."""
    from kg.extract.nlp import default_nlp

    nlp = default_nlp()
    start = time.perf_counter()
    for text in texts:
        nlp.make_doc(text)
    return sum(map(len, texts)) / (time.perf_counter() - start)


def run_size(size: int, workers: int | None, seed: int) -> dict:
    """Measure one size in a child process, sampling the RSS of it and its workers together."""
    with tempfile.TemporaryDirectory(prefix=f"kg-bench-{size}-") as tmp:
        command = [sys.executable, __file__, "--one", str(size), "--dir", tmp, "--seed", str(seed)]
        if workers:
            command += ["--workers", str(workers)]
        child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            proc = psutil.Process(child.pid)
            while not done.is_set():
                try:
                    tree = [proc, *proc.children(recursive=True)]
                    peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
                except psutil.Error:
                    pass
                time.sleep(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        output, _ = child.communicate()
        done.set()
        sampler.join()
        if child.returncode:
            raise SystemExit(f"the {size}-file run failed (exit {child.returncode})")
        figures = json.loads(output.strip().splitlines()[-1])
        figures["peak_rss_mb"] = peak / 2**20
        return figures


def report(results: list[dict]) -> dict:
    summary = {"machine": {"cores": psutil.cpu_count(), "memory_gb": psutil.virtual_memory().total / 2**30}}
    for r in results:
        ratio = r["chars_per_s"] / r["baseline_chars_per_s"]
        r["ratio_vs_spacy_jieba"] = ratio
        print(f"\n== {r['files']} files, {r['notices']} notices, {r['chars']} chars, {r['quads']} quads ==")
        speeds = f"{r['chars_per_s']:.0f} chars/s; spaCy-jieba {r['baseline_chars_per_s']:.0f}"
        print(f"build {r['build_s']:.1f} s, {speeds}")
        print(f"ratio vs spacy-jieba: {ratio:.2f}")
        ceiling = r["spacy_doc_chars_per_s"] / r["baseline_chars_per_s"]
        docs = f"{r['spacy_doc_chars_per_s']:.0f} chars/s ({ceiling:.2f}x spaCy-jieba)"
        print(f"spaCy Docs alone, one process: {docs}")
        print(
            "stages (s, summed over workers): " + ", ".join(f"{k} {v:.1f}" for k, v in r["stage_s"].items())
        )
        print(f"statements per notice: {r['statements_per_notice']:.0f}")
        megabytes = r["bytes_written"] / 2**20
        print(f"bytes written per input character: {r['bytes_per_char']:.1f} ({megabytes:.1f} MB)")
        print(f"peak RSS {r['peak_rss_mb']:.0f} MB")
        print(f"query p95 (slowest saved query): {r['query_p95_max_ms']:.1f} ms")
        speedup = f"{r['unchanged_speedup']:.0f}x faster than fresh"
        print(f"unchanged rebuild {r['unchanged_rebuild_s']:.2f} s ({speedup})")
        for name, q in r["queries"].items():
            print(f"  {name:<26} p50 {q['p50_ms']:7.1f} ms  p95 {q['p95_ms']:7.1f} ms")
        for note in r["notes"]:
            print(f"note: {note}")
    by_size = {r["files"]: r for r in results}
    if 1000 in by_size and 10000 in by_size:
        summary["time_10k_over_1k"] = by_size[10000]["build_s"] / by_size[1000]["build_s"]
        print(f"\ntime(10k)/time(1k): {summary['time_10k_over_1k']:.2f}")
    else:
        print("\ntime(10k)/time(1k): not measured (needs --sizes 1000 10000)")
    summary["runs"] = results
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 files only")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[100, 1000, 10000], help="corpus sizes (files)"
    )
    parser.add_argument("--workers", type=int, help="extraction processes (default: every core)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "output" / "bench.json", help="where the figures go"
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.dir, args.workers, args.seed)))
        return
    sizes = [100] if args.quick else args.sizes
    summary = report([run_size(size, args.workers, args.seed) for size in sizes])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1), encoding="utf-8")
    print(f"figures written to {args.out}")


if __name__ == "__main__":
    main()
