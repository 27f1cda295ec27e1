"""The `kg` command line: the only part of xuncha-kg that prints, reads options or exits.

app.py assembles the commands, one module per group (build, query, serve, explore, graph);
options.py holds the option types they share and errors.py the one mapping from the library's
exceptions to messages and exit codes.
"""

from kg.cli.app import app, main

__all__ = ["app", "main"]
