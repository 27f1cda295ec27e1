"""`kg show ENTITY` and `kg notice-pages`: explorer pages of parts of a built graph.

Both read the build's store/, `kg show` by index lookups and `kg notice-pages` one notice's named
graph at a time, so only what a page draws is ever loaded. A folder without a store is read from
its graph.ttl, which Oxigraph loads into memory first, the same lookups then running there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

import networkx as nx
from rdflib import RDF, Graph, URIRef
from rdflib.term import Node

from kg.errors import KgError, StoreError
from kg.explore.render import DEFAULT_TITLE, render_html, render_notice_pages
from kg.explore.view import (
    NAME_PREDICATES,
    VALUE_LINKS,
    entity_iri,
    match_name,
    names_of,
    neighbourhood,
    to_networkx,
)
from kg.graph.assemble import EVIDENCE_PREFIXES, fact_iri
from kg.graph.store import graph_path, read_store
from kg.graph.terms import rdflib_term
from kg.graph.vocab import ID, XC

if TYPE_CHECKING:
    import pyoxigraph as ox

HUB_LIMIT = 200
"""Most links followed from one node: a place named in thousands of notices would otherwise pull
every one of them, and everything near them, into a page nobody can read."""


def open_build(folder: Path) -> ox.Store:
    """The graph of the build in `folder` (or the store or RDF file `folder` names), to read from:
    its store, or else its graph.ttl, which Oxigraph loads into memory."""
    try:
        source = graph_path(folder)
    except StoreError:
        source = folder / "graph.ttl"
        if not source.is_file():
            raise KgError(
                f"{folder} holds no store/ and no graph.ttl: run `kg build … --out {folder}` first, "
                "or point --out at the build"
            ) from None
    return read_store(source)


def _small_graph() -> Graph:
    """An rdflib graph for the few thousand statements one page draws: SimpleMemory adds them
    three times faster than the default store, whose extra indexes a page never uses."""
    return Graph(store="SimpleMemory")


def _triple(quad: ox.Quad) -> tuple[Node, Node, Node]:
    return rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object)


@dataclass
class Neighbourhood:
    """What `kg show` draws: the view cut to the entities near `focus`, and the hubs it clipped."""

    view: nx.MultiDiGraph
    focus: URIRef
    clipped: dict[URIRef, int] = field(default_factory=dict)
    """Nodes with more than HUB_LIMIT links, each with how many links it has."""

    def title(self, depth: int) -> str | None:
        """A title saying the page is partial, or None when render_html's usual one is true."""
        if not self.clipped:
            return None
        label = self.view.nodes[self.focus]["label"]
        return f"{label} · {depth} 层关联（{len(self.clipped)} 个节点关联过多，各只画出 {HUB_LIMIT} 个）"

    def notes(self) -> list[str]:
        return [
            f"note: {self.view.nodes[n]['label']} <{n}> has {count} links; the page follows {HUB_LIMIT}"
            for n, count in self.clipped.items()
        ]


