"""The intent of an inbound lead message, with a confidence.

Taxonomy (exactly): `buyer_intent`, `seller_intent`, `information_seeking`, `opt_out`,
`human_request`. Weighted phrase rules in English and Spanish over normalised text (shorthand and
typos expanded, accents folded). Opt-out and human-request rules win outright: missing a STOP is a
TCPA violation, missing a request for a person loses the lead. Otherwise the best-scoring intent
wins, and confidence reflects how far ahead it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ehub.conversation.text import normalise

INTENTS = ("buyer_intent", "seller_intent", "information_seeking", "opt_out", "human_request")
MODEL_VERSION = "rules-2026.11"

# Carrier keywords (CTIA) and TCPA "any reasonable means" phrasings.
OPT_OUT_KEYWORDS = frozenset(
    {
        "stop",
        "stopall",
        "unsubscribe",
        "cancel",
        "end",
        "quit",
        "revoke",
        "opt out",
        "optout",
        "stop please",
        "please stop",
        "alto",
        "baja",
    }
)
OPT_IN_KEYWORDS = frozenset({"start", "unstop", "yes start", "subscribe"})
_OPT_OUT = (
    r"stop (texting|messaging|contacting|sending|calling)",
    r"remove (me|my (number|phone|email))",
    r"(take|delete) me off",
    r"do not (text|contact|message|call) me",
    r"unsubscribe",
    r"opt(-| )?out",
    r"leave me alone",
    r"no (more )?(texts|messages)",
    r"(dejen?|deja) de (escribir|mandar|enviar)",
    r"no (me )?(escriban|manden|envien) mas",
    r"no mas mensajes",
    r"lose my number",
)
_HUMAN = (
    r"real (person|human|agent)",
    r"(talk|speak|chat) (to|with) (a |an |the |someone|somebody|a live)",
    r"\bhuman\b",
    r"(agent|realtor|someone|somebody) (call|text|contact) me",
    r"have (an|the|your) agent",
    r"is this a (bot|robot|machine|computer)",
    r"are you (a )?(bot|robot|real|human|ai)",
    r"representative",
    r"call me\b",
    r"(hablar|platicar) con (una persona|alguien|un agente)",
    r"persona real",
    r"un agente",
)
_WEIGHTED: dict[str, tuple[tuple[str, float], ...]] = {
    "seller_intent": (
        (r"\bsell(ing)?\b", 3.0),
        (r"(what ?i?s|how much (is|would)) my (house|home|condo|place)", 3.5),
        (r"(house|home|property) (worth|value)", 3.0),
        (r"home valuation|\bcma\b|comps", 2.5),
        (r"list(ing)? my (house|home|condo|property)", 3.0),
        (r"put (my|the) (house|home) on the market", 3.0),
        (r"\bvender\b|\bvendo\b|cuanto vale", 3.5),
        (r"my (house|home|condo)", 1.0),
        (r"downsiz", 1.5),
        (r"relocating (out|away)|moving out of (austin|state)", 1.5),
    ),
    "buyer_intent": (
        (r"\bbuy(ing)?\b|\bpurchase\b", 3.0),
        (r"looking for (a|an|my)? ?(\d|house|home|condo|townhome|place)", 3.0),
        (r"\d+ ?bedrooms?", 2.0),
        (r"\bbudget\b|\bunder \$?\d|\$?\d+(\.\d+)?\s?(k|m)\b", 1.5),
        (r"pre-approved|pre-approval|mortgage|cash buyer|paying cash", 1.5),
        (r"(tour|showing|see (it|the house|this one|that one)|schedule a visit)", 2.0),
        (r"\bbusco\b|\bcomprar\b|recamaras|\bcasa en\b", 3.0),
        (r"first[- ]time (home ?)?buyer", 3.0),
        (r"\binvest(or|ment|ing)?\b|rental|cap rates?|duplex", 2.0),
        (r"relocat", 1.5),
        (r"move to austin", 2.0),
        (r"listing|still available", 1.5),
    ),
    "information_seeking": (
        (r"\?", 1.0),
        (r"\b(hoa|tax(es)?|schools?|school district|commute|flood|insurance)\b", 2.0),
        (r"\b(how|what|when|where|which|why)\b", 1.0),
        (r"market (update|trends?|report)|interest rates?", 2.0),
        (r"\b(process|closing costs|fees|inspection|appraisal)\b", 1.5),
        (r"\bcuanto(s)?\b|\bque\b|\bcomo\b", 1.0),
        (r"just (browsing|curious|looking around)", 2.0),
    ),
}
_COMPILED_OPT_OUT = re.compile("|".join(_OPT_OUT))
_COMPILED_HUMAN = re.compile("|".join(_HUMAN))
_COMPILED_WEIGHTED = {intent: tuple((re.compile(p), w) for p, w in rules) for intent, rules in _WEIGHTED.items()}
_NEGATED_BUY = re.compile(r"\bnot (looking to )?(buy|buying|purchase)\b|\bno (longer )?(looking|interested)\b")
_NEGATED_SELL = re.compile(r"\bnot (looking to )?(sell|selling)\b|\bno (voy a|quiero) vender\b")


@dataclass(frozen=True)
class Intent:
    intent: str
    confidence: float


def is_opt_out(text: str) -> bool:
    bare = normalise(text).strip(" .!")
    return bare in OPT_OUT_KEYWORDS or bool(_COMPILED_OPT_OUT.search(bare))


def is_opt_in(text: str) -> bool:
    return normalise(text).strip(" .!") in OPT_IN_KEYWORDS


def classify(text: str) -> Intent:
    """The intent of one inbound message."""
    clean = normalise(text)
    if is_opt_out(text):
        return Intent("opt_out", 0.99 if clean.strip(" .!") in OPT_OUT_KEYWORDS else 0.93)
    if _COMPILED_HUMAN.search(clean):
        return Intent("human_request", 0.92)
    scores = {
        intent: sum(w for pattern, w in rules if pattern.search(clean)) for intent, rules in _COMPILED_WEIGHTED.items()
    }
    if _NEGATED_BUY.search(clean):
        scores["buyer_intent"] = 0.0
    if _NEGATED_SELL.search(clean):
        scores["seller_intent"] = 0.0
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top == 0:
        return Intent("information_seeking", 0.4)
    confidence = 0.5 + 0.5 * (top - second) / (top + 1.0)
    return Intent(best, round(min(0.97, confidence), 2))
