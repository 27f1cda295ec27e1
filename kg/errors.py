"""One exception tree for the project; the CLI turns these into one-line messages and exit codes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class KgError(Exception):
    """Base class of every error xuncha-kg raises on purpose."""


class InputError(KgError):
    """An input file could not be turned into notices; the message names the file and why."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class UnsupportedFormat(InputError):
    """The file's extension names no format we read."""


class EmptyInput(InputError):
    """The file has no text we could read (empty, or a scan without a text layer)."""


class DecodeFailed(InputError):
    """The bytes are in no encoding we recognise."""


class NoNotice(InputError):
    """The text holds no rectification notice (no inspection sentence was found)."""


class BuildFailed(KgError):
    """Nothing could be built, or --strict was given and some input failed."""


class StoreError(KgError):
    """A store folder is missing, is not an Oxigraph store, or cannot be opened."""


class QueryError(KgError):
    """The query is not valid SPARQL, is an update, names no saved query, or has nothing to run on."""


class EntityNotFound(KgError):
    """No node has that label, alias or IRI; the message lists the closest ones."""

    def __init__(self, text: str, candidates: Sequence[tuple[str, str]], *, ambiguous: bool = False) -> None:
        self.text = text
        self.candidates = list(candidates)
        listing = "\n".join(f"  {label}  <{iri}>" for label, iri in candidates)
        if ambiguous:
            msg = f"{text!r} names {len(candidates)} entities; pass one IRI instead:\n{listing}"
        elif candidates:
            msg = f"no entity is labelled {text!r}; close matches:\n{listing}"
        else:
            msg = f"no entity is labelled {text!r}, and none is close; check the label, alias or IRI"
        super().__init__(msg)


class ExportError(KgError):
    """The export format is unknown."""


class PushFailed(KgError):
    """The server refused a graph or could not be reached; the message gives its answer."""
