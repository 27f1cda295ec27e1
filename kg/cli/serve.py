"""`kg serve`: a read-only SPARQL endpoint and query page over a build, until Ctrl-C."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.cli.errors import say_note
from kg.cli.options import DEFAULT_BUILD, BuildFolder, MaxRows


def serve(
    out: BuildFolder = DEFAULT_BUILD,
    host: Annotated[
        str, typer.Option(help="address to listen on; loopback unless you mean to share")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 7878,
    timeout: Annotated[float, typer.Option(help="seconds a query may run before it is stopped")] = 10.0,
    max_rows: MaxRows = 10_000,
) -> None:
    """Serve a read-only SPARQL endpoint and a query page over a built store, until Ctrl-C."""
    from kg.serve.server import is_loopback, make_server

    server = make_server(out, host, port, timeout=timeout, max_rows=max_rows)
    with server:
        address = f"http://{host}:{server.server_address[1]}"
        typer.echo(f"SPARQL endpoint {address}/sparql, query page {address}/")
        if not is_loopback(host):
            say_note(f"warning: {host} is not loopback: other machines can query this graph", style="yellow")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            typer.echo("stopped")
