"""The statements a build's pages are drawn from, read from its store into plain dictionaries.

The explorer (`view`, `pages`) asks a graph for a node's objects, a value's subjects and a node's
properties, and walks every statement once. An rdflib Graph answers all of that, but filling one
costs more than drawing the pages: reading a 1,000-notice store into rdflib takes twice as long as
reading it into these two indexes. Tests and `kg show` still hand the explorer rdflib graphs;
both kinds answer the same four questions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from rdflib import Graph
from rdflib.term import Node

from kg.graph.terms import rdflib_triples

if TYPE_CHECKING:
    import pyoxigraph

Triple = tuple[Node, Node, Node]


class Triples:
    """Statements indexed by subject then predicate, and by predicate then object."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        self._spo: defaultdict[Node, defaultdict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        self._pos: defaultdict[Node, defaultdict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        self._size = 0
        for s, p, o in triples:
            self._spo[s][p].append(o)
            self._pos[p][o].append(s)
            self._size += 1

    @classmethod
    def from_store(cls, store: pyoxigraph.Store) -> Triples:
        """The default graph of a built store: every statement once (`union_as_default_graph`)."""
        import pyoxigraph as ox

        return cls(rdflib_triples(store.quads_for_pattern(None, None, None, ox.DefaultGraph())))

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[Triple]:
        for s, properties in self._spo.items():
            for p, objects in properties.items():
                for o in objects:
                    yield s, p, o

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        properties = self._spo.get(subject)
        return iter(properties.get(predicate, ()) if properties else ())

    def subjects(self, predicate: Node | None = None, obj: Node | None = None) -> Iterator[Node]:
        """The subjects of statements with `predicate` and `obj`; None matches any."""
        by_object: Iterable[Mapping[Node, list[Node]]] = (
            (self._pos.get(predicate) or {},) if predicate is not None else self._pos.values()
        )
        for index in by_object:
            if obj is not None:
                yield from index.get(obj, ())
            else:
                for subjects in index.values():
                    yield from subjects

    def predicate_objects(self, subject: Node) -> Iterator[tuple[Node, Node]]:
        for p, objects in (self._spo.get(subject) or {}).items():
            for o in objects:
                yield p, o


Statements = Graph | Triples
"""What the explorer reads: an rdflib graph (or dataset), or the statements of a store."""
