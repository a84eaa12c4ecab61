"""What a message means where the lead is: the engine's readings adjusted by the conversation's state.

The rules and the model read one message alone (`ehub.conversation`); these read it against the
lead's plan and the bot's last question, before the engine decides: a visit, homes or a lender asked
for keeps the plan the lead is on, an answer to our own question is no change of course, a bare "yes"
or "no" answers that question, and a language model's checked slots fill only what the rules did
not read.
"""

from __future__ import annotations

from dataclasses import replace

from ehub.bots.exchange import Exchange, answered
from ehub.bots.state import LeadState
from ehub.bots.turn import Turn
from ehub.conversation.asks import asks_for_homes
from ehub.conversation.intent import Intent, by_rule
from ehub.conversation.model_slots import ModelSlots, merge_under
from ehub.conversation.readiness import asks_for_lender, wants_appointment
from ehub.conversation.slots import LeadSlots
from ehub.patterns import compiled

_YES = compiled(r"^(?:yes|yeah|yep|yup|sure|definitely|absolutely|of course|si|claro|ok|okay)\b")
_NO = compiled(r"^(?:no|nope|nah|not yet|not really|no thanks|todavia no|aun no)\b")


def within_plan(state: LeadState, clean: str, understood: Intent) -> Intent:
    """A lead with the Buyer or Seller bot who asks for a visit ("can an agent go look at it?") or for
    homes ("send me anything under 280") carries on with the plan: the model's reading of such a
    message as a question or a bare request for a person gives way to the plan's intent. A request
    for a person that the rules read ("call me") stays one."""
    planned = {"buyer": "buyer_intent", "seller": "seller_intent"}.get(state.bot)
    if planned is None or understood.intent not in ("information_seeking", "human_request"):
        return understood
    if by_rule(clean)[0] is not None:
        return understood
    if wants_appointment(clean) or (state.bot == "buyer" and (asks_for_homes(clean) or wants_a_lender(state, clean))):
        return Intent(planned, understood.confidence)
    return understood


def wants_a_lender(state: LeadState, clean: str) -> bool:
    """An introduction to a lender asked for ("can you connect us with a lender?"), or a yes to ours."""
    offered = state.last_question == "financing" and bool(state.asked.get("lender"))
    return asks_for_lender(clean) or (offered and bool(_YES.match(clean)))


def answer_keeps_plan(exchange: Exchange, understood: Intent, said: LeadSlots) -> Intent:
    """An answer to the bot's own question ("moved in by the end of next month" after "what's your
    timeline?") that states no plan of its own is no change of course: the model's reading of it as
    the other plan gives way to the plan the lead is on."""
    state, turn = exchange.state, exchange.turn
    planned = {"buyer": "buyer_intent", "seller": "seller_intent"}.get(state.bot)
    question = state.last_question
    if planned is None or understood.intent not in ("buyer_intent", "seller_intent") or understood.intent == planned:
        return understood
    if said.plan is not None or question is None or not answered(question, said):
        return understood
    turn.intent = planned
    turn.reasons.append(f"answered our {question} question: still {planned}, not {understood.intent}")
    return Intent(planned, understood.confidence)


def with_model_slots(turn: Turn, said: LeadSlots, model: ModelSlots) -> LeadSlots:
    """The message's slots with the model's added where the rules read nothing; the reasons say which."""
    merged, taken = merge_under(said, model.slots)
    if taken:
        turn.reasons.append(f"slots read by the model: {', '.join(taken)}")
    if model.dropped:
        turn.reasons.append("model slots dropped: " + ", ".join(f"{name} ({why})" for name, why in model.dropped))
    return merged


def answer_to_last_question(state: LeadState, clean: str, slots: LeadSlots) -> LeadSlots:
    """A bare "yes" or "no" answers the question the bot asked last (negation-aware: "not sure" is neither)."""
    yes, no = bool(_YES.match(clean)), bool(_NO.match(clean))
    question = state.last_question
    if yes == no or question is None or (question in slots.filled and question != "appointment"):
        return slots
    if question == "agent" and slots.has_agent is None:
        return replace(slots, has_agent=yes, filled=tuple(sorted({*slots.filled, "has_agent"})))
    if question == "financing" and slots.financing is None:
        value = "pre_approved" if yes else "not_pre_approved"
        return replace(slots, financing=value, filled=tuple(sorted({*slots.filled, "financing"})))
    if question == "appointment" and yes:
        return replace(slots, wants_appointment=True)
    return slots


def says_yes_or_no(clean: str) -> bool:
    """A message that opens with a plain yes or no: an answer, however few words it has."""
    return bool(_YES.match(clean) or _NO.match(clean))
