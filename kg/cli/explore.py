"""`kg show` and `kg notice-pages`: explorer pages of parts of a build."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.errors import say_note
from kg.cli.options import DEFAULT_BUILD, BuildFolder


def show(
    entity: Annotated[str, typer.Argument(help="Label, alias or IRI of the entity to centre on.")],
    depth: Annotated[
        int, typer.Option("--depth", "-d", min=0, help="How many links out from ENTITY to draw.")
    ] = 2,
    to: Annotated[Path | None, typer.Option("--to", help="Page to write (default: DIR/show.html).")] = None,
    out: BuildFolder = DEFAULT_BUILD,
) -> None:
    """Write a self-contained HTML page of ENTITY and everything within DEPTH links of it."""
    from kg.explore.show import write_show_page

    page, notes = write_show_page(out, entity, depth, to or out / "show.html")
    for note in notes:
        say_note(note)
    typer.echo(str(page))


def notice_pages(
    to: Annotated[
        Path | None, typer.Option("--to", help="Folder for the pages (default: DIR/explore/).")
    ] = None,
    out: BuildFolder = DEFAULT_BUILD,
) -> None:
    """Write one explorer page per notice: the entities its statements and evidence touch."""
    from kg.explore.show import write_notice_pages

    target = to or out / "explore"
    pages = write_notice_pages(out, target)
    typer.echo(f"{len(pages)} page(s) in {target}/")
