"""A read-only SPARQL 1.1 Protocol endpoint over the Oxigraph store, with a query page for browsers.

Queries run in a small pool of processes (`kg.serve.pool`), so that one past the time limit can
be stopped and a light one is answered however many heavy ones run. The store is opened
read-only and SPARQL Update is refused with 403. The server binds to loopback unless told
otherwise, and answers at most `max_rows` rows (the header X-Kg-Truncated says when it cut an
answer short).

The server never reaches out: Oxigraph would fetch the endpoint a SERVICE clause names, so such
queries are refused before they run. It answers only requests addressed to itself (the Host
header) and coming from its own page or from no page (the Origin header), so that no web page
the user opens can query it through the browser, by DNS rebinding or a cross-origin form.
"""

from __future__ import annotations

import html
import ipaddress
import logging
import re
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kg.graph.store import graph_path
from kg.query.sparql import PREFIXES, question_of, saved_queries
from kg.serve.pool import QueryRunner, Reply, text_reply

log = logging.getLogger(__name__)

MAX_BODY = 1_000_000
# Seconds a connection may stay silent, and seconds a whole request body may take to arrive.
IDLE_SECONDS = 10.0
BODY_SECONDS = 10.0
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


# The word SERVICE in any case, anywhere in the query. Strings, IRIs, comments and variables
# are not told apart from code here, as a scanner that skipped them could be fooled (`\'` is an
# escape inside a prefixed name, not the start of a string); refusing a query that merely says
# "service" in a string costs little.
_SERVICE = re.compile("service", re.IGNORECASE)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def reaches_out(sparql: str) -> bool:
    """Whether `sparql` may name another endpoint to fetch from (a SERVICE clause).

    Escapes like \\u0053 are decoded first, as the SPARQL grammar decodes them before parsing.
    FROM and FROM NAMED only pick graphs of the store in Oxigraph, and LOAD is an update.
    """
    return bool(_SERVICE.search(_ESCAPE.sub(lambda m: _codepoint(m.group(1) or m.group(2)), sparql)))


def _codepoint(hex_digits: str) -> str:
    number = int(hex_digits, 16)
    return chr(number) if number <= 0x10FFFF else ""


class Handler(BaseHTTPRequestHandler):
    """GET / is the query page; /sparql speaks the SPARQL 1.1 Protocol, queries only."""

    server: EndpointServer
    server_version = "xuncha-kg"
    # A silent connection is dropped after this long (socketserver sets it on the socket).
    timeout = IDLE_SECONDS

    def do_GET(self) -> None:
        if not self._addressed_to_us():
            return
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
        if not self._addressed_to_us():
            return
        if urlsplit(self.path).path != "/sparql":
            self._send(text_reply(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql"))
            return
        raw = self._read_body()
        if raw is None:
            return
        body = raw.decode("utf-8", errors="replace")
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

    def _addressed_to_us(self) -> bool:
        """Refuse (and say so) a request for another host name or from another site's page."""
        host = self.headers.get("Host")
        if host is None or not self.server.is_own_host(host):
            self._send(
                text_reply(
                    HTTPStatus.MISDIRECTED_REQUEST,
                    f"this server answers only requests addressed to it, not to {host or 'no host'}",
                )
            )
            return False
        origin = self.headers.get("Origin")
        if origin is not None and not self.server.is_own_origin(origin):
            self._send(text_reply(HTTPStatus.FORBIDDEN, f"requests from pages of {origin} are refused"))
            return False
        return True

    def _read_body(self) -> bytes | None:
        """The request body, or None once a refusal is sent: its length must be given and bounded,
        and the whole of it must arrive within BODY_SECONDS."""
        given = self.headers.get("Content-Length")
        if given is None:
            self._send(text_reply(HTTPStatus.LENGTH_REQUIRED, "give the body's Content-Length"))
            return None
        if not given.strip().isdigit():
            self._send(text_reply(HTTPStatus.BAD_REQUEST, f"Content-Length {given!r} is not a size"))
            return None
        length = int(given)
        if length > MAX_BODY:
            self._send(text_reply(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes"))
            return None
        deadline = time.monotonic() + BODY_SECONDS
        chunks: list[bytes] = []
        missing = length
        try:
            while missing and time.monotonic() < deadline:
                chunk = self.rfile.read1(missing)
                if not chunk:
                    break
                chunks.append(chunk)
                missing -= len(chunk)
        except TimeoutError:
            pass
        if missing:
            self.close_connection = True
            late = f"the request body did not arrive within {BODY_SECONDS:g} s"
            self._send(text_reply(HTTPStatus.REQUEST_TIMEOUT, late))
            return None
        return b"".join(chunks)

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
        if reaches_out(queries[0]):
            reason = (
                "SERVICE is refused: this endpoint never fetches from other servers "
                "(the word service may not appear anywhere in a query, not even in a string)"
            )
            self._send(text_reply(HTTPStatus.BAD_REQUEST, reason))
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
    # Connections the kernel holds before they are accepted; socketserver's 5 made a burst of
    # clients wait a second for a SYN to be sent again, or be reset.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], runner: QueryRunner, page: bytes) -> None:
        self.runner = runner
        self.page = page
        super().__init__(address, Handler)
        self.port = self.server_address[1]
        bound = address[0].lower()
        self._names = {"localhost", "127.0.0.1", "::1", bound}
        # Bound to every address, the server is reached by any of the machine's: an address
        # (never a name) cannot be rebound to another machine, so any is accepted.
        self._any_address = bound in ("", "0.0.0.0", "::")

    def is_own_host(self, host: str) -> bool:
        """Whether a Host header (`name:port`, `[v6]:port`) names this server."""
        name, _, port = host.strip().lower().rpartition(":")
        if not name or "]" in port:  # no port given: HTTP's default 80, never ours unless bound there
            name, port = host.strip().lower(), "80"
        name = name.removeprefix("[").removesuffix("]")
        return port == str(self.port) and (name in self._names or (self._any_address and _is_address(name)))

    def is_own_origin(self, origin: str) -> bool:
        """Whether an Origin header is this server's own page (`http://host:port`)."""
        scheme, _, host = origin.strip().partition("://")
        return scheme.lower() == "http" and "/" not in host and self.is_own_host(host)

    def server_close(self) -> None:
        super().server_close()
        self.runner.close()


def make_server(
    graph: Path,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    timeout: float = 10.0,
    max_rows: int = 10_000,
    workers: int = 4,
) -> EndpointServer:
    """A bound, not yet serving endpoint over the build, store or RDF file `graph` names (port 0
    picks a free port); each query process loads a file into memory."""
    runner = QueryRunner(graph_path(graph), timeout=timeout, max_rows=max_rows, workers=workers)
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
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True
