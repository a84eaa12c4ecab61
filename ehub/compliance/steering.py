"""Inbound questions that invite steering, and the neutral topic the engine answers them with.

A lead's question must not be answered with who lives somewhere, or with "safe" and "good" used as
proxies for that (HUD: steering, 24 CFR 100.70). Factual questions are answered: prices, taxes,
flood zones, school districts and published ratings, where the nearest mosque or H-E-B is, 55+
communities, accessibility features, official crime statistics.

Topics (each mapped by the engine to a reply that points at a neutral public source):
- `demographics`: the make-up of an area by race, color, national origin, language, sex, sexual
  orientation, gender identity, familial status or disability ("are there a lot of Indian
  families", "is it mostly retirees", "family-friendly?", "would my son's wheelchair be welcome");
- `religion`: its make-up by religion ("is that area mostly Catholic?");
- `safety`: "safe", "sketchy", "bad area", gangs, break-ins, unless the lead asks for official data;
- `schools`: schools judged ("are the schools good?") rather than looked up.

Rules read the question with the same vocabularies and constructions as the advertising check;
the `steering` model is a second opinion with a threshold chosen by cross-validation.
"""

from __future__ import annotations

from dataclasses import dataclass

from ehub.compliance import coded, model
from ehub.compliance import constructions as cx
from ehub.compliance.constructions import phrase_pattern
from ehub.compliance.cues import Cues, left, peopled, right
from ehub.compliance.practices import PRACTICE
from ehub.compliance.reading import CHILDREN, GENERIC, Mention, Reading, mentions, read
from ehub.compliance.rules import names_group
from ehub.compliance.vocabulary import (
    AID,
    COLOR,
    FAMILIAL,
    MODIFIER,
    NATIONAL_ORIGIN,
    PEOPLE,
    RACE,
    RELIGION,
    SEX,
    TRAIT,
)
from ehub.conversation.text import MAX_MESSAGE_CHARS, normalise

TOPICS = ("demographics", "religion", "safety", "schools")

