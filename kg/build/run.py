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
import traceback
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
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
from kg.build.sinks import Sink
from kg.build.write import FORMATS, NQ_NAME, TRIG_NAME, TTL_NAME, write_graph_files
from kg.errors import BuildFailed
from kg.graph.assemble import bind_prefixes
from kg.graph.store import STORE_DIRNAME, BatchLoader, is_store, union_as_default_graph
from kg.ingest.read import MAX_INPUT_BYTES, iter_inputs, source_keys
from kg.models import Notice

if TYPE_CHECKING:
    import pyoxigraph

PAGES_DIRNAME = "notices"
# What a build writes into --out besides its sinks' outputs; what a build did not write this time
# (of these, the sinks' and the last build's outputs) is removed.
OUTPUTS = (TTL_NAME, TRIG_NAME, NQ_NAME, STORE_DIRNAME, PAGES_DIRNAME, MANIFEST)
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


def _previous(out: Path, settings: Settings, sinks: Sequence[Sink]) -> Manifest | None:
    """The last build's manifest if this build can start from its store, else None."""
    manifest = _load_manifest(out / MANIFEST)
    if manifest is None or manifest.fingerprint != fingerprint(settings, sinks):
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


@dataclass(frozen=True, slots=True)
class _Plan:
    """Which files this build extracts, which it keeps from the last build, which graphs go."""

    paths: list[Path]
    todo: list[Task]
    kept: dict[Path, Entry] = field(default_factory=dict)
    gone: set[str] = field(default_factory=set)
    previous: Manifest | None = None


def _plan(paths: list[Path], out: Path, settings: Settings, sinks: Sequence[Sink]) -> _Plan:
    """A file is kept when its bytes and its key are the last build's: a key that changed (another
    input with its name came or went) changes its notices' IRIs."""
    names = source_keys(paths)
    tasks = {p: Task(p, file_digest(p, settings.max_input_bytes), names[p]) for p in paths}
    previous = _previous(out, settings, sinks)
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
    notice_page: Callable[[Notice], str] | None = None,
    max_input_bytes: int = MAX_INPUT_BYTES,
    formats: Collection[str] = (),
    sinks: Sequence[Sink] = (),
    on_file: Callable[[FileOutput], None] | None = None,
) -> BuildReport:
    """Build the graph of every notice in `inputs` into the folder `out`, reusing what is unchanged.

    `workers` processes extract in parallel (default: every core, once there are files enough
    to pay for starting them: `kg.build.parallel.auto_workers`). `validate` checks each
    file's graph against the shapes; `notice_page` renders DIR/notices/notice-<id>.html of each
    notice (a module-level function: worker processes import it); a file
    above `max_input_bytes`, or a DOCX that unpacks to more, fails with a message, unread;
    `formats` (of `kg.build.write.FORMATS`) adds graph.nq and graph.trig to graph.ttl; each of
    `sinks` writes its outputs (graph.html and the pages: `kg.explore.site.SITE`) from the store.
    """
    unknown = set(formats) - FORMATS.keys()
    if unknown:
        raise BuildFailed(f"unknown format(s) {', '.join(sorted(unknown))}; choose from {', '.join(FORMATS)}")
    settings = Settings(validate=validate, notice_page=notice_page, max_input_bytes=max_input_bytes)
    paths = iter_inputs(inputs)
    with locked(out):
        plan = _plan(paths, out, settings, sinks)
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
            return _stage(plan, out, staging, settings, strict, workers, formats, sinks, on_file)
        except BaseException as exc:
            # The failed stage's frames hold the staging store open, and RocksDB writes into its
            # folder until its last reference goes: let go of them before the folder is removed.
            traceback.clear_frames(exc.__traceback__)
            if isinstance(exc, OSError):
                where = f" ({exc.filename})" if exc.filename else ""
                raise BuildFailed(
                    f"could not write the build into {out}: {exc.strerror or exc}{where}; "
                    "the previous output is kept"
                ) from exc
            raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _load(
    store: pyoxigraph.Store,
    plan: _Plan,
    staging: Path,
    settings: Settings,
    workers: int,
    seconds: defaultdict[str, float],
    on_file: Callable[[FileOutput], None] | None,
) -> list[FileOutput]:
    """Extract the files to do into `store` (and their notice pages into staging); make its
    default graph the union of its notice graphs; return every input file's output."""
    fresh: dict[Path, FileOutput] = {}
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
    start = time.perf_counter()
    loader.flush()
    union_as_default_graph(store)
    seconds["store"] += time.perf_counter() - start
    return [fresh[p] if p in fresh else cached_output(p, plan.kept[p]) for p in plan.paths]


def _stage(
    plan: _Plan,
    out: Path,
    staging: Path,
    settings: Settings,
    strict: bool,
    workers: int,
    formats: Collection[str],
    sinks: Sequence[Sink],
    on_file: Callable[[FileOutput], None] | None,
) -> BuildReport:
    seconds: defaultdict[str, float] = defaultdict(float)
    if settings.notice_page:
        _keep_pages(out, staging, plan.gone)
    store = _open_store(staging, out, plan.previous, plan.gone)
    outputs = _load(store, plan, staging, settings, workers, seconds, on_file)
    _check(outputs, strict)

    start = time.perf_counter()
    write_graph_files(store, staging, prefixes(), formats)
    seconds["write"] += time.perf_counter() - start
    start = time.perf_counter()
    sink_notes = [note for sink in sinks if (note := sink.write(store, staging))]
    seconds["sinks"] += time.perf_counter() - start
    del store
    start = time.perf_counter()
    manifest = Manifest(
        fingerprint(settings, sinks),
        {file_key(o.path): entry_of(o) for o in outputs},
        (*sorted(p.name for p in staging.iterdir()), MANIFEST),
        {name: file_digest(staging / name) for name in GRAPH_FILES if (staging / name).exists()},
    )
    manifest.save(staging / MANIFEST)
    pause("staged")
    last = _load_manifest(out / MANIFEST)
    names = (*OUTPUTS, *(n for sink in sinks for n in sink.names), *(last.outputs if last else ()))
    written = publish(staging, out, names)
    seconds["write"] += time.perf_counter() - start
    notes = (*(n for o in outputs for n in o.notes), *sink_notes)
    return BuildReport(out, tuple(outputs), tuple(written), dict(seconds), notes)
