"""What Jorge understands a lead to want: behaviour a broker would notice, the shipped model, and
an honest measure of it.

The measure is cross-validation over the development files only (`evals/dev/intents*.tsv`; the
frozen test split is never read here): each fold's model is trained exactly as `ehub train
intents` trains the shipped one, on the other folds plus every extra dev file we wrote ourselves
(`intents_more.tsv`), and scored only on the team's independently written lines it did not see.
Duplicates (the same text after normalisation) stay in one fold. The measure trains the model
five times, so it lives with the slower layer: tests/integration/test_intent_measure.py.
"""

from __future__ import annotations

import hashlib

import pytest

from ehub.conversation.intent import (
    INTENTS,
    MODEL_VERSION,
    by_rule,
    classify,
    classify_clean,
)
from ehub.conversation.opt_out import is_opt_out
from ehub.conversation.text import normalise
from ehub.learning.linear import MODELS_DIR, load_model
from ehub.learning.train import SPECS, normalised_digest, training_files, training_texts

# -- behaviour ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "STOP",
        "𝐒𝐓𝐎𝐏",
        "S T O P",
        "end",
        "please stop texting me",
        "we're pre-approved and love Kyle, but stop texting me",
        "can someone call me? never mind, unsubscribe",
        "is this a bot? either way, quit texting me",
        "I want to sell my house but not with you, take me off your list",
        "wrong number, I'm not Carlos",
        "ya no me escriban por favor",
        "dejen de mandarme mensajes, ya compramos casa",
        "stop sending me listings, we're done looking",
        "will you stop already",
        "make it stop",
        "take me off your list, just stop",
        "DNC",
        "🛑",
        "> STOP",
    ],
)
def test_an_opt_out_wins_in_any_form_and_language(text: str) -> None:
    assert is_opt_out(text), "the deterministic rule catches it, whatever the model says"
    assert classify(text).intent == "opt_out"


@pytest.mark.parametrize(
    "text",
    [
        "I'd like to be removed from whatever list this is",
        "you've got the wrong person, please lose this number",
        "no me vuelvan a mandar nada",
        "no quiero more texts, gracias",
    ],
)
def test_an_opt_out_the_rule_may_not_know_is_still_an_opt_out(text: str) -> None:
    assert classify(text).intent == "opt_out"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("can we stop by the open house on Saturday? we're pre-approved", "buyer_intent"),
        ("no more than 400k, looking in Buda", "buyer_intent"),
        ("cancel my 3pm showing, can we see the Kyle house Sunday instead?", "buyer_intent"),
        ("no", "information_seeking"),
        ("not yet", "information_seeking"),
        # a change of search, not a revocation: one kind of listing dropped, another asked for
        ("stop sending me the townhome listings, single family only from now on", "buyer_intent"),
        ("unsubscribe us from the Manor alerts but keep Hutto ones, still buying in May", "buyer_intent"),
        # "stop" whose subject is not the texts
        ("when will mortgage rates stop climbing?", "information_seeking"),
        ("does the HOA stop you from renting it out?", "information_seeking"),
        ("2 bed near the Crestview rail stop, buying this summer", "buyer_intent"),
        ("the listing shows the wrong number of baths, is it 2 or 3? we want to offer", "buyer_intent"),
        ("I'm not trying to unsubscribe, I just want an agent to call me", "human_request"),
        ("¿cuándo hay que dar de baja la exención de homestead?", "information_seeking"),
        # what a reply quotes of our own text is not the lead's words
        (
            "Saturday at 10 works for the Hutto one.\n\nOn Mon, May 4, Jorge wrote:\n> Reply STOP to opt out",
            "buyer_intent",
        ),
        ("we'd like to see the first two this weekend > Reply STOP to unsubscribe", "buyer_intent"),
    ],
)
def test_words_that_only_look_like_an_opt_out_do_not_opt_out(text: str, intent: str) -> None:
    assert classify(text).intent == intent


@pytest.mark.parametrize(
    "text",
    ["are you a bot?", "is this automated?", "wait, am I texting a real person?", "¿eres un robot?", "r u a bot lol"],
)
def test_asking_whether_jorge_is_a_bot_is_a_question_not_a_request_for_a_person(text: str) -> None:
    assert classify(text).intent == "information_seeking"


