"""Where a lead wants to be: areas, districts and neighbourhoods, by name, misspelling or ZIP code.

Exact names first ("Round Rock", "Hyde Park", "el este de Austin", "78704"), then misspellings
with rapidfuzz ("pflugervile", "georgetwon", "round rok"), read in context so that ordinary words
never become places:

- a fuzzy match needs 88% similarity, the same first letter and a word that is not a common word
  close to a place name ("a lender" is not Leander, "leader" neither);
- a word after an article or a possessive is a thing, not a misspelt place ("the circle");
- a place name followed by a street type is a street ("Manor Rd", "Bastrop Hwy" are in Austin);
- "a manor house" is a kind of house, "I'm Kyle" a name; "cedar" alone ("cedar fence") is wood:
  Cedar Park needs both words;
- where the lead works or comes from ("a job at the Domain", "moving from Round Rock") is not
  where they want to live.

Every step is linear: each position is looked up once per phrase length, each distinct word or
pair of words is compared once, and words too long to be 88% alike any name are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from ehub.geography import AREAS, PLACE_ALIASES, PLACES
from ehub.patterns import compiled


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True)
class PlaceMatch:
    area: str  # one of AREAS, an Austin district or a nearby town
    neighbourhood: str | None  # the named place when it is more precise than its area
    # The lead's own name for the place when it is another proper name of it ("Westlake" for West
    # Lake Hills): replies echo it, the data keeps the canonical area. Not part of the place's identity.
    said: str | None = field(default=None, compare=False)


def _aliases() -> dict[str, PlaceMatch]:
    aliases: dict[str, PlaceMatch] = {}
    for area in AREAS:
        aliases[area.name.lower()] = PlaceMatch(area.name, None)
        if area.city != "Austin":
            aliases.setdefault(area.city.lower(), PlaceMatch(area.name, None))
    extra = {
        "westlake": "West Lake Hills",
        "west lake": "West Lake Hills",
        "westlake hills": "West Lake Hills",
        "rollingwood": "Westlake/Rollingwood",
        "pflug": "Pflugerville",
        "pfluger": "Pflugerville",
        "pflugerville isd": "Pflugerville",
        "dt": "Downtown",
        "downtown austin": "Downtown",
        "centro": "Downtown",
        "east side": "East Austin",
        "eastside": "East Austin",
        "east of 35": "East Austin",
        "east of i 35": "East Austin",
        "este de austin": "East Austin",
        "el este de austin": "East Austin",
        "roundrock": "Round Rock",
        "cedarpark": "Cedar Park",
        "beecave": "Bee Cave",
        "bee caves": "Bee Cave",
        "lake way": "Lakeway",
    }
    aliases.update({alias: PlaceMatch(area, None) for alias, area in extra.items()})
    for place in PLACES:
        neighbourhood = None if place.area == place.name else place.name
        for alias in (place.name.lower(), *PLACE_ALIASES.get(place.name, ())):
            aliases.setdefault(alias, PlaceMatch(place.area, neighbourhood))
    return aliases


_ALIASES = _aliases()
# Other proper names of a place, as locals write them: the lead's word is echoed back ("Westlake",
# not "West Lake Hills"). Shorthand, run-together spellings and misspellings ("pflug", "roundrock",
# "pflugervile") are not names of their own: replies use the canonical one.
_OWN_NAMES = {
    "westlake": "Westlake",
    "west lake": "West Lake",
    "westlake hills": "Westlake Hills",
    "rollingwood": "Rollingwood",
    "bouldin": "Bouldin",
    "soco": "SoCo",
    "steiner": "Steiner",
}
_ZIP_CODES: dict[str, PlaceMatch] = {}
for _area in AREAS:
    for _zip in _area.zip_codes:
        _ZIP_CODES.setdefault(_zip, PlaceMatch(_area.name, None))
for _place in PLACES:
    for _zip in _place.zip_codes:
        _ZIP_CODES.setdefault(_zip, PlaceMatch(_place.area, None if _place.area == _place.name else _place.name))

# Fuzzy matching compares against names of five letters or more: shorter ones ("kyle", "buda")
# are one typo away from too many words.
_FUZZY_NAMES = tuple(alias for alias in _ALIASES if len(alias) >= 5 and alias.replace(" ", "").isalpha())
_LONGEST = max(map(len, _FUZZY_NAMES))
# Ordinary words within a typo of a place name.
_COMMON = _words(
    "lender lenders leader leaders leaner leaned meander slender blender gender tender render wonder "
    "ground around manner manners minor mayor tailor cedar cedars holly domains master circle circles "
    "muller taylors georgia eastside' lakes bastard steiner's travel travels round rounds castle hyde "
    "heights springs spring creek ranch park parks hills valley loop point points north south east west "
    "central downtown"
)
_DETERMINERS = _words("a an the my our your his her their this that un una el la mi su nuestro nuestra")
_STREET_TYPES = _words(
    "rd road st street blvd boulevard dr drive ave avenue ln lane hwy highway pkwy parkway ct court cv "
    "cove trl trail cir circle way pl place pass bend path loop"
)
_NAMED = compiled(r"(?:i am|my name is|this is|soy|me llamo|it is)$")
# Where the lead works or comes from is not where they want to live: "a job at the Domain",
# "moving from Round Rock", "trabajo en el Domain".
_NOT_WANTED = compiled(
    r"(?:\b(?:job|jobs|work|works|working|office|offices|employer|campus|commute|commuting|trabajo|trabajar|"
    r"oficina)(?: (?!with\b|con\b)\w+){0,2} (?:at|in|to|near|en|cerca de)|"
    r"\b(?:moving|relocating|coming|transferring|moved|transferred|nos mudamos|venimos) (?:down |up |over )?from|"
    r"\bdesde)(?: the| el| la)?$"
)
_WORD = compiled(r"[a-z0-9]+")
_ZIP = compiled(r"(?<![\d$.,])7[5-9]\d{3}(?![\d,]|\.\d|k\b)")


def _is_a_thing(words: list[str], start: int, end: int, alias: str) -> bool:
    """Whether the place name at words[start:end] is used as something else in this sentence."""
    after = words[end] if end < len(words) else ""
    before = words[start - 1] if start else ""
    if after in _STREET_TYPES:  # "Manor Rd", "Bastrop Hwy"
        return True
    if alias == "manor" and after in ("house", "home", "style", "estate") and before in ("a", "an"):
        return True
    if _NOT_WANTED.search(" ".join(words[max(0, start - 5) : start])):
        return True
    return alias in ("kyle", "taylor", "elgin") and bool(_NAMED.search(" ".join(words[max(0, start - 3) : start])))


def find_places(text: str) -> list[PlaceMatch]:
    """Every place `text` names, in order, each once ("Cedar Park or Round Rock" -> two)."""
    found: list[PlaceMatch] = []
    for zip_code in _ZIP.findall(text):
        if zip_code in _ZIP_CODES:
            found.append(_ZIP_CODES[zip_code])
    words = _WORD.findall(text)
    matched: set[int] = set()
    index = 0
    while index < len(words):
        for size in (4, 3, 2, 1):
            alias = " ".join(words[index : index + size])
            if alias in _ALIASES:
                if not _is_a_thing(words, index, index + size, alias):
                    found.append(replace(_ALIASES[alias], said=_OWN_NAMES.get(alias)))
                matched.update(range(index, index + size))  # judged: never matched again as a typo
                index += size
                break
        else:
            index += 1
    found += _fuzzy(words, matched)
    return list(dict.fromkeys(found))


def _fuzzy(words: list[str], matched: set[int]) -> list[PlaceMatch]:
    candidates: dict[str, None] = {}
    for index, word in enumerate(words):
        if index in matched or (index and words[index - 1] in _DETERMINERS):
            continue
        candidates.setdefault(word)
        if index + 1 < len(words) and index + 1 not in matched:
            candidates.setdefault(f"{word} {words[index + 1]}")
    found = []
    for candidate in list(candidates)[:400]:
        if not 5 <= len(candidate) <= _LONGEST + 3 or candidate in _COMMON or not candidate.replace(" ", "").isalpha():
            continue
        best = process.extractOne(candidate, _FUZZY_NAMES, scorer=fuzz.ratio, score_cutoff=88)
        if best is not None and best[0][0] == candidate[0]:
            found.append(_ALIASES[best[0]])
    return found
