"""The Jorge conversation engine, the policy: one inbound message in, one decision (and perhaps a
reply) out.

The same engine serves GoHighLevel webhooks, the chat API and `ehub chat`. It decides; the Lead,
Buyer and Seller bots (`lead_bot`, `buyer_bot`, `seller_bot`) and the templates (`wording`) speak.
It runs fully offline; a language-model layer may later write replies inside these decisions,
never make the routing, scoring, consent, compliance or handoff decisions made here.

Each message is read once (bounded, normalised, its language known), then, in order of precedence:
1. consent (TCPA): STOP in any form opts out with one confirmation, START opts back in; opted-out
   leads get no reply; web chat never changes the consent of a lead who came by text;
2. what the lead said always counts: slots are merged and the lead rescored, even after a handoff
   (a language model's reading of the same message, checked, fills only the slots the rules did not
   read: `ehub.conversation.model_slots`);
3. a person has taken over: the lead's later messages are acknowledged (at most hourly) and routed
   to the agent as a task, never dropped, and the lead's bot kept up to date; a pause from the CRM
   (do-not-disturb) stays silent;
4. fair-housing-sensitive questions get neutral sources and a flag (a plan stated beside one still
   routes the lead to the Buyer or Seller bot);
5. a request for a person, or for legal or financial advice, hands over;
6. questions are answered before the next qualifying question: "are you a bot?" honestly, market
   questions with the marts' figures and their period; a complaint gets an apology, never "Great!";
7. qualification by the Lead bot, or matching by the Buyer and Seller bots, switching between them
   only when the change of course is confirmed; a lead turning hot is handed to an agent.
Every outbound text passes the fair-housing guard. The experiment variant (`state.variant`) and
the lead's language pick the words only; every decision above is the same whatever they are.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ehub.bots import booking, buyer_bot, lead_bot, seller_bot
from ehub.bots.exchange import Exchange, MarketData
from ehub.bots.in_context import (
    answer_keeps_plan,
    answer_to_last_question,
    says_yes_or_no,
    with_model_slots,
    within_plan,
)
from ehub.bots.listing_answers import answer_listing_question
from ehub.bots.market_answers import answer_market_question
from ehub.bots.state import LeadState
from ehub.bots.turn import Turn
from ehub.compliance.steering import steering_topic_clean
from ehub.conversation.asks import (
    asks_a_follow_up,
    asks_about_bot,
    asks_about_commission,
    asks_about_down_payment,
    asks_about_listing,
    asks_about_market,
    asks_about_rent,
    asks_about_taxes,
    asks_for_advice,
    asks_for_later,
    is_complaint,
    is_sensitive,
    wants_a_person,
)
from ehub.conversation.intent import Intent, asks_for_person, classify_clean, without_bot_questions
from ehub.conversation.model_slots import ModelSlots
from ehub.conversation.opt_out import is_opt_in, is_opt_out
from ehub.conversation.reading import read
from ehub.conversation.scoring import HOT, score_lead
from ehub.conversation.slots import LeadSlots, extract_clean
from ehub.errors import UnavailableError
from ehub.privacy.notices import DEVELOPMENT_NOTICES, Notices

__all__ = ["Engine", "MarketData", "Turn"]

ROUTE_CONFIDENCE, LOW_CONFIDENCE = 0.6, 0.5  # intent confidences are calibrated probabilities
# A move further off than this is nurtured by the Lead bot, not qualified by the Buyer or Seller bot.
LONG_HORIZON_MONTHS = 12
# An opt-out only the model saw (the keyword rules catch nearly every real one): acted on when the
# model is near certain, checked with the lead when it is fairly sure, read on as information below.
SURE_OPT_OUT, CHECK_OPT_OUT = 0.97, 0.85
ACKNOWLEDGE_EVERY = timedelta(hours=1)  # after a handoff, the lead hears from the bot at most hourly
FOLLOW_UP_TASK_HOURS = 1
BOTS = {"lead": lead_bot.respond, "buyer": buyer_bot.respond, "seller": seller_bot.respond}


class Engine:
    def __init__(
        self,
        market: MarketData | None = None,
        calendar: booking.Calendar | None = None,
        *,
        notices: Notices = DEVELOPMENT_NOTICES,
    ) -> None:
        """`calendar`: the bookings calendar the Buyer and Seller bots offer free slots from. `notices`:
        the brokerage the introduction names, from the process's settings (placeholders without any)."""
        self.market, self.calendar, self.notices = market, calendar, notices

    def respond(
        self,
        state: LeadState,
        text: str,
        *,
        now: datetime,
        may_change_consent: bool = True,
        model_slots: ModelSlots | None = None,
    ) -> Turn:
        """Decide what to do with one inbound message; updates `state` in place.

        `may_change_consent` False (web chat with a lead who came by text): STOP and START are
        acknowledged but change nothing, since consent changes only on the lead's own channel.
        `model_slots`: what a language model read from the same message, already checked
        (ehub.conversation.model_slots); added under the rules' reading, never over it."""
        reading = read(text, language=state.language)
        state.language = reading.language
        understood = within_plan(state, reading.clean, classify_clean(reading.clean))
        state.replies += 1
        turn = Turn(
            reply=None,
            bot=state.bot,
            intent=understood.intent,
            confidence=understood.confidence,
            lead_score=state.score,
            temperature=state.temperature,
            variant=state.variant,
            language=reading.language,
        )
        exchange = Exchange(state, reading, now, turn, self.notices, self.market, calendar=self.calendar)
        if understood.intent == "opt_out" and not is_opt_out(reading.text) and booking.cancels_appointment(exchange):
            understood = Intent("information_seeking", understood.confidence)
            turn.intent = understood.intent
            turn.reasons.append("asked to cancel the appointment: not an opt-out")
        if understood.intent == "opt_out" and not is_opt_out(reading.text):
            understood, check = _model_opt_out(exchange, understood)
            if check is not None:
                return check
        decided = _consent(exchange, understood, may_change_consent)
        if decided is not None:
            return decided

        before = state.slots
        said = extract_clean(reading.clean, today=now.date())
        if model_slots is not None:
            said = with_model_slots(turn, said, model_slots)
        understood = answer_keeps_plan(exchange, understood, said)
        state.slots = answer_to_last_question(state, reading.clean, state.slots.merge(said))
        was_hot = state.score >= HOT
        _rescore(state, turn)
        booked = booking.respond(exchange)  # a slot picked, a reschedule, a cancellation: even after the handoff
        if booked is not None:
            return booked
        if state.handed_off:
            _route(state, turn, understood, said)  # still the right bot on record, for the agent and the marts
            return _after_handoff(exchange, said)
        if state.crm_pauses:
            turn.reasons.append(f"automation paused in the CRM ({', '.join(state.crm_pauses)})")
            return turn

        # "¿o hay una persona del otro lado?" asks who answers, not who lives somewhere
        topic = steering_topic_clean(without_bot_questions(reading.clean)[0])
        if topic is not None:
            _route(state, turn, understood, said)  # the plan still counts: "3 bed near good schools in Round Rock"
            turn.compliance_flags.append("fair_housing")
            turn.reasons.append(f"steering-sensitive question about {topic}: neutral sources only")
            return exchange.say(exchange.words(f"steering.{topic}"))
        if (
            understood.intent == "human_request"
            and asks_about_bot(reading.clean)
            and not (wants_a_person(reading.clean) or asks_for_person(reading.clean))
        ):
            understood = Intent("information_seeking", understood.confidence)  # "is this a real person?"
            turn.intent = understood.intent
        if understood.intent == "human_request":
            return exchange.handoff("human_request")
        if asks_for_advice(reading.clean):
            return exchange.handoff("advice")
        exchange.tone = "sorry" if is_complaint(reading.clean) else "gentle" if is_sensitive(reading.clean) else None
        answered = _answer_questions(exchange, said)
        exchange.answered_the_lead = bool(exchange.preface)
        if answered is not None:
            return answered
        if asks_for_later(reading.clean) and before == state.slots and not exchange.preface:
            _route(state, turn, understood, said)
            turn.reasons.append("the lead is busy now: no question until they write again")
            return exchange.say(exchange.words("later"))
        if state.last_answer in ("market", "listing", "taxes"):  # a question answered: qualify, no new search
            return _keep_qualifying(exchange)
        declined = _not_a_client(exchange)
        if declined is not None:
            return declined
        yes_or_no = says_yes_or_no(reading.clean)
        understood_enough = understood.confidence >= LOW_CONFIDENCE or yes_or_no or bool(exchange.preface)
        state.low_confidence_streak = 0 if understood_enough else state.low_confidence_streak + 1
        if state.low_confidence_streak >= 2 and before == state.slots:
            return exchange.handoff("low_confidence")

        _route(state, turn, understood, said)
        if booking.ready_to_book(exchange):  # free slots first: the booking itself hands the lead over
            offered = booking.offer(exchange)
            if offered is not None:
                return offered
        if not was_hot and state.score >= HOT and state.bot_turns >= 1:
            return exchange.handoff("hot_lead")
        try:
            return BOTS[state.bot](exchange)
        except UnavailableError as unavailable:
            turn.reasons.append(f"market data unavailable ({unavailable.code}): kept qualifying")
            return lead_bot.respond(exchange)