_CODED = phrase_pattern(
    r"\b(?:who lives?|who (?:are|is) the neighbou?rs|what (?:kind|type|sort) of (?:people|folks|neighbou?rs|crowd)"
    r"|(?:kind|type|sort) of (?:people|folks|crowd)|demographics?|(?:racial|ethnic|religious) (?:makeup|mix|breakdown"
    r"|composition)|(?:makeup|breakdown|mix) of|diverse|diversity|gentrif\w*|old crowd|the crowd|ghetto|riff raff"
    r"|(?:still|kind of|kinda|pretty|a|the) hood\b(?! (?:vent|fan|over|is))|you know what i mean|catch my drift"
    r"|if you know|transitional|in transition|section 8 (?:people|tenants|families|folks|renters|housing)"
    r"|low income (?:kids|families|people|folks|students)|(?:rich|wealthy|poor) (?:people|folks|families|white|kids)"
    r"|(?:best|good|right|better|nice|established) (?:families|crowd|kind of people)|from good families"
    r"|antisemit\w*|anti semit\w*|islamophob\w*|racis\w*|homophob\w*|transphob\w*|bigot\w*|people like (?:us|me|ours)"
    r"|families like (?:us|ours|mine)|(?:our|my) own (?:community|people|kind)|around our own|more like us"
    r"|(?:que|quien|quienes) viven?|tipo de gente|gente como nosotros|como nosotros|recien llegados|puros? \w+"
    r"|changing\W+(?:you know|if you)|is \w+ changing|(?:changed|changing|gotten better)\W+you know"
    r"|you know\W+(?:changed|changing)|section 8 (?:people|tenants|families|folks|renters)"
    r"|(?:area|neighbou?rhood|community|school|it|town|block|street)s? (?:is |are )?(?:integrated|segregated|mixed)"
    r"|(?:integrated|segregated|mixed) (?:area|neighbou?rhood|community|school)|aburguesa\w*|gentrifica\w*"
    r"|(?:has|have|did) (?:the |that |this )?(?:area|neighbou?rhood|part of town|block|street|it|they) (?:\w+ )?turned"
    r"|turned yet|(?:like|see|know|tell me|about|wondering) who(?:'s| is| are)? (?:been )?(?:moving in|buying)"
    r"|who(?:'s| is| are)? (?:been )?(?:moving in|buying) (?:there )?(?:lately|recently|these days|nowadays)"
    r"|quien(?:es)? se (?:esta|estan) mudando|is (?:the |that |this )?(?:area|neighbou?rhood|block|street"
    r"|part of town|community) changing|gente (?:bien|pobre|rica|humilde|decente|de dinero|fina|naca|corriente)"
    r"|(?:someone|somebody|people"
    r"|folks|a family|families|anyone|a person|a guy|a woman|a couple) like (?:me|us|mine|ours)|(?:be|being|feel like)"
    r" (?:the |a )?(?:only (?:ones?|\w+ (?:kids?|family|families|people))|minority|majority)\b)\b"
)
_FAMILY = phrase_pattern(
    r"\b(?:young or old|old or young|young and old)\b|\b(?:neighbou?rs|residents|people|building|area|street|block"
    r"|complex|community)(?: \w+){0,3} (?:mostly |all |really |pretty )?(?:young|old|older|younger|elderly|retired)\b"
    r"|\bretirement (?:kind of |type of )?(?:area|neighbou?rhood|town|part of town)\b"
    r"|\b(?:family|kid|child|children) friendly\b|\b(?:raise|raising) (?:kids|children|a family|our kids|my kids)\b"
    r"|\bgood for (?:families|kids|children)\b|\bzona familiar\b|\bpara familias\b"
)
_GOOD_FOR = phrase_pattern(
    r"\b(?:good|great|best|safe|right|ok|okay|buena|mejor|segura|buen) (?:area|zona|neighbou?rhood|barrio|place|lugar"
    r"|part of town|town|city|suburb|street|calle|colonia|spot)s? (?:for|para)\b"
)
_WELCOME = phrase_pattern(
    r"\b(?:welcome|welcomed|welcoming|accepted|accept|aceptarian?|mind|friendly to|fit in|stand out|bother|treat"
    r"|comfortable|bienvenid\w+|hard time|give (?:me|us|him|her|them) trouble|harass\w*|discriminat\w*"
    r"|(?:have|has|had) (?:a |any )?(?:problem|issue|issues|problems)|(?:be )?(?:okay|ok|fine|cool) with|object)\b"
)
# An aid the text masks as a feature ("wheelchair ramp"), still heard when the neighbours' welcome is asked about.
_AID_WORD = phrase_pattern(
    r"\b(?:wheelchairs?|walkers?|service (?:dogs?|animals?)|guide dogs?|ramps?|oxygen|canes?|silla de ruedas"
    r"|andadera)\b"
)
_NEIGHBOURS = phrase_pattern(r"\b(?:neighbou?rs|hoa|community|people|vecinos|they|residents|folks)\b")
_FRIENDLY = phrase_pattern(r"\bfriendly\b")
_PERCENT = phrase_pattern(r"\bpercent(?:age)?\b|%")
_EXISTS = phrase_pattern(
    r"\b(?:are there|is there|any|hay|there are|there's|without|other|many|much|lots|few|fewer|more|mostly)\b"
)
_SAFETY = phrase_pattern(
    r"\b(?:safe|safer|safest|safety|unsafe|dangerous|danger|sketchy|gangs?|break ins?|broken into|burglar\w*|thefts?"
    r"|robber\w*|shootings?|drug problems?|drug dealers?|drugs|homeless|crimes?|criminals?|high crime|low crime"
    r"|stay away from|bad (?:area|neighbou?rhood|part|side|parts|zone)|peligros\w*"
    r"|inseguridad|pandillas?|delincuencia|crimen|crimenes|delitos|cholos?|malandros|rateros|robos?|asaltos?)\b"
    r"(?<!safe)(?! (?:from|room|deposit|investment|bet|harbor|side))"
    r"|\bsafe\b(?! (?:from|room|deposit|investment|bet|harbor))"
    r"|\b(?:es|sea|muy|que tan|esta|estan|zona|barrio|colonia|area|lugar) segur[oa]s?\b|\bsegur[oa]s? para\b"
    r"|\bgood (?:area|neighbou?rhood|part of town|place|zone|one) or (?:a )?bad\b"
    r"|\bstill (?:bad|rough|sketchy|ghetto|dangerous|unsafe)\b"
    r"|\b(?:is|are) (?:it|the area|that area|the neighbou?rhood|that part of town) (?:still )?(?:bad|rough)\b"
    r"|\b(?:area|neighbou?rhood|part of town|side|there)\b(?: [\w']+){0,5} (?:okay|ok|alright|all right|any better"
    r"|better) now\b"
    r"|\brough (?:area|part|neighbou?rhood|side|street)\b|\ba rough\b|\bis \w+(?: \w+)? rough\b"
    r"|\b(?:feo|fea|feos) (?:ese |esa |el |la )?(?:barrio|zona|colonia|rumbo)|\b(?:barrio|zona|colonia)"
    r" (?:(?:esta|es|anda|se ve|se puso|se ha puesto) )?(?:feo|fea|pesad[oa]|caliente|bravo|brava)\b"
    r"|\b(?:good|bad|right|wrong|better|nicer|safe|safer|rough) (?:side|end|part)\b(?! of the (?:house|lot|street))"
    r"|\bavoid\b(?: \w+){0,3} (?:area|areas|part|parts|neighbou?rhoods?|side|streets?|zips?)\b"
    r"|\b(?:area|areas|part|parts|neighbou?rhoods?|side|streets?)\b(?: \w+){0,5} avoid\b"
)
_SAFETY_SUBJECTIVE = phrase_pattern(
    r"\b(?:safe|unsafe|dangerous|sketchy|bad|rough|worry|avoid|peligros\w*|segur[oa]|feo|gangs?|high crime)\b"
)
_OFFICIAL = phrase_pattern(
    r"\b(?:statistics|stats|data|map|reports?|rates?|portal|dashboard|apd|police|sheriff|official|oficial\w*"
    r"|estadisticas|reportes|incidents?|policia|according)\b"
)
_SCHOOL = phrase_pattern(
    r"\b(?:schools?|school district|elementary|middle school|high school|isd|campus|escuelas?|primaria|secundaria"
    r"|preparatoria|colegios?)\b"
)
_JUDGED = phrase_pattern(
    r"\b(?:good|best|bad|worst|top|great|any good|decent|better|quality|strong|weak|excellent|buenas?|mejor(?:es)?"
    r"|malas?)\b"
)
_SCHOOLS_LIKE = phrase_pattern(
    r"\b(?:what|how)(?: are| is|'s|'re)(?: the)? schools?(?: \w+){0,3}? like\b|\bhow are the schools\b"
)
_LOOKED_UP = phrase_pattern(r"\b(?:tea|accountability|txschools|rating for|ratings? of)\b")


