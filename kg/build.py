"""`kg build`: run the pipeline over the inputs and write the outputs, all or nothing.

Outputs are written into a staging folder beside the old ones and moved into place only when
the build succeeded, so a failed build never overwrites a previous good output.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset

from kg.errors import BuildFailed
from kg.graph import build_dataset, union
from kg.pipeline import FileResult, pipe
from kg.read import iter_inputs


@dataclass(frozen=True, slots=True)
class BuildReport:
    out: Path
    files: tuple[FileResult, ...]
    written: tuple[Path, ...]

    @property
    def notices(self) -> int:
        return sum(len(f.notices) for f in self.files)

    @property
    def failed(self) -> tuple[FileResult, ...]:
        return tuple(f for f in self.files if not f.ok)


def write_graphs(ds: Dataset, folder: Path) -> list[Path]:
    """graph.ttl (every statement, one graph) and graph.trig (one named graph per notice)."""
    ttl, trig = folder / "graph.ttl", folder / "graph.trig"
    union(ds).serialize(ttl, format="turtle", encoding="utf-8")
    ds.serialize(trig, format="trig", encoding="utf-8")
    return [ttl, trig]


def _publish(staging: Path, out: Path) -> list[Path]:
    """Move every staged output into `out`, replacing the old ones."""
    written = []
    for item in sorted(staging.iterdir()):
        target = out / item.name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        os.replace(item, target)
        written.append(target)
    staging.rmdir()
    return written


def build(
    inputs: Iterable[Path],
    out: Path,
    *,
    strict: bool = False,
    on_file: Callable[[FileResult], None] | None = None,
) -> BuildReport:
    """Build the graph of every notice in `inputs` into the folder `out`."""
    paths = iter_inputs(inputs)
    results = []
    for result in pipe(paths):
        results.append(result)
        if on_file:
            on_file(result)
    notices = sorted((n for r in results for n in r.notices), key=lambda n: (n.text.source, n.text.index))
    failed = [r for r in results if not r.ok]
    if not notices:
        raise BuildFailed("no notice could be built from the inputs; nothing was written")
    if strict and failed:
        raise BuildFailed(f"{len(failed)} input file(s) failed and --strict was given; nothing was written")
    ds = build_dataset(notices)
    out.mkdir(parents=True, exist_ok=True)
    staging = out / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        write_graphs(ds, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildReport(out, tuple(results), tuple(_publish(staging, out)))
