"""Annotated-text pages: a notice's text with every span the extraction components marked.

A reader checks what was read, and from where, by seeing the marks on the text itself. The
page is rendered by spaCy's displaCy in its "ent" style from manual data: that style keeps the
text's own line breaks and puts no spaces between Chinese characters, which the "span" style
does. "ent" marks cannot overlap, so the spans are packed into layers, each a rendering of the
whole text: problems and their measures first, then every other kind (regulations, persons,
organizations, places…) in as few layers as their overlaps allow. The page is self-contained:
inline styles, local fonts only, no link that leaves it. The marks are those the extraction kept
in the Notice (`kg.models.Mark`): a page never runs the components a second time.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from kg.models import Mark, Notice

# Mark groups shown together in their own layers, in this order; other groups follow.
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


def pack(marks: Iterable[Mark]) -> list[list[Mark]]:
    """Marks in the fewest layers without overlaps, longer marks first, each layer in text order."""
    layers: list[list[Mark]] = []
    for mark in sorted(marks, key=lambda m: (-(m.end - m.start), m.start)):
        for layer in layers:
            if all(mark.end <= o.start or o.end <= mark.start for o in layer):
                layer.append(mark)
                break
        else:
            layers.append([mark])
    return [sorted(layer, key=lambda m: m.start) for layer in layers]


def _layers(marks: Sequence[Mark]) -> list[tuple[str, list[Mark]]]:
    shown = {group for _, groups in LAYERS for group in groups}
    others = dict.fromkeys(m.group for m in marks if m.group not in shown)
    out = []
    for name, groups in (*LAYERS, *((group, (group,)) for group in others)):
        packed = pack(m for m in marks if m.group in groups)
        out += [(name if i == 0 else f"{name}（续）", layer) for i, layer in enumerate(packed)]
    return out


def without_external_links(markup: str) -> str:
    """Drop stylesheet/script/import references and turn links that leave the page into plain marks."""
    return _EXTERNAL.sub("", _EXTERNAL_TAG.sub("", markup))


def render_notice(notice: Notice) -> str:
    """The page of one notice: its body with the marks its extraction left, under its title."""
    return render_annotated(notice.text.body, notice.marks, title=notice.header.title or "通报")


def render_annotated(text: str, marks: Sequence[Mark], *, title: str = "通报") -> str:
    """A self-contained HTML page of `text` with every mark, one layer per group (see `LAYERS`)."""
    from spacy import displacy

    layers = _layers(marks)
    counts = Counter(mark.label for _, layer in layers for mark in layer)
    colors = {label: color(label) for label in counts}
    legend = "".join(
        f'<span style="background:{colors[label]}">{html.escape(label)} {n}</span>'
        for label, n in counts.items()
    )
    figures = "".join(
        displacy.render(
            {
                "text": text,
                "ents": [{"start": m.start, "end": m.end, "label": m.label} for m in layer],
                "title": name,
            },
            style="ent",
            manual=True,
            minify=True,
            options={"colors": colors},
        )
        for name, layer in layers
    ) or displacy.render({"text": text, "ents": []}, style="ent", manual=True, minify=True)
    page = (
        f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{_STYLE}</style></head><body><h1>{html.escape(title)}</h1>"
        f'<p class="legend">{legend}</p>{figures}</body></html>'
    )
    return without_external_links(page)
