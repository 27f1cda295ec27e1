"""The graph as one interactive HTML page that works offline: rdflib → networkx view → vis-network.

pyvis supplies the vis-network options model and the vis-network build it ships; the page itself
is our own template, because pyvis' templates fetch from CDNs even in "local"/"in_line" mode
(pyvis #228, #229), start physics from scratch on every load (#204, #88) and build nodes through
list scans that are quadratic at 10k nodes. Positions are computed here, so the page draws the
first frame without simulating anything. Every piece of notice text reaches the page as JSON
data that the page's script only ever puts into the DOM as text.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import html
import json
import math
import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import cast

import networkx as nx
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, SKOS
from rdflib.term import Node

from kg.errors import EntityNotFound
from kg.graph.assemble import fact_iri
from kg.graph.vocab import ID, XC

DEFAULT_TITLE = "巡察整改知识图谱"
OVERVIEW_THRESHOLD = 2000
"""Above this many nodes the page opens on an overview grouped by notice, not on every node."""
SMALL_GRAPH = 400
"""Up to this many nodes one spring layout of the whole graph is cheap; above it, per notice."""
EDGE_LENGTH = 160.0
"""Mean drawn edge length in vis-network canvas units: room for a 14px Chinese label."""
_SEED = 7
# How the browser test and the benchmark open a page in Debian's headless Chromium: these flags
# keep it from reaching for the network on start, which this kind of machine refuses.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
FONT_FACE = '"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",sans-serif'
"""Fonts with Chinese glyphs first, so canvas labels never fall back to boxes where one is installed."""
_GOLDEN = math.pi * (3 - math.sqrt(5))


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
_CLASS_INDEX = {c.iri: i for i, c in enumerate(CLASS_STYLES) if c.iri is not None}
_OTHER = len(CLASS_STYLES) - 1
VALUE_LINKS = {XC.status}
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
    XC.Completed: "已完成",
    XC.InProgress: "正在整改",
    XC.LongTerm: "长期坚持",
    **{c.iri: c.label for c in CLASS_STYLES if c.iri is not None},
}
_HIDDEN_TYPES = {XC.Sentence}
_LABEL_MAX = 14


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """One sentence a statement was read in, folded into the statement's subject."""

    relation: URIRef
    target: URIRef | str
    notice: URIRef | None
    sentence: str
    start: int | None


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """The drawable view of `graph`: entities as nodes, IRI-valued statements as edges.

    Literals become node properties, and the sentences each statement was read in (`xc:readIn`
    from its key) are folded into the `evidence` list of its subject, so neither is drawn. Node
    attributes: label, cls (index into CLASS_STYLES), types, aliases, props, evidence, notices.
    A Dataset is read across all its named graphs, as graph.ttl merges them.
    """
    types: dict[URIRef, set[URIRef]] = defaultdict(set)
    literals: dict[URIRef, list[tuple[Node, Literal]]] = defaultdict(list)
    links: list[tuple[URIRef, Node, URIRef]] = []
    facts: list[tuple[URIRef, Node, Node]] = []
    read_in: dict[Node, list[Node]] = defaultdict(list)
    values: dict[URIRef, Literal] = {}
    triples = (q[:3] for q in graph.quads((None, None, None, None))) if isinstance(graph, Dataset) else graph
    for s, p, o in triples:
        if not isinstance(s, URIRef):
            continue
        if p == XC.readIn:
            read_in[s].append(o)
            continue
        facts.append((s, p, o))
        if p == RDF.type:
            types[s].add(cast(URIRef, o))  # classes are IRIs in every graph assembly writes
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
        if s in view and isinstance(p, URIRef) and p != RDF.type:
            for sentence in read_in.get(fact_iri(s, p, o), ()):
                _add_evidence(graph, view, s, p, o, sentences.get(sentence, {}))
    view.graph["terms"] = {p: term_label(graph, p) for p in _relations(view)}
    for node, data in view.nodes(data=True):
        # a total order, so the side panel lists evidence the same however the statements were read
        data["evidence"].sort(
            key=lambda r: (str(r.notice), -1 if r.start is None else r.start, r.relation, str(r.target))
        )
        data["notices"].update(o for _, o, p in view.out_edges(node, keys=True) if p == XC.mentionedIn)
        if not data["label"]:
            data["label"] = _fallback_label(view, node)
    return view


