"""Run SPARQL over a built graph, on the Oxigraph store or on an rdflib graph, with one result type.

The default graph is the union of the notices' named graphs in both engines. Oxigraph's union
keeps a triple once per notice that states it, rdflib's once: count with DISTINCT to get the
same answer from both (the saved queries in queries/ do). The prefixes in `PREFIXES` may be used
without declaring them.

A saved query answers about one entity when given it (`bind`) and one page at a time (`page`),
so that its work is bounded however large the store.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, cast
from xml.etree import ElementTree as ET

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.query import ResultRow
from rdflib.term import Node

from kg.errors import QueryError
from kg.graph.assemble import nt
from kg.graph.vocab import ID, XC

if TYPE_CHECKING:
    import pyoxigraph

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
QUERIES_DIR = Path(str(resources.files("kg.query") / "saved"))
FORMATS = ("table", "csv", "tsv", "json", "xml")


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

    from kg.graph.store import resolve_store

    try:
        db = ox.Store.read_only(str(resolve_store(store)))
    except OSError as err:
        raise QueryError(f"{store}: cannot open the store read-only ({err})") from err
    return run_on_store(db, sparql, limit=limit)


def run_on_store(db, sparql: str, *, limit: int | None = None) -> Result:
    """Answer `sparql` from an open `pyoxigraph.Store`, for callers that keep one open."""
    import pyoxigraph as ox

    try:
        # the default graph holds each fact once (kg.graph.store.union_as_default_graph)
        answer = db.query(sparql, prefixes=PREFIXES)
    except SyntaxError as err:
        raise QueryError(f"not a SPARQL query: {err}") from err
    if isinstance(answer, ox.QueryBoolean):
        return Result("ASK", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = tuple(v.value for v in answer.variables)
        rows = tuple(tuple(_from_ox(s[i]) for i in range(len(variables))) for s in islice(answer, limit))
        return Result("SELECT", variables, rows, truncated=_more(answer, limit))
    from kg.graph.store import rdflib_term

    g = _graph()
    for t in islice(answer, limit):
        g.add((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)))
    return Result("CONSTRUCT", graph=g, truncated=_more(answer, limit))


def _more(iterator: Iterator[object], limit: int | None) -> bool:
    return limit is not None and next(iterator, None) is not None


def _from_ox(term: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | None) -> Node | None:
    """A solution's value as an rdflib term, None where the variable is unbound."""
    from kg.graph.store import rdflib_term

    return None if term is None else rdflib_term(term)


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
        variables = tuple(str(v) for v in answer.vars or ())
        # a SELECT answer iterates as ResultRow, the only one of Result.__iter__'s three kinds here
        rows = cast(Iterator[ResultRow], iter(answer))
        kept = tuple(tuple(row) for row in islice(rows, limit))
        return Result("SELECT", variables, kept, truncated=_more(rows, limit))
    assert answer.graph is not None, "CONSTRUCT and DESCRIBE answer with a graph"
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
    """The query text: the .rq file `text_or_file` names (as a path or a saved query's name), or itself.

    Text that reads as SPARQL, or is too long to be a file name, is never looked up on disk: a
    long one-line query would otherwise make the file system refuse the name. A word that names
    no file and no saved query is a misspelt name, not a query: the error lists the nearest ones.
    """
    if _reads_as_sparql(text_or_file):
        return text_or_file
    for path in (Path(text_or_file), QUERIES_DIR / text_or_file, QUERIES_DIR / f"{text_or_file}.rq"):
        if path.is_file():
            return path.read_text(encoding="utf-8")
    if text_or_file.endswith(".rq") or _QUERY_NAME.fullmatch(text_or_file):
        raise QueryError(f"{text_or_file}: no such query file or saved query; {_nearest(text_or_file)}")
    return text_or_file


# How a query starts (after blanks): a comment or the keyword of its prologue or form.
_SPARQL_START = re.compile(r"\s*(?:#|(?:PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE)\b)", re.IGNORECASE)
_QUERY_NAME = re.compile(r"[\w.-]+")
# The longest file name (one path component) Linux, macOS and Windows file systems accept, in bytes.
_NAME_MAX = 255


def _reads_as_sparql(text: str) -> bool:
    return (
        "\n" in text
        or "{" in text
        or bool(_SPARQL_START.match(text))
        or any(len(os.fsencode(part)) > _NAME_MAX for part in Path(text).parts)
    )


def _nearest(name: str) -> str:
    """The saved queries a misspelt `name` may mean, or all of them when none is near."""
    names = list(saved_queries())
    close = difflib.get_close_matches(Path(name).name.removesuffix(".rq"), names, n=3, cutoff=0.6)
    if close:
        return f"did you mean {' or '.join(close)}?"
    return f"the saved queries are {', '.join(names)}"


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
# Parameters and pages. A parameter is a `VALUES ?name { UNDEF }` in the query (unbound, it
# matches anything); `bind` fills it in. The page is the query's LIMIT and OFFSET.

