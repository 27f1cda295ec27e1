"""Where a notice's telephone numbers ring: an area code (0716-…) names the city it serves.

An announcement gives its hotline (举报电话) even when its text never names its own city; the
geocoding data of libphonenumber (the phonenumbers package) knows which city each area code
serves. Mobile numbers follow their owner rather than the office, and are not read.
"""

from __future__ import annotations

from collections import Counter

from phonenumbers import PhoneNumberMatcher, PhoneNumberType, geocoder, number_type

from kg.text.gazetteer import Division, ancestors, division_at

# The levels an area code can tell: a province, a city or an autonomous prefecture, never a
# district or county (and 区 would take 内蒙古自治区 for a 区委).
LEVELS = ("省", "市", "州")


def called_area(text: str, level: str) -> str | None:
    """The division of `level` (one of `LEVELS`) that most of the fixed-line numbers in `text`
    ring in; None when none does, or when the code is one that two cities share (029:
    西安市、咸阳市)."""
    if level not in LEVELS:
        return None
    areas: Counter[str] = Counter()
    for match in PhoneNumberMatcher(text, "CN"):
        if number_type(match.number) == PhoneNumberType.FIXED_LINE:
            where = geocoder.description_for_number(match.number, "zh")
            if where and "、" not in where:
                areas[where] += 1
    for where, _ in areas.most_common(1):
        return next((d.name for d in _chain(where) if d.name.endswith(level)), None)
    return None


def _chain(where: str) -> list[Division]:
    """The divisions of a geocoder's place ("湖北省荆州市", "内蒙古巴彦淖尔") and their
    ancestors, the deepest first; a bare name is taken under the province before it."""
    found: list[Division] = []
    i = 0
    while i < len(where):
        hit = division_at(where, i)
        if hit is None:
            i += 1
            continue
        under = [d for d in hit.divisions if found and found[-1] in ancestors(d)]
        found.append((under or list(hit.divisions))[0])
        i = hit.end
    return [d for div in found[-1:] for d in (div, *ancestors(div))]
