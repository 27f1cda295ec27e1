"""`kg build`: run the pipeline over the inputs and write the outputs, all or nothing.

Files are extracted on worker processes (`kg.build.parallel`) and each notice's N-Quads streamed, in
batches of bounded size, into the Oxigraph store (DIR/store/, one named graph per notice), so memory
stays bounded whatever the corpus size; then graph.ttl (and graph.nq, graph.trig when asked for)
are written from the store in IRI order (`kg.build.write`): the same inputs give the same bytes in
any order and with any number of workers.

Builds are incremental: manifest.json (`kg.build.cache`) records each input's hash, and a rebuild
starts from a hard-linked copy of the last store, replaces the graphs of changed files, drops
those of removed ones and extracts nothing else. An unchanged corpus is not rebuilt at all.

Everything is written into a staging folder and published only when the build succeeded
(`kg.build.publish`): a journalled move that a killed build's successor rolls back, so the folder
holds the old build or the new one, never a mix, and a lock keeps a second build out meanwhile.
"""

from __future__ import annotations

import os
import shutil
import time
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from kg.build.cache import (
    MANIFEST,
    Entry,
    Manifest,
    cached_output,
    entry_of,
    file_digest,
    file_key,
    fingerprint,
)
from kg.build.cache import load_manifest as _load_manifest
from kg.build.parallel import FileOutput, Settings, Task, auto_workers, extract_files, page_name
from kg.build.publish import locked, new_staging, pause, publish
from kg.build.write import FORMATS, NQ_NAME, TRIG_NAME, TTL_NAME, write_graph_files
from kg.errors import BuildFailed
from kg.explore.pages import GROUPS_DIR, INDEX_NAME, UNITS_DIR
from kg.graph.assemble import bind_prefixes
from kg.graph.store import STORE_DIRNAME, BatchLoader, is_store, union_as_default_graph
from kg.ingest.read import MAX_INPUT_BYTES, iter_inputs, source_keys

if TYPE_CHECKING:
    import pyoxigraph

PAGES_DIRNAME = "notices"
HTML_NAME = "graph.html"
# Above this many statements (evidence included) graph.html is not written: rdflib needs about
# 1.5 GB per million to read them; a 1,000-notice build has about half a million. What one page
# can hold is counted in drawn entities instead (kg.explore.render.DRAW_LIMIT).
RENDER_LIMIT = 2_000_000
# Everything a build writes into --out; what a build did not write this time is removed.
OUTPUTS = (
    TTL_NAME, TRIG_NAME, NQ_NAME, HTML_NAME, STORE_DIRNAME, PAGES_DIRNAME, MANIFEST,
    UNITS_DIR, GROUPS_DIR, INDEX_NAME,
)  # fmt: skip
GRAPH_FILES = (TTL_NAME, NQ_NAME, TRIG_NAME)


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build read and wrote; `seconds` sums each stage's time over every file and worker."""

    out: Path
    files: tuple[FileOutput, ...]
    written: tuple[Path, ...]
    seconds: Mapping[str, float] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    up_to_date: bool = False

    @property
    def notices(self) -> int:
        return sum(len(f.notices) for f in self.files)

    @property
    def failed(self) -> tuple[FileOutput, ...]:
        return tuple(f for f in self.files if not f.ok)

    @property
    def extracted(self) -> int:
        """Files read this time, as opposed to kept from the last build."""
        return sum(not f.cached for f in self.files)

    @property
    def violations(self) -> tuple[str, ...]:
        return tuple(v for f in self.files for v in f.violations)


def prefixes() -> dict[str, str]:
    """The prefixes graph.ttl and graph.trig declare: those `kg.graph.assemble` binds, and rdf/rdfs/xsd/owl.

    Not id:, whose local names all hold a slash that Turtle would have to escape (id:org\\/…).
    """
    g = Graph(bind_namespaces="core")
    bind_prefixes(g)
    return {prefix: str(ns) for prefix, ns in g.namespaces() if prefix not in ("", "id", "xml")}


def _previous(out: Path, settings: Settings) -> Manifest | None:
    """The last build's manifest if this build can start from its store, else None."""
    manifest = _load_manifest(out / MANIFEST)
    if manifest is None or manifest.fingerprint != fingerprint(settings):
        return None
    return manifest if is_store(out / STORE_DIRNAME) else None


