"""A notice body seen without whitespace, with offsets back into the body.

Scraped and PDF-extracted notices break lines inside titles and names ("《…（\\n试行）》",
"习\\n近平"), so entity rules match on the squeezed text and map their hits back to the body,
keeping the evidence offsets exact.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.models import Span


@dataclass(frozen=True, slots=True)
class TextView:
    """`text` is `body` without whitespace; `offsets[i]` is where `text[i]` stands in `body`."""

    body: str
    text: str
    offsets: tuple[int, ...]

    @classmethod
    def of(cls, body: str) -> TextView:
        kept = [(i, ch) for i, ch in enumerate(body) if not ch.isspace()]
        return cls(body, "".join(ch for _, ch in kept), tuple(i for i, _ in kept))

    def span(self, start: int, end: int) -> Span:
        """The body span covering squeezed `text[start:end]` (whitespace inside it included)."""
        b_start = self.offsets[start]
        b_end = self.offsets[end - 1] + 1
        return Span(b_start, b_end, self.body[b_start:b_end])
