"""China's administrative divisions down to county level, from the table the cpca package ships.

The table (adcode, name) gives each province, prefecture and county its 12-digit code; the
hierarchy follows from the code: 320585 太仓市 lies in 3205 苏州市, which lies in 32 江苏省.
"""

from __future__ import annotations

import csv
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


def is_division(name: str) -> bool:
    return bool(lookup(name))
