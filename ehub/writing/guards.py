"""Every check a model's reply must pass before it is sent; a failure names its reason.

A reply that fails is replaced by the engine's template, and the reason recorded. The reasons:
`empty`, `question_dropped` (the template asks the lead something, the reply asks nothing),
`length`, `language`, `fair_housing` (ehub.compliance.fair_housing), `ai_denial` (claims
to be a person), `ai_disclosure` (asked whether it is a bot and does not say it is an AI), `promise`
(legal, tax or lending advice, guaranteed outcomes), `single_price` (one price to a seller, not a
range) and `unsupported_figure` (a listing, address, price or other number that is in neither the
facts, the tool results, the template nor the lead's own message).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ehub.bots.wording import SMS_LIMIT
from ehub.compliance.fair_housing import check_text
from ehub.conversation.language import SWITCH_CONFIDENCE, detect
from ehub.patterns import compiled
from ehub.writing.base import WritingRequest

REASONS = (
    "empty",
    "question_dropped",
    "length",
    "language",
    "fair_housing",
    "ai_denial",
    "ai_disclosure",
    "promise",
    "single_price",
    "unsupported_figure",
)
MONEY_TOLERANCE = 0.005  # "$452k" for 452,300 is the same price; "$450k" is not
PLAIN_TOLERANCE = 0.051  # 2.5 baths stored as 2.50
LANGUAGE_MIN_WORDS = 5

_MONEY = compiled(r"\$\s?(\d[\d,]*(?:\.\d+)?)\s?(k\b|K\b|m\b|M\b|mil\b|million\b|millones\b|millón\b)?", re.IGNORECASE)
_NUMBER = compiled(r"(?<![\w.$])(\d[\d,]*(?:\.\d+)?)")
_RANGE = compiled(rf"{_MONEY.pattern}\s*(?:-|–|—|to|and|a|y|hasta)\s*{_MONEY.pattern}", re.IGNORECASE)
_DENIAL = compiled(
    r"\bI(?:'m| am)\s+(?:a\s+|an\s+)?(?:real\s+|actual\s+)?(?:human|person|man|woman|real estate agent|realtor)\b"
    r"|\bnot\s+(?:a\s+|an\s+)?(?:bot|robot|AI|machine|chatbot)\b"
    r"|\bno\s+soy\s+(?:un\s+|una\s+)?(?:bot|robot|IA|máquina|chatbot)\b"
    r"|\bsoy\s+(?:una\s+)?persona(?:\s+real)?\b|\bsoy\s+(?:un\s+)?(?:humano|agente)\b",
    re.IGNORECASE,
)
_DISCLOSES_AI = compiled(r"\b(?:AI|IA|artificial|bot|asistente virtual|virtual assistant)\b", re.IGNORECASE)
_PROMISE = compiled(
    r"\bguarantee[ds]?\b|\bgarantiz\w*|\bgarant[ií]a\b|\bI promise\b|\bte (?:lo )?prometo\b|\bte aseguro\b"
    r"|\b(?:you(?:'ll| will)|you're|you are)\s+(?:be\s+|get\s+)?(?:pre-?)?approved\b|\bser[áa]s?\s+aprobad[oa]\b"
    r"|\blegal advice\b|\btax advice\b|\basesor[ií]a (?:legal|fiscal)\b|\bconsejo legal\b"
    r"|\bdon'?t need (?:a |an )?(?:lawyer|attorney|inspection)\b|\bno necesitas? (?:un )?abogado\b"
    r"|\bwill (?:definitely |surely )?sell (?:in|within|for|above)\b|\bse vender[áa] (?:en|por)\b"
    r"|\b(?:rate|tasa) (?:of|de) \d",
    re.IGNORECASE,
)


def check_reply(reply: str, request: WritingRequest, tool_results: Iterable[Any], *, intro: str = "") -> str | None:
    """The first reason `reply` (with `intro` in front) may not be sent, or None when it may."""
    body = " ".join(reply.split())
    if not body:
        return "empty"
    if "?" in request.template and "?" not in body:
        return "question_dropped"
    if len(intro) + len(body) > SMS_LIMIT:
        return "length"
    if len(body.split()) >= LANGUAGE_MIN_WORDS:
        language, confidence = detect(body)
        if language != request.language and confidence >= SWITCH_CONFIDENCE:
            return "language"
    if check_text(body):
        return "fair_housing"
    if _DENIAL.search(body):
        return "ai_denial"
    if request.facts.get("asked_about_bot") and not _DISCLOSES_AI.search(intro + body):
        return "ai_disclosure"
    if _PROMISE.search(body):
        return "promise"
    results = list(tool_results)
    if request.bot == "seller" and _single_price(body, request.facts, results):
        return "single_price"
    said = [request.message, request.summary, list(request.history)]  # the conversation's own figures
    known = set(_numbers_in([request.facts, results, request.template, intro, *said]))
    if any(not _supported(value, known) for value in _money(body)):
        return "unsupported_figure"
    if any(not any(abs(value - k) < PLAIN_TOLERANCE for k in known) for value in _plain_numbers(body)):
        return "unsupported_figure"
    return None


def figures(text: str) -> Iterator[float]:
    """Every number `text` states: prices ($415k, $1.25M, $415,000) and plain numbers."""
    yield from _money(text)
    yield from _plain_numbers(text)


def _money(text: str) -> Iterator[float]:
    for found in _MONEY.finditer(text):
        yield _money_value(found.group(1), found.group(2))


def _plain_numbers(text: str) -> Iterator[float]:
    """Numbers that are not prices: street numbers, bedrooms, days, square feet, percentages."""
    for found in _NUMBER.finditer(_MONEY.sub(" ", text)):
        value = _plain(found.group(1))
        if value is not None:
            yield value


def _single_price(body: str, facts: dict[str, Any], tool_results: list[Any]) -> bool:
    """A price on its own (not one end of a range) that is not a listing's, a comparable sale's or a
    market figure: to a seller, that reads as what their home is worth."""
    standalone = _RANGE.sub(" ", body)
    others = set(_numbers_in([{k: v for k, v in facts.items() if k != "estimate"}, _without_estimates(tool_results)]))
    for found in _MONEY.finditer(standalone):
        if not _supported(_money_value(found.group(1), found.group(2)), others):
            return True
    return False


def _without_estimates(results: list[Any]) -> list[Any]:
    return [{k: v for k, v in r.items() if k != "estimate"} if isinstance(r, dict) else r for r in results]


def _supported(price: float, known: set[float]) -> bool:
    """A price is the same as a known one when rounded as texts round them ($452k for 452,300)."""
    return price in known or any(abs(price - k) <= max(MONEY_TOLERANCE * k, 0.5) for k in known)


def _numbers_in(values: Iterable[Any]) -> Iterator[float]:
    for value in values:
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int | float):
            yield float(value)
        elif isinstance(value, str):
            yield from figures(value)
            yield from (float(part) for part in re.findall(r"\d+", value))  # dates, keys, addresses
        elif isinstance(value, dict):
            yield from _numbers_in(value.values())
        elif isinstance(value, list | tuple):
            yield from _numbers_in(value)
        else:
            yield from _numbers_in([str(value)])


def _money_value(number: str, unit: str | None) -> float:
    value = float(number.replace(",", ""))
    scale = {"k": 1e3, "m": 1e6, "mil": 1e3, "million": 1e6, "millones": 1e6, "millón": 1e6}
    return value * scale.get((unit or "").lower(), 1.0)


def _plain(number: str) -> float | None:
    cleaned = number.rstrip(",").replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        return None
