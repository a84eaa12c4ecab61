"""What a lead's words say about readiness and urgency, in English and Spanish, negation-aware.

- financing: pre-approved ("approved for 475", "lender says I'm good for 1.1mm", "preaprobado",
  "tengo la carta del banco") or cash ("proof of funds", "de contado"), and not pre-approved
  ("pre-qualified, not pre-approved", "haven't talked to a lender", "no he ido al banco");
- an agent already, or none ("no tengo agente");
- a request to see or meet ("can we tour Saturday", "¿la puedo ver mañana?", "can you come by"),
  and a seller's request to list ("list it this week", "ponerla en venta", "can you relist it?");
- urgency: "ready to make an offer", "today/tomorrow", "cash, close in 30 days", "need to move by",
  "ASAP", "lo antes posible";
- what holds a lead back: selling first, a visa, credit, saving for the down payment, waiting;
- a move for work ("accepted a job at Apple").

Each reader is a handful of linear patterns over normalised text (bounded repetitions only).
"""

from __future__ import annotations

from ehub.conversation.negation import NOT, phrases, unnegated
from ehub.conversation.signals import NOT_SELL

_WEEKDAY = (
    "(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|miercoles|jueves|viernes|sabado|domingo)"
)
_PRE_APPROVED = phrases(
    "pre-?approv(?:ed|al)", "pre-?aprobad[oa]s?", "pre-?aprobacion", "aprobad[oa]s? (?:por|para|con|del)",
    "(?:already|we are|we're|i am|got|been|just|loan (?:is |was )?) (?:pre-?)?approved\\b",
    "(?:ya )?(?:estoy|estamos) (?:pre-?)?aprobad[oa]s?\\b",
    "approved (?:\\w+ ){0,4}(?:for|up to|at|por) \\$?\\d", "(?:me|nos|les) aprobaron", "green light",
    "ya (?:tengo|tenemos) (?:el )?credito", "conditionally approved", "(?:mortgage|loan) is (?:approved|ready)",
    "approved \\$?\\d", "approved us", "approved!",
    "credito aprobado", "prestamo (?:\\w+ ){0,2}aprobado", "aprobacion del banco", "carta del banco",
    "carta de (?:pre-?)?aprobacion", "lender (?:says|said) (?:i am|we are|we're) good", "lender is ready",
    "approval letter", "(?:usda|fha|va|conventional|dscr) (?:loan )?(?:pre-?)?approved", "\\d+k? (?:\\w+ )?aprobad[oa]",
    "(?:loan|mortgage) approval", "approval (?:for|of|up to) \\$?\\d", "signed off on (?:us|me)", "underwritten",
    "hard money", "financing (?:is )?(?:approved|in place|lined up|secured|ready|done)",
)  # fmt: skip
# An introduction to a lender asked for: "connect us with a lender", "¿conocen algún prestamista?".
_LENDER_ASKED = (
    "(?:connect|put|hook|set|introduce) (?:me|us) (?:up )?(?:with|in touch with|to) (?:a |an |your |one of your )?"
    "(?:good |trusted |preferred )?(?:lender|loan officer|mortgage)",
    "(?:recommend|suggest|know) (?:a |an |any )?(?:good |trusted )?"
    "(?:lenders?|loan officers?|mortgage (?:broker|lender)s?)",
    "(?:recomienda|recomiendan|recomendar|conocen?) (?:a )?(?:un|algun) (?:banco|prestamista|lender)",
    "(?:presente|presenten|conecte|conecten|pongan?) (?:me|nos|en contacto con) (?:con )?(?:un|algun) "
    "(?:banco|prestamista|lender)",
)
_LENDER_REQUEST = phrases(*_LENDER_ASKED)
_NOT_APPROVED = phrases(
    rf"{NOT} (?:\w+ ){{0,2}}(?:pre-?approv|approved|talked to a lender|applied|gotten pre|started the loan|"
    "done anything with a lender|gone to the bank)",
    "(?:i am|we are|we're|just|only|estamos|estoy) (?:\\w+ )?(?:pre-?qualified|precalificad)",
    "not (?:yet )?pre-?approved", "need (?:a |to get )?(?:pre-?approval|pre-?approved|lender)",
    "haven't (?:\\w+ ){0,3}lender", "no (?:lender|pre-?approval)(?: yet)?\\b(?! needed| required)",
    "no (?:he|hemos) (?:ido al banco|sacado la pre|aplicado)",
    "no (?:tengo|tenemos) (?:la )?(?:pre-?)?aprobacion", "todavia no tengo aprobacion", "sin (?:pre-?)?aprobacion",
    "eligible but",
    # pre-approval still to come: "connect us with a lender so we can get pre-approved", "para preaprobarnos"
    "(?:(?:need|want|like|trying|hoping|planning|going|ready) to|can (?:we|i)|could (?:we|i)|so (?:we|i) can|gonna|"
    "help (?:me|us)) (?:get |become |be )?pre-?approved",
    "(?:help (?:me |us )?|need (?:help )?|want (?:help )?)(?:with )?getting pre-?approved",
    *_LENDER_ASKED,
    "para (?:poder )?(?:pre-?)?aprobar(?:me|nos)", "(?:sacar|obtener|conseguir) (?:la |una )?(?:pre-?)?aprobacion",
    # no idea yet what a lender would do: "idk anything about loans", "no sabemos cuánto nos prestan"
    "(?:do not know|no idea|clueless|know nothing)(?: anything| much| a thing)? (?:about|on|with) "
    "(?:loans?|mortgages?|financing|lenders?|pre-?approvals?|getting (?:a )?(?:loan|mortgage))\\b",
    "no (?:se|sabe|sabemos) (?:\\w+ ){0,2}?(?:cuanto (?:me|nos) (?:prestan|prestarian|aprueban|aprobarian|dan)"
    "|(?:de|sobre) (?:prestamos|hipotecas|creditos|financiamiento))",
)  # fmt: skip
_CASH = phrases(
    "(?:all |in |with |paying |pay |pago |pagar )?cash(?! flow| out| back| offer for| for (?:my|our)|\\?)",
    "proof of funds", "en efectivo", "de contado", "no (?:loan|mortgage) needed",
    "(?:tengo|tenemos) (?:todo )?el dinero", "have (?:all )?the (?:money|funds|cash)",
)  # fmt: skip
_NOT_CASH = phrases(rf"{NOT} (?:\w+ ){{0,2}}(?:paying |pay |all )?cash", "cash flow")
_HAS_AGENT = phrases(
    "(?:already|currently) (?:have|working with|with|got) (?:an? |another |my )?(?:agent|realtor)",
    "(?:working|went|signed|go(?:ing)?) with (?:an?other |an? |my )?(?:agent|realtor|brokerage|company)",
    "(?:have|got) (?:an? |my )(?:agent|realtor)", "my (?:agent|realtor) (?:is|says|said|will)",
    "ya tengo (?:un )?agente",
)  # fmt: skip
_NO_AGENT = phrases(
    rf"(?:{NOT}|without) (?:\w+ )?(?:an? |my )?(?:agent|realtor)", "no (?:agent|realtor)", "no tengo (?:un )?agente",
    "sin agente", "not working with (?:an? |any )?(?:agent|realtor)",
)  # fmt: skip
_SHOWING = phrases(
    "tour", "touring", "showings?", "show (?:me|us)", "walk (?:it|through)", "walk-?throughs?", "house hunting",
    "go see", "send someone", "(?:an|the|your) agent (?:\\w+ )?(?:come|go) (?:do|look|see|by|out)",
    "see (?:it|them|this|that|some|a few|homes|houses|stuff|what)",
    "see the (?:house|home|one|inside|place|row homes|condo|listing|property)", "look at (?:it|some|a few|homes)",
    "can (?:we|i) (?:look|see|go see|come see)", "come (?:see|look|by|over|out)",
    "(?:when|can) (?:can )?you (?:come|meet)",
    "meet (?:us|me|with|you|next|this)", "listing appointment",
    f"(?:{_WEEKDAY[3:-1]}|weekend|tomorrow|morning|afternoon) (?:works|is good|ok)",
    "ver (?:casas|la casa|la|algunas|opciones)", "verla", "ensen\\w+ casas", "recorridos?",
    "(?:puede|pueden|podemos|puedo) (?:venir|ver|visitar)", "la puedo ver", "visitar", "schedule", "book a",
)  # fmt: skip
_NOT_SHOWING = phrases(rf"{NOT} (?:\w+ )?(?:tour|see|showing|visit|ready to see|want to see)")
_LISTING = phrases(
    "list (?:it|my|our|the|her|his|with an agent|this|next|asap|immediately|right away)", "relist", "get it listed",
    "need it listed", "want it listed", "listed (?:this|by|in|within|the next)", "ready to list",
    "take (?:the )?(?:photos|pictures)", "a la venta", "(?:need|looking for|hire) (?:a |an )?listing agent",
    "hire (?:an? )?(?:agent|realtor)",
    "on the market (?:within|by|this|before|asap)", "put it on the market", "go live", "poner(?:la|lo)? en venta",
    "sign with", "listing (?:appointment|agreement)", "come (?:see|look at|by) (?:it|the house|la casa)",
    "(?:venir|ven) a verla",
    "(?:talk|talking|meet|hablar) (?:about|de|sobre) (?:listing|selling|listarla|ponerla en venta)",
    "(?:want|wanna|need|like|hoping|ready) to list (?:in|within|by|this|next|before|soon)\\b",
)  # fmt: skip
_HYPOTHETICAL = phrases("(?:if|when|before|once) (?:we|i|you) (?:list|sell|decide)", "how long does", "what should we")
_URGENT = phrases(
    "as soon as possible", "asap", "me urge", "right away", "ready to (?:buy|move forward|go|pull the trigger)",
    "immediately", "urgent", "lo antes posible", "cuanto antes",
    "de inmediato", "move fast", "moving fast", "quickly", "quick sale",
    "(?:sell|sold|list|move|close|buy) (?:\\w+ ){0,4}(?:quick|fast\\b)",
    "fast as", "how (?:fast|quickly|soon) (?:can|could|will|would) (?:you|we|i|it|y'all)", "close fast",
    "(?:list|sell) (?:\\w+ ){0,4}now\\b", "whenever you(?:'re| are) ready",
    "today", "tonight", "tomorrow", "tmrw", "tmr", "hoy", "manana", "this (?:week|weekend|wk)", "next (?:week|weekend)",
    "esta semana", "este (?:fin|weekend)", f"{_WEEKDAY}\\b(?!s)",
    "(?:ready to|want to|will|i'll|we'll) (?:make an |write an |put in an )?offer", "make an offer", "write an offer",
    "offer (?:today|tomorrow|that weekend)", "ready to list", "close (?:in|within) \\d+ (?:days|weeks)",
    "can close (?:in|within|en) ", "cerrar en \\d+",
    "need (?:to (?:move|sell|buy|be in|be out|list)|a (?:house|home|place)|something|somewhere|it listed)"
    "(?: \\w+){0,4} by\\b",
    "(?:have|has) to be out", "tengo que salir(?:me)?", "tenemos que (?:mudarnos|salir)",
    "nos tenemos que (?:mudar|salir)", "notice of sale",
    "days? notice", "lease is up (?:at the end of|next)", "in town (?:until|through)",
)  # fmt: skip
_NOT_URGENT = phrases(
    "no rush",
    "not in a (?:rush|hurry)",
    "no hurry",
    "no tengo prisa",
    "sin prisa",
    "start looking",
    # the market's pace asked about: "how quickly are houses selling in Leander?"
    "how (?:fast|quickly) (?:are|do|did|have|were) (?:the )?(?:homes|houses|properties|condos|townhomes|listings"
    "|things)",
)
_CONTINGENCIES = (
    ("sell_first", phrases(
        "sell (?:\\w+ ){0,4}first", "before we can buy", "(?:haven't|hasn't|have not|not yet) (?:sold|listed)",
        "(?:isn't|is not|not) listed yet", "vender (?:\\w+ ){0,4}primero",
        "primero (?:\\w+ )?(?:tenemos|tengo) que vender",
        "todavia no la ponemos en venta", "once we sell", "after we sell", "contingent on")),
    ("visa", phrases("visa\\b", "h-?1b", "green card", "work permit", "residencia\\b")),
    ("credit", phrases(
        "credit (?:is|score is) (?:\\w+ ){0,3}(?:rough|bad|low|[3-6]\\d\\d)", "bad credit", "fix (?:my|our) credit",
        "arreglar (?:mi|nuestro) credito", "working on (?:my |our )?credit", "no credit")),
    ("saving", phrases(
        "(?:still )?saving (?:up )?for", "juntando para", "juntar (?:mas )?para", "ahorrando para",
        "(?:until|once) (?:my|his|her|our) bonus", "bonus pays out")),
    ("waiting", phrases(
        "waiting (?:on|for|to see|until)", "wait (?:until|to see|for)", "vamos a esperar", "esperando", "depends on",
        "depende de", "on the fence", "(?:not sure|no sabemos) (?:yet )?(?:if|whether)", "won't be able to buy until",
        "can not buy until", "have to decide", "still deciding",
        # an event to get through first: "once the divorce is done", "cuando se termine el divorcio"
        "(?:once|after|when) (?:the|our|my) (?:\\w+ ){1,2}(?:is|are|gets?) "
        "(?:done|final|finalized|over|through|settled|closed)",
        "(?:cuando|despues de que) (?:se )?(?:termine|finalice|resuelva|cierre) (?:el|la|lo)")),
)  # fmt: skip


