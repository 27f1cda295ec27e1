"""The CLI's side of the library's exceptions: one exit code per kind, one way to say what went wrong.

Exit codes follow pySHACL and grep: 1 when the data fails (no input could be read, the graph
breaks the shapes), 2 when the command could not do its work (no build there, a bad query, an
unknown entity, a server that refused). Click exits 2 on a bad option, too.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from kg.errors import BuildFailed, InputError, KgError

# Markup off, so a path holding "[/b]" is printed as it is; soft wrap, so a long message is
# never broken mid-phrase and a terminal wraps it where it wraps any long line.
err = Console(stderr=True, soft_wrap=True, markup=False, highlight=False)

EXIT_CODES: dict[type[BaseException], int] = {
    InputError: 1,
    BuildFailed: 1,
    KgError: 2,
    OSError: 2,
}
"""Exit code by exception class; an exception takes the code of the first of its classes listed."""

NOT_CONFORMING = 1
"""`kg validate`'s exit code when the graph breaks the shapes (an answer, not an exception)."""


def exit_code(exc: BaseException) -> int:
    """The exit code for `exc`, one of the exceptions EXIT_CODES lists (a subclass takes its code)."""
    return next(EXIT_CODES[c] for c in type(exc).__mro__ if c in EXIT_CODES)


def say_error(message: object) -> None:
    """Print `error: <message>` on stderr, as is."""
    err.print(Text.assemble(("error:", "red"), f" {message}"))


def say_note(message: object, *, style: str = "") -> None:
    """Print a line for the person at the terminal on stderr, as is, so stdout holds only the answer."""
    err.print(Text(str(message), style=style))


P = ParamSpec("P")
R = TypeVar("R")


def reporting_errors(command: Callable[P, R]) -> Callable[P, R]:
    """`command`, printing the exceptions EXIT_CODES lists as one line and exiting with their code.

    Any other exception is a bug, and keeps its traceback.
    """

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except tuple(EXIT_CODES) as exc:
            say_error(exc)
            raise typer.Exit(exit_code(exc)) from exc

    return run