@pytest.mark.parametrize(
    "text",
    [
        "are you a bot? if so I want a person",
        "can someone call me this afternoon?",
        "I'd rather talk to an actual agent",
        "agent please",
        "¿me puede llamar un agente mañana?",
        "Quiero hablar con una persona",
        "can a real agent llamarme? tengo preguntas",
    ],
)
def test_an_explicit_request_for_a_person_is_always_a_human_request(text: str) -> None:
    assert classify(text) == by_rule(normalise(text))[0]
    assert classify(text).intent == "human_request"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("My lender pre-approved us for 400, looking in Leander", "buyer_intent"),
        ("what's my neighbour's house worth? they just put up a sign", "information_seeking"),
        ("what's my house in Hutto worth? we're thinking of selling in the spring", "seller_intent"),
        ("not selling, just curious what homes on my street go for", "information_seeking"),
        ("how do property taxes work in Williamson County?", "information_seeking"),
        # "what happens with", not "put me through to"
        ("¿qué pasa con el enganche si el avalúo sale bajo?", "information_seeking"),
    ],
)
def test_whose_house_and_whose_plan_decide_between_information_and_a_transaction(text: str, intent: str) -> None:
    assert classify(text).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Buscamos casa de 3 recámaras en Manor, tenemos el préstamo aprobado", "buyer_intent"),
        ("Quiero vender mi casa en Pflugerville este verano", "seller_intent"),
        ("¿Cuánto son los gastos de cierre en Texas?", "information_seeking"),
        ("we want to comprar una casa en Kyle, ya tenemos pre-approval", "buyer_intent"),
        ("my mom quiere vender su house en Round Rock", "seller_intent"),
        ("lookin 4 a 3bd in round rok, max 400k", "buyer_intent"),
        ("hi this is Ana I want to list my condo downtown it's two bedrooms can you help me", "seller_intent"),
    ],
)
def test_spanish_spanglish_shorthand_and_voice(text: str, intent: str) -> None:
    assert classify(text).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("we're buying in Hutto this spring, how do MUD taxes work?", "buyer_intent"),
        ("we want to sell our house in Kyle, do we pay capital gains?", "seller_intent"),
        ("looking to buy in Cedar Park, can an agent call me tonight?", "human_request"),
        ("can I talk to someone? actually no, stop texting me", "opt_out"),
    ],
)
def test_several_intents_in_one_message_follow_the_precedence(text: str, intent: str) -> None:
    assert classify(text).intent == intent


@pytest.mark.parametrize(
    "text",
    [
        "I'm a lender in Round Rock, do your agents want to partner on buyer referrals?",
        "Hi, I'm a loan officer, I'd love to be a resource for your buyers",
        "I work for a title company in Leander, can we set up a lunch with your team?",
    ],
)
def test_a_lender_pitching_the_team_is_not_a_buyer_looking_in_leander(text: str) -> None:
    """Whatever the intent model makes of the buyer words in a pitch, the engine reads a vendor: it
    never routes them to the Buyer bot nor asks them qualifying questions."""
    from datetime import UTC, datetime

    from ehub.bots.engine import Engine
    from ehub.bots.state import LeadState
    from ehub.bots.wording import say

    state = LeadState()
    turn = Engine().respond(state, text, now=datetime(2026, 11, 20, 16, tzinfo=UTC))
    assert state.bot != "buyer" and turn.reply.endswith(say("decline.vendor")), turn.reply


def test_confidence_is_a_probability_and_clear_messages_are_sure_enough_to_route() -> None:
    for text in ("Looking for a 3 bed in Georgetown under 450k, pre-approved", "We want to list our house in Buda"):
        understood = classify(text)
        assert understood.intent in ("buyer_intent", "seller_intent") and 0.6 <= understood.confidence <= 1.0
    assert classify("STOP").confidence > 0.9


def test_classify_clean_reads_text_normalised_once_by_the_engine() -> None:
    for text in ("Quiero vender mi casa", "𝐒𝐓𝐎𝐏", "r u a bot", "lookin 4 a hous in kyle"):
        assert classify_clean(normalise(text)) == classify(text)


# -- the shipped model ----------------------------------------------------------------------------


def test_the_shipped_model_was_trained_on_the_current_dev_files() -> None:
    """A dev file added or edited without `ehub train intents` fails here, not in production."""
    model = load_model("intents")
    on_disk = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in training_files(SPECS["intents"])}
    assert model.trained_on["files"] == on_disk, "run `ehub train intents` and commit the model"
    assert set(model.classes) == set(INTENTS)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_shipped_model_learnt_from_its_texts_normalised_as_the_engine_now_reads_them(name: str) -> None:
    """A normaliser changed after training (a shorthand expanded, an accent folded) leaves the model
    weighing features the engine no longer produces: `ehub train NAME` again."""
    spec = SPECS[name]
    texts, _ = training_texts(spec, training_files(spec))
    assert load_model(name).trained_on["normalised"] == normalised_digest(texts), f"run `ehub train {name}`"


