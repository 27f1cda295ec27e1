"""Latency of the saved queries: rdflib in memory versus the embedded Oxigraph store, in one run.

    python scripts/bench_queries.py --store output            # a build's --out folder or its store/
    python scripts/bench_queries.py --graph output/graph.trig  # an RDF file; a temporary store is built

Both engines get the same quads and answer each query in queries/ `--repeat` times after one
warm-up run, materializing every row as rdflib terms (kg.query.sparql.run_query's work). Prints the
median (p50) latency of each, their ratio, and whether both gave the same rows.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rdflib import Dataset

from kg.graph.store import open_graph, resolve_store, write_store
from kg.query.sparql import nt, run_on_store, run_query, saved_queries


def p50_ms(run: Callable[[], object], repeat: int) -> float:
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def rows(result) -> list[tuple[str, ...]]:
    return sorted(tuple("" if t is None else nt(t) for t in row) for row in result.rows)


def bench(memory: Dataset, store: Path, repeat: int) -> None:
    import pyoxigraph

    db = pyoxigraph.Store.read_only(str(store))
    quads = sum(1 for _ in memory.quads())
    print(f"{quads} quads; p50 of {repeat} runs after one warm-up; ratio = rdflib / Oxigraph\n")
    header = f"{'query':<26}{'rows':>6}{'rdflib ms':>12}{'oxigraph ms':>13}{'ratio':>9}  same"
    print(header)
    print("-" * len(header))
    ratios = []
    total_slow = total_fast = 0.0
    for name, sparql in saved_queries().items():
        slow = p50_ms(lambda sparql=sparql: run_query(sparql, graph=memory), repeat)
        fast = p50_ms(lambda sparql=sparql: run_on_store(db, sparql), repeat)
        answer = run_on_store(db, sparql)
        same = "yes" if rows(run_query(sparql, graph=memory)) == rows(answer) else "NO"
        ratios.append(slow / fast)
        total_slow += slow
        total_fast += fast
        print(f"{name:<26}{len(answer.rows):>6}{slow:>12.2f}{fast:>13.2f}{slow / fast:>9.1f}  {same}")
    print("-" * len(header))
    ratio = total_slow / total_fast
    print(f"{'all queries (sum of p50)':<32}{total_slow:>12.2f}{total_fast:>13.2f}{ratio:>9.1f}")
    geometric = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
    print(f"geometric mean of the per-query ratios: {geometric:.1f}")


def _in_memory(ds: Dataset) -> Dataset:
    """A copy of `ds` in rdflib's memory store."""
    memory = Dataset(default_union=True)
    for quad in ds.quads():
        memory.add(quad)
    return memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--store", type=Path, help="an Oxigraph store, or a build's --out folder holding store/"
    )
    source.add_argument("--graph", type=Path, help="an RDF file (.trig, .nq, .ttl) to load into both engines")
    parser.add_argument("--repeat", type=int, default=10, help="timed runs per query and engine")
    args = parser.parse_args()
    if args.store:
        store = resolve_store(args.store)
        bench(_in_memory(open_graph(store)), store, args.repeat)
        return
    memory = open_graph(args.graph)
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        write_store(memory, Path(tmp) / "store")
        bench(memory, Path(tmp) / "store", args.repeat)


if __name__ == "__main__":
    sys.exit(main())
