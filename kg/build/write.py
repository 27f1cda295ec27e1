"""Write a build's graph files from each notice's block of N-Quads, in notice-IRI order.

    graph.nq    every notice's named graph, a block of lines each
    graph.trig  the same, abbreviated with the project's prefixes
    graph.ttl   every statement once, in one graph

The blocks come from this build's spool or, for files unchanged since the last build, from the
last build's graph.nq, located by the offsets its manifest kept. Each block goes through
pyoxigraph's parser and serializer in memory, so writing costs a few seconds per million
statements, where dumping them back out of the on-disk store took minutes; and the order of
blocks is that of their IRIs, so the bytes do not depend on the order files were read in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kg.graph.assemble import EVIDENCE_PREFIXES

NQ_NAME, TRIG_NAME, TTL_NAME = "graph.nq", "graph.trig", "graph.ttl"
# Evidence is never in two notices' graphs: only the other lines need the check for a statement
# graph.ttl already holds.
_EVIDENCE = tuple(f"<{prefix}".encode() for prefix in EVIDENCE_PREFIXES)
_PREFIX_LINE = b"@prefix "


@dataclass(frozen=True, slots=True)
class Block:
    """Where one notice's N-Quads lie: `length` bytes from `offset` in the file `path`."""

    path: Path
    offset: int
    length: int


class Spool:
    """An append-only file of notice blocks that remembers where each one lies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.blocks: dict[str, Block] = {}
        self._file = path.open("wb")

    def add(self, notice: str, nquads: str) -> None:
        data = nquads.encode("utf-8")
        self.blocks[notice] = Block(self.path, self._file.tell(), len(data))
        self._file.write(data)

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()


def write_graph_files(
    blocks: Mapping[str, Block], folder: Path, prefixes: Mapping[str, str]
) -> dict[str, Block]:
    """Write the three graph files of the notices in `blocks` into `folder`.

    Returns where each notice's block lies in the new graph.nq, for the next build to reuse.
    """
    import pyoxigraph as ox

    seen: set[bytes] = set()
    written: dict[str, Block] = {}
    nq_path = folder / NQ_NAME
    with ExitStack() as files:
        nq, trig, ttl = (files.enter_context((folder / n).open("wb")) for n in (NQ_NAME, TRIG_NAME, TTL_NAME))
        for out in (trig, ttl):
            out.write(_prefix_lines(prefixes))
        for notice, data in _read(blocks, files):
            written[notice] = Block(nq_path, nq.tell(), len(data))
            nq.write(data)
            quads = ox.parse(data, ox.RdfFormat.N_QUADS)
            trig.write(_body(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes)))
            new = b"".join(t for t in map(_triple, data.splitlines(keepends=True)) if _first(t, seen))
            triples = ox.parse(new, ox.RdfFormat.N_TRIPLES)
            ttl.write(_body(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)))
    return written


def _read(blocks: Mapping[str, Block], files: ExitStack) -> Iterator[tuple[str, bytes]]:
    """Each notice's block, in IRI order, each source file opened once."""
    opened: dict[Path, BinaryIO] = {}
    for notice in sorted(blocks):
        block = blocks[notice]
        if block.path not in opened:
            opened[block.path] = files.enter_context(block.path.open("rb"))
        source = opened[block.path]
        source.seek(block.offset)
        yield notice, source.read(block.length)


def _first(triple: bytes, seen: set[bytes]) -> bool:
    """Whether graph.ttl still lacks the N-Triples `triple` (and note that it now has it)."""
    if triple.startswith(_EVIDENCE):
        return True
    key = hashlib.blake2b(triple, digest_size=16).digest()
    if key in seen:
        return False
    seen.add(key)
    return True


def _triple(line: bytes) -> bytes:
    """The N-Triples line of an N-Quads line: the graph name cut."""
    return line[: line.rindex(b" <")] + b" .\n"


def _prefix_lines(prefixes: Mapping[str, str]) -> bytes:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items()).encode()


def _body(serialized: bytes) -> bytes:
    """A serialization without the prefix lines the file declared once at its top."""
    lines = serialized.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if not line.startswith(_PREFIX_LINE)), len(lines))
    return b"".join(lines[start:])
