"""A read-only SPARQL 1.1 Protocol endpoint over the Oxigraph store, with a query page for browsers.

Queries run in a small pool of processes, not threads, because a query past the time limit
must be stopped and Oxigraph cannot be interrupted from Python: its process is killed and
replaced, the client gets HTTP 503 and the server goes on. The store is opened read-only and
SPARQL Update is refused with 403. The server binds to loopback unless told otherwise, and
answers at most `max_rows` rows (the header X-Kg-Truncated says when it cut an answer short).
"""

from __future__ import annotations

import html
import logging
import multiprocessing
import queue
import re
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kg.errors import QueryError
from kg.graph.store import resolve_store
from kg.query.sparql import PREFIXES, format_result, question_of, run_on_store, saved_queries

log = logging.getLogger(__name__)

MAX_BODY = 1_000_000
# Media type → (format_result's or rdflib's format name) for answers of each kind, preferred first.
SOLUTION_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld"}
# The `format` request parameter, as SPARQLWrapper and the query page's download links send it.
FORMAT_PARAM = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}
_PREFIX_LINE = re.compile(r"^PREFIX\s+\w*:\s*<[^>]*>\s*\n", re.MULTILINE | re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP answer as the query process hands it back."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def text_reply(status: HTTPStatus, message: str) -> Reply:
    return Reply(int(status), "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


def negotiate(kind: str, accept: str) -> tuple[str, str]:
    """The media type and format to answer a `kind` query in, from an HTTP Accept header."""
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


def answer(db, sparql: str, accept: str, max_rows: int) -> Reply:
    """Run one query on the open store `db` and write its answer as the client asked."""
    try:
        result = run_on_store(db, sparql, limit=max_rows)
    except QueryError as err:
        return text_reply(HTTPStatus.BAD_REQUEST, str(err))
    media, fmt = negotiate(result.kind, accept)
    if result.kind == "CONSTRUCT":
        assert result.graph is not None
        body = result.graph.serialize(format=fmt, encoding="utf-8")
    else:
        body = format_result(result, fmt).encode("utf-8")
    headers = {"X-Kg-Truncated": "true"} if result.truncated else {}
    return Reply(200, f"{media}; charset=utf-8", body, headers)


def _work(store: str, conn: Connection) -> None:
    """A query process: open the store read-only once, then answer requests until the pipe closes."""
    import pyoxigraph

    db = pyoxigraph.Store.read_only(store)
    while True:
        try:
            sparql, accept, max_rows = conn.recv()
        except EOFError:
            return
        conn.send(answer(db, sparql, accept, max_rows))


class QueryRunner:
    """A pool of query processes; one that overruns the time limit is killed and replaced.

    The processes come from a fork server started before the HTTP threads, so none is forked
    from a threaded process; like any multiprocessing code, the program that starts the server
    must guard its entry point with `if __name__ == "__main__":` (the `kg` command does).
    """

    def __init__(self, store: Path, *, timeout: float, max_rows: int, workers: int) -> None:
        self.store = store
        self.timeout = timeout
        self.max_rows = max_rows
        self._ctx = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload(["kg.serve.server"])
        self._idle: queue.SimpleQueue[tuple[BaseProcess, Connection]] = queue.SimpleQueue()
        for _ in range(workers):
            self._idle.put(self._start())

    def _start(self) -> tuple[BaseProcess, Connection]:
        ours, theirs = self._ctx.Pipe()
        process = self._ctx.Process(target=_work, args=(str(self.store), theirs), daemon=True)
        process.start()
        theirs.close()
        return process, ours

    @staticmethod
    def _stop(process: BaseProcess, conn: Connection) -> None:
        conn.close()
        process.kill()
        process.join()

    def run(self, sparql: str, accept: str) -> Reply:
        """Answer in a free query process, waiting for one if all are busy."""
        process, conn = self._idle.get()
        healthy = False
        try:
            conn.send((sparql, accept, self.max_rows))
            if not conn.poll(self.timeout):
                return text_reply(
                    HTTPStatus.SERVICE_UNAVAILABLE,
                    f"query stopped: it ran past the {self.timeout:g} s time limit; "
                    "narrow it (a LIMIT, fewer unbound patterns) and try again",
                )
            reply = conn.recv()
            healthy = True
            return reply
        except (EOFError, OSError):
            return text_reply(HTTPStatus.INTERNAL_SERVER_ERROR, "the query process died without an answer")
        finally:
            if healthy:
                self._idle.put((process, conn))
            else:
                self._stop(process, conn)
                self._idle.put(self._start())

    def close(self) -> None:
        while not self._idle.empty():
            self._stop(*self._idle.get())


class Handler(BaseHTTPRequestHandler):
    """GET / is the query page; /sparql speaks the SPARQL 1.1 Protocol, queries only."""

    server: EndpointServer
    server_version = "xuncha-kg"

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            self._send(Reply(200, "text/html; charset=utf-8", self.server.page))
        elif url.path == "/sparql":
            self._protocol(parse_qs(url.query))
        else:
            self._send(
                text_reply(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql, the query page /")
            )

    def do_POST(self) -> None:
        if urlsplit(self.path).path != "/sparql":
            self._send(text_reply(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql"))
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._send(text_reply(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes"))
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(urlsplit(self.path).query)
        if media == "application/x-www-form-urlencoded":
            params.update(parse_qs(body))
        elif media == "application/sparql-query":
            params["query"] = [body]
        elif media == "application/sparql-update":
            params["update"] = [body]
        else:
            self._send(
                text_reply(
                    HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    "send the query as application/x-www-form-urlencoded or application/sparql-query",
                )
            )
            return
        self._protocol(params)

    def _protocol(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self._send(
                text_reply(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")
            )
            return
        if "default-graph-uri" in params or "named-graph-uri" in params:
            reason = "default-graph-uri and named-graph-uri are not supported; use FROM or GRAPH in the query"
            self._send(text_reply(HTTPStatus.BAD_REQUEST, reason))
            return
        queries = params.get("query", [])
        if len(queries) != 1:
            self._send(text_reply(HTTPStatus.BAD_REQUEST, "give exactly one query parameter"))
            return
        accept = self.headers.get("Accept") or "*/*"
        forced = params.get("format", [""])[0].lower()
        if forced in FORMAT_PARAM:
            accept = FORMAT_PARAM[forced]
        self._send(self.server.runner.run(queries[0], accept))

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        # The page loads nothing from anywhere: inline script and style, requests to itself only.
        self.send_header(
            "Content-Security-Policy",
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
        )
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args) -> None:
        log.info("%s %s", self.address_string(), format % args)


class EndpointServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], runner: QueryRunner, page: bytes) -> None:
        self.runner = runner
        self.page = page
        super().__init__(address, Handler)

    def server_close(self) -> None:
        super().server_close()
        self.runner.close()


def make_server(
    store_path: Path,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    timeout: float = 10.0,
    max_rows: int = 10_000,
    workers: int = 2,
) -> EndpointServer:
    """A bound, not yet serving endpoint over the store at `store_path` (port 0 picks a free port)."""
    runner = QueryRunner(resolve_store(store_path), timeout=timeout, max_rows=max_rows, workers=workers)
    return EndpointServer((host, port), runner, query_page(timeout=timeout, max_rows=max_rows))


def query_page(*, timeout: float, max_rows: int) -> bytes:
    """The browser query page: templates/query.html with the saved queries and the limits built in.

    The saved queries lose their PREFIX lines here, as the endpoint predefines those prefixes,
    so the page holds no address of any other host.
    """
    from kg.explore.render import embed_json

    saved = [
        {"name": name, "question": question_of(text), "query": _PREFIX_LINE.sub("", text).strip()}
        for name, text in saved_queries().items()
    ]
    first = saved[0]["query"] if saved else "SELECT * WHERE { ?s ?p ?o } LIMIT 20"
    slots = {
        "saved": embed_json(saved),
        "limits": embed_json({"timeout": timeout, "maxRows": max_rows}),
        "first": html.escape(first),
        "prefixes": html.escape(", ".join(PREFIXES)),
        "timeout": f"{timeout:g}",
        "rows": str(max_rows),
    }
    page = (resources.files("kg.serve") / "templates" / "query.html").read_text(encoding="utf-8")
    # One pass, so text put into one slot is never read again as another slot's marker.
    return re.sub(r"<!--kg:(\w+)-->", lambda m: slots[m.group(1)], page).encode("utf-8")


def is_loopback(host: str) -> bool:
    """Whether `host` is this machine only, so that serving on it shares nothing."""
    import ipaddress

    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
