"""Outputs a build writes besides its store and graph files, given to it by the caller.

A sink reads the store a build has just filled and writes into the build's staging folder, so
what it writes is published with the rest or not at all. The uses (the explorer's pages) define
sinks and `kg build` hands them over; the build imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyoxigraph


@dataclass(frozen=True, slots=True)
class Sink:
    """`write(store, folder)` writes the files and folders `names` lists (those of them it can)
    and returns a note for the build's report when it left something out, else None."""

    names: tuple[str, ...]
    write: Callable[[pyoxigraph.Store, Path], str | None]
