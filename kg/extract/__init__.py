"""Extraction: from one notice's text to the records RDF assembly needs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.header import extract_header
from kg.extract.nlp import default_nlp, run
from kg.extract.spans import marks_of
from kg.models import Notice, NoticeText

if TYPE_CHECKING:
    from spacy.language import Language


def extract_notice(text: NoticeText, nlp: Language | None = None) -> Notice:
    """Header facts first, then the body's entities from the spaCy rule components."""
    header = extract_header(text)
    doc = run(nlp or default_nlp(), text.body, header)
    data = doc.user_data
    return Notice(
        text=text,
        header=data.get("header", header),
        problems=tuple(data.get("problems", ())),
        regulations=tuple(data.get("regulations", ())),
        persons=tuple(data.get("persons", ())),
        organizations=tuple(data.get("organizations", ())),
        places=tuple(data.get("places", ())),
        marks=marks_of(doc),
    )
