"""The intent of an inbound lead message, with a confidence that means a probability.

Taxonomy (exactly): `buyer_intent`, `seller_intent`, `information_seeking`, `opt_out`,
`human_request`. A message holding several takes the first of opt_out > human_request >
buyer/seller > information_seeking. Everything reads text normalised once (`ehub.conversation.text`:
fancy and invisible characters folded, spelled-out and stretched words joined, shorthand and accents
undone); `classify_clean` takes such text, `classify` normalises first.

Two layers, because a mistake costs differently by intent:

1. Deterministic rules where the law or the business needs certainty. An opt-out always wins
   (below): missing a STOP is a TCPA violation. An explicit request for a person comes next
   (`_PERSON_REQUEST`: talk to / have someone call / transfer me / a bare "agent"), in English
   and Spanish, unless negated ("no need to call me") or a contact preference ("call or text
   anytime"): missing it loses the lead. A question about the bot itself ("are you a bot?", "¿eres
   persona real?") is *not* a request for a person, the bot answers it honestly; it is cut out before
   the rest is read, so "are you a bot? if so get me a person" still asks for one, and a message that
   is only that question is information.
2. Everything else goes to a linear text model (TF-IDF over words, word pairs and character
   n-grams; multinomial logistic regression) trained by `ehub train intents` on every
   `evals/dev/intents*.tsv`: the open-ended ways leads say they buy, sell or just ask, in English,
   Spanish and Spanglish, with typos. The model may also find an opt-out or a request for a person
   the rules do not know; it decides by its most probable label, except that a bare answer to the
   bot's question ("no", "not yet", "nope thanks") is never an opt-out by the model alone: "no"
   is a word of many Spanish opt-outs; doing without a person ("tour without an agent?") is no request
   for one; someone to come and see the lead's own home ("¿puede venir alguien a ver mi casa?") is a
   seller's listing visit; saying outright there is no plan ("not looking to sell, but how's the
   market?", "no vamos a vender": `signals.plan`) makes a message information, not the plan the model
   leans to.

Confidence is a probability. A rule's is its precision on the development set (out of the test
split); the model's is its probability after temperature scaling (`TEMPERATURE`, fitted on
out-of-fold probabilities of the development set by `tests/integration/test_intent_measure.py`), so
"0.7" is right about 70 % of the time. The engine reads below 0.5 as "not understood" and routes
to the buyer or seller bot from 0.6.

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
`is_opt_out` is exactly this rule; `classify` adds what the model recognises on top of it.

START, UNSTOP, SUBSCRIBE (with only polite filler: "yes start please") opt back in.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass

from ehub.conversation.narrowing import without_narrowing
from ehub.conversation.signals import no_sale_ahead, plan
from ehub.conversation.text import normalise
from ehub.learning.linear import MODELS_DIR, LinearTextModel, load_model

INTENTS = ("buyer_intent", "seller_intent", "information_seeking", "opt_out", "human_request")
RULES_VERSION = "rules-2026.12.5"
_MODEL_FILE = MODELS_DIR / "intents.json"
# Which rules and which trained weights produced an intent: stored with every enriched message.
MODEL_VERSION = f"{RULES_VERSION}+intents-{hashlib.sha256(_MODEL_FILE.read_bytes()).hexdigest()[:12]}"

# Carrier keywords (CTIA), the FCC's per-se revocation words, and their Spanish counterparts.
STRONG_OPT_OUT_KEYWORDS = frozenset(
    {"stop", "stopall", "unsubscribe", "unsub", "revoke", "optout", "alto", "baja", "st0p", "stahp", "stp", "dnc"}
)
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
_COMPILED_OPT_OUT = re.compile("|".join(_OPT_OUT))
_COMPILED_OTHER_SENSES = re.compile(r"\b(?:" + "|".join(_OTHER_SENSES) + r")\b")
_STRONG = re.compile(r"\b(?:" + "|".join(sorted(STRONG_OPT_OUT_KEYWORDS)) + r")\b")
_WORDS = re.compile(r"[a-z0-9']+")
_OPT_OUT_WORDS = re.compile(r"\bopt[- ]out\b")

# -- requests for a person, and questions about the bot ---------------------------------------------
_WHO = (
    r"(?:(?:a|an|the|your|one of your|some|any) )?(?:(?:real|actual|live|licensed|human|bilingual) )?"
    r"(?:person|people|human|human being|agent|agents|realtor|broker|someone|somebody|anyone|anybody|"
    r"representative|rep|manager|operator|team member|jorge)\b"
)
_ALGUIEN = (
    r"(?:alguien|usted|jorge|(?:un|una|el|la|su|algun|alguna) (?:persona|humano|agente|agent|gerente|asesor|"
    r"jefe|encargado|encargada|corredor|realtor|representante))\b"
)
_CONTACT_ME = r"(?:call|phone|ring|contact|email|reach out to|get back to|get in touch with) (?:me|us)\b"
_PERSON_REQUEST = re.compile(
    "|".join(
        (
            rf"\b(?:talk|speak|chat|meet|sit down|go over (?:it|this|things|everything)) (?:to|with) {_WHO}",
            rf"\b{_WHO} (?:to )?{_CONTACT_ME}",
            rf"\b(?:have|get|can|could|would|will|may) {_WHO} (?:please )?(?:call|phone|ring|reach out|give me a)\b",
            r"\b(?:call|ring) (?:me|us)\b(?! (?:crazy|old fashioned))|\bgive (?:me|us) a (?:call|ring)\b",
            r"\b(?:a|an) (?:phone|video) (?:call|consultation|consult)\b|\bcall ?back\b",
            rf"\b(?:get|put|connect|pass|send|switch) (?:me|us) (?:(?:to|with|through to|in touch with) )?{_WHO}",
            rf"\b(?:transfer|escalate|forward) (?:(?:me|us|this|it) )?(?:to|with) {_WHO}|\bput me in touch\b",
            r"\bput (?:a|an|the) (?:human|person|real person|agent) on\b",
            r"\b(?:want|need|prefer|rather have|like|get) (?:a |an )?(?:real |actual |live |human )?(?:person|human)\b",
            r"\b(?:want|need|prefer|rather have|like|get) (?:a |an )(?:real|actual|live|human) (?:agent|realtor)\b",
            r"\b(?:come|stop|swing|drop) (?:by|into|in to) (?:the|your) (?:office|oficina)\b",
            r"\b(?:appointment|meeting|sit down) (?:at|in) (?:the|your) office\b|\b(?:zoom|facetime) with\b",
            rf"\b(?:hablar|platicar|comunicarme|conversar|reunirme|hablarle) con {_ALGUIEN}",
            r"\b(?:hablar|hablemos|platicar) por telefono\b|\bvideollamada\b|\bcita (?:con un agente|en la oficina)\b",
            r"\b(?:llamen|llame|llamar|marque|marquen|marcar|hablen|comuniquen|contacte|contacten)(?:me|nos)\b"
            r"(?! loc[oa]s?\b)",  # "llámeme loco": call me crazy
            r"\bme (?:puede|pueden|podria|podrian|puedes) (?:llamar|marcar|call)\b|\bllameme\b(?! loc[oa]s?\b)",
            r"\bque me (?:llame|llamen|marque|marquen|contacte|contacten)\b",
            r"(?<!que )(?<!what )\b(?:pase|pasa|pasame|paseme|comuniqueme|comunicame|transfiera|transfiereme)"
            r"(?: me)? con\b",  # not "¿qué pasa con...?": what happens with
            r"\b(?:quiero|necesito|prefiero) (?:una persona|un humano|un agente (?:real|de verdad))\b",
        )
    )
)
# Words before a request that undo it: "no need to call me", "I do not want to talk to anyone".
# ("if not, get me one" and "si no, páseme con alguien" are conditions, not negations.)
_NEGATED_BEFORE = re.compile(
    r"(?<!\bif )(?<!\bsi )\b(?:no|not|never|nobody|without|nunca|ni|missed)\b(?:\W+\w+){0,3}\W*$"
    # a time clause is not a request: "do I need a lender before I talk to a realtor?"
    r"|\b(?:before|after|until|once|antes de|despues de) (?:i |we |yo |nosotros )?$"
)
_BOT = (
    r"(?:(?:a|an|un|una|some kind of) )?(?:(?:real|actual|live) )?(?:bot|robot|chatbot|chat bot|machine|computer|"
    r"automated|automatic|ai|a i|artificial intelligence|person|human being|human|agent|realtor|persona|humano|"
    r"agente|maquina|computadora|ia|inteligencia artificial|real)\b(?: (?:real|de verdad))?"
)
_READING = (
    r"(?: (?:answering|reading|replying|responding|texting|writing)(?: to)?(?: this| me| these)?"
    r"| (?:el|la|quien) (?:que )?me (?:contesta|escribe|responde))"
)
_OR_BOT = rf"(?: (?:or|o) (?:is it |are you |is this |es )?{_BOT})*"
_BOT_QUESTION = re.compile(
    r"(?:\b(?:is this|is that|is it|are you|are these (?:texts|messages)|am i (?:talking|texting|chatting|"
    r"speaking|writing) (?:to|with)|eres|es usted|estoy hablando con|hablo con|esto es)|(?:^|[?.!,¿] ?)es)"
    rf"(?: just| really| actually| even)? {_BOT}{_READING}?{_OR_BOT}{_READING}?"
    rf"|\bis {_BOT}{_READING}{_OR_BOT}"
    r"|\bwho (?:am i|are we) (?:talking|texting|chatting|speaking) (?:to|with)\b|\bwho is this\b"
    r"|\bquien (?:habla|es|me escribe)\b(?= ?[?.!,]|$)"
)
_ONE = re.compile(r"\bone\b")
# What may remain of a message that only asks about the bot ("are you a bot lol, just curious").
_CHATTER = frozenset(
    {"hi", "hey", "hello", "hola", "oye", "ok", "so", "lol", "haha", "jaja", "lmao", "hmm", "um", "btw", "just"}
    | {"curious", "wondering", "asking", "quick", "question", "una", "pregunta", "nomas", "pregunto", "me", "honestly"}
    | {"seriously", "really", "actually", "no", "offense", "be", "to", "i", "am", "the", "or", "what", "yes", "si"}
    | {"sorry", "but", "and", "y", "pero", "thanks", "right", "now", "though", "tho", "here", "there", "it", "this"}
)
_VISIT = re.compile(r"\bstop (?:by|in|over)\b")
_OWN_VISIT = re.compile(  # someone to come and see the lead's own home: a listing visit (seller), not a bare person
    r"\b(?:come|go|swing|stop|drop|send (?:someone|somebody|an agent|one of your agents)|venir|vengan|pasar|"
    r"mandar a alguien|mande a alguien)\b(?: \S+){0,4}? (?:see|look at|check out|walk|take a look at|ver|revisar|"
    r"mirar|evaluar|checar)(?: \S+){0,2}? (?:my|our|mi|mis|nuestra|nuestro|nuestras)\b"
)
_NO_PERSON = re.compile(  # a person the lead does without, or has not got: "can I tour without an agent?",
    # "sin agente", and the answer to "have you talked with a listing agent yet?": "no, we haven't talked to one"
    r"\b(?:(?:without|no need for|do not need|don't need|sin|no necesito) (?:a |an |un |una |the )?"
    r"(?:agent|realtor|person|human|agente|persona)"
    r"|(?:do not|don't|dont|did not|didn't) (?:have|hire|use|sign with|call) (?:a |an |any |the )?"
    r"(?:listing |buyer'?s? )?(?:agent|realtor)"
    r"|(?:have not|haven't|havent|not yet|never) (?:talked|spoken|spoke|worked|met|signed) (?:to|with) "
    r"(?:a |an |any |the |one |anyone|anybody)?(?:listing |buyer'?s? )?(?:agent|realtor|one\b|anyone|anybody)"
    r"|not (?:working|signed) with (?:a |an |any )?(?:agent|realtor)"
    r"|no (?:tengo|tenemos) (?:agente|realtor)|no hemos hablado con (?:un |ningun )?(?:agente|realtor))"
)
_WANTS_ONE = re.compile(  # "... can I talk to one?", "could you recommend someone?"
    r"\b(?:talk|speak|connect|recommend|refer|find|get|need|want|quiero|necesito)\b[^.?!]{0,20}?"
    r"\b(?:one|someone|somebody|an agent|a realtor|uno|alguien)\b"
)
# A bare answer to the bot's last question ("no", "not yet", "nope thanks") is never an opt-out unless the
# rule says so: the model has seen "no" in many Spanish opt-outs ("no me escriban").
_ANSWER = frozenset(
    {"no", "nope", "nah", "not", "yet", "really", "sure", "yes", "yeah", "yep", "si", "ok", "okay", "k", "thanks"}
    | {"thank", "you", "gracias", "todavia", "aun", "maybe", "later", "now", "right", "lol", "haha", "jaja", "jajaja"}
    | {"hmm", "i", "do", "know", "sorry", "por", "ahora", "tal", "vez", "bueno", "good", "fine", "cool", "so", "far"}
)
# A bare "agent", "HUMAN", "real person pls", "persona real por favor": the phone-menu way of asking for a person.
_PERSON_KEYWORDS = frozenset({"agent", "human", "person", "representative", "operator", "agente", "humano", "persona"})
_PERSON_FILLER = frozenset({"a", "an", "real", "actual", "live", "please", "now", "asap", "i", "want", "need", "una"})
_PERSON_FILLER |= frozenset({"un", "real", "por", "favor", "de", "verdad", "quiero", "necesito", "the", "get", "me"})
# Each rule's precision on the development set, as its confidence (measured by the helpers of
# tests/integration/test_intent_measure.py; rules are not trained, so there is nothing to hold out):
# opt-out phrases and keywords in a sentence 171 of 182, bare keywords 46 of 46, requests for a person
# 173 of 173, bot questions 14 of 14
# (of 24: ten older dev lines label "are you a bot?" a human request, against the label definitions);
# no plan said outright, where the model leaned to one, 7 of 7 (few: (7 + 1) / (7 + 2) taken); someone to
# come and see the lead's own home, 11 of 11 ((11 + 1) / (11 + 2)).
RULE_CONFIDENCE = {"opt_out_keyword": 0.99, "opt_out": 0.94, "person": 0.97, "bot_question": 0.95}
RULE_CONFIDENCE |= {"not_a_plan": 0.89, "own_visit": 0.92}
# The model's probabilities are sharpened (< 1) or softened (> 1) by this temperature to be calibrated:
# the value minimising log loss on out-of-fold dev probabilities (`best_temperature` in
# tests/integration/test_intent_measure.py).
TEMPERATURE = 0.4


@dataclass(frozen=True)
class Intent:
    intent: str  # one of INTENTS
    confidence: float  # the probability that `intent` is right (see the module docstring)


def _words(clean: str) -> list[str]:
    return _WORDS.findall(_OPT_OUT_WORDS.sub("optout", clean))


def _only(words: list[str], keywords: frozenset[str], filler: frozenset[str]) -> bool:
    """True when the message is one of `keywords`, give or take `filler` ("STOP please", "END!")."""
    present = set(words)
    return bool(present & keywords) and present <= keywords | filler


def _opts_out(clean: str) -> bool:
    clean = without_narrowing(clean)
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


# A contact preference is no request for a person: "call or text anytime", "llámeme o mándeme mensaje".
_EITHER_WAY = re.compile(
    r"\b(?:call|text|message) (?:me |us )?or (?:call|text|message)(?: me| us)?\b"
    r"|\b(?:llameme|llamame|llamenme|marqueme|marcame) (?:o|y) "
    r"(?:mandeme|mandame|escribame|escribeme|texteeme|envieme)\b"
)


def _asks_for_person(clean: str) -> bool:
    if _only(_WORDS.findall(clean), _PERSON_KEYWORDS, _PERSON_FILLER):
        return True
    clean = _EITHER_WAY.sub(" ", clean)
    return any(
        not _NEGATED_BEFORE.search(clean[max(0, match.start() - 40) : match.start()])
        for match in _PERSON_REQUEST.finditer(clean)
    )


def _without_bot_questions(clean: str) -> tuple[str, bool]:
    """The message with questions about the bot cut out, and whether there were any."""
    rest, cut = _BOT_QUESTION.subn(" ", clean)
    if cut:  # after "are you a person?", "one" is a person: "if not, get me one"
        rest = _ONE.sub("a person", rest)
    return " ".join(rest.split()), cut > 0


def calibrated(probabilities: dict[str, float], temperature: float = TEMPERATURE) -> dict[str, float]:
    """Probabilities scaled by a temperature: p ** (1 / T), renormalised (the logits divided by T)."""
    scaled = {label: math.exp(math.log(max(p, 1e-12)) / temperature) for label, p in probabilities.items()}
    total = sum(scaled.values())
    return {label: value / total for label, value in scaled.items()}


def by_rule(clean: str) -> tuple[Intent | None, str]:
    """The rules' decision for normalised text, if any, and else the text the model should read."""
    if _opts_out(clean):
        keywords = STRONG_OPT_OUT_KEYWORDS | WEAK_OPT_OUT_KEYWORDS
        bare = _only(_words(clean), keywords, _OPT_OUT_FILLER)
        return Intent("opt_out", RULE_CONFIDENCE["opt_out_keyword" if bare else "opt_out"]), clean
    rest, asked_about_bot = _without_bot_questions(clean)
    if _asks_for_person(rest):
        return Intent("human_request", RULE_CONFIDENCE["person"]), rest
    if asked_about_bot and set(_WORDS.findall(rest)) <= _CHATTER:
        return Intent("information_seeking", RULE_CONFIDENCE["bot_question"]), rest
    return None, rest


