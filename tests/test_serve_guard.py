"""kg serve under hostile or careless clients: it never reaches out, answers only its own Host and
Origin, bounds bodies, connections and its queue, and heavy queries never starve light ones."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.serve.pool as pool_module
import kg.serve.server as server_module
from kg.cli.app import app
from kg.graph.store import write_store
from kg.serve.server import EndpointServer, Handler, make_server
from tests.graph_fixtures import fixture_dataset
from tests.test_serve import CROSS_PRODUCT

ASK = "ASK { ?g a xc:InspectionGroup }"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("out") / "store"
    write_store(fixture_dataset(), folder)
    return folder


@contextmanager
def serving(store: Path, **options) -> Iterator[EndpointServer]:
    server = make_server(store, port=0, max_rows=5, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def server(store: Path) -> Iterator[EndpointServer]:
    with serving(store, timeout=4.0, workers=3) as server:
        yield server


def port(server: EndpointServer) -> int:
    return server.server_address[1]


def exchange(port: int, request: bytes, *, wait: float = 10.0) -> tuple[int, dict[str, str], str]:
    """(status, headers, body) of one raw HTTP request sent as given to the server on `port`."""
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as conn:
        conn.sendall(request)
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, body.decode("utf-8")


def get(port: int, query: str, headers: dict[str, str] | None = None, *, wait: float = 10.0):
    fields = {"Host": f"127.0.0.1:{port}", **(headers or {})}
    head = "".join(f"{k}: {v}\r\n" for k, v in fields.items())
    target = "/sparql?" + urllib.parse.urlencode({"query": query})
    return exchange(port, f"GET {target} HTTP/1.1\r\n{head}\r\n".encode(), wait=wait)


def post(port: int, body: bytes, headers: dict[str, str]):
    fields = {"Host": f"127.0.0.1:{port}", "Content-Type": "application/x-www-form-urlencoded", **headers}
    head = "".join(f"{k}: {v}\r\n" for k, v in fields.items())
    return exchange(port, f"POST /sparql HTTP/1.1\r\n{head}\r\n".encode() + body)


def form(query: str) -> bytes:
    return urllib.parse.urlencode({"query": query}).encode()


# ---------------------------------------------------------------------------------------------
# Never reaching out


@pytest.fixture()
def listener() -> Iterator[tuple[str, list[bytes]]]:
    """A loopback listener that records what each connection to it sends: (its URL, the record)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    seen.append(conn.recv(4096))
                except TimeoutError:
                    seen.append(b"")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/sparql", seen
    stop.set()
    thread.join()
    sock.close()


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <URL> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE SILENT <URL> { ?s ?p ?o } }",
        "select * where { ?g a xc:InspectionGroup . service silent <URL> { ?s ?p ?o } }",
        "SELECT * WHERE { \\u0053ERVICE <URL> { ?s ?p ?o } }",
        "SELECT * WHERE { VALUES ?u { <URL> } SERVICE ?u { ?s ?p ?o } }",
        "PREFIX e: <URL#> SELECT * WHERE { ?s e:a\\'b ?o . SERVICE <URL> { ?s ?p ?o } } # '",
    ],
)
def test_service_is_refused_and_nothing_is_fetched(server: EndpointServer, listener, query: str):
    url, seen = listener
    for send in (
        lambda q: get(port(server), q),
        lambda q: post(port(server), form(q), {"Content-Length": str(len(form(q)))}),
    ):
        status, _, text = send(query.replace("URL", url))
        assert status == 400 and "SERVICE is refused" in text
    time.sleep(0.3)
    assert seen == []


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("SELECT * FROM <URL> WHERE { ?s ?p ?o } LIMIT 1", 200),
        ("SELECT * FROM NAMED <URL> WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1", 200),
        ("LOAD <URL>", 400),
    ],
)
def test_from_and_load_fetch_nothing(server: EndpointServer, listener, query: str, status: int):
    url, seen = listener
    assert get(port(server), query.replace("URL", url))[0] == status
    time.sleep(0.3)
    assert seen == []


