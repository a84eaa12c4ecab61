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
    r"stop (texting|txting|messaging|contacting|sending|calling|getting)",
    r"remove (me|my (number|phone|email))",
    r"(take|delete) (me|my (number|phone|info)) (off|from)",
    r"take my number off",
    r"delete my number",
    r"do not (text|contact|message|call) me",
    r"unsubscribe",
    r"opt(-| )?out",
    r"quit (texting|txting|messaging)",
    r"leave me alone",
    r"no (more )?(texts|messages)",
    r"(dejen?|deja) de (escribir|mandar|enviar)",
    r"no (me )?(escriban|manden|envien) mas",
    r"no mas mensajes",
    r"lose my number",
    r"never signed up",
    r"remove (this|the) number",
    r"(do not|don'?t) want (these|your|any more) (messages|texts)",
    r"opt me out",
)
_HUMAN = (
    r"(real|actual) (person|human|agent)",
    r"(talk|speak|chat) (to|with) (a |an |the |your |someone|somebody|a live)",
    r"(talk|speak) to (agent|broker|realtor|someone)",
    r"\bhuman\b",
    r"live person",
    r"(agent|realtor|someone|somebody|broker) (call|text|contact|reach out to) me",
    r"(agent|realtor) reach out",
    r"have (an|the|your) agent",
    r"connect me (with|to)",
    r"put me in touch",
    r"call from (an|your|the) agent",
    r"phone call",
    r"is this (a |an )?(bot|robot|machine|computer|automated|ai|chatbot)",
    r"are you (a |an )?(bot|robot|real|human|ai|chatbot)",
    r"who am i talking to",
    r"representative",
    r"call me\b",
    r"(hablar|platicar) con (una persona|alguien|un agente)",
    r"persona real",
    r"un agente",
    r"agente me llame",
)
_WEIGHTED: dict[str, tuple[tuple[str, float], ...]] = {
    "seller_intent": (
        (r"\bsell(ing)?\b", 2.0),
        (r"\bsell (my|our|the|a) (house|home|condo|place|property|townhouse|rental)", 2.0),
        (r"(want|need|have|plan|planning|thinking( about| of)?|looking) (to )?sell", 2.0),
        (r"(what ?i?s|how much (is|would|could|can)) my (house|home|condo|place)", 3.5),
        (r"(house|home|property|home'?s) (worth|value)", 3.0),
        (r"value of (my|our)", 3.0),
        (r"home valuation|\bcma\b|appraised|price estimate|estimate what", 2.5),
        (r"(how much|what) (could|would|can) (i|we) (get|net)", 3.0),
        (r"(homes|houses) like (mine|ours)", 3.0),
        (r"\blist(ing)? (my|our) \w+|(plan|planning|want|going) to list", 3.0),
        (r"put (my|our|the) (house|home) on the market", 3.0),
        (r"listing agent|before (listing|selling)|for sellers|be sold|go for\b", 2.5),
        (r"\bvender\b|\bvendo\b|cuanto vale|para vender", 3.5),
        (r"(my|our) (house|home|condo|place|property)", 1.5),
        (r"downsiz", 1.5),
        (r"relocating (out|away)|moving out of (austin|state)", 1.5),
    ),
    "buyer_intent": (
        (r"\bbuy(ing)?\b|\bpurchase\b|\bbuyer\b", 3.0),
        (
            r"(looking|hunting|need|want|searching|find me|show me|send me|shopping)( for| 4)? (a |an |some |any |my )?"
            r"(\d|house|home|homes|place|condo|condos|townhome|townhouse|townhouses|something|property|acreage|"
            r"listings|starter|luxury|rental|vacation)",
            3.0,
        ),
        (r"\d+ ?(bedrooms?|br|bd|beds?)\b", 2.0),
        (r"\bbudget\b|\bunder \$?\d|\$?\d+(\.\d+)?\s?(k|m)\b", 1.5),
        (r"pre-approved|pre-approval|mortgage|cash buyer|paying cash|lender", 1.5),
        (r"(tour|showing|see (it|the|some|a|this|that|homes|houses|condos)|visit the|schedule a visit)", 2.0),
        (r"for sale|on the market|still (available|listed|for sale|on the market)|listing", 2.0),
        (r"\bbusco\b|\bcomprar\b|recamaras|\bcasa en\b|buscando casa|casas en venta|ver casas|departamento", 3.0),
        (r"first[- ]time (home ?)?buyer", 3.0),
        (r"\binvest(or|ment|ing)?\b|rental|cap rates?|duplex", 2.0),
        (r"relocat|moving to (austin|town|the area)|move to austin", 2.0),
        (r"\b78\d{3}\b", 1.0),
        (r"with (a |an )?(pool|yard|garage|backyard|casita|home office)|fixer|(bigger|larger) (home|house)", 2.0),
        (r"\ba house\b|\ba home\b", 1.0),
    ),
    "information_seeking": (
        (r"\?", 1.0),
        (r"\b(hoa|tax(es)?|schools?|school district|commute|flood|insurance|seguro|impuestos)\b", 2.0),
        (r"\b(how|what|when|where|which|why)\b", 1.0),
        (r"market (update|trends?|report)|interest rates?", 2.0),
        (r"\b(process|programs?|guides?|closing costs|fees|inspection|appraisal|escrow|warranty|cost)\b", 2.5),
        (r"\bcuanto(s)?\b|\bque\b|\bcomo\b", 1.0),
        (r"just (browsing|curious|looking around)", 2.0),
        (r"(homes|houses|prices) (are )?(selling|sell)|how fast|per square foot|median|average", 2.5),
    ),
}
_COMPILED_OPT_OUT = re.compile("|".join(_OPT_OUT))
_COMPILED_HUMAN = re.compile("|".join(_HUMAN))
_COMPILED_WEIGHTED = {intent: tuple((re.compile(p), w) for p, w in rules) for intent, rules in _WEIGHTED.items()}
_NEGATED_BUY = re.compile(
    r"\bnot (looking to |interested in )?(buy|buying|purchase)\b|\bno (longer )?(looking|interested)\b"
)
_NEGATED_SELL = re.compile(r"\bnot (looking to |interested in )?(sell|selling)\b|\bno (voy a|quiero) vender\b")


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