def classify_with(clean: str, model: LinearTextModel, temperature: float = TEMPERATURE) -> Intent:
    """The decision for normalised text with a given model: rules first, then the model (see the docstring)."""
    decided, rest = by_rule(clean)
    if decided is not None:
        return decided
    probabilities = calibrated(model.probabilities(rest), temperature)
    # Readings the model may not make alone; the rest is renormalised, so the confidence stays a probability.
    ruled_out = {
        "opt_out": set(_WORDS.findall(rest)) <= _ANSWER  # a bare answer: "no", "not yet"
        or len(_STRONG.findall(rest)) == len(_VISIT.findall(rest)) > 0,  # "I'll stop by Sunday"
        # "can I tour without an agent?", "no, we haven't talked to one" (unless they then ask for one)
        "human_request": bool(_NO_PERSON.search(rest)) and not _WANTS_ONE.search(rest),
        "seller_intent": no_sale_ahead(rest),  # "my landlord is selling", "our house just sold"
    }
    probabilities = {label: value for label, value in probabilities.items() if not ruled_out.get(label)}
    total = sum(probabilities.values())
    probabilities = {label: value / total for label, value in probabilities.items()}
    if _OWN_VISIT.search(rest) and plan(rest) not in ("buy", "none"):  # "¿puede venir alguien a ver mi casa?"
        return Intent("seller_intent", RULE_CONFIDENCE["own_visit"])
    best = max(probabilities, key=probabilities.__getitem__)
    if best in ("buyer_intent", "seller_intent") and plan(rest) == "none":  # "not selling, but how's Kyle?"
        return Intent("information_seeking", RULE_CONFIDENCE["not_a_plan"])
    return Intent(best, round(probabilities[best], 3))


def classify_clean(clean: str) -> Intent:
    """The intent of one inbound message already normalised by `ehub.conversation.text.normalise`."""
    return classify_with(clean, load_model("intents"))


def classify(text: str) -> Intent:
    """The intent of one inbound message."""
    return classify_clean(normalise(text))
