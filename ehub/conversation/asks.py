"""What a message asks of Jorge besides its intent: whether it is talking to a bot, market figures,
professional advice, or whether the lead is complaining.

Each reads text already normalised (lower case, accents folded, shorthand expanded), in English
and Spanish. Patterns are alternations of fixed phrases with bounded gaps: linear on any input.
"""

from __future__ import annotations

from ehub.patterns import compiled

_GAP = r"(?:\S+ ){0,3}"  # up to three words in between

_BOT = compiled(
    r"\b(?:are|r) (?:you|u) (?:a |an |even a |actually a )?(?:bot|robot|ai|a\.i\.|machine|computer|chat ?bot|real|human"
    r"|person|real person|actual (?:person|human)|automated)\b"
    r"|\bis (?:this|that) (?:a |an )?(?:(?:real|actual|live) )?(?:bot|robot|ai|machine|computer|chat ?bot|automated"
    r"|real person|real|human|person)\b"
    # someone at the other end: "is there a real person there?", "¿o hay una persona del otro lado?"
    r"|\bis there (?:a |an )?(?:real |actual |live )?(?:person|human|someone|somebody)"
    r" (?:there|on the other end|behind (?:this|these)|reading (?:this|these))\b"
    r"|\bhay (?:una persona|un humano|alguien)(?: real| de verdad)?"
    r" (?:del otro lado|ahi|detras|leyendo|contestando)\b|\bo hay (?:una persona|un humano|alguien)\b"
    r"|\besto es (?:un |una )?(?:automatico|automatizado|bot|robot|maquina|ia)\b"
    r"|\bam i (?:talking|texting|chatting|speaking) (?:to|with) (?:a |an )?(?:bot|robot|ai|machine|computer"
    r"|real person|person|human)\b"
    r"|\b(?:eres|es usted|usted es|sos) (?:un |una )?(?:bot|robot|ia|maquina|persona real|persona|humano)\b"
    r"|\bes (?:un |una )?(?:bot|robot|maquina|contestadora|respuesta automatica|automatico|automatizado)\b"
    r"|\bhablo con (?:un |una )?(?:bot|robot|maquina|persona|humano)\b"
)
_HOMES_AGAIN = compiled(
    r"\b(?:send|show|text|give)(?: me| us)?(?: the| those| some| any| a few)?(?: \w+)? "
    r"(?:houses|homes|listings|options|properties)\b|\b(?:mandame|mandeme|envieme|enviame|muestreme|muestrame)"
    r"(?: las| unas)? (?:casas|opciones|propiedades)\b"
    # "send me anything under 280", "show us whatever you have in Kyle", "mándeme lo que tenga"
    r"|\b(?:send|show|text)(?: me| us)? (?:anything|everything|whatever|what you (?:have|find|got))\b"
    r"|\b(?:mandame|mandeme|envieme|enviame|muestreme|muestrame) (?:lo que|todo lo que|cualquier)\b"
)
_MARKET = compiled(
    r"\bhow(?:'s| is| s) (?:the )?(?:housing |real estate )?market\b|\bmarket (?:in|like in|for|update|report"
    r"|trends?|conditions)\b|\b(?:average|median|typical) (?:home |house |sale |sales |sold |list |listing )?"
    r"prices?\b|\bprices? (?:in|around|for homes in)\b|\bdays on (?:the )?market\b|\bhow (?:fast|quickly|long)"
    rf" {_GAP}(?:sell|selling|sold|take to sell)\b|\bprice per square (?:foot|feet)\b|\$/sq ?ft\b|\bper sq ?ft\b"
    r"|\binventory\b|\bhow many (?:homes|houses) (?:are )?(?:for sale|sold|on the market)\b|\bhomes selling for\b"
    r"|\b(?:usually|typically|normally) (?:go|going|sell|selling|sold|cost|run|list)\b"
    r"|\bgo(?:ing)? for (?:in|around|there)\b"
    r"|\bsell(?:ing)? for (?:in|around|there)\b"
    r"|\bwhat (?:do|does|would|can) \S+(?: \S+){0,3} (?:go|sell|cost|run) for\b|\bper square (?:foot|feet)\b"
    r"|\bcompare (?:with|to)\b|\b(?:lower|higher|up|down) (?:than|from|since) (?:a |last )?year\b"
    r"|\bcome (?:on|onto) the market\b|\bhow (?:are|is) (?:prices|the prices|sales|homes selling)\b"
    r"|\bcomo (?:esta|anda|va) el mercado\b|\bel mercado (?:en|de)\b|\bprecio (?:promedio|medio)\b"
    r"|\bdias en el mercado\b|\bprecio por pie\b|\bcuanto (?:cuestan|valen|se venden) las casas\b"
    # how long homes take to sell: "how long do they sit on the market", "¿cuántos días tardan en venderse?"
    r"|\b(?:sit|sits|sitting|sat|stay|stays|staying|last|lasting|linger\w*) (?:on|in) (?:the )?market\b"
    r"|\bcuant[oa]s? (?:dias|tiempo|semanas|meses) (?:\S+ ){0,4}?(?:venderse|se venden|en el (?:mercado|market))\b"
    # what homes cost there: "how much are houses in Georgetown", "how much is a 3 bed in Kyle"
    r"|\bhow much (?:are|do|does|is) (?:a |the )?(?:\S+ ){0,2}?(?:houses|homes|condos|townhomes|townhouses|house"
    r"|home|condo|townhome|bedroom|bedrooms)(?: cost| go for| sell for| run)? (?:in|n|around|near|out|over)"
    r" (?!here\b|my\b|our\b)"
    r"|\bcuanto (?:cuesta|vale) una casa (?:en|por)\b"
    # what homes in general fetch: "what homes in Travis Heights are going for", "¿en cuánto se están vendiendo?"
    r"|\b(?:homes|houses|condos|townhomes|townhouses|properties|lots)\b(?: \S+){0,4}? (?:are|have been|were)"
    r" (?:going|selling|listing) for\b|\b(?:en|a) cuanto (?:se )?(?:estan )?(?:vendiendo|venden|se van)\b"
)
# What a home rents for: the marts hold sales, not rents, so the answer is an honest deferral.
_RENT = compiled(
    # "what do 3/2s rent for", not a stay: "we'll rent for about 6 months, then buy"
    r"\b(?:rents?|rented|lease|leases) for\b(?! (?:about |around |maybe |at least |another |the next |a |an )?"
    r"(?:\d+|a|an|one|two|three|four|six|few|couple|while)(?: of)?(?: \w+)? (?:months?|years?|weeks?|while)\b)"
    r"|\bhow much (?:\S+ ){0,3}(?:rent|rents)\b(?! (?:to|vs|or|and)\b)"
    r"|\b(?:average|median|typical|market|going|monthly) rents?\b|\brents? (?:run|go|growth"
    r"|prices?|rates?|comps|estimates?|trends?)\b|\brental (?:rates?|comps|prices|income|estimates?|market|demand)\b"
    r"|\bwhat (?:could|would|can|might) (?:\S+ ){0,3}rent\b"
    r"|\bwhat (?:are|is) (?:the )?rents?\b"
    r"|\bcap rates?\b|\brental (?:yield|returns?)\b|\bwhat (?:would|does|do|will) (?:\S+ ){0,3}cash ?flow\b"
    r"|\bcuanto (?:se )?rentan?\b|\bcuanto (?:\S+ ){0,3}(?:la |las |de )?rentas?\b|\bprecios? de (?:la )?renta\b"
    r"|\brentas? promedio\b"
)
_ADVICE = compiled(
    r"\b(?:lawyer|attorney|legal advice|legally|sue|lawsuit|litigation|tax advice|capital gains|tax implications"
    r"|my taxes|tax return|1031 (?:rules|advice|question)|estate planning|power of attorney|bankruptcy"
    r"|contract (?:terms|clause|question)|breach of contract|fair housing complaint|discriminat\w*"
    r"|(?:his|her|their|my (?:wife|husband|spouse|ex)'?s?) signature|who gets the (?:money|proceeds)"
    r"|community property|on the title|quitclaim|lien|ex-?(?:wife|husband) (?:wants|won'?t|refuses)"
    r"|abogado|asesoria legal|demanda|divorcio|testamento|sucesion|bancarrota|impuestos sobre (?:la )?ganancia)\b"
    rf"|\bshould (?:i|we) (?:{_GAP})?(?:buy|sell|wait|refinance|rent|list|offer|take the offer)\b"
    r"|\bhow much (?:house |home )?can (?:i|we) afford\b|\bcan (?:i|we) afford\b"
    r"|\bis (?:it|now|this) (?:a )?(?:good|bad|right) (?:time|moment) to (?:buy|sell)\b"
    r"|\b(?:debo|deberia|deberiamos) (?:comprar|vender|esperar)\b|\bme conviene (?:comprar|vender)\b"
)
_SENSITIVE = compiled(
    r"\b(?:divorc\w*|separat(?:ed|ing|ion)|passed away|died|death|funeral|inherit\w*|estate of|probate|widow\w*"
    r"|foreclos\w*|lost (?:my|our) job|laid off|medical bills|cancer|hospital|falleci\w*|murio|herencia"
    r"|heredamos|divorcio|separacion)\b"
)
_WANTS_PERSON = compiled(
    r"\b(?:talk|speak|chat) (?:to|with)|\bconnect me|\bget me (?:a|an|someone)|\bcall me\b|\btransfer me"
    r"|\bput me (?:through|in touch)|\bhablar con|\bpasame con|\bllamenme\b"
)
_COMPLAINT = compiled(
    r"\b(?:stupid|idiot\w*|dumb|useless|pathetic|ridiculous|terrible|horrible|worst|awful|annoying|sucks?"
    r"|garbage|trash|scam\w*|waste of (?:my )?time|not helpful|unhelpful|incompetent|frustrat\w*|fed up"
    r"|wtf|fuck\w*|f\*\w*|shit\w*|crap|bs|bullshit|damn|hell no|shut up|get lost|are you serious"
    r"|still waiting|no one (?:called|answered|replied)|nobody (?:called|answered|replied)"
    r"|estupid\w*|idiota|inutil|pesimo|molest\w*|fastidi\w*|que mal servicio|no sirve|basura|estafa"
    r"|sigo esperando|nadie me (?:llamo|contesto))\b"
)


