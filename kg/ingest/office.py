"""Read PDF and Word files: a PDF's text layer, a DOCX's paragraphs and tables, a .doc through
an external converter (LibreOffice, antiword or catdoc, whichever is installed).

pypdf and python-docx are imported inside the readers, to keep `import kg` fast.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kg.errors import EmptyInput, InputError
from kg.models import Document

# python-docx's template carries this creation stamp: it dates the template, not the notice.
_DOCX_TEMPLATE_CREATED = datetime(2013, 12, 23, 23, 15, tzinfo=UTC)


def unpacked_size(path: Path) -> int:
    """What the members of a zip file say they unpack to; 0 when it is no zip (its reader says so).

    zipfile reads no more than a member declares, so a member that lies about its size comes out
    cut short and fails its CRC check rather than growing past the declared size.
    """
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return 0


def read_pdf(path: Path) -> Document:
    """The text layer of a PDF, page after page."""
    from pypdf import PdfReader

    with _pypdf_warnings() as warned:
        try:
            reader = PdfReader(path)
            if reader.is_encrypted and not reader.decrypt(""):
                raise InputError(path, "the PDF is locked with a password; save an unlocked copy")
            pages = [page.extract_text() or "" for page in reader.pages]
        except InputError:
            raise
        except Exception as exc:  # pypdf raises many types on malformed files
            raise InputError(path, f"not a readable PDF ({exc})") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise EmptyInput(path, "no text layer (a scanned PDF?); run OCR first")
    notes: tuple[str, ...] = ()
    if warned:
        notes = (
            f"{path}: the PDF is damaged; its text was read around {len(warned)} fault(s) "
            f"(first: {warned[0]}), so check that none is missing",
        )
    return Document(name=path.name, text=text, kind="pdf", notes=notes)


@contextmanager
def _pypdf_warnings() -> Iterator[list[str]]:
    """Collect what pypdf logs or warns while reading, instead of letting it reach stderr."""
    import logging
    import warnings

    caught: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            caught.append(record.getMessage())

    logger = logging.getLogger("pypdf")
    handler, propagate = Collect(logging.WARNING), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            yield caught
            caught.extend(str(w.message) for w in warned)
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def read_docx(path: Path) -> Document:
    """A Word file's paragraphs and table cells in reading order, and its core properties."""
    import docx

    try:
        document = docx.Document(str(path))
        lines = list(_docx_lines(document))
        props = document.core_properties
        title, created = (props.title or "").strip(), props.created
    except Exception as exc:  # python-docx, zipfile and lxml each raise their own types
        raise InputError(path, f"not a readable DOCX file ({exc})") from exc
    meta = {"title": title} if title else {}
    if created and created != _DOCX_TEMPLATE_CREATED:
        meta["issued"] = created.date().isoformat()
    return Document(name=path.name, text="\n".join(lines), kind="docx", meta=meta)


def _docx_lines(container: Any) -> Iterator[str]:
    """Paragraph texts of a document or cell, descending into tables; a merged cell once."""
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            seen: list[Any] = []
            for row in block.rows:
                for cell in row.cells:
                    if cell not in seen:
                        seen.append(cell)
                        yield from _docx_lines(cell)
        else:
            yield block.text


def read_doc(path: Path) -> Document:
    """A Word 97-2003 file's text, through the first converter installed: LibreOffice, antiword, catdoc."""
    for name, args in _DOC_CONVERTERS:
        if program := shutil.which(name):
            return Document(name=path.name, text=_convert(path, name, [program, *args]), kind="doc")
    raise InputError(
        path,
        "reading Word 97-2003 .doc files needs LibreOffice, antiword or catdoc, and none is installed "
        "(e.g. apt-get install antiword); or save the file as .docx",
    )


# Each converter's arguments before the file; LibreOffice writes a .txt into {outdir}.
_DOC_CONVERTERS = (
    ("soffice", ["--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", "{outdir}"]),
    ("antiword", ["-m", "UTF-8.txt", "-w", "0"]),
    ("catdoc", ["-d", "utf-8", "-w"]),
)
_CONVERT_SECONDS = 120


def _convert(path: Path, name: str, command: list[str]) -> str:
    """The text `command` (a converter and its arguments) makes of `path`, as UTF-8."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="kg-doc-") as outdir:
        args = [arg.replace("{outdir}", outdir) for arg in command]
        try:
            done = subprocess.run(
                [*args, str(path.absolute())], capture_output=True, timeout=_CONVERT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise InputError(path, f"{name} took more than {_CONVERT_SECONDS} s to convert it") from exc
        written = Path(outdir) / f"{path.stem}.txt"
        output = written.read_bytes() if written.exists() else done.stdout
        if done.returncode != 0 or not output.strip():
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise InputError(
                path, f"{name} could not read it as a Word file ({said[-1] if said else 'no text'})"
            )
    return output.decode("utf-8", "replace").lstrip("\ufeff")
