"""Write a build's graph files from its store, one notice's named graph at a time, in IRI order.

    graph.ttl   every statement once, in one graph (always)
    graph.nq    every notice's named graph (on request: --formats nquads)
    graph.trig  the same, abbreviated with the project's prefixes (on request: --formats trig)

Every file is written from the store the build just filled, so no other copy of the graph is kept
on disk, a rebuild needs nothing but the last store, and the bytes depend only on the statements:
notices come in the order of their IRIs and each notice's statements in the store's own order,
which follows from the terms alone, whatever order files were read in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from kg.graph.assemble import EVIDENCE_PREFIXES

if TYPE_CHECKING:
    import pyoxigraph

NQ_NAME, TRIG_NAME, TTL_NAME = "graph.nq", "graph.trig", "graph.ttl"
FORMATS = {"nquads": NQ_NAME, "trig": TRIG_NAME}
"""The formats a build writes only on request, and their files; graph.ttl is always written."""
_PREFIX_LINE = b"@prefix "
_EVIDENCE = tuple(f"<{prefix}" for prefix in EVIDENCE_PREFIXES)


def write_graph_files(
    store: pyoxigraph.Store, folder: Path, prefixes: dict[str, str], formats: Collection[str] = ()
) -> list[Path]:
    """Write graph.ttl, and the files of `formats` (keys of FORMATS), of `store` into `folder`."""
    import pyoxigraph as ox

    seen: set[bytes] = set()
    names = [TTL_NAME, *(FORMATS[f] for f in sorted(formats))]
    with ExitStack() as files:
        out = {name: files.enter_context((folder / name).open("wb")) for name in names}
        for name in (TTL_NAME, TRIG_NAME):
            if name in out:
                out[name].write(_prefix_lines(prefixes))
        for notice in sorted(store.named_graphs(), key=str):
            quads = list(store.quads_for_pattern(None, None, None, notice))
            if NQ_NAME in out:
                out[NQ_NAME].write(_body(ox.serialize(quads, format=ox.RdfFormat.N_QUADS)))
            if TRIG_NAME in out:
                out[TRIG_NAME].write(_body(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes)))
            triples = [q.triple for q in quads if _first(q.triple, seen)]
            out[TTL_NAME].write(_body(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)))
    return [folder / name for name in names]


def _first(triple: pyoxigraph.Triple, seen: set[bytes]) -> bool:
    """Whether graph.ttl still lacks `triple` (and note that it now has it). Evidence is never
    in two notices' graphs, so only the other statements need the check."""
    subject = str(triple.subject)
    if subject.startswith(_EVIDENCE):
        return True
    key = hashlib.blake2b(f"{subject} {triple.predicate} {triple.object}".encode(), digest_size=16).digest()
    if key in seen:
        return False
    seen.add(key)
    return True


def _prefix_lines(prefixes: Mapping[str, str]) -> bytes:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items()).encode()


def _body(serialized: bytes | None) -> bytes:
    """A serialization (None only when written to a file) without the prefix lines the file
    declared once at its top."""
    lines = (serialized or b"").splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if not line.startswith(_PREFIX_LINE)), len(lines))
    return b"".join(lines[start:])
