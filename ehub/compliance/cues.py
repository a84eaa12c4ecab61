"""Where a construction's cue stands beside a group term: the searches every rule module shares.

`reading` finds the words, sentences and group terms of a text; these helpers then ask whether a
cue ("no", "prefer", "perfect for") sits before or after a term, in the same sentence, across few
enough words, and turn the pair into a flag (`Hit`). Each is a bisection over positions the reading
already holds, so a rule costs a lookup per term, not a pass over the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from ehub.compliance import constructions as cx
from ehub.compliance.reading import Hit, Mention, Reading
from ehub.compliance.vocabulary import words
from ehub.patterns import compiled


class Cues:
    """Every match of one cue pattern in a text, searchable by position."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self.spans = [match.span() for match in pattern.finditer(text)]
        self.ends = [end for _, end in self.spans]
        self.starts = [start for start, _ in self.spans]

    def before(self, position: int) -> tuple[int, int] | None:
        index = bisect_right(self.ends, position) - 1
        return self.spans[index] if index >= 0 else None

    def after(self, position: int) -> tuple[int, int] | None:
        index = bisect_left(self.starts, position)
        return self.spans[index] if index < len(self.spans) else None

    def within(self, start: int, end: int) -> bool:
        index = bisect_left(self.starts, start)
        return index < len(self.spans) and self.spans[index][1] <= end


def gap(reading: Reading, start: int, end: int) -> list[str]:
    """The words between two character positions."""
    return reading.words[bisect_left(reading.starts, start) : bisect_left(reading.starts, end)]


def reach(gap: list[str], limit: int, tight: bool, extra: frozenset[str] = frozenset(), barriers: bool = True) -> bool:
    if len(gap) > limit or (barriers and any(word in cx.BARRIERS for word in gap)):
        return False
    if not tight:
        return True
    loose = [index for index, word in enumerate(gap) if word not in cx.TIGHT and word not in extra]
    # One adjective after an article may stand before a weak term too ("perfect for a rugged guy").
    return not loose or (
        len(loose) == 1 and loose[0] > 0 and gap[loose[0] - 1] in _ARTICLES and bool(_ADJECTIVE.search(gap[loose[0]]))
    )


_ARTICLES = words("a an one una un")
_ADJECTIVE = compiled(r"(?:y|ful|ous|ive|ed|al|ic|ish|less|able|ible|ent|ant|ar)$")


def left(reading: Reading, cues: Cues, mention: Mention, limit: int, tight: bool) -> tuple[int, int] | None:
    start = reading.starts[mention.first]
    span = cues.before(start)
    if span is None or reading.sentence_at(span[0]) != reading.sentence_at(start):
        return None
    return span if reach(gap(reading, span[1], start), limit, tight) else None


def right(
    reading: Reading, cues: Cues, mention: Mention, limit: int, tight: bool, extra: frozenset[str] = frozenset()
) -> tuple[int, int] | None:
    end = reading.ends[mention.last - 1]
    span = cues.after(end)
    if span is None or reading.sentence_at(span[0]) != reading.sentence_at(end - 1):
        return None
    return span if reach(gap(reading, end, span[0]), limit, tight, extra, barriers=False) else None


def peopled(reading: Reading, sentence: int) -> bool:
    """Whether a sentence speaks of people or an area, so "mostly white" describes them and not a kitchen."""
    start, end = sentence_span(reading, sentence)
    first, last = bisect_left(reading.starts, start), bisect_left(reading.starts, end)
    return any(word in cx.SUBJECTS for word in reading.words[first:last])


def sentence_span(reading: Reading, sentence: int) -> tuple[int, int]:
    start = reading.bounds[sentence - 1] if sentence > 0 else 0
    end = reading.bounds[sentence] if sentence < len(reading.bounds) else len(reading.masked)
    return start, end


def hit_at(mention: Mention, reading: Reading, rule: str, span: tuple[int, int]) -> Hit:
    start, end = reading.starts[mention.first], reading.ends[mention.last - 1]
    return Hit(mention.cls, rule, min(start, span[0]), max(end, span[1]))
