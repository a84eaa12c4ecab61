"""What each number in a message is: a price, a size, rooms, or something else.

People write budgets as "450k", "$1.2M", "1.1mm", "4-500", "between 400 and 500", "under 450",
"450 mil", "medio millón", "quinientos mil", "1.2 millones", "no más de 400". The same digits
are also square feet ("about 1,900 sq ft"), rooms ("4/3", "3 bed 2 bath"), rent ("1400/month"),
savings and income ("100k saved", "I make 85k"), phone numbers, ZIP codes, years and street
numbers, none of which is a budget. Each number is read with the words around it:

- a unit after it says what it is: k/M/mil/millones (money), sq ft (size), bed/bath (rooms),
  weeks/months (time), a month / al mes (rent);
- a word before it gives a bare number its meaning: "budget", "under", "approved for",
  "hasta", "no más de" make "450" mean $450,000; "owe", "saved", "make" make it not a budget.

Spelled-out numbers ("quinientos mil", "half a million", "three bedrooms", "dos meses") are
turned into digits first, but only where a unit follows, so "the one on Manor Rd" stays words.
Linear: numbers start only where a run of digits starts and take their digits possessively;
context is read from bounded slices around each number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ehub.patterns import compiled


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_UNITS = {
    "cero": 0, "one": 1, "un": 1, "uno": 1, "una": 1, "two": 2, "dos": 2, "three": 3, "tres": 3,
    "four": 4, "cuatro": 4, "five": 5, "cinco": 5, "six": 6, "seis": 6, "seven": 7, "siete": 7,
    "eight": 8, "ocho": 8, "nine": 9, "nueve": 9, "ten": 10, "diez": 10, "eleven": 11, "once": 11,
    "twelve": 12, "doce": 12, "fifteen": 15, "quince": 15, "twenty": 20, "veinte": 20, "thirty": 30,
    "treinta": 30, "forty": 40, "cuarenta": 40, "fifty": 50, "cincuenta": 50, "sixty": 60,
    "sesenta": 60, "seventy": 70, "setenta": 70, "eighty": 80, "ochenta": 80, "ninety": 90,
    "noventa": 90, "veinticinco": 25, "a": 1, "half": 0.5, "medio": 0.5,
}  # fmt: skip
_HUNDREDS = {
    "cien": 100, "ciento": 100, "doscientos": 200, "trescientos": 300, "cuatrocientos": 400,
    "quinientos": 500, "seiscientos": 600, "setecientos": 700, "ochocientos": 800, "novecientos": 900,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "mil": 1_000, "million": 1_000_000, "millon": 1_000_000}
_SCALES |= {"millones": 1_000_000, "millions": 1_000_000}
_FILLERS = frozenset(("and", "y", "of", "a"))
_COUNT_UNITS = _words(
    "day days week weeks month months year years dia dias semana semanas mes meses ano anos bedroom "
    "bedrooms bathroom bathrooms bath baths recamaras recamara cuartos cuarto habitaciones banos"
)


def spelled_to_digits(text: str) -> str:
    """Number words before a unit as digits: 'quinientos mil' -> '500k', 'three weeks' -> '3 weeks'."""
    words = text.split(" ")
    out: list[str] = []
    index = 0
    while index < len(words):
        run_end, value, scaled = _number_run(words, index)
        after = words[run_end].strip(".,!?;:") if run_end < len(words) else ""
        if run_end > index and scaled and value >= 50_000:
            out.append(f"{value / 1000:g}k")
            index = run_end
        elif run_end > index and value > 1 and after in _COUNT_UNITS:  # not "one day", "un mes"
            out.append(f"{value:g}")
            index = run_end
        else:
            out.append(words[index])
            index += 1
    return " ".join(out)


def _number_run(words: list[str], start: int) -> tuple[int, float, bool]:
    """The end of a run of number words at `start`, its value, and whether it had a scale word."""
    total, current, last_scale, index, end = 0.0, 0.0, 0, start, start
    while index < len(words) and index - start < 8:
        word = words[index].strip(".,!?;:")
        if word in ("half", "medio") and total and not current:  # "a million and a half", "millón y medio"
            total += last_scale / 2
        elif word == "a" and not (index == start and index + 1 < len(words) and words[index + 1] in _SCALES):
            if not (index > start and index + 1 < len(words)):
                break
            index += 1  # "half a million", "a million and a half"
            continue
        elif word in _UNITS:
            current += _UNITS[word]
        elif word in _HUNDREDS:
            current += _HUNDREDS[word]
        elif word in _SCALES and (current or total or word in ("mil", "thousand")):
            if _SCALES[word] == 100:
                current *= 100
            else:
                last_scale = _SCALES[word]
                total += (current or 1) * last_scale
                current = 0
        elif word in _FILLERS and index > start and index + 1 < len(words):
            index += 1
            continue
        else:
            break
        index += 1
        end = index
    return end, total + current, last_scale >= 1_000


@dataclass(frozen=True)
class Reading:
    kind: str  # money, ceiling, rent, sqft, rooms, time, or other (savings, income, what it owes or is worth)
    low: int | None
    high: int


_NUMBER = compiled(r"(?<![\d.,])\d++(?:[.,]\d++)*+")
_CONNECTOR = compiled(r"\s?(?:-|to|and|a|y|or|o)\s?(?=\$?\d)")
_MONEY_UNIT = compiled(r"\s?(mm|m|k|grand|thousand|mil|millones|millon|millions|million)(?![a-z])")
_SIZE_UNIT = compiled(r"\+?\s?(?:sq\.? ?f(?:ee)?t|square f(?:ee|oo)t|sqft|sf|pies cuadrados|pies|ft2)\b")
_ROOM_UNIT = compiled(r"\+?\s?(?:bedrooms?|bed|bds?|brs?|recamaras?|habitaciones?|cuartos?|bathrooms?|baths?|banos?)\b")
_TIME_UNIT = compiled(
    r"\s?(?:days?|weeks?|wks?|months?|mos?|years?|yrs?|dias?|semanas?|meses|mes|anos?|hours?|horas?)\b"
)
_OTHER_UNIT = compiled(
    r"\s?(?:%|percent|por ciento|units?|houses|homes|acres?|kids|children|people|am\b|pm\b|st\b|nd\b|rd\b|th\b|"
    r"credit|fico|score|stor(?:y|ies)|car|minutes?|miles?|unidades)"
)
_RENT_AFTER = compiled(r"\s?(?:/ ?(?:mo|month|mes)|(?:a|per|each|al|por) (?:month|mes|mo)\b|monthly|mensual)")
_SAVINGS_AFTER = compiled(
    r"\s?(?:saved|ahorrad|in savings|for (?:the |a )?down|para el enganche|de enganche|to put down|down\b|"
    r"in equity|left on|a year|al ano|per year|income|of (?:my|our) own)"
)
# Words before a bare number that make it a price, a ceiling, or anything but a budget; the
# nearest one decides ("we have 30k saved and our lender approved us for 375": 375 is the budget).
_PRICE_WORDS = _words(
    "budget presupuesto range rango approved approval pre-approval preapproval pre-approved aprobado "
    "aprobada aprobacion pre-aprobacion preaprobacion preaprobado pre-aprobado qualified between entre "
    "somewhere anything something spend pagar gastar cost costs price precio comprar ish tops max maximum "
    "under below hasta upto"
)
_PRICE_PHRASES = ("good for", "up to", "no more than", "no mas de", "menos de", "less than", "at most", "looking at")
# Hedges between a telling word and the number: "owe about 280k", "credit is around 600".
_HEDGES = _words(
    "us me we were was been about around approximately roughly like maybe unos como aprox ~ is es of de for por at the"
)
_CEILING_WORDS = _words("under below max maximum hasta upto tops")
_CEILING_PHRASES = ("up to", "no more than", "no mas de", "menos de", "less than", "at most")
_OTHER_WORDS = _words(
    "owe owed saved savings ahorrado ahorrados enganche make making earn earning earns salary income gano "
    "ganamos credit score fico zillow worth vale offered have got tengo tenemos inherited inheritance hoa "
    "taxes commission deposit fee fees rent renta money dinero"
)
_OTHER_PHRASES = ("down payment", "put down", "afford on", "left me", "paying about", "pay about")
_PRICE_AFTER = compiled(r"\s?(?:aprobad|approved|pre-?approv|preaprob|budget|presupuesto|tops|max|or less|ish|range)")
_CEILING_AFTER = compiled(r"\s?(?:tops|max|or less)")
_WORDS_BEFORE = compiled(r"[a-z~][a-z~'-]*")


def _context(before: str) -> str | None:
    """'ceiling', 'price' or 'other' from the nearest telling word in the last few words, else None."""
    words = _WORDS_BEFORE.findall(before)[-6:]
    hedged = before.rstrip().endswith("~")
    for end in range(len(words), 0, -1):
        word, pair, triple = words[end - 1], " ".join(words[end - 2 : end]), " ".join(words[end - 3 : end])
        if pair in _CEILING_PHRASES or triple in _CEILING_PHRASES or word in _CEILING_WORDS:
            return "ceiling"
        if pair in _OTHER_PHRASES or word in _OTHER_WORDS:
            return "other"
        if pair in _PRICE_PHRASES or word in _PRICE_WORDS:
            return "price"
        hedged = hedged or word in _HEDGES - {"is", "es", "of", "de", "for", "por", "at", "the"}
        if word not in _HEDGES:
            break
    return "price" if hedged else None


_PHONE = compiled(r"\+?1?[\s.-]?\(?(?<!\d)\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}(?!\d)")


def _value(number: str) -> float | None:
    if number.count(",") == 1 and len(number.split(",")[1]) != 3:  # "1,2 millones"
        number = number.replace(",", ".")
    number = number.replace(",", "")
    if number.count(".") > 1:
        return None
    try:
        return float(number)
    except ValueError:
        return None


def _money(value: float, unit: str | None, context: bool) -> int | None:
    if unit in ("m", "mm", "million", "millions", "millon", "millones") or (unit == "mil" and value < 10):
        value *= 1_000_000
    elif unit in ("k", "grand", "thousand", "mil"):
        value *= 1_000
    elif not context:
        return None
    elif 100 <= value < 10_000:
        value *= 1_000  # "under 450", "approved 475"
    elif value < 50_000:
        return None
    return int(value) if 50_000 <= value <= 50_000_000 else None


def readings(text: str) -> list[Reading]:
    """What each number (or range of numbers) in normalised text is, in order."""
    text = _PHONE.sub(" ", text)
    found: list[Reading] = []
    numbers = list(_NUMBER.finditer(text))
    index = 0
    while index < len(numbers):
        first, last = numbers[index], numbers[index]
        if index + 1 < len(numbers) and _joined(text, first.end(), numbers[index + 1].start()):
            last = numbers[index + 1]  # "4-500", "between 400 and 500", "350 a 400 mil", "1-1.3M"
        index += 2 if last is not first else 1
        reading = _read(text, first, last)
        if reading is not None:
            found.append(reading)
    return found


def _joined(text: str, end: int, next_start: int) -> bool:
    """Whether the number ending at `end` and the one starting at `next_start` make a range."""
    unit = _MONEY_UNIT.match(text, end)
    connector = _CONNECTOR.match(text, unit.end() if unit else end)
    if connector is None:
        return False
    return connector.end() + (text[connector.end() : connector.end() + 1] == "$") == next_start


def _read(text: str, first: re.Match[str], last: re.Match[str]) -> Reading | None:
    low_value, high_value = _value(first.group()), _value(last.group())
    if low_value is None or high_value is None:
        return None
    after, before = last.end(), text[max(0, first.start() - 40) : first.start()]
    if (_ROOM_UNIT.match(text, after)) is not None:
        return Reading("rooms", int(low_value) if low_value < 20 else None, int(high_value) if high_value < 20 else 0)
    if _SIZE_UNIT.match(text, after) is not None:
        return Reading("sqft", int(low_value) if first is not last else None, int(high_value))
    if _size_unit_after_k(text, after):
        return Reading("sqft", int(low_value * 1_000) if first is not last else None, int(high_value * 1_000))
    if _TIME_UNIT.match(text, after) is not None:
        return Reading("time", None, int(high_value))
    unit_match = _MONEY_UNIT.match(text, after)
    unit = unit_match.group(1) if unit_match else None
    tail_start = unit_match.end() if unit_match else after
    if unit is None and _OTHER_UNIT.match(text, after) is not None:
        return None
    dollar = before.endswith(("$", "$ "))
    if _RENT_AFTER.match(text, tail_start) is not None:
        return Reading("rent", None, int(high_value * (1_000 if unit == "k" else 1)))
    context = "price" if _PRICE_AFTER.match(text, tail_start) else _context(before)
    if _SAVINGS_AFTER.match(text, tail_start) is not None or context == "other":
        amount = _money(high_value, unit, True)
        return Reading("other", None, amount) if amount else None
    if first is last and len(first.group()) == 5 and first.group().startswith("7") and not (unit or dollar):
        return None  # a ZIP code
    if unit is None and not dollar and all(re.fullmatch(r"(?:19|20)\d\d", n.group()) for n in (first, last)):
        return None  # a year, or "2021 and 2022"
    high = _money(high_value, unit, dollar or context is not None or first is not last)
    if high is None:
        return None
    low = None
    if first is not last:
        low_unit = _MONEY_UNIT.match(text, first.end())
        low = _money(low_value, low_unit.group(1) if low_unit else unit, True)
        if (low is None or low >= high) and low_value < 10 <= high_value:  # "4-500": the low end lost its zeros
            low = int(low_value * 10 ** (len(str(int(high_value))) - 1) * (high / high_value))
        if low is not None and not 0 < low < high:
            low = None
    ceiling = context == "ceiling" or _CEILING_AFTER.match(text, tail_start) is not None
    return Reading("ceiling" if ceiling else "money", low, high)


def _size_unit_after_k(text: str, after: int) -> bool:
    """'2.2k sq ft' is a size, though 'k' reads as money."""
    return re.match(r"k\s?(?:sq|square|sf|pies)", text[after : after + 12]) is not None
