"""Read a web page: the article without its site chrome, and the page's metadata.

selectolax is imported inside the reader, to keep `import kg` fast. Every walk over the element
tree uses a stack rather than recursion: a hostile page may nest elements thousands deep.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.errors import EmptyInput, InputError
from kg.ingest.encoding import DECLARED_CHARSET, decode, read_bytes
from kg.ingest.normalize import split_chrome
from kg.models import META_KEYS, Document

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


def read_html(path: Path) -> Document:
    """The article of a web page without its site chrome, and the page's metadata."""
    from selectolax.lexbor import LexborHTMLParser

    data = read_bytes(path)
    declared = DECLARED_CHARSET.search(data[:4096])
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
