"""Organizations: every named unit a notice mentions, one record per real unit with every
surface form the notice uses for it, as a spaCy component.

The stages: where names stand (kg.extract.org_mentions, by the grammar in
kg.extract.org_grammar), the aliases the text defines, then one cluster per unit
(kg.extract.org_resolution).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.org_mentions import find_mentions, record_aliases
from kg.extract.org_resolution import Resolver
from kg.extract.places import name_view
from kg.extract.spans import store_records, text_of
from kg.models import Header, Org


def extract_organizations(body: str, header: Header | None = None) -> list[Org]:
    """The organizations a notice body names, one record per unit, publisher and target first."""
    view = name_view(body)
    mentions = find_mentions(view.text)
    record_aliases(view.text, mentions)
    resolver = Resolver(header)
    for m in mentions:
        cluster = resolver.add(m, view)
        if cluster is None:
            continue
        for alias in m.aliases:
            cluster.add(alias, None, core=alias if cluster.parent is not None else None)
    return resolver.orgs()


@Language.component("xc_organizations")
def organizations_component(doc: Doc) -> Doc:
    """spaCy component: organization records into doc.user_data, their spans into doc.spans."""
    records = extract_organizations(text_of(doc), doc.user_data.get("header"))
    return store_records(doc, "organizations", records, "ORG")
