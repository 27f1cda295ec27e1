"""Places: the administrative areas a notice names, with their hierarchy where it is derivable.

Provinces, prefectures and counties come from the division table cpca ships (kg.text.gazetteer),
written with their suffix (海淀区) or bare (赴上海、南京等地). A bare name is read only where it
cannot be an ordinary word (jieba's dictionary must not know it as one), and a bare name from
outside the notice's own prefecture and province is not read at the start of an organization's
name: 成都锦江医院 names a hospital, not a visit to 成都. Towns, streets and villages are below
the table's level and are read by form: a short proper name before 镇/街道/乡/村 (or a zone's
新区/经开区), after a left boundary, and not a generic word (乡镇, 全镇, 样本村). Township units
carry their town's name without its suffix (石门人民医院, 桥山中心卫生院), and an enumeration
shares its last item's suffix (青石、桥山、河口镇), so both name towns too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.spans import store_records, text_of
from kg.extract.textview import TextView
from kg.ingest.normalize import HEADING
from kg.models import Header, Place, Span
from kg.text.dictionary import is_common_word
from kg.text.gazetteer import Division, Hit, division_at, find, hits, is_local, nearest, parent, stem
from kg.text.orgnames import FUNCTION_CHARS, left_boundary, trigger_after

AREA_SUFFIXES = ("街道", "镇", "乡", "村", "新区", "经开区", "开发区")
_SUFFIXES_LONGEST = sorted(AREA_SUFFIXES, key=len, reverse=True)
_SUFFIX_STARTS = frozenset(x[0] for x in AREA_SUFFIXES)
LEVELS = {"街道": "street", "镇": "town", "乡": "township", "村": "village"}
# An area suffix starting another word: 村级, 乡村, 镇域, 村医.
_SUFFIX_WORD = re.compile(r"村[级民室务干组居镇]|村医(?!疗)|乡[村镇级土亲]|乡医(?!疗)|镇[级村街域]")
# A proper area name never starts with these: 全镇, 各村, 本乡, 该街道, 所在街道, 辖区村.
_GENERIC_AREA = re.compile(
    r"^(?:[全各本该每其此所原等一二三四五六七八九十两几]|辖区|所在|相关|周边|附近|城乡|农村|乡村|城镇|乡镇|中心|重点|基层|社区|街道|公立|下属|所属|其他"
    r"|[省市区县][定级直属])"  # 省定贫困村, 市级示范村: a kind of village, not its name
)
_SHARED_TAIL = re.compile(
    r"[\d一二三四五六七八九十两]+(?P<counted>街道|镇|乡)"
    r"|(?:[\d一二三四五六七八九十两]+[家所个])?(?:(?P<suffix>街道|镇|乡)|(?P<unit>(?:中心)?卫生院|人民医院))"
)
_PROPER_TAGS = ("ns", "nr", "nz", "j")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A section's heading (一、 （二）) ends its line; list items (1. 一是) may wrap.
_SECTION = re.compile(r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[）)])")
# Lines shorter than this that end without punctuation are headings or signatures, not wraps.
_WRAPPED_LINE = 16
_INNER_AREA = re.compile(r"街道|镇|乡|村|新区|经开区|开发区")


@dataclass(frozen=True, slots=True)
class _Mention:
    name: str
    level: str
    code: str | None
    parent: str | None
    span: Span | None  # None for the header's place, which the body may not name


def name_view(body: str) -> TextView:
    """The body as names are read in it: whitespace squeezed out, so that a name broken over two
    lines (石门\n镇卫生院) reads whole; but a line break stays, as a boundary, after a blank
    line, a sentence's end, a section's heading or a short line (a signature: …委员会\n2024年…)
    and before a heading."""
    lines = body.split("\n")
    kept: list[tuple[int, str]] = []
    at = 0
    for k, line in enumerate(lines):
        kept += [(at + j, ch) for j, ch in enumerate(line) if not ch.isspace()]
        at += len(line)
        if k + 1 < len(lines):
            prev, nxt = line.strip(), lines[k + 1].strip()
            wrapped = (
                len(prev) >= _WRAPPED_LINE
                and _CJK.match(prev[-1])
                and not _SECTION.match(prev)
                and nxt
                and not HEADING.match(nxt)
            )
            if not wrapped:
                kept.append((at, "\n"))
            at += 1
    return TextView(body, "".join(ch for _, ch in kept), tuple(i for i, _ in kept))


def _proper_area(name: str, suffix: str) -> bool:
    """Whether the characters before an area suffix can be the area's own name (not 全, 样本).

    Towns are often named by ordinary nouns (石门镇); a village so named is a kind (样本村).
    """
    if _GENERIC_AREA.match(name) or _INNER_AREA.search(name[:-1]) or trigger_after(name, 0):
        return False
    if name[-1] in "一二三四五六七八九十两几" or name[-1].isdigit():
        return False  # 两镇: a count of towns
    if any(ch in FUNCTION_CHARS for ch in name):
        return False  # 卫生院和村: no name holds 和
    return _is_proper(name) or (suffix != "村" and _is_name_like(name))


def area_at(text: str, i: int) -> int | None:
    """The end of a sub-county area's name starting at `text[i]` (桥山街道, 河口村), if one does."""
    for n in (2, 3, 4):
        if text[i + n : i + n + 1] not in _SUFFIX_STARTS:
            continue
        suffix = next((x for x in _SUFFIXES_LONGEST if text.startswith(x, i + n)), None)
        if suffix and _names_area(text, i, i + n):
            return i + n + len(suffix)
    return None


