"""`kg validate` and `kg export`: check a build against the shapes, write it in other formats."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.errors import NOT_CONFORMING
from kg.cli.options import DEFAULT_BUILD, BuildFolder


def validate(out: BuildFolder = DEFAULT_BUILD) -> None:
    """Check a build (DIR may also be a store/ folder or an RDF file: .ttl .trig .nq) against the shapes.

    Exit 0 if it conforms, 1 if not (each violation on a line of its own), 2 if it could not be read.
    """
    from kg.graph.validate import SHAPES_FILE, validate_built

    report = validate_built(out)
    for line in report.violations:
        typer.echo(line)
    if report.conforms:
        typer.echo(f"{out}: conforms to {SHAPES_FILE.name}")
        return
    typer.echo(f"{out}: {len(report.violations)} violation(s) of {SHAPES_FILE.name}")
    raise typer.Exit(NOT_CONFORMING)


def export(
    fmt: Annotated[
        str, typer.Option("--format", help="turtle, trig, nquads, jsonld, graphml or gexf")
    ] = "trig",
    out: BuildFolder = DEFAULT_BUILD,
    to: Annotated[
        Path | None,
        typer.Option("--to", help="The file to write (default: DIR/export/graph.<suffix>)."),
    ] = None,
) -> None:
    """Write the built graph as RDF (turtle, trig, nquads, jsonld) or for Gephi (graphml, gexf)."""
    from kg.export import default_target, export
    from kg.graph.store import open_graph

    target = to or default_target(out, fmt)
    typer.echo(export(open_graph(out), fmt, target))
