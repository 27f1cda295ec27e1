"""Latency of light queries on `kg serve` while heavy ones run: a loopback load test, bounded.

    python scripts/bench_serve.py --out output                   # 200 requests from 20 threads
    python scripts/bench_serve.py --out output --requests 40 --threads 8 --json

Starts the endpoint on a free loopback port over the build, keeps `--heavy` queries that would
run for minutes in flight the whole time (each is stopped at `--timeout` and sent again), and
sends `--requests` light queries (an ASK, a short SELECT, the saved queries in turn) from
`--threads` threads. Prints p50, p95 and the slowest light answer, and how many light answers
were not 200 (errors). Nothing leaves the machine; the run ends once the light requests are done.
"""

from __future__ import annotations

import argparse
import json
import math
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from kg.query.sparql import saved_queries
from kg.serve.server import make_server

# Three unconstrained patterns: a count over the cube of the store's quads, minutes of work.
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LIGHT = [
    "ASK { ?n a xc:Notice }",
    "SELECT ?n ?title WHERE { ?n a xc:Notice ; dcterms:title ?title } LIMIT 10",
    *saved_queries().values(),
]


def fetch(base: str, query: str) -> int:
    """The HTTP status of one query, sent as the query page sends it (0: no answer at all)."""
    body = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(f"{base}/sparql", data=body, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as err:
        err.read()
        return err.code
    except OSError:
        return 0


def percentile(sorted_times: list[float], share: float) -> float:
    """The nearest-rank percentile of `sorted_times`."""
    return sorted_times[max(0, math.ceil(share * len(sorted_times)) - 1)]


def load(base: str, *, requests: int, threads: int, heavy: int) -> dict[str, float | int]:
    """Send the light load with `heavy` heavy queries in flight; the figures of the light answers."""
    stop = threading.Event()
    heavy_statuses: list[int] = []

    def keep_heavy() -> None:
        while not stop.is_set():
            heavy_statuses.append(fetch(base, HEAVY))

    heavies = [threading.Thread(target=keep_heavy, daemon=True) for _ in range(heavy)]
    for thread in heavies:
        thread.start()
    time.sleep(1.0)  # let the heavy queries get going before the light ones come
    times: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(requests))

    def send_light() -> None:
        nonlocal errors
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            started = time.perf_counter()
            status = fetch(base, LIGHT[i % len(LIGHT)])
            elapsed = time.perf_counter() - started
            with lock:
                times.append(elapsed)
                errors += status != 200

    started = time.perf_counter()
    workers = [threading.Thread(target=send_light) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    wall = time.perf_counter() - started
    stop.set()
    times.sort()
    return {
        "requests": len(times),
        "threads": threads,
        "heavy": heavy,
        "errors": errors,
        "p50_ms": round(percentile(times, 0.50) * 1000, 1),
        "p95_ms": round(percentile(times, 0.95) * 1000, 1),
        "max_ms": round(times[-1] * 1000, 1),
        "wall_s": round(wall, 2),
        "heavy_answers": len(heavy_statuses),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("output"), help="a build folder or its store/")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--threads", type=int, default=20)
    parser.add_argument("--heavy", type=int, default=2, help="heavy queries kept in flight")
    parser.add_argument("--timeout", type=float, default=10.0, help="the server's time limit")
    parser.add_argument("--workers", type=int, default=4, help="the server's query processes")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()
    server = make_server(args.out, port=0, timeout=args.timeout, workers=args.workers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        figures = load(
            f"http://127.0.0.1:{server.server_address[1]}",
            requests=args.requests,
            threads=args.threads,
            heavy=args.heavy,
        )
    finally:
        server.shutdown()
        server.server_close()
    if args.json:
        print(json.dumps(figures))
        return
    print(
        f"{figures['requests']} light requests from {figures['threads']} threads, "
        f"{figures['heavy']} heavy queries in flight: p50 {figures['p50_ms']} ms, "
        f"p95 {figures['p95_ms']} ms, slowest {figures['max_ms']} ms, {figures['errors']} error(s), "
        f"{figures['wall_s']} s in all"
    )


if __name__ == "__main__":
    main()
