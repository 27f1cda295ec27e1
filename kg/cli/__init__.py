"""The `kg` command line. Library functions return; only this module prints and exits."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from kg.errors import KgError
from kg.explore.show import notice_pages_command, show_command
from kg.export import export_command
from kg.graph.validate import validate_command
from kg.query.sparql import query_command
from kg.serve.server import serve_command

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
    workers: Annotated[
        int | None, typer.Option(min=1, help="Processes that extract in parallel (default: every core).")
    ] = None,
    validate: Annotated[bool, typer.Option(help="Check each notice's graph against the shapes.")] = True,
    notice_pages: Annotated[
        bool,
        typer.Option(help="Also write DIR/notices/: each notice's text, what was read in it marked."),
    ] = False,
    push: Annotated[
        str | None, typer.Option(metavar="URL", help="Then push the graph to this Graph Store endpoint.")
    ] = None,
) -> None:
    """Read notices into DIR/graph.ttl (all statements), graph.trig, graph.nq, store/ (a graph per notice).

    A rebuild into the same DIR extracts only the files that changed since the last build.
    """
    from rich.progress import Progress

    from kg.build.run import build as run_build
    from kg.ingest.read import iter_inputs

    try:
        total = len(iter_inputs(inputs))
        with Progress(console=err, transient=True) as progress:
            task = progress.add_task("reading notices", total=total)

            def on_file(result) -> None:
                if result.ok:
                    kept = " (unchanged)" if result.cached else ""
                    progress.console.print(f"{result.path.name}: {len(result.notices)} notice(s){kept}")
                else:
                    progress.console.print(f"[yellow]{result.path}: skipped — {result.error}[/yellow]")
                progress.advance(task)

            report = run_build(
                inputs,
                out,
                strict=strict,
                workers=workers,
                validate=validate,
                notice_pages=notice_pages,
                on_file=on_file,
            )
    except KgError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    for line in report.violations[:_SHOWN_VIOLATIONS]:
        err.print(line, markup=False, highlight=False)
    if report.violations:
        shown = f"{len(report.violations)} violation(s) of the shapes; `kg validate {out}` lists all"
        err.print(f"[yellow]{shown}[/yellow]")
    for note in report.notes:
        err.print(note, markup=False)
    done = "up to date" if report.up_to_date else f"{report.extracted} file(s) read"
    err.print(
        f"built {report.notices} notice(s) from {len(report.files) - len(report.failed)} of "
        f"{len(report.files)} file(s) into {report.out}/ ({done})"
    )
    if push:
        push_command(push, out)


_SHOWN_VIOLATIONS = 20


@app.command("push")
def push_command(
    url: Annotated[
        str, typer.Argument(help="Graph Store endpoint, e.g. http://localhost:7878/store (Oxigraph).")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="The build's folder.")] = Path("output"),
    resend: Annotated[bool, typer.Option(help="Send every graph, even those already sent.")] = False,
) -> None:
    """Load a build into a SPARQL server, one named graph per notice (SPARQL 1.1 Graph Store Protocol).

    Each graph is PUT, replacing the server's copy; graphs of notices since removed are deleted.
    """
    from kg.push import push as run_push

    try:
        report = run_push(out, url, resend=resend)
    except KgError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    err.print(
        f"pushed {report.sent} graph(s) to {report.url} ({report.unchanged} unchanged, "
        f"{report.deleted} deleted)"
    )


@app.command()
def stages() -> None:
    """Print the pipeline's stages in order."""
    from kg.build.pipeline import describe
    from kg.extract.nlp import COMPONENTS

    print(describe())
    print("extract components: " + (", ".join(COMPONENTS) or "(none)"))


app.command("show")(show_command)
app.command("notice-pages")(notice_pages_command)
app.command("validate")(validate_command)
app.command("query")(query_command)
app.command("serve")(serve_command)
app.command("export")(export_command)


def main() -> None:  # pragma: no cover - console entry point
    sys.exit(app())
