"""What a build writes for people beside its graph files: graph.html and the static pages
(a dossier per unit, a page per group, the notice index), read from the build's store.

`kg build` hands `SITE` to the build (`kg.build.run.build(sinks=…)`), which calls it on the
store it has just filled, inside the staging folder it publishes: the build itself knows
nothing of pages, and the pages read the one copy of the graph there is.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.build.sinks import Sink
from kg.explore.pages import GROUPS_DIR, INDEX_NAME, UNITS_DIR, write_pages
from kg.explore.render import DRAW_LIMIT, render_html
from kg.explore.triples import Triples
from kg.explore.view import to_networkx

if TYPE_CHECKING:
    import pyoxigraph

HTML_NAME = "graph.html"
READ_LIMIT = 2_000_000
"""Statements (evidence included) above which no page is written: reading them takes about a
gigabyte per million; a 1,000-notice build has about half a million. What one page can hold is
counted in drawn entities instead (`kg.explore.render.DRAW_LIMIT`)."""


def write_site(store: pyoxigraph.Store, folder: Path) -> str | None:
    """Write graph.html and the unit, group and notice pages of `store` into `folder`; a note
    instead of graph.html when the graph is too large to read or for one page to hold."""
    import pyoxigraph as ox

    answer = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")  # the default graph: each once
    assert isinstance(answer, ox.QuerySolutions)
    statements = int(next(answer)[0].value)
    if statements > READ_LIMIT:
        return (
            f"{HTML_NAME} not written: {statements} statements are more than it reads in reasonable "
            f"memory (limit {READ_LIMIT}); `kg show` draws any entity's neighbourhood"
        )
    graph = Triples.from_store(store)
    pages = write_pages(graph, folder)
    view = to_networkx(graph)
    if view.number_of_nodes() > DRAW_LIMIT:
        return (
            f"{HTML_NAME} not written: {view.number_of_nodes()} entities are more than one page can hold "
            f"(limit {DRAW_LIMIT}); `kg show` draws any entity's neighbourhood"
        )
    render_html(view, folder / HTML_NAME, pages=pages.links, notices_page=pages.index)
    return None


SITE = Sink(names=(HTML_NAME, UNITS_DIR, GROUPS_DIR, INDEX_NAME), write=write_site)
