"""Run SPARQL over a built graph on Oxigraph, the one engine every read goes through.

Queries read the store's default graph, which holds each statement of the notices' named graphs
once (`kg.graph.store.union_as_default_graph`); the prefixes in `PREFIXES` may be used without
declaring them. A saved query answers one page at a time (`page`) and, given a value for its
parameter (`run_query(values=…)`, `kg query --bind`), about one entity, so that its work is
bounded however large the store.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from itertools import islice
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.errors import QueryError
from kg.graph.terms import OxTerm
from kg.graph.vocab import ID, XC

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


@dataclass(frozen=True, slots=True)
class Result:
    """A query's answer in Oxigraph's terms, as much of it as the row cap lets through.

    `kind` is SELECT, ASK or CONSTRUCT (DESCRIBE answers come as CONSTRUCT); a SELECT answer has
    `variables` and `rows` (None where a variable is unbound), an ASK answer a `boolean`, a
    CONSTRUCT answer `triples`; `truncated` says that the cap cut the rows or triples short.
    """

    kind: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[OxTerm | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()
    truncated: bool = False


def run_query(
    db: ox.Store, sparql: str, *, values: Mapping[str, str] | None = None, max_rows: int | None = None
) -> Result:
    """Answer `sparql` from the store `db`, at most `max_rows` rows (or triples) of it.

    `values` gives variables the query selects a value each, written as `--bind` takes them
    (`bound_term`): Oxigraph substitutes the term for the variable throughout the query and the
    subqueries that select it (SPARQL SEP-0007), so a value is never pasted into the query text.
    The cap is applied while the answer is read, which stops Oxigraph's lazy evaluation there;
    one more row is read to tell whether the cap cut anything.
    """
    substitutions: dict[ox.Variable, OxTerm | ox.Triple] = {
        ox.Variable(name): bound_term(db, text) for name, text in (values or {}).items()
    }
    try:
        answer = db.query(sparql, prefixes=PREFIXES, substitutions=substitutions or None)
    except SyntaxError as err:
        raise QueryError(f"not a SPARQL query: {err}") from err
    except RuntimeError as err:  # Oxigraph refuses to substitute a variable the query does not select
        unselected = _UNSELECTED.search(str(err))
        if unselected is None:
            raise
        raise QueryError(
            f"the query has no parameter {unselected.group(1)}: --bind gives a value to a variable it selects"
        ) from err
    if isinstance(answer, ox.QueryBoolean):
        return Result("ASK", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        rows = tuple(tuple(solution) for solution in islice(answer, max_rows))
        variables = tuple(v.value for v in answer.variables)
        return Result("SELECT", variables, rows, truncated=_more(answer, max_rows))
    triples = tuple(islice(answer, max_rows))
    return Result("CONSTRUCT", triples=triples, truncated=_more(answer, max_rows))


def _more(answer: Iterator[object], max_rows: int | None) -> bool:
    return max_rows is not None and next(answer, None) is not None


# How Oxigraph says that a substituted variable is not one the query selects.
_UNSELECTED = re.compile(r"variable \?(\w+) in its SELECT projection")


def bound_term(db: ox.Store, text: str) -> OxTerm:
    """The RDF term a `--bind` value stands for: `<…>` is an IRI, any other text a literal.

    One literal, tagged Chinese (@zh) when some statement of `db` has that literal (names,
    titles, which the graph tags so), else plain (file names, document numbers): one index
    lookup that lets one parameter take either, as regulations_most_cited's title or number.
    """
    if text.startswith("<") and text.endswith(">"):
        try:
            return ox.NamedNode(text[1:-1])
        except ValueError as err:
            raise QueryError(f"{text}: not an IRI ({err})") from err
    chinese = ox.Literal(text, language="zh")
    return chinese if next(db.quads_for_pattern(None, None, chinese), None) is not None else ox.Literal(text)


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
# Pages. The page is the query's LIMIT and OFFSET, which are numbers in its text, not variables a
# value could be substituted for: `page` finds the one LIMIT clause outside comments, strings and
# IRIs and rewrites it.

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
_PAGE = re.compile(
    r"\b(?:LIMIT\s+(?P<l1>\d+)(?:\s+OFFSET\s+(?P<o1>\d+))?"
    r"|OFFSET\s+(?P<o2>\d+)(?:\s+LIMIT\s+(?P<l2>\d+))?)\b",
    re.IGNORECASE,
)


def _code(sparql: str) -> str:
    """`sparql` with comments, strings and IRIs blanked out (offsets kept), to find keywords in."""
    return _NOT_CODE.sub(lambda m: " " * len(m.group()), sparql)


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