def _names_area(text: str, start: int, suffix_at: int) -> bool:
    """Whether text[start:suffix_at] is an area's own name, the suffix following it.

    Not where the suffix starts another word (村级), nor where the text reads as two words
    (卫生城镇 is 卫生|城镇, 区农业农村局 is 农业|农村, not 卫生城|镇), nor for a division of the
    table (武侯区村卫生室).
    """
    name = text[start:suffix_at]
    suffix = next((x for x in _SUFFIXES_LONGEST if text.startswith(x, suffix_at)), "")
    if _SUFFIX_WORD.match(text, suffix_at) or not _proper_area(name, suffix) or find(name):
        return False
    joint = text[suffix_at - 1 : suffix_at + 1]
    return not (len(name) > 2 and is_common_word(joint, allowed=()) and is_common_word(name[-3:-1]))


def _is_name_like(name: str) -> bool:
    """Looser than _is_proper, for names a unit's type vouches for: nouns pass (砖厂)."""
    return not is_common_word(name, allowed=(*_PROPER_TAGS, "n"))


def _is_proper(name: str) -> bool:
    """A name that is no ordinary word: jieba's dictionary lacks it or knows it as a name."""
    return not is_common_word(name, allowed=_PROPER_TAGS)


def _crosses_word(text: str, start: int, end: int) -> bool:
    """Whether the name's first or last character forms an ordinary word with its neighbour:
    通化 in 沟通化解 is two words, not a city."""
    return is_common_word(text[max(0, start - 1) : start + 1]) or is_common_word(text[end - 1 : end + 1])


def _level(div: Division, written: str) -> str:
    if div.level == "county" and written.endswith("市"):
        return "county"
    return div.level


def _division_mention(
    text: str, view: TextView, hit: Hit, home: Division | None, org_starts: set[int]
) -> _Mention | None:
    """The division a table hit names, or None when a bare or common name must not be read."""
    div = nearest(list(hit.divisions), home.code if home else None)
    if div is None:
        return None
    written = text[hit.start : hit.end]
    local = is_local(div, home)
    if not hit.suffixed:
        if not _is_proper(written) or (not local and div.level == "county"):
            return None
        if not local and (hit.start in org_starts or _crosses_word(text, hit.start, hit.end)):
            return None
        if re.match(r"[省市区县]", text[hit.end : hit.end + 1]):
            return None  # a bare name with another level's suffix is some other area
    elif not local and not _is_proper(div.name[:-1] if len(div.name) > 2 else div.name):
        return None
    up = parent(div)
    name = written if hit.suffixed else div.name
    return _Mention(
        name, _level(div, written), div.code, up.name if up else None, view.span(hit.start, hit.end)
    )


def _divisions(text: str, view: TextView, home: Division | None, org_starts: set[int]) -> Iterator[_Mention]:
    for hit in hits(text):
        mention = _division_mention(text, view, hit, home, org_starts)
        if mention:
            yield mention