def _add_evidence(
    graph: Graph,
    view: nx.MultiDiGraph,
    subject: URIRef,
    relation: URIRef,
    target: Node,
    sentence: Mapping[Node, Node],
) -> None:
    """Fold one sentence the statement (subject, relation, target) was read in into its subject."""
    shown = target if not isinstance(target, URIRef) or target in view else term_label(graph, target)
    notice, start = sentence.get(XC.inNotice), sentence.get(XC.charStart)
    row = EvidenceRow(
        relation=relation,
        target=shown if isinstance(shown, URIRef) else str(shown),
        notice=notice if isinstance(notice, URIRef) else None,
        sentence=str(sentence.get(XC.sentence, "")),
        start=int(start) if isinstance(start, Literal) else None,
    )
    view.nodes[subject]["evidence"].append(row)
    if row.notice is not None:
        view.nodes[subject]["notices"].add(row.notice)


def _describe(graph: Graph, view: nx.MultiDiGraph, node: URIRef, types: set[URIRef], literals: list) -> None:
    """Set a node's label, class, aliases and literal properties from its statements."""
    label, aliases = names_of(literals)
    props = sorted(
        (term_label(graph, p), str(o))
        for p, o in literals
        if p not in (RDFS.label, SKOS.altLabel) and not (p == DCTERMS.title and str(o) == label)
    )
    cls = min((_CLASS_INDEX[t] for t in types if t in _CLASS_INDEX), default=_OTHER)
    view.add_node(
        node,
        label=label,
        cls=cls,
        types=sorted(term_label(graph, t) for t in types if t in TERM_LABELS and _CLASS_INDEX.get(t) != cls),
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


def term_label(graph: Graph, term: URIRef) -> str:
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


def find_entity(graph: Graph | nx.MultiDiGraph, text_or_iri: str) -> URIRef:
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


def notice_groups(view: nx.MultiDiGraph) -> dict[URIRef, URIRef | None]:
    """Each node's nearest notice (None when no notice reaches it).

    One breadth-first search from all notices at once: the groups the overview draws and the
    clusters the large-graph layout places side by side. Ties go to the notice first in IRI
    order, so the groups do not depend on the order the graph's statements were read in.
    """
    notices = sorted(n for n, c in view.nodes(data="cls") if c == 0)
    group: dict[URIRef, URIRef] = {n: n for n in notices}
    queue = deque(group)
    undirected = view.to_undirected(as_view=True)
    while queue:
        node = queue.popleft()
        for nb in sorted(undirected.neighbors(node)):
            if nb not in group:
                group[nb] = group[node]
                queue.append(nb)
    return {n: group.get(n) for n in view.nodes}


def layout(view: nx.MultiDiGraph, groups: dict[URIRef, URIRef | None]) -> dict[URIRef, tuple[float, float]]:
    """Positions for every node, so the page never runs physics.

    Small graphs get one spring layout. Large ones get a spring layout per notice group (each a
    few hundred nodes at most, so the O(n²) step stays cheap), the groups packed in rows without
    overlapping: 10k nodes in seconds, not the minutes a global force layout takes.
    """
    simple = nx.Graph(view.to_undirected(as_view=True))
    if simple.number_of_nodes() <= SMALL_GRAPH:
        return _spring(simple)
    members: dict[URIRef | None, list[URIRef]] = defaultdict(list)
    for node in view.nodes:
        members[groups[node]].append(node)
    locals_ = [
        _spring(simple.subgraph(nodes)) for _, nodes in sorted(members.items(), key=lambda kv: str(kv[0]))
    ]
    radii = [
        max((math.hypot(x, y) for x, y in local.values()), default=0.0) + EDGE_LENGTH / 2 for local in locals_
    ]
    order = sorted(range(len(locals_)), key=lambda k: -radii[k])
    width = 1.2 * math.sqrt(sum((2 * r) ** 2 for r in radii))
    pos: dict[URIRef, tuple[float, float]] = {}
    x = y = row = 0.0
    for k in order:  # shelf packing: rows of squares, largest first; no two groups overlap
        side = 2 * radii[k]
        if x > 0 and x + side > width:
            x, y, row = 0.0, y + row, 0.0
        cx, cy = x + side / 2, y + side / 2
        pos.update({n: (cx + px, cy + py) for n, (px, py) in locals_[k].items()})
        x, row = x + side, max(row, side)
    return pos


def _spring(g: nx.Graph) -> dict[URIRef, tuple[float, float]]:
    """A seeded spring layout centred on 0, scaled so the mean edge is EDGE_LENGTH long."""
    n = g.number_of_nodes()
    if n > 1500:
        return _sunflower(g)
    if n < 2:
        return dict.fromkeys(g, (0.0, 0.0))
    # nodes in IRI order: the layout depends on it, and the same graph read from graph.ttl or
    # from the store (kg show) must look the same
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(g, key=str))
    ordered.add_edges_from(g.edges)
    # k above networkx' 1/sqrt(n) default: hubs (a notice and the dozens it mentions) spread out
    raw = nx.spring_layout(ordered, k=1.8 / math.sqrt(n), seed=_SEED, iterations=80)
    lengths = [math.dist(raw[a], raw[b]) for a, b in g.edges if a != b]
    mean = sum(lengths) / len(lengths) if lengths else 0.0
    scale = EDGE_LENGTH / mean if mean else EDGE_LENGTH
    cx = sum(p[0] for p in raw.values()) / n
    cy = sum(p[1] for p in raw.values()) / n
    return {v: ((x - cx) * scale, (y - cy) * scale) for v, (x, y) in raw.items()}


