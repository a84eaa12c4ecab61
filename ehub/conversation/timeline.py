"""When a lead means to move, in whole months from the day of the message.

Read from what people write, in English and Spanish, the most precise statement winning:

1. durations: "in 6 weeks", "within 60 days", "en 2 meses", "about 9 months out", "4-5 months",
   "close in 14 days", "un mes y medio", "over the next 12 months", "60 days notice";
2. near dates: "ASAP", "next month", "end of next month", "el 30 del próximo mes", "by the 18th",
   "a fin de año", "before the holidays", "this year" (a vague horizon, read as six months);
3. calendar dates: months and seasons ("by August", "lease ends in March", "next summer",
   "late spring", "a mediados del próximo año", "June 15th"), school ("after school lets out",
   "before school starts") and holidays, counted forward from the message date;
4. when to see homes ("this weekend", "tomorrow"): a timeline only when nothing else is said.

"Just browsing", "someday", "in a few years" and "no timeline" are no timeline at all; "no rush"
is a lead in no hurry (the bot may still ask when). A date after "start looking" is when the
search starts, not the move; "for 10 weeks" and "5 years old" are the past.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ehub.patterns import compiled

_MONTH_NAMES = (
    ("january", "jan", "enero"),
    ("february", "feb", "febrero"),
    ("march", "marzo"),
    ("april", "apr", "abril"),
    ("may", "mayo"),
    ("june", "jun", "junio"),
    ("july", "jul", "julio"),
    ("august", "aug", "agosto"),
    ("september", "sept", "sep", "septiembre"),
    ("october", "oct", "octubre"),
    ("november", "nov", "noviembre"),
    ("december", "dec", "diciembre"),
)
MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}
_SEASONS = {"spring": 4, "primavera": 4, "summer": 7, "verano": 7, "fall": 10, "autumn": 10, "otono": 10}
_SEASONS |= {"winter": 1, "invierno": 1}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_SEASON = "|".join(_SEASONS)
_DAYS_PER = {"d": 1, "w": 7, "s": 7, "m": 30.44, "y": 365.25, "a": 365.25}

_BROWSING = compiled(
    r"\b(?:just (?:browsing|researching|reading|dreaming|comparing)|just checking(?! in\b)|"
    r"just (?:curious|wondering)(?! (?:if|whether|when|about (?:the|a) (?:house|home|listing|showing)))|"
    r"just looking(?! (?:for|to|in|into|at (?:homes|houses|places|condos) in))|"
    r"solo (?:estoy )?(?:viendo|mirando|curioseando)|solo por curiosidad|window shopping|for fun|"
    r"no timeline|no idea when|not anytime soon|"
    r"no (?:plans?|intention)(?: (?:right now|yet|for now|to move))?\b(?! to (?:rent|wait|renew|stay))|"
    r"no (?:tenemos|tengo) planes|sin planes|(?:some ?day|one day|algun dia|eventually|down the road)\b|"
    r"maybe sometime)"
)
# "just curious" beside a question of the lead's qualifies the question, not the search: "how much do
# they rent for? just curious" says nothing of when they move.
_CURIOUS = compiled(r"\b(?:just (?:curious|wondering)|solo por curiosidad)\b")


def _browsing(text: str) -> bool:
    found = _BROWSING.findall(text)
    return bool(found) and not ("?" in text and all(_CURIOUS.fullmatch(phrase) for phrase in found))


_LONG = compiled(
    r"\b(?:(?:in |en )?(?:a (?:few|couple(?: of)?)|unos(?: cuantos)?|several|pocos|2|3|4|5|two|three|five) "
    r"(?:years|anos)|years from now|[2-5]\s?-\s?\d+ years|for years)\b"
)
_NO_RUSH = compiled(r"\b(?:no rush|not in a (?:rush|hurry)|no hurry|in no hurry|no (?:tengo|tenemos|hay) prisa)\b")
_DURATION = compiled(
    r"(?:\b(in|within|en|dentro de|next|proximos|over)\s(?:the\s|los\s|a\s)?(?:next\s|proximos\s)?"
    r"(?:about\s|around\s|like\s|unos\s|como\s|maybe\s|just\s)?)?"
    r"(?<![\d.,])(\d{1,3}(?:\.\d)?)(?:\s?(?:-|to|or|a|o)\s?(\d{1,3}))?\s?"
    r"(days?|d[ií]as?|weeks?|wks?|semanas?|months?|mos?|meses|mes|years?|yrs?|anos?)\b"
    r"(?!\s(?:old|ago|since|of (?:school|college|experience))| (?:a|per) (?:year|month))"
)
_PAST = compiled(
    r"(?:for|hace|ago|last|past|been|been at (?:\w+ ){0,3}|after)\s(?:about |around |like |over |almost |nearly )?$"
)
# "in a month", and "in about a month", "en como un mes": an approximate single month or week is still one
_ONE = compiled(
    r"\b(?:in|en|within|dentro de) (?:about |around |like |roughly |maybe |just |como |unos |alrededor de )?"
    r"(?:a|one|un|una) (month|mes|week|semana)\b"
)
_MONTH_AND_HALF = compiled(r"\b(?:1|a|one|un) (?:month|mes) (?:and a half|y medio)\b")
_FEW = compiled(r"\b(?:a few|a couple(?: of)?|unos(?: cuantos)?|un par de|couple|few) (weeks|months|semanas|meses)\b")
_START_LOOKING = compiled(
    r"(?:start|begin|empezar a|comenzar a) (?:looking|searching|buscar)(?: (?:around|in|en|by))?\s$"
)


_DAY_OF_MONTH = rf"\d{{1,2}}(?:st|nd|rd|th)?(?! (?:of )?(?:{_MONTH}))"  # "by the 18th", not "the 18th of June"


def _phrases(*alternatives: str) -> re.Pattern[str]:
    return compiled(r"\b(?:" + "|".join(alternatives) + r")\b")


# (pattern, precision, months from the message date); of the calendar phrases (precision 2) the
# first that matches counts: "before the holidays next year" is not "before the holidays".
_NEAR: tuple[tuple[re.Pattern[str], int, Callable[[date], int]], ...] = (
    (_phrases("as soon as possible", "right away", "immediately", "lo antes posible", "cuanto antes", "ya mismo",
              "urgente"), 3, lambda today: 0),
    (
        _phrases(
            "end of (?:the |this )?month", "fin de mes", "this month", "este mes",
            "(?:within|before the end of) the month", "antes de que (?:termine|acabe) (?:el|este) mes",
            "(?:al final|a finales) del mes",
        ),
        3,
        lambda today: 0,
    ),
    (_phrases("end of next month", "a finales del proximo mes", "fin del proximo mes"), 3, lambda today: 2),
    (_phrases("next month", "el proximo mes", "del proximo mes", "el mes que viene", "(?:1st|first) of (?:the )?month"),
     3, lambda today: 1),
    (_phrases(rf"(?:on|by|before|until|el|del|antes del|of|up) (?:the )?{_DAY_OF_MONTH}"), 3, lambda today: 1),
    (_phrases("(?:before the holidays|antes de (?:las fiestas|navidad)) (?:next year|del proximo ano)"),
     2, lambda today: 24 - today.month),
    (_phrases("early next year", "a principios del proximo ano", "principios del ano que viene"),
     2, lambda today: 15 - today.month),
    (_phrases("mid(?:dle of)?[- ]next year", "a mediados del proximo ano", "mediados del ano que viene"),
     2, lambda today: 19 - today.month),
    (_phrases("(?:late|end of) next year", "a finales del proximo ano", "fin del proximo ano"),
     2, lambda today: 23 - today.month),
    (_phrases("(?:by )?(?:the )?end of (?:the )?year", "(?:before )?year[- ]end", "a? ?fin(?:ales)? de(?:l)? ano",
              "before the holidays",
              "before (?:christmas|thanksgiving)", "antes de (?:las fiestas|navidad)"),
     2, lambda today: max(0, 12 - today.month)),
    (_phrases("after the holidays", "despues de las fiestas", "after new year'?s?"), 2, lambda today: 13 - today.month),
    (_phrases("after school (?:lets|gets) out", "school (?:lets|gets) out", "when school(?: is)? out",
              "end of the school year", "finish(?:es)? (?:the )?school year",
              "(?:terminen?|acaben?) (?:las clases|la escuela)"),
     2, lambda today: _months_to(6, today)),
    (_phrases("before school starts", "school starts", "back to school",
              "(?:empiece|empiecen|empiezan) (?:la escuela|las clases)"), 2, lambda today: _months_to(8, today)),
    (_phrases("next year", "(?:el|al|del) proximo ano", "el ano que viene", "within (?:the|a) year", "in the next year",
              "over the next year", "en el proximo ano", "durante el proximo ano"), 2, lambda today: 12),
    (_phrases("(?:later|sometime|some time|probably) this year", "this year", "este ano"), 2, lambda today: 6),
)  # fmt: skip
_CALENDAR = compiled(
    r"\b(?:(by|in|before|until|around|this|ends? in|end of|en|para|antes de|hasta|after|despues de|el|next|early|for|"
    rf"late|mid|a mediados de|a finales de|a principios de|del|de) )?(?:the )?({_MONTH}|{_SEASON})\b"
    r"(?: (\d{1,2})(?:st|nd|rd|th)?\b)?( (?:next year|del proximo ano|del ano que viene|de \d{4}))?"
)
_SOON = _phrases(
    "today", "tonight", "tomorrow", "tmrw", "tmr", "this (?:week|weekend|wk)", "next (?:week|weekend)", "hoy",
    "esta semana", "este (?:fin de semana|weekend)", "la (?:proxima )?semana(?: que viene)?",
    "(?:this|next|on|el|este) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|miercoles|"
    "jueves|viernes|sabado|domingo)",
)  # fmt: skip


@dataclass(frozen=True)
class Timeline:
    months: int | None  # months from the message date to the move, 0 = this month or sooner
    browsing: bool = False  # just browsing, someday, no plans: no timeline
    no_rush: bool = False  # in the market but in no hurry, without a date


def _months_to(month: int, today: date, *, next_year: bool = False, after: bool = False) -> int:
    months = (month - today.month) % 12 + int(after)
    if next_year and month >= today.month:  # "June next year" in May is 13 months away, in November 7
        months += 12
    return months


def _after_start_looking(text: str, start: int) -> bool:
    return _START_LOOKING.search(text[max(0, start - 30) : start]) is not None


def _durations(text: str) -> list[tuple[int, int]]:
    """(precision, months) for each stated duration; 'in/within/en' make it more precise."""
    found = [(5, 2) for _ in _MONTH_AND_HALF.finditer(text)]
    found += [(4, 1 if match.group(1).startswith("m") else 0) for match in _ONE.finditer(text)]
    for match in _FEW.finditer(text):
        found.append((2, 1 if match.group(1)[0] in "ws" else (2 if "couple" in match.group(0) else 3)))
    for match in _DURATION.finditer(text):
        lead, low, high, unit = match.groups()
        if (lead is None and _PAST.search(text[max(0, match.start() - 30) : match.start()])) or _after_start_looking(
            text, match.start()
        ):
            continue
        number = (float(low) + float(high)) / 2 if high and float(high) > float(low) else float(low)
        days = number * _DAYS_PER["m" if unit.startswith(("mo", "me")) else unit[0]]
        found.append((4 if lead else 3, int(days / 30.44 + 0.5)))
    return found


def read_timeline(text: str, today: date) -> Timeline | None:
    """What `text` says about when the lead moves, or None when it says nothing."""
    candidates = _durations(text)
    calendar_phrase = False
    for pattern, precision, months_from in _NEAR:
        match = pattern.search(text)
        if match and not _after_start_looking(text, match.start()) and not (precision == 2 and calendar_phrase):
            candidates.append((precision, months_from(today)))
            calendar_phrase = calendar_phrase or precision == 2
    for match in _CALENDAR.finditer(text):
        preposition, name, day, next_year = match.groups()
        if _after_start_looking(text, match.start()):
            continue
        if name in MONTHS and preposition is None and day is None and (len(name) < 5 or name == "march"):
            continue  # "may", "mar", "sat": a word, unless a preposition or a day makes it a date
        month = MONTHS.get(name) or _SEASONS[name]
        if name in _SEASONS and preposition in ("late", "a finales de", "early", "a principios de"):
            month += 1 if preposition in ("late", "a finales de") else -1
        after = preposition in ("after", "despues de")
        candidates.append((1, _months_to((month - 1) % 12 + 1, today, next_year=bool(next_year), after=after)))
    if candidates:
        best = max(precision for precision, _ in candidates)
        return Timeline(min(months for precision, months in candidates if precision == best))
    if _LONG.search(text) or _browsing(text):
        return Timeline(None, browsing=True)
    if _NO_RUSH.search(text):
        return Timeline(None, no_rush=True)
    if _SOON.search(text):
        return Timeline(0)
    return None