def _area_start(text: str, suffix_at: int) -> int | None:
    """Where a sub-county area name ending before `suffix_at` starts, if it has 2–4 characters.

    The name starts after the areas written before it (甘泉县石门镇, 桥山街道河口村), unless that
    would leave less than two characters (云镇街道 is one street).
    """
    start = left_boundary(text, suffix_at)
    if text.startswith("中共", start):
        start += 2  # 中共桥山镇委员会 names the town's party committee
    elif start > 0 and text[start] in "省市区县" and text[start - 1] in "我本该全":
        start += 1  # 我市石门镇: the town of this city, not 市石门镇
    while start < suffix_at:
        hit = division_at(text, start)
        inner = _INNER_AREA.search(text, start, suffix_at)
        if hit and hit.end <= suffix_at - 2:
            start = hit.end
        elif inner and inner.end() <= suffix_at - 2:
            start = inner.end()
        else:
            break
    return start if 2 <= suffix_at - start <= 4 else None


def _areas(text: str, view: TextView, home: Division | None) -> Iterator[_Mention]:
    for m in re.finditer("|".join(_SUFFIXES_LONGEST), text):
        start = _area_start(text, m.start())
        if start is None or not _names_area(text, start, m.start()):
            continue
        name = text[start : m.start()]
        hit = division_at(text, start)
        if find(name + m.group()) or (hit and hit.suffixed and hit.end >= m.start()):
            continue
        level = LEVELS.get(m.group(), "zone")
        yield _Mention(
            name + m.group(), level, None, _county_of(text, start, home), view.span(start, m.end())
        )


def _county_of(text: str, start: int, home: Division | None) -> str | None:
    """The county a town lies in: the division written right before it, else the notice's own
    county-level place."""
    for n in range(2, 10):
        if start - n < 0:
            break
        hit = division_at(text, start - n)
        county = (
            nearest(list(hit.divisions), home.code if home else None) if hit and hit.end == start else None
        )
        if county is not None:
            return county.name
    return home.name if home and home.level == "county" else None


def _shared_tails(text: str, view: TextView, home: Division | None) -> Iterator[_Mention]:
    """Towns written without their suffix: each item of an enumeration closed by a suffix
    (青石、桥山、河口镇; 石门、劳山两乡) and every town a township unit is named after
    (石门人民医院, 甘泉桥山、云溪河口2家中心卫生院)."""
    for m in _SHARED_TAIL.finditer(text):
        items: list[tuple[int, int]] = []
        end = m.start()
        start = left_boundary(text, end)
        while True:
            items.append((start, end))
            if start == 0 or text[start - 1] != "、":
                break
            end = start - 1
            start = left_boundary(text, end)
        if m.group("suffix"):
            items = items[1:]  # the last item carries the suffix: _areas reads it
        suffix = m.group("suffix") or m.group("counted") or ""
        for start, end in items:
            hit = division_at(text, start)
            if hit and hit.end < end:
                start = hit.end  # 甘泉桥山: the town after its county
            if _town_name(text, start, end, home):
                level = LEVELS.get(suffix, "town")
                yield _Mention(
                    text[start:end] + suffix,
                    level,
                    None,
                    _county_of(text, start, home),
                    view.span(start, end),
                )


_ITEM_TAIL = re.compile(r"(?:村民委员会|居民委员会|委会|党支部|党总支|党委)?[、，,]")  # 白杨村委会、


def _listed_areas(
    text: str, view: TextView, home: Division | None, found: list[_Mention]
) -> Iterator[_Mention]:
    """Areas listed beside one read already (石门镇、希望镇; 白杨村委会、希望村委会): the list
    vouches for a name that is an ordinary word too, which alone is not read (希望, 劳动)."""
    read = {m.span for m in found if m.span is not None}
    items = []
    for m in re.finditer("街道|镇|乡|村", text):
        start = _area_start(text, m.start())
        if start is None or _SUFFIX_WORD.match(text, m.start()) or find(text[start : m.end()]):
            continue
        name = text[start : m.start()]
        if _GENERIC_AREA.match(name) or re.search(r"[\d一二三四五六七八九十两第]", name):
            continue
        if any(ch in FUNCTION_CHARS for ch in name):
            continue
        tail = _ITEM_TAIL.match(text, m.end())
        items.append((start, m.end(), m.group(), tail.end() if tail else None))
    known = {(s, e) for s, e, _, _ in items if view.span(s, e) in read}
    grew = True
    while grew:  # along the list, from the items read to their neighbours
        grew = False
        for before, after in pairwise(items):
            listed = before[2] == after[2] and before[3] == after[0] and text[after[0] - 1] == "、"
            pair = {before[:2], after[:2]}
            if listed and len(pair & known) == 1:
                known |= pair
                grew = True
    for s, e, suffix, _ in items:
        if (s, e) in known and view.span(s, e) not in read:
            yield _Mention(text[s:e], LEVELS[suffix], None, _county_of(text, s, home), view.span(s, e))


