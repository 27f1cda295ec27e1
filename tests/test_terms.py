"""kg.graph.terms (rdflib ↔ Oxigraph terms) and kg.explore.triples (the store read for pages)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.explore.triples import Triples
from kg.graph.terms import ox_term, quads, rdflib_term, rdflib_triples
from kg.graph.vocab import ID, XC

TERMS = [
    URIRef(f"{ID}org/abc"),
    Literal("青川县教育局", lang="zh"),
    Literal("file.txt"),
    Literal(7),
    Literal("2024-07-17", datatype=XSD.date),
    BNode("b1"),
]


@pytest.mark.parametrize("term", TERMS, ids=repr)
def test_a_term_comes_back_as_it_went(term):
    assert rdflib_term(ox_term(term)) == term


@given(st.text())
def test_any_text_survives_both_ways(text: str):
    for term in (Literal(text), Literal(text, lang="zh")):
        assert rdflib_term(ox_term(term)) == term


def test_quads_are_the_statements_in_the_notice_graph():
    notice = URIRef(f"{ID}notice/n1")
    triples = [(URIRef(f"{ID}org/a"), RDFS.label, Literal("甲局", lang="zh"))]
    (quad,) = quads(notice, triples)
    assert quad.graph_name == ox.NamedNode(str(notice))
    assert list(rdflib_triples([quad])) == triples


def _sample() -> list[tuple]:
    a, b, n = URIRef(f"{ID}org/a"), URIRef(f"{ID}org/b"), URIRef(f"{ID}notice/n")
    return [
        (a, RDF.type, XC.Organization),
        (b, RDF.type, XC.Organization),
        (n, RDF.type, XC.Notice),
        (a, RDFS.label, Literal("甲局", lang="zh")),
        (b, XC.mentionedIn, n),
        (a, XC.mentionedIn, n),
    ]


def test_triples_answer_as_an_rdflib_graph_does():
    graph, triples = Graph(), Triples(_sample())
    for t in _sample():
        graph.add(t)
    a, n = URIRef(f"{ID}org/a"), URIRef(f"{ID}notice/n")
    assert len(triples) == len(graph) and set(triples) == set(graph)
    assert list(triples.objects(a, RDFS.label)) == list(graph.objects(a, RDFS.label))
    assert set(triples.subjects(XC.mentionedIn, n)) == set(graph.subjects(XC.mentionedIn, n))
    assert set(triples.subjects(RDF.type, None)) == set(graph.subjects(RDF.type, None))
    assert set(triples.subjects(None, XC.Notice)) == {n}
    assert set(triples.predicate_objects(a)) == set(graph.predicate_objects(a))
    assert list(triples.objects(URIRef(f"{ID}org/none"), RDFS.label)) == []


def test_triples_read_the_default_graph_of_a_store():
    store = ox.Store()
    store.extend(q for q in quads(URIRef(f"{ID}notice/n"), _sample()))  # a notice graph: not read
    for s, p, o in _sample()[:2]:
        store.add(ox.Quad(ox_term(s), ox_term(p), ox_term(o)))
    assert set(Triples.from_store(store)) == set(_sample()[:2])
