"""One exchange: an inbound message being answered, and the moves every bot makes with it.

The router (`ehub.bots.engine`) and the Lead, Buyer and Seller bots all speak through an
`Exchange`: it holds the lead's state, the message as read once, the turn being decided and the
market, and knows how to say something (in the lead's language and experiment style, introduced on
the first turn, checked by the fair-housing guard, SMS-sized), how to ask the next qualifying
question and how to hand the lead to a person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from ehub.bots.state import LeadState
from ehub.bots.turn import Turn
from ehub.bots.wording import SMS_LIMIT, money, say, sms
from ehub.compliance.fair_housing import check_text
from ehub.conversation.reading import Reading
from ehub.conversation.slots import LeadSlots
from ehub.privacy.notices import Notices

if TYPE_CHECKING:
    from ehub.bots.booking import Calendar
    from ehub.market.properties import PropertyRecord
    from ehub.market.records import ComparableSale, Listing, ListingCriteria, Subject
    from ehub.market.stats import AreaMarket

AUSTIN = ZoneInfo("America/Chicago")
BUSINESS_HOURS = (time(8, 0), time(21, 0))  # agents answer inside these (the quiet hours are the rest)
HANDOFF_TASK_HOURS = 24
MIN_ANSWER_CHARS = 80  # below this an answer cut to fit the question says too little: the whole is cut


class MarketData(Protocol):
    """What the bots need from the marts (see ehub.market.search)."""

    def search(self, criteria: ListingCriteria) -> list[Listing]: ...

    def comps(self, subject: Subject) -> list[ComparableSale]: ...

    def area(
        self,
        *,
        area: str,
        city: str | None,
        postal_code: str | None,
        band: str | None,
        bedrooms: int | None = None,
        postal_codes: tuple[str, ...] = (),
    ) -> AreaMarket: ...

    def find_property(self, number: str, street: str, city: str | None = None) -> PropertyRecord | None: ...

    def listings(self, keys: list[str]) -> dict[str, Listing]: ...


def answered(question: str, slots: LeadSlots) -> bool:
    """Whether the lead already told us what `question` asks, in any words."""
    return {
        "area": slots.area is not None,
        "budget": slots.budget is not None,
        "timeline": slots.months_to_move is not None or slots.just_browsing,
        "agent": slots.has_agent is not None,
        "financing": slots.financing is not None,
        "appointment": slots.wants_appointment,
        "property": slots.bedrooms is not None or slots.square_feet is not None or slots.address is not None,
    }[question]


@dataclass
class Exchange:
    state: LeadState
    reading: Reading
    now: datetime
    turn: Turn
    notices: Notices  # the brokerage the introduction names
    market: MarketData | None = None
    tone: str | None = None  # "sorry" after a complaint, "gentle" after a divorce or a death: never "Great!"
    preface: list[str] = field(default_factory=list)  # said before the reply (an answer, then a question)
    answered_the_lead: bool = False  # the preface answers the lead's own question (market, bot, commission...)
    calendar: Calendar | None = None  # free slots to book (ehub.bots.booking); None: agents schedule

    @property
    def language(self) -> str:
        return self.reading.language

    def words(self, key: str, **values: object) -> str:
        """A template in the lead's language and experiment style. The introduction names the
        brokerage and its TREC license (ehub.privacy.notices): the first message to every lead."""
        if key == "intro":
            return self.notices.intro(self.language, self.state.variant)
        return say(key, self.language, self.state.variant, **values)

    def say(self, text: str, *, count_turn: bool = True) -> Turn:
        """Send `text` (already worded): introduced on the bot's first turn, guarded, SMS-sized."""
        state, turn = self.state, self.turn
        own = " ".join(text.split()) if self.preface else ""  # the bot's next words, after its answers
        text = " ".join([*self.preface, text])
        turn.intro = self.words("intro") if count_turn and state.bot_turns == 0 else ""
        text = turn.intro + text
        turn.rewordable = count_turn  # consent and after-handoff texts are said exactly as written
        flags = check_text(text)
        if flags:
            turn.compliance_flags.append("outbound_blocked")
            turn.reasons.append(f"reply failed the fair-housing guard ({_fired(flags)}): sent the safe fallback")
            text = self.words("safe_fallback")
        if count_turn:
            state.bot_turns += 1
        turn.reply = _fitted(text, own if not flags else "")
        turn.bot = state.bot
        turn.language = self.language
        return turn

    def answer_then_continue(self, text: str) -> None:
        """Say `text` first, then whatever the bot goes on to say (usually its next question)."""
        self.preface.append(text)

    def when_agents_answer(self) -> str:
        """Who replies when, honestly: shortly in business hours, after 8 AM in quiet hours."""
        local = self.now.astimezone(AUSTIN).time()
        inside = BUSINESS_HOURS[0] <= local < BUSINESS_HOURS[1]
        return self.words("handoff.when.now" if inside else "handoff.when.morning")

    def handoff(self, reason: str) -> Turn:
        state, turn = self.state, self.turn
        state.handed_off, state.handoff_reason = True, reason
        turn.handoff, turn.handoff_reason = True, reason
        turn.actions += [
            {"type": "tag", "tag": "human_handover"},
            {
                "type": "task",
                "title": f"Jorge handoff: {reason.replace('_', ' ')}",
                "due_in_hours": HANDOFF_TASK_HOURS,
                "for": "assigned_agent",
            },
            {"type": "pause_automation"},
        ]
        slots, when = state.slots, self.when_agents_answer()
        if reason == "hot_lead" and slots.budget is not None and state.bot == "buyer":
            area = slots.where or self.words("austin_area")
            return self.say(
                self.words("handoff.hot_lead.summary", area=area, budget=money(slots.budget.high), when=when)
            )
        return self.say(self.words(f"handoff.{reason}", when=when))

    def qualify(self, order: tuple[str, ...], kind: str) -> Turn:
        """Ask the next unanswered question, one at a time; two unanswered asks hand over.

        Which question comes next never depends on the experiment variant; only its wording does."""
        state = self.state
        for question in order:
            if answered(question, state.slots):
                state.asked.pop(question, None)
                continue
            if state.asked.get(question, 0) >= 2:
                if state.temperature == "cold":  # a browsing lead is left in peace, not passed to an agent
                    return self.say(self.words("soft_close"))
                return self.handoff("repeated_question")
            if self.answered_the_lead and state.last_question == question:  # not the same question twice running
                self.turn.reasons.append(f"answered the lead; our {question} question stays where it was")
                return self.say("")
            if not self.preface:  # a lead busy asking their own questions is not ignoring ours
                state.asked[question] = state.asked.get(question, 0) + 1
            state.last_question = self.turn.asked = question
            self.turn.facts["question"] = question
            return self.say(self._acknowledgement() + self.words(f"question.{kind}.{question}"))
        return self.handoff("hot_lead")

    def _acknowledgement(self) -> str:
        """A short thanks before a follow-up question (control style only), an apology after a
        complaint, a gentle word after a hard moment, nothing before the first question or after an
        answer we just gave."""
        if self.tone == "sorry":
            return self.words("sorry") + " "
        if self.tone == "gentle":
            return self.words("ack.gentle") + " "
        if not self.state.bot_turns or self.preface or self.state.variant == "concise":
            return ""
        return self.words(f"ack.{self.state.replies % 4}") + " "


def _fired(flags: Iterable[object]) -> str:
    return ", ".join(sorted({str(getattr(flag, "rule", getattr(flag, "category", flag))) for flag in flags}))


def _fitted(text: str, own: str) -> str:
    """One SMS. When answers and the bot's own next words (`own`) are too long together, the answers
    are shortened, at a clause if one ends late enough, else at a word, so the question the lead
    must answer always arrives whole."""
    text = " ".join(text.split())
    room = SMS_LIMIT - len(own) - 1
    if len(text) <= SMS_LIMIT or not own or not text.endswith(own) or room < MIN_ANSWER_CHARS:
        return sms(text)
    span = text[: -len(own)].rstrip()[: room - 1]
    clause = max(span.rfind(", "), span.rfind("; "), span.rfind(". "))
    cut = span[:clause] if clause >= room * 2 // 3 else span.rsplit(" ", 1)[0]
    return f"{cut.rstrip(',;:.')}… {own}"
