"""The rule half of the guard: each construction of `constructions` applied to each group term found.

A rule fires when a cue stands next to a group term in the way its construction says, in the same
sentence, with few enough words between them (determiners and modifiers only, for weak terms).
Sentences that refuse to characterise people ("I can't tell you who lives there") keep only the
explicit exclusions; housing for older persons drops familial-status hits; shared living drops
a stated sex. Each hit names its protected class, its rule and the span it covers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ehub.compliance import aids, coded, occupancy, targeting
from ehub.compliance import constructions as cx
from ehub.compliance.cues import Cues, gap, hit_at, left, peopled, right
from ehub.compliance.lexicon import lexicon
from ehub.compliance.practices import PRACTICE
from ehub.compliance.reading import CHILDREN, GENDER, GENERIC, Hit, Mention, Reading, mentions, read
from ehub.compliance.vocabulary import (
    AID,
    COLOR,
    DISABILITY,
    FAMILIAL,
    MODIFIER,
    NATIONAL_ORIGIN,
    PEOPLE,
    RACE,
    SEX,
    TRAIT,
    words,
)
from ehub.patterns import compiled

# Rules that still fire inside a refusal: a refusal to describe neighbours never excuses an exclusion.
_HARD = frozenset(
    {
        "exclusion",
        "requirement",
        "group-rule",
        "assistance-animal",
        "modification-refusal",
        "occupancy-cap",
        "child-charge",
        "age-limit",
    }
)
# Terms that say what they mean wherever they stand (outside a refusal).
_SELF_STANDING = frozenset(
    (
        "racial",
        "racially",
        "homogeneous",
        "ethnically",
        "mezcla de razas",
        "your race",
        "same race",
        "share your background",
        "proof of citizenship",
        "legal status",
        "immigration status",
        "nationality",
        "sin acento",
        "without an accent",
        "child free",
        "kid free",
        "childfree",
        "able bodied",
        "physically fit",
        "ambulatory",
        "sound mind",
        "sound mind and body",
        "of sound mind",
        "walk unassisted",
        "in good health",
        "fit and healthy",
        "speak english at home",
        "light enough",
        "too dark",
        "too brown",
        "not too dark",
        "darker family",
        "darker families",
        "your skin",
        "your complexion",
        "skin tone",
        "skin tones",
        "skin color",
        "complexion",
        "light skinned",
        "lighter skinned",
        "fair skinned",
        "pale skinned",
        "dark skinned",
        "darker skinned",
        "brown skinned",
        "olive skinned",
        "light complexioned",
        "fair complexioned",
        "dark complexioned",
        "lighter complexion",
        "lighter complexions",
        "light complexion",
        "dark complexion",
        "darker complexion",
        "fair complexion",
        "lighter skin",
        "darker skin",
        "gente de color",
        "personas de color",
        "de piel clara",
        "de piel oscura",
        "tez blanca",
        "tez morena",
        "color de piel",
        "gueros",
        "gueritos",
        "christian values",
        "faith values",
        "faith based",
        "traditional faith",
        "like minded",
        "own faith",
        "same faith",
        "share our faith",
        "share their faith",
        "shares their faith",
        "shares our faith",
        "fellow believers",
        "nuestra fe",
        "misma fe",
        "church going neighbors",
        "speak english at home",
    )
)
_ADVERB = compiled(r"\b(?:usually|typically|generally|tend|tends|often|mostly|normally)\b")
_CLAUSE_END = words(
    "or and ni o y please if which so like but now too anyway as because these there here only lately recently "
    "nowadays anymore"
)
_ORIGINS = (RACE, COLOR, "religion", NATIONAL_ORIGIN)  # classes a resident head makes an area description
_CHILD_GAP = frozenset(
    words(
        "under over ages age aged older younger and or 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 de anos years yrs"
    )
)


def check(text: str, limit: int) -> list[Hit]:
    """Every rule hit in `text` (read up to `limit` characters), after the lawful contexts are applied."""
    return hits(read(text, limit))


def names_group(reading: Reading) -> bool:
    """Whether a text names people by a protected class (what lets the model speak at its lower threshold).

    A group named only in the writer's description of themselves ("we're a Muslim family") does not count.
    """
    return any(
        mention.term not in GENERIC
        and mention.term not in CHILDREN  # "a summer camp for kids" names no preferred occupant
        and (mention.kind != MODIFIER or mention.head)
        and (mention.kind not in (PRACTICE, AID) or mention.person)  # "a menorah", "a ramp" name no one
        and reading.sentence_at(reading.starts[mention.first]) not in reading.self_sentences
        for mention in mentions(reading)
    )


def hits(reading: Reading) -> list[Hit]:
    """Every rule hit in a text already read."""
    found = list(_hits(reading))
    return [replace(hit, phrase=reading.canon[hit.start : hit.end]) for hit in found if _kept(reading, hit)]


def _kept(reading: Reading, hit: Hit) -> bool:
    if reading.hopa and hit.protected_class == FAMILIAL:
        return False
    sentence = reading.sentence_at(hit.start)
    if sentence not in reading.refusals:
        return True
    # In a refusal only a hard rule stands, and not one built on the refusing words ("don't let me describe").
    return hit.rule in _HARD and not any(start < hit.end and hit.start < end for start, end in reading.refused)


def _hits(reading: Reading) -> Iterator[Hit]:
    text = reading.masked
    cues = {name: Cues(pattern, text) for name, pattern in _CUES.items()}
    found = mentions(reading)
    for mention in found:
        if reading.shared and mention.cls == SEX and mention.term in GENDER:
            continue
        yield from _around(reading, cues, mention)
    yield from targeting.steering(reading, cues, found)
    for cls, rule, pattern in _CODED:
        for match in pattern.finditer(text):
            if not (rule == "coded-children" and reading.sentence_at(match.start()) in reading.self_sentences):
                yield Hit(cls, rule, *match.span())
    yield from targeting.advertising(reading, cues, found)
    yield from aids.animal_fees(reading, found)
    yield from occupancy.caps(reading)


_CUES = {
    "no": cx.NO,
    "exclude": cx.EXCLUDE,
    "prefer": cx.PREFER,
    "mostly": cx.MOSTLY,
    "require": cx.REQUIRE,
    "since": cx.SINCE,
    "excluded": cx.EXCLUDED_AFTER,
    "preferred": cx.PREFERRED_AFTER,
    "must": cx.MUST_AFTER,
    "required": cx.REQUIRED_AFTER,
    "tend": cx.TEND_AFTER,
    "steer": coded.STEER,
    "soft": coded.STEER_SOFT,
    "you": cx.SECOND_PERSON,
    "ad": targeting.AD,
    "ad-limit": targeting.AD_LIMIT,
    "ad-audience": targeting.AD_AUDIENCE,
    **aids.CUES,
    "copula": cx.COPULA,
    "self": cx.SELF_LEAD,
}
_CODED = tuple((cls, rule, cx.phrase_pattern(pattern)) for cls, rule, pattern in coded.CODED)


def _around(reading: Reading, cues: dict[str, Cues], mention: Mention) -> Iterator[Hit]:
    """The constructions a group term takes part in, by its kind and weakness."""
    weak, kind, start = mention.weak, mention.kind, reading.starts[mention.first]
    end = reading.ends[mention.last - 1]
    sentence = reading.sentence_at(start)
    bare = kind == MODIFIER and mention.head is None  # "Chinese" alone names nobody yet
    named = kind == PEOPLE or mention.head is not None
    extra = _CHILD_GAP if mention.term in CHILDREN else frozenset()
    if _self_described(reading, cues, mention):
        return
    if kind in (AID, PRACTICE):
        yield from aids.aid(reading, cues, mention)
        return
    if (mention.head == "place" or (mention.head == "resident" and mention.cls in _ORIGINS)) and not weak:
        yield hit_at(mention, reading, "area-makeup", (start, end))
    if mention.term in _SELF_STANDING and sentence not in reading.self_sentences:
        yield hit_at(mention, reading, "group-trait", (start, end))
    ends_clause = bare and _clause_ends(reading, mention)
    span = left(reading, cues["no"], mention, 0 if bare else 2, True)
    if span and (not bare or ends_clause):
        yield hit_at(mention, reading, "exclusion", span)
    span = left(reading, cues["exclude"], mention, 2 if ends_clause else 1 if bare else 4 if weak else 8, weak or bare)
    if span:
        yield hit_at(mention, reading, "exclusion", span)
    # Homes "for residents who are deaf" or "ideal for wheelchair users" describe access; a preference for
    # the able-bodied ("perfect for healthy tenants") is a limitation.
    offered = mention.cls == DISABILITY and kind != TRAIT
    if (not bare or ends_clause) and not offered:
        span = left(reading, cues["prefer"], mention, 2 if bare else 4 if weak else 7, weak or bare)
        if span:
            yield hit_at(mention, reading, "preference", span)
    quantifiable = (not weak or mention.term in CHILDREN) and (kind != TRAIT or mention.cls in (COLOR, NATIONAL_ORIGIN))
    if (quantifiable and not bare) or (ends_clause and peopled(reading, sentence)):
        span = left(reading, cues["mostly"], mention, 1 if bare else 2, True)
        if span:
            yield hit_at(mention, reading, "area-makeup", span)
    if ends_clause and peopled(reading, sentence):
        span = left(reading, cues["copula"], mention, 0, True)
        if span:
            yield hit_at(mention, reading, "area-makeup", span)
    if kind == TRAIT or (named and not weak) or (weak and kind == PEOPLE):
        span = left(reading, cues["require"], mention, 2 if weak else 7, weak)
        if span and not _negated(reading, span):
            yield hit_at(mention, reading, "requirement", span)
    home_end = _home_of(reading, mention) if kind == MODIFIER and not weak else None
    if home_end is not None:
        yield hit_at(mention, reading, "preference", (start, home_end))
    span = right(reading, cues["excluded"], mention, 0 if bare else 3 if weak else 6, weak, extra)
    if span:
        yield hit_at(mention, reading, "exclusion", span)
    span = right(reading, cues["preferred"], mention, 0 if bare else 1 if weak else 4, weak)
    if span and _preferred(reading, mention, span) and (named or reading.masked[slice(*span)] != "first"):
        yield hit_at(mention, reading, "preference", span)
    if (
        (named and not weak)
        or mention.term in CHILDREN
        or mention.head in ("people", "resident")
        or _generic(reading, mention)
    ):
        span = right(reading, cues["must"], mention, 3, weak, extra)
        if span:
            yield hit_at(mention, reading, "group-rule", span)
    if kind == TRAIT or (named and not weak):
        span = right(reading, cues["required"], mention, 3, weak)
        if span:
            yield hit_at(mention, reading, "requirement", span)
    span = right(reading, cues["tend"], mention, 2, weak) if named and sentence not in reading.self_sentences else None
    if span and (not weak or _ADVERB.search(reading.masked, span[0], span[1])):
        yield hit_at(mention, reading, "steering-tendency", span)


# A home described by its household's faith, race or origin says who it is for: "Catholic family home",
# "a Christian home", "hogar cristiano" (not "family home near the parish", "Spanish-style home", "a black
# house with white trim": a colour or origin names people only with a household word between).
_HOUSEHOLD_HOME = compiled(r" (?:family|household|familia) (?:home|house|residence|hogar|casa)\b")
_DIRECT_HOME = compiled(r" (?:home|house|residence)\b")
_HOME_BEFORE = compiled(r"\b(?:hogar|casa|home) $")


def _home_of(reading: Reading, mention: Mention) -> int | None:
    """Where the home word ends when the group term describes a home's household, else None."""
    end = reading.ends[mention.last - 1]
    found = _HOUSEHOLD_HOME.match(reading.low, end) or (
        _DIRECT_HOME.match(reading.low, end) if mention.cls == "religion" else None
    )
    if found:
        return found.end()
    start = reading.starts[mention.first]
    if mention.cls == "religion" and _HOME_BEFORE.search(reading.low, max(0, start - 6), start):
        return end
    return None


