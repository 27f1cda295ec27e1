"""Where a built graph lives: an Oxigraph store on disk (the default), or rdflib in memory.

Both are handed out as an rdflib `Dataset` whose default graph is the union of the named graphs
(one per notice), so `?s ?p ?o` sees every notice and `GRAPH ?notice { … }` tells which said it.
"""

from __future__ import annotations

import shutil
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import XSD
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


class BatchLoader:
    """Feeds N-Quads text to an Oxigraph store's bulk loader a bounded batch at a time.

    One bulk load of a whole corpus holds about a gigabyte per million statements in memory;
    batches of `batch_bytes` keep that to a couple of hundred megabytes at the same speed, and
    let the store fill while the workers are still extracting.
    """

    def __init__(self, store: pyoxigraph.Store, batch_bytes: int = 32 << 20) -> None:
        self.store = store
        self.batch_bytes = batch_bytes
        self._pending: list[str] = []
        self._size = 0

    def add(self, nquads: str) -> None:
        self._pending.append(nquads)
        self._size += len(nquads)
        if self._size >= self.batch_bytes:
            self.flush()

    def flush(self) -> None:
        import pyoxigraph as ox

        if self._pending:
            self.store.bulk_load("".join(self._pending), ox.RdfFormat.N_QUADS)
        self._pending, self._size = [], 0


@lru_cache(maxsize=1 << 16)
def rdflib_term(
    term: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal,
) -> URIRef | BNode | Literal:
    """An Oxigraph term as rdflib parses it from Turtle, where a plain string has no datatype.

    Cached: a notice's evidence repeats the same nodes, predicates and sentences many times over,
    and building rdflib terms (which validates every IRI) is most of reading them."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))


def union_as_default_graph(store: pyoxigraph.Store) -> None:
    """Make the store's default graph hold every statement of its notice graphs once.

    SPARQL's union of named graphs (use_default_graph_as_union) repeats a statement once per
    notice that makes it: a group inspecting units in five notices is counted five times. Queries
    read this default graph instead; the notice graphs stay for provenance and incremental builds.
    """
    import pyoxigraph as ox

    store.clear_graph(ox.DefaultGraph())
    store.bulk_extend(
        ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
        for q in store.quads_for_pattern(None, None, None, None)
        if not isinstance(q.graph_name, ox.DefaultGraph)
    )
    store.flush()