class StoreReader:
    """Index lookups on a build's store, across its named graphs, for one entity's page.

    Mirrors `kg.explore.view.to_networkx`: entities are id-namespace IRIs that are neither
    sentences nor statement keys, and every IRI-valued statement but rdf:type and VALUE_LINKS is
    a link, unless it ends at a sentence or at a class.
    """

    def __init__(self, store: ox.Store) -> None:
        import pyoxigraph as ox

        self.store = store
        self._named = ox.NamedNode
        self._type = ox.NamedNode(str(RDF.type))
        self._read_in = ox.NamedNode(str(XC.readIn))
        self._not_links = {self._type} | {ox.NamedNode(str(p)) for p in VALUE_LINKS}
        self._name_predicates = [ox.NamedNode(str(p)) for p in NAME_PREDICATES]
        self._drawable: dict[ox.NamedNode, bool] = {}

    def quads(self, s=None, p=None, o=None) -> Iterator[ox.Quad]:
        """The statements matching a pattern, each once: the store's default graph holds them all."""
        import pyoxigraph as ox

        return self.store.quads_for_pattern(s, p, o, ox.DefaultGraph())

    def drawable(self, node: ox.NamedNode) -> bool:
        """Whether a link may end at `node`: it is neither evidence (a sentence or a statement's
        key, known by its IRI) nor a class (an rdf:type object)."""
        if node not in self._drawable:
            self._drawable[node] = not node.value.startswith(EVIDENCE_PREFIXES) and not self._is_class(node)
        return self._drawable[node]

    def _is_class(self, node: ox.NamedNode) -> bool:
        return next(self.quads(None, self._type, node), None) is not None

    def is_entity(self, node: ox.NamedNode) -> bool:
        return node.value.startswith(str(ID)) and self.drawable(node)

    def links(self, node: ox.NamedNode) -> list[ox.NamedNode]:
        """`node`'s neighbours either way: those it links to, then those linking to it, by IRI."""
        out = set()
        if self.is_entity(node):
            out = {
                q.object
                for q in self.quads(node)
                if q.predicate not in self._not_links
                and isinstance(q.object, self._named)
                and self.drawable(q.object)
            }
        into = {
            q.subject
            for q in self.quads(None, None, node)
            if q.predicate not in self._not_links
            and isinstance(q.subject, self._named)
            and self.is_entity(q.subject)
        }
        ordered = sorted(out, key=str) + sorted(into - out, key=str)
        return [n for n in ordered if n != node]

    def neighbourhood(
        self, focus: ox.NamedNode, depth: int
    ) -> tuple[list[ox.NamedNode], dict[ox.NamedNode, int]]:
        """The nodes within `depth` links of `focus`, following at most HUB_LIMIT from any one;
        and the nodes that had more, with how many."""
        seen, frontier, clipped = {focus: None}, [focus], {}
        for _ in range(depth):
            reached = []
            for node in frontier:
                links = self.links(node)
                if len(links) > HUB_LIMIT:
                    clipped[node] = len(links)
                    links = links[:HUB_LIMIT]
                reached += [n for n in links if n not in seen]
                seen.update(dict.fromkeys(reached))
            frontier = reached
        return list(seen), clipped

    def subgraph(self, nodes: Iterable[ox.NamedNode]) -> Graph:
        """Every statement about `nodes`, the sentences those statements were read in, and the
        types and names of what they link to (an inspection with no name is labelled after its
        group and unit)."""
        nodes = set(nodes)
        graph = _small_graph()
        beyond = set()
        sentences = set()
        for node in nodes:
            for q in self.quads(node):
                triple = _triple(q)
                graph.add(triple)
                if q.predicate != self._type and isinstance(q.object, self._named) and q.object not in nodes:
                    beyond.add(q.object)
                for link in self.quads(self._named(str(fact_iri(*triple))), self._read_in):
                    graph.add(_triple(link))
                    sentences.add(link.object)
        for sentence in sentences:
            graph += (_triple(q) for q in self.quads(sentence))
        wanted = {self._type, *self._name_predicates}
        for node in beyond:
            graph += (_triple(q) for q in self.quads(node) if q.predicate in wanted)
        return graph

    def find(self, text: str) -> ox.NamedNode:
        """The entity `text` names, as `kg.explore.render.find_entity` finds it in the whole view.

        A name no change of case could alter (Chinese, digits) is looked up in the index; any
        other name, and a miss (whose error suggests close names), reads every name in the store.
        """
        text = text.strip()
        try:
            node = self._named(str(entity_iri(text)))
        except ValueError:  # not an IRI: a name
            node = None
        if node is not None and self.is_entity(node) and self._mentioned(node):
            return node
        key = text.casefold()
        if text.lower() == text.upper():
            hits = {n for n in self._named_exactly(text) if key in self._names(n)}
            if hits:
                labels = {URIRef(n.value): self._label(n) for n in hits}
                return self._named(str(match_name(text, {key: set(labels)}, labels.__getitem__)))
        names: dict[str, set[URIRef]] = defaultdict(set)
        labels = {}
        for entity, literals in self._all_names().items():
            labels[entity], aliases = names_of(literals)
            for name in filter(None, [labels[entity], *aliases]):
                names[name.casefold()].add(entity)
        return self._named(str(match_name(text, names, labels.__getitem__)))

    def _mentioned(self, node: ox.NamedNode) -> bool:
        return any(next(it, None) is not None for it in (self.quads(node), self.quads(None, None, node)))

    def _name_literals(self, node: ox.NamedNode) -> list[tuple[URIRef, str]]:
        return [
            (URIRef(q.predicate.value), cast("ox.Literal", q.object).value)
            for p in self._name_predicates
            for q in self.quads(node, p)
        ]

    def _label(self, node: ox.NamedNode) -> str:
        return names_of(self._name_literals(node))[0]

    def _names(self, node: ox.NamedNode) -> set[str]:
        """`node`'s label and aliases, casefolded: the names find_entity knows it by."""
        label, aliases = names_of(self._name_literals(node))
        return {name.casefold() for name in [label, *aliases]}

    def _named_exactly(self, text: str) -> set[ox.NamedNode]:
        """Entities with a name statement whose literal is `text`, plain or @zh as assembly writes it."""
        import pyoxigraph as ox

        return {
            q.subject
            for p in self._name_predicates
            for literal in (ox.Literal(text, language="zh"), ox.Literal(text))
            for q in self.quads(None, p, literal)
            if isinstance(q.subject, self._named) and self.is_entity(q.subject)
        }

    def _all_names(self) -> dict[URIRef, set[tuple[URIRef, str]]]:
        """Every entity's name statements: one pass over three predicates, for a miss only."""
        literals: dict[URIRef, set[tuple[URIRef, str]]] = defaultdict(set)
        for p in self._name_predicates:
            for q in self.quads(None, p):
                if isinstance(q.subject, self._named) and q.subject.value.startswith(str(ID)):
                    literals[URIRef(q.subject.value)].add(
                        (URIRef(p.value), cast("ox.Literal", q.object).value)
                    )
        return literals