def _model_opt_out(exchange: Exchange, understood: Intent) -> tuple[Intent, Turn | None]:
    """An opt-out the rules did not see: (what to read the message as, a reply asking the lead, or None)."""
    turn, state, confidence = exchange.turn, exchange.state, understood.confidence
    rejecting = bool(state.shown_listings) and buyer_bot.rejects_listings(exchange.reading.clean)
    if confidence >= SURE_OPT_OUT and not rejecting:
        return understood, None
    turn.intent = "information_seeking"
    if confidence < CHECK_OPT_OUT or rejecting:  # "lease ends in June"; "not for me, too far" after listings
        turn.reasons.append(f"the model alone read an opt-out at {confidence:.2f}: not acted on")
        return Intent("information_seeking", confidence), None
    turn.reasons.append(f"the model alone read an opt-out at {confidence:.2f}: asked the lead before acting")
    return understood, exchange.say(exchange.words("consent_check"), count_turn=False)


def _consent(exchange: Exchange, understood: Intent, may_change_consent: bool) -> Turn | None:
    """STOP and START (TCPA), decided before anything else; None when the message is neither."""
    state, turn, text = exchange.state, exchange.turn, exchange.reading.text
    if not may_change_consent and (understood.intent == "opt_out" or (state.opted_out and is_opt_in(text))):
        turn.reasons.append("consent changes only on the lead's own channel: web chat changed nothing")
        return exchange.say(exchange.words("consent_on_own_channel"), count_turn=False)
    if state.opted_out:
        if is_opt_in(text):
            state.opted_out = False
            turn.actions.append({"type": "dnd", "enabled": False})
            return exchange.say(exchange.words("opt_in_confirmation"), count_turn=False)
        turn.reasons.append("opted out: no automated reply")
        return turn
    if understood.intent == "opt_out":
        state.opted_out = True
        _rescore(state, turn)
        turn.actions.append({"type": "dnd", "enabled": True})
        return exchange.say(exchange.words("opt_out_confirmation"), count_turn=False)
    return None


