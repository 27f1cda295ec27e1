"""kg.export: every format round-trips; RDF formats re-parse to an isomorphic graph."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, Dataset, Graph
from rdflib.compare import isomorphic

from kg.errors import ExportError
from kg.export import FORMATS, export, property_graph
from kg.graph.assemble import union
from kg.graph.vocab import XC
from tests.graph_fixtures import fixture_dataset

PARSERS = {"trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}


@pytest.fixture(scope="module")
def built() -> Dataset:
    return fixture_dataset()


def named_graphs(ds: Dataset) -> dict:
    return {g.identifier: g for g in ds.graphs() if len(g)}


def test_turtle_round_trips_to_the_union(built: Dataset, tmp_path: Path):
    path = export(built, "turtle", tmp_path / "graph.ttl")
    assert isomorphic(Graph().parse(path, format="turtle"), union(built))


@pytest.mark.parametrize("fmt", sorted(PARSERS))
def test_dataset_formats_round_trip_graph_by_graph(built: Dataset, tmp_path: Path, fmt: str):
    path = export(built, fmt, tmp_path / f"graph.{fmt}")
    back = Dataset()
    back.parse(path, format=PARSERS[fmt])
    original, parsed = named_graphs(built), named_graphs(back)
    assert set(parsed) == set(original)
    for name, graph in original.items():
        assert isomorphic(parsed[name], graph), name


def edges(g) -> set[tuple[str, str, str]]:
    return {(u, v, data["predicate"]) for u, v, data in g.edges(data=True)}


@pytest.mark.parametrize(("fmt", "read"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_network_formats_round_trip(built: Dataset, tmp_path: Path, fmt: str, read):
    network = property_graph(built)
    back = read(export(built, fmt, tmp_path / f"graph.{fmt}"))
    assert set(back.nodes) == set(network.nodes)
    assert edges(back) == edges(network)
    for node, attrs in network.nodes(data=True):
        assert {k: back.nodes[node][k] for k in attrs} == attrs, node


def test_the_network_has_entities_and_links_but_no_evidence(built: Dataset):
    network = property_graph(built)
    g = union(built)
    evidence = {str(e) for e in (*g.subjects(RDF.type, XC.Sentence), *g.subjects(XC.readIn))}
    assert evidence and not evidence & set(network.nodes)
    groups = [n for n, d in network.nodes(data=True) if d["type"] == "InspectionGroup"]
    assert [network.nodes[n]["label"] for n in groups] == ["青川市委第一巡察组"]
    inspected = {network.nodes[v]["label"] for _, v, k in network.edges(keys=True) if k == "inspected"}
    assert inspected == {"中共青川市卫生健康委员会党组", "中共青川市第一人民医院委员会"}
    hospital = next(n for n, d in network.nodes(data=True) if d.get("label") == "青川市第一人民医院")
    assert network.nodes[hospital]["type"] == "Hospital,Organization"
    assert network.nodes[hospital]["altLabel"] == "市一院"


def test_every_format_is_written(built: Dataset, tmp_path: Path):
    for fmt in FORMATS:
        assert export(built, fmt, tmp_path / f"out.{fmt}").stat().st_size > 0


def test_an_unknown_format_names_the_choices(built: Dataset, tmp_path: Path):
    with pytest.raises(ExportError, match="turtle, trig, nquads, jsonld, graphml, gexf"):
        export(built, "csv", tmp_path / "graph.csv")
