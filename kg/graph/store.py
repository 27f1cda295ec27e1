"""Where a built graph lives: an Oxigraph store on disk (the default), or rdflib in memory.

Every read (query, endpoint, `kg show`, `kg validate`) goes through `read_store`: the build's
store, or an RDF file loaded into an in-memory Oxigraph store. Its default graph holds every
statement of the named graphs (one per notice) once, so `?s ?p ?o` sees every notice and
`GRAPH ?notice { … }` tells which said it. Tests and `kg export` get the same as an rdflib
`Dataset` from `open_graph`.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset
from rdflib.util import guess_format

from kg.errors import StoreError
from kg.graph.assemble import bind_prefixes

if TYPE_CHECKING:
    import pyoxigraph

STORE_DIRNAME = "store"
# RocksDB, which Oxigraph stores its data in, keeps this file in every database folder.
_STORE_MARKER = "CURRENT"


def is_store(path: Path) -> bool:
    return (path / _STORE_MARKER).is_file()


def resolve_store(path: Path) -> Path:
    """The store folder `path` names: the folder itself, or the store/ inside a build's --out folder."""
    for candidate in (path, path / STORE_DIRNAME):
        if is_store(candidate):
            return candidate
    raise StoreError(
        f"{path}: no Oxigraph store here or in {path / STORE_DIRNAME}; "
        f"run `kg build INPUT --out {path}` first"
    )


def open_store(path: Path | None, *, read_only: bool = False) -> Dataset:
    """The dataset at `path` (an Oxigraph store, created if absent), or an empty in-memory one.

    A store opened for writing is locked to one opener; `read_only` opens take no lock, so any
    number of readers (queries, exports, the endpoint) can share a store nobody writes.
    """
    if path is None:
        ds = Dataset(default_union=True)
    else:
        import pyoxigraph
        from oxrdflib import OxigraphStore

        try:
            inner = pyoxigraph.Store.read_only(str(path)) if read_only else pyoxigraph.Store(str(path))
        except OSError as err:
            raise StoreError(f"{path}: cannot open the store ({err}); is another kg using it?") from err
        ds = Dataset(store=OxigraphStore(store=inner), default_union=True)
    bind_prefixes(ds)
    return ds


def write_store(ds: Dataset, path: Path) -> None:
    """Replace the store at `path` with `ds`'s quads.

    The quads go through one N-Quads file and Oxigraph's bulk loader, which builds the indexes
    directly instead of committing quads one by one as adding them through rdflib would.
    """
    import pyoxigraph

    if path.exists() and any(path.iterdir()):
        if not is_store(path):
            raise StoreError(f"{path}: not empty and not an Oxigraph store; refusing to replace it")
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kg-store-") as tmp:
        nquads = Path(tmp) / "graph.nq"
        ds.serialize(destination=nquads, format="nquads", encoding="utf-8")
        store = pyoxigraph.Store(str(path))
        store.bulk_load(path=str(nquads), format=pyoxigraph.RdfFormat.N_QUADS)
        union_as_default_graph(store)
        store.optimize()
        store.flush()


def open_graph(path: Path) -> Dataset:
    """The built graph `path` names: a store folder, a build's --out folder, or an RDF file."""
    if path.is_file():
        fmt = guess_format(str(path)) or "turtle"
        ds = Dataset(default_union=True)
        bind_prefixes(ds)
        ds.parse(path, format=fmt)
        return ds
    return open_store(resolve_store(path), read_only=True)


def graph_path(path: Path) -> Path:
    """The graph `path` names: an RDF file as it is, else a store folder (see `resolve_store`)."""
    return path if path.is_file() else resolve_store(path)


def read_store(path: Path) -> pyoxigraph.Store:
    """The built graph `path` names, to read: a store folder or a build's --out folder, opened
    read-only (without a lock, so any number of readers share it), or an RDF file (.ttl .trig
    .nq .nt) loaded into memory, its named graphs' union made its default graph as in a build."""
    import pyoxigraph as ox

    source = graph_path(path)
    if not source.is_file():
        try:
            return ox.Store.read_only(str(source))
        except OSError as err:
            raise StoreError(f"{source}: cannot open the store ({err})") from err
    fmt = ox.RdfFormat.from_extension(source.suffix.removeprefix("."))
    if fmt is None:
        raise StoreError(f"{source}: not an RDF file kg reads (.ttl .trig .nq .nt)")
    store = ox.Store()
    try:
        store.bulk_load(path=str(source), format=fmt)
    except SyntaxError as err:
        raise StoreError(f"{source}: not readable as {fmt.name} ({err})") from err
    if next(iter(store.named_graphs()), None) is not None:
        union_as_default_graph(store)
    return store


class BatchLoader:
    """Feeds serialized statements to an Oxigraph store's bulk loader a bounded batch at a time.

    One bulk load of a whole corpus holds about a gigabyte per million statements in memory;
    batches of `batch_bytes` keep that to a couple of hundred megabytes at the same speed, and
    let the store fill while the workers are still extracting. `fmt` is the batches' format
    (N-Quads by default); triples go into `to_graph`.
    """

    def __init__(
        self,
        store: pyoxigraph.Store,
        batch_bytes: int = 32 << 20,
        fmt: pyoxigraph.RdfFormat | None = None,
        to_graph: pyoxigraph.DefaultGraph | None = None,
    ) -> None:
        import pyoxigraph as ox

        self.store = store
        self.batch_bytes = batch_bytes
        self.fmt = fmt or ox.RdfFormat.N_QUADS
        self.to_graph = to_graph
        self._pending: list[bytes] = []
        self._size = 0

    def add(self, statements: bytes) -> None:
        self._pending.append(statements)
        self._size += len(statements)
        if self._size >= self.batch_bytes:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            self.store.bulk_load(b"".join(self._pending), self.fmt, to_graph=self.to_graph)
        self._pending, self._size = [], 0


def union_as_default_graph(store: pyoxigraph.Store) -> None:
    """Make the store's default graph hold every statement of its notice graphs once.

    SPARQL's union of named graphs (use_default_graph_as_union) repeats a statement once per
    notice that makes it: a group inspecting units in five notices is counted five times. Queries
    read this default graph instead; the notice graphs stay for provenance and incremental builds.
    Each notice graph goes through Oxigraph's own N-Triples writer into its bulk loader, which
    keeps one copy of a statement that several notices make.
    """
    import pyoxigraph as ox

    store.clear_graph(ox.DefaultGraph())
    loader = BatchLoader(store, fmt=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    for notice in list(store.named_graphs()):
        loader.add(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=notice) or b"")
    loader.flush()
    store.flush()
