"""China's administrative divisions down to county level, from the table the cpca package ships.

The table (adcode, name) gives each province, prefecture and county its 12-digit code; the
hierarchy follows from the code: 440106 天河区 lies in 4401 广州市, which lies in 44 广东省.
Notices also write names without their suffix (赴南京、杭州), so divisions are found by stem too
(division_at reads a text forward), and a county the table still lists as 县 is found under its
new name as a city (find: 射洪市 → 射洪县).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Division:
    name: str
    code: str
    level: str  # province, prefecture or county

    @property
    def parent_code(self) -> str | None:
        if self.level == "county":
            return self.code[:4] + "00000000"
        if self.level == "prefecture":
            return self.code[:2] + "0000000000"
        return None


def _level(code: str) -> str:
    if code[2:] == "0000000000":
        return "province"
    if code[4:] == "00000000":
        return "prefecture"
    return "county"


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, list[Division]], dict[str, Division]]:
    by_name: dict[str, list[Division]] = {}
    by_code: dict[str, Division] = {}
    with resources.files("cpca").joinpath("resources/adcodes.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            div = Division(row["name"], row["adcode"], _level(row["adcode"]))
            by_name.setdefault(div.name, []).append(div)
            by_code[div.code] = div
    return by_name, by_code


def lookup(name: str) -> list[Division]:
    """Every division with exactly this name (several counties share names across provinces)."""
    return _table()[0].get(name, [])


def parent(div: Division) -> Division | None:
    code = div.parent_code
    return _table()[1].get(code) if code else None


def by_code(code: str) -> Division | None:
    return _table()[1].get(code)


def is_division(name: str) -> bool:
    return bool(lookup(name))


# Longest first, so that 自治县 is stripped before 县.
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "省", "市", "区", "县", "旗", "盟", "州")
_NOT_AREAS = frozenset({"市辖区", "省直辖县级行政区划", "自治区直辖县级行政区划"})


@lru_cache(maxsize=1)
def _nations() -> tuple[str, ...]:
    """The names of China's nationalities, and the short forms autonomous areas use (维吾尔)."""
    with resources.files("cpca").joinpath("resources/56_nations.csv").open(encoding="utf-8") as f:
        names = {line.strip() for line in f if line.strip()}
    names |= {n[:-1] for n in names if len(n) > 2}
    return tuple(sorted(names, key=len, reverse=True))


def stem(name: str) -> str:
    """The name as notices write it without suffix: 海淀区 → 海淀, 广西壮族自治区 → 广西."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            name = name[: -len(suffix)]
            break
    else:
        return name
    if suffix.startswith("自治"):
        while True:
            nation = next((n for n in _nations() if name.endswith(n) and len(name) > len(n) + 1), None)
            if nation is None:
                return name
            name = name[: -len(nation)]
    return name


@lru_cache(maxsize=1)
def _stems() -> dict[str, list[Division]]:
    out: dict[str, list[Division]] = {}
    for name, divs in _table()[0].items():
        if name not in _NOT_AREAS and stem(name) != name:
            out.setdefault(stem(name), []).extend(divs)
    return out


def by_stem(name: str) -> list[Division]:
    """Every division whose name without suffix is `name` (广州 → 广州市)."""
    return _stems().get(name, [])


def find(name: str) -> list[Division]:
    """Divisions named `name`, also across a county's upgrade to a city (射洪县 → 射洪市).

    The table is a snapshot: counties keep becoming county-level cities, so a name ending in 市
    that the table lacks matches a county of the same stem.
    """
    return list(_written()[0].get(name, ()))


@lru_cache(maxsize=1)
def _written() -> tuple[dict[str, tuple[Division, ...]], dict[str, tuple[int, ...]]]:
    """Every name a division is written with, with its suffix, and the lengths of those names by
    first character (longest first), so that a text is read without trying every length."""
    names: dict[str, list[Division]] = {}
    for name, divs in _table()[0].items():
        if name not in _NOT_AREAS:
            names.setdefault(name, []).extend(divs)
    upgraded: dict[str, list[Division]] = {}
    for stem_, divs in _stems().items():
        for div in divs:
            if div.level == "county" and div.name[-1] in "市县":
                for written in (stem_ + "市", stem_ + "县"):
                    if written not in names:
                        upgraded.setdefault(written, []).append(div)
    index = {k: tuple(v) for k, v in {**names, **upgraded}.items()}
    return index, _lengths(index)


def _lengths(names: Iterable[str]) -> dict[str, tuple[int, ...]]:
    by_first: dict[str, set[int]] = {}
    for name in names:
        by_first.setdefault(name[0], set()).add(len(name))
    return {ch: tuple(sorted(ns, reverse=True)) for ch, ns in by_first.items()}


@lru_cache(maxsize=1)
def _stem_lengths() -> dict[str, tuple[int, ...]]:
    return _lengths(_stems())


def ancestors(div: Division) -> list[Division]:
    """The prefecture and province above `div`, nearest first."""
    out = []
    up = parent(div)
    while up is not None:
        out.append(up)
        up = parent(up)
    return out


def nearest(divs: list[Division], near: str | None) -> Division | None:
    """Of several same-named divisions, the one whose code shares most with `near` (a code)."""
    if not divs:
        return None
    if not near:
        return divs[0]
    return max(divs, key=lambda d: (len(_common_prefix(d.code, near)), d.level != "county"))


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def is_local(div: Division, near: Division | None) -> bool:
    """Whether `div` lies in the prefecture of `near`, or is the prefecture or province above it."""
    if near is None:
        return False
    if div.code[:4] == near.code[:4] and div.level != "province":
        return True
    return div in ancestors(near) or div == near


@dataclass(frozen=True, slots=True)
class Hit:
    """A division named in a text: `text[start:end]`, written with its suffix or bare (广州)."""

    start: int
    end: int
    divisions: tuple[Division, ...]
    suffixed: bool


@lru_cache(maxsize=1 << 16)
def division_at(text: str, i: int) -> Hit | None:
    """The longest division name starting at `text[i]`, with its suffix if written, else bare.

    Two-character names (和县, 城区, 矿区) are ordinary words far more often than places and are
    not read; a bare name must have two characters or more. Cached: the organization rules ask
    about the same few positions of a notice thousands of times.
    """
    if i >= len(text):
        return None
    written, lengths = _written()
    room = len(text) - i
    for n in lengths.get(text[i], ()):
        if 2 < n <= room and (divs := written.get(text[i : i + n])):
            return Hit(i, i + n, divs, True)
    for n in _stem_lengths().get(text[i], ()):
        if 1 < n <= room and (stem_divs := _stems().get(text[i : i + n])):
            return Hit(i, i + n, tuple(stem_divs), False)
    return None


def hits(text: str) -> Iterator[Hit]:
    """Every division name in `text`, read left to right, each from where the last one ended."""
    i = 0
    while i < len(text):
        hit = division_at(text, i)
        if hit is None:
            i += 1
            continue
        yield hit
        i = hit.end
