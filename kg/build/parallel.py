"""Extraction across processes: each worker turns whole files into their quads and a small summary.

Workers build their spaCy pipeline once (the pool's initializer), read, extract, assemble and
validate a file, and send back each notice's quads as Oxigraph serializes them (N-Quads bytes,
which the store's bulk loader reads as they are), never Notice objects or graphs, so what
crosses a process boundary is small and cheap to pickle. Results come back in input order with at most a few
files per worker in flight, so the parent's memory stays bounded however many files there are,
and the output is the same whatever the number of workers.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.build.pipeline import process_file
from kg.extract.nlp import default_nlp
from kg.graph.assemble import notice_quads
from kg.ingest.read import MAX_INPUT_BYTES
from kg.models import Notice

# A worker process takes seconds to start (spaCy, jieba's dictionary); a file, a fraction of one.
_FILES_PER_STARTED_WORKER = 8
# Files queued per worker beyond the one it works on: enough to keep every worker busy while the
# parent writes, few enough that results waiting to be written stay a handful.
_QUEUED_PER_WORKER = 4


@dataclass(frozen=True, slots=True)
class Settings:
    """What a worker does besides extracting: validate each file's graph, render each notice's
    page with `notice_page` (a module-level function, which a worker process can import); and
    the largest input it reads."""

    validate: bool = True
    notice_page: Callable[[Notice], str] | None = None
    max_input_bytes: int = MAX_INPUT_BYTES

    @property
    def key(self) -> str:
        """The settings as text that is the same in every run, for the build's fingerprint."""
        page = self.notice_page and f"{self.notice_page.__module__}.{self.notice_page.__qualname__}"
        return f"validate={self.validate} notice_page={page} max_input_bytes={self.max_input_bytes}"


@dataclass(frozen=True, slots=True)
class Task:
    """One file to extract: the SHA-256 of its bytes, and its key when its name is not unique."""

    path: Path
    digest: str
    key: str | None = None


@dataclass(frozen=True, slots=True)
class FileOutput:
    """What one input file gave the build: its notices' IRIs and, for each, its quads as N-Quads.
    `pages` maps a file name under notices/ to its HTML; `cached` says the file was unchanged
    since the last build and nothing was extracted from it this time; `key` is the `Task`'s;
    `notes` what its reader noted.
    """

    path: Path
    digest: str
    notices: tuple[str, ...] = ()
    error: str | None = None
    violations: tuple[str, ...] = ()
    blocks: tuple[bytes, ...] = ()
    pages: Mapping[str, str] = field(default_factory=dict)
    seconds: Mapping[str, float] = field(default_factory=dict)
    cached: bool = False
    key: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None


def default_workers() -> int:
    """All the cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def page_name(notice: str) -> str:
    """The file under notices/ that shows the notice with IRI `notice`."""
    return f"notice-{notice.rsplit('/', 1)[-1]}.html"


def auto_workers(files: int) -> int:
    """Every core, but no more workers than `files` can keep busy long enough to pay their start."""
    return max(1, min(default_workers(), files // _FILES_PER_STARTED_WORKER))


_settings = Settings()
_PR_SET_PDEATHSIG = 1


def _start_worker(settings: Settings) -> None:
    """Build the spaCy pipeline once per process, before the first file."""
    global _settings
    _settings = settings
    default_nlp()


def _start_pool_worker(settings: Settings, parent: int) -> None:
    """Pool initializer: tie the worker's life to the build's, then `_start_worker`.

    A build killed with SIGKILL cannot stop its workers, so each asks the kernel (Linux's
    PR_SET_PDEATHSIG) to be killed when its parent dies, and exits if that happened already.
    """
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)
    _start_worker(settings)


def extract_file(task: Task) -> FileOutput:
    """Extract, assemble and (if asked) validate one file: the unit of work a worker does."""
    path, digest = task.path, task.digest
    result = process_file(path, key=task.key, max_bytes=_settings.max_input_bytes)
    if not result.ok:
        return FileOutput(path, digest, error=result.error, seconds=result.seconds, key=task.key)
    seconds = dict(result.seconds)
    start = time.perf_counter()
    graphs = [notice_quads(n) for n in result.notices]
    blocks = tuple(_serialized(quads, ox.RdfFormat.N_QUADS) for _, quads in graphs)
    iris = tuple(str(node) for node, _ in graphs)
    seconds["assemble"] = time.perf_counter() - start
    violations: tuple[str, ...] = ()
    if _settings.validate:
        from kg.graph.validate import validate_ntriples

        start = time.perf_counter()
        every = [q for _, quads in graphs for q in quads]
        triples = _serialized((q.triple for q in every), ox.RdfFormat.N_TRIPLES)
        report = validate_ntriples(triples.decode(), lambda: _store(every))
        violations = report.violations
        seconds["validate"] = time.perf_counter() - start
    pages = {}
    if _settings.notice_page:
        start = time.perf_counter()
        pages = {page_name(i): _settings.notice_page(n) for i, n in zip(iris, result.notices, strict=True)}
        seconds["pages"] = time.perf_counter() - start
    return FileOutput(
        path, digest, iris, None, violations, blocks, pages, seconds, key=task.key, notes=result.notes
    )


def _serialized(statements: Iterable[ox.Quad] | Iterable[ox.Triple], fmt: ox.RdfFormat) -> bytes:
    """`statements` as Oxigraph writes them in `fmt`, which its bulk loader and shacl-rust read."""
    data = ox.serialize(statements, format=fmt)
    assert data is not None, "serialize returns the bytes when given no file"
    return data


def _store(quads: list[ox.Quad]) -> ox.Store:
    """`quads` in an in-memory store, to name what is wrong in a violation."""
    store = ox.Store()
    store.extend(quads)
    return store


def extract_files(tasks: Sequence[Task], settings: Settings, *, workers: int) -> Iterator[FileOutput]:
    """`extract_file` over `tasks`, in their order, on up to `workers` processes.

    One worker, or one file, runs in this process: starting a process costs more than a file.
    """
    if workers <= 1 or len(tasks) <= 1:
        _start_worker(settings)
        yield from map(extract_file, tasks)
        return
    context = multiprocessing.get_context("spawn")
    workers = min(workers, len(tasks))
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_pool_worker, initargs=(settings, os.getpid())
    )
    try:
        pending: deque[Future[FileOutput]] = deque()
        for task in tasks:
            pending.append(pool.submit(extract_file, task))
            if len(pending) > workers * _QUEUED_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(cancel_futures=True)
