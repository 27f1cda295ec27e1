"""`kg push` of a synthetic build into a real Oxigraph server, figures to output/bench_push_SIZE.json.

    python scripts/bench_push.py --size 1000        # about a minute on two cores
    python scripts/bench_push.py                    # 10,000 files: the build takes several minutes

Generates a seeded corpus (tests.synth), builds it on every core, starts `oxigraph serve` (the
binary of the test extras) on a free loopback port with its own empty store, and pushes the
build into it while sampling the memory of the server and of this process. Prints the graphs
and statements sent, wall time, statements per second, both peak RSS, the server's store on
disk (as the server left it, and compacted by `oxigraph optimize`), the time of a second,
unchanged push (which reads and hashes every graph and sends none), and the latency of a saved
query over the server's SPARQL endpoint, to show it answers.
The server runs with --union-default-graph: a push sends only the notices' named graphs, and
the saved queries read the default graph.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.synth makes the corpus, tests.servers runs Oxigraph
QUERY = "group_inspections"
QUERY_RUNS = 5


def disk_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


@contextmanager
def oxigraph_server(location: Path) -> Iterator[tuple[str, psutil.Process]]:
    """`oxigraph serve` of `location` with the union default graph the saved queries read."""
    from tests.servers import oxigraph

    with oxigraph("serve", "--location", str(location), "--union-default-graph") as (base, proc):
        yield base, psutil.Process(proc.pid)


def oxigraph_binary_or_exit() -> str:
    from tests.servers import oxigraph_binary

    binary = oxigraph_binary()
    if not binary:
        raise SystemExit("no oxigraph binary: it comes with the test extras (pip install -e .[test])")
    return binary


class PeakRss:
    """Samples the resident memory of some processes every 0.1 s while in a `with` block."""

    def __init__(self, **processes: psutil.Process) -> None:
        self.processes = processes
        self.peak = dict.fromkeys(processes, 0)
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._done.is_set():
            for name, proc in self.processes.items():
                with suppress(psutil.Error):
                    self.peak[name] = max(self.peak[name], proc.memory_info().rss)
            time.sleep(0.1)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()


def sparql(base: str, query: str) -> dict:
    request = urllib.request.Request(
        f"{base}/query",
        data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=600) as answer:
        return json.load(answer)


def timed(run: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def measure(size: int, seed: int, folder: Path) -> dict:
    import pyoxigraph as ox

    from kg.build.run import build
    from kg.push import push
    from kg.query.sparql import saved_queries
    from tests.synth import write_corpus

    inputs, out = folder / "in", folder / "out"
    write_corpus(inputs, size, seed)
    workers = os.cpu_count() or 1
    build_s, report = timed(lambda: build([inputs], out, workers=workers))
    db = ox.Store.read_only(str(out / "store"))
    statements = len(db) - sum(1 for _ in db.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    del db

    with oxigraph_server(folder / "server") as (base, server):
        cpu = server.cpu_times()
        load = os.getloadavg()
        with PeakRss(server=server, client=psutil.Process()) as rss:
            push_s, first = timed(lambda: push(out, f"{base}/store"))
        server_cpu_s = sum(server.cpu_times()[:2]) - sum(cpu[:2])
        again_s, again = timed(lambda: push(out, f"{base}/store"))
        count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        count_s, answer = timed(lambda: sparql(base, count))
        on_server = int(answer["results"]["bindings"][0]["n"]["value"])  # type: ignore[index]
        query = saved_queries()[QUERY]
        first_query_s, result = timed(lambda: sparql(base, query))
        rows = len(result["results"]["bindings"])  # type: ignore[index]
        times = [timed(lambda: sparql(base, query))[0] for _ in range(QUERY_RUNS)]
        serving_bytes = disk_bytes(folder / "server")
    # Stopped, the store is mostly RocksDB's write-ahead log; optimizing compacts it into tables.
    optimize = [oxigraph_binary_or_exit(), "optimize", "--location", str(folder / "server")]
    optimize_s, _ = timed(lambda: subprocess.run(optimize, check=True, stderr=subprocess.DEVNULL))
    server_bytes = disk_bytes(folder / "server")
    return {
        "files": size,
        "seed": seed,
        "workers": workers,
        "machine": {"cores": psutil.cpu_count(), "memory_gb": psutil.virtual_memory().total / 2**30},
        "load_average_before_push": load,
        "notices": report.notices,
        "build_s": build_s,
        "build_stage_s": dict(report.seconds),
        "build_store_bytes": disk_bytes(out / "store"),
        "graphs_sent": first.sent,
        "statements_sent": statements,
        "statements_on_server": on_server,
        "push_s": push_s,
        "statements_per_s": statements / push_s,
        "server_cpu_s": server_cpu_s,
        "server_peak_rss_mb": rss.peak["server"] / 2**20,
        "client_peak_rss_mb": rss.peak["client"] / 2**20,
        "server_store_bytes_serving": serving_bytes,
        "server_store_bytes": server_bytes,
        "optimize_s": optimize_s,
        "server_bytes_per_notice": server_bytes / max(report.notices, 1),
        "server_bytes_per_statement": server_bytes / max(statements, 1),
        "unchanged_push_s": again_s,
        "unchanged_push_sent": again.sent,
        "count_on_server_s": count_s,
        "query": QUERY,
        "query_rows": rows,
        "query_first_ms": first_query_s * 1000,
        "query_p50_ms": statistics.median(times) * 1000,
    }


def show(r: dict) -> None:
    print(f"== {r['files']} files, {r['notices']} notices, {r['workers']} workers ==")
    stages = ", ".join(f"{k} {v:.1f}" for k, v in r["build_stage_s"].items())
    print(f"build {r['build_s']:.1f} s; stages (s, summed over workers): {stages}")
    print(f"build store {r['build_store_bytes'] / 2**20:.1f} MB")
    print(f"load average before the push: {' '.join(f'{x:.2f}' for x in r['load_average_before_push'])}")
    print(f"pushed {r['graphs_sent']} graphs, {r['statements_sent']} statements in {r['push_s']:.1f} s")
    print(f"statements per second: {r['statements_per_s']:.0f}")
    print(f"the server holds {r['statements_on_server']} statements in named graphs")
    rss = f"server {r['server_peak_rss_mb']:.0f} MB, kg {r['client_peak_rss_mb']:.0f} MB"
    print(f"peak RSS while pushing: {rss}")
    print(f"server CPU while pushing: {r['server_cpu_s']:.1f} s")
    serving = r["server_store_bytes_serving"] / 2**20
    print(f"server store on disk while serving: {serving:.1f} MB (mostly its log)")
    per = f"{r['server_bytes_per_notice']:.0f} B/notice, {r['server_bytes_per_statement']:.0f} B/statement"
    mb = r["server_store_bytes"] / 2**20
    print(f"after `oxigraph optimize` ({r['optimize_s']:.0f} s): {mb:.1f} MB ({per})")
    print(f"unchanged push: {r['unchanged_push_s']:.1f} s, {r['unchanged_push_sent']} graphs sent")
    print(f"counting every statement on the server: {r['count_on_server_s']:.1f} s")
    query = f"first {r['query_first_ms']:.0f} ms, p50 of {QUERY_RUNS} {r['query_p50_ms']:.0f} ms"
    print(f"{r['query']} over HTTP: {r['query_rows']} rows, {query}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10000, help="corpus size (files)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed")
    parser.add_argument(
        "--keep", type=Path, help="work in this new folder and keep it (corpus, build, server store)"
    )
    parser.add_argument("--out", type=Path, help="where the figures go (output/bench_push_SIZE.json)")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True)
        figures = measure(args.size, args.seed, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix=f"kg-bench-push-{args.size}-") as tmp:
            figures = measure(args.size, args.seed, Path(tmp))
    show(figures)
    args.out = args.out or ROOT / "output" / f"bench_push_{args.size}.json"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    print(f"figures written to {args.out}")


if __name__ == "__main__":
    main()