def _town_name(text: str, start: int, end: int, home: Division | None) -> bool:
    """Whether text[start:end], written without a suffix, names a town: two or three characters,
    no numeral, head or generic word, and no division of the notice's own prefecture (武侯人民医院
    is the district's hospital)."""
    name = text[start:end]
    if not 2 <= len(name) <= 3 or _GENERIC_AREA.match(name) or not _is_name_like(name):
        return False
    if re.search(r"[第一二三四五六七八九十省市区县镇乡村街院]", name):
        return False
    hit = division_at(text, start)
    return not (hit and hit.end == end and (hit.suffixed or any(is_local(d, home) for d in hit.divisions)))


def _home(header: Header | None) -> Division | None:
    if header is None or not header.place:
        return None
    return nearest(find(header.place), None)


def _merge(mentions: Iterable[_Mention]) -> list[Place]:
    """One record per place (names compared without suffix), evidence in reading order.

    A place's parent is kept where the notice names the parent too, so that every xc:locatedIn
    points at a place of the graph; the division code still places the others.
    """
    by_key: dict[tuple[str, str], list[_Mention]] = {}
    # a town and a street of one name are two areas (石门镇 became 石门街道); a name written
    # without suffix (石门人民医院) joins the area of that name
    for m in sorted(mentions, key=lambda m: _key(m.name) == m.name):
        bare = _key(m.name)
        key = (bare, m.level if m.code is None and bare != m.name else "")
        if bare == m.name:
            key = next((k for k in by_key if k[0] == bare), key)
        by_key.setdefault(key, []).append(m)
    best = {key: max(ms, key=lambda m: (m.code is not None, len(m.name))) for key, ms in by_key.items()}
    places = []
    for key, ms in by_key.items():
        b = best[key]
        up = next((x for k, x in best.items() if k[0] == _key(b.parent)), None) if b.parent else None
        spans = tuple(sorted({m.span for m in ms if m.span is not None}, key=lambda s: s.start))
        places.append(Place(b.name, b.level, up.name if up else None, b.code, spans))
    return sorted(places, key=lambda p: p.evidence[0].start if p.evidence else -1)


def _key(name: str) -> str:
    """Names compare without suffix (海淀 = 海淀区), but a zone keeps its own (青川经开区 ≠ 青川)."""
    if name.endswith(("新区", "经开区", "开发区")):
        return name
    for suffix in ("街道", "镇", "乡", "村"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return stem(name)


def extract_places(body: str, header: Header | None = None, org_starts: Iterable[int] = ()) -> list[Place]:
    """The places a notice names; `org_starts` are body offsets where organization names begin."""
    view = name_view(body)
    text = view.text
    home = _home(header)
    squeezed_starts = {i for i, at in enumerate(view.offsets) if at in set(org_starts)}
    mentions = [
        *_divisions(text, view, home, squeezed_starts),
        *_areas(text, view, home),
        *_shared_tails(text, view, home),
    ]
    mentions += _listed_areas(text, view, home, mentions)
    if home and header and header.place:
        up = parent(home)
        mentions.append(_Mention(header.place, home.level, home.code, up.name if up else None, None))
    return _merge(mentions)


@Language.component("xc_places")
def places_component(doc: Doc) -> Doc:
    """spaCy component: place records into doc.user_data, their spans into doc.spans.

    Reads the organizations' spans when xc_organizations ran before it, so that a bare city name
    opening another city's unit (成都锦江医院) is not read as a place.
    """
    org_starts = [ev.start for org in doc.user_data.get("organizations", ()) for ev in org.evidence]
    records = extract_places(text_of(doc), doc.user_data.get("header"), org_starts)
    return store_records(doc, "places", records, "PLACE")
