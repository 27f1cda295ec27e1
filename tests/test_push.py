"""kg push against a real Oxigraph server started on loopback: one graph per notice, idempotent."""

import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.build.run import build
from kg.cli import app
from kg.errors import PushFailed
from kg.push import push
from tests.servers import free_port, oxigraph
from tests.synth import synth_file

COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    with oxigraph("serve", "--location", str(tmp_path / "server")) as (base, _):
        yield base


def _graph_sizes(base: str) -> dict[str, int]:
    url = f"{base}/query?" + urllib.parse.urlencode({"query": COUNTS})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        rows = json.load(answer)["results"]["bindings"]
    return {r["g"]["value"]: int(r["n"]["value"]) for r in rows}


def _local_sizes(out: Path) -> dict[str, int]:
    import pyoxigraph as ox

    db = ox.Store.read_only(str(out / "store"))
    return {g.value: len(list(db.quads_for_pattern(None, None, None, g))) for g in db.named_graphs()}


@pytest.fixture
def built(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        f = synth_file(n, seed=21)
        (folder / f.name).write_bytes(f.data)
    build([folder], tmp_path / "out", workers=1, validate=False)
    return tmp_path / "out"


def test_push_loads_every_notice_graph_and_is_idempotent(server: str, built: Path):
    first = push(built, f"{server}/store")
    assert first.sent == len(_local_sizes(built)) >= 3
    assert _graph_sizes(server) == _local_sizes(built)
    again = push(built, f"{server}/store")
    assert (again.sent, again.unchanged, again.deleted) == (0, first.sent, 0)
    resent = push(built, f"{server}/store", resend=True)
    assert resent.sent == first.sent
    assert _graph_sizes(server) == _local_sizes(built)


@pytest.mark.parametrize("connections", [1, 3])
def test_each_graph_is_sent_once_over_any_number_of_connections(server: str, built: Path, connections: int):
    stored: list[str] = []
    report = push(built, f"{server}/store", connections=connections, on_graph=stored.append)
    assert sorted(stored) == sorted(_local_sizes(built)) and report.sent == len(stored)
    assert _graph_sizes(server) == _local_sizes(built)


def test_a_refused_graph_stops_the_push_and_records_nothing(built: Path, tmp_path: Path):
    import pyoxigraph as ox

    ox.Store(str(tmp_path / "empty")).flush()  # serve-read-only opens a store that exists
    read_only = oxigraph("serve-read-only", "--location", str(tmp_path / "empty"))
    with read_only as (base, _), pytest.raises(PushFailed, match="answered 403"):
        push(built, f"{base}/store", connections=2)
    assert not (built / "pushed.json").exists()


def test_push_after_a_rebuild_replaces_and_deletes(server: str, built: Path, tmp_path: Path):
    push(built, f"{server}/store")
    files = sorted((tmp_path / "in").iterdir())
    files[0].unlink()
    files[1].write_bytes(synth_file(50, seed=21).data)
    build([tmp_path / "in"], built, workers=1, validate=False)
    report = push(built, f"{server}/store")
    assert report.deleted >= 1 and report.sent >= 1
    assert _graph_sizes(server) == _local_sizes(built)


@pytest.mark.cli
def test_build_push_from_the_cli(server: str, tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    f = synth_file(7, seed=21)
    (folder / f.name).write_bytes(f.data)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["build", str(folder), "--out", str(out), "--no-validate", "--push", f"{server}/store"]
    )
    assert result.exit_code == 0, result.output
    assert "pushed 2 graph(s)" in result.output  # this file holds two notices
    assert _graph_sizes(server) == _local_sizes(out)


def test_an_unreachable_server_is_a_push_failure(built: Path):
    with pytest.raises(PushFailed, match="server running"):
        push(built, f"http://127.0.0.1:{free_port()}/store")
    with pytest.raises(PushFailed, match="not an http"):
        push(built, "ftp://example.org/store")