def _sunflower(g: nx.Graph) -> dict[URIRef, tuple[float, float]]:
    """Nodes in breadth-first order on a sunflower spiral: linear time, neighbours stay close.

    For a group too big for the dense spring layout's n² memory (one notice is never this big).
    """
    order: dict[URIRef, None] = {}
    for start in sorted(g, key=lambda v: (-g.degree(v), str(v))):
        if start not in order:
            order.update(dict.fromkeys(nx.bfs_tree(g, start)))
    step = EDGE_LENGTH / 2
    return {
        v: (step * math.sqrt(i) * math.cos(i * _GOLDEN), step * math.sqrt(i) * math.sin(i * _GOLDEN))
        for i, v in enumerate(order)
    }


def page_data(view: nx.MultiDiGraph, *, title: str, focus: URIRef | None = None) -> dict:
    """Everything the page draws, as compact JSON-ready columns indexed by node number.

    Nodes are numbered in (class, label, IRI) order so the same graph gives the same page.
    Evidence sentences are stored once and referred to by number: many statements share one.
    """
    groups = notice_groups(view)
    pos = layout(view, groups)
    nodes = sorted(view.nodes, key=lambda n: (view.nodes[n]["cls"], view.nodes[n]["label"], str(n)))
    index = {n: i for i, n in enumerate(nodes)}
    notices = [n for n in nodes if view.nodes[n]["cls"] == 0]
    group_index = {n: k for k, n in enumerate(notices)}
    terms: dict[URIRef, str] = view.graph["terms"]
    relations = sorted(terms, key=lambda p: (terms[p], str(p)))
    rel_index = {p: i for i, p in enumerate(relations)}
    sentences: dict[str, int] = {}

    def evidence(row: EvidenceRow) -> list[int | str]:
        target = index.get(row.target, -1) if isinstance(row.target, URIRef) else row.target
        notice = index.get(row.notice, -1) if row.notice is not None else -1
        return [rel_index[row.relation], target, notice, sentences.setdefault(row.sentence, len(sentences))]

    details = [
        {
            "iri": str(n),
            "types": d["types"],
            "aliases": d["aliases"],
            "props": [list(p) for p in d["props"]],
            "notices": sorted(index[m] for m in d["notices"] if m in index),
            "evidence": [evidence(r) for r in d["evidence"]],
        }
        for n, d in ((n, view.nodes[n]) for n in nodes)
    ]
    edges: list[int] = []
    for s, o, p in sorted(view.edges(keys=True), key=lambda e: (index[e[0]], index[e[1]], str(e[2]))):
        edges += [index[s], index[o], rel_index[p]]
    return {
        "title": title,
        "classes": [
            {"key": c.key, "label": c.label, "color": c.color, "shape": c.shape} for c in CLASS_STYLES
        ],
        "relations": [terms[p] for p in relations],
        "label": [view.nodes[n]["label"] for n in nodes],
        "cls": [view.nodes[n]["cls"] for n in nodes],
        "group": [group_index.get(groups[n], len(notices)) for n in nodes],
        "x": [round(pos[n][0]) for n in nodes],
        "y": [round(pos[n][1]) for n in nodes],
        "details": details,
        "edges": edges,
        "notices": [index[n] for n in notices],
        "sentences": list(sentences),
        "focus": index.get(focus, -1) if focus is not None else -1,
        "overviewThreshold": OVERVIEW_THRESHOLD,
    }


