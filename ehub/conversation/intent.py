"""The intent of an inbound lead message, with a confidence that means a probability.

Taxonomy (exactly): `buyer_intent`, `seller_intent`, `information_seeking`, `opt_out`,
`human_request`. A message holding several takes the first of opt_out > human_request >
buyer/seller > information_seeking. Everything reads text normalised once (`ehub.conversation.text`:
fancy and invisible characters folded, spelled-out and stretched words joined, shorthand and accents
undone); `classify_clean` takes such text, `classify` normalises first.

Two layers, because a mistake costs differently by intent:

1. Deterministic rules where the law or the business needs certainty. An opt-out always wins
   (`ehub.conversation.opt_out`): missing a STOP is a TCPA violation. An explicit request for a person comes next
   (`_PERSON_REQUEST`: talk to / have someone call / transfer me / a bare "agent"), in English
   and Spanish, unless negated ("no need to call me") or a contact preference ("call or text
   anytime"): missing it loses the lead. A question about the bot itself ("are you a bot?", "¿eres
   persona real?") is *not* a request for a person, the bot answers it honestly; it is cut out before
   the rest is read, so "are you a bot? if so get me a person" still asks for one, and a message that
   is only that question (or "who's texting me? I don't recognise this number") is information.
2. Everything else goes to a linear text model (TF-IDF over words, word pairs and character
   n-grams; multinomial logistic regression) trained by `ehub train intents` on every
   `evals/dev/intents*.tsv`: the open-ended ways leads say they buy, sell or just ask, in English,
   Spanish and Spanglish, with typos. The model may also find an opt-out or a request for a person
   the rules do not know; it decides by its most probable label, except that a bare answer to the
   bot's question ("no", "not yet", "nope thanks") is never an opt-out by the model alone: "no"
   is a word of many Spanish opt-outs; a request to write later ("estoy trabajando, escríbame más
   tarde") is neither an opt-out nor a request for a person unless the rules read one ("call me
   later"); doing without a person ("tour without an agent?") is no request for one, nor is turning
   a call down ("no need to call me"), which with texts asked for instead ("no me llames, mándame
   las casas") is no opt-out either; someone to come and see the lead's own home ("¿puede venir
   alguien a ver mi casa?") is a seller's listing visit, and so is unloading it ("do you buy houses?
   I need to get rid of mine"); saying outright there is no plan ("not looking to sell, but how's the
   market?", "no vamos a vender": `signals.plan`) makes a message information, not the plan the model
   leans to.

Confidence is a probability. A rule's is its precision on the development set (out of the test
split); the model's is its probability after temperature scaling (`TEMPERATURE`, fitted on
out-of-fold probabilities of the development set by `tests/integration/test_intent_measure.py`), so
"0.7" is right about 70 % of the time. The engine reads below 0.5 as "not understood" and routes
to the buyer or seller bot from 0.6.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from ehub.conversation.asks import asks_for_later
from ehub.conversation.opt_out import STRONG_KEYWORD, is_bare_opt_out, only, opts_out
from ehub.conversation.signals import asks_own_value, no_sale_ahead, plan
from ehub.conversation.text import WORDS, normalise
from ehub.learning.linear import MODELS_DIR, LinearTextModel, load_model
from ehub.patterns import compiled

INTENTS = ("buyer_intent", "seller_intent", "information_seeking", "opt_out", "human_request")
RULES_VERSION = "rules-2026.12.9"
_MODEL_FILE = MODELS_DIR / "intents.json"
# Which rules and which trained weights produced an intent: stored with every enriched message.
MODEL_VERSION = f"{RULES_VERSION}+intents-{hashlib.sha256(_MODEL_FILE.read_bytes()).hexdigest()[:12]}"


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
_PERSON_REQUEST = compiled(
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
_NEGATED_BEFORE = compiled(
    r"(?<!\bif )(?<!\bsi )\b(?:no|not|never|nobody|without|nunca|ni|missed)\b(?:\W+\w+){0,3}\W*$"
    # a time clause is not a request: "do I need a lender before I talk to a realtor?"
    r"|\b(?:before|after|until|once|antes de|despues de) (?:i |we |yo |nosotros )?$"
)
_BOT = (
    r"(?:(?:a|an|un|una|some kind of) )?(?:(?:real|actual|live) )?(?:bot|robot|chatbot|chat bot|machine|computer|"
    r"automated|automatic|ai|a i|artificial intelligence|person|human being|human|agent|realtor|persona|humano|"
    r"agente|maquina|computadora|ia|inteligencia artificial|real|automatico|automatizado)\b(?: (?:real|de verdad))?"
    # what is automated: "is this an automated text?", "¿es un mensaje automático?" (read as one question)
    r"(?: (?:text|texts|message|messages|reply|replies|response|system|number|line|service)\b)?"
)
_READING = (
    r"(?: (?:answering|reading|replying|responding|texting|writing)(?: to)?(?: this| me| these)?"
    r"| (?:el|la|quien) (?:que )?me (?:contesta|escribe|responde))"
)
_OR_BOT = rf"(?: (?:or|o) (?:is it |are you |is this |es )?{_BOT})*"
_BOT_QUESTION = compiled(
    r"(?:\b(?:is this|is that|is it|are you|are these (?:texts|messages)|am i (?:talking|texting|chatting|"
    r"speaking|writing) (?:to|with)|eres|es usted|estoy hablando con|hablo con|esto es)|(?:^|[?.!,¿] ?)es)"
    rf"(?: just| really| actually| even)? {_BOT}{_READING}?{_OR_BOT}{_READING}?"
    rf"|\bis {_BOT}{_READING}{_OR_BOT}"
    r"|\bwho (?:am i|are we) (?:talking|texting|chatting|speaking) (?:to|with)\b|\bwho is this\b"
    r"|\bquien (?:habla|es|me escribe)\b(?= ?[?.!,]|$)"
    # someone at the other end: "is there a real person there?", "¿o hay una persona del otro lado?"
    r"|\bis there (?:a |an )?(?:real |actual |live )?(?:person|human|someone|somebody)"
    r" (?:there|on the other end|behind (?:this|these)|reading (?:this|these))\b"
    r"|\b(?:o )?hay (?:una persona|un humano|alguien)(?: real| de verdad)?"
    r" (?:del otro lado|ahi|detras|leyendo|contestando)\b|\bo hay (?:una persona|un humano|alguien)\b"
    # who is writing, and a number the lead does not know: "¿quién me está escribiendo? no reconozco este número"
    # from which number too: "who's texting me from this number", "¿quién me escribe de este número?"
    r"|\b(?:who(?:'s| is) (?:texting|messaging|writing) (?:me|us)|quien (?:me |nos )?(?:esta |estan )?"
    r"(?:escribiendo|mandando mensajes|texteando))"
    r"(?: (?:from|de|desde) (?:this|that|your|este|ese|su) (?:number|phone|numero|telefono))?\b"
    r"|\bquien (?:me |nos )?(?:escribe|escriben|manda mensajes) (?:de|desde) (?:este|ese|su) (?:numero|telefono)\b"
    r"|\b(?:(?:i |we )?(?:do not|don't|dont) (?:recognize|know) (?:this|the|your) (?:number|phone number)"
    r"|no (?:reconozco|reconocemos|conozco|conocemos) (?:este|el|su) (?:numero|telefono))\b"
    # a number the lead has not saved: "I don't have this number saved", "no tengo este número (guardado)"
    r"|\b(?:(?:i |we )?(?:do not|don't|dont) have (?:this|the|your) (?:number|phone number)(?: saved| stored)?"
    r"|(?:this|the|your) number (?:is not|isn't|isnt) (?:saved|in my (?:phone|contacts))"
    r"|no (?:tengo|tenemos) (?:guardado )?(?:este|el|su) (?:numero|telefono)(?: guardado| registrado)?)\b"
)
_ONE = compiled(r"\bone\b")
# What may remain of a message that only asks about the bot ("are you a bot lol, just curious").
_CHATTER = frozenset(
    {"hi", "hey", "hello", "hola", "oye", "ok", "so", "lol", "haha", "jaja", "lmao", "hmm", "um", "btw", "just"}
    | {"curious", "wondering", "asking", "quick", "question", "una", "pregunta", "nomas", "pregunto", "me", "honestly"}
    | {"seriously", "really", "actually", "no", "offense", "be", "to", "i", "am", "the", "or", "what", "yes", "si"}
    | {"sorry", "but", "and", "y", "pero", "thanks", "right", "now", "though", "tho", "here", "there", "it", "this"}
    | {"please", "pls", "plz", "por", "favor", "porfa"}  # "hi who is this pls", "¿quién es? por favor"
)
_BY_PHONE = compiled(r"\b(?:call|calls|phone|llam\w*|telefono)\b")
_VISIT = compiled(r"\bstop (?:by|in|over)\b")
_OWN_VISIT = compiled(  # someone to come and see the lead's own home: a listing visit (seller), not a bare person
    r"\b(?:come|go|swing|stop|drop|send (?:someone|somebody|an agent|one of your agents)|venir|vengan|pasar|"
    r"mandar a alguien|mande a alguien)\b(?: \S+){0,4}? (?:see|look at|check out|walk|take a look at|ver|revisar|"
    r"mirar|evaluar|checar)(?: \S+){0,2}? (?:my|our|mi|mis|nuestra|nuestro|nuestras)\b"
)
_NO_PERSON = compiled(  # a person the lead does without, or has not got: "can I tour without an agent?",
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
# A call turned down ("no need to call me", "no me llames"): no request for a person; and when the lead asks
# for texts instead ("..., mejor mándame las casas por mensaje"), no opt-out from texts either.
_NO_CALL = compiled(
    r"\b(?:(?:do not|don't|dont|no need to|no) (?:call|phone|ring) (?:me|us)"
    r"|no (?:me|nos) (?:llames|llame|llamen|marques|marque|marquen))\b"
)
_TEXTS_INSTEAD = compiled(
    r"\b(?:(?:text|message|send|email) (?:me|us)|mandame|mandeme|mandenme|enviame|envieme|envienme|escribeme|"
    r"escribame|por (?:mensaje|texto|whatsapp|correo))\b"
)
_UNLOAD = compiled(  # a lead unloading their own property is a seller: "need to get rid of our house",
    # "offload three rentals", "deshacerme de mi terreno" (the model reads "do you buy houses?" as a question)
    r"\b(?:get rid of|offload|unload|liquidate|deshacerme de|deshacernos de)\b(?: \S+){0,3}? (?:my|our|mine|ours|mi|"
    r"mis|nuestra|nuestro|nuestras|\w+ (?:rentals|properties|propiedades|casas)|(?:a|the|la|una|el) (?:house|home|"
    r"condo|property|rental|duplex|casa|propiedad|terreno|lot|land))\b"
)
_WANTS_ONE = compiled(  # "... can I talk to one?", "could you recommend someone?"
    r"\b(?:talk|speak|connect|recommend|refer|find|get|need|want|quiero|necesito)\b[^.?!]{0,20}?"
    r"\b(?:one|someone|somebody|an agent|a realtor|uno|alguien)\b"
)
# A bare answer to the bot's last question ("no", "not yet", "nope thanks") is never an opt-out unless the
# rule says so: the model has seen "no" in many Spanish opt-outs ("no me escriban").
_ANSWER = frozenset(
    {"no", "nope", "nah", "not", "yet", "really", "sure", "yes", "yeah", "yep", "si", "ok", "okay", "k", "thanks"}
    | {"thank", "you", "gracias", "todavia", "aun", "maybe", "later", "now", "right", "lol", "haha", "jaja", "jajaja"}
    | {"hmm", "i", "do", "know", "sorry", "por", "ahora", "tal", "vez", "bueno", "good", "fine", "cool", "so", "far"}
    | {"please", "favor"}  # "yes please": an answer
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
# come and see the lead's own home, 11 of 11 ((11 + 1) / (11 + 2)); the value of the lead's own home asked
# ("what's my house worth?"), 40 of 41 ((40 + 1) / (41 + 2); the miss an opt-out the model keeps);
# unloading their own property, 5 of 5.
RULE_CONFIDENCE = {"opt_out_keyword": 0.99, "opt_out": 0.94, "person": 0.97, "bot_question": 0.95}
RULE_CONFIDENCE |= {"not_a_plan": 0.89, "own_visit": 0.92, "own_value": 0.95, "unload": 0.86}
# The model's probabilities are sharpened (< 1) or softened (> 1) by this temperature to be calibrated:
# the value minimising log loss on out-of-fold dev probabilities (`best_temperature` in
# tests/integration/test_intent_measure.py).
TEMPERATURE = 0.4


@dataclass(frozen=True)
class Intent:
    intent: str  # one of INTENTS
    confidence: float  # the probability that `intent` is right (see the module docstring)


# A contact preference is no request for a person: "call or text anytime", "llámeme o mándeme mensaje".
_EITHER_WAY = compiled(
    r"\b(?:call|text|message) (?:me |us )?or (?:call|text|message)(?: me| us)?\b"
    r"|\b(?:llameme|llamame|llamenme|marqueme|marcame) (?:o|y) "
    r"(?:mandeme|mandame|escribame|escribeme|texteeme|envieme)\b"
)


def _asks_for_person(clean: str) -> bool:
    if only(WORDS.findall(clean), _PERSON_KEYWORDS, _PERSON_FILLER):
        return True
    clean = _EITHER_WAY.sub(" ", clean)
    return any(
        not _NEGATED_BEFORE.search(clean[max(0, match.start() - 40) : match.start()])
        for match in _PERSON_REQUEST.finditer(clean)
    )


def asks_for_person(clean: str) -> bool:
    """A request for a person in normalised text once any question about the bot is cut out: "am I talking
    to a computer? I want a human being" asks for one, "is this a real person?" alone does not."""
    return _asks_for_person(without_bot_questions(clean)[0])