def _has_outputs(out: Path, previous: Manifest, formats: Collection[str]) -> bool:
    """Whether `out` holds every output of the last build as it wrote them (a graph file cut
    short or changed since is written again from the store), in just the `formats` asked for now."""
    asked = {FORMATS[f] for f in formats}
    return (
        asked == set(previous.outputs) & set(FORMATS.values())
        and all((out / o).exists() for o in previous.outputs)
        and all(file_digest(out / name) == digest for name, digest in previous.digests.items())
    )


def _check(outputs: list[FileOutput], strict: bool) -> None:
    if not any(o.notices for o in outputs):
        raise BuildFailed("no notice could be built from the inputs; nothing was written")
    failed = sum(not o.ok for o in outputs)
    if strict and failed:
        raise BuildFailed(f"{failed} input file(s) failed and --strict was given; nothing was written")


def _open_store(staging: Path, out: Path, previous: Manifest | None, gone: set[str]) -> pyoxigraph.Store:
    """The staging store: a hard-linked copy of the last one less the `gone` graphs, or a new one."""
    import pyoxigraph as ox

    path = staging / STORE_DIRNAME
    if previous is None:
        return ox.Store(str(path))
    ox.Store.read_only(str(out / STORE_DIRNAME)).backup(str(path))
    store = ox.Store(str(path))
    for notice in sorted(gone):
        store.remove_graph(ox.NamedNode(notice))
    return store


def _keep_pages(out: Path, staging: Path, gone: set[str]) -> None:
    """Hard-link the last build's notice pages into staging, less those of the `gone` notices."""
    old, new = out / PAGES_DIRNAME, staging / PAGES_DIRNAME
    new.mkdir()
    dropped = {page_name(n) for n in gone}
    if old.is_dir():
        for page in old.iterdir():
            if page.name not in dropped:
                os.link(page, new / page.name)


def _render(ttl: Path, folder: Path, statements: int) -> str | None:
    """Write graph.html and the unit, group and notice pages; a note instead of graph.html when
    the graph is too large for rdflib to read or for one page to hold."""
    if statements > RENDER_LIMIT:
        return (
            f"{HTML_NAME} not written: {statements} statements are more than rdflib reads in reasonable "
            f"memory (limit {RENDER_LIMIT}); `kg show` draws any entity's neighbourhood"
        )
    from kg.explore.pages import write_pages
    from kg.explore.render import DRAW_LIMIT, render_html
    from kg.explore.view import to_networkx

    graph = Graph().parse(ttl, format="turtle")
    pages = write_pages(graph, folder)
    view = to_networkx(graph)
    if view.number_of_nodes() > DRAW_LIMIT:
        return (
            f"{HTML_NAME} not written: {view.number_of_nodes()} entities are more than one page can hold "
            f"(limit {DRAW_LIMIT}); `kg show` draws any entity's neighbourhood"
        )
    render_html(view, folder / HTML_NAME, pages=pages.links, notices_page=pages.index)
    return None


@dataclass(frozen=True, slots=True)
class _Plan:
    """Which files this build extracts, which it keeps from the last build, which graphs go."""

    paths: list[Path]
    todo: list[Task]
    kept: dict[Path, Entry] = field(default_factory=dict)
    gone: set[str] = field(default_factory=set)
    previous: Manifest | None = None


def _plan(paths: list[Path], out: Path, settings: Settings) -> _Plan:
    """A file is kept when its bytes and its key are the last build's: a key that changed (another
    input with its name came or went) changes its notices' IRIs."""
    names = source_keys(paths)
    tasks = {p: Task(p, file_digest(p, settings.max_input_bytes), names[p]) for p in paths}
    previous = _previous(out, settings)
    if previous is None:
        return _Plan(paths, list(tasks.values()))
    keys = {file_key(p): p for p in paths}
    kept = {
        p: e
        for k, p in keys.items()
        if (e := previous.files.get(k)) and (e.digest, e.key) == (tasks[p].digest, tasks[p].key)
    }
    gone = {n for k, e in previous.files.items() if keys.get(k) not in kept for n in e.notices}
    return _Plan(paths, [t for p, t in tasks.items() if p not in kept], kept, gone, previous)


