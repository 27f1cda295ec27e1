"""Read the dates of notices, including the ones scraping damaged.

Web pages often lose the characters 年 and 月: "2023816日至927日" is 16 August to 27 September 2023,
"1015日" after it is 15 October 2023 and "2024319" is 19 March 2024. A run of digits is split
into month and day by trying every split and keeping the valid one; when two splits are valid
("2024111" is 1 Jan 11 or Nov 1), the one not before the previous date of the same sentence wins.
Chinese-numeral dates (二〇二三年十月九日) are read with cn2an.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

_CN_DIGITS = "〇零一二三四五六七八九十○ＯO"  # pages write 〇 as ○, Ｏ or the letter O
# One date: a year (optional), then month/day in any of the forms scraped text has.
DATE = re.compile(
    r"(?P<glued>(?:19|20)\d{2})(?P<glued_md>\d{2,4})(?:\s*日|(?!\d))"  # 2024319, 2023816日: 年 and 月 lost
    r"|(?:(?P<y>(?:19|20)\d{2})\s*(?:年|[-./])\s*)?"
    r"(?:(?P<m>\d{1,2})\s*(?:月|[-./])\s*(?P<d>\d{1,2})\s*日?|(?P<md>\d{3,4})\s*日)"  # 830日: 月 lost
)
_CN_DATE = re.compile(rf"([{_CN_DIGITS}]{{4}})年([{_CN_DIGITS}]{{1,3}})月([{_CN_DIGITS}]{{1,3}})日")
_BARE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_ISO = re.compile(r"((?:19|20)\d{2})[-./年](\d{1,2})[-./月](\d{1,2})日?")


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date read from text, with where it stood."""

    value: date
    start: int
    end: int
    has_year: bool


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def split_month_day(digits: str, year: int, after: date | None = None) -> date | None:
    """Split a run of digits that lost 月 into a valid month and day, e.g. "717" → 7-17."""
    options = [
        found
        for cut in (1, 2)
        if 1 <= len(digits) - cut <= 2 and (found := _valid(year, int(digits[:cut]), int(digits[cut:])))
    ]
    if not options:
        return None
    if after is not None:
        later = [x for x in options if x >= after]
        if later:
            return min(later)
    return options[0]


def parse_dates(text: str, *, year: int | None = None, after: date | None = None) -> Iterator[FoundDate]:
    """Yield the dates in `text` in order; a missing year carries over from the previous date.

    `year` is the year to assume before any date names one; `after` the date the first one
    should not precede (used to pick the month/day split of ambiguous digit runs).
    """
    for m in _CN_DATE.finditer(text):
        value = _cn_date(m)
        if value:
            yield FoundDate(value, m.start(), m.end(), True)
    if _CN_DATE.search(text):
        return
    previous = after
    for m in DATE.finditer(text):
        named_year = m.group("glued") or m.group("y")
        y = int(named_year) if named_year else year or _year_before(text, m.start())
        if y is None:
            continue
        if m.group("m"):
            value = _valid(y, int(m.group("m")), int(m.group("d")))
        else:
            value = split_month_day(m.group("glued_md") or m.group("md"), y, None if named_year else previous)
        if value is None:
            continue
        if previous and not named_year and value < previous and value.replace(year=y + 1) >= previous:
            value = value.replace(year=y + 1)  # "12月20日至1月15日" crosses into the next year
        yield FoundDate(value, m.start(), m.end(), bool(named_year))
        year, previous = value.year, value


def _year_before(text: str, at: int) -> int | None:
    """The last year named on its own before `at` ("2024年3月至5月，…6月18日" → 2024)."""
    years = [int(y.group(1)) for y in _BARE_YEAR.finditer(text, 0, at)]
    return years[-1] if years else None


def _cn_date(m: re.Match) -> date | None:
    import cn2an

    def num(s: str) -> int:
        s = re.sub("[○ＯO]", "〇", s)
        if len(s) == 4:  # 二〇二四: digit by digit
            return int("".join(str(cn2an.cn2an(c, "smart")) if c not in "〇零" else "0" for c in s))
        return int(cn2an.cn2an(s, "smart"))

    try:
        return _valid(num(m.group(1)), num(m.group(2)), num(m.group(3)))
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """The first full date in `text` (with a year), e.g. a page's "成文时间: 2023年07月21日".

    Page metadata may come straight from a reader, before normalization: full-width digits and
    separators ("２０２４．７．１") are read as their ASCII forms.
    """
    text = unicodedata.normalize("NFKC", text).strip()
    m = _ISO.search(text)
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    found = next((f for f in parse_dates(text) if f.has_year), None)
    return found.value if found else None
