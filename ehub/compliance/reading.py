"""How the guard reads a text: words, sentences and the group terms in it, once per text.

A text is read once: canonical form (NFKC, invisible characters removed, plain apostrophes), then
folded letter for letter (lower case, accents removed, hyphens as spaces) so every position still
points at the same character of the canonical text and a flag can quote what was written. Lawful
phrases are blanked (`lawful.MASK`), the text is split into words and sentences, and group terms
are found by dictionary lookup of word n-grams (at most `LONGEST_TERM` words). Each term then
takes its head ("Asian" + "buyers", "comprador" + "mexicano") and each construction is looked for
next to it (`rules`): the nearest cue before or after, in the same sentence, across few words.

Everything is a single pass or a lookup per word, and cue patterns are bounded, so the cost is
linear in the length of the text.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from ehub.compliance import lawful
from ehub.compliance.lexicon import LONGEST_TERM, lexicon
from ehub.compliance.spelling import spelled, unleet
from ehub.compliance.vocabulary import FAMILIAL, MODIFIER, PEOPLE, PEOPLE_HEADS, PLACE_HEADS, SEX, TRAIT, words
from ehub.conversation.text import canonical
from ehub.patterns import compiled

_WORD = compiled(r"[a-z0-9]+(?:'[a-z]+)*\+?")
_BOUNDARY = compiled(r"[.!?;:\n(\u2014\u2013]| - ")
_ABBREVIATIONS = words("st dr mr mrs ms jr sr pref approx vs etc no ave blvd rd ln sq ft min max req u s a p m e g i")
_US = compiled(r"\bu\.\s?s\.?(?:\s?a\.?)?")

# Terms with everyday uses: a cue reaches them only across determiners and modifiers.
WEAK = words(
    """family families couple couples adult adults man men woman women guy guys girl girls lady ladies gal gals boys
    wife wives husband husbands kids kid children child baby babies teens teen minor minors pareja parejas matrimonio
    hombre hombres mujer mujeres hijos hijas ninos ninas nino nina bebe bebes menores adultos dama damas caballero
    caballeros f m american americans white black brown blanco negro moreno guero guera pale darker colored element
    physical healthy citizen citizens accent accents visa domestic foreign religion religious interpreter ramp ramps
    walker walkers canes aides caregivers expecting custody mental papers minority gay straight single bachelor
    singles believing observant devout secular trans male female show elderly seniors senora senoras senorita senoritas
    varon varones chicas muchachas gentleman gentlemen papeles one person"""
) | frozenset(
    (
        "older people",
        "old people",
        "elderly people",
        "those people",
        "those buyers",
        "that crowd",
        "the projects",
        "green card",
        "de color",
        "darker one",
        "darker ones",
        "that lifestyle",
        "parents",
        "mature",
        "elderly",
        "retired",
        "older folks",
        "old folks",
        "practicing",
        "ethnic",
        "oxygen",
        "chemo",
    )
)
# Weak terms too generic to make a reply steering ("your family", "a man").
GENERIC = words(
    """family families couple couples adult adults man men woman women guy guys wife wives husband husbands lady
    ladies pareja parejas matrimonio hombre hombres mujer mujeres american americans white black brown blanco negro
    physical religion religious interpreter f m show senora senoras senorita senoritas dama damas caballero caballeros
    gentleman gentlemen girl girls boys"""
)
# Household words a weak term may still be counted by ("lots of kids", "mostly older folks").
CHILDREN = words(
    """kids kid children child babies baby infants infant toddlers toddler newborn newborns teenagers teenager teens
    teen minors grandchildren grandkids ninos ninas nino hijos hijas bebes bebe menores adolescentes retirees singles
    seniors elderly rugrats tots youngsters kiddos twins triplets kds kdz kidz chldrn"""
) | frozenset(("little ones", "older folks", "old folks", "older people", "old people", "elderly people"))
GENDER = words(
    """women woman men man ladies lady gentlemen gentleman guys guy gals gal girls girl females males female male
    mujeres mujer hombres hombre senoritas senorita senora senoras dama damas caballero caballeros varon varones
    chicas muchachas f m"""
)
_CONNECTORS = words(
    "and or y o & young old older single married professional working retired other nice good fellow devout only "
    "observant practicing new recent large big growing small last"
)
# Terms that count only when written in capitals.
_CASED = frozenset(("esa", "esas", "f", "m", "poc", "lds", "esl", "ell"))
# People heads that say who lives somewhere: "Christian neighbors" describes an area by its people.
_RESIDENTS = words("neighbors neighbours residents population vecinos vecinas residentes congregation")
_PRONOUN_HEADS = words("anyone anybody someone somebody nobody everyone everybody nadie alguien")
_MANY = words("many mostly predominantly largely")
_OF_MANY = [[word, "of"] for word in ("lot", "lots", "plenty", "full", "tons", "bunch", "loads")]
_AFTER_BARE = words("out in around over there here on that who moving living live lately now nearby near everywhere")
_SPANISH_HEADS = words(
    """gente persona personas familia familias inquilino inquilinos inquilina inquilinas comprador compradores
    compradora compradoras vecino vecinos vecina vecinas residentes pareja parejas hombre hombres mujer mujeres
    ninos hijos clientes roomie roomies companera companeras companero companeros barrio vecindario colonia zona
    calle edificio comunidad"""
)


@dataclass(frozen=True)
class Mention:
    cls: str
    kind: str
    first: int  # first word (of the person phrase, when the term is what a person has or uses)
    last: int  # one past the last word
    head: str | None  # "people" or "place" when a head noun makes a modifier name people or an area
    term: str
    person: bool = False  # "residents using walkers", "anyone with a seizure disorder", "families with babies"

    @property
    def weak(self) -> bool:
        return self.term in WEAK and not (self.head and self.cls not in (FAMILIAL, SEX))


@dataclass(frozen=True)
class Hit:
    protected_class: str
    rule: str
    start: int
    end: int
    phrase: str = ""


@dataclass
class Reading:
    """A text as the rules read it: canonical form, masked folded form, words and sentences."""

    canon: str
    low: str  # folded, before lawful phrases are masked
    masked: str
    starts: list[int]
    ends: list[int]
    words: list[str]
    sentence: list[int]  # per word
    bounds: list[int]  # sentence boundary positions
    refusals: set[int]  # sentences that refuse to characterise people
    offers: set[int]  # sentences that offer an accommodation, language help or accept every income or ID
    refused: list[tuple[int, int]]  # the refusing words themselves
    self_sentences: set[int]
    hopa: bool
    shared: bool

    def sentence_at(self, position: int) -> int:
        return bisect_right(self.bounds, position)


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    base = unicodedata.normalize("NFKD", char)[:1].lower()
    return base if len(base) == 1 and base.isascii() else char.lower() if len(char.lower()) == 1 else " "


def fold_in_place(text: str) -> str:
    """Lower case without accents, one character for one, so positions map back to `text`."""
    folded = text.lower() if text.isascii() else "".join(map(_fold_char, text))
    return folded if len(folded) == len(text) else "".join(map(_fold_char, text))


def read(text: str, limit: int) -> Reading:
    canon = canonical(text[:limit])
    low = fold_in_place(canon)
    low = _US.sub(lambda match: match.group(0).replace(".", " "), low)
    bounds = [match.start() for match in _BOUNDARY.finditer(low) if not _abbreviation(low, match.start())]
    low = unleet(low.translate(_SPACES))
    masked = lawful.MASK.sub(lambda match: " " * len(match.group(0)), low)
    starts, ends, words = [], [], []
    for match in _WORD.finditer(masked):
        starts.append(match.start())
        ends.append(match.end())
        word = spelled(match.group(0))
        words.append(word + "'" if masked[match.end() : match.end() + 1] == "'" else word)  # "kids'" stays apart
    sentence = [bisect_right(bounds, start) for start in starts]
    refused = [match.span() for match in lawful.REFUSAL.finditer(low)]
    refusals = {bisect_right(bounds, start) for start, _ in refused}
    offers = {bisect_right(bounds, match.start()) for match in lawful.OFFER.finditer(low)}
    selves = {bisect_right(bounds, match.start()) for match in lawful.SELF.finditer(masked)}
    shared = bool(lawful.SHARED.search(masked)) and not lawful.SEPARATE.search(masked)
    hopa = bool(lawful.HOPA.search(lawful.NOT_HOPA.sub(" ", low)))  # not "(not a 55+ community)"
    return Reading(
        canon, low, masked, starts, ends, words, sentence, bounds, refusals, offers, refused, selves, hopa, shared
    )


_SPACES = str.maketrans({"-": " ", "\u2010": " ", "_": " ", '"': " ", "*": " ", "/": " "})


def _abbreviation(text: str, position: int) -> bool:
    if text[position] != ".":
        return False
    start = position
    while start > 0 and text[start - 1].isalpha() and position - start < 8:
        start -= 1
    return text[start:position] in _ABBREVIATIONS and position + 1 < len(text) and text[position + 1] != "\n"


def mentions(reading: Reading) -> list[Mention]:
    """Group terms, longest first at each word, each with the head that makes it name people or a place."""
    words, found, index, entries = reading.words, [], 0, lexicon()
    while index < len(words):
        size = _longest(reading, index, entries)
        if not size:
            index += 1
            continue
        key = tuple(words[index : index + size])
        cls, kind = entries[key]
        if key[0] in _CASED and not reading.canon[reading.starts[index] : reading.ends[index]][:3].isupper():
            index += size  # "esa casa" is Spanish, "ESA" an emotional support animal; "F only" a sex, "ya no m" a typo
            continue
        head = _head(reading, index, index + size, kind) if kind in (MODIFIER, TRAIT, PEOPLE) else None
        owner = _person(reading, index)
        if owner is not None and kind != PEOPLE:
            head = "people"
        found.append(
            Mention(cls, kind, index if owner is None else owner, index + size, head, " ".join(key), owner is not None)
        )
        index += size
    return found


# "Residents using walkers", "anyone with a seizure disorder", "families with babies", "nadie que reciba
# pensión por discapacidad": a person word, then what joins them to a condition, an aid or a household trait.
_PERSONS = words(
    """anyone anybody someone somebody one nobody people persons person resident residents tenant tenants applicant
    applicants occupant occupants buyer buyers renter renters household households family families individual
    individuals those guest guests nadie alguien persona personas gente residente residentes inquilino inquilinos
    inquilina inquilinas solicitante solicitantes familia familias"""
)
_JOINS = words(
    """with w who whose that using needing requiring receiving having on in diagnosed suffering living treated
    recovering que con en"""
)
_BETWEEN = _JOINS | words(
    """is are has have uses use needs need requires require receives receive gets get takes take currently a an any
    past recent history of from for being treatment more than over under two three four one young small little
    usen usa usan tenga tengan tiene tienen reciba reciban recibe reciben necesite necesiten necesita necesitan
    padezca padezcan sufra sufran sus su his her their own"""
)


def _person(reading: Reading, index: int) -> int | None:
    """The person word a term hangs on ("tenants" in "tenants who use a wheelchair"), if any."""
    words, joined = reading.words, False
    for position in range(index - 1, max(-1, index - 7), -1):
        if not _joined(reading, position, position + 1):
            return None
        word = words[position]
        if word in _PERSONS and joined:
            return position
        if word not in _BETWEEN:
            return None
        joined = joined or word in _JOINS
    return None


def _longest(reading: Reading, index: int, entries: dict[tuple[str, ...], tuple[str, str]]) -> int:
    words, masked = reading.words, reading.masked
    for size in range(min(LONGEST_TERM, len(words) - index), 0, -1):
        last = index + size - 1
        if tuple(words[index : index + size]) in entries and all(
            not masked[reading.ends[position] : reading.starts[position + 1]].strip() for position in range(index, last)
        ):
            return size
    return 0


def _counted_bare(reading: Reading, first: int, last: int) -> bool:
    """A group adjective counted as people with no noun after it: "a lot of Vietnamese out that way", "so many
    Chinese, just so you know" (not "lots of Mexican restaurants", whose noun follows)."""
    words = reading.words
    many = first > 0 and (words[first - 1] in _MANY or (first > 1 and words[first - 2 : first] in _OF_MANY))
    if not many or not _joined(reading, first - 1, first):
        return False
    ends = last >= len(words) or reading.masked[reading.ends[last - 1] : reading.starts[last]].strip()
    return bool(ends) or words[last] in _AFTER_BARE  # a full stop or a comma, or "out that way", follows