def render_html(
    graph: Graph | nx.MultiDiGraph,
    out: Path,
    *,
    title: str = DEFAULT_TITLE,
    focus: URIRef | None = None,
    depth: int = 2,
) -> Path:
    """Write one self-contained page for `graph` (or the `depth`-neighbourhood of `focus`).

    `graph` may also be a view from `to_networkx`, so a caller that already built one to find
    the focus does not build it twice.
    """
    view = graph if isinstance(graph, nx.MultiDiGraph) else to_networkx(graph)
    if focus is not None:
        view = neighbourhood(view, focus, depth)
        if title == DEFAULT_TITLE:
            title = f"{view.nodes[focus]['label']} · {depth} 层关联"
    return write_page(page_data(view, title=title, focus=focus), out)


def render_notice_pages(graph: Graph, folder: Path) -> list[Path]:
    """One page per notice (notice-<id>.html): the entities its statements and evidence touch."""
    view = to_networkx(graph)
    members: dict[URIRef, set[URIRef]] = defaultdict(set)
    for node, data in view.nodes(data=True):
        for notice in data["notices"]:
            members[notice].add(node)
        for row in data["evidence"]:
            if row.notice is not None and isinstance(row.target, URIRef) and row.target in view:
                members[row.notice].add(row.target)
    paths = []
    for notice in (n for n, c in view.nodes(data="cls") if c == 0):
        nodes = members[notice] | {notice} | set(nx.all_neighbors(view, notice))
        sub = view.subgraph(nodes).copy()
        title = view.nodes[notice]["label"]
        out = folder / f"notice-{notice.rsplit('/', 1)[-1]}.html"
        paths.append(write_page(page_data(sub, title=title, focus=notice), out))
    return paths


def write_page(data: dict, out: Path) -> Path:
    """Write the page for `data` (see page_data) to `out`; return `out`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page_html(data), encoding="utf-8")
    return out


def embed_json(data: object) -> str:
    """JSON safe inside <script type="application/json">: no character of it can end the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


def vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet, from the copy the installed pyvis ships."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(
        encoding="utf-8"
    )


def vis_options(large: bool) -> dict:
    """vis-network options: pyvis' model with physics off, plus what pyvis does not model."""
    from pyvis.network import Network

    net = Network(directed=True)
    net.toggle_physics(False)
    net.toggle_hide_edges_on_drag(True)
    net.options.edges.smooth.enabled = False
    options = json.loads(net.options.to_json())
    options["edges"].update(
        arrows={"to": {"enabled": True, "scaleFactor": 0.5}},
        color={"color": "#b0b7bf", "highlight": "#e74c3c", "inherit": False},
        font={"size": 10, "face": FONT_FACE, "color": "#566573", "strokeWidth": 3, "align": "middle"},
        scaling={"label": {"enabled": False, "drawThreshold": 9}},
        width=1,
        selectionWidth=2,
    )
    options["nodes"] = {
        "size": 12,
        "borderWidth": 1,
        "font": {
            "size": 14,
            "face": FONT_FACE,
            "color": "#1b2631",
            "strokeWidth": 4,
            "strokeColor": "#ffffff",
        },
        "scaling": {"label": {"enabled": False, "drawThreshold": 7}},
    }
    options["layout"] = {"improvedLayout": False}
    options["interaction"].update(hideEdgesOnZoom=large, tooltipDelay=300, hover=False, multiselect=False)
    return options


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def page_html(data: dict) -> str:
    """The page: vis-network, our script and style inlined, the data as escaped JSON.

    The Content-Security-Policy allows only these two scripts (by hash) and no request of any
    kind, so even text that somehow escaped escaping could neither run nor reach the network.
    """
    vis_js, vis_css = vis_assets()
    templates = resources.files("kg.explore") / "templates"
    app_js = (templates / "explorer.js").read_text(encoding="utf-8")
    app_css = (templates / "explorer.css").read_text(encoding="utf-8")
    options = vis_options(large=len(data["label"]) > data["overviewThreshold"])
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
    )
    slots = {
        "csp": html.escape(csp),
        "title": html.escape(data["title"]),
        "style": vis_css + "\n" + app_css,
        "vis": vis_js,
        "app": app_js,
        "data": embed_json(data),
        "options": embed_json(options),
    }
    page = (templates / "explorer.html").read_text(encoding="utf-8")
    # One pass, so text put into one slot is never read again as another slot's marker.
    return re.sub(r"<!--kg:(\w+)-->", lambda m: slots[m.group(1)], page)
