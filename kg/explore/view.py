"""The drawable view of a graph: rdflib statements → a networkx graph of entities.

Entities become nodes with a label, a class, aliases and literal properties; IRI-valued
statements become edges; the sentences each statement was read in fold into its subject as
evidence rows, so neither sentences nor statement keys are ever drawn. The page writer
(render), the static pages (pages) and `kg show` (show) all read this one view.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import networkx as nx
from rdflib import RDF, RDFS, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, SKOS
from rdflib.term import Node

from kg.errors import EntityNotFound
from kg.explore.triples import Statements
from kg.graph.assemble import fact_iri
from kg.graph.vocab import ID, XC


@dataclass(frozen=True, slots=True)
class ClassStyle:
    """How one class is drawn: the colour and vis-network shape the legend also shows."""

    key: str
    iri: URIRef | None
    label: str
    color: str
    shape: str


# Order matters: a node with several types is drawn as the first class here that it has.
CLASS_STYLES: tuple[ClassStyle, ...] = (
    ClassStyle("Notice", XC.Notice, "通报", "#1f4e79", "square"),
    ClassStyle("Inspection", XC.Inspection, "巡察", "#c0392b", "diamond"),
    ClassStyle("InspectionGroup", XC.InspectionGroup, "巡察组", "#e67e22", "star"),
    ClassStyle("Organization", XC.Organization, "组织机构", "#2e86c1", "dot"),
    ClassStyle("Person", XC.Person, "人物", "#8e44ad", "triangle"),
    ClassStyle("Regulation", XC.Regulation, "制度文件", "#1e8449", "triangleDown"),
    ClassStyle("Problem", XC.Problem, "问题", "#d4ac0d", "dot"),
    ClassStyle("Measure", XC.Measure, "整改措施", "#148f77", "diamond"),
    ClassStyle("Place", XC.Place, "地区", "#8d6e63", "hexagon"),
    ClassStyle("Other", None, "其他", "#aab7b8", "dot"),
)
CLASS_INDEX = {c.iri: i for i, c in enumerate(CLASS_STYLES) if c.iri is not None}
_OTHER = len(CLASS_STYLES) - 1
VALUE_LINKS = {XC.status, XC.documentKind}
"""Links to enumeration values: shown as properties, since three status nodes each linked to
thousands of problems would draw as spokes across the whole graph and say nothing a colour can't."""

# Chinese names for the terms the page shows; the graph's own rdfs:label@zh wins where it has one.
TERM_LABELS: dict[URIRef, str] = {
    XC.reportsOn: "报告巡察",
    XC.conductedBy: "巡察组",
    XC.inspected: "被巡察单位",
    XC.raised: "反馈问题",
    XC.status: "整改状态",
    XC.subProblemOf: "上级问题",
    XC.hasMeasure: "整改措施",
    XC.issuedBy: "印发单位",
    XC.cites: "引用",
    XC.partOf: "所属文件",
    XC.holdsPostAt: "任职单位",
    XC.locatedIn: "位于",
    XC.mentionedIn: "提及于",
    XC.place: "地区",
    DCTERMS.publisher: "发布单位",
    DCTERMS.source: "来源",
    ORG.subOrganizationOf: "上级单位",
    DCTERMS.title: "标题",
    DCTERMS.issued: "发布日期",
    XC.sourceFile: "来源文件",
    XC.startDate: "巡察开始",
    XC.endDate: "巡察结束",
    XC.feedbackDate: "反馈日期",
    XC.round: "轮次",
    XC.reportedProblemCount: "反馈问题数",
    XC.reportedMeasureCount: "整改措施数",
    XC.completedProblemCount: "已完成问题数",
    XC.inProgressProblemCount: "正在整改问题数",
    XC.ordinal: "序号",
    XC.documentNumber: "文号",
    XC.post: "职务",
    XC.divisionCode: "区划代码",
    XC.PartyOrganization: "党组织",
    XC.GovernmentDepartment: "政府部门",
    XC.Hospital: "医院",
    XC.PrimaryCareCentre: "基层医疗机构",
    XC.Company: "企业",
    XC.ledBy: "巡察组组长",
    XC.documentKind: "文件类型",
    XC.RectificationNotice: "整改情况通报",
    XC.FeedbackReport: "巡察反馈",
    XC.FollowUpReport: "整改回头看",
    XC.Announcement: "巡察公告",
    XC.Completed: "已完成",
    XC.InProgress: "正在整改",
    XC.LongTerm: "长期坚持",
    **{c.iri: c.label for c in CLASS_STYLES if c.iri is not None},
}
_HIDDEN_TYPES = {XC.Sentence}
# The terms the view compares every statement with, made once: each attribute of an rdflib
# namespace makes a new term, and a view of half a million statements asks millions of times.
_READ_IN, _TYPE, _MENTIONED_IN = XC.readIn, RDF.type, XC.mentionedIn
_IN_NOTICE, _CHAR_START, _SENTENCE = XC.inNotice, XC.charStart, XC.sentence
_NAMES, _TITLE = frozenset({RDFS.label, SKOS.altLabel}), DCTERMS.title


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """One sentence a statement was read in, folded into the statement's subject."""

    relation: URIRef
    target: URIRef | str
    notice: URIRef | None
    sentence: str
    start: int | None