def _head(reading: Reading, first: int, last: int, kind: str) -> str | None:
    words, entries = reading.words, lexicon()
    if kind == MODIFIER and first > 0 and words[first - 1] in _PRONOUN_HEADS and _joined(reading, first - 1, first):
        return "people"  # "anyone Mexican", "nobody Catholic"
    if kind == MODIFIER and (_counted_bare(reading, first, last) or _predicated(reading, first)):
        return "people"  # "a lot of Vietnamese out there", "tenants to be Christian", "buyers who are Catholic"
    if first > 0 and words[first - 1] in _SPANISH_HEADS and _joined(reading, first - 1, first):
        return (
            "place" if words[first - 1] in PLACE_HEADS else "resident" if words[first - 1] in _RESIDENTS else "people"
        )
    for position in range(last, min(last + 4, len(words))):
        if not _joined(reading, position - 1, position):
            return None
        word = words[position]
        if word in PEOPLE_HEADS and kind != PEOPLE:
            following = words[position + 1] if position + 1 < len(words) else ""
            if following in PLACE_HEADS and _joined(reading, position, position + 1):
                return "place"
            return "resident" if word in _RESIDENTS else "people"
        if word in PLACE_HEADS:
            return "place"
        if word not in _CONNECTORS and (word,) not in entries:
            return None
    return None


_LINKING = (("to", "be"), ("who", "are"), ("who", "is"), ("that", "are"), ("who're",), ("que", "sean"), ("que", "sea"))


def _predicated(reading: Reading, first: int) -> bool:
    """Whether a people word and a linking verb stand right before the word ("my tenants to be")."""
    words = reading.words
    for link in _LINKING:
        start = first - len(link)
        if start > 0 and tuple(words[start:first]) == link and words[start - 1] in PEOPLE_HEADS:
            return all(_joined(reading, position, position + 1) for position in range(start - 1, first))
    return False


def _joined(reading: Reading, left: int, right: int) -> bool:
    """Nothing but spaces or a comma between two words."""
    return not reading.masked[reading.ends[left] : reading.starts[right]].strip(" ,")