def _keep_qualifying(exchange: Exchange) -> Turn:
    if exchange.state.bot == "seller":
        return exchange.qualify(seller_bot.QUESTIONS, "seller")
    return exchange.qualify(lead_bot.QUESTIONS, "lead")


def _not_a_client(exchange: Exchange) -> Turn | None:
    """A renter, a vendor, someone not buying or selling: a kind word, no qualifying questions."""
    slots = exchange.state.slots
    kind = (
        "vendor"
        if slots.vendor
        else "renting"
        if slots.renting and slots.plan != "buy"
        else "not_in_market"
        if slots.not_in_market
        else None
    )
    if kind is None:
        return None
    exchange.turn.reasons.append(f"not a client ({kind}): no qualifying questions")
    return exchange.say(exchange.words(f"decline.{kind}"))


def _after_handoff(exchange: Exchange, said: LeadSlots) -> Turn:
    """A person has the lead: route the message to them; tell the lead it arrived, at most hourly.
    A person who took over in the CRM answers for themselves, so the bot says nothing then."""
    state, turn = exchange.state, exchange.turn
    turn.reasons.append(f"automation paused since handoff ({state.handoff_reason})")
    if state.handoff_reason == "crm_tag":
        return turn
    last = state.acknowledged_after_handoff
    if last is not None and exchange.now - datetime.fromisoformat(last) < ACKNOWLEDGE_EVERY:
        turn.reasons.append("acknowledged within the hour: the agent has the conversation")
        return turn
    state.acknowledged_after_handoff = exchange.now.isoformat()
    turn.actions.append(
        {
            "type": "task",
            "title": "Jorge: the lead wrote again after the handoff",
            "due_in_hours": FOLLOW_UP_TASK_HOURS,
            "for": "assigned_agent",
        }
    )
    when = exchange.when_agents_answer()
    if said.area:  # "what about Leander?": say which question reached the agent
        return exchange.say(exchange.words("after_handoff.about", topic=said.where, when=when), count_turn=False)
    return exchange.say(exchange.words("after_handoff", when=when), count_turn=False)


