"""Read an input file into a `Document`: its text, one paragraph per line, and its metadata.

This is the only stage that touches files. Each format has one reader in `READERS` (web pages
in `kg.ingest.html`, PDF and Word files in `kg.ingest.office`); every failure on bad input
becomes a `kg.errors.InputError` that names the file and the reason, so the CLI can report it
in one line and go on with the next file. The format libraries (pypdf, python-docx, selectolax,
charset-normalizer) are imported inside the readers to keep `import kg` fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from kg.errors import EmptyInput, InputError, UnsupportedFormat
from kg.ingest.encoding import decode, read_bytes
from kg.ingest.html import read_html
from kg.ingest.office import read_doc, read_docx, read_pdf, unpacked_size
from kg.models import Document

# The largest input file read, and the most a DOCX may unpack to: a notice is some tens of
# kilobytes of text, and extraction takes about half a minute per million characters.
MAX_INPUT_BYTES = 50_000_000


def read_document(path: Path, *, max_bytes: int = MAX_INPUT_BYTES) -> Document:
    """The text and metadata of one input file, read by the reader its suffix names.

    A file above `max_bytes` is refused before it is read, and so is a DOCX whose parts unpacked
    would be: a zip bomb of a few megabytes unpacks to gigabytes of XML.
    """
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        what = f"'{path.suffix}' files" if path.suffix else "files without a suffix"
        raise UnsupportedFormat(path, f"cannot read {what}; xuncha-kg reads {', '.join(SUFFIXES)}")
    if not path.exists():
        raise InputError(path, _LINK_TO_NOTHING if path.is_symlink() else "no such file")
    if not path.is_file():
        raise InputError(path, "not a file")
    size = path.stat().st_size
    if size == 0:
        raise EmptyInput(path, "the file is empty")
    if size > max_bytes:
        raise InputError(
            path, f"the file is {_mb(size)}, above the limit of {_mb(max_bytes)} an input may have"
        )
    if reader is read_docx and (unpacked := unpacked_size(path)) > max_bytes:
        raise InputError(
            path, f"the DOCX unpacks to {_mb(unpacked)}, above the limit of {_mb(max_bytes)} (a zip bomb?)"
        )
    document = reader(path)
    if not document.text.strip():
        raise EmptyInput(path, "the file holds no text, only whitespace or markup")
    return document


def _mb(size: int) -> str:
    return f"{size / 1e6:,.1f} MB"


_LINK_TO_NOTHING = "a symbolic link that leads to no file (its target is missing, or links back to it)"


def iter_inputs(paths: Iterable[Path]) -> list[Path]:
    """The files to read: named files as given, directories searched for files we read.

    A named symbolic link that leads nowhere is kept, so its file fails alone with a reason.

    A directory's files come sorted, without hidden files or folders and Office lock files
    (~$…), so that a run over a folder is repeatable.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if not path.exists() and not path.is_symlink():
            raise InputError(path, "no such file or directory")
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if _wanted(p, path)))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def source_keys(paths: Iterable[Path]) -> dict[Path, str | None]:
    """What names each file in its notices' IRIs where its file name alone would not: None for a
    name no other input has, else the shortest tail of its path no other input's path ends with.

    So two inputs a/notice.txt and b/notice.txt give two notices, "a/notice.txt" and
    "b/notice.txt", while a file with a name of its own keeps the IRI its name gave it.
    """
    by_name: dict[str, list[tuple[str, ...]]] = {}
    parts = {path: path.absolute().parts for path in paths}
    for path, whole in parts.items():
        by_name.setdefault(path.name, []).append(whole)
    keys: dict[Path, str | None] = {}
    for path, whole in parts.items():
        others = [p for p in by_name[path.name] if p != whole]
        tail = next(
            (whole[-k:] for k in range(2, len(whole) + 1) if all(p[-k:] != whole[-k:] for p in others)),
            whole,
        )
        keys[path] = "/".join(tail) if others else None
    return keys


def _wanted(path: Path, root: Path) -> bool:
    parts = path.relative_to(root).parts
    return (
        path.is_file()
        and path.suffix.lower() in READERS
        and not any(part.startswith(".") for part in parts)
        and not path.name.startswith("~$")
    )


def _read_txt(path: Path) -> Document:
    text, encoding = decode(read_bytes(path), path)
    return Document(name=path.name, text=text, kind="txt", encoding=encoding)


READERS: dict[str, Callable[[Path], Document]] = {
    ".txt": _read_txt,
    ".doc": read_doc,
    ".htm": read_html,
    ".html": read_html,
    ".pdf": read_pdf,
    ".docx": read_docx,
}
SUFFIXES = tuple(sorted(READERS))