# Comments, strings and IRIs: where a keyword is not code.
_NOT_CODE = re.compile(
    "|".join(
        (
            r'"""[\s\S]*?"""',
            r"'''[\s\S]*?'''",
            r'"(?:[^"\\\n]|\\.)*"',
            r"'(?:[^'\\\n]|\\.)*'",
            r'<[^<>"{}|^`\\\x00-\x20]*>',
            r"#[^\n]*",
        )
    )
)
_PARAMETER = re.compile(r"\bVALUES\s+\?(\w+)\s*\{\s*UNDEF\s*\}", re.IGNORECASE)
_PAGE = re.compile(
    r"\b(?:LIMIT\s+(?P<l1>\d+)(?:\s+OFFSET\s+(?P<o1>\d+))?"
    r"|OFFSET\s+(?P<o2>\d+)(?:\s+LIMIT\s+(?P<l2>\d+))?)\b",
    re.IGNORECASE,
)
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')


def _code(sparql: str) -> str:
    """`sparql` with comments, strings and IRIs blanked out (offsets kept), to find keywords in."""
    return _NOT_CODE.sub(lambda m: " " * len(m.group()), sparql)


def parameters(sparql: str) -> tuple[str, ...]:
    """The names `bind` can give a value in `sparql`, in order of appearance."""
    return tuple(dict.fromkeys(m.group(1) for m in _PARAMETER.finditer(_code(sparql))))


def bind(sparql: str, values: Mapping[str, str]) -> str:
    """`sparql` with each parameter named in `values` restricted to its value.

    A value written `<…>` is an IRI. Any other is text, bound both as a Chinese literal (the
    graph's names and titles) and as a plain one (file names, document numbers), so that it
    matches whichever the graph holds. Values are escaped as SPARQL terms, never pasted in.
    """
    known = parameters(sparql)
    unknown = sorted(set(values) - set(known))
    if unknown:
        takes = ", ".join(known) or "none"
        raise QueryError(f"the query has no parameter {', '.join(unknown)} (its parameters: {takes})")
    out, at = [], 0
    for m in _PARAMETER.finditer(_code(sparql)):
        if m.group(1) in values:
            out += [sparql[at : m.start()], f"VALUES ?{m.group(1)} {{ {_terms(values[m.group(1)])} }}"]
            at = m.end()
    return "".join(out) + sparql[at:]


def _terms(value: str) -> str:
    if value.startswith("<") and value.endswith(">"):
        if not _IRIREF.fullmatch(value):
            raise QueryError(f"{value}: not an IRI (no spaces, quotes, braces or backslashes)")
        return value
    return f"{nt(Literal(value, lang='zh'))} {nt(Literal(value))}"


def page(sparql: str, limit: int | None = None, offset: int | None = None) -> str:
    """`sparql` answering `limit` items from `offset` on, given either or both.

    The page is the query's one LIMIT (with its OFFSET): a saved query puts it on the items it
    lists (notices, inspections, …), inside a subquery where only those items should be looked
    at. A query without one gets one at the end; one with several must be paged in its text.
    """
    if limit is None and offset is None:
        return sparql
    clauses = list(_PAGE.finditer(_code(sparql)))
    if len(clauses) > 1:
        raise QueryError("the query has several LIMIT or OFFSET clauses: page it in its own text")
    if not clauses:
        return f"{sparql.rstrip()}\n{_page_clause(limit, offset)}\n"
    m = clauses[0]
    limit = limit if limit is not None else _number(m.group("l1") or m.group("l2"))
    offset = offset if offset is not None else _number(m.group("o1") or m.group("o2"))
    return sparql[: m.start()] + _page_clause(limit, offset) + sparql[m.end() :]


def _number(digits: str | None) -> int | None:
    return None if digits is None else int(digits)


def _page_clause(limit: int | None, offset: int | None) -> str:
    return " ".join(
        f"{keyword} {n}" for keyword, n in (("LIMIT", limit), ("OFFSET", offset)) if n is not None
    )


# ---------------------------------------------------------------------------------------------
# Formats: the SPARQL 1.1 results formats (JSON, XML, CSV, TSV) and a table for people.


def format_result(result: Result, fmt: str, *, width: int | None = 120) -> str:
    """`result` written as `fmt` (one of FORMATS); a graph answer is Turtle, or JSON-LD for json.

    A table fits in `width` columns, or takes the width its cells need when `width` is None, as
    output read by a program or saved to a file must not be cut.
    """
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


def _table(result: Result, width: int | None) -> str:
    from rich.console import Console
    from rich.table import Table

    if result.kind == "ASK":
        return f"{str(result.boolean).lower()}\n"
    table = Table(*result.variables, show_lines=False)
    for row in result.rows:
        table.add_row(*(short(t) for t in row))
    console = Console(width=width or _UNBOUNDED, force_terminal=False, color_system=None)
    text = "".join(segment.text for segment in console.render(table))
    cut = f"{cut_note(result)}\n" if result.truncated else ""
    return text + f"{len(result.rows)} row(s)\n" + cut


# A width no table reaches: rich lays a table out at its natural width when given this much room.
_UNBOUNDED = 1_000_000


def cut_note(result: Result) -> str:
    """The sentence saying that the row cap cut `result` short, in words every output uses."""
    unit = "triples" if result.kind == "CONSTRUCT" else "rows"
    count = len(result.graph) if result.graph is not None else len(result.rows)
    return f"the answer was cut at {count} {unit}; more exist"
