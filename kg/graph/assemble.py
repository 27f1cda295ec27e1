"""Assemble RDF from extracted notices: the one module that writes triples.

IRIs come from `iri()` only: a kind and a key hashed, so the same entity read from the same
input always gets the same IRI and no raw text ever lands in an IRI. Every statement read from
a notice is written into that notice's named graph. Its evidence is stored once per sentence:
an `xc:Sentence` node (notice, text, offset) shared by every fact read in it, which each fact
reaches in one statement, `<fact> xc:readIn <sentence>`, from its key `fact_iri(s, p, o)`.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS
from rdflib.term import Node

from kg.graph.terms import quads
from kg.graph.traditional import in_traditional
from kg.graph.vocab import ID, XC
from kg.models import Header, Notice, Org, Person, Place, Problem, Regulation, Span
from kg.text import gazetteer, kinds
from kg.text.orgnames import is_unplaced, org_key, qualify
from kg.text.script import TRADITIONAL, to_simplified

if TYPE_CHECKING:
    import pyoxigraph

STATUS = {"completed": XC.Completed, "in_progress": XC.InProgress, "long_term": XC.LongTerm}
DOCUMENT_KINDS = {
    kinds.ANNOUNCEMENT: XC.Announcement,
    kinds.FEEDBACK: XC.FeedbackReport,
    kinds.RECTIFICATION: XC.RectificationNotice,
    kinds.FOLLOW_UP: XC.FollowUpReport,
}
ORG_TYPES = {
    "party": XC.PartyOrganization,
    "government": XC.GovernmentDepartment,
    "hospital": XC.Hospital,
    "primary_care": XC.PrimaryCareCentre,
    "company": XC.Company,
}
# The IRIs of evidence (statement keys and sentences): never entities, and never in two notices'
# graphs, as a sentence is named after its notice.
EVIDENCE_PREFIXES = (f"{ID}fact/", f"{ID}sentence/")
_SENTENCE_END = re.compile(r"[。！？；\n]")


def iri(kind: str, *key: object) -> URIRef:
    """The IRI of an entity of `kind` identified by `key` (any values, joined and hashed)."""
    digest = hashlib.sha1("\x1f".join(str(k) for k in key).encode("utf-8")).hexdigest()[:16]
    return ID[f"{kind}/{digest}"]


def org_iri(name: str, document: str = "") -> URIRef:
    """One node per organization across notices: 市检察院 of one and 市人民检察院 of another
    share it when their full names do (kg.text.orgnames.org_key), in either script. A name no
    place qualified (市委, 县卫健委 in a notice that never says where) is one node per `document`
    only, as the same words name another unit in the next city's notice."""
    return iri("org", org_key(_simplified(name)), *_scope(name, document))


def group_iri(label: str, document: str = "") -> URIRef:
    """One node per group, whichever script a page writes its name in; an unqualified name
    (市委第二巡察组) one per `document`, as for an organization."""
    return iri("group", _simplified(label), *_scope(label, document))


def _scope(name: str, document: str) -> tuple[str, ...]:
    """The key part that keeps an unqualified name's node within its document (縣委 as 县委)."""
    return (document,) if document and is_unplaced(_simplified(name)) else ()


@lru_cache(maxsize=1 << 14)
def _simplified(name: str) -> str:
    """A name as the key of a unit, group or inspection: the same in both scripts. People and
    places keep the script their page wrote, so no node mixes the two scripts' labels of a
    name that is listed by label (a person, a place)."""
    return to_simplified(name)


def place_iri(name: str) -> URIRef:
    return iri("place", name)


def notice_iri(source: str, index: int) -> URIRef:
    return iri("notice", source, index)


def fact_iri(s: Node, p: Node, o: Node) -> URIRef:
    """The key of the fact (s, p, o), which its evidence hangs on: a hash of the three terms'
    lexical forms, so SPARQL computes it from the fact itself as
    IRI(CONCAT(STR(id:), "fact/", SUBSTR(SHA1(CONCAT(STR(?s), " ", STR(?p), " ", STR(?o))), 1, 16))).
    """
    return URIRef(f"{EVIDENCE_PREFIXES[0]}{hashlib.sha1(f'{s} {p} {o}'.encode()).hexdigest()[:16]}")


