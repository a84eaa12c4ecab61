"""A turn decided with the language models' help, without holding the lead while they work.

A model call waits on a provider for up to its budget (the slot reading 2 s, the writer 3 s, the
handoff summary 5 s). Neither the lead's row lock nor a pooled connection may wait with it: under a
slow provider a few web chats would hold the whole pool and the market and lead routes would queue
behind them. So the decision takes its database reads through `reads`, a connection held for those
reads only and released before each model call. `BotService.handle` decides a web chat turn this
way on a snapshot of the lead, then records it under the lock if the lead did not change meanwhile
(a second message of the same lead got in first: the turn is decided again, under the lock). A
worker, which holds its one connection anyway, decides under the lock with the same code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ehub.bots.experiments import TEMPLATES_ONLY
from ehub.conversation.model_slots import validate
from ehub.conversation.opt_out import is_opt_out
from ehub.writing import ledger
from ehub.writing.context import conversation
from ehub.writing.handoff import HandoffSummary, Reads, summarize_handoff
from ehub.writing.slot_reader import read_lead_message

if TYPE_CHECKING:
    from ehub.bots.service import BotService, Inbound
    from ehub.bots.state import LeadState
    from ehub.bots.turn import Turn
    from ehub.writing.chain import Written
    from ehub.writing.ledger import Call
    from ehub.writing.slot_reader import SlotReading


@dataclass
class Advice:
    """The engine's decision on one message (`state` as it leaves it), and what the models did."""

    state: LeadState
    turn: Turn
    reading: SlotReading | None
    written: Written | None
    summary: HandoffSummary | None

    def calls(self) -> list[Call]:
        """Every model call of the turn, for the ledger."""
        calls = list(self.reading.calls) if self.reading is not None else []
        calls += self.written.calls if self.written is not None else []
        return calls + (self.summary.calls if self.summary is not None else [])


def advise(
    service: BotService,
    reads: Reads,
    lead_id: str,
    state: LeadState,
    inbound: Inbound,
    *,
    lead_channel: str,
) -> Advice:
    """Decide `inbound` for the lead in `state` (changed in place), with the models where they may
    help: the slots read, the reply reworded, the handoff summarised. Consent (STOP, START) changes
    only on the channel the lead came by (`lead_channel`): web chat never changes SMS consent."""
    message, now = inbound.message, inbound.now
    may_change_consent = inbound.channel != "web" or lead_channel == "web"
    uses_models = state.variant != TEMPLATES_ONLY and not state.opted_out and not is_opt_out(message)
    reading = None
    if uses_models and service.reader is not None:
        with reads() as connection:
            spent = ledger.spent(connection, lead_id, now)
        reading = read_lead_message(service.reader, message, state, today=now.date(), spent=spent)
    model_slots = validate(reading.raw) if reading is not None and reading.raw is not None else None
    turn = service.engine.respond(
        state, message, now=now, may_change_consent=may_change_consent, model_slots=model_slots
    )
    if reading is not None and reading.failure is not None:
        turn.reasons.append(f"slots read by the rules only: the model's reading failed ({reading.failure})")
    written = None
    writer = service.writer
    if state.variant == TEMPLATES_ONLY:  # the writer experiment's control arm
        turn.reasons.append("writer experiment: templates")
    elif writer is not None and not state.opted_out and writer.may_reword(turn):
        whole_up_to, recent = service.history
        with reads() as connection:  # the engine decided; a model may reword, seeing what came before
            before = conversation(connection, service.cipher, lead_id, state, whole_up_to=whole_up_to, recent=recent)
            spent = ledger.with_pending(ledger.spent(connection, lead_id, now), reading.calls if reading else [])
        written = writer.reword(turn, message, spent, before)
    summary = summarize_handoff(service.summarizer, reads, service.cipher, lead_id, state, turn, message, now)
    return Advice(state, turn, reading, written, summary)
