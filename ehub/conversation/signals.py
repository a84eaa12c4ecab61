"""Whether a lead means to buy or sell their own home, in English and Spanish, negation-aware.

- plan: buying or selling their own home ("we want to buy", "busco casa", "need to sell my
  condo", "what's my house worth", "it has to be sold") and not "not selling, just curious", "no
  vendo nada", "my landlord is selling"; a sale already done ("our house just sold") is none to come;
  a move away ("nos mudamos a San Antonio") or someone coming to see the house is no plan to buy here;
- who is not a lead for a sale: renters, vendors, people not in the market.

Readiness and urgency (financing, an agent, requests to see or list, what holds a lead back) are in
`readiness`. Each reader is a handful of linear patterns over normalised text (bounded repetitions only).
"""

from __future__ import annotations

from ehub.conversation.address import find_address
from ehub.conversation.areas import find_places
from ehub.conversation.negation import NOT, phrases, unnegated
from ehub.patterns import compiled

_SELL = phrases(
    "sell\\b", "selling", "listing agent", "vender", "venderla", "venderlo", "vendemos", "vendo", "relist", "downsiz",
    "listing (?:appointment|agreement|price|our|my|the|it|her|his)",
    "list (?:it|my|our|the|her|his|with|a|in|after)\\b",
    "(?:want|wanna|ready|plan|planning|going|need|hoping|like) to list", "thinking (?:of|about) listing",
    "(?:we'd|i'd|we'll|i'll|would|will|probably|likely|gonna) list\\b",
    "(?:would|could|can|will) you list", "get it listed", "need it listed", "listed (?:this|by|in|within|the)",
    "(?:on|to) the market", "poner(?:la|lo)? (?:en|a la) venta", "en venta", "a la venta",
    "what(?:'s| is| would|s) my (?:house|home|condo|place|property)", "(?:comps|cma|valuation) (?:on|for|of) my",
    "how much (?:could|would|can|will) (?:i|we) (?:get|net)", "cuanto vale mi", "cuanto valdria",
    "what (?:my|our) .{1,30} (?:worth|list for|go for)",
    # the passive: "the house needs to be sold", "we'd like it sold by June", "get it sold"
    "(?:needs?|has|have|had) to be sold",
    "(?:want|need|like|get|getting|have) (?:it|(?:this|that|the|our|my|her|his) (?:\\w+ )?(?:house|home|place|condo"
    "|property)) sold",
)  # fmt: skip
# "Not selling" in so many words; "we don't need to sell first" is a buyer with nothing to wait on.
_INTENDING = (
    "(?:(?:planning|going|looking|trying|wanting|want|plan|need) to |(?:la |lo )?(?:voy|vamos) a |"
    "(?:la |lo )?(?:pienso|pensamos|planeo|quiero|queremos|quiere|quieren) )?"
)
NOT_SELL = phrases(
    rf"{NOT} (?:really )?{_INTENDING}(?:sell|selling|vender|venderla|vendo|vendemos)\b"
    r"(?! (?:\w+ ){0,3}first| yet| until|,? but (?:my|our|his|her|the) \w+ (?:does|do|wants? to))",
    "no (?:estoy|estamos) (?:planeando|pensando en) vender", "no plans to (?:sell|move)", "not interested in selling",
    "no (?:intention|plans?|desire) (?:of|to|on) sell", "not (?:planning|thinking) (?:on|of|about) selling(?! until)",
    "(?:sin|no (?:tenemos|tengo|hay)) (?:intencion|planes|ganas) de vender",
    "keeping the house", "staying put",
)  # fmt: skip
_BUY = phrases(
    "buy\\b", "buying", "purchase", "comprar", "compro", "compramos", "busco", "buscamos", "house hunting", "relocat",
    "moving (?:to|from|here)", "nos mudamos", "mudarnos", "settle (?:in|down in)", "first time buyer",
    "looking (?:to buy|in)\\b", "started looking", "(?:want|looking|planning|need|have) to move", "queremos mudarnos",
    "pick up (?:a|an|one)", "add (?:one|a|another)",
    "(?:we|i) (?:want|need) something (?:with|in|near|bigger|close|under)",
    "(?:we|i)(?:'ll|'re|'ve| will| would| can| are| am)? (?:pay|paying) (?:all |in )?cash\\b",
    "(?:we|i)(?:'re|'ve been| are| am| got| just got| have been| were| was) (?:already )?pre-?approved",
    "(?:want|need) (?:a|an) \\d", "cash buyers?", "investor",
    "inversionista", "invest", "flip", "1031", "looking for (?:a |una )?casa",
    "looking (?:for|in|at) (?:a |an |some |the )?(?:home|house|condo|town|place|duplex|fourplex|propert|new build|\\d)",
    "need (?:a|an) (?:\\d|home|house|place|condo)",
    "(?:want|interested in|me interesa) (?:the|la|el) (?:house|home|casa|townhome|condo|listing|one)",
    "done renting", "tired of (?:renting|paying rent)", "instead of renewing", "dejar de rentar",
    "(?:need|want) a bigger (?:place|house|home|casa)", "upgrade to",
    "still available", "make an offer", "write an offer", "hacer una oferta",
    "(?:see|tour|ver) (?:the|la|some|casas|homes|houses)",
)  # fmt: skip
_NOT_BUY = phrases(
    rf"{NOT} (?:really )?{_INTENDING}(?:buy|buying|comprar)\b(?! yet| until)", "not buying", "no vamos a comprar",
    "not (?:really )?(?:looking|in the market)(?! (?:for|to) (?:a |an )?(?:rent|rental|lease|apartment|room))",
    "no (?:estoy|estamos) buscando(?! (?:para )?rentar)", "not moving(?! until)", "no (?:pensamos|planeamos) mudarnos",
    "no me quiero mover", "ya compramos", "(?:just|already) bought", "no (?:intention|plans?|desire) (?:of|to|on) buy",
    "(?:sin|no (?:tenemos|tengo|hay)) (?:intencion|planes|ganas) de comprar",
)  # fmt: skip
_PURCHASE = phrases("buy", "buying", "purchase", "comprar", "compro", "invest", "as a rental", "rental propert")
_RENTER = phrases(
    "for rent", "for lease", "to rent\\b", "para rentar", "rentan casas", "renting a room",
    "a room (?:for rent|near|in)",
    "(?:looking for|need|find|busco) (?:a |an )?(?:short-term |long-term |short term )?(?:rental|lease|apartment)",
    "(?:short|long)[- ]term (?:lease|rental)", "rent to own", "en renta\\b", "de renta\\b", "cheap apartments",
    "apartments? for rent",
    # a monthly budget: "budget is 1400/month", "under 2k a month", "hasta 1,800 al mes" (not "I make 8k a month")
    "(?:budget|up to|under|hasta|max|no more than|menos de|presupuesto)\\W{1,3}(?:is |de |of )?\\$?\\d[\\d,.]{0,8}k? ?"
    "(?:a |per |/ ?|al )(?:month|mo|mes)\\b",
)  # fmt: skip
_INVESTOR_RENTAL = phrases("as a rental", "rental propert", "rentals? in", "rent it out", "rentarla")
_VENDOR = phrases(
    "loan officer", "mortgage (?:company|broker|lender)", "wholesal", "assign (?:the |my )?contract",
    "off-?market deals", "advertis(?:e|ing) (?:my|our|with you|on your)", "can i advertise", "roofing",
    "(?:my|our) (?:company|business) (?:does|gives|offers)", "referral partner", "buyer leads",
    "partner (?:on|with) your",
    "hiring agents", "are you hiring", "(?:got|just got) my license", "real estate (?:student|school|exam)",
    "studying for (?:my|the) (?:exam|license)", "property management", "we buy houses", "home warranty",
    "title company", "staging company", "home stager", "inspection company", "motivated sellers", "preferred vendor",
    "vendor list", "join your team", "team i could join",
    "(?<!looking )(?<!searching )(?<!need )(?<!want )for (?:brokerages|brokers|realtors|real estate (?:teams|offices))",
    "(?:send|share|email) (?:you )?(?:over )?(?:our|my) (?:rates|pricing|price list|portfolio|services|rate card)",
    "(?:our|my) (?:rates|rate card|services|portfolio) (?:start|are|for)", "new brokerages",
    "i am (?:a|an) (?:\\w+ )?(?:agent|realtor|lender|broker|inspector|appraiser|stager)(?![\\w'])",
)  # fmt: skip
# Says so outright: not a buyer or seller, whatever else the message says.
_NOT_IN_MARKET = phrases(
    "wrong (?:number|person)", "numero equivocado", "not interested(?! in (?!selling|buying|moving|anything))",
    "no (?:estoy|estamos) interesad", "we (?:just|already) bought", "ya compramos", "went with another", "remove me",
    "school project", "for a class", "writing (?:a|an) (?:piece|blog|article|story|paper)", "asking for a friend",
    "para la aseguranza", "appraisal for (?:my|our|a|the) (?:divorce|taxes|insurance|estate|refinance)",
    "just refinanc", "i do not own anything", "could never afford", "not in the market", "no estoy buscando",
    "no vamos a comprar", "not buying",
)  # fmt: skip
# Says it in passing: not in the market unless the same message states a plan ("we love our
# neighborhood but need a bigger house" is a buyer).
_SETTLED = phrases(
    "no (?:tenemos|tengo) planes", "no plans(?! to (?:rent|wait|renew|stay))", "not moving(?! until)",
    "no (?:pensamos|planeamos) mudarnos", "no me quiero mover",
    "no nos vamos a mudar(?! hasta| antes| despues| cuando)",
    "not (?:going|planning) to move(?! until| till| before| after| once| when)", "staying put", "happy where we are",
    "renting and happy",
    "love (?:our|my) (?:house|apartment|place|home|neighborhood)",
    "for (?:his|her|my|our) peace of mind", "for (?:insurance|an appraisal)",
)  # fmt: skip