def to_networkx(graph: Statements) -> nx.MultiDiGraph:
    """The drawable view of `graph`: entities as nodes, IRI-valued statements as edges.

    Literals become node properties, and the sentences each statement was read in (`xc:readIn`
    from its key) are folded into the `evidence` list of its subject, so neither is drawn. Node
    attributes: label, cls (index into CLASS_STYLES), types, aliases, props, evidence, notices.
    A Dataset is read across all its named graphs, as graph.ttl merges them.
    """
    types: dict[URIRef, set[URIRef]] = defaultdict(set)
    literals: dict[URIRef, list[tuple[URIRef, Literal]]] = defaultdict(list)
    links: list[tuple[URIRef, URIRef, URIRef]] = []
    facts: list[tuple[URIRef, Node, Node]] = []
    read_in: dict[Node, list[Node]] = defaultdict(list)
    values: dict[URIRef, Literal] = {}
    triples = (q[:3] for q in graph.quads((None, None, None, None))) if isinstance(graph, Dataset) else graph
    for s, p, o in triples:
        if not isinstance(s, URIRef) or not isinstance(p, URIRef):
            continue
        if p == _READ_IN:
            read_in[s].append(o)
            continue
        facts.append((s, p, o))
        if p == _TYPE and isinstance(o, URIRef):
            types[s].add(o)
        elif isinstance(o, Literal):
            literals[s].append((p, o))
        elif p in VALUE_LINKS and isinstance(o, URIRef):
            if o not in values:
                values[o] = Literal(term_label(graph, o))
            literals[s].append((p, values[o]))
        elif isinstance(o, URIRef):
            links.append((s, p, o))
    hidden = {s for s, ts in types.items() if ts & _HIDDEN_TYPES}
    sentences: dict[Node, dict[Node, Node]] = {s: dict(literals.get(s, ())) for s in hidden}
    for s, p, o in links:
        if s in hidden:
            sentences[s][p] = o
    classes = {t for ts in types.values() for t in ts}

    view = nx.MultiDiGraph()
    for s in types.keys() | literals.keys():
        if s.startswith(str(ID)) and s not in hidden:
            view.add_node(s)
    for s, p, o in links:
        if s in view and o not in hidden and o not in classes:
            view.add_edge(s, o, key=p)

    for node in view.nodes:
        _describe(graph, view, node, types.get(node, set()), literals.get(node, []))
    for s, p, o in facts if read_in else ():
        if s in view and isinstance(p, URIRef) and p != _TYPE:
            for sentence in read_in.get(fact_iri(s, p, o), ()):
                _add_evidence(graph, view, s, p, o, sentences.get(sentence, {}))
    view.graph["terms"] = {p: term_label(graph, p) for p in _relations(view)}
    for node, data in view.nodes(data=True):
        # a total order, so the side panel lists evidence the same however the statements were read
        data["evidence"].sort(
            key=lambda r: (str(r.notice), -1 if r.start is None else r.start, r.relation, str(r.target))
        )
        data["notices"].update(o for _, o, p in view.out_edges(node, keys=True) if p == _MENTIONED_IN)
        if not data["label"]:
            data["label"] = _fallback_label(view, node)
    return view


def _add_evidence(
    graph: Statements,
    view: nx.MultiDiGraph,
    subject: URIRef,
    relation: URIRef,
    target: Node,
    sentence: Mapping[Node, Node],
) -> None:
    """Fold one sentence the statement (subject, relation, target) was read in into its subject."""
    shown = target if not isinstance(target, URIRef) or target in view else term_label(graph, target)
    notice, start = sentence.get(_IN_NOTICE), sentence.get(_CHAR_START)
    row = EvidenceRow(
        relation=relation,
        target=shown if isinstance(shown, URIRef) else str(shown),
        notice=notice if isinstance(notice, URIRef) else None,
        sentence=str(sentence.get(_SENTENCE, "")),
        start=int(start) if isinstance(start, Literal) else None,
    )
    view.nodes[subject]["evidence"].append(row)
    if row.notice is not None:
        view.nodes[subject]["notices"].add(row.notice)


def _describe(
    graph: Statements, view: nx.MultiDiGraph, node: URIRef, types: set[URIRef], literals: list
) -> None:
    """Set a node's label, class, aliases and literal properties from its statements."""
    label, aliases = names_of(literals)
    props = sorted(
        (term_label(graph, p), str(o))
        for p, o in literals
        if p not in _NAMES and not (p == _TITLE and str(o) == label)
    )
    cls = min((CLASS_INDEX[t] for t in types if t in CLASS_INDEX), default=_OTHER)
    view.add_node(
        node,
        label=label,
        cls=cls,
        types=sorted(term_label(graph, t) for t in types if t in TERM_LABELS and CLASS_INDEX.get(t) != cls),
        aliases=aliases,
        props=props,
        evidence=[],
        notices=set(),
    )