@lru_cache(maxsize=1 << 14)
def zh(text: str) -> Literal:
    """A Chinese literal; cached, as labels and names repeat across a notice's statements."""
    return Literal(text, lang="zh")


@lru_cache(maxsize=1 << 14)
def integer(value: int) -> Literal:
    return Literal(value)


def sentence_of(body: str, span: Span) -> Span:
    """The sentence of `body` that holds `span`, cut at 。！？； and line ends."""
    ends = _sentence_ends(body)
    before = bisect_left(ends, span.start)
    start = ends[before - 1] + 1 if before else 0
    after = bisect_left(ends, span.end)
    end = ends[after] if after < len(ends) else len(body)
    if end < len(body) and body[end] != "\n":
        end += 1
    return Span(start, end, body[start:end])


@lru_cache(maxsize=8)
def _sentence_ends(body: str) -> list[int]:
    """Where each sentence of `body` ends, found once per notice rather than once per fact."""
    return [m.start() for m in _SENTENCE_END.finditer(body)]


Triple = tuple[URIRef, URIRef, Node]


class NoticeGraph:
    """Collects one notice's statements, with evidence for each, in the order they were made.

    A plain dict (insertion-ordered, so duplicates collapse) rather than an rdflib graph: a
    notice makes about a thousand statements, and rdflib's indexed store costs more to fill
    than everything else in assembling them.
    """

    def __init__(self, notice: Notice, node: URIRef) -> None:
        self.notice = notice
        self.node = node
        self.triples: dict[Triple, None] = {}
        self.sentences: dict[tuple[int, int], URIRef] = {}
        self.traditional = notice.text.meta.get("script") == TRADITIONAL
        self.units = _units(notice.organizations)
        self.document = notice.text.key or notice.text.source

    def unit_of(self, org: Org) -> str:
        """The name of the notice's organization that `org` (a header's publisher, target or
        page source) is under one of its forms, so the notice makes one node of it; else its own."""
        return next((self.units[x] for x in (org.name, *org.aliases) if x in self.units), org.name)

    def put(self, s: URIRef, p: URIRef, o: Node) -> None:
        """Add a triple that was not read from the text, so has no evidence."""
        self.triples[(s, p, o)] = None

    def add(self, s: URIRef, p: URIRef, o: Node, where: Span | Iterable[Span] | None = None) -> None:
        """Add a triple; with `where`, also a link from its key to each sentence it was read in."""
        self.triples[(s, p, o)] = None
        if where is None:
            return
        fact = fact_iri(s, p, o)
        for span in [where] if isinstance(where, Span) else where:
            self.put(fact, XC.readIn, self._sentence(span))

    def _sentence(self, span: Span) -> URIRef:
        """The node of the sentence holding `span`, written the first time a fact is read in it.

        Keyed by both ends: words wrapped over a line end make a sentence that runs on to the
        next cut, beside the shorter one that words read on its first line make."""
        sentence = sentence_of(self.notice.text.body, span)
        text = sentence.text.strip()
        start = sentence.start + len(sentence.text) - len(sentence.text.lstrip())
        node = self.sentences.get((start, len(text)))
        if node is None:
            node = self.sentences[(start, len(text))] = iri("sentence", self.node, start, start + len(text))
            self.put(node, RDF.type, XC.Sentence)
            self.put(node, XC.inNotice, self.node)
            self.put(node, XC.sentence, Literal(text, lang="zh"))
            self.put(node, XC.charStart, integer(start))
        return node

    def label(self, node: URIRef, name: str, aliases: Iterable[str] = ()) -> None:
        """`name` as the preferred label; every other form, and for a notice in traditional
        characters the simplified forms too, as alternative labels."""
        names = [name, *aliases]
        if self.traditional:
            names += [to_simplified(x) for x in names]
        self.put(node, RDFS.label, zh(name))
        for alias in dict.fromkeys(names[1:]):
            if alias != name:
                self.put(node, SKOS.altLabel, zh(alias))