# Words that make a noun one person rather than a class: "the woman who owns it must", "my wife can't".
_SPECIFIC = words(
    """a an the this that these those my our your his her their its each either neither one el la los las un una
    mi mis su sus tu nuestro nuestra another other same"""
)


def _generic(reading: Reading, mention: Mention) -> bool:
    """A sex named as a class, a bare noun with no article or possessive: "Wives cannot lease alone",
    "Husband must sign" (not "my husband must sign", nor "husband and wife", which names both)."""
    if mention.cls != SEX or mention.kind != PEOPLE or " and " in mention.term or " y " in mention.term:
        return False
    return not mention.first or reading.words[mention.first - 1] not in _SPECIFIC


def _self_described(reading: Reading, cues: dict[str, Cues], mention: Mention) -> bool:
    """Whether the writer names themselves by the term ("we're an Orthodox Jewish family", "somos una pareja sin
    hijos"): only articles, numbers and household words stand between, never a verb of theirs ("I'm listing my
    duplex, no one with PTSD", "we're looking for a Christian tenant")."""
    start = reading.starts[mention.first]
    span = cues["self"].before(start)
    if span is None or reading.sentence_at(span[0]) != reading.sentence_at(start):
        return False
    between = gap(reading, span[1], start)
    return len(between) <= 6 and all(word in _SELF_GAP or (word,) in lexicon() for word in between)


