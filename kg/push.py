"""`kg push URL`: load a build into a SPARQL server over the SPARQL 1.1 Graph Store HTTP Protocol.

Each notice's named graph is PUT to `URL?graph=<notice IRI>`, which replaces that graph on the
server, so pushing twice leaves the server as pushing once. Several PUTs are in flight at once,
each on its own kept-alive connection: a server that stores each graph in a transaction of its
own works on one core per request (Oxigraph does), so one connection at a time leaves the others
idle.

pushed.json in the build folder remembers, per server, a hash of each graph sent: a later push
sends only graphs that changed and DELETEs those of notices the build no longer has. Graphs the
server holds that no push of this build folder sent are never touched.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from kg.errors import PushFailed
from kg.graph.store import STORE_DIRNAME, resolve_store

PUSHED = "pushed.json"
_NTRIPLES = "application/n-triples"
CONNECTIONS = 4
"""PUTs in flight at once: on 2 cores, pushing a 10,000-file build (5.2M statements) into an
Oxigraph server took 207 s over one connection and 115 s over four, run one after the other;
on 1,000 files eight were no faster than four."""


@dataclass(frozen=True, slots=True)
class PushReport:
    url: str
    sent: int
    unchanged: int
    deleted: int


class GraphStore:
    """A Graph Store Protocol endpoint, over one kept-alive connection.

    Credentials in the URL (http://user:password@host/…) are sent as HTTP basic auth.
    """

    def __init__(self, url: str, *, timeout: float = 60.0) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise PushFailed(
                f"{url}: not an http(s) URL of a Graph Store endpoint, e.g. http://localhost:7878/store"
            )
        connection = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        self._connection = connection(parts.hostname, parts.port, timeout=timeout)
        self._path = parts.path or "/"
        self._query = parts.query
        self._headers = {}
        if parts.username is not None:
            token = f"{parts.username}:{parts.password or ''}".encode()
            self._headers["Authorization"] = "Basic " + base64.b64encode(token).decode()
        self.url = parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else "")).geturl()

    def put(self, graph: str, ntriples: bytes) -> None:
        """Replace `graph` on the server with `ntriples`."""
        self._send("PUT", graph, ntriples, {"Content-Type": _NTRIPLES}, ok=(200, 201, 204))

    def delete(self, graph: str) -> None:
        """Drop `graph` from the server; one already gone is fine."""
        self._send("DELETE", graph, None, {}, ok=(200, 204, 404))

    def close(self) -> None:
        self._connection.close()

    def _send(self, method: str, graph: str, body: bytes | None, headers: dict, ok: tuple[int, ...]) -> None:
        target = f"{self._path}?{self._query + '&' if self._query else ''}graph={quote(graph, safe='')}"
        try:
            self._connection.request(method, target, body=body, headers={**self._headers, **headers})
            response = self._connection.getresponse()
            answer = response.read()
        except OSError as err:
            self._connection.close()
            raise PushFailed(
                f"{self.url}: {err}; is the server running and the URL its Graph Store endpoint?"
            ) from err
        if response.status not in ok:
            said = answer.decode("utf-8", "replace").strip()[:300]
            raise PushFailed(
                f"{self.url}: {method} of <{graph}> answered {response.status} {response.reason}: {said}"
            )


def push(
    folder: Path,
    url: str,
    *,
    resend: bool = False,
    connections: int = CONNECTIONS,
    on_graph: Callable[[str], None] | None = None,
) -> PushReport:
    """Push every notice graph of the build in `folder` to the Graph Store endpoint `url`.

    `resend` sends every graph even if pushed.json says the server has it, e.g. after the
    server was emptied; `connections` (at least 1) PUTs are in flight at once.
    """
    import pyoxigraph as ox

    db = ox.Store.read_only(str(resolve_store(folder)))
    record_path = (folder if (folder / STORE_DIRNAME).is_dir() else folder.parent) / PUSHED
    records = _load(record_path)
    server = GraphStore(url)
    before = {} if resend else records.get(server.url, {})
    now: dict[str, str] = {}

    def changed() -> Iterator[tuple[str, bytes]]:
        for name in sorted(str(g.value) for g in db.named_graphs() if isinstance(g, ox.NamedNode)):
            data = db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name)) or b""
            now[name] = hashlib.sha256(data).hexdigest()
            if before.get(name) != now[name]:
                yield name, data

    try:
        sent = _put_all(url, changed(), connections, on_graph or (lambda name: None))
        gone = sorted(set(records.get(server.url, {})) - set(now))
        for name in gone:
            server.delete(name)
    finally:
        server.close()
    # Saved only when every request succeeded: after a failure the old record makes the next
    # push resend what may have changed and retry the deletions, both harmless to repeat.
    records[server.url] = now
    record_path.write_text(json.dumps(records, indent=1, sort_keys=True), encoding="utf-8")
    return PushReport(server.url, sent, len(now) - sent, len(gone))


def _put_all(
    url: str, graphs: Iterable[tuple[str, bytes]], connections: int, on_graph: Callable[[str], None]
) -> int:
    """PUT each (name, N-Triples) of `graphs` over up to `connections` connections; how many were sent.

    Graphs are read ahead two per connection at most, so memory stays bounded; `on_graph` is
    called on this thread as each is stored. The first failure stops the push and is raised.
    """
    local = threading.local()
    opened: list[GraphStore] = []

    def put(name: str, data: bytes) -> str:
        if not hasattr(local, "server"):
            local.server = GraphStore(url)
            opened.append(local.server)
        local.server.put(name, data)
        return name

    def settle(done: Iterable[Future[str]]) -> None:
        for future in done:
            on_graph(future.result())

    sent = 0
    pending: set[Future[str]] = set()
    try:
        with ThreadPoolExecutor(connections, thread_name_prefix="kg-push") as pool:
            try:
                for name, data in graphs:
                    if len(pending) >= 2 * connections:
                        done, pending = wait(pending, return_when=FIRST_COMPLETED)
                        settle(done)
                    pending.add(pool.submit(put, name, data))
                    sent += 1
                settle(wait(pending).done)
            except BaseException:
                pool.shutdown(cancel_futures=True)
                raise
    finally:
        for server in opened:
            server.close()
    return sent


def _load(path: Path) -> dict[str, dict[str, str]]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
