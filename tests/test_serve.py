"""kg.serve.server: the real endpoint on a free loopback port, queried over HTTP by a standard client."""

from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from SPARQLWrapper import CSV, JSON, POST, TURTLE, SPARQLWrapper

from kg.errors import StoreError
from kg.graph.store import write_store
from kg.query.sparql import saved_queries
from kg.serve.pool import negotiate
from kg.serve.server import EndpointServer, make_server
from tests.graph_fixtures import fixture_dataset

MAX_ROWS = 5
# Three unconstrained patterns over the fixture's ~650 quads: 2.7e8 solutions to count,
# tens of seconds of work for Oxigraph, far past the 1 s limit the test server has.
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[EndpointServer]:
    store = tmp_path_factory.mktemp("out") / "store"
    write_store(fixture_dataset(), store)
    server = make_server(store, port=0, timeout=1.0, max_rows=MAX_ROWS)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def base(server: EndpointServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"


def sparql(base: str, query: str, fmt=JSON, method: str | None = None) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{base}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method:
        client.setMethod(method)
    return client


def http(base: str, path: str, body: bytes | None = None, headers: dict | None = None):
    """(status, headers, text) of one plain HTTP request, error statuses included."""
    request = urllib.request.Request(base + path, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode("utf-8")


def test_binds_to_loopback_by_default(server: EndpointServer):
    assert server.server_address[0] == "127.0.0.1"


@pytest.mark.parametrize("method", [None, POST])
def test_a_saved_query_over_sparqlwrapper(base: str, method):
    body = sparql(base, saved_queries()["group_inspections"], method=method).queryAndConvert()
    units = [b["unitName"]["value"] for b in body["results"]["bindings"]]
    assert units == ["中共青川市卫生健康委员会党组", "中共青川市第一人民医院委员会"]


def test_ask_csv_and_construct(base: str):
    assert sparql(base, "ASK { ?p xc:status xc:InProgress }").queryAndConvert()["boolean"] is True
    table = sparql(base, "SELECT ?name WHERE { ?p a xc:Person ; rdfs:label ?name } ORDER BY ?name", CSV)
    assert table.queryAndConvert().decode("utf-8").splitlines() == ["name", "李秀兰", "王建国", "赵明"]
    graph = sparql(
        base, "CONSTRUCT WHERE { ?g a xc:InspectionGroup ; rdfs:label ?l }", TURTLE
    ).queryAndConvert()
    assert "青川市委第一巡察组" in graph.decode("utf-8")


def test_answers_are_cut_at_the_row_limit(base: str):
    query = urllib.parse.urlencode({"query": "SELECT ?f WHERE { ?f xc:readIn ?s }"})
    status, headers, text = http(
        base, f"/sparql?{query}", headers={"Accept": "application/sparql-results+json"}
    )
    assert status == 200
    assert headers["X-Kg-Truncated"] == "true"
    assert len(json.loads(text)["results"]["bindings"]) == MAX_ROWS


UPDATE = "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (urllib.parse.urlencode({"update": UPDATE}).encode(), "application/x-www-form-urlencoded"),
        (UPDATE.encode(), "application/sparql-update"),
        (urllib.parse.urlencode({"query": UPDATE}).encode(), "application/x-www-form-urlencoded"),
    ],
)
def test_updates_are_refused_and_change_nothing(base: str, body: bytes, content_type: str):
    status, _, text = http(base, "/sparql", body, {"Content-Type": content_type})
    assert 400 <= status < 500, text
    assert sparql(base, "ASK { <urn:x:a> ?p ?o }").queryAndConvert()["boolean"] is False


def test_sparqlwrapper_update_is_refused(base: str):
    client = SPARQLWrapper(f"{base}/sparql")
    client.setMethod(POST)
    client.setQuery(UPDATE)
    with pytest.raises(urllib.error.HTTPError) as refused:
        client.query()
    assert refused.value.code == 403


def test_a_query_past_the_time_limit_is_stopped_and_the_server_goes_on(base: str):
    status, _, text = http(base, "/sparql?" + urllib.parse.urlencode({"query": CROSS_PRODUCT}))
    assert status == 503
    assert "time limit" in text
    after = sparql(base, "SELECT DISTINCT ?g WHERE { ?g a xc:InspectionGroup }").queryAndConvert()
    assert len(after["results"]["bindings"]) == 1


def test_bad_requests_say_what_is_wrong(base: str):
    status, _, text = http(base, "/sparql?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE {"}))
    assert status == 400 and "not a SPARQL query" in text
    assert http(base, "/sparql")[0] == 400
    assert http(base, "/nowhere")[0] == 404
    status, _, _ = http(base, "/sparql", b"query=x", {"Content-Type": "text/plain"})
    assert status == 415


def test_the_query_page_works_offline(base: str):
    status, headers, page = http(base, "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<textarea" in page and "<script>" in page and 'fetch("sparql"' in page
    assert not re.search(r"https?://", page), "the page must name no other host"
    assert not re.search(r"\b(src|href)\s*=\s*[\"']?(//|[a-z]+:)", page)
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    for name in saved_queries():
        assert f'"name":"{name}"' in page


def test_the_query_page_speaks_chinese_and_states_its_limits(base: str):
    page = http(base, "/")[2]
    assert '<html lang="zh-CN">' in page and "运行" in page and "<!--kg:" not in page
    assert f"返回 {MAX_ROWS} 行" in page and f'"maxRows":{MAX_ROWS}' in page


@pytest.mark.parametrize(
    ("kind", "accept", "media"),
    [
        ("SELECT", "*/*", "application/sparql-results+json"),
        ("SELECT", "text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("SELECT", "text/html, text/tab-separated-values;q=0.9", "text/tab-separated-values"),
        ("CONSTRUCT", "application/sparql-results+json", "text/turtle"),
        ("CONSTRUCT", "application/n-triples, text/turtle;q=0.5", "application/n-triples"),
    ],
)
def test_content_negotiation(kind: str, accept: str, media: str):
    assert negotiate(kind, accept)[0] == media


def test_a_missing_store_is_named(tmp_path: Path):
    with pytest.raises(StoreError, match="kg build"):
        make_server(tmp_path / "nowhere", port=0)


def test_an_rdf_file_is_served_from_memory(tmp_path: Path):
    path = tmp_path / "graph.trig"
    fixture_dataset().serialize(path, format="trig")
    server = make_server(path, port=0, workers=1)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        body = sparql(
            f"http://{host}:{port}", "SELECT ?g WHERE { ?g a xc:InspectionGroup }"
        ).queryAndConvert()
        assert len(body["results"]["bindings"]) == 1  # one group, however many notices name it
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
