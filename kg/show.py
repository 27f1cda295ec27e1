"""`kg show ENTITY`: one entity's neighbourhood as an explorer page, read from a built graph."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from kg.errors import KgError


def load_graph(folder: Path):
    """The graph `kg build` wrote to FOLDER/graph.ttl."""
    from rdflib import Graph

    path = folder / "graph.ttl"
    if not path.is_file():
        raise KgError(f"{path} does not exist: run `kg build … --out {folder}` first, or pass --dir")
    return Graph().parse(path, format="turtle")


# The folder `kg build --out` wrote: both commands read its graph.ttl.
BuiltFolder = Annotated[
    Path, typer.Option("--dir", help="Folder holding graph.ttl, as `kg build --out` wrote it.")
]


@contextmanager
def _exit_on_error() -> Iterator[None]:
    """Print a KgError as one line and exit 1: the CLI's side of the library's exceptions."""
    try:
        yield
    except KgError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc


def show_command(
    entity: Annotated[str, typer.Argument(help="Label, alias or IRI of the entity to centre on.")],
    depth: Annotated[
        int, typer.Option("--depth", "-d", min=0, help="How many links out from ENTITY to draw.")
    ] = 2,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Page to write (default: DIR/show.html).")
    ] = None,
    folder: BuiltFolder = Path("output"),
) -> None:
    """Write a self-contained HTML page of ENTITY and everything within DEPTH links of it."""
    from kg.render import find_entity, render_html, to_networkx

    with _exit_on_error():
        view = to_networkx(load_graph(folder))
        page = render_html(view, out or folder / "show.html", focus=find_entity(view, entity), depth=depth)
    typer.echo(str(page))


def notice_pages_command(
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Folder for the pages (default: DIR/explore/).")
    ] = None,
    folder: BuiltFolder = Path("output"),
) -> None:
    """Write one explorer page per notice: the entities its statements and evidence touch."""
    from kg.render import render_notice_pages

    target = out or folder / "explore"
    with _exit_on_error():
        pages = render_notice_pages(load_graph(folder), target)
    typer.echo(f"{len(pages)} page(s) in {target}/")
