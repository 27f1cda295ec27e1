"""`kg serve`: a read-only SPARQL endpoint and query page over a build, until Ctrl-C."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.cli.errors import say_note
from kg.cli.options import DEFAULT_BUILD, BuildFolder, MaxRows

# A day: longer limits are no limit, and the clock functions refuse infinite or huge waits.
_LONGEST_LIMIT = 86_400.0


def _time_limit(value: float) -> float:
    if not 0 < value <= _LONGEST_LIMIT:  # also refuses nan
        raise typer.BadParameter(
            f"{value:g} s is not a time limit: give more than 0 s, at most a day (86400)"
        )
    return value


def serve(
    out: BuildFolder = DEFAULT_BUILD,
    host: Annotated[
        str, typer.Option(help="address to listen on; loopback unless you mean to share")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="port to listen on")] = 7878,
    timeout: Annotated[
        float, typer.Option(callback=_time_limit, help="seconds a query may run before it is stopped")
    ] = 10.0,
    max_rows: MaxRows = 10_000,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="query processes; all but one may run long queries, the last stays free for quick ones",
        ),
    ] = 4,
) -> None:
    """Serve a read-only SPARQL endpoint and a query page over a built store, until Ctrl-C."""
    from kg.serve.server import is_loopback, make_server

    server = make_server(out, host, port, timeout=timeout, max_rows=max_rows, workers=workers)
    with server:
        address = f"http://{host}:{server.server_address[1]}"
        typer.echo(f"SPARQL endpoint {address}/sparql, query page {address}/")
        if not is_loopback(host):
            say_note(f"warning: {host} is not loopback: other machines can query this graph", style="yellow")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            typer.echo("stopped")
