"""Where a notice's telephone numbers ring: an area code (0716-…) names the city it serves.

An announcement gives its hotline (举报电话) even when its text never names its own city as
such; the geocoding data of libphonenumber (the phonenumbers package) knows which city each area
code serves. Mobile numbers follow their owner rather than the office, and are not read.
"""

from __future__ import annotations

from collections import Counter

from phonenumbers import PhoneNumberMatcher, PhoneNumberType, geocoder, number_type

from kg.text.gazetteer import Division, ancestors, hits

# The levels an area code can tell: a province, a city or an autonomous prefecture, never a
# district or county (and 区 would take 内蒙古自治区 for a 区委).
LEVELS = ("省", "市", "州")


def called_area(text: str, level: str) -> str | None:
    """The division of `level` (one of `LEVELS`) that most of the fixed-line numbers in `text`
    ring in, or None.

    A province is told by its codes alone. A city's code also serves the county-level cities
    under it (0512: 苏州市 and 昆山市), so a city is told only where the text names it or a
    place in it too (云上荆州, 荆州区), and a county-level city under it that the text names is
    preferred. A code two cities share (029: 西安市、咸阳市) tells nothing.
    """
    if level not in LEVELS:
        return None
    areas: Counter[str] = Counter()
    for match in PhoneNumberMatcher(text, "CN"):
        if number_type(match.number) == PhoneNumberType.FIXED_LINE:
            where = geocoder.description_for_number(match.number, "zh")
            if where and "、" not in where:
                areas[where] += 1
    if not areas:
        return None
    chain = _chain(areas.most_common(1)[0][0])
    area = next((d for d in chain if d.name.endswith(level)), None)
    if area is None or level == "省":
        return area.name if area else None
    named = Counter(d for d in _named(text) if d == area or area in ancestors(d))
    lower = [d for d in named if d != area and d.name.endswith(level)]
    if lower:
        return max(lower, key=lambda d: named[d]).name
    return area.name if named else None


def _named(text: str) -> list[Division]:
    """Every division `text` names, with or without its suffix, read left to right."""
    return [d for hit in hits(text) for d in hit.divisions]


def _chain(where: str) -> list[Division]:
    """The divisions of a geocoder's place ("湖北省荆州市", "内蒙古巴彦淖尔") and their
    ancestors, the deepest first; a bare name is taken under the province before it."""
    found: list[Division] = []
    for div in _named(where):
        if not found or found[-1] in ancestors(div):
            found.append(div)
    return [d for div in found[-1:] for d in (div, *ancestors(div))]
