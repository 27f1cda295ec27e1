"""jieba's dictionary and part-of-speech tagger, loaded once for every stage that asks it.

Persons, places and organizations all ask jieba the same two things: how it cuts and tags a
phrase, and whether a string is an ordinary word of its dictionary rather than a name.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jieba.posseg import POSTokenizer

NAME_TAGS = ("ns", "nr", "nz", "j")
"""jieba's tags for place, person and other proper names and abbreviations."""


@lru_cache(maxsize=1)
def tagger() -> POSTokenizer:
    """jieba's part-of-speech tagger, loaded once (about a second) and only when needed."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba.posseg.dt


def tagged_words(text: str) -> list[tuple[str, str]]:
    """jieba's words of `text` with their part-of-speech tags."""
    return [(pair.word, pair.flag) for pair in tagger().cut(text)]


def is_common_word(word: str, allowed: tuple[str, ...] = NAME_TAGS) -> bool:
    """True for a dictionary word whose tag does not begin with one of `allowed` (name tags by
    default): a string jieba knows as an ordinary word is rarely a name."""
    tag = tagger().word_tag_tab.get(word)
    return tag is not None and not tag.startswith(allowed)