_COMMISSION = compiled(
    r"\b(?:commissions?|comision|comisiones|(?:realtor|agent|agents|broker|listing|your) fees?"
    r"|cuanto cobran?(?: ustedes| de)?)\b"
)
# Not now: the lead is busy and asks to talk later ("I'm at work rn, text me after 6", "ahorita no puedo").
_LATER = compiled(
    r"\b(?:text|message|call|write|hit) (?:me|us) (?:back )?(?:after|later|tonight|tomorrow|this (?:evening|afternoon)"
    r"|in (?:an|a few|a couple|\d+) (?:hour|hours|minutes|mins)|in the (?:morning|evening|afternoon))\b"
    r"|\b(?:i am|we are|i'm) (?:at work|driving|in a meeting|busy)(?: right now| rn| at the moment)?\b"
    r"|\b(?:can not|cannot) (?:talk|text|chat) (?:right )?now\b|\bbusy right now\b"
    r"|\b(?:escribame|escribeme|llameme|llamame|mandeme mensaje)"
    r" (?:mas tarde|despues|manana|en la (?:tarde|noche|manana))\b"
    r"|\b(?:estoy|estamos) (?:trabajando|manejando|en el trabajo|ocupad[oa]s?)\b|\bahorita no puedo\b"
)


_DOWN_PAYMENT = compiled(
    r"\bdown ?payments?\b|\bhow much (?:\S+ ){0,4}put down\b|\benganche\b|\bpago inicial\b"
    r"|\bcuanto (?:\S+ ){0,3}de (?:down|entrada)\b"
)