# Someone else selling: "my landlord is selling", "the owner is selling the house we rent", "los dueños
# la van a vender". The lead's plan is not theirs.
_OTHERS = compiled(
    r"\b(?:landlord|landlady|owner|owners|neighbou?rs?|builder|bank|casero|casera|dueno|duena|duenos|vecinos?)"
    r"(?:'s| is| are| has| have| just| wants to| plans to| decided to| va a| van a| quiere| quieren| esta| estan"
    r"| la| lo| the house| la casa){1,3} ?$"
)


# A sale already done: "our house just sold", "we closed on the old place", "ya vendimos la casa".
_SOLD = phrases(
    "(?:we|i) (?:just |already |finally )?(?:sold|closed on)", "(?:we|i)'ve (?:just |already )?sold",
    "(?:our|my|the) (?:old |current )?(?:house|home|place|condo|townhouse) (?:has )?(?:just |already |finally )?"
    "(?:sold|closed)\\b",
    "(?:ya )?vendimos", "ya vendi", "ya se vendio", "se vendio (?:la|nuestra|mi) casa",
)  # fmt: skip


def no_sale_ahead(text: str) -> bool:
    """No sale of the lead's own still to come: someone else sells ("my landlord is selling") or the
    lead's sale is done ("our house just sold, we must be out in 30 days"), and no other sale is named."""
    if others_selling(text):
        return True
    return bool(_SOLD.search(text)) and not unnegated(_SELL, text)


