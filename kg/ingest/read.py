"""Read an input file into a `Document`: its text, one paragraph per line, and its metadata.

This is the only stage that touches files. Each format has one reader in `READERS`; every
failure on bad input becomes a `kg.errors.InputError` that names the file and the reason, so
the CLI can report it in one line and go on with the next file. The format libraries (pypdf,
python-docx, selectolax, charset-normalizer) are imported inside the readers to keep
`import kg` fast; Word 97-2003 .doc files go through an external converter (`_read_doc`).
"""

from __future__ import annotations

import codecs
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kg.errors import DecodeFailed, EmptyInput, InputError, UnsupportedFormat
from kg.ingest.normalize import split_chrome
from kg.models import Document

# The metadata keys a Document carries; kg.ingest.normalize.META_LABELS maps page labels onto them.
META_KEYS = ("title", "issued", "publisher", "source")

# Encodings charset-normalizer may choose from once strict UTF-8 failed. Left free it names
# Latin or Cyrillic code pages for GBK bytes and returns mojibake; a notice is Chinese.
_DETECTABLE = ("gb18030", "big5")
# GB18030 is a superset of GBK and GB2312, and pages labelled gb2312 often use GBK characters.
_GB_FAMILY = {"gb2312", "gbk", "gb18030"}
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)

# HTML elements that are never text, those that are never article text, and class/id words
# that mark site chrome.
_CODE_TAGS = frozenset({"script", "style", "noscript", "template"})
_CHROME_TAGS = _CODE_TAGS | {"iframe", "nav", "footer", "aside", "button", "select", "svg"}
# "position"/"location" hold 当前位置, "ewm"/"qrcode" a QR code (ewm is 二维码 in pinyin
# initials), "bdshare" Baidu's share buttons, "related" the related-article list.
_CHROME_CLASS = re.compile(
    r"(?:^|[-_\s])(?:nav\w*|menu|breadcrumbs?|crumbs?|footer|foot|share|bdshare\w*|print\w*|toolbar|sidebar|"
    r"copyright|position|location|ewm|qrcode|erweima|fontsize|related)"
    r"(?:$|[-_\s\d])",
    re.IGNORECASE,
)
# fmt: off
_BLOCK_TAGS = frozenset({
    "address", "article", "blockquote", "body", "caption", "center", "dd", "div", "dl", "dt",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p",
    "pre", "section", "table", "td", "th", "tr", "ul",
})
# fmt: on
# A table cell or span holding only a label ("发布时间：") belongs with the value after it.
_LABEL_ONLY = re.compile(r"^[\u4e00-\u9fff\s]{1,8}[:：]$")
_CJK = re.compile(r"[\u3400-\u9fff]")
# The article holds at least this share of the page's text (outside links); its frame does not.
_MAIN_SHARE = 0.8
# The largest input file read, and the most a DOCX may unpack to: a notice is some tens of
# kilobytes of text, and extraction takes about half a minute per million characters.
MAX_INPUT_BYTES = 50_000_000
# Pages nest elements some tens of levels deep. Finding the article costs time in proportion to
# depth times size (`_main_node`), so a page nested deeper than this is refused, not read for minutes.
MAX_HTML_DEPTH = 2_000
# <meta name=…> of Chinese government CMSs (TRS, Hanweb, …) and Open Graph, by meta key.
_META_TAGS = {
    "articletitle": "title",
    "og:title": "title",
    "pubdate": "issued",
    "article:published_time": "issued",
    "contentsource": "source",
}
# python-docx's template carries this creation stamp: it dates the template, not the notice.
_DOCX_TEMPLATE_CREATED = datetime(2013, 12, 23, 23, 15, tzinfo=UTC)


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
    if reader is _read_docx and (unpacked := _unpacked_size(path)) > max_bytes:
        raise InputError(
            path, f"the DOCX unpacks to {_mb(unpacked)}, above the limit of {_mb(max_bytes)} (a zip bomb?)"
        )
    document = reader(path)
    if not document.text.strip():
        raise EmptyInput(path, "the file holds no text, only whitespace or markup")
    return document


def _mb(size: int) -> str:
    return f"{size / 1e6:,.1f} MB"


def _unpacked_size(path: Path) -> int:
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


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the file ({exc.strerror})") from exc


def decode(data: bytes, path: Path, *, declared: str | None = None) -> tuple[str, str]:
    """The text of `data` and the encoding it was in, judged from the bytes themselves.

    Strict UTF-8 first: GBK text almost never passes it, while UTF-8 text can pass a GB18030
    decoder as mojibake ("中文" as "涓枃"). Then a charset the page declares, then detection.
    """
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _strict(data, codec, path), codec
    candidates = ["utf-8"]
    if declared and (named := _codec(declared)):
        candidates.append(named)
    for codec in candidates:
        try:
            return _checked(data.decode(codec), path), codec
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(_DETECTABLE)).best()
    detected = _codec(best.encoding) if best else None
    if detected is None:
        raise DecodeFailed(path, "the bytes are not UTF-8, GB18030/GBK or Big5 text; save the file as UTF-8")
    return _strict(data, detected, path), detected


def _codec(name: str) -> str | None:
    """Python's name for an encoding label, with the GB family read as GB18030."""
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return "gb18030" if codec in _GB_FAMILY else codec


def _strict(data: bytes, codec: str, path: Path) -> str:
    try:
        return _checked(data.decode(codec), path)
    except UnicodeDecodeError as exc:
        raise DecodeFailed(path, f"the bytes are not valid {codec} (at byte {exc.start})") from exc


