"""Precomputed positions, so the page draws its first frame without simulating anything."""

from __future__ import annotations

import math
from collections import defaultdict, deque

import networkx as nx
from rdflib import URIRef

SMALL_GRAPH = 400
"""Up to this many nodes one spring layout of the whole graph is cheap; above it, per notice."""
EDGE_LENGTH = 160.0
"""Mean drawn edge length in vis-network canvas units: room for a 14px Chinese label."""
_SEED = 7
_GOLDEN = math.pi * (3 - math.sqrt(5))


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


def overview_layout(view: nx.MultiDiGraph, members: set[URIRef]) -> dict[URIRef, tuple[float, float]]:
    """Positions for the overview's `members` only (units, groups, inspections): each connected
    part of them laid out on its own and packed, so a 1,000-notice build opens without laying out
    the tens of thousands of problems and measures nobody sees at that zoom."""
    sub = view.subgraph(members)
    parts: dict[URIRef, URIRef | None] = {}
    for part in nx.connected_components(sub.to_undirected(as_view=True)):
        first = min(part, key=str)
        parts.update(dict.fromkeys(part, first))
    return layout(sub, parts)
