"""Write a build's graph files from its store, by Oxigraph's own writers.

    graph.ttl   every statement once: the store's default graph (always)
    graph.nq    every notice's named graph (on request: --formats nquads)
    graph.trig  the same, abbreviated with the project's prefixes (on request: --formats trig)

Every file is written from the store the build just filled, so no other copy of the graph is kept
on disk, a rebuild needs nothing but the last store, and the bytes depend only on the statements:
graph.ttl follows the store's index order, which follows from the terms alone, and the notice
graphs come in the order of their IRIs, whatever order files were read in.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyoxigraph

NQ_NAME, TRIG_NAME, TTL_NAME = "graph.nq", "graph.trig", "graph.ttl"
FORMATS = {"nquads": NQ_NAME, "trig": TRIG_NAME}
"""The formats a build writes only on request, and their files; graph.ttl is always written."""


def write_graph_files(
    store: pyoxigraph.Store, folder: Path, prefixes: dict[str, str], formats: Collection[str] = ()
) -> list[Path]:
    """Write graph.ttl, and the files of `formats` (keys of FORMATS), of `store` into `folder`."""
    import pyoxigraph as ox

    store.dump(folder / TTL_NAME, ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=prefixes)
    written = [folder / TTL_NAME]
    for fmt, name in sorted(FORMATS.items()):
        if fmt in formats:
            rdf_format = ox.RdfFormat.N_QUADS if name == NQ_NAME else ox.RdfFormat.TRIG
            ox.serialize(_notice_quads(store), folder / name, rdf_format, prefixes=prefixes)
            written.append(folder / name)
    return written


def _notice_quads(store: pyoxigraph.Store) -> Iterator[pyoxigraph.Quad]:
    """The statements of every notice graph, graph by graph in the order of their IRIs."""
    for notice in sorted(store.named_graphs(), key=str):
        yield from store.quads_for_pattern(None, None, None, notice)
