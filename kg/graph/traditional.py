"""A traditional-character page's records named in its own script, for the graph.

Rules read the simplified text (kg.ingest.normalize converts it); the graph names what such a
page names as the page wrote it, so its people and places are labelled as printed, while units,
groups and inspections are keyed by their simplified names (kg.graph.assemble).
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import cast

from kg.models import Notice, NoticeText, Span
from kg.text.script import to_traditional


def in_traditional(notice: Notice) -> Notice:
    """The notice's records with every name in traditional characters, as its page wrote them.

    Rules read the simplified text; the graph names what a traditional page names in its own
    script, so its entities are its own nodes, labelled as printed (the simplified forms become
    alternative labels). The text and the evidence spans stay as read."""
    return cast(Notice, _converted(notice, notice.text.meta.get("script_chars", "")))


def _converted(value: object, chars: str) -> object:
    if isinstance(value, str):
        return to_traditional(value, chars)
    if isinstance(value, tuple):
        return tuple(_converted(x, chars) for x in value)
    if isinstance(value, (Span, NoticeText)) or not is_dataclass(value) or isinstance(value, type):
        return value
    changes = {}
    for f in fields(value):
        item = getattr(value, f.name)
        if f.name != "evidence" and (isinstance(item, (str, tuple)) or is_dataclass(item)):
            changes[f.name] = _converted(item, chars)
    return replace(value, **changes)
