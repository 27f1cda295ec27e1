"""The extraction pipeline: a blank spaCy `zh` pipeline of rule components.

Pretrained Chinese models cannot be installed here, and rules need no model: the blank `zh`
language segments by character, which is all a rule component needs to place spans. Each
component is registered under a name (a spaCy factory), writes typed spans into
`doc.spans[<kind>]` and its records into `doc.user_data[<kind>]`, so a user can add, remove or
replace one in their own pipeline:

    nlp = make_nlp()
    nlp.add_pipe("my_component", after="xc_regulations")

Components read the notice's header facts (its place, publisher, target) from
`doc.user_data["header"]`, which `run()` sets before the components run.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from kg.models import Header

# The longest notice body extracted. spaCy's default (1,000,000) guards its parser and NER, which
# need ~1 GB per 100,000 characters; the rule components here take ~0.5 GB and ~30 s per million.
MAX_NOTICE_CHARS = 2_000_000

# Components in the order they run; later ones may read what earlier ones wrote.
COMPONENTS: tuple[str, ...] = ("xc_problems", "xc_regulations", "xc_persons", "xc_organizations", "xc_places")


def make_nlp(components: Sequence[str] = COMPONENTS) -> Language:
    """A blank zh pipeline with the named extraction components."""
    import spacy

    # importing a component's module registers its factory
    from kg.extract import organizations, persons, places, problems, regulations  # noqa: F401

    nlp = spacy.blank("zh")
    nlp.max_length = MAX_NOTICE_CHARS
    for name in components:
        nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=1)
def default_nlp() -> Language:
    return make_nlp()


def run(nlp: Language, text: str, header: Header) -> Doc:
    """Run the pipeline on a notice body, with its header facts available to every component."""
    doc = nlp.make_doc(text)
    doc.user_data["text"] = text
    doc.user_data["header"] = header
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc
