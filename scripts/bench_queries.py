"""Latency of the saved queries on a build, as `kg query` and `kg serve` run them, in one run.

    python scripts/bench_queries.py --store output                        # a build, a store/ or an RDF file
    python scripts/bench_queries.py --store output --bind unit=区文广旅局党组 --bind file=000001.txt

Each saved query is run `--repeat` times after one warm-up run: without a parameter, then with
each `--bind NAME=VALUE` whose NAME it takes (the names its comment gives). A run reads the
answer up to the row cap (`run_query`, what `kg query` prints a table from), and then again
with the answer written as SPARQL JSON results (what the endpoint sends). Prints the median
(p50) and 95th percentile (p95) of each, in milliseconds.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from kg.graph.store import read_store
from kg.query.formats import serialize
from kg.query.sparql import run_query, saved_queries

MAX_ROWS = 10_000


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """p50 and p95 of `repeat` runs after one warm-up, in milliseconds."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), percentile(times, 0.95)


def parameters(sparql: str) -> list[str]:
    """The parameters a saved query's comment names (`--bind NAME=`)."""
    return re.findall(r"kg query \w+ --bind (\w+)=", sparql)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--store", type=Path, required=True, help="a build's folder, its store/, or an RDF file"
    )
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per query")
    parser.add_argument("--bind", action="append", default=[], metavar="NAME=VALUE", help="a value to bind")
    args = parser.parse_args()
    given = dict(item.split("=", 1) for item in args.bind)
    db = read_store(args.store)
    print(f"{len(db)} quads; {args.repeat} runs after one warm-up; ms\n")
    header = f"{'query':<26}{'bound':>12}{'rows':>6}{'p50':>8}{'p95':>8}{'json p50':>10}{'json p95':>10}"
    print(header)
    print("-" * len(header))
    for name, sparql in saved_queries().items():
        runs = [("-", None)] + [(p, {p: given[p]}) for p in parameters(sparql) if p in given]
        for label, values in runs:

            def answer(values=values, sparql=sparql):
                return run_query(db, sparql, values=values, max_rows=MAX_ROWS)

            rows = len(answer().rows)
            p50, p95 = timed(answer, args.repeat)
            j50, j95 = timed(
                lambda answer=answer: serialize(answer(), ox.QueryResultsFormat.JSON), args.repeat
            )
            print(f"{name:<26}{label:>12}{rows:>6}{p50:>8.2f}{p95:>8.2f}{j50:>10.2f}{j95:>10.2f}")


if __name__ == "__main__":
    sys.exit(main())