def _checked(text: str, path: Path) -> str:
    # NUL never occurs in text; UTF-16 without a BOM or a binary file passes UTF-8 with them.
    if "\x00" in text:
        raise DecodeFailed(path, "the file holds NUL bytes: binary data or UTF-16 without a BOM")
    return text


def _read_txt(path: Path) -> Document:
    text, encoding = decode(_read_bytes(path), path)
    return Document(name=path.name, text=text, kind="txt", encoding=encoding)


def _read_html(path: Path) -> Document:
    """The article of a web page without its site chrome, and the page's metadata."""
    from selectolax.lexbor import LexborHTMLParser

    data = _read_bytes(path)
    declared = _DECLARED_CHARSET.search(data[:4096])
    html, encoding = decode(data, path, declared=declared.group(1).decode("ascii") if declared else None)
    tree = LexborHTMLParser(html)
    if tree.body is None:
        raise EmptyInput(path, "the page has no body")
    if _deeper_than(tree.body, MAX_HTML_DEPTH):
        raise InputError(path, f"the page nests elements more than {MAX_HTML_DEPTH:,} levels deep")
    _prune(tree.body, lambda node: node.tag in _CODE_TAGS)
    page_lines = _lines(tree.body)
    meta = _html_meta(tree, page_lines)
    _prune(tree.body, _is_chrome)
    lines = _lines(_main_node(tree.body))
    # The page prints its title as a heading above the article; keep it on the notice's top line.
    title = meta.get("title")
    if title and title in page_lines and title not in lines:
        lines.insert(0, title)
    return Document(name=path.name, text="\n".join(lines), kind="html", meta=meta, encoding=encoding)


def _html_meta(tree: Any, page_lines: list[str]) -> dict[str, str]:
    """Metadata from the page's labelled header lines first, then <meta> tags, then <title>."""
    _, labelled = split_chrome(page_lines)
    meta = {key: labelled[key] for key in META_KEYS if labelled.get(key)}
    for node in tree.css("meta[name], meta[property]"):
        attrs = node.attributes
        key = _META_TAGS.get((attrs.get("name") or attrs.get("property") or "").lower())
        content = (attrs.get("content") or "").strip()
        if key and content:
            meta.setdefault(key, content)
    title = tree.css_first("title")
    if title and (text := re.split(r"_|\s[-|－]\s", title.text(strip=True))[0].strip()):
        meta.setdefault("title", text)
    return meta


def _deeper_than(node: Any, limit: int) -> bool:
    """Whether elements under `node` nest more than `limit` levels deep."""
    stack = [(child, 1) for child in node.iter()]
    while stack:
        child, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((grandchild, depth + 1) for grandchild in child.iter())
    return False


def _prune(node: Any, drop: Callable[[Any], bool]) -> None:
    """Remove the elements under `node` that `drop` names, each before looking inside it.

    A stack rather than recursion, as in `_render`: a page may nest elements thousands deep.
    """
    stack = list(node.iter())
    while stack:
        child = stack.pop()
        if drop(child):
            child.decompose()
        else:
            stack.extend(child.iter())


def _is_chrome(node: Any) -> bool:
    names = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
    return node.tag in _CHROME_TAGS or bool(_CHROME_CLASS.search(names))


def _main_node(body: Any) -> Any:
    """The innermost element holding most of the page's own text: the article, not its frame."""
    node = body
    while True:
        total = _weight(node)
        best = max(node.iter(), key=_weight, default=None)
        if best is None or total <= 0 or _weight(best) < _MAIN_SHARE * total:
            return node
        node = best


def _weight(node: Any) -> int:
    """Chinese characters under `node` outside links: menus and link lists weigh nothing."""
    linked = sum(len(_CJK.findall(a.text())) for a in node.css("a"))
    return len(_CJK.findall(node.text())) - linked


def _lines(node: Any) -> list[str]:
    """The text under `node` with a line break at every block element and <br>."""
    parts: list[str] = []
    _render(node, parts)
    lines = [line.strip() for line in "".join(parts).split("\n")]
    merged: list[str] = []
    for line in lines:
        if not line:
            continue
        if merged and _LABEL_ONLY.match(merged[-1]):
            merged[-1] += line
        else:
            merged.append(line)
    return merged


def _render(node: Any, parts: list[str]) -> None:
    """Append the text under `node` to `parts`, walking a stack of nodes and of the line breaks
    that close block elements, so that no nesting depth can exhaust Python's recursion limit."""
    stack: list[Any] = list(reversed(list(node.iter(include_text=True))))
    while stack:
        child = stack.pop()
        if isinstance(child, str):
            parts.append(child)
        elif child.tag == "-text":
            parts.append(re.sub(r"[ \t\r\n]+", " ", child.text_content or ""))
        elif child.tag == "br":
            parts.append("\n")
        elif not child.tag.startswith("-"):
            end = "\n" if child.tag in _BLOCK_TAGS else ""
            parts.append(end)
            stack.append(end)
            stack.extend(reversed(list(child.iter(include_text=True))))


def _read_pdf(path: Path) -> Document:
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


def _read_docx(path: Path) -> Document:
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


def _read_doc(path: Path) -> Document:
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


READERS: dict[str, Callable[[Path], Document]] = {
    ".txt": _read_txt,
    ".doc": _read_doc,
    ".htm": _read_html,
    ".html": _read_html,
    ".pdf": _read_pdf,
    ".docx": _read_docx,
}
SUFFIXES = tuple(sorted(READERS))