def test_the_model_version_names_the_weights_in_use() -> None:
    digest = hashlib.sha256((MODELS_DIR / "intents.json").read_bytes()).hexdigest()
    assert MODEL_VERSION.endswith(digest[:12])


@pytest.mark.parametrize(
    "text",
    [
        "We have zero intention of selling, just curious what the place next door went for",
        "I'm not selling, but what are homes around Mueller going for lately?",
        "mi hermano no la quiere vender, nomás queremos saber cuánto vale",
        "no pensamos vender, ¿cómo está el mercado en Buda?",
        "We are not buying, we just want to understand how closing costs work in Texas",
    ],
)
def test_saying_outright_there_is_no_plan_makes_a_question_information(text: str) -> None:
    assert classify(text).intent == "information_seeking"


@pytest.mark.parametrize(
    "text",
    [
        "not selling until we find our next place, then we list the Hutto house",
        "we're not selling the old one, we'll rent it out. We want something bigger in Buda",
    ],
)
def test_a_negation_that_leaves_a_plan_standing_keeps_a_plan(text: str) -> None:
    assert classify(text).intent in ("buyer_intent", "seller_intent")


@pytest.mark.parametrize("text", ["could we see the Elm St one without an agent?", "¿puedo ver la casa sin agente?"])
def test_doing_without_an_agent_is_not_asking_for_one(text: str) -> None:
    assert classify(text).intent != "human_request"


def test_restating_the_search_while_dropping_a_kind_is_not_an_opt_out_but_a_search_that_is_over_is() -> None:
    assert not is_opt_out("4 bedrooms in Hutto, max 450. Quit sending me townhomes.")
    assert is_opt_out("stop sending me houses, already bought one")
    assert is_opt_out("quit sending me townhomes, we bought a 4 bed under 450 last week")


def test_stop_as_in_a_visit_is_never_an_opt_out_by_the_model_alone() -> None:
    assert classify("we might stop by the open house on Elm this Sunday").intent != "opt_out"
    assert classify("I'll stop in at the office Tuesday, and stop texting me after that").intent == "opt_out"


def test_a_spouse_who_wants_to_sell_keeps_the_plan_and_no_intention_of_selling_is_none() -> None:
    assert classify("No tengo intención de vender, solo quiero saber el valor de mi casa").intent == (
        "information_seeking"
    )
    assert classify("I don't want to sell but my husband does, what would we get for it?").intent == "seller_intent"


@pytest.mark.parametrize(
    "text", ["our landlord is selling and we must move out by March", "los dueños van a vender la casa que rentamos"]
)
def test_someone_else_selling_is_not_the_leads_plan_to_sell(text: str) -> None:
    assert classify(text).intent != "seller_intent"


@pytest.mark.parametrize(
    "text",
    ["We closed on our old place last week and have to be out by Friday", "ya vendimos la casa, hay que salir pronto"],
)
def test_a_sale_already_done_is_not_seller_intent(text: str) -> None:
    assert classify(text).intent != "seller_intent"


def test_a_sale_still_to_come_after_one_done_is_seller_intent() -> None:
    assert classify("The condo sold last month, now we need to sell the house in Buda too").intent == "seller_intent"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("we want to list the Elgin house, call me or text me whenever", "seller_intent"),
        ("queremos vender la casa de Manor, llámame o escríbeme", "seller_intent"),
        ("please call me about listing the Elgin house", "human_request"),
    ],
)
def test_a_contact_preference_is_not_a_request_for_a_person(text: str, intent: str) -> None:
    assert classify(text).intent == intent


@pytest.mark.parametrize(
    "text",
    [
        "¿pueden mandar a alguien a revisar nuestra casa en Elgin?",
        "could somebody swing by to see our place in Bastrop?",
    ],
)
def test_someone_to_come_see_the_leads_own_home_is_a_sellers_visit(text: str) -> None:
    assert classify(text).intent == "seller_intent"


@pytest.mark.parametrize(
    "answer",
    [
        "No, we haven't talked to an agent yet",
        "I don't have an agent",
        "not working with a realtor right now",
        "we never signed with a listing agent",
        "no tenemos agente todavía",
    ],
)
def test_saying_there_is_no_agent_yet_answers_the_question_and_asks_for_no_one(answer: str) -> None:
    assert classify(answer).intent != "human_request"


@pytest.mark.parametrize(
    "request_", ["I don't have an agent, can I talk to one?", "we don't have a realtor, could you find us someone?"]
)
def test_no_agent_yet_then_asking_for_one_is_a_request_for_a_person(request_: str) -> None:
    assert classify(request_).intent == "human_request"
