"""The intent of an inbound lead message, with a confidence.

Taxonomy (exactly): `buyer_intent`, `seller_intent`, `information_seeking`, `opt_out`,
`human_request`. Weighted phrase rules in English and Spanish over normalised text (see
`ehub.conversation.text`: one normalisation, before any rule, that folds fancy and invisible
characters, spelled-out and stretched words, shorthand and accents). Opt-out and human-request
rules win outright: missing a STOP is a TCPA violation, missing a request for a person loses the
lead. Otherwise the best-scoring intent wins, and confidence reflects how far ahead it is.

Opt-out (TCPA; the FCC's 2025 rule lets a consumer revoke consent by any reasonable means, and an
opt-out anywhere in a message counts). A message opts out when any of these holds:

1. It says so in an explicit phrase: "stop texting me", "remove my number", "take me off your
   list", "do not text me", "no more messages", "cancel these texts", "quit sending me houses",
   "wrong number", "dejen de escribirme", "no me manden más mensajes", "dar de baja"...
2. It contains a strong keyword as a word, anywhere: stop, stopall, unsubscribe, unsub, revoke,
   opt out / optout / opt-out, and Spanish alto, baja. The only exceptions are collocations that
   use the word in another sense, listed narrowly in `_OTHER_SENSES`: "stop by/in/over", "stop
   sign/light", "stop renting", "bus/last/next/pit/rest/truck stop", "one-stop", "non-stop",
   "can't/couldn't stop", "muy alto", "precio alto", "planta baja", "baja el precio", "Palo Alto".
   An exception covers only its own occurrence: "can we stop by saturday? and stop texting me"
   opts out, and so does "I can't stop these texts" (a phrase, rule 1).
3. It is a weak keyword (cancel, end, quit, remove, cancelar, basta) with nothing else but filler
   words ("please", "now", "thanks", "ok", "all", "it", "not interested", "ya", "por favor"...):
   "END", "Cancel please", "quit it". Elsewhere these words mostly mean something else ("cancel my
   showing", "by the end of March"), so in a longer message they opt out only through a phrase.

A spelled-out, stretched or decorated keyword ("S T O P", "s.t.o.p", "STOPPP", "𝐒𝐓𝐎𝐏", zero-width
characters between the letters) is already plain "stop" when these rules run (see `normalise`).

START, UNSTOP, SUBSCRIBE (with only polite filler: "yes start please") opt back in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ehub.conversation.text import normalise

INTENTS = ("buyer_intent", "seller_intent", "information_seeking", "opt_out", "human_request")
MODEL_VERSION = "rules-2026.12"

# Carrier keywords (CTIA), the FCC's per-se revocation words, and their Spanish counterparts.
STRONG_OPT_OUT_KEYWORDS = frozenset({"stop", "stopall", "unsubscribe", "unsub", "revoke", "optout", "alto", "baja"})
WEAK_OPT_OUT_KEYWORDS = frozenset({"cancel", "end", "quit", "remove", "cancelar", "basta"})
OPT_IN_KEYWORDS = frozenset({"start", "unstop", "subscribe"})
# Words that leave a weak keyword a bare command ("cancel please", "not interested. END").
_OPT_OUT_FILLER = frozenset(
    {"please", "now", "right", "thanks", "thank", "you", "ok", "okay", "all", "it", "this", "that", "me", "lol"}
    | {"just", "already", "yes", "no", "nope", "not", "interested", "i", "said", "asked", "everything"}
    | {"por", "favor", "ya", "gracias", "si"}
)
_OPT_IN_FILLER = frozenset(
    {"please", "yes", "ok", "okay", "again", "now", "thanks", "thank", "you", "si", "por", "favor"}
)
_CONTACT = (
    r"(texts?|txts?|messages?|msgs?|sms|notifications?|alerts?|subscriptions?|communications?|calls|emails|"
    r"mensajes|textos)"
)
_CONTACTING = (
    r"(texting|txting|messaging|contacting|sending|calling|emailing|bothering|bugging|spamming|harassing|"
    r"reaching out|hitting me up)"
)
_OPT_OUT = (
    rf"\b(stop|quit|cancel|end|cancelar|parar)( (all|the|these|this|those|your|my|any|of)){{0,2}} {_CONTACT}\b",
    rf"\b(stop|quit|cancel|end) ((the|these|your|me) )?{_CONTACTING}",
    rf"\benough( with)? ((all|the|these|your) )?{_CONTACT}\b",
    r"\bstop getting",
    r"\bremove (me|us|my (number|phone|email|info)|(this|the) number)\b",
    r"\b(take|delete) (me|us|my (number|phone|info)) (off|from)\b",
    r"\btake (me|us|my number|this number) off\b",
    r"\bdelete my (number|info|information|data|contact)\b",
    r"\b(do not|never) (text|txt|contact|message|call|email)(ing)? (me|us|this number)\b",
    r"opt(-| )?out|opt (me|us) out",
    r"leave me alone",
    r"no (more )?(texts|messages|txts)",
    r"lose my number",
    r"never signed up",
    r"(do not|don'?t) want (these|your|any more|any) (messages|texts)",
    r"\bwrong (number|person)\b",
    r"off (your|this) (list|database|system)|from (your|this) (list|database|system|contacts)",
    r"get (me |us )?off (the|this|your) list",
    r"(dejen?|deja) de (escribir|mandar|enviar|llamar|contactar|textear|texting|mensajear)",
    r"no (me |nos )?(escriban|manden|envien|mandar|enviar|escribir)( mas)? (mensajes|textos|texts|messages)",
    r"no (me |nos )?(escriban|manden|envien|mandar|enviar) mas",
    r"no (me|nos) (escriban|contacten|llamen|vuelvan a)",
    r"no quiero que me (contacten|escriban|llamen|manden|envien)",
    r"no (mas|quiero (recibir )?(mas )?) ?(mensajes|textos)",
    r"\b(quiten|borren|eliminen|saquen)(me|nos| mi numero)\b",
    r"numero equivocado|equivocaron de numero",
    r"\bde baja\b",
)
# Strong keywords used in another sense; each masks only its own occurrence.
_OTHER_SENSES = (
    r"stop (by|in|over|sign|signs|light|lights|renting|paying rent)",
    r"(bus|last|next|first|pit|rest|truck|train|one|non)[- ]stop",
    r"(can not|cannot|could not|couldn't) stop",
    r"(muy|mas|menos|tan|es|esta|un|lo|palo|precio|techo|piso|nivel|tasa|planta|temporada) (alto|baja)",
    r"(?<!de )(alto|baja) (riesgo|nivel|precio|valor|costo|california|el|la|los|las|mucho|de precio)",
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
        (r"(?<!\d)\d++ ?(bedrooms?|br|bd|beds?)\b", 2.0),
        (r"\bbudget\b|\bunder \$?\d|(?<![\d.])\d++(\.\d++)?\s?(k|m)\b", 1.5),
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
_COMPILED_OTHER_SENSES = re.compile(r"\b(?:" + "|".join(_OTHER_SENSES) + r")\b")
_STRONG = re.compile(r"\b(?:" + "|".join(sorted(STRONG_OPT_OUT_KEYWORDS)) + r")\b")
_WORDS = re.compile(r"[a-z0-9']+")
_OPT_OUT_WORDS = re.compile(r"\bopt[- ]out\b")
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


def _words(clean: str) -> list[str]:
    return _WORDS.findall(_OPT_OUT_WORDS.sub("optout", clean))


def _only(words: list[str], keywords: frozenset[str], filler: frozenset[str]) -> bool:
    """True when the message is one of `keywords`, give or take `filler` ("STOP please", "END!")."""
    present = set(words)
    return bool(present & keywords) and present <= keywords | filler


def _opts_out(clean: str) -> bool:
    if _COMPILED_OPT_OUT.search(clean):
        return True
    if _STRONG.search(_COMPILED_OTHER_SENSES.sub(" ", clean)):
        return True
    return _only(_words(clean), WEAK_OPT_OUT_KEYWORDS, _OPT_OUT_FILLER)


def is_opt_out(text: str) -> bool:
    """Whether the message revokes consent to automated texts (the rule is in the module docstring)."""
    return _opts_out(normalise(text))


def is_opt_in(text: str) -> bool:
    """START, UNSTOP or SUBSCRIBE, give or take polite filler ("yes start please")."""
    return _only(_words(normalise(text)), OPT_IN_KEYWORDS, _OPT_IN_FILLER)


def classify(text: str) -> Intent:
    """The intent of one inbound message."""
    clean = normalise(text)
    if _opts_out(clean):
        keywords = STRONG_OPT_OUT_KEYWORDS | WEAK_OPT_OUT_KEYWORDS
        return Intent("opt_out", 0.99 if _only(_words(clean), keywords, _OPT_OUT_FILLER) else 0.93)
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
