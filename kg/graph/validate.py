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

import pyoxigraph as ox
from rdflib import RDF, RDFS, Dataset, Graph, URIRef
from rdflib.namespace import SH

from kg.graph.assemble import union
from kg.graph.terms import OxTerm
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
    return validate_ntriples(data.serialize(format="nt"), lambda: _in_memory(data))


def validate_ntriples(ntriples: str, data: Callable[[], ox.Store]) -> Report:
    """Validate the statements `ntriples` holds.

    `data()` gives the same statements as a store, to name what is wrong in; it is only called
    when something is, so a conforming notice is never loaded twice.
    """
    from shacl_rust import validate as shacl_validate

    results = shacl_validate(ntriples + class_hierarchy(), shapes_text(), data_format="nt")
    return _report(results, data)


def _in_memory(graph: Graph) -> ox.Store:
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    return store


# A build's statements: those of its notices' graphs (the default graph is their copy for
# queries), or, in a file without named graphs (graph.ttl), those of the default graph.
_NAMED_GRAPHS = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
_DEFAULT_GRAPH = "CONSTRUCT WHERE { ?s ?p ?o }"


def validate_store(db: ox.Store) -> Report:
    """Validate the statements of a store's notice graphs (of its default graph if it has none),
    streamed through a file rather than memory."""
    from shacl_rust import validate_file

    with tempfile.TemporaryDirectory(prefix="kg-validate-") as tmp:
        triples = Path(tmp) / "union.nt"
        named = next(iter(db.named_graphs()), None) is not None
        statements = db.query(_NAMED_GRAPHS if named else _DEFAULT_GRAPH)
        assert isinstance(statements, ox.QueryTriples)  # a CONSTRUCT answers with triples
        statements.serialize(triples, ox.RdfFormat.N_TRIPLES)
        with triples.open("a", encoding="utf-8") as sink:
            sink.write(class_hierarchy())
        results = validate_file(str(triples), str(SHAPES_FILE))
    return _report(results, lambda: db)


def _report(results: dict, data: Callable[[], ox.Store]) -> Report:
    """The engine's `results` in words; `data()` is a store holding the validated statements,
    where each violation's node is looked up, only called when there are violations."""
    store = data() if results["results"] else ox.Store()
    violations = sorted(_describe(r, store) for r in results["results"])
    return Report(conforms=bool(results["conforms"]), violations=tuple(violations))


def _describe(result: dict, data: ox.Store) -> str:
    """The sentence for one result of the engine; its sh:message is the last of its messages."""
    term = result["focusNode"]
    focus = ox.NamedNode(term[1:-1]) if term.startswith("<") else None
    message = result["messages"][-1]
    types = {URIRef(t.value).fragment for t in _objects(data, focus, RDF.type) if isinstance(t, ox.NamedNode)}
    candidates = _kinds_by_message().get(message, frozenset())
    kind = min(types & candidates or candidates or {"Node"})
    words = [kind, term]
    labels = [t.value for t in _objects(data, focus, RDFS.label) if isinstance(t, ox.Literal)]
    if labels:
        words.append(f'"{labels[0]}"')
    words.append(message)
    if "value" in result:
        words.append(f"(value: {result['value']})")
    return " ".join(words)


def _objects(data: ox.Store, subject: ox.NamedNode | None, predicate: URIRef) -> list[OxTerm | ox.Triple]:
    """The objects of `subject`'s `predicate` statements in any graph of `data`, in the store's order."""
    if subject is None:
        return []
    return [q.object for q in data.quads_for_pattern(subject, ox.NamedNode(predicate), None)]


def validate_built(target: Path) -> Report:
    """Validate what `target` names: a build's folder, its store/ folder, or an RDF file (.ttl .trig .nq)."""
    from kg.graph.store import read_store

    return validate_store(read_store(target))