def read_neighbourhood(folder: Path, entity: str, depth: int) -> Neighbourhood:
    """ENTITY and what is within DEPTH links of it, from the build in `folder`."""
    reader = StoreReader(open_build(folder))
    found = reader.find(entity)
    nodes, clipped = reader.neighbourhood(found, depth)
    # the subgraph also holds what the nodes link to, for their names: drawn are only the nodes
    view = to_networkx(reader.subgraph(nodes)).subgraph(URIRef(n.value) for n in nodes)
    return Neighbourhood(
        neighbourhood(view, URIRef(found.value), depth),
        URIRef(found.value),
        {URIRef(n.value): count for n, count in clipped.items()},
    )


def write_show_page(folder: Path, entity: str, depth: int, page: Path) -> tuple[Path, list[str]]:
    """Write the page of ENTITY and what is within DEPTH links of it; the page and notes on clipped hubs."""
    part = read_neighbourhood(folder, entity, depth)
    title = part.title(depth) or DEFAULT_TITLE
    written = render_html(part.view, page, focus=part.focus, depth=depth, title=title)
    return written, part.notes()


def write_notice_pages(folder: Path, target: Path) -> list[Path]:
    """Write one explorer page per notice of the build in `folder` into `target`; the pages written."""
    graphs = notice_graphs(open_build(folder))
    return [page for graph in graphs for page in render_notice_pages(graph, target)]


def notice_graphs(store: ox.Store) -> Iterator[Graph]:
    """The store's named graphs one at a time, each one notice's statements and their evidence.

    So a notice's page shows what that notice says: its side panel lists the evidence read in it,
    not every other notice's about the same entities, and memory holds one notice at a time. A
    graph.ttl has no named graphs: its one graph holds every notice, each page drawn from it.
    """
    names = sorted(store.named_graphs(), key=str)
    if not names:
        graph = Graph()  # indexed, unlike _small_graph: every notice's page looks its nodes up here
        graph += (_triple(q) for q in store.quads_for_pattern(None, None, None))
        yield graph
    for name in names:
        graph = _small_graph()
        graph += (_triple(q) for q in store.quads_for_pattern(None, None, None, name))
        yield graph