_SELF_GAP = words(
    """a an the and y o or of de with con sin no without two three four five six dos tres cuatro cinco young joven
    jovenes little small big large proud practicing devout family familia families pareja couple household our
    nuestra nuestro my mi both just very also too all una un"""
)
# A requirement its own sentence denies ("you don't need to be a citizen", "we do not ask about status").
_DENIED = compiled(r"\b(?:not|don'?t|doesn'?t|never|no|won'?t|isn'?t|aren'?t|without|no one|nobody)(?: \w+)?\W*$")


def _negated(reading: Reading, span: tuple[int, int]) -> bool:
    return bool(_DENIED.search(reading.masked, max(0, span[0] - 24), span[0]))


def _clause_ends(reading: Reading, mention: Mention) -> bool:
    """A bare modifier names people when nothing follows it in its clause ("No Chinese.", "not Christian,")."""
    end = reading.ends[mention.last - 1]
    rest = reading.masked[end : end + 3]
    following = reading.words[mention.last] if mention.last < len(reading.words) else ""
    return not rest.strip() or rest.lstrip()[:1] in ",.;:!?)" or following in _CLAUSE_END


def _preferred(reading: Reading, mention: Mention, span: tuple[int, int]) -> bool:
    cue = reading.masked[span[0] : span[1]]
    if mention.cls in (FAMILIAL, DISABILITY) and cue in ("welcome", "welcomed"):
        return reading.masked[max(0, span[0] - 11) : span[0]].strip().endswith("especially")
    return not (mention.weak and mention.cls == FAMILIAL and cue.startswith(("will", "would")))


__all__ = ["Hit", "check", "hits", "names_group"]