NAME_PREDICATES = (RDFS.label, SKOS.altLabel, DCTERMS.title)
"""The statements a node's label and aliases come from (see names_of)."""


def names_of(literals: Iterable[tuple[URIRef, object]]) -> tuple[str, list[str]]:
    """A node's label and aliases from its (predicate, literal) pairs.

    The first rdfs:label, else the first dcterms:title, is the label; the other labels and every
    skos:altLabel are aliases. Shared by the view and by `kg show`'s store lookups, so an entity
    is found under exactly the names the page shows.
    """
    pairs = list(literals)
    labels = sorted(str(o) for p, o in pairs if p == RDFS.label)
    titles = sorted(str(o) for p, o in pairs if p == DCTERMS.title)
    label = (labels or titles or [""])[0]
    return label, sorted({str(o) for p, o in pairs if p == SKOS.altLabel} | set(labels[1:]) - {label})


def _fallback_label(view: nx.MultiDiGraph, node: URIRef) -> str:
    """A readable name for a node the text gave none: an inspection by who inspected whom."""
    out = {p: view.nodes[o]["label"] for _, o, p in view.out_edges(node, keys=True)}
    if XC.conductedBy in out or XC.inspected in out:
        return f"{out.get(XC.conductedBy, '?')} → {out.get(XC.inspected, '?')}"
    cls = CLASS_STYLES[view.nodes[node]["cls"]].label
    return f"{cls} {node.rsplit('/', 1)[-1][:6]}"


def term_label(graph: Statements, term: URIRef) -> str:
    """The Chinese name of an ontology term: the graph's rdfs:label@zh, ours, or its local name."""
    for label in graph.objects(term, RDFS.label):
        if isinstance(label, Literal) and label.language == "zh":
            return str(label)
    if term in TERM_LABELS:
        return TERM_LABELS[term]
    return re.split(r"[#/]", str(term))[-1]


def entity_iri(text: str) -> URIRef:
    """`text` as an IRI, with `id:` standing for the entity namespace."""
    return URIRef(str(ID) + text[3:]) if text.startswith("id:") else URIRef(text)


def find_entity(graph: Statements | nx.MultiDiGraph, text_or_iri: str) -> URIRef:
    """The node whose IRI, label, alias or title is `text_or_iri`.

    Raises EntityNotFound listing close matches when nothing matches, or every match when
    several entities share that name, so the caller can retry with one IRI.
    """
    view = graph if isinstance(graph, nx.MultiDiGraph) else to_networkx(graph)
    text = text_or_iri.strip()
    iri = entity_iri(text)
    if iri in view:
        return iri
    names: dict[str, set[URIRef]] = defaultdict(set)
    for node, data in view.nodes(data=True):
        for name in [data["label"], *data["aliases"]]:
            names[name.casefold()].add(node)
    return match_name(text, names, lambda n: view.nodes[n]["label"])


def match_name(text: str, names: Mapping[str, set[URIRef]], label: Callable[[URIRef], str]) -> URIRef:
    """The one node `names` (casefolded name → nodes) gives for `text`, or EntityNotFound.

    `label` names a node in the error's listing: every match when the name is ambiguous, the
    closest names (substrings, then difflib) when nothing matches.
    """
    key = text.casefold()
    hits = names.get(key, set())
    if len(hits) == 1:
        return next(iter(hits))
    if hits:
        raise EntityNotFound(text, sorted((label(n), n) for n in hits), ambiguous=True)
    close = [n for n in names if key in n or (len(n) > 1 and n in key)] if key else []
    close += difflib.get_close_matches(key, names.keys(), n=8, cutoff=0.5)
    nodes = list(dict.fromkeys(n for name in close for n in sorted(names[name])))[:8]
    raise EntityNotFound(text, [(label(n), n) for n in nodes])


def neighbourhood(view: nx.MultiDiGraph, focus: URIRef, depth: int) -> nx.MultiDiGraph:
    """The nodes within `depth` edges of `focus`, whatever the edges' direction."""
    if focus not in view:
        raise EntityNotFound(str(focus), [])
    nodes = nx.single_source_shortest_path_length(view.to_undirected(as_view=True), focus, cutoff=depth)
    near = view.subgraph(nodes).copy()
    # the relation filter offers what the page draws, not every relation of the whole graph
    used = _relations(near)
    near.graph["terms"] = {p: label for p, label in view.graph["terms"].items() if p in used}
    return near


def _relations(view: nx.MultiDiGraph) -> set[URIRef]:
    """The relations a view's edges and evidence rows use: the terms its page names."""
    relations = {p for _, _, p in view.edges(keys=True)}
    return relations | {r.relation for _, ev in view.nodes(data="evidence") for r in ev}