def _date(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def _add_org(ng: NoticeGraph, org: Org) -> URIRef:
    node = org_iri(ng.unit_of(org), ng.document)
    ng.add(node, RDF.type, XC.Organization)
    if org.kind in ORG_TYPES:
        ng.add(node, RDF.type, ORG_TYPES[org.kind])
    ng.label(node, org.name, org.aliases)
    ng.add(node, XC.mentionedIn, ng.node, org.evidence)
    if org.parent:
        ng.add(node, ORG.subOrganizationOf, org_iri(org.parent, ng.document))
    return node


def inspection_iri(h: Header, target: Org | None = None, document: str = "") -> URIRef | None:
    """The inspection of `target` (by default the header's own unit) by the header's group, or
    None when the header names neither. Whichever document (announcement, feedback,
    rectification, follow-up) reports on it, it is keyed by the group's name and the unit's
    (by its organization key, kg.text.orgnames.org_key), never by its dates; within `document`
    only when a name is unqualified (`org_iri`)."""
    target = target or h.target
    if not (h.group or target):
        return None
    group = _simplified(h.group or "")
    unit = qualify(target.name, h.place) if target else ""
    scope = _scope(group, document) or _scope(unit, document)
    return iri("inspection", group, org_key(_simplified(unit)) if unit else "", *scope)


def _add_header(ng: NoticeGraph, notice: Notice) -> None:
    h = notice.header
    ev = h.evidence
    n = ng.node
    ng.add(n, RDF.type, XC.Notice)
    ng.add(n, XC.sourceFile, Literal(notice.text.source))
    title = h.title or notice.text.title
    if title:
        ng.add(n, DCTERMS.title, zh(title), ev.get("title"))
    if h.issued:
        ng.add(n, DCTERMS.issued, _date(h.issued), ev.get("issued"))
    if h.publisher:
        ng.add(n, DCTERMS.publisher, _add_org(ng, h.publisher), ev.get("publisher"))
    if h.source:
        ng.add(n, DCTERMS.source, _add_org(ng, h.source))
    if h.place:
        place = place_iri(h.place)
        ng.add(place, RDF.type, XC.Place)
        ng.label(place, h.place)
        ng.add(n, XC.place, place)
    if h.kind:
        ng.add(n, XC.documentKind, DOCUMENT_KINDS[h.kind])
    groups = [x for x in (h.group, *h.more_groups) if x]
    for k, target in enumerate([h.target, *h.more_targets] if h.target else [None, *h.more_targets]):
        insp = inspection_iri(h, target, ng.document)
        if insp is not None:
            _add_inspection(ng, notice, insp, groups, target, primary=k == 0)


def _add_inspection(
    ng: NoticeGraph, notice: Notice, insp: URIRef, groups: list[str], target: Org | None, *, primary: bool
) -> None:
    """The inspection's statements; the notice's counts and problems belong to the unit the
    notice is about (the first), not to every unit a round names."""
    h = notice.header
    ev = h.evidence
    ng.add(insp, RDF.type, XC.Inspection)
    ng.add(ng.node, XC.reportsOn, insp)
    for label in groups:
        group = group_iri(label, ng.document)
        ng.add(group, RDF.type, XC.InspectionGroup)
        written = [h.group_as_written] if h.group_as_written and label == h.group else []
        ng.label(group, label, written)
        ng.add(insp, XC.conductedBy, group, ev.get("group"))
    if target:
        ng.add(insp, XC.inspected, _add_org(ng, target), ev.get("target") if primary else None)
    for prop, day, key in (
        (XC.startDate, h.start, "start"),
        (XC.endDate, h.end, "end"),
        (XC.feedbackDate, h.feedback, "feedback"),
    ):
        if day:
            ng.add(insp, prop, _date(day), ev.get(key))
    if not primary:
        return
    if h.round:
        ng.add(insp, XC.round, zh(h.round), ev.get("round"))
    for prop, count, key in (
        (XC.reportedProblemCount, h.counts.problems, "count_problems"),
        (XC.reportedMeasureCount, h.counts.measures, "count_measures"),
        (XC.completedProblemCount, h.counts.completed, "count_completed"),
        (XC.inProgressProblemCount, h.counts.in_progress, "count_in_progress"),
    ):
        if count is not None:
            ng.add(insp, prop, Literal(count, datatype=XSD.integer), ev.get(key))
    _add_problems(ng, insp, notice.problems)


def _add_problems(ng: NoticeGraph, insp: URIRef, problems: Iterable[Problem]) -> None:
    nodes = {p.number: iri("problem", insp, p.number) for p in problems}
    for p in problems:
        node = nodes[p.number]
        ng.add(node, RDF.type, XC.Problem)
        ng.label(node, p.title)
        ng.add(node, XC.ordinal, integer(p.number))
        ng.add(insp, XC.raised, node, p.evidence)
        if p.parent is not None and p.parent in nodes:
            ng.add(node, XC.subProblemOf, nodes[p.parent], p.evidence)
        if p.status in STATUS:
            ng.add(node, XC.status, STATUS[p.status], p.evidence)
        for i, m in enumerate(p.measures, 1):
            mnode = iri("measure", node, i)
            ng.add(mnode, RDF.type, XC.Measure)
            ng.label(mnode, m.text)
            ng.add(mnode, XC.ordinal, integer(i))
            ng.add(node, XC.hasMeasure, mnode, m.evidence)


def regulation_iri(title: str | None, number: str | None) -> URIRef:
    """A titled document is identified by its title, an untitled one by its number."""
    return iri("regulation", title) if title else iri("regulation-number", number or "")


def _add_regulation(ng: NoticeGraph, reg: Regulation, publisher: URIRef | None) -> None:
    node = regulation_iri(reg.title, reg.number)
    ng.add(node, RDF.type, XC.Regulation)
    if reg.title:
        ng.label(node, reg.title)  # a number alone is no title: it stays in xc:documentNumber
    if reg.number:
        ng.add(node, XC.documentNumber, Literal(reg.number), reg.evidence)
    if reg.parent:
        ng.add(node, XC.partOf, regulation_iri(reg.parent, None))
    ng.add(node, XC.mentionedIn, ng.node, reg.evidence)
    if publisher is not None and reg.relation == "issued":
        ng.add(node, XC.issuedBy, publisher, reg.evidence)
    elif publisher is not None and reg.relation == "cited":
        ng.add(publisher, XC.cites, node, reg.evidence)


GROUP_ROLES = {"leader": XC.ledBy, "deputy": XC.deputyLedBy}
MEETING_ROLES = {
    "chair": XC.chairedBy,
    "speaker": XC.speaker,
    "attendee": XC.attendee,
    "author": DCTERMS.creator,
    "editor": DCTERMS.contributor,
}


def _add_person(ng: NoticeGraph, person: Person, units: dict[str, str]) -> None:
    """A person, the post and the unit it is held at (the unit's node where the notice names it,
    under any of its forms), the inspection they (deputy) led, and their part in the meeting."""
    node = iri("person", person.name, person.org or "", *_scope(person.org or "", ng.document))
    ng.add(node, RDF.type, XC.Person)
    ng.label(node, person.name)
    if person.post:
        ng.add(node, XC.post, zh(person.post), person.evidence)
    if person.org:
        org = org_iri(units.get(person.org, person.org), ng.document)
        if person.org not in units:
            ng.add(org, RDF.type, XC.Organization)
            ng.label(org, person.org)
        ng.add(org, XC.mentionedIn, ng.node, person.evidence)
        ng.add(node, XC.holdsPostAt, org, person.evidence)
    ng.add(node, XC.mentionedIn, ng.node, person.evidence)
    header = ng.notice.header
    insp = inspection_iri(header, document=ng.document)
    for role in person.roles:
        if role.kind in GROUP_ROLES and insp is not None and _same_group(person.group, header):
            ng.add(insp, GROUP_ROLES[role.kind], node, role.evidence)
        elif role.kind in MEETING_ROLES:
            ng.add(ng.node, MEETING_ROLES[role.kind], node, role.evidence)


def _same_group(written: str | None, header: Header) -> bool:
    """Whether the group a person's post names is the notice's group: the same words, one the
    tail of the other (市委第三巡察组 and 青川市委第三巡察组), no more than 巡察组 itself, or any
    group where the header names none (its one inspection is known by its target)."""
    if not written:
        return False
    if written in ("巡察组", "巡视组") or not (header.group or header.group_as_written):
        return True
    return any(
        g and (g.endswith(written) or written.endswith(g)) for g in (header.group, header.group_as_written)
    )


def _units(orgs: Iterable[Org]) -> dict[str, str]:
    """Every surface form of the notice's organizations → the name their node is made from."""
    return {form: org.name for org in orgs for form in (org.name, *org.aliases)}


def _add_place(ng: NoticeGraph, place: Place) -> None:
    node = place_iri(place.name)
    ng.add(node, RDF.type, XC.Place)
    ng.label(node, place.name)
    if place.parent:
        ng.add(node, XC.locatedIn, place_iri(place.parent))
    if place.code:
        ng.add(node, XC.divisionCode, Literal(place.code))
        _add_ancestors(ng, node, place.code)
    ng.add(node, XC.mentionedIn, ng.node, place.evidence)


def _add_ancestors(ng: NoticeGraph, node: URIRef, code: str) -> None:
    """The prefecture and province above a coded area, from the division table, so that the
    hierarchy is complete even where the notice names only the county."""
    division = gazetteer.by_code(code)
    for up in gazetteer.ancestors(division) if division else ():
        parent = place_iri(up.name)
        ng.add(node, XC.locatedIn, parent)
        ng.add(parent, RDF.type, XC.Place)
        ng.label(parent, up.name)
        ng.add(parent, XC.divisionCode, Literal(up.code))
        node = parent


def notice_triples(notice: Notice) -> tuple[URIRef, list[Triple]]:
    """The IRI of `notice` and every statement of its named graph, its sentences included."""
    node = notice_iri(notice.text.key or notice.text.source, notice.text.index)
    if notice.text.meta.get("script") == TRADITIONAL:
        notice = in_traditional(notice)
    ng = NoticeGraph(notice, node)
    _add_header(ng, notice)
    publisher = org_iri(ng.unit_of(notice.header.publisher), ng.document) if notice.header.publisher else None
    for org in notice.organizations:
        _add_org(ng, org)
    for reg in notice.regulations:
        _add_regulation(ng, reg, publisher)
    for person in notice.persons:
        _add_person(ng, person, ng.units)
    for place in notice.places:
        _add_place(ng, place)
    ng.put(node, RDF.type, PROV.Entity)
    return node, list(ng.triples)


def notice_quads(notice: Notice) -> tuple[URIRef, list[pyoxigraph.Quad]]:
    """The IRI of `notice` and its named graph as the store's quads: what a build loads and writes."""
    node, triples = notice_triples(notice)
    return node, quads(node, triples)


def add_notice(ds: Dataset, notice: Notice) -> URIRef:
    """Write one notice into its own named graph of `ds`; return the notice's IRI."""
    node, triples = notice_triples(notice)
    graph = ds.graph(node)
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return node


def build_dataset(notices: Iterable[Notice]) -> Dataset:
    """A dataset with one named graph per notice."""
    ds = new_dataset()
    for notice in notices:
        add_notice(ds, notice)
    return ds


def new_dataset() -> Dataset:
    ds = Dataset()
    bind_prefixes(ds)
    return ds


def bind_prefixes(g: Graph) -> None:
    g.bind("xc", XC._NS)
    g.bind("id", ID)
    g.bind("dcterms", DCTERMS)
    g.bind("skos", SKOS)
    g.bind("prov", PROV)
    g.bind("org", ORG)


def union(ds: Dataset) -> Graph:
    """All named graphs merged into one graph (what graph.ttl holds)."""
    g = Graph()
    bind_prefixes(g)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g
