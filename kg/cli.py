"""The `kg` command line. Library functions return; only this module prints and exits."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from kg.errors import KgError
from kg.export import export_command
from kg.query import query_command
from kg.serve import serve_command
from kg.show import show_command
from kg.validate import validate_command

app = typer.Typer(help="Turn 巡察整改情况通报 into an RDF knowledge graph.", no_args_is_help=True)
err = Console(stderr=True)
OUT = Path("output")


@app.command()
def build(
    inputs: Annotated[list[Path], typer.Argument(help="Notice files or folders (.txt .html .pdf .docx).")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for graph.ttl and the other outputs.")
    ] = Path("output"),
    strict: Annotated[bool, typer.Option(help="Fail, writing nothing, if any input file fails.")] = False,
) -> None:
    """Read notices and write DIR/graph.ttl (all statements) and DIR/graph.trig (one graph per notice)."""
    from rich.progress import Progress

    from kg.build import build as run_build
    from kg.read import iter_inputs

    try:
        total = len(iter_inputs(inputs))
        with Progress(console=err, transient=True) as progress:
            task = progress.add_task("reading notices", total=total)

            def on_file(result) -> None:
                if result.ok:
                    progress.console.print(f"{result.path.name}: {len(result.notices)} notice(s)")
                else:
                    progress.console.print(f"[yellow]{result.path}: skipped — {result.error}[/yellow]")
                progress.advance(task)

            report = run_build(inputs, out, strict=strict, on_file=on_file)
    except KgError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    err.print(
        f"built {report.notices} notice(s) from {len(report.files) - len(report.failed)} of "
        f"{len(report.files)} file(s) into {report.out}/"
    )


@app.command()
def stages() -> None:
    """Print the pipeline's stages in order."""
    from kg.nlp import COMPONENTS
    from kg.pipeline import describe

    print(describe())
    print("extract components: " + (", ".join(COMPONENTS) or "(none)"))


app.command("show")(show_command)
app.command("validate")(validate_command)
app.command("query")(query_command)
app.command("serve")(serve_command)
app.command("export")(export_command)


def main() -> None:  # pragma: no cover - console entry point
    sys.exit(app())
