"""Option types more than one command takes, so that each is spelt and explained the same everywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

BuildFolder = Annotated[
    Path,
    typer.Option(
        "--out",
        "-o",
        "--dir",
        metavar="DIR",
        help="The build's folder: what `kg build --out DIR` wrote (its store/ folder also works).",
    ),
]
"""The folder a build is written to and read from, in every command that touches a build."""

DEFAULT_BUILD = Path("output")

MaxRows = Annotated[
    int, typer.Option("--max-rows", min=1, help="Most rows (or triples) one answer holds; a note says so.")
]
"""The cap on one answer's size, for `kg query` and `kg serve`."""