# Homes in general as the subject: the market, not a sale of the lead's ("how fast are homes selling in
# Georgetown?", "what do homes in Mueller sell for?", "how long do houses take to sell in Leander?").
_MARKET_SUBJECT = compiled(
    r"\b(?:homes|houses|properties|condos|townhomes|townhouses|listings|places|casas|propiedades)"
    r"(?: (?:are|were|have been|do|did|take|takes|took|tend to|usually|typically|generally|in|around|near|on"
    r"|like (?:this|that|ours))"
    r"(?: [\w'-]+){0,2})? ?$"
    # how long homes take to sell: "how long do they sit on the market", "¿cuántos días tardan en venderse?"
    r"|\b(?:they|these|those|homes|houses|listings|properties)(?: \w+)?"
    r" (?:sit|sitting|sat|stay|staying|last|linger\w*) ?$"
    r"|\b(?:tardan|tarda|duran|dura)(?: \w+){0,2} en ?$"
)


def others_selling(text: str) -> bool:
    """Every mention of selling has someone other than the lead as its subject ("my landlord is selling",
    "how fast are homes selling?")."""
    found = list(_SELL.finditer(text))
    return bool(found) and all(
        _OTHERS.search(text, max(0, m.start() - 40), m.start())
        or _MARKET_SUBJECT.search(text, max(0, m.start() - 40), m.start())
        for m in found
    )


# A move away from the Austin area: the lead's reason to sell, never a plan to buy here ("nos mudamos a
# San Antonio por el trabajo", "relocating to Denver", "moving out of state"). A destination the areas
# know ("moving to Lakeway") is here.
_AWAY = compiled(
    r"\b(?:relocat\w*|moving|move|nos mudamos|mudarnos|nos vamos|me mudo|transferring|transferred)"
    r"(?: (?:back|down|up|over|for work|for a job))? (?:to|a|para) "
    r"(?:(?P<place>(?!(?:a|an|the|un|una|el|la|los|las|our|my|mi|mis|nuestra|nuestro|be|get|buy|find|something|"
    r"somewhere|some|this|that|these|those|live|vivir|comprar|buscar|austin|atx|texas|tx|here|aqui|aca|central)\b)"
    r"[a-z]{3,}(?: [a-z]+){0,2})|another (?:state|city|country)|otro (?:estado|pais))"
    r"|\b(?:moving|relocating|nos vamos|nos mudamos) (?:out of|fuera de) (?:state|texas|town|austin|the country|estado)"
)
_BUY_OUTRIGHT = phrases("buy\\b", "buying", "purchase", "comprar", "compro", "compramos", "busco", "buscamos")