_ORIGINS = frozenset((RACE, COLOR, RELIGION, NATIONAL_ORIGIN, SEX))
_HOW = phrase_pattern(r"\b(?:how|que tan|how much|how many)\b")
_CLAUSE_END = phrase_pattern(r"\W*(?:[?,;.!]|$|or |and |o |y |there\b|now\b|anymore\b|these days\b)")


@dataclass(frozen=True)
class SteeringHit:
    """Why a question is steering-sensitive: its topic, the class it touches, the rule or model."""

    topic: str
    protected_class: str
    rule: str
    phrase: str
    source: str = "rule"
    score: float = 1.0


def steering_topic(question: str | None) -> str | None:
    """The steering-sensitive topic of a lead's question (schools, safety, demographics, religion), if any."""
    return steering_topic_clean(normalise(question)) if question else None


def steering_topic_clean(clean: str) -> str | None:
    """`steering_topic` for text already normalised by `ehub.conversation.text.normalise`."""
    hit = steering_check_clean(clean)
    return hit.topic if hit else None


def steering_check(question: str | None) -> SteeringHit | None:
    return steering_check_clean(normalise(question)) if question else None


def steering_check_clean(clean: str) -> SteeringHit | None:
    """The first reason a normalised question must get a neutral-source reply, rules before the model."""
    if not clean:
        return None
    reading = read(clean, MAX_MESSAGE_CHARS)
    hits = _rule_hits(reading)
    if hits:
        return min(hits, key=lambda hit: TOPICS.index(hit.topic) if hit.topic != "safety" else 2)
    opinion = model.steering_opinion(clean, names_group(reading))
    if opinion is None:
        return None
    return SteeringHit(_topic_of(reading.masked), opinion.protected_class, opinion.rule, clean, "model", opinion.score)


def _topic_of(text: str) -> str:
    if _SAFETY.search(text):
        return "safety"
    if _SCHOOL.search(text):
        return "schools"
    return "demographics"


