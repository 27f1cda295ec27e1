"""`kg build`, `kg push` and `kg stages`: make a build, send it to a SPARQL server, show the pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kg.cli.errors import err, say_note
from kg.cli.options import DEFAULT_BUILD, BuildFolder

if TYPE_CHECKING:
    from kg.build.parallel import FileOutput

SHOWN_VIOLATIONS = 20
"""Violations a build lists; `kg validate` lists them all."""


def build(
    inputs: Annotated[list[Path], typer.Argument(help="Notice files or folders (.txt .html .pdf .docx).")],
    out: BuildFolder = DEFAULT_BUILD,
    strict: Annotated[bool, typer.Option(help="Fail, writing nothing, if any input file fails.")] = False,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Processes that extract in parallel (default: every core).")
    ] = None,
    validate: Annotated[bool, typer.Option(help="Check each notice's graph against the shapes.")] = True,
    notice_pages: Annotated[
        bool,
        typer.Option(help="Also write DIR/notices/: each notice's text, what was read in it marked."),
    ] = False,
    formats: Annotated[
        str,
        typer.Option(
            metavar="LIST", help="Also write these, comma-separated: trig (graph.trig), nquads (graph.nq)."
        ),
    ] = "",
    push: Annotated[
        str | None, typer.Option(metavar="URL", help="Then push the graph to this Graph Store endpoint.")
    ] = None,
) -> None:
    """Read notices into DIR/store/ (a graph per notice), graph.ttl (all statements) and graph.html.

    A rebuild into the same DIR extracts only the files that changed since the last build.
    `--formats trig,nquads` or `kg export` write the named graphs as files.
    """
    from rich.progress import Progress

    from kg.build.run import build as run_build
    from kg.explore.annotate import render_notice
    from kg.explore.site import SITE
    from kg.ingest.read import iter_inputs

    total = len(iter_inputs(inputs))
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("reading notices", total=total)

        def on_file(result: FileOutput) -> None:
            if result.ok:
                kept = " (unchanged)" if result.cached else ""
                say_note(f"{result.path.name}: {len(result.notices)} notice(s){kept}")
            else:
                say_note(f"{result.path}: skipped — {result.error}", style="yellow")
            progress.advance(task)

        report = run_build(
            inputs,
            out,
            strict=strict,
            workers=workers,
            validate=validate,
            notice_page=render_notice if notice_pages else None,
            formats=[f.strip() for f in formats.split(",") if f.strip()],
            sinks=[SITE],
            on_file=on_file,
        )
    for line in report.violations[:SHOWN_VIOLATIONS]:
        say_note(line)
    if report.violations:
        shown = f"{len(report.violations)} violation(s) of the shapes; `kg validate --out {out}` lists all"
        say_note(shown, style="yellow")
    for note in report.notes:
        say_note(note)
    done = "up to date" if report.up_to_date else f"{report.extracted} file(s) read"
    say_note(
        f"built {report.notices} notice(s) from {len(report.files) - len(report.failed)} of "
        f"{len(report.files)} file(s) into {report.out}/ ({done})"
    )
    if push:
        send(push, out)


def send(
    url: Annotated[
        str, typer.Argument(help="Graph Store endpoint, e.g. http://localhost:7878/store (Oxigraph).")
    ],
    out: BuildFolder = DEFAULT_BUILD,
    resend: Annotated[bool, typer.Option(help="Send every graph, even those already sent.")] = False,
    connections: Annotated[int, typer.Option(min=1, help="Graphs sent at once, each on a connection.")] = 4,
) -> None:
    """Load a build into a SPARQL server, one named graph per notice (SPARQL 1.1 Graph Store Protocol).

    Each graph is PUT, replacing the server's copy; graphs of notices since removed are deleted.
    """
    from kg.push import push

    report = push(out, url, resend=resend, connections=connections)
    say_note(
        f"pushed {report.sent} graph(s) to {report.url} ({report.unchanged} unchanged, "
        f"{report.deleted} deleted)"
    )


def stages() -> None:
    """Print the pipeline's stages in order."""
    from kg.build.pipeline import describe
    from kg.extract.nlp import COMPONENTS

    typer.echo(describe())
    typer.echo("extract components: " + (", ".join(COMPONENTS) or "(none)"))
