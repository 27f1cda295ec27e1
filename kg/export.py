"""Write a built graph out: RDF serializations, or a property graph (GraphML, GEXF) for Gephi.

Turtle has no named graphs, so it gets the union of the notices' graphs; TriG, N-Quads and
JSON-LD keep one named graph per notice. The property graph has a node per described entity
and an edge per entity-to-entity statement; literal values become node attributes, and the
xc:Evidence reifications are left out, since they would double every edge in a network view.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDF, Dataset, Literal, URIRef

from kg.errors import ExportError
from kg.graph.assemble import union
from kg.graph.vocab import XC

if TYPE_CHECKING:
    import networkx as nx

RDF_FORMATS = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}
NETWORK_FORMATS = ("graphml", "gexf")
FORMATS = (*RDF_FORMATS, *NETWORK_FORMATS)
SUFFIXES = {"turtle": ".ttl", "trig": ".trig", "nquads": ".nq", "jsonld": ".jsonld", "graphml": ".graphml"}


def export(ds: Dataset, fmt: str, out_path: Path) -> Path:
    """Write `ds` to `out_path` as `fmt` (one of FORMATS); return the path written."""
    check_format(fmt)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "turtle":
        union(ds).serialize(destination=out_path, format="turtle", encoding="utf-8")
    elif fmt in RDF_FORMATS:
        ds.serialize(destination=out_path, format=RDF_FORMATS[fmt], encoding="utf-8")
    else:
        import networkx as nx

        writer = nx.write_graphml if fmt == "graphml" else nx.write_gexf
        writer(property_graph(ds), out_path)
    return out_path


def _local(iri: URIRef) -> str:
    """The last segment of an IRI: 'conductedBy' for xc:conductedBy, 'label' for rdfs:label."""
    return iri.split("#")[-1].rsplit("/", 1)[-1]


def property_graph(ds: Dataset) -> nx.MultiDiGraph:
    """The graph as Gephi reads a property graph: a networkx MultiDiGraph with nodes keyed by IRI
    string, edges keyed by property name, and flat string attributes only (GraphML and GEXF hold
    no lists), unlike the explorer's view (`kg.explore.render.to_networkx`), which keeps rdflib
    terms and the evidence of each node for drawing.

    Each node carries `type` (its xc classes, comma-joined), `label` (its rdfs:label, else the
    IRI's last segment, as Gephi shows it) and one string attribute per literal property, several
    values joined with " | ". Each edge carries `label` (the property name) and `predicate` (its IRI).
    """
    import networkx as nx

    g = union(ds)
    evidence = set(g.subjects(RDF.type, XC.Sentence)) | set(g.subjects(XC.readIn))
    types: dict[URIRef, list[str]] = defaultdict(list)
    values: dict[URIRef, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    edges: set[tuple[URIRef, str, URIRef, URIRef]] = set()
    for s, p, o in g:
        if s in evidence or not isinstance(s, URIRef) or not isinstance(p, URIRef):
            continue
        if p == RDF.type:
            if isinstance(o, URIRef) and o.startswith(str(XC._NS)):
                types[s].append(_local(o))
        elif isinstance(o, Literal):
            values[s][_local(p)].append(str(o))
        elif isinstance(o, URIRef) and o not in evidence:
            edges.add((s, _local(p), o, p))
    nodes = set(types) | set(values) | {s for s, *_ in edges} | {o for *_, o, _ in edges}
    network = nx.MultiDiGraph()
    for node in sorted(nodes):
        attrs = {k: " | ".join(sorted(v)) for k, v in values.get(node, {}).items()}
        attrs["type"] = ",".join(sorted(types.get(node, [])))
        attrs.setdefault("label", _local(node))
        network.add_node(str(node), **attrs)
    for s, name, o, p in sorted(edges):
        network.add_edge(str(s), str(o), key=name, label=name, predicate=str(p))
    return network


def default_target(store: Path, fmt: str) -> Path:
    """Where `kg export` writes `fmt` when not told: export/graph.<suffix> beside the build's store."""
    from kg.graph.store import resolve_store

    check_format(fmt)
    return resolve_store(store).parent / "export" / f"graph{SUFFIXES.get(fmt, '.' + fmt)}"


def check_format(fmt: str) -> None:
    """Raise ExportError naming the formats when `fmt` is none of them."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
