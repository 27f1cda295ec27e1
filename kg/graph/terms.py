"""RDF terms in both libraries: rdflib's, which the assembly writes, and Oxigraph's, which the
store holds and every build output is read from.

A notice's statements are made once, with rdflib's terms and namespaces; `quads` turns them into
the store's own quads, and `rdflib_term` reads a store's terms back where rdflib is wanted
(tests, files users read with rdflib). Both conversions are cached: a notice repeats the same
nodes, predicates and names many times, and making a term (which checks an IRI) is most of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import cast

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
_XSD_STRING = str(XSD.string)


@lru_cache(maxsize=1 << 16)
def ox_term(term: Node) -> OxTerm:
    """`term` as Oxigraph's term; a plain rdflib literal is an xsd:string, as in RDF 1.1."""
    if type(term) is URIRef:  # type() rather than isinstance: rdflib's terms make that an ABC check
        return ox.NamedNode(term)
    if type(term) is Literal:
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = term.datatype
        return ox.Literal(str(term), datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(str(term))
    if type(term) is BNode:
        return ox.BlankNode(term)
    raise TypeError(f"not an RDF term of a statement: {term!r}")


def quads(graph: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> list[ox.Quad]:
    """`triples` as the store's quads of the named graph `graph`."""
    name = cast(ox.NamedNode, ox_term(graph))
    return [
        ox.Quad(
            cast(ox.NamedNode | ox.BlankNode, ox_term(s)), cast(ox.NamedNode, ox_term(p)), ox_term(o), name
        )
        for s, p, o in triples
    ]


@lru_cache(maxsize=1 << 16)
def rdflib_term(term: OxTerm) -> URIRef | BNode | Literal:
    """An Oxigraph term as rdflib parses it from Turtle, where a plain string has no datatype."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))


def rdflib_triples(quads: Iterable[ox.Quad]) -> Iterable[tuple[Node, Node, Node]]:
    """The statements of `quads` in rdflib's terms, whatever graph each is in."""
    for q in quads:
        yield rdflib_term(q.subject), rdflib_term(q.predicate), rdflib_term(q.object)
