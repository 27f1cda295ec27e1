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
            help="give the query's parameter NAME (a VALUES ?NAME { UNDEF } in it) a value; repeatable",
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=0, help="items per page (replaces the query's LIMIT)")
    ] = None,
    offset: Annotated[int | None, typer.Option("--offset", min=0, help="items to skip: the page")] = None,
    max_rows: MaxRows = 10_000,
) -> None:
    """Run a SPARQL query on a built store and print the answer.

    A piped table keeps every column whole; a note says when --max-rows cut the answer short.
    """
    from kg.query.sparql import bind, cut_note, format_result, page, read_query, run_query

    sparql = page(bind(read_query(query), parse_binds(binds or [])), limit, offset)
    result = run_query(sparql, store=out, limit=max_rows)
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