def without_bot_questions(clean: str) -> tuple[str, bool]:
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
    if opts_out(clean):
        bare = is_bare_opt_out(clean)
        return Intent("opt_out", RULE_CONFIDENCE["opt_out_keyword" if bare else "opt_out"]), clean
    rest, asked_about_bot = without_bot_questions(clean)
    if _asks_for_person(rest):
        return Intent("human_request", RULE_CONFIDENCE["person"]), rest
    if asked_about_bot and set(WORDS.findall(rest)) <= _CHATTER:
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
        "opt_out": set(WORDS.findall(rest)) <= _ANSWER  # a bare answer: "no", "not yet"
        or len(STRONG_KEYWORD.findall(rest)) == len(_VISIT.findall(rest)) > 0  # "I'll stop by Sunday"
        or asks_for_later(rest)  # "estoy trabajando, escríbame más tarde": later, not never
        or bool(_NO_CALL.search(rest) and _TEXTS_INSTEAD.search(rest)),  # "no me llames, mándame las casas"
        # "can I tour without an agent?", "no, we haven't talked to one" (unless they then ask for one)
        "human_request": (bool(_NO_PERSON.search(rest) or _NO_CALL.search(rest)) and not _WANTS_ONE.search(rest))
        or (asks_for_later(rest) and not _BY_PHONE.search(rest)),  # "text me later", not "phone call please"
        "seller_intent": no_sale_ahead(rest),  # "my landlord is selling", "our house just sold"
    }
    probabilities = {label: value for label, value in probabilities.items() if not ruled_out.get(label)}
    total = sum(probabilities.values())
    probabilities = {label: value / total for label, value in probabilities.items()}
    if _OWN_VISIT.search(rest) and plan(rest) not in ("buy", "none"):  # "¿puede venir alguien a ver mi casa?"
        return Intent("seller_intent", RULE_CONFIDENCE["own_visit"])
    if _UNLOAD.search(rest) and plan(rest) != "none":  # "do you buy houses? I need to get rid of mine"
        return Intent("seller_intent", RULE_CONFIDENCE["unload"])
    best = max(probabilities, key=probabilities.__getitem__)
    if best in ("information_seeking", "buyer_intent") and asks_own_value(rest):  # "what's my house worth?"
        return Intent("seller_intent", RULE_CONFIDENCE["own_value"])
    if best in ("buyer_intent", "seller_intent") and plan(rest) == "none":  # "not selling, but how's Kyle?"
        return Intent("information_seeking", RULE_CONFIDENCE["not_a_plan"])
    return Intent(best, round(probabilities[best], 3))


def classify_clean(clean: str) -> Intent:
    """The intent of one inbound message already normalised by `ehub.conversation.text.normalise`."""
    return classify_with(clean, load_model("intents"))


def classify(text: str) -> Intent:
    """The intent of one inbound message."""
    return classify_clean(normalise(text))
