"""kg.graph.store: the Oxigraph store holds exactly the built quads, and a file read into memory answers as
the store does."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import StoreError
from kg.graph.store import open_graph, open_store, read_store, resolve_store, write_store
from kg.graph.terms import ox_term, rdflib_triples
from kg.query.sparql import Result, run_query, saved_queries


def quads(ds: Dataset) -> set[tuple]:
    """The statements of the notice graphs as Oxigraph's terms (in which a plain literal is an
    xsd:string one); a store's default graph is their union, checked apart."""
    return {tuple(map(ox_term, q)) for q in ds.quads() if q[3] != DATASET_DEFAULT_GRAPH_ID}


def test_the_default_graph_holds_each_statement_of_the_notice_graphs_once(built: Dataset, store: Path):
    ds = open_store(store, read_only=True)
    default = {tuple(map(ox_term, q[:3])) for q in ds.quads() if q[3] == DATASET_DEFAULT_GRAPH_ID}
    assert default == {tuple(map(ox_term, q[:3])) for q in built.quads()}


def rows(result: Result) -> list[tuple[str, ...]]:
    return sorted(tuple("" if t is None else str(t) for t in row) for row in result.rows)


def test_the_store_holds_exactly_the_built_quads(built: Dataset, store: Path):
    assert quads(open_store(store)) == quads(built)


def test_writing_again_replaces_the_content(built: Dataset, tmp_path: Path):
    path = tmp_path / "store"
    write_store(built, path)
    small = Dataset()
    small.graph(URIRef("urn:g")).add((URIRef("urn:a"), URIRef("urn:b"), Literal("c")))
    write_store(small, path)
    assert quads(open_store(path)) == quads(small)


def test_a_folder_that_is_not_a_store_is_not_replaced(built: Dataset, tmp_path: Path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(StoreError, match="not empty and not an Oxigraph store"):
        write_store(built, tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_an_out_folder_leads_to_its_store(store: Path):
    assert resolve_store(store.parent) == store
    with pytest.raises(StoreError, match="kg build"):
        resolve_store(store.parent / "elsewhere")


def test_open_graph_reads_a_store_an_out_folder_or_a_file(built: Dataset, store: Path, tmp_path: Path):
    trig = tmp_path / "graph.trig"
    built.serialize(destination=trig, format="trig")
    for target in (store, store.parent, trig):
        assert quads(open_graph(target)) == quads(built), target


def test_the_in_memory_store_starts_empty_with_a_union_default_graph():
    ds = open_store(None)
    assert len(ds) == 0
    assert ds.default_union


@pytest.fixture(scope="module")
def trig(built: Dataset, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("file") / "graph.trig"
    built.serialize(path, format="trig")
    return path


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_a_file_read_into_memory_gives_the_store_s_answers(trig: Path, store: Path, name: str):
    sparql = saved_queries()[name]
    on_disk = run_query(read_store(store), sparql)
    in_memory = run_query(read_store(trig), sparql)
    assert on_disk.variables == in_memory.variables
    assert rows(on_disk) == rows(in_memory)
    assert on_disk.rows, "every saved query has answers on the fixture graph"


def test_a_file_s_default_graph_holds_each_statement_of_its_named_graphs(built: Dataset, trig: Path):
    default = read_store(trig).quads_for_pattern(None, None, None, ox.DefaultGraph())
    assert set(rdflib_triples(default)) == {(s, p, o) for s, p, o, _ in built.quads()}


@pytest.mark.parametrize(
    ("name", "message"),
    [("graph.html", "not an RDF file"), ("graph.ttl", "not readable as Turtle"), ("nowhere", "kg build")],
)
def test_what_cannot_be_read_is_named(tmp_path: Path, name: str, message: str):
    (tmp_path / "graph.html").write_text("<a> <b> .", encoding="utf-8")
    (tmp_path / "graph.ttl").write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(StoreError, match=message):
        read_store(tmp_path / name)


@pytest.fixture(scope="module")
def seeds_store(seeds_dir: Path, tmp_path_factory) -> tuple[Dataset, Path]:
    """The shared seed notices built, and their graph written to a store."""
    from kg.build.run import build

    out = tmp_path_factory.mktemp("seeds")
    build([seeds_dir], out, formats=["trig"])
    ds = open_graph(out / "graph.trig")
    write_store(ds, out / "seeds-store")
    return ds, out / "seeds-store"


@pytest.mark.seeds
def test_the_seeds_graph_conforms_to_the_shapes(seeds_store):
    from kg.graph.validate import validate

    report = validate(seeds_store[0])
    assert report.conforms, "\n".join(report.violations)


@pytest.mark.seeds
@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_every_saved_query_answers_on_the_seeds_store(seeds_store, name: str):
    store = seeds_store[1]
    on_disk = run_query(read_store(store), saved_queries()[name])
    assert on_disk.rows
    assert rows(on_disk) == rows(run_query(read_store(store.parent / "graph.trig"), saved_queries()[name]))


def test_the_batch_loader_loads_in_bounded_batches(tmp_path: Path):
    import pyoxigraph as ox

    from kg.graph.store import BatchLoader

    store = ox.Store(str(tmp_path / "store"))
    loader = BatchLoader(store, batch_bytes=200)
    lines = [f'<urn:s{i}> <urn:p> "{i}" <urn:g{i % 3}> .\n'.encode() for i in range(10)]
    loader.add(lines[0])
    assert len(store) == 0  # below the batch size nothing is loaded yet
    for line in lines[1:]:
        loader.add(line)
    assert 0 < len(store) < 10
    loader.flush()
    assert len(store) == 10 and len(list(store.named_graphs())) == 3