# ---------------------------------------------------------------------------------------------
# Only its own Host and Origin


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("127.0.0.1:{port}", 200),
        ("localhost:{port}", 200),
        ("[::1]:{port}", 200),
        ("evil.example:{port}", 421),
        ("evil.example", 421),
        ("127.0.0.1:1", 421),
        ("127.0.0.1", 421),
        ("localhost.evil.example:{port}", 421),
    ],
)
def test_only_its_own_host_is_answered(server: EndpointServer, host: str, status: int):
    assert get(port(server), ASK, {"Host": host.format(port=port(server))})[0] == status


def test_a_request_without_host_is_refused(server: EndpointServer):
    target = "/sparql?" + urllib.parse.urlencode({"query": ASK})
    assert exchange(port(server), f"GET {target} HTTP/1.0\r\n\r\n".encode())[0] == 421


@pytest.mark.parametrize(
    ("origin", "status"),
    [
        ("http://127.0.0.1:{port}", 200),
        ("http://localhost:{port}", 200),
        ("http://evil.example", 403),
        ("http://evil.example:{port}", 403),
        ("null", 403),
        ("https://127.0.0.1:{port}", 403),
        ("http://127.0.0.1:{port}.evil.example", 403),
    ],
)
def test_a_post_from_another_sites_page_is_refused(server: EndpointServer, origin: str, status: int):
    body = form(ASK)
    headers = {"Origin": origin.format(port=port(server)), "Content-Length": str(len(body))}
    code, _, text = post(port(server), body, headers)
    assert code == status, text
    if status == 200:
        assert json.loads(text)["boolean"] is True


def test_the_query_page_posts_from_its_own_origin(server: EndpointServer):
    """What the page's fetch("sparql") sends from http://localhost:PORT/ is answered."""
    body = form(ASK)
    headers = {
        "Host": f"localhost:{port(server)}",
        "Origin": f"http://localhost:{port(server)}",
        "Sec-Fetch-Site": "same-origin",
        "Content-Length": str(len(body)),
    }
    assert post(port(server), body, headers)[0] == 200
    page = f"GET / HTTP/1.1\r\nHost: localhost:{port(server)}\r\n\r\n".encode()
    assert exchange(port(server), page)[0] == 200


# ---------------------------------------------------------------------------------------------
# Bounded bodies and connections


@pytest.mark.parametrize(
    ("length", "status"),
    [(None, 411), ("-1", 400), ("1e3", 400), ("12abc", 400), (str(server_module.MAX_BODY + 1), 413)],
)
def test_the_body_length_must_be_given_and_bounded(server: EndpointServer, length: str | None, status: int):
    headers = {} if length is None else {"Content-Length": length}
    assert post(port(server), form(ASK), headers)[0] == status


def test_a_slow_body_times_out(server: EndpointServer, monkeypatch):
    monkeypatch.setattr(server_module, "BODY_SECONDS", 1.0)
    body = form(ASK)
    head = (
        f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{port(server)}\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port(server)), timeout=5) as conn:
        conn.sendall(head.encode())
        answer = b""
        for byte in body:  # one byte every 0.2 s: never silent for long, never done
            conn.sendall(bytes([byte]))
            time.sleep(0.2)
            conn.setblocking(False)
            with suppress(BlockingIOError):
                answer = conn.recv(65536)
            conn.setblocking(True)
            if answer:
                break
    assert answer.startswith(b"HTTP/1.0 408"), answer
    assert time.monotonic() - started < 3


def test_an_idle_connection_is_closed(server: EndpointServer, monkeypatch):
    assert Handler.timeout == server_module.IDLE_SECONDS
    monkeypatch.setattr(Handler, "timeout", 1.0)
    with socket.create_connection(("127.0.0.1", port(server)), timeout=5) as conn:
        started = time.monotonic()
        assert conn.recv(1024) == b""  # the server hung up on a client that said nothing
    assert time.monotonic() - started < 3


