"""Replies that steer and ads that target: who a text sends where, and to whom an ad is shown.

Steering needs no group word when it says "you'd fit right in" or "people like you"; softer wording
("you'd be happier in Round Rock", "I'd look in Leander") steers when a protected group is in reach
(the same or a neighbouring sentence), or when the reply begins from the reader's own class ("since
you're Hindu", "with a baby on the way", "como ustedes son mexicanos"). Ad targeting follows HUD's
2024 guidance on digital advertising: an audience included or excluded by a protected class, by
interests that stand for one, by ZIP codes or by age ranges.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ehub.compliance.constructions import phrase_pattern
from ehub.compliance.cues import Cues, hit_at, left, sentence_span
from ehub.compliance.reading import GENERIC, Hit, Mention, Reading
from ehub.compliance.vocabulary import FAMILIAL, MODIFIER, PEOPLE, RACE, SEX, words
from ehub.patterns import compiled

_SPOUSES = words("husband husbands wife wives")  # "since your husband works at Dell" is no steer by sex
# An ad, a limit on who sees it, and an audience drawn by interests, ZIP codes or ages.
AD = phrase_pattern(
    r"\b(?:ads?|advert\w*|audience|campaign|post|boost\w*|promot\w*|targets?|targeting|targeted|facebook"
    r"|instagram|marketing|users|anuncios?|publicacion|campana|audiencia|tiktok|geofenc\w*|geo target\w*)\b"
    r"|\bshow (?:it|this|the) (?:listing |home |house |ad |post )?(?:only )?to\b"
)
AD_LIMIT = phrase_pattern(
    r"\b(?:only|exclu\w*|leave out|leaving out|skip|not show|except|remove|hide|don'?t show|limit\w*|block\w*"
    r"|geofenc\w*|narrow\w*|restrict\w*|solo|excluir|excluya|quitar|sin mostrar|no (?:le |les )?(?:salga|aparezca"
    r"|llegue|muestre)|ocultar|que no lo vea)\b"
)
AD_AUDIENCE = phrase_pattern(
    r"\b(?:zips?|zip codes|interests?|interested in|pages|ages? \d+|aged \d+|age range|language|\d{5}"
    r"|\d\d (?:to|-) \d\d|who (?:like|follow|speak)|que hablan?|idioma|edad(?:es)?|codigos? postal(?:es)?"
    r"|intereses)\b"
)


# An ad that says it limits no one ("no age, gender or zip-code exclusions", "sin excluir a nadie").
_UNLIMITED = phrase_pattern(
    r"\b(?:no|not|without|never|sin|don'?t|do not|doesn'?t|does not|nor)\b(?: [\w']+,?){0,6}? (?:exclu\w*|limit\w*"
    r"|restrict\w*|target\w*|excluir|excluimos)\b|\bto all audiences\b|\b(?:whole|entire|all of)(?: \w+){0,2}? metro\b"
)


def steering(reading: Reading, cues: dict[str, Cues], found: list[Mention]) -> Iterator[Hit]:
    """A reply that sends someone somewhere because of who they, or the neighbours, are."""
    for span in cues["steer"].spans:
        yield Hit(_class_near(reading, found, span) or RACE, "steering", *span)
    near: dict[int, Mention] = {}  # sentence -> its first mention
    for mention in found:
        if mention.term in GENERIC or (mention.kind == MODIFIER and mention.head is None):
            continue
        near.setdefault(reading.sentence_at(reading.starts[mention.first]), mention)
    for span in cues["soft"].spans:
        sentence = reading.sentence_at(span[0])
        if sentence in reading.self_sentences:
            continue
        nearby = near.get(sentence) or near.get(sentence - 1) or near.get(sentence + 1)
        if nearby is not None:
            yield hit_at(nearby, reading, "steering", span)
    for mention in found:
        generic = mention.term in GENERIC and (mention.cls != SEX or mention.term in _SPOUSES)
        if generic and not _READER_IS.search(reading.masked, 0, reading.starts[mention.first]):
            continue  # "black" names the reader only as what they are: "since you're Black"
        since = left(reading, cues["since"], mention, 5, False)
        if since is None:
            continue
        sentence = reading.sentence_at(since[0])
        start, end = sentence_span(reading, sentence)
        if cues["you"].within(start, end) and (cues["soft"].within(start, end) or cues["steer"].within(start, end)):
            yield hit_at(mention, reading, "steering", since)


# The reader's own class said right before a term: "since you're Black", "como usted es blanco".
_READER_IS = compiled(r"\b(?:you'?re|you are|usted es|ustedes son|eres)(?: an?| un| una)? $")


def _class_near(reading: Reading, found: list[Mention], span: tuple[int, int]) -> str | None:
    """The class of the most specific group term in the sentence: a generic one ("men") only when named."""
    sentence = reading.sentence_at(span[0])
    here = [mention for mention in found if reading.sentence_at(reading.starts[mention.first]) == sentence]
    specific = [mention for mention in here if mention.term not in GENERIC] or [
        mention for mention in here if mention.kind == PEOPLE or mention.head
    ]
    return specific[0].cls if specific else None


def advertising(reading: Reading, cues: dict[str, Cues], found: list[Mention]) -> Iterator[Hit]:
    """Ad targeting that includes or excludes an audience by class, interests or ZIP codes (HUD, 2024)."""
    for span in cues["ad"].spans:
        start, end = sentence_span(reading, reading.sentence_at(span[0]))
        if not cues["ad-limit"].within(start, end) or _UNLIMITED.search(reading.masked, start, end):
            continue
        cls = _class_near(reading, found, span)
        if cls or cues["ad-audience"].within(start, end):
            yield Hit(
                cls or (FAMILIAL if re.search(r"\bage", reading.masked[start:end]) else RACE),
                "ad-targeting",
                start,
                end,
            )
            return