def build(
    inputs: Iterable[Path],
    out: Path,
    *,
    strict: bool = False,
    workers: int | None = None,
    validate: bool = True,
    notice_pages: bool = False,
    max_input_bytes: int = MAX_INPUT_BYTES,
    formats: Collection[str] = (),
    on_file: Callable[[FileOutput], None] | None = None,
) -> BuildReport:
    """Build the graph of every notice in `inputs` into the folder `out`, reusing what is unchanged.

    `workers` processes extract in parallel (default: every core, once there are files enough
    to pay for starting them: `kg.build.parallel.auto_workers`). `validate` checks each
    file's graph against the shapes; `notice_pages` writes DIR/notices/notice-<id>.html; a file
    above `max_input_bytes`, or a DOCX that unpacks to more, fails with a message, unread;
    `formats` (of `kg.build.write.FORMATS`) adds graph.nq and graph.trig to graph.ttl.
    """
    unknown = set(formats) - FORMATS.keys()
    if unknown:
        raise BuildFailed(f"unknown format(s) {', '.join(sorted(unknown))}; choose from {', '.join(FORMATS)}")
    settings = Settings(validate=validate, notice_pages=notice_pages, max_input_bytes=max_input_bytes)
    paths = iter_inputs(inputs)
    with locked(out):
        plan = _plan(paths, out, settings)
        previous = plan.previous
        if previous and not plan.todo and not plan.gone and _has_outputs(out, previous, formats):
            outputs = [cached_output(p, plan.kept[p]) for p in plan.paths]
            for o in outputs:
                if on_file:
                    on_file(o)
            _check(outputs, strict)
            return BuildReport(out, tuple(outputs), (), up_to_date=True)
        staging = new_staging(out)
        try:
            workers = workers or auto_workers(len(plan.todo))
            return _stage(plan, out, staging, settings, strict, workers, formats, on_file)
        except OSError as exc:
            where = f" ({exc.filename})" if exc.filename else ""
            raise BuildFailed(
                f"could not write the build into {out}: {exc.strerror or exc}{where}; "
                "the previous output is kept"
            ) from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _stage(
    plan: _Plan,
    out: Path,
    staging: Path,
    settings: Settings,
    strict: bool,
    workers: int,
    formats: Collection[str],
    on_file: Callable[[FileOutput], None] | None,
) -> BuildReport:

    seconds: defaultdict[str, float] = defaultdict(float)
    if settings.notice_pages:
        _keep_pages(out, staging, plan.gone)
    fresh: dict[Path, FileOutput] = {}
    store = _open_store(staging, out, plan.previous, plan.gone)
    loader = BatchLoader(store)
    for output in extract_files(plan.todo, settings, workers=workers):
        start = time.perf_counter()
        for block in output.blocks:
            loader.add(block)
        for name, page in output.pages.items():
            (staging / PAGES_DIRNAME / name).write_text(page, encoding="utf-8")
        fresh[output.path] = replace(output, blocks=(), pages={})
        for stage, spent in output.seconds.items():
            seconds[stage] += spent
        seconds["store"] += time.perf_counter() - start
        if on_file:
            on_file(fresh[output.path])
        pause("extract")
    outputs = [fresh[p] if p in fresh else cached_output(p, plan.kept[p]) for p in plan.paths]
    _check(outputs, strict)

    start = time.perf_counter()
    loader.flush()
    store.flush()
    statements = len(store)
    union_as_default_graph(store)
    del loader
    seconds["store"] += time.perf_counter() - start

    start = time.perf_counter()
    write_graph_files(store, staging, prefixes(), formats)
    del store
    note = _render(staging / TTL_NAME, staging, statements)
    manifest = Manifest(
        fingerprint(settings),
        {file_key(o.path): entry_of(o) for o in outputs},
        (*sorted(p.name for p in staging.iterdir()), MANIFEST),
        {name: file_digest(staging / name) for name in GRAPH_FILES if (staging / name).exists()},
    )
    manifest.save(staging / MANIFEST)
    pause("staged")
    written = publish(staging, out, OUTPUTS)
    seconds["write"] += time.perf_counter() - start
    notes = (*(n for o in outputs for n in o.notes), *((note,) if note else ()))
    return BuildReport(out, tuple(outputs), tuple(written), dict(seconds), notes)
