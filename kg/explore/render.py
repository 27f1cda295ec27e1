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
import hashlib
import html
import json
import re
from collections import defaultdict
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import networkx as nx
from rdflib import URIRef

from kg.explore.layout import layout, notice_groups, overview_layout
from kg.explore.triples import Statements
from kg.explore.view import CLASS_INDEX, CLASS_STYLES, EvidenceRow, neighbourhood, to_networkx
from kg.graph.vocab import XC

DEFAULT_TITLE = "巡察整改知识图谱"
OVERVIEW_THRESHOLD = 2000
"""Above this many nodes the page opens on an overview of units, groups and inspections."""
DRAW_LIMIT = 250_000
"""Most entities one page embeds: beyond it the JSON alone outgrows what a browser parses fast."""
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
LABEL_PRIORITY = (
    "Notice",
    "Inspection",
    "Person",
    "Organization",
    "Regulation",
    "Problem",
)
"""Whose label wins a place when two would overlap, after the inspected units and the groups:
classes in this order, then the better-connected node first. Measures and places come last."""


def units_of(view: nx.MultiDiGraph) -> set[URIRef]:
    """The inspected units: every node some inspection points to with xc:inspected."""
    return {o for _, o, p in view.edges(keys=True) if p == XC.inspected}


def label_order(view: nx.MultiDiGraph, nodes: list[URIRef], units: set[URIRef]) -> list[int]:
    """Node numbers in the order the page offers them a label: units and groups together, then
    LABEL_PRIORITY, each by degree, so the most connected units and groups are the ones named at
    the opening zoom."""
    rank = {CLASS_INDEX[XC[key]]: k + 1 for k, key in enumerate(LABEL_PRIORITY)}
    rank[CLASS_INDEX[XC.InspectionGroup]] = 0

    def key(i: int) -> tuple[int, int, int]:
        n = nodes[i]
        first = 0 if n in units else rank.get(view.nodes[n]["cls"], len(rank) + 1)
        return (first, -view.degree(n), i)

    return sorted(range(len(nodes)), key=key)


def page_data(
    view: nx.MultiDiGraph,
    *,
    title: str,
    focus: URIRef | None = None,
    pages: Mapping[URIRef, str] | None = None,
    notices_page: str = "",
) -> dict[str, Any]:
    """Everything the page draws, as compact JSON-ready columns indexed by node number.

    Nodes are numbered in (class, label, IRI) order so the same graph gives the same page.
    Evidence sentences are stored once and referred to by number: many statements share one.
    A graph above OVERVIEW_THRESHOLD nodes gets positions for its overview (units, groups,
    inspections) only; the page lays out any other part when it is asked for. `pages` maps
    entities to the static pages written for them (dossiers) and `notices_page` is the notices index, as
    links relative to the page.
    """
    units = units_of(view)
    overview = view.number_of_nodes() > OVERVIEW_THRESHOLD
    if overview:
        shown = {CLASS_INDEX[XC.Inspection], CLASS_INDEX[XC.InspectionGroup]}
        members = units | {n for n, c in view.nodes(data="cls") if c in shown}
        pos = overview_layout(view, members)
    else:
        pos = layout(view, notice_groups(view))
    nodes = sorted(view.nodes, key=lambda n: (view.nodes[n]["cls"], view.nodes[n]["label"], str(n)))
    index = {n: i for i, n in enumerate(nodes)}
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
        "subProblemOf": rel_index.get(XC.subProblemOf, -1),
        "label": [view.nodes[n]["label"] for n in nodes],
        "cls": [view.nodes[n]["cls"] for n in nodes],
        "x": [round(pos[n][0]) if n in pos else None for n in nodes],
        "y": [round(pos[n][1]) if n in pos else None for n in nodes],
        "units": sorted(index[n] for n in units),
        "labelOrder": label_order(view, nodes, units),
        "pages": {str(index[n]): quote(href) for n, href in (pages or {}).items() if n in index},
        "details": details,
        "edges": edges,
        "sentences": list(sentences),
        "focus": index.get(focus, -1) if focus is not None else -1,
        "overview": overview,
        "index": quote(notices_page),
    }


def render_html(
    graph: Statements | nx.MultiDiGraph,
    out: Path,
    *,
    title: str = DEFAULT_TITLE,
    focus: URIRef | None = None,
    depth: int = 2,
    pages: Mapping[URIRef, str] | None = None,
    notices_page: str = "",
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
    return write_page(page_data(view, title=title, focus=focus, pages=pages, notices_page=notices_page), out)


def render_notice_pages(graph: Statements, folder: Path) -> list[Path]:
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
    options = vis_options(large=data["overview"])
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