def asks_about_down_payment(clean: str) -> bool:
    """'How much do we need for a down payment?', '¿cuánto se necesita de enganche?'."""
    return bool(_DOWN_PAYMENT.search(clean))


def asks_about_commission(clean: str) -> bool:
    """'how much is your commission?', '¿cuánto cobran de comisión?': answered, never ignored."""
    return bool(_COMMISSION.search(clean))


def asks_for_later(clean: str) -> bool:
    """'I'm at work rn, text me after 6', 'estoy trabajando, escríbame más tarde': not now, not never."""
    return bool(_LATER.search(clean))


_FOLLOW_UP = compiled(
    r"^(?:and|what about|how about|and what about|what if|same for|same question for|also|y|y en|y para|y con"
    r"|que tal|y que tal)\b"
)


def asks_a_follow_up(clean: str) -> bool:
    """'and for 4 bedrooms?', 'what about Kyle?', '¿y en Hutto?', 'Georgetown?': the last question
    again, narrowed."""
    words = clean.split()
    return (bool(_FOLLOW_UP.search(clean)) and len(words) <= 8) or (len(words) <= 3 and clean.endswith("?"))


def asks_about_rent(clean: str) -> bool:
    """'what do 3/2s rent for in Manor?', 'average rent in Kyle', '¿cuánto se renta una casa en Hutto?',
    and what rents decide: 'what cap rates are you seeing?', 'what would it cash flow?'."""
    return bool(_RENT.search(clean))


def wants_a_person(clean: str) -> bool:
    """An explicit request to reach a person, not just asking whether one is there."""
    return bool(_WANTS_PERSON.search(clean))


def is_sensitive(clean: str) -> bool:
    """A divorce, a death, an inheritance, a foreclosure: no cheerful 'Great!' in reply."""
    return bool(_SENSITIVE.search(clean))