def _answer_questions(exchange: Exchange, said: LeadSlots) -> Turn | None:
    """Answer what was asked before qualifying goes on: a reply of its own, or None to carry on."""
    clean, state = exchange.reading.clean, exchange.state
    follows = state.last_answer if state.last_answer in ("market", "taxes") and asks_a_follow_up(clean) else None
    state.last_answer = None
    if asks_about_commission(clean):  # negotiable and in writing; the figure is the agent's to discuss
        exchange.turn.reasons.append("asked about commission: negotiable, agreed in writing")
        exchange.answer_then_continue(exchange.words("commission"))
    if asks_about_down_payment(clean):  # the usual shares by loan type; the lender says what fits
        exchange.turn.reasons.append("asked about the down payment: the usual shares, the lender to confirm")
        exchange.answer_then_continue(exchange.words("down_payment"))
    if asks_about_bot(clean):
        exchange.turn.reasons.append("asked whether Jorge is a bot: answered honestly")
        exchange.answer_then_continue(exchange.words("bot_disclosure"))
        return None
    if asks_about_taxes(clean) or follows == "taxes":  # no rate quoted: how Texas taxes a home, who looks one up
        places = said.areas  # every area this message named, in order, read once with its slots
        exchange.turn.reasons.append("asked about property taxes: explained, the exact rate left to the agent")
        exchange.turn.intent = "information_seeking" if follows else exchange.turn.intent
        exchange.answer_then_continue(
            exchange.words("taxes", areas=exchange.words("and").join(places) or exchange.words("taxes.texas"))
        )
        state.last_answer = "taxes"
        return None
    if asks_about_rent(clean):  # the marts hold sales, not rents: say so, name the place, offer what we have
        exchange.turn.reasons.append("asked what homes rent for: no rent figures, deferred honestly")
        exchange.answer_then_continue(
            exchange.words("market.rent", area=state.slots.where or exchange.words("austin_area"))
        )
        return None
    topic = asks_about_listing(clean) if state.shown_listings else None
    if topic is not None and answer_listing_question(exchange, topic):
        return None
    if asks_about_market(clean) or follows == "market":
        if follows:  # "and for 4 bedrooms?" narrows the market question, it is not a plan to buy
            exchange.turn.intent = "information_seeking"
        return answer_market_question(exchange)
    return None


def _rescore(state: LeadState, turn: Turn) -> None:
    scored = score_lead(state.slots, replies=state.replies, opted_out=state.opted_out)
    state.score, state.temperature = scored.score, scored.temperature
    turn.lead_score, turn.temperature = scored.score, scored.temperature
    turn.reasons.extend(scored.reasons)


def _route(state: LeadState, turn: Turn, understood: Intent, said: LeadSlots) -> None:
    """Lead bot until buyer or seller intent is clear; between buyer and seller, switch only when the
    other intent comes twice in a row: a buyer mentioning the condo they might list stays a buyer.
    A plan the message states outright ("we need a house in Buda") outranks the intent model. A
    lead whose move is more than a year off stays with the Lead bot (and its nurture) until it nears."""
    target = {"buy": "buyer", "sell": "seller"}.get(said.plan or "") or {
        "buyer_intent": "buyer",
        "seller_intent": "seller",
    }.get(understood.intent)
    confident = understood.confidence >= ROUTE_CONFIDENCE or said.plan in ("buy", "sell")
    if target is None or target == state.bot or not confident:
        state.pending_route = None if target == state.bot else state.pending_route
        return
    months = state.slots.months_to_move
    if state.bot == "lead" and months is not None and months > LONG_HORIZON_MONTHS:
        turn.reasons.append(f"{target} intent, but the move is {months} months off: the lead bot nurtures")
        return
    if state.bot == "lead" or state.pending_route == target:
        turn.reasons.append(f"routed {state.bot} -> {target} ({understood.intent} {understood.confidence:.2f})")
        turn.actions.append({"type": "route", "from": state.bot, "to": target})
        state.bot, state.pending_route = target, None
        state.asked.clear()
    else:
        state.pending_route = target
        turn.reasons.append(f"{target} intent seen once; staying with the {state.bot} bot")
    turn.bot = state.bot
