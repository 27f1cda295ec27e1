"""The pool of processes that answer the endpoint's queries, and the answer they send back.

Queries run in processes, not threads, because a query past the time limit must be stopped and
Oxigraph cannot be interrupted from Python: its process is killed and replaced, the client gets
HTTP 503 and the server goes on. A query that runs long keeps its process but loses CPU
priority, and long queries never hold every process, so a light query is answered at once
however many heavy ones are running; a full queue is told to retry later.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import queue
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError
from kg.graph.store import read_store
from kg.query.formats import serialize
from kg.query.sparql import run_query

# A query still running after this many seconds is long: it yields the CPU to light ones.
LONG_AFTER = 0.5
# Requests that may wait for a free query process before the server says "retry later".
MAX_WAITING = 64
# Media type → the format Oxigraph writes answers of each kind in, preferred first.
SOLUTION_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP answer as the query process hands it back."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def text_reply(status: HTTPStatus, message: str, headers: dict[str, str] | None = None) -> Reply:
    body = (message + "\n").encode("utf-8")
    return Reply(int(status), "text/plain; charset=utf-8", body, headers or {})


def negotiate(kind: str, accept: str) -> tuple[str, ox.QueryResultsFormat | ox.RdfFormat]:
    """The media type and format to answer a `kind` query in, from an HTTP Accept header."""
    offered: dict[str, ox.QueryResultsFormat] | dict[str, ox.RdfFormat]
    offered = GRAPH_TYPES if kind == "CONSTRUCT" else SOLUTION_TYPES
    ranked = []
    for i, part in enumerate(accept.split(",")):
        media, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranked.append((-q, i, media.strip().lower()))
    for _, _, media in sorted(ranked):
        if media in offered:
            return media, offered[media]
    default = next(iter(offered))
    return default, offered[default]


def answer(db: ox.Store, sparql: str, accept: str, max_rows: int) -> Reply:
    """Run one query on the open store `db` and write its answer as the client asked."""
    try:
        result = run_query(db, sparql, max_rows=max_rows)
    except QueryError as err:
        return text_reply(HTTPStatus.BAD_REQUEST, str(err))
    media, fmt = negotiate(result.kind, accept)
    body = serialize(result, fmt)
    headers = {"X-Kg-Truncated": "true"} if result.truncated else {}
    return Reply(200, f"{media}; charset=utf-8", body, headers)


def _work(graph: str, conn: Connection) -> None:
    """A query process: open the store read-only once (or load the RDF file `graph` into memory),
    then answer requests until the pipe closes.

    Whatever a query raises becomes the answer, so that no query ends the process.
    """
    db = read_store(Path(graph))
    while True:
        try:
            sparql, accept, max_rows = conn.recv()
        except EOFError:
            return
        try:
            reply = answer(db, sparql, accept, max_rows)
        except Exception as err:  # any failure of one query is that query's answer
            reply = text_reply(HTTPStatus.INTERNAL_SERVER_ERROR, f"the query failed while running: {err}")
        conn.send(reply)


Worker = tuple[BaseProcess, Connection]


class QueryRunner:
    """A pool of query processes that light queries always get into, however many heavy ones run.

    A query still running after LONG_AFTER seconds is long: its process is reniced, so that
    light queries get the CPU first, and is replaced once done (a process cannot take its
    priority back). At most `workers - 1` long queries run at once: one more is stopped with
    503 and Retry-After, so one process is always left for light queries. A query past the time
    limit is stopped with 503 (no Retry-After: it would overrun again). Requests wait for a free
    process at most the time limit, and at most MAX_WAITING may wait; past either the answer is
    503 and Retry-After.

    The processes come from a fork server started before the HTTP threads, so none is forked
    from a threaded process; like any multiprocessing code, the program that starts the server
    must guard its entry point with `if __name__ == "__main__":` (the `kg` command does).
    """

    def __init__(self, graph: Path, *, timeout: float, max_rows: int, workers: int) -> None:
        self.graph = graph
        self.timeout = timeout
        self.max_rows = max_rows
        self._long_after = min(LONG_AFTER, timeout)
        self._max_long = max(1, workers - 1)
        self._retry_after = str(math.ceil(timeout))
        self._lock = threading.Lock()
        self._waiting = 0
        self._long = 0
        self._closed = False
        self._live: set[Worker] = set()
        self._ctx = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload(["kg.serve.pool"])
        self._idle: queue.SimpleQueue[Worker] = queue.SimpleQueue()
        for _ in range(workers):
            self._idle.put(self._start())

    def _start(self) -> Worker:
        ours, theirs = self._ctx.Pipe()
        process = self._ctx.Process(target=_work, args=(str(self.graph), theirs), daemon=True)
        process.start()
        theirs.close()
        with self._lock:
            self._live.add((process, ours))
        return process, ours

    def _stop(self, worker: Worker) -> None:
        process, conn = worker
        with self._lock:
            self._live.discard(worker)
        conn.close()
        process.kill()
        process.join()

    def _replace(self, worker: Worker) -> None:
        """Stop `worker` and put a fresh process in its place, off the request's thread."""

        def restock() -> None:
            self._stop(worker)
            fresh = self._start()
            if self._closed:
                self._stop(fresh)
            else:
                self._idle.put(fresh)

        threading.Thread(target=restock, daemon=True).start()

    def _busy(self, why: str) -> Reply:
        return text_reply(
            HTTPStatus.SERVICE_UNAVAILABLE,
            f"the server is busy: {why}; try again in a few seconds",
            {"Retry-After": self._retry_after},
        )

    def run(self, sparql: str, accept: str) -> Reply:
        """Answer in a free query process, waiting a bounded time in a bounded queue for one."""
        with self._lock:
            if self._waiting >= MAX_WAITING:
                return self._busy(f"{self._waiting} queries are already waiting")
            self._waiting += 1
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return self._busy(f"no query process came free within {self.timeout:g} s")
        finally:
            with self._lock:
                self._waiting -= 1
        return self._ask(worker, sparql, accept)

    def _ask(self, worker: Worker, sparql: str, accept: str) -> Reply:
        process, conn = worker
        done = long = False
        try:
            conn.send((sparql, accept, self.max_rows))
            if not conn.poll(self._long_after):
                with self._lock:
                    if self._long >= self._max_long:
                        return self._busy(f"{self._long} long queries are running already")
                    self._long += 1
                    long = True
                _yield_cpu(process)
                if not conn.poll(self.timeout - self._long_after):
                    return text_reply(
                        HTTPStatus.SERVICE_UNAVAILABLE,
                        f"query stopped: it ran past the {self.timeout:g} s time limit; "
                        "narrow it (a LIMIT, fewer unbound patterns) and try again",
                    )
            reply: Reply = conn.recv()
            done = True
            return reply
        except (EOFError, OSError):
            return text_reply(HTTPStatus.INTERNAL_SERVER_ERROR, "the query process died without an answer")
        finally:
            if long:
                with self._lock:
                    self._long -= 1
            if done and not long:
                self._idle.put(worker)
            else:
                self._replace(worker)

    def close(self) -> None:
        """Stop every query process, busy ones too, so that none outlives the server."""
        self._closed = True
        with self._lock:
            live = list(self._live)
        for worker in live:
            self._stop(worker)


def _yield_cpu(process: BaseProcess) -> None:
    """Lower the priority of a long query's process, where the system allows it."""
    if hasattr(os, "setpriority") and process.pid is not None:
        with contextlib.suppress(OSError):  # it may have ended just now
            os.setpriority(os.PRIO_PROCESS, process.pid, 10)
