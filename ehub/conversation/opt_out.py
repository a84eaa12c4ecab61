"""Whether a lead message revokes (or restores) consent to automated texts.

Opt-out (TCPA; the FCC's 2025 rule lets a consumer revoke consent by any reasonable means, and an
opt-out anywhere in a message counts). A message opts out when any of these holds:

1. It says so in an explicit phrase: "stop texting me", "remove my number", "take me off your
   list", "do not text me", "no more messages", "cancel these texts", "quit sending me houses",
   "wrong number", "dejen de escribirme", "no me manden más mensajes", "dar de baja"...
2. It contains a strong keyword as a word, anywhere: stop, stopall, unsubscribe, unsub, revoke,
   opt out / optout / opt-out, and Spanish alto, baja. The only exceptions are collocations that
   use the word in another sense, listed narrowly in `_OTHER_SENSES`: "stop by/in/over", "stop
   sign/light", "stop renting", "bus/last/next/pit/rest/truck stop", "one-stop", "non-stop",
   "can't/couldn't stop", "muy alto", "precio alto", "planta baja", "baja el precio", "Palo Alto";
   and "stop" whose subject is not the texts or "you" ("will prices stop going up?", "can an HOA
   stop me from...", "don't stop the process"), a gerund that is no way of contacting ("stop
   throwing money at rent"), or the noun ("the MetroRail stop").
   An exception covers only its own occurrence: "can we stop by saturday? and stop texting me"
   opts out, and so does "I can't stop these texts" (a phrase, rule 1).
3. It is a weak keyword (cancel, end, quit, remove, cancelar, basta) with nothing else but filler
   words ("please", "now", "thanks", "ok", "all", "it", "not interested", "ya", "por favor"...):
   "END", "Cancel please", "quit it". Elsewhere these words mostly mean something else ("cancel my
   showing", "by the end of March"), so in a longer message they opt out only through a phrase.

A change of search is not a revocation: "stop sending me condos, detached only", "take me off the
townhouse alerts but keep the Hutto ones", "unsubscribe me from the 55+ ones, still buying". A
request to drop a named kind of listing (not listings, texts or "your list" as a whole) is cut out
before the rules above run (`ehub.conversation.narrowing`), when the message also asks for something
else, says the search goes on or restates it ("3 bedrooms, under 400"), unless it says the search is
over ("just bought one", "ya compramos"). "Stop sending me listings" and "take me off your list"
still opt out.

A spelled-out, stretched or decorated keyword ("S T O P", "s.t.o.p", "STOPPP", "𝐒𝐓𝐎𝐏", zero-width
characters between the letters) is already plain "stop" when these rules run (see `normalise`).
`is_opt_out` is exactly this rule; `ehub.conversation.intent.classify` adds what the model recognises
on top of it.

START, UNSTOP, SUBSCRIBE (with only polite filler: "yes start please") opt back in.

These rules are the first of the intent rules and share their version (`intent.RULES_VERSION`).
"""

from __future__ import annotations

from ehub.conversation.narrowing import without_narrowing
from ehub.conversation.text import WORDS, normalise
from ehub.patterns import compiled

