"""`kg query`: run SPARQL on a build and print the answer, as a table for people or a standard format."""

from __future__ import annotations

import shutil
import sys
from typing import Annotated

import typer

from kg.cli.errors import say_note
from kg.cli.options import DEFAULT_BUILD, BuildFolder, MaxRows
from kg.errors import QueryError


def query(
    query: Annotated[
        str, typer.Argument(help="SPARQL text, a .rq file, or the name of a saved query (kg/query/saved/)")
    ],
    out: BuildFolder = DEFAULT_BUILD,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, tsv, json or xml")] = "table",
    binds: Annotated[
        list[str] | None,
        typer.Option(
            "--bind",
            metavar="NAME=VALUE",
            help="give the variable ?NAME the query selects a value (a saved query's comment names its "
            "parameters); <…> is an IRI, other text a name; repeatable",
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=0, help="items per page (replaces the query's LIMIT)")
    ] = None,
    offset: Annotated[int | None, typer.Option("--offset", min=0, help="items to skip: the page")] = None,
    max_rows: MaxRows = 10_000,
) -> None:
    """Run a SPARQL query on a build (or an RDF file: .ttl .trig .nq) and print the answer.

    A piped table keeps every column whole; a note says when --max-rows cut the answer short.
    """
    from kg.graph.store import read_store
    from kg.query.formats import cut_note, format_result
    from kg.query.sparql import page, read_query, run_query

    sparql = page(read_query(query), limit, offset)
    result = run_query(read_store(out), sparql, values=parse_binds(binds or []), max_rows=max_rows)
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    typer.echo(format_result(result, fmt, width=width), nl=False)
    if result.truncated and (fmt != "table" or result.kind == "CONSTRUCT"):
        say_note(f"note: {cut_note(result)} (--max-rows sets the cap)", style="yellow")


def parse_binds(items: list[str]) -> dict[str, str]:
    """--bind NAME=VALUE options as a mapping; a later value for a name wins."""
    values = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise QueryError(f"--bind {item}: write NAME=VALUE")
        values[name] = value
    return values
