"""A query's answer written out: the standard formats by Oxigraph's own writers, a table for people.

The row cap is applied while the answer is read (`kg.query.sparql.run_query`), so what is
written is a `Result`, not the iterator Oxigraph answered with; and Oxigraph writes SELECT and
ASK answers only from such an iterator, which Python cannot make from rows. The rows kept are
therefore handed to Oxigraph as the SPARQL TSV results they are (a header of variables, then
each row's terms in N-Triples syntax, which is all TSV results are) and parsed back into one.
Capping in the query instead would mean rewriting its text (a LIMIT outside any subquery, FROM
clauses moved) and running it again to tell whether more rows exist.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.errors import QueryError
from kg.graph.terms import OxTerm
from kg.query.sparql import PREFIXES, Result

RESULTS_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
FORMATS = ("table", *RESULTS_FORMATS)


def serialize(result: Result, fmt: ox.QueryResultsFormat | ox.RdfFormat) -> bytes:
    """`result` written by Oxigraph: SELECT and ASK answers in a SPARQL results format, CONSTRUCT
    answers in an RDF format (with the prefixes of `PREFIXES` where it has prefixes)."""
    if result.kind == "CONSTRUCT":
        if not isinstance(fmt, ox.RdfFormat):
            raise QueryError(f"a graph is not written as {fmt.name}; ask for an RDF format")
        return ox.serialize(result.triples, format=fmt, prefixes=PREFIXES) or b""
    if not isinstance(fmt, ox.QueryResultsFormat):
        raise QueryError(f"{result.kind} results are not written as {fmt.name}; ask for a results format")
    return ox.parse_query_results(_tsv(result), ox.QueryResultsFormat.TSV).serialize(format=fmt) or b""


def _tsv(result: Result) -> bytes:
    """`result` as SPARQL TSV results: `true`/`false` for ASK, else header and rows of N-Triples terms."""
    if result.kind == "ASK":
        return b"true" if result.boolean else b"false"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in result.rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def format_result(result: Result, fmt: str, *, width: int | None = 120) -> str:
    """`result` written as `fmt` (one of FORMATS); a graph answer is Turtle, or JSON-LD for json.

    A table fits in `width` columns, or takes the width its cells need when `width` is None, as
    output read by a program or saved to a file must not be cut.
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if result.kind == "CONSTRUCT":
        rdf = ox.RdfFormat.JSON_LD if fmt == "json" else ox.RdfFormat.TURTLE
        return serialize(result, rdf).decode("utf-8")
    if fmt == "table":
        return _table(result, width)
    return serialize(result, RESULTS_FORMATS[fmt]).decode("utf-8")


def short(term: OxTerm | None) -> str:
    """`term` as a person reads it: a prefixed name for an IRI, the bare text of a literal."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in PREFIXES.items():
            if term.value.startswith(ns):
                return f"{prefix}:{term.value[len(ns) :]}"
        return str(term)
    return term.value if isinstance(term, ox.Literal) else str(term)


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
    if result.kind == "CONSTRUCT":
        return f"the answer was cut at {len(result.triples)} triples; more exist"
    return f"the answer was cut at {len(result.rows)} rows; more exist"
