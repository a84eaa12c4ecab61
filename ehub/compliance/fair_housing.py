"""Fair-housing advertising checks (federal Fair Housing Act, Texas Fair Housing Act, HUD guidance).

A text is flagged when it states or implies a preference, limitation or discrimination based on a
protected class: race, color, religion, sex, disability, familial status, national origin. HUD's
advertising guidance lists the words that do this ("perfect for young professionals", "no
children", "Christian neighborhood", "exclusive") and the ones that do not, which we must not flag:
"master bedroom", "family room", "walking distance", "55+ community" (housing for older persons is
exempt), "near a church" as a landmark, "wheelchair accessible" as a description of the property.

Rules are phrases with word boundaries, checked after lawful phrases are masked out, so "family
room" never trips the familial-status rule. Each flag carries the protected class, the phrase
found and why, so a broker reviewing listing remarks sees what to change.

Text is read as written but without tricks: NFKC, invisible characters removed and typographic
apostrophes made plain ("isn’t suitable for kids", "no ch<ZWSP>ildren" with a zero-width space). Every
pattern is a bounded phrase anchored on a word, so checking is linear in the text's length, and
the text is bounded first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ehub.conversation.text import canonical, normalise

RULES_VERSION = "fha-2026.12"
# Twice RESO's 4,000-character PublicRemarks: a listing's remarks with room to spare, never a dump.
MAX_AD_TEXT_CHARS = 8_000


@dataclass(frozen=True)
class Flag:
    category: str  # the protected class, or "steering"
    phrase: str
    reason: str


# Lawful phrases HUD says not to flag; masked before the rules run.
_LAWFUL = (
    r"master (bed)?(room|suite|bath)",
    r"family room",
    r"great room",
    r"walking distance",
    r"walk to \w+",
    r"55\s*\+\s*(community|communities)?",
    r"senior (housing|community)",
    r"wheelchair accessible",
    r"accessible (entrance|bathroom|unit)",
    r"handicap(ped)? accessible",
    r"(near|close to|minutes from) "
    r"(a |the )?(church|churches|synagogue|mosque|temple)",
    r"equal housing opportunity",
    r"desirable neighborhood",
    r"family[- ]owned",
    r"in-law suite",
    r"bachelor'?s? degree",
    r"mother[- ]in[- ]law",
)

# (category, pattern, reason). Patterns are regular expressions matched case-insensitively.
_RULES: tuple[tuple[str, str, str], ...] = (
    ("familial_status", r"no (children|kids)", "excludes families with children"),
    ("familial_status", r"(adults?|adult) only", "excludes families with children"),
    (
        "familial_status",
        r"(ideal|perfect|great) for (mature |older )?(empty[- ]nesters|singles?|couples?|young professionals?|"
        r"(a )?(single|young) (person|professional|couple))",
        "states a preferred household",
    ),
    (
        "familial_status",
        r"(not|isn'?t) (suitable|ideal|safe) for (children|kids|families)",
        "discourages families with children",
    ),
    ("familial_status", r"no (children'?s )?play ?(area|ground)s? next door", "signals children are unwelcome"),
    ("familial_status", r"(mature|older) (persons?|couples?|adults?) (preferred|only)", "states a preferred household"),
    ("familial_status", r"bachelor pad", "states a preferred household"),
    (
        "religion",
        r"(christian|catholic|jewish|muslim|hindu|mormon|protestant) (home|neighborhood|community|"
        r"family|area|buyers?)",
        "states a religious preference",
    ),
    ("religion", r"(church|synagogue|mosque|temple)[- ]going", "states a religious preference"),
    (
        "race_color_national_origin",
        r"(white|black|hispanic|latino|asian|mexican|african|caucasian|indian|chinese)"
        r" (neighborhood|area|community|families|buyers?|only)",
        "describes or prefers a race, color or national origin",
    ),
    (
        "race_color_national_origin",
        r"english[- ]speaking (only|buyers?|tenants?|neighborhood)",
        "states a national-origin preference",
    ),
    (
        "race_color_national_origin",
        r"(ethnic|integrated|diverse|multicultural) (neighborhood|area|community)",
        "characterises an area by its people",
    ),
    ("sex", r"(female|male|women|men)[- ]only", "states a preference by sex"),
    (
        "sex",
        r"(perfect|ideal|great) for (a )?(man|men|woman|women|gentleman|gentlemen|lady|ladies)('s)?\b"
        r"(?!('s)? (cave|farm|farmer|ranch)\b)",  # a man cave, a gentleman's ranch: lawful copy
        "states a preference by sex",
    ),
    ("disability", r"no (wheelchairs?|handicapped|disabled)", "excludes people with disabilities"),
    ("disability", r"(must be|only) (able[- ]bodied|physically fit)", "excludes people with disabilities"),
    ("disability", r"(not|isn'?t) suitable for (the )?(disabled|handicapped)", "discourages people with disabilities"),
    ("disability", r"no (mentally ill|emotional support animals|service animals)", "excludes people with disabilities"),
    ("steering", r"exclusive (neighborhood|community|area|enclave|street)", "implies who belongs in the area"),
    (
        "steering",
        r"(safe|safer|low[- ]crime|crime[- ]free|good|better) (neighborhood|area|schools?) for "
        r"(families|kids|children)",
        "characterises an area for a class of people",
    ),
    ("steering", r"(traditional|restricted) (neighborhood|community)", "implies who belongs in the area"),
)

_COMPILED_LAWFUL = re.compile(r"\b(?:" + "|".join(_LAWFUL) + r")", re.IGNORECASE)
_COMPILED_RULES = tuple(
    (category, re.compile(rf"\b{pattern}\b", re.IGNORECASE), reason) for category, pattern, reason in _RULES
)


def check_text(text: str | None) -> list[Flag]:
    """Every fair-housing concern in `text` (empty when it reads as lawful advertising)."""
    if not text:
        return []
    masked = _COMPILED_LAWFUL.sub(lambda match: " " * len(match.group(0)), canonical(text[:MAX_AD_TEXT_CHARS]))
    found = [
        (match.span(), Flag(category=category, phrase=match.group(0), reason=reason))
        for category, pattern, reason in _COMPILED_RULES
        for match in pattern.finditer(masked)
    ]
    inside = _inside_longer({span for span, _ in found})
    return [flag for span, flag in found if span not in inside]


def _inside_longer(spans: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Spans inside a longer flagged phrase ("no children" in "no children's play area"): one concern.

    One pass in start order (longest first on a tie): a span is inside another exactly when an
    earlier, different span reaches at least as far.
    """
    inside, reach = set(), -1
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if reach >= end:
            inside.add((start, end))
        reach = max(reach, end)
    return inside


