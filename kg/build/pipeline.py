"""The stages in order, from a file on disk to the notices read from it.

    read → normalize → split → extract (header, outline, spaCy components)

`process_file` is the one-file case; `pipe` streams many. Neither prints nor writes: a file that
cannot be read comes back as a `FileResult` with its error, so one bad file never stops a batch.
Each result also says how long each stage took, which the build sums and the benchmark prints.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError
from kg.extract import extract_notice
from kg.extract.nlp import MAX_NOTICE_CHARS
from kg.ingest.normalize import CleanText, normalize_text
from kg.ingest.read import MAX_INPUT_BYTES, read_document
from kg.ingest.split import split_notices
from kg.models import Notice

if TYPE_CHECKING:
    from spacy.language import Language

STAGES = ("read", "normalize", "split", "extract")


@dataclass(frozen=True, slots=True)
class FileResult:
    """What one input file gave: its notices, or the reason it gave none, each stage's seconds,
    and what its reader noted (`kg.models.Document.notes`)."""

    path: Path
    notices: tuple[Notice, ...] = ()
    error: str | None = None
    seconds: Mapping[str, float] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None


def describe() -> str:
    """The pipeline as one line, e.g. for `kg stages`: file → read → … → Notice."""
    return " → ".join(("file", *STAGES, "Notice"))


class _Laps:
    """Seconds spent in each stage, read off one clock between stages."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self._last
        self._last = now


def process_file(
    path: Path, nlp: Language | None = None, *, key: str | None = None, max_bytes: int = MAX_INPUT_BYTES
) -> FileResult:
    """Read and extract one file; `key` names it in its notices' IRIs when its name is not unique,
    and a file above `max_bytes` (`kg.ingest.read.read_document`) is refused."""
    laps = _Laps()
    try:
        doc = read_document(path, max_bytes=max_bytes)
        laps("read")
        clean = normalize_text(doc.text)
        laps("normalize")
        meta = {**clean.meta, **doc.meta}
        texts = [replace(t, key=key) for t in split_notices(CleanText(clean.text, meta), doc.name)]
        laps("split")
        for t in texts:
            if len(t.body) > MAX_NOTICE_CHARS:
                raise InputError(
                    path,
                    f"notice {t.index + 1} is {len(t.body):,} characters long, more than the "
                    f"{MAX_NOTICE_CHARS:,} one notice may have; is the file one notice?",
                )
        notices = tuple(extract_notice(t, nlp) for t in texts)
        laps("extract")
        return FileResult(path, notices, seconds=laps.seconds, notes=doc.notes)
    except InputError as exc:
        return FileResult(path, error=exc.reason, seconds=laps.seconds)


def pipe(paths: Iterable[Path], nlp: Language | None = None) -> Iterator[FileResult]:
    for path in paths:
        yield process_file(path, nlp)
