"""The stages in order, from a file on disk to the notices read from it.

    read → normalize → split → extract (header, outline, spaCy components)

`process_file` is the one-file case; `pipe` streams many. Neither prints nor writes: a file that
cannot be read comes back as a `FileResult` with its error, so one bad file never stops a batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError
from kg.extract import extract_notice
from kg.models import Notice
from kg.normalize import CleanText, normalize_text
from kg.read import read_document
from kg.split import split_notices

if TYPE_CHECKING:
    from spacy.language import Language

STAGES = ("read", "normalize", "split", "extract")


@dataclass(frozen=True, slots=True)
class FileResult:
    """What one input file gave: its notices, or the reason it gave none."""

    path: Path
    notices: tuple[Notice, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def describe() -> str:
    """The pipeline as one line, e.g. for `kg stages`: file → read → … → Notice."""
    return " → ".join(("file", *STAGES, "Notice"))


def process_file(path: Path, nlp: Language | None = None) -> FileResult:
    try:
        doc = read_document(path)
        clean = normalize_text(doc.text)
        meta = {**clean.meta, **doc.meta}
        texts = split_notices(CleanText(clean.text, meta), doc.name)
        return FileResult(path, tuple(extract_notice(t, nlp) for t in texts))
    except InputError as exc:
        return FileResult(path, error=exc.reason)


def pipe(paths: Iterable[Path], nlp: Language | None = None) -> Iterator[FileResult]:
    for path in paths:
        yield process_file(path, nlp)