# Inbound questions that invite steering: answering them would characterise an area or its people.
_STEERING_TOPICS: tuple[tuple[str, str], ...] = (
    (
        "schools",
        r"\b(good|best|bad|worst|top|rated|ratings?)\b.{0,20}\bschools?\b|\bschools?\b.{0,20}"
        r"\b(good|bad|rated|ratings?|any good)\b|school district (rating|ranking)",
    ),
    ("safety", r"\b(safe|safety|dangerous|crime|criminal|sketchy|bad area|good area|rough)\b"),
    (
        "demographics",
        r"\b(demographics?|ethnic|race|racial|diverse|diversity|white|black|hispanic|asian|"
        r"mexican|immigrants?|who lives)\b|kind of people|type of people|families like (mine|ours)",
    ),
    ("religion", r"\b(churches|church community|christian|jewish|muslim|mosque|synagogue|religious)\b"),
)
_COMPILED_STEERING = tuple((topic, re.compile(pattern, re.IGNORECASE)) for topic, pattern in _STEERING_TOPICS)


def steering_topic(question: str | None) -> str | None:
    """The fair-housing-sensitive topic a lead's question is about (schools, safety, ...), if any."""
    if not question:
        return None
    clean = normalise(question)
    for topic, pattern in _COMPILED_STEERING:
        if pattern.search(clean):
            return topic
    return None