# ---------------------------------------------------------------------------------------------
# The query pool


def test_a_query_that_fails_while_running_keeps_the_pool(server: EndpointServer):
    status, _, text = get(
        port(server), "SELECT ?t WHERE { BIND(<<( <urn:x:a> <urn:x:b> <urn:x:c> )>> AS ?t) }"
    )
    assert status == 500 and "failed while running" in text
    assert get(port(server), ASK)[0] == 200


def test_a_query_that_crashes_its_process_is_answered_and_the_process_replaced(server: EndpointServer):
    nested = form("SELECT * WHERE " + "{" * 20_000 + "}" * 20_000)  # the parser's stack overflows
    status, _, text = post(port(server), nested, {"Content-Length": str(len(nested))})
    assert status == 500 and "died" in text
    for _ in range(3):
        assert get(port(server), ASK)[0] == 200


def in_flight(port: int, query: str, count: int) -> list[threading.Thread]:
    threads = [threading.Thread(target=get, args=(port, query), daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    return threads


def test_light_queries_are_answered_at_once_while_heavy_ones_run(server: EndpointServer):
    heavy = in_flight(port(server), CROSS_PRODUCT, 2)
    time.sleep(1.0)  # both are long by now
    for _ in range(5):
        started = time.monotonic()
        assert get(port(server), ASK)[0] == 200
        assert time.monotonic() - started < 1.0
    # One more heavy query would take the last process: it is told to come back later.
    started = time.monotonic()
    status, headers, text = get(port(server), CROSS_PRODUCT)
    assert status == 503 and "long queries are running" in text and int(headers["retry-after"]) >= 1
    assert time.monotonic() - started < 2.0
    for thread in heavy:
        thread.join()


def test_the_queue_is_bounded(store: Path, monkeypatch):
    monkeypatch.setattr(pool_module, "MAX_WAITING", 4)
    with serving(store, timeout=3.0, workers=1) as server:
        heavy = in_flight(port(server), CROSS_PRODUCT, 1)
        time.sleep(0.7)
        waiting = in_flight(port(server), ASK, 4)
        time.sleep(0.3)
        started = time.monotonic()
        status, headers, text = get(port(server), ASK)
        assert status == 503 and "waiting" in text and "retry-after" in headers
        assert time.monotonic() - started < 0.5
        for thread in heavy + waiting:
            thread.join()


# ---------------------------------------------------------------------------------------------
# The command's options


@pytest.mark.cli
@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--timeout", "0", "not a time limit"),
        ("--timeout", "-1", "not a time limit"),
        ("--timeout", "nan", "not a time limit"),
        ("--timeout", "inf", "not a time limit"),
        ("--max-rows", "-1", "--max-rows"),
        ("--max-rows", "0", "--max-rows"),
        ("--port", "70000", "--port"),
        ("--port", "0", "--port"),
        ("--workers", "0", "--workers"),
    ],
)
def test_serve_options_are_checked(tmp_path: Path, option: str, value: str, says: str):
    result = CliRunner().invoke(app, ["serve", "--out", str(tmp_path), option, value], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert says in result.output and "Invalid value" in result.output


def test_light_queries_stay_fast_under_load_with_heavy_ones_in_flight(store: Path):
    """scripts/bench_serve.py, small: 40 light requests from 8 threads, two heavy queries running."""
    command = [sys.executable, str(ROOT / "scripts" / "bench_serve.py"), "--out", str(store)]
    command += ["--requests", "40", "--threads", "8", "--heavy", "2", "--timeout", "5", "--json"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env, check=True)
    figures = json.loads(done.stdout)
    assert figures["requests"] == 40 and figures["errors"] == 0
    assert figures["p95_ms"] < 1500, figures