def _rule_hits(reading: Reading) -> list[SteeringHit]:
    text, hits = reading.masked, []
    found = mentions(reading)
    cues = {name: Cues(pattern, text) for name, pattern in _GROUP_CUES.items()}
    for mention in found:
        if _demographic(reading, cues, mention):
            topic = "religion" if mention.cls == RELIGION else "demographics"
            hits.append(SteeringHit(topic, mention.cls, "group-question", _phrase(reading, mention)))
    for pattern, rule, cls in (
        (coded.STEER, "steering", "race"),
        (_CODED, "coded-question", "race"),
        (_FAMILY, "family-question", FAMILIAL),
    ):
        match = pattern.search(reading.low)
        if match:
            hits.append(SteeringHit("demographics", cls, rule, match.group(0)))
    if _WELCOME.search(text) and _NEIGHBOURS.search(text) and (aid := _AID_WORD.search(reading.low)):
        hits.append(SteeringHit("demographics", "disability", "welcome-question", aid[0]))
    if found and (_GOOD_FOR.search(text) or (_WELCOME.search(text) and _NEIGHBOURS.search(text))):
        people = [mention for mention in found if mention.kind in (PEOPLE, AID) or mention.head]
        if people:
            hits.append(SteeringHit("demographics", people[0].cls, "welcome-question", _phrase(reading, people[0])))
    safety = _SAFETY.search(text)
    if safety and (_SAFETY_SUBJECTIVE.search(text) or not _OFFICIAL.search(text)):
        hits.append(SteeringHit("safety", "race", "safety-proxy", safety.group(0)))
    school = _SCHOOL.search(text)
    if school and (_JUDGED.search(text) or _SCHOOLS_LIKE.search(text)) and not _LOOKED_UP.search(text):
        hits.append(SteeringHit("schools", "race", "schools-judged", school.group(0)))
    return hits


_GROUP_CUES = {
    "mostly": cx.MOSTLY,
    "copula": cx.COPULA,
    "exists": _EXISTS,
    "friendly": _FRIENDLY,
    "prefer": cx.PREFER,
    "exclude": cx.EXCLUDE,
    "no": cx.NO,
    "how": _HOW,
}


def _demographic(reading: Reading, cues: dict[str, Cues], mention: Mention) -> bool:
    """Whether a group term in a question asks about people (not a mosque's or a grocery's location)."""
    sentence = reading.sentence_at(reading.starts[mention.first])
    own = sentence in reading.self_sentences
    if mention.kind == AID:
        return False
    if mention.kind == PRACTICE:  # "no loud ethnic parties?", never "where can I buy halal meat?"
        return bool(left(reading, cues["exclude"], mention, 3, False) or left(reading, cues["no"], mention, 2, False))
    among = bool(left(reading, cues["exists"], mention, 2, True))  # "near other Chinese families"
    if mention.head in ("place", "resident") or (mention.head == "people" and (among or not own)):
        return True
    if left(reading, cues["mostly"], mention, 1, True) and mention.kind == PEOPLE:
        return True  # "is the building mostly men?"
    if mention.kind == PEOPLE and not mention.weak:
        return not own or among
    if mention.kind == TRAIT:
        return mention.cls != FAMILIAL and not own and (peopled(reading, sentence) or mention.cls != "national_origin")
    if mention.term in CHILDREN or (mention.kind == PEOPLE and mention.cls == FAMILIAL and mention.term not in GENERIC):
        asked = left(reading, cues["exists"], mention, 3, True) or left(reading, cues["mostly"], mention, 2, True)
        return bool(asked) and (not own or "?" in reading.masked)
    if mention.kind == MODIFIER:  # a bare modifier: "mostly Mexican", "is it gay friendly", "are they religious"
        return bool(
            left(reading, cues["mostly"], mention, 1, True)
            or (left(reading, cues["copula"], mention, 1, True) and (peopled(reading, sentence) or _counted(reading)))
            or right(reading, cues["friendly"], mention, 0, True)
            or (mention.cls in _ORIGINS and left(reading, cues["how"], mention, 0, True))  # "how white is Lakeway?"
            or (mention.cls in _ORIGINS and _asked_of_people(reading, mention, sentence))  # "are the neighbors Mormon?"
        )
    return False


def _asked_of_people(reading: Reading, mention: Mention, sentence: int) -> bool:
    """A question whose clause ends on a bare modifier and speaks of people ("are a lot of the people there
    undocumented?")."""
    end = reading.ends[mention.last - 1]
    return "?" in reading.masked and bool(_CLAUSE_END.match(reading.masked, end)) and peopled(reading, sentence)


def _counted(reading: Reading) -> bool:
    return bool(_PERCENT.search(reading.low))


def _phrase(reading: Reading, mention: Mention) -> str:
    return reading.canon[reading.starts[mention.first] : reading.ends[mention.last - 1]]
