"""Annotated-text pages: a notice's text with every span the extraction components marked.

A reader checks what was read, and from where, by seeing the marks on the text itself. The
page is rendered by spaCy's displaCy in its "ent" style from manual data: that style keeps the
text's own line breaks and puts no spaces between Chinese characters, which the "span" style
does. "ent" marks cannot overlap, so the spans are packed into layers, each a rendering of the
whole text: problems and their measures first, then every other kind (regulations, persons,
organizations, places…) in as few layers as their overlaps allow. The page is self-contained:
inline styles, local fonts only, no link that leaves it.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# Span groups shown together in their own layers, in this order; other groups follow.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("问题与整改措施", ("problems",)),
    ("文件、人员、单位与地名", ("regulations", "persons", "organizations", "places")),
)
COLORS = {
    "PROBLEM": "#ffb4a2",
    "MEASURE": "#d8f3dc",
    "REGULATION": "#bde0fe",
    "DOC_NUMBER": "#a2d2ff",
    "PERSON": "#ffc8dd",
    "ORG": "#cdb4db",
    "ORGANIZATION": "#cdb4db",
    "PLACE": "#fde68a",
}
_PALETTE = ("#e9c46a", "#a8dadc", "#f4acb7", "#caffbf", "#ffd6a5", "#bdb2ff")
_EXTERNAL = re.compile(
    r"""\s(?:href|src)\s*=\s*["']?(?:[a-z][a-z0-9+.-]*:)?//[^"'\s>]*["']?""", re.IGNORECASE
)
_EXTERNAL_TAG = re.compile(
    r"<link\b[^>]*>|<script\b[^>]*\bsrc\b[^>]*>\s*</script>|@import[^;]*;", re.IGNORECASE
)
_STYLE = (
    "body{font-family:'PingFang SC','Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',"
    "sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.6}"
    "h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}"
    ".legend span{display:inline-block;margin:0 .5rem .3rem 0;padding:.1rem .5rem;border-radius:.3rem}"
)


def color(label: str) -> str:
    """A label's mark colour: fixed for the known kinds, a stable pick for any other."""
    known = COLORS.get(label.upper())
    if known:
        return known
    return _PALETTE[int(hashlib.sha1(label.encode("utf-8")).hexdigest(), 16) % len(_PALETTE)]


def pack(spans: Iterable[Span]) -> list[list[Span]]:
    """Spans in the fewest layers without overlaps, longer spans first, each layer in text order."""
    layers: list[list[Span]] = []
    for span in sorted(spans, key=lambda s: (-(s.end_char - s.start_char), s.start_char)):
        for layer in layers:
            if all(span.end_char <= o.start_char or o.end_char <= span.start_char for o in layer):
                layer.append(span)
                break
        else:
            layers.append([span])
    return [sorted(layer, key=lambda s: s.start_char) for layer in layers]


def _layers(doc: Doc) -> list[tuple[str, list[Span]]]:
    groups = [*LAYERS, *((key, (key,)) for key in doc.spans if not any(key in keys for _, keys in LAYERS))]
    out = []
    for name, keys in groups:
        packed = pack(span for key in keys if key in doc.spans for span in doc.spans[key])
        out += [(name if i == 0 else f"{name}（续）", layer) for i, layer in enumerate(packed)]
    return out


def without_external_links(markup: str) -> str:
    """Drop stylesheet/script/import references and turn links that leave the page into plain marks."""
    return _EXTERNAL.sub("", _EXTERNAL_TAG.sub("", markup))


def render_annotated(doc: Doc, *, title: str | None = None) -> str:
    """A self-contained HTML page of `doc.text` with every span group the components wrote.

    `title` defaults to the notice title in the header the pipeline put in `doc.user_data`.
    """
    from spacy import displacy

    header = doc.user_data.get("header")
    title = title or getattr(header, "title", None) or "通报"
    layers = _layers(doc)
    counts = Counter(span.label_ for _, layer in layers for span in layer)
    colors = {label: color(label) for label in counts}
    legend = "".join(
        f'<span style="background:{colors[label]}">{html.escape(label)} {n}</span>'
        for label, n in counts.items()
    )
    figures = "".join(
        displacy.render(
            {
                "text": doc.text,
                "ents": [{"start": s.start_char, "end": s.end_char, "label": s.label_} for s in layer],
                "title": name,
            },
            style="ent",
            manual=True,
            minify=True,
            options={"colors": colors},
        )
        for name, layer in layers
    ) or displacy.render({"text": doc.text, "ents": []}, style="ent", manual=True, minify=True)
    page = (
        f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{_STYLE}</style></head><body><h1>{html.escape(title)}</h1>"
        f'<p class="legend">{legend}</p>{figures}</body></html>'
    )
    return without_external_links(page)
