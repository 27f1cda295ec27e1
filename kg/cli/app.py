"""The `kg` Typer app: every command, registered once, each behind the one error mapping."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

import kg
from kg.cli import build, explore, graph, query, serve
from kg.cli.errors import reporting_errors

app = typer.Typer(help="Turn 巡察整改情况通报 into an RDF knowledge graph.", no_args_is_help=True)


def _print_version(asked: bool) -> None:
    if asked:
        typer.echo(f"xuncha-kg {kg.__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Turn 巡察整改情况通报 into an RDF knowledge graph."""


COMMANDS: dict[str, Callable[..., Any]] = {
    "build": build.build,
    "push": build.send,
    "stages": build.stages,
    "query": query.query,
    "serve": serve.serve,
    "show": explore.show,
    "notice-pages": explore.notice_pages,
    "validate": graph.validate,
    "export": graph.export,
}
for _name, _command in COMMANDS.items():
    app.command(_name)(reporting_errors(_command))


def main() -> None:  # pragma: no cover - console entry point
    sys.exit(app())
