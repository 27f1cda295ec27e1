"""Check a built graph against ontology/shapes.ttl and say what is wrong in plain words.

The engine is shacl-rust (Rust, from PyPI): it validates a notice's thousand statements in
milliseconds where pySHACL took over half a second, which made validation most of a build's
time. Every violation becomes one line "<Kind> <iri> "label" <what is wrong> (value: …)", where
the words come from the shape's sh:message, so a reader needs no SHACL to act on it.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import RDF, RDFS, Dataset, Graph, URIRef
from rdflib.namespace import SH

from kg.graph.assemble import union
from kg.ontology import ONTOLOGY, SHAPES

# installed as package data (kg.ontology), always as files: shacl-rust reads the shapes by path
ONTOLOGY_FILE = Path(str(ONTOLOGY))
SHAPES_FILE = Path(str(SHAPES))


@dataclass(frozen=True, slots=True)
class Report:
    """Whether the graph conforms, and each violation as one sentence, sorted."""

    conforms: bool
    violations: tuple[str, ...] = ()


@cache
def shapes_text() -> str:
    return SHAPES_FILE.read_text(encoding="utf-8")


@cache
def class_hierarchy() -> str:
    """The ontology's rdfs:subClassOf links between named classes, as N-Triples.

    sh:class follows rdfs:subClassOf in the data graph, so these go in with the data; the rest
    of the ontology (its blank-node class expressions above all) would only slow the engine.
    """
    ontology = Graph().parse(ONTOLOGY_FILE)
    hierarchy = Graph()
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            hierarchy.add((sub, RDFS.subClassOf, sup))
    return hierarchy.serialize(format="nt")


@cache
def _kinds_by_message() -> dict[str, frozenset[str]]:
    """Each sh:message → the classes whose shapes say it, to name a violation's kind of node."""
    shapes = Graph().parse(data=shapes_text(), format="turtle")
    kinds: defaultdict[str, set[str]] = defaultdict(set)
    for shape, target in shapes.subject_objects(SH.targetClass):
        if not isinstance(target, URIRef):
            continue
        for node in (shape, *shapes.objects(shape, SH.property)):
            for message in shapes.objects(node, SH.message):
                kinds[str(message)].add(target.fragment)
    return {message: frozenset(k) for message, k in kinds.items()}


def validate(graph: Graph) -> Report:
    """Validate `graph` (a Dataset is validated as the union of its named graphs)."""
    data = union(graph) if isinstance(graph, Dataset) else graph
    return validate_ntriples(data.serialize(format="nt"), lambda: data)


def validate_ntriples(ntriples: str, data: Callable[[], Graph]) -> Report:
    """Validate the statements `ntriples` holds.

    `data()` gives the same statements as a graph, to name what is wrong in; it is only called
    when something is, so a conforming graph is never built in rdflib.
    """
    from shacl_rust import validate as shacl_validate

    results = shacl_validate(ntriples + class_hierarchy(), shapes_text(), data_format="nt")
    return _report(results, data)


def validate_store(store: Path, data: Callable[[], Graph]) -> Report:
    """Validate the union of a store's named graphs, streamed through a file rather than memory."""
    import pyoxigraph as ox
    from shacl_rust import validate_file

    with tempfile.TemporaryDirectory(prefix="kg-validate-") as tmp:
        triples = Path(tmp) / "union.nt"
        db = ox.Store.read_only(str(store))
        union_triples = db.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(union_triples, ox.QueryTriples)  # a CONSTRUCT answers with triples
        union_triples.serialize(triples, ox.RdfFormat.N_TRIPLES)
        with triples.open("a", encoding="utf-8") as sink:
            sink.write(class_hierarchy())
        results = validate_file(str(triples), str(SHAPES_FILE))
    return _report(results, data)


def _report(results: dict, data: Callable[[], Graph]) -> Report:
    graph = data() if results["results"] else Graph()
    violations = sorted(_describe(r, graph) for r in results["results"])
    return Report(conforms=bool(results["conforms"]), violations=tuple(violations))


def _describe(result: dict, data: Graph) -> str:
    """The sentence for one result of the engine; its sh:message is the last of its messages."""
    term = result["focusNode"]
    focus = URIRef(term[1:-1]) if term.startswith("<") else None
    message = result["messages"][-1]
    types = {t.fragment for t in data.objects(focus, RDF.type) if isinstance(t, URIRef)} if focus else set()
    candidates = _kinds_by_message().get(message, frozenset())
    kind = min(types & candidates or candidates or {"Node"})
    words = [kind, term]
    label = data.value(focus, RDFS.label) if focus else None
    if label is not None:
        words.append(f'"{label}"')
    words.append(message)
    if "value" in result:
        words.append(f"(value: {result['value']})")
    return " ".join(words)


def validate_built(target: Path) -> Report:
    """Validate what `target` names: a build's folder, its store/ folder, or an RDF file (.ttl .trig .nq)."""
    from kg.graph.store import open_graph, resolve_store

    if target.is_file():
        return validate(open_graph(target))
    return validate_store(resolve_store(target), lambda: open_graph(target))
