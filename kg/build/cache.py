"""What the last build was made of, so a rebuild re-extracts only the files that changed.

A build writes manifest.json beside its store: per input file, the SHA-256 of its bytes and the
notice graphs it gave (or why it gave none), the outputs it wrote with the SHA-256 of each graph
file, and a fingerprint of the code, ontology and build settings. A rebuild with the same
fingerprint keeps every file whose hash is unchanged and replaces or removes the graphs of the
others; any change of code or settings rebuilds all, so a stale extraction can never survive an upgrade.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import kg
from kg.build.parallel import FileOutput, Settings
from kg.build.sinks import Sink
from kg.graph.validate import ONTOLOGY_FILE, SHAPES_FILE

MANIFEST = "manifest.json"
_FORMAT = 4
_PACKAGE = Path(kg.__file__).resolve().parent
_SOURCES = ("**/*.py", "**/templates/*", "query/saved/*.rq", "**/data/*.txt")


@dataclass(frozen=True, slots=True)
class Entry:
    """One input file as the last build saw it; `key` named it in its notices' IRIs (see `Task`)."""

    digest: str
    notices: tuple[str, ...] = ()
    error: str | None = None
    violations: tuple[str, ...] = ()
    key: str | None = None


@dataclass(frozen=True, slots=True)
class Manifest:
    """A build's fingerprint, what it made of each input file (by `file_key`) and what it wrote."""

    fingerprint: str
    files: Mapping[str, Entry]
    outputs: tuple[str, ...] = ()
    digests: Mapping[str, str] = field(default_factory=dict)  # graph file → SHA-256, as written

    def save(self, path: Path) -> None:
        data = {
            "format": _FORMAT,
            "fingerprint": self.fingerprint,
            "outputs": list(self.outputs),
            "digests": dict(sorted(self.digests.items())),
            "files": {key: asdict(entry) for key, entry in sorted(self.files.items())},
        }
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def load_manifest(path: Path) -> Manifest | None:
    """The manifest at `path`, or None when there is none we can trust (absent, unreadable, old)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != _FORMAT:
            return None
        files = {
            key: Entry(e["digest"], tuple(e["notices"]), e["error"], tuple(e["violations"]), e.get("key"))
            for key, e in data["files"].items()
        }
        return Manifest(data["fingerprint"], files, tuple(data["outputs"]), dict(data["digests"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def file_key(path: Path) -> str:
    """How the manifest names an input file: its absolute path, links followed where they lead."""
    return os.path.realpath(path)  # not Path.resolve(), which raises on a symbolic link loop


def file_digest(path: Path, max_bytes: int | None = None) -> str:
    """SHA-256 of the file's bytes; "" for a file that cannot be read, and its size for one above
    `max_bytes`, which is refused unread (the build reports why)."""
    try:
        if max_bytes is not None and (size := path.stat().st_size) > max_bytes:
            return f"size:{size}"
        with path.open("rb") as file:  # in chunks: an input may be gigabytes, refused later
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return ""


def fingerprint(settings: Settings, sinks: Sequence[Sink] = ()) -> str:
    """A hash of everything besides the inputs that shapes the outputs: code, ontology, settings,
    and what the sinks write."""
    h = hashlib.sha256(settings.key.encode())
    h.update(repr([sink.names for sink in sinks]).encode())
    for name, source in _sources():
        h.update(name.encode())
        h.update(source.read_bytes())
    return h.hexdigest()


def _sources() -> list[tuple[str, Path]]:
    """The package's code, templates and saved queries, then the ontology and shapes, by name."""
    code = [
        (source.relative_to(_PACKAGE.parent).as_posix(), source)
        for pattern in _SOURCES
        for source in sorted(_PACKAGE.glob(pattern))
        if source.is_file()
    ]
    return [*code, *((f"kg/ontology/{f.name}", f) for f in (ONTOLOGY_FILE, SHAPES_FILE))]


def entry_of(output: FileOutput) -> Entry:
    return Entry(output.digest, output.notices, output.error, output.violations, output.key)


def cached_output(path: Path, entry: Entry) -> FileOutput:
    """A file the last build already extracted, as the build reports it: no statements to load."""
    return FileOutput(
        path, entry.digest, entry.notices, entry.error, entry.violations, cached=True, key=entry.key
    )
