"""One exception tree for the project; the CLI turns these into one-line messages."""

from __future__ import annotations

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