# Someone coming to see the house is a visit to the lead's own home, not a buyer's tour: "can someone
# come ver la casa mañana?", "could you come see the house Friday?".
_COME_TO_US = compiled(
    r"\b(?:someone|somebody|anyone|you|y'all|an agent|your agent|the agent|alguien|pueden|puede|ustedes|usted)"
    r"(?: \w+)? (?:come|venir a|vengan a|venga a|pasar a|pasen a) ?$"
    r"|\b(?:venir|vengan|venga|pasar|pasen) (?:alguien|ustedes|usted|un agente|su agente) a ?$"
)


def _no_purchase_here(text: str) -> bool:
    """Every sign of buying is a move away from the area ("we're moving to Dallas next month") or someone
    else coming to see the lead's home ("can someone come see the house?"; not "can we come see it")."""
    if _BUY_OUTRIGHT.search(text):
        return False
    away = [
        match.span()
        for match in _AWAY.finditer(text)
        if not (match.group("place") and find_places(match.group("place")))
    ]
    found = list(_BUY.finditer(text))
    return bool(found) and all(
        any(a <= m.start() < b for a, b in away) or _COME_TO_US.search(text, max(0, m.start() - 16), m.start())
        for m in found
    )


def plan(text: str) -> str | None:
    """'sell', 'buy', 'none' (says they are not), or None when the text says nothing either way.

    Looking for a place to rent is not a plan to buy ("looking for a 3 bedroom to rent")."""
    selling = unnegated(_SELL, text) and not NOT_SELL.search(text) and not others_selling(text)
    buying = unnegated(_BUY, text) and not _NOT_BUY.search(text) and not _no_purchase_here(text)
    if buying and renting(text) and not _PURCHASE.search(text):
        buying = False
    if selling:
        return "sell"
    if buying:
        return "buy"
    if NOT_SELL.search(text) or _NOT_BUY.search(text):
        return "none"
    return None


# What the lead's own home is worth, asked outright: a seller's first question ("what's my house worth?",
# "a CMA on my house", "¿cuánto vale mi casa?", "It's 8912 Bluegrass Dr, just tell me what it's worth").
_OWN_VALUE = phrases(
    "what(?:'s| is|s) (?:my|our) (?:\\w+ ){0,2}?(?:house|home|condo|place|property|townhome|townhouse|land|lot)"
    "(?: \\w+){0,3}? worth",
    "how much (?:is|would|could|will|might) (?:my|our) (?:\\w+ ){0,2}?(?:house|home|condo|place|property|townhome"
    "|townhouse) (?:be )?(?:worth|sell for|go for|get)",
    "(?:cma|comps|valuation|appraisal|market analysis|home value|value) (?:on|for|of) (?:my|our)\\b",
    "cuanto (?:vale|valdria|cuesta|me darian por|nos darian por) (?:mi|nuestra|nuestro) (?:casa|propiedad|condo"
    "|townhome|terreno)",
    "valor de (?:mi|nuestra) casa",
)  # fmt: skip
_WHAT_IT_IS_WORTH = compiled(r"(?<!\bfor )\bwhat (?:it'?s|it is|it would be|it'?d be|she'?s) worth\b")


def asks_own_value(text: str) -> bool:
    """The value of the lead's own home asked, with no plan to buy beside it: what a seller asks first.
    'What it's worth' counts beside the home's address ('It's 8912 Bluegrass Dr... what it's worth')."""
    if unnegated(_BUY, text) or NOT_SELL.search(text) or not_in_market(text):
        return False
    return unnegated(_OWN_VALUE, text) or (bool(_WHAT_IT_IS_WORTH.search(text)) and find_address(text) is not None)


def names_purchase(text: str) -> bool:
    """Buying words (buy, purchase, comprar, invest), as against moving or viewing words."""
    return bool(_PURCHASE.search(text))


def renting(text: str) -> bool:
    """Looking for a place to rent ("no plans to rent" is not; "a condo as a rental" is an investor)."""
    return unnegated(_RENTER, text) and not _INVESTOR_RENTAL.search(text)


def vendor(text: str) -> bool:
    return bool(_VENDOR.search(text))


def not_in_market(text: str) -> bool:
    """Not buying or selling: said outright, or said in passing by a message with no plan in it."""
    return bool(_NOT_IN_MARKET.search(text)) or (bool(_SETTLED.search(text)) and plan(text) in (None, "none"))