_LISTING_QUESTIONS = (
    (
        "availability",
        compiled(
            r"\b(?:still (?:available|on the market|for sale|listed)|is (?:it|that one|the \w+ one) (?:still )?"
            r"(?:available|sold|taken|pending)|sold yet|under contract|sigue disponible|todavia esta disponible"
            r"|ya se vendio|esta disponible)\b"
        ),
    ),
    (
        "facts",
        compiled(
            r"\b(?:how (?:big|large|old)|how many (?:bed(?:room)?s|bath(?:room)?s|square feet)|square (?:feet|footage)"
            r"|sq ?ft|asking price|what(?:'s| is) the price|how much (?:is|are) (?:it|they|that|the)|year built"
            r"|when was it built|lot size|how big is the (?:lot|yard)|acres?|days on (?:the )?market|how long (?:has it"
            r" been|on the market)|price (?:drop|reduc\w*|cut)|cuantas (?:recamaras|habitaciones|banos)"
            r"|pies cuadrados|cuanto cuesta|de que ano es|que tan grande)\b"
        ),
    ),
    (
        "other",
        compiled(
            r"\b(?:hoa|pool|garage|parking|tax(?:es)?|pets?|flood(?:ing| zone)?|roof|hvac|a/?c|solar|fence|basement"
            r"|view|utilities|mud|pid|washer|dryer|appliances|alberca|cochera|mascotas)\b"
        ),
    ),
)
_WHICH_LISTING = compiled(r"\b(first|1st|second|2nd|third|3rd|last|primer[ao]?|segund[ao]|tercer[ao]?|ultim[ao])\b")
ORDINALS = {"first": 0, "1st": 0, "primer": 0, "primera": 0, "primero": 0, "second": 1, "2nd": 1}
ORDINALS |= {"segunda": 1, "segundo": 1, "third": 2, "3rd": 2, "tercera": 2, "tercer": 2, "tercero": 2}
ORDINALS |= {"last": -1, "ultima": -1, "ultimo": -1}


def listing_detail(clean: str) -> str | None:
    """The detail a listing question asks about that the MLS record does not hold ('pool', 'hoa')."""
    match = _LISTING_QUESTIONS[-1][1].search(clean)
    return match.group(0) if match else None


def asks_about_listing(clean: str) -> str | None:
    """What a question about a listing asks: availability, its facts, or another detail (HOA,
    pool...), or None when the message asks nothing about a listing."""
    return next((topic for topic, pattern in _LISTING_QUESTIONS if pattern.search(clean)), None)


def which_listing(clean: str) -> int | None:
    """'the second one' -> 1, 'the last one' -> -1: an index into the homes just shown."""
    match = _WHICH_LISTING.search(clean)
    return ORDINALS.get(match.group(1)) if match else None


def asks_for_homes(clean: str) -> bool:
    """'just send me the damn houses', 'show us some homes', 'mándeme las casas': homes, now."""
    return bool(_HOMES_AGAIN.search(clean))


def asks_about_bot(clean: str) -> bool:
    """'Are you a bot?', 'is this a real person?', '¿eres un robot?'"""
    return bool(_BOT.search(clean))


def asks_about_market(clean: str) -> bool:
    """'How's the market in Round Rock?', 'average price in Cedar Park', 'days on market in Kyle'."""
    return bool(_MARKET.search(clean))


# Property taxes: in Texas a home's rate is the county's, the city's, the school district's and, in
# many newer subdivisions, a MUD's (municipal utility district) or PID's. Not "mud room".
_TAXES = compiled(
    r"\bproperty tax(?:es)?\b|\btax (?:rates?|bills?)\b|\btaxes (?:in|are|there|higher|lower|compare)\b"
    r"|\b(?:higher|lower|high|low) taxes\b|\bmuds?\b(?! ?rooms?\b)|\bpids?\b"
    r"|\bimpuestos? (?:a la |de la |sobre la )?propiedad\b|\bimpuestos (?:en|son|mas)\b"
)


def asks_about_taxes(clean: str) -> bool:
    """'Are property taxes higher in Hutto or Manor?', 'is there a MUD?', 'impuestos en Kyle'."""
    return bool(_TAXES.search(clean))


def asks_for_advice(clean: str) -> bool:
    """Legal, tax and financial questions a licensed professional must answer, in their many phrasings."""
    return bool(_ADVICE.search(clean))


def is_complaint(clean: str) -> bool:
    """An insult or a complaint: answered with an apology, never a cheerful 'Great!'."""
    return bool(_COMPLAINT.search(clean))
