"""jieba's view of the sentences around person candidates: word boundaries and tagged words.

Persons and their posts are read by rules; jieba only says where words begin and end, and which
are nouns, so that a post's qualifier (区卫健局 in 区卫健局局长) stops where the nouns do.
"""

from __future__ import annotations

from kg.text.dictionary import tagger

SENTENCE_END = frozenset("。；！？")
_FUNCTION_TAGS = ("c", "p", "u", "d", "r")
_VERBAL_TAGS = ("v", "b", "d", "c", "p", "r", "m", "q")
_WORD_TAGS = ("v", "a", "l", "i")


def _common(tag: str) -> bool:
    """A common noun, verb, adjective or idiom; jieba reads many names as proper nouns or numerals
    (刘某某/nt, 金某/ns, 余某/m), so those do not count."""
    return tag == "n" or tag.startswith(_WORD_TAGS)


class Sentences:
    """jieba's segmentation of the sentences of `text`, made lazily, one sentence at a time."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._cache: dict[int, list[tuple[int, str, str]]] = {}

    def bounds(self, at: int) -> tuple[int, int]:
        lo = at
        while lo > 0 and self.text[lo - 1] not in SENTENCE_END:
            lo -= 1
        hi = at
        while hi < len(self.text) and self.text[hi] not in SENTENCE_END:
            hi += 1
        return lo, hi

    def words(self, at: int) -> list[tuple[int, str, str]]:
        """(start, word, tag) for the sentence holding `text[at]`, in absolute offsets."""
        lo, hi = self.bounds(at)
        if lo not in self._cache:
            out, i = [], lo
            for pair in tagger().cut(self.text[lo:hi]):
                out.append((i, pair.word, pair.flag))
                i += len(pair.word)
            self._cache[lo] = out
        return self._cache[lo]

    def opens_with_function_word(self, start: int) -> bool:
        """Whether jieba reads a word starting at `start` as a function word (向全体, 和大家)."""
        return any(s == start and tag.startswith(_FUNCTION_TAGS) for s, _, tag in self.words(start))

    def reading(self, start: int, end: int, surname: int) -> str | None:
        """How jieba reads `text[start:end]`: "name" when the words tiling it include one tagged
        as a personal name; "words" when the "surname" is a function word or begins a longer
        common word (成立由, 单位共, even where that word runs past the end), or the rest is one
        verbal or modifying word (经分管); None when jieba cannot say (jieba reads many names as
        other nouns: 某某/nt, 某某/ns)."""
        inside = [(s, w, tag) for s, w, tag in self.words(start) if start <= s < end]
        if not inside or inside[0][0] != start:
            return None
        aligned = inside[-1][0] + len(inside[-1][1]) == end
        if aligned and any(tag.startswith("nr") for _, _, tag in inside):
            return "name"
        first, rest = inside[0], inside[1:]
        if first[2].startswith(_FUNCTION_TAGS) or (len(first[1]) > surname and _common(first[2])):
            return "words"
        if not aligned:
            return None
        if len(rest) == 1 and len(rest[0][1]) > 1 and rest[0][2].startswith(_VERBAL_TAGS):
            return "words"
        return None