def asks_for_lender(text: str) -> bool:
    """'can u connect me w a lender', 'do you know a good loan officer?': an introduction, not a handoff."""
    return bool(_LENDER_REQUEST.search(text))


def financing(text: str) -> str | None:
    if _NOT_APPROVED.search(text):
        return "not_pre_approved"
    if _PRE_APPROVED.search(text):
        return "pre_approved"
    if _CASH.search(text) and not _NOT_CASH.search(text):
        return "cash"
    return None


def has_agent(text: str) -> bool | None:
    if _NO_AGENT.search(text):
        return False
    if _HAS_AGENT.search(text):
        return True
    return None


# A move for work has a start date behind it, said or not: "accepted a job at Apple", "transferred to Austin".
_JOB_MOVE = phrases(
    "accepted (?:a|an|the) (?:\\w+ ){0,2}(?:job|position|offer|role)",
    "new (?:job|position|role)",
    "job offer",
    "(?:got|took|landed) (?:a|an|the) (?:\\w+ ){0,2}(?:job|position|role)",
    "relocat\\w* for (?:work|a job|my job|the job)",
    "(?:transferred|transferring|being transferred) (?:to|here)",
    "starting (?:a|my|the) (?:new )?(?:job|position|role)",
    "nuevo trabajo",
    "oferta de trabajo",
    "me (?:transfirieron|trasladaron)",
    "por trabajo",
)


def moving_for_work(text: str) -> bool:
    return bool(_JOB_MOVE.search(text))


def wants_appointment(text: str) -> bool:
    return bool(_SHOWING.search(text)) and not _NOT_SHOWING.search(text)


def wants_listing(text: str) -> bool:
    return bool(_LISTING.search(text)) and not NOT_SELL.search(text) and not _HYPOTHETICAL.search(text)


def urgent(text: str) -> bool:
    return bool(_URGENT.search(text)) and not _NOT_URGENT.search(text)


def contingency(text: str) -> str | None:
    """What the lead waits on first; "we don't need to sell first" waits on nothing."""
    return next((name for name, pattern in _CONTINGENCIES if unnegated(pattern, text)), None)
