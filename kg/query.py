"""Run SPARQL over a built graph, on the Oxigraph store or on an rdflib graph, with one result type.

The default graph is the union of the notices' named graphs in both engines. Oxigraph's union
keeps a triple once per notice that states it, rdflib's once: count with DISTINCT to get the
same answer from both (the saved queries in queries/ do). The prefixes in `PREFIXES` may be used
without declaring them.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Annotated
from xml.etree import ElementTree as ET

import typer
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.errors import KgError
from kg.vocab import ID, XC

PREFIXES: dict[str, str] = {
    "xc": str(XC._NS),
    "id": str(ID),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "org": str(ORG),
    "foaf": str(FOAF),
}
QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"
FORMATS = ("table", "csv", "tsv", "json", "xml")


class QueryError(KgError):
    """The query is not valid SPARQL, is an update, or has nothing to run on."""


@dataclass(frozen=True, slots=True)
class Result:
    """A query's answer in rdflib terms, whichever engine computed it.

    `kind` is SELECT, ASK or CONSTRUCT (DESCRIBE answers come as CONSTRUCT); `truncated` says
    that `limit` cut the rows or triples short.
    """

    kind: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Node | None, ...], ...] = ()
    boolean: bool | None = None
    graph: Graph | None = None
    truncated: bool = False


def run_query(
    sparql: str, store: Path | None = None, graph: Graph | None = None, *, limit: int | None = None
) -> Result:
    """Answer `sparql` from the Oxigraph store folder `store`, or else from the rdflib `graph`.

    `limit` caps the rows (or triples) returned, for callers that must bound their answer.
    """
    if store is not None:
        return _run_oxigraph(sparql, store, limit)
    if graph is not None:
        return _run_rdflib(sparql, graph, limit)
    raise QueryError("nothing to query: give a store folder or a graph")


def _run_oxigraph(sparql: str, store: Path, limit: int | None) -> Result:
    import pyoxigraph as ox

    from kg.store import resolve_store

    try:
        db = ox.Store.read_only(str(resolve_store(store)))
    except OSError as err:
        raise QueryError(f"{store}: cannot open the store read-only ({err})") from err
    return run_on_store(db, sparql, limit=limit)


def run_on_store(db, sparql: str, *, limit: int | None = None) -> Result:
    """Answer `sparql` from an open `pyoxigraph.Store`, for callers that keep one open."""
    import pyoxigraph as ox

    try:
        answer = db.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)
    except SyntaxError as err:
        raise QueryError(f"not a SPARQL query: {err}") from err
    if isinstance(answer, ox.QueryBoolean):
        return Result("ASK", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = tuple(v.value for v in answer.variables)
        rows = tuple(tuple(_from_ox(s[i]) for i in range(len(variables))) for s in islice(answer, limit))
        return Result("SELECT", variables, rows, truncated=_more(answer, limit))
    g = _graph()
    for t in islice(answer, limit):
        g.add((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)))
    return Result("CONSTRUCT", graph=g, truncated=_more(answer, limit))


def _more(iterator, limit: int | None) -> bool:
    return limit is not None and next(iterator, None) is not None


def _from_ox(term) -> Node | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _run_rdflib(sparql: str, graph: Graph, limit: int | None) -> Result:
    from pyparsing import ParseException

    if isinstance(graph, Dataset) and not graph.default_union:
        # A view over the same store whose default graph is the union, as in the Oxigraph store.
        graph = Dataset(store=graph.store, default_union=True)
    try:
        answer = graph.query(sparql, initNs=PREFIXES)
    except ParseException as err:
        raise QueryError(f"not a SPARQL query: {err}") from err
    if answer.type == "ASK":
        return Result("ASK", boolean=bool(answer.askAnswer))
    if answer.type == "SELECT":
        variables = tuple(str(v) for v in answer.vars)
        rows = iter(answer)
        kept = tuple(tuple(row) for row in islice(rows, limit))
        return Result("SELECT", variables, kept, truncated=_more(rows, limit))
    g = _graph()
    triples = iter(answer.graph)
    for t in islice(triples, limit):
        g.add(t)
    return Result("CONSTRUCT", graph=g, truncated=_more(triples, limit))


def _graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def read_query(text_or_file: str) -> str:
    """The query text: the .rq file `text_or_file` names (as a path or a saved query's name), or itself."""
    if "\n" not in text_or_file:
        for path in (Path(text_or_file), QUERIES_DIR / text_or_file, QUERIES_DIR / f"{text_or_file}.rq"):
            if path.is_file():
                return path.read_text(encoding="utf-8")
        if text_or_file.endswith(".rq"):
            raise QueryError(f"{text_or_file}: no such query file (saved queries are in {QUERIES_DIR})")
    return text_or_file


def saved_queries() -> dict[str, str]:
    """The saved competency queries, by file stem, in name order."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(QUERIES_DIR.glob("*.rq"))}


def question_of(sparql: str) -> str:
    """The question a saved query answers: its leading comment lines joined."""
    lines = []
    for line in sparql.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("# ").strip())
    return " ".join(x for x in lines if x)


# ---------------------------------------------------------------------------------------------
# Formats: the SPARQL 1.1 results formats (JSON, XML, CSV, TSV) and a table for people.


def format_result(result: Result, fmt: str, *, width: int = 120) -> str:
    """`result` written as `fmt` (one of FORMATS); a graph answer is Turtle, or JSON-LD for json."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if result.kind == "CONSTRUCT":
        assert result.graph is not None
        return result.graph.serialize(format="json-ld" if fmt == "json" else "turtle")
    if fmt == "table":
        return _table(result, width)
    return {"csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml}[fmt](result)


def _csv(result: Result) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if result.kind == "ASK":
        writer.writerows([["_askResult"], [str(result.boolean).lower()]])
        return out.getvalue()
    writer.writerow(result.variables)
    writer.writerows(["" if t is None else _plain(t) for t in row] for row in result.rows)
    return out.getvalue()


def _plain(term: Node) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _tsv(result: Result) -> str:
    if result.kind == "ASK":
        return f"?_askResult\n{str(result.boolean).lower()}\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else nt(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def nt(term: Node) -> str:
    """`term` in N-Triples syntax, one line whatever the literal holds."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    text = str(term)
    for raw, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
        text = text.replace(raw, escaped)
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype and term.datatype != XSD.string:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def _json(result: Result) -> str:
    if result.kind == "ASK":
        return json.dumps({"head": {}, "boolean": result.boolean})
    bindings = [
        {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    body = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(body, ensure_ascii=False)


def _xml(result: Result) -> str:
    ns = "http://www.w3.org/2005/sparql-results#"
    root = ET.Element("sparql", xmlns=ns)
    head = ET.SubElement(root, "head")
    if result.kind == "ASK":
        ET.SubElement(root, "boolean").text = str(result.boolean).lower()
        return ET.tostring(root, encoding="unicode", xml_declaration=True)
    for v in result.variables:
        ET.SubElement(head, "variable", name=v)
    results = ET.SubElement(root, "results")
    for row in result.rows:
        solution = ET.SubElement(results, "result")
        for v, t in zip(result.variables, row, strict=True):
            if t is None:
                continue
            binding = ET.SubElement(solution, "binding", name=v)
            j = _json_term(t)
            element = ET.SubElement(binding, j["type"])
            element.text = j["value"]
            if "xml:lang" in j:
                element.set("xml:lang", j["xml:lang"])
            if "datatype" in j:
                element.set("datatype", j["datatype"])
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def short(term: Node | None) -> str:
    """`term` as a person reads it: a prefixed name for an IRI, the bare text of a literal."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, ns in PREFIXES.items():
            if term.startswith(ns):
                return f"{prefix}:{term[len(ns) :]}"
        return f"<{term}>"
    return _plain(term)


def _table(result: Result, width: int) -> str:
    from rich.console import Console
    from rich.table import Table

    if result.kind == "ASK":
        return f"{str(result.boolean).lower()}\n"
    table = Table(*result.variables, show_lines=False)
    for row in result.rows:
        table.add_row(*(short(t) for t in row))
    out = io.StringIO()
    Console(file=out, width=width, force_terminal=False, color_system=None).print(table)
    note = " (cut at the limit)" if result.truncated else ""
    return out.getvalue() + f"{len(result.rows)} row(s){note}\n"


def query_command(
    query: Annotated[
        str, typer.Argument(help="SPARQL text, a .rq file, or the name of a saved query in queries/")
    ],
    store: Annotated[
        Path, typer.Option("--store", help="the store folder, or a build's --out folder holding store/")
    ] = Path("output"),
    fmt: Annotated[str, typer.Option("--format", help="table, csv, tsv, json or xml")] = "table",
) -> None:
    """Run a SPARQL query on a built store and print the answer."""
    import shutil

    try:
        result = run_query(read_query(query), store=store)
        text = format_result(result, fmt, width=shutil.get_terminal_size().columns)
    except KgError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(text, nl=False)
