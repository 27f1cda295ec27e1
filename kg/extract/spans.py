"""Helpers every rule component uses to read its Doc and to write what it found.

They sit apart from `kg.extract.nlp`, which imports the components to register them, so that the
components can use these without importing the pipeline back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar

from kg.models import Mark, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc


class _Evidenced(Protocol):
    """A record that points back to the text it was read from."""

    @property
    def evidence(self) -> tuple[Span, ...]: ...


_R = TypeVar("_R", bound=_Evidenced)


def text_of(doc: Doc) -> str:
    """The Doc's text, built once: spaCy's `doc.text` re-joins every token on each call, and a
    character-segmented notice has tens of thousands of them."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def marks_of(doc: Doc) -> tuple[Mark, ...]:
    """Every span the components wrote into `doc.spans`, as plain records, group by group."""
    return tuple(
        Mark(group, s.label_, s.start_char, s.end_char) for group, spans in doc.spans.items() for s in spans
    )


def store_records(doc: Doc, kind: str, records: Sequence[_R], label: str | Callable[[_R, Span], str]) -> Doc:
    """Write a component's records into `doc.user_data[kind]` and each record's evidence span,
    labelled `label` (or `label(record, span)`), into `doc.spans[kind]` in text order."""
    spans = []
    for record in records:
        for ev in record.evidence:
            name = label if isinstance(label, str) else label(record, ev)
            span = doc.char_span(ev.start, ev.end, label=name, alignment_mode="expand")
            if span is not None:
                spans.append(span)
    doc.spans[kind] = sorted(spans, key=lambda span: (span.start_char, span.end_char))
    doc.user_data[kind] = tuple(records)
    return doc