# Carrier keywords (CTIA), the FCC's per-se revocation words, and their Spanish counterparts.
STRONG_OPT_OUT_KEYWORDS = frozenset(
    {"stop", "stopall", "unsubscribe", "unsub", "revoke", "optout", "alto", "baja", "st0p", "stahp", "stp", "dnc"}
)
# "PARAR" and "DETENER" are the Spanish carrier keywords some senders use; as words in a sentence they mostly
# mean something else ("para" is "for"), so, like "cancel", they opt out alone.
WEAK_OPT_OUT_KEYWORDS = frozenset({"cancel", "end", "quit", "remove", "cancelar", "basta", "parar", "detener"})
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
    # a profane dismissal revokes consent as plainly as STOP: "f off with the spam", "no molesten"
    r"\b(?:f|fuck|fck|fuk|eff|piss|bugger|screw) (?:off|you)\b",
    # (the imperative only: "no me molesta que sea de dos pisos" is "I don't mind")
    r"\b(?:no|ya no) (?:me |nos )?(?:molesten|fastidien|chinguen|frieguen)\b"
    r"|\b(?:dejen|deja|deje) de (?:molestar|fastidiar|chingar|fregar)",
    r"no (more )?(texts|messages|txts)",
    r"lose my number",
    r"never signed up",
    r"(do not|don'?t) want (these|your|any more|any) (messages|texts)",
    r"\bwrong (?:(?:number|person|num|no|numero)\b|#)(?! (?:of|on|for|in)\b)",  # not "wrong number of beds"
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
    r"\bde baja\b(?! (el|la|los|las) (?!mensajes|textos|numero|suscripcion))",  # not "dar de baja el homestead"
)
# Strong keywords used in another sense; each masks only its own occurrence.
_OTHER_SENSES: tuple[str, ...] = (
    r"stop (by|in|over|sign|signs|light|lights|renting|paying rent)",
    r"(bus|last|next|first|pit|rest|truck|train|one|non)[- ]stop",
    r"(can not|cannot|could not|couldn't) stop",
    r"(muy|mas|menos|tan|es|esta|un|lo|palo|precio|techo|piso|nivel|tasa|planta|temporada) (alto|baja)",
    r"(?<!de )(alto|baja) (riesgo|nivel|precio|valor|costo|california|el|la|los|las|mucho|de precio)",
)
# A subject other than the brokerage, its texts or "you" before "stop": "will prices stop going up?",
# "can an HOA stop me", "when does the price cutting stop?" ("will you stop?" still opts out).
_NOT_THE_TEXTS = r"(?:(?!(?:you|u|ya|yall|jorge|it|this|that|they|these|those|texts?|messages?|not)\b)[a-z'-]+ ){1,3}"
_OTHER_SENSES += (
    rf"(?:will|would|does|did|do|can|could|may|might|should) {_NOT_THE_TEXTS}stop",
    r"(?:do not|does not|never|did not) stop",
    r"de baja (?:el|la|los|las) (?!mensajes|textos|numero|suscripcion)",  # "dar de baja el homestead"
    r"(?:is|are|was|were) (?:(?!(?:you|u|ya|yall|jorge|it|this|that|they|texts?|messages?|not)\b)[a-z'-]+ ){0,2}"
    r"(?!(?:these|those|you|u|it|this|that|they|texts?|messages?)\b)[a-z'-]+ going to stop",
    # a keyword named to say it is not meant: "not trying to unsubscribe, just call me"
    r"(?:not (?:trying|going|wanting|asking) to|do not want to|no (?:quiero|queremos|estoy tratando de)) "
    r"(?:stop|unsubscribe|unsub|opt ?out|optout|dar de baja)",
    r"stop (?:me|us|you|them|buyers|people|anyone) from",
    # "stop going up", "stop throwing money at rent": a gerund that is not a way of contacting
    r"stop (?!(?:texting|txting|messaging|contacting|sending|calling|emailing|bothering|bugging|spamming|"
    r"harassing|reaching|hitting|pinging|getting|everything|anything|something|nothing)\b)[a-z]{2,20}ing",
    r"(?:the|a|each|every|metrorail|rail|transit|capmetro) stop",
)
_COMPILED_OPT_OUT = compiled("|".join(_OPT_OUT))
_COMPILED_OTHER_SENSES = compiled(r"\b(?:" + "|".join(_OTHER_SENSES) + r")\b")
STRONG_KEYWORD = compiled(r"\b(?:" + "|".join(sorted(STRONG_OPT_OUT_KEYWORDS)) + r")\b")
_OPT_OUT_WORDS = compiled(r"\bopt[- ]out\b")


def _words(clean: str) -> list[str]:
    return WORDS.findall(_OPT_OUT_WORDS.sub("optout", clean))


def only(words: list[str], keywords: frozenset[str], filler: frozenset[str]) -> bool:
    """True when the message is one of `keywords`, give or take `filler` ("STOP please", "END!")."""
    present = set(words)
    return bool(present & keywords) and present <= keywords | filler


def opts_out(clean: str) -> bool:
    """Whether normalised text opts out (the rule is in the module docstring)."""
    clean = without_narrowing(clean)
    if _COMPILED_OPT_OUT.search(clean):
        return True
    if STRONG_KEYWORD.search(_COMPILED_OTHER_SENSES.sub(" ", clean)):
        return True
    return only(_words(clean), WEAK_OPT_OUT_KEYWORDS, _OPT_OUT_FILLER)


def is_opt_out(text: str) -> bool:
    """Whether the message revokes consent to automated texts (the rule is in the module docstring)."""
    return opts_out(normalise(text))


def is_opt_in(text: str) -> bool:
    """START, UNSTOP or SUBSCRIBE, give or take polite filler ("yes start please")."""
    return only(_words(normalise(text)), OPT_IN_KEYWORDS, _OPT_IN_FILLER)


def is_bare_opt_out(clean: str) -> bool:
    """A keyword opt-out with nothing but filler around it ("STOP", "cancel please"), in normalised text."""
    return only(_words(clean), STRONG_OPT_OUT_KEYWORDS | WEAK_OPT_OUT_KEYWORDS, _OPT_OUT_FILLER)
