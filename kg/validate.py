"""Check a built graph against ontology/shapes.ttl with pySHACL and say what is wrong in plain words.

Every violation becomes one line "<Kind> <iri> "label" <what is wrong> (value: …)", where the
words come from the shape's sh:message, so a reader needs no SHACL to act on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated

import typer
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import SH

import kg
from kg.graph import union

ONTOLOGY_DIR = Path(kg.__file__).resolve().parent.parent / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "xuncha.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"


@dataclass(frozen=True, slots=True)
class Report:
    """Whether the graph conforms, and each violation as one sentence, sorted."""

    conforms: bool
    violations: tuple[str, ...] = ()


@cache
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE)


@cache
def class_hierarchy() -> Graph:
    """The ontology's rdfs:subClassOf links between named classes, all that sh:class needs.

    The whole ontology is not handed to pySHACL: mixing its blank-node class expressions
    (owl:unionOf, owl:oneOf) into the data graph takes pySHACL seconds where this takes none.
    """
    ontology = Graph().parse(ONTOLOGY_FILE)
    hierarchy = Graph()
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            hierarchy.add((sub, RDFS.subClassOf, sup))
    return hierarchy


def validate(graph: Graph) -> Report:
    """Validate `graph` (a Dataset is validated as the union of its named graphs)."""
    from pyshacl import validate as shacl_validate

    # pySHACL clones the data graph before mixing the class hierarchy in, unless told it may work
    # in place: a Dataset's union is ours to change, a caller's own Graph is not
    own = isinstance(graph, Dataset)
    data = union(graph) if own else graph
    conforms, results, _ = shacl_validate(
        data, shacl_graph=shapes(), ont_graph=class_hierarchy(), inference="none", inplace=own
    )
    violations = sorted(_describe(results, data, r) for r in results.subjects(RDF.type, SH.ValidationResult))
    return Report(conforms=bool(conforms), violations=tuple(violations))


def _describe(results: Graph, data: Graph, result) -> str:
    focus = results.value(result, SH.focusNode)
    shape = results.value(result, SH.sourceShape)
    node_shape = shapes().value(predicate=SH.property, object=shape) or shape
    target = shapes().value(node_shape, SH.targetClass)
    kind = target.fragment if isinstance(target, URIRef) else "Node"
    label = data.value(focus, RDFS.label)
    message = results.value(result, SH.resultMessage)
    value = results.value(result, SH.value)
    words = [kind, _term(focus)]
    if label is not None:
        words.append(f'"{label}"')
    words.append(str(message))
    if value is not None:
        words.append(f"(value: {_term(value)})")
    return " ".join(words)


def _term(node) -> str:
    if isinstance(node, Literal):
        return node.n3()
    return f"<{node}>" if isinstance(node, URIRef) else str(node)


def validate_command(
    target: Annotated[
        Path,
        typer.Argument(help="a build's --out folder, its store/ folder, or an RDF file (.ttl .trig .nq)"),
    ] = Path("output"),
) -> None:
    """Check a built graph against ontology/shapes.ttl; exit 0 if it conforms, 1 if not, 2 on error."""
    from kg.errors import KgError
    from kg.store import open_graph

    try:
        report = validate(open_graph(target))
    except KgError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    for line in report.violations:
        typer.echo(line)
    if report.conforms:
        typer.echo(f"{target}: conforms to {SHAPES_FILE.name}")
        return
    typer.echo(f"{target}: {len(report.violations)} violation(s) of {SHAPES_FILE.name}")
    raise typer.Exit(1)
