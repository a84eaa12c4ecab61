"""The bot service's unit of work: one inbound message, handled and recorded in one transaction.

The lead's row is locked (`FOR UPDATE`) while the engine decides, so two messages of the same lead
never race; the inbound message, the reply, the decision and any outbox entries commit together.
With the language models on, a web chat turn is decided first on a snapshot of the lead, holding
no lock or connection while the models work, and recorded under the lock if the lead is unchanged
(else decided again there; see `ehub.bots.advice`).
Personal data (name, phone, email, message bodies) is stored sealed only. Contact details given by a
public caller (the web widget) never select an existing lead: they stay on the visitor's own new
lead, and a match with an older lead is recorded as a link for agents, never merged. Every handled
message is audited with its actor in the same statement that records it. Replies to SMS and email
leads go through the outbox, held until the lead's calling hours open when decided outside them
(`ehub.compliance.quiet_hours`: the stricter of the federal and the state rule, in the lead's time
zone from their ZIP or phone, Austin by default); web chat replies are returned at once. A new lead
is given its experiment variant once, when it is created (see `ehub.bots.experiments`).
"""

from __future__ import annotations

import re
import uuid
from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Self

from psycopg.types.json import Jsonb
from sqlalchemy import Connection, text

from ehub.bots.advice import Advice, advise
from ehub.bots.audit import INTERNAL, Actor, audit
from ehub.bots.contacts import (
    Contact,
    attach_contact,
    contact_locale,
    find_lead,
    link_matches,
    merge_contact,
    seal_address,
    seal_contact,
    sealed_address,
)
from ehub.bots.crm_writeback import CrmConfig
from ehub.bots.engine import Engine, Turn
from ehub.bots.experiments import Experiment, assign_variant, parse_experiment
from ehub.bots.lead_views import LeadNotFoundError, lead_detail, lead_summaries
from ehub.bots.records import record_turn
from ehub.bots.state import LeadState
from ehub.bots.wording import say
from ehub.compliance.fair_housing import check_text
from ehub.compliance.quiet_hours import next_send_time
from ehub.crypto import PersonalDataCipher
from ehub.db.database import Database
from ehub.errors import EhubError, ValidationError
from ehub.payments.consultations import ConsultationDesk
from ehub.settings import Settings
from ehub.writing import ledger
from ehub.writing.chain import ReplyWriter
from ehub.writing.handoff import HandoffSummarizer, store
from ehub.writing.slot_reader import SlotReader

CHANNELS = ("web", "sms", "email")

_GHL_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_AGENT_SET = text(
    "update app.leads set state = jsonb_set(state, '{agent_user_id}', to_jsonb(cast(:agent as text))) "
    "where lead_id = cast(:id as uuid)"
)
_LEAD_INSERT = text("""
    insert into app.leads (lead_id, ghl_contact_id, channel, bot, variant, experiment, score, temperature, state,
                           pii_sealed, phone_index, email_index)
    values (cast(:id as uuid), :ghl, :channel, :bot, :variant, :experiment, :score, :temperature, :state,
            :pii_sealed, :phone_index, :email_index)
""")


@dataclass(frozen=True)
class LockedLead:
    lead_id: str
    state: LeadState
    channel: str  # the channel the lead first came by
    pii_sealed: str | None = None


@dataclass(frozen=True)
class Inbound:
    """One message to handle: what was said, by which channel and when, and who it is from."""

    message: str
    channel: str
    now: datetime
    lead_id: str | None
    ghl_contact_id: str | None
    contact: Contact | None
    match_contact: bool
    source_message_id: str | None
    actor: Actor


@dataclass(frozen=True)
class Snapshot:
    """A turn decided on the lead as it was (`seen`: its state's JSON), before the lock was taken."""

    lead_id: str
    seen: dict[str, Any]
    advice: Advice


@dataclass(frozen=True)
class ChatResult:
    lead_id: str
    turn: Turn


class BotService:
    def __init__(
        self,
        database: Database,
        cipher: PersonalDataCipher,
        engine: Engine,
        *,
        experiment: Experiment | None = None,
        handoff_workflow_id: str | None = None,
        writer: ReplyWriter | None = None,
        crm: CrmConfig | None = None,
        consultations: ConsultationDesk | None = None,
        summarizer: HandoffSummarizer | None = None,
        reader: SlotReader | None = None,
        history: tuple[int, int] = (12, 4),
    ) -> None:
        """`experiment` assigns new leads a variant (none: "control"); `handoff_workflow_id`, when set,
        enrols every handed-off GHL contact in that workflow through the outbox; `writer`, when set,
        rewords each decided reply with a language model (ehub.writing), templates otherwise; `crm`
        turns on the two-way GoHighLevel record (web leads upserted, fields, notes, opportunity,
        appointments); `summarizer`, when set, has Gemini write the handoff summary for the agent;
        `reader`, when set, has a model read each message's slots for the engine to check and add under
        its own; `history`: how many earlier messages a writer sees whole, and how many verbatim after
        a summary (ehub.writing.context)."""
        self.database, self.cipher, self.engine = database, cipher, engine
        self.reader, self.history = reader, history
        self.experiment, self.handoff_workflow_id, self.writer = experiment, handoff_workflow_id, writer
        self.crm = crm
        self.consultations = consultations  # unset: the bots never offer the consultation fee
        self.summarizer = summarizer

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        database: Database,
        cipher: PersonalDataCipher,
        engine: Engine,
        *,
        consultations: ConsultationDesk | None = None,
    ) -> Self:
        """The service as configured (`EHUB_BOT_EXPERIMENT`, `EHUB_GHL_HANDOFF_WORKFLOW_ID`, the
        model writers' keys); `consultations` lets the bots send the consultation-fee link."""
        return cls(
            database,
            cipher,
            engine,
            experiment=parse_experiment(settings.bot_experiment),
            handoff_workflow_id=settings.ghl_handoff_workflow_id,
            writer=ReplyWriter.from_settings(settings, engine.market),
            crm=CrmConfig.from_settings(settings),
            consultations=consultations,
            summarizer=HandoffSummarizer.from_settings(settings),
            reader=SlotReader.from_settings(settings),
            history=(settings.writer_history_messages, settings.writer_recent_messages),
        )

    def _locked_lead(
        self,
        connection: Connection,
        *,
        lead_id: str | None,
        ghl_contact_id: str | None,
        contact: Contact | None,
        channel: str,
        match_contact: bool = True,
        new_id: str | None = None,
    ) -> LockedLead:
        """The lead this message belongs to, locked; created (as `new_id` when given) when there is none.

        With `match_contact` False (a public caller), contact details never select an existing lead."""
        row = find_lead(
            connection,
            self.cipher,
            lead_id=lead_id,
            ghl_contact_id=ghl_contact_id,
            contact=contact,
            match_contact=match_contact,
        )
        if row is None and lead_id is not None:
            raise LeadNotFoundError(f"No lead {lead_id}", field="lead_id")
        if row is not None:
            locked = LockedLead(str(row.lead_id), LeadState.from_json(row.state), row.channel, row.pii_sealed)
            if not match_contact and contact is not None and row.pii_sealed is None:
                attach_contact(connection, self.cipher, locked.lead_id, contact)
            elif self.crm is not None and contact is not None and row.pii_sealed is not None:
                merged = merge_contact(connection, self.cipher, locked.lead_id, row.pii_sealed, contact)
                if merged and not match_contact:
                    link_matches(connection, locked.lead_id, merged)
            return locked
        new_id = new_id or str(uuid.uuid4())
        state = self._new_state(new_id)
        sealed = seal_contact(self.cipher, contact)
        connection.execute(
            _LEAD_INSERT,
            {
                "id": new_id,
                "ghl": ghl_contact_id,
                "channel": channel,
                "bot": state.bot,
                "variant": state.variant,
                "experiment": self.experiment.name if self.experiment is not None else None,
                "score": state.score,
                "temperature": state.temperature,
                "state": Jsonb(state.to_json()),
                **sealed,
            },
        )
        if not match_contact:
            link_matches(connection, new_id, sealed)
        return LockedLead(new_id, state, channel, sealed["pii_sealed"])

    def handle(
        self,
        message: str,
        *,
        channel: str = "web",
        now: datetime,
        lead_id: str | None = None,
        ghl_contact_id: str | None = None,
        contact: Contact | None = None,
        match_contact: bool = True,
        source_message_id: str | None = None,
        actor: Actor = INTERNAL,
        connection: Connection | None = None,
    ) -> ChatResult:
        """Decide and record one inbound message (in `connection`'s transaction when given).

        `match_contact` False is for public callers: their contact details never select an existing
        lead. Consent (STOP, START) changes only on the lead's own channel: web chat never changes
        the SMS consent of a lead who came by text."""
        if channel not in CHANNELS:
            raise ValidationError(
                f"channel must be one of {', '.join(CHANNELS)}", field="channel", code="CHANNEL_INVALID"
            )
        if not message or not message.strip():
            raise ValidationError("message must not be empty", field="message", code="MESSAGE_EMPTY")
        inbound = Inbound(
            message, channel, now, lead_id, ghl_contact_id, contact, match_contact, source_message_id, actor
        )
        if connection is not None:  # a worker's transaction: it holds one connection whatever it waits on
            return self._decide_and_record(connection, inbound)
        consults_models = self.reader is not None or self.writer is not None or self.summarizer is not None
        snapshot = self._decide_on_snapshot(inbound) if consults_models else None
        with self.database.engine.begin() as own:
            return self._decide_and_record(own, inbound, snapshot)

    def _decide_and_record(
        self, connection: Connection, inbound: Inbound, snapshot: Snapshot | None = None
    ) -> ChatResult:
        """Lock the lead, decide (or take the `snapshot`'s decision when the lead is as it saw it), record."""
        locked = self._locked_lead(
            connection,
            lead_id=inbound.lead_id,
            ghl_contact_id=inbound.ghl_contact_id,
            contact=inbound.contact,
            channel=inbound.channel,
            match_contact=inbound.match_contact,
            new_id=snapshot.lead_id if snapshot is not None else None,
        )
        state, seen = self._with_address(locked.state, locked.pii_sealed)
        known_address = state.slots.address
        if snapshot is not None and snapshot.lead_id == locked.lead_id and snapshot.seen == seen:
            advice = snapshot.advice
        else:  # a worker's message, or a lead changed since the snapshot: decided here, under the lock
            advice = advise(
                self, lambda: nullcontext(connection), locked.lead_id, state, inbound, lead_channel=locked.channel
            )
            if snapshot is not None:
                advice.turn.reasons.append("decided again: the lead changed while the models worked")
        state, turn, now = advice.state, advice.turn, inbound.now
        if state.slots.address is not None and state.slots.address != known_address:
            seal_address(connection, self.cipher, locked.lead_id, locked.pii_sealed, state.slots.address)
            state.address_sealed = True
        if turn.handoff and self.handoff_workflow_id:
            turn.actions.append({"type": "workflow", "workflow_id": self.handoff_workflow_id})
        # Web chat answers at once; a text waits for the lead's calling hours (their ZIP or phone).
        web = inbound.channel == "web"
        reply_after = now if web else next_send_time(now, contact_locale(self.cipher, locked.pii_sealed))
        # After any rewording: the checkout link and its amount go out verbatim, never through a model.
        if turn.offer_consultation and turn.reply and (not turn.handoff or turn.handoff_reason == "appointment_booked"):
            self._offer_consultation(connection, locked.lead_id, turn, now)
        decision = record_turn(
            connection,
            self.cipher,
            locked.lead_id,
            state,
            turn,
            message=inbound.message,
            channel=inbound.channel,
            now=now,
            reply_after=reply_after,
            source_message_id=inbound.source_message_id,
            actor=inbound.actor,
            crm=self.crm,
            summary=advice.summary,
        )
        ledger.record(connection, advice.calls(), lead=locked.lead_id, decision=decision, now=now)
        store(connection, self.cipher, locked.lead_id, advice.summary)
        return ChatResult(locked.lead_id, turn)

    def _decide_on_snapshot(self, inbound: Inbound) -> Snapshot | None:
        """The turn decided, with the models, on the lead as it is now, no lock or connection held
        while they work (ehub.bots.advice); None when there is no such lead (the lock will say so)."""
        with self.database.engine.connect() as connection:
            row = find_lead(
                connection,
                self.cipher,
                lead_id=inbound.lead_id,
                ghl_contact_id=inbound.ghl_contact_id,
                contact=inbound.contact,
                match_contact=inbound.match_contact,
                lock=False,
            )
        if row is None and inbound.lead_id is not None:
            return None
        lead_id = str(row.lead_id) if row is not None else str(uuid.uuid4())
        state = LeadState.from_json(row.state) if row is not None else self._new_state(lead_id)
        state, seen = self._with_address(state, row.pii_sealed if row is not None else None)
        lead_channel = row.channel if row is not None else inbound.channel
        advice = advise(self, self.database.engine.connect, lead_id, state, inbound, lead_channel=lead_channel)
        return Snapshot(lead_id, seen, advice)

    def _new_state(self, lead_id: str) -> LeadState:
        return LeadState(variant=assign_variant(self.experiment, lead_id))  # sticky: stored with the lead

    def _with_address(self, state: LeadState, pii_sealed: str | None) -> tuple[LeadState, dict[str, Any]]:
        """`state` with the seller's home address, which lives sealed, never in the state's JSON; and
        that JSON, by which a snapshot knows the lead did not change."""
        seen = state.to_json()
        if state.address_sealed:
            state.slots = replace(state.slots, address=sealed_address(self.cipher, pii_sealed))
        return state, seen

    def _offer_consultation(self, connection: Connection, lead_id: str, turn: Turn, now: datetime) -> None:
        """Add the consultation-fee checkout link to the reply; without Stripe the reply goes as it is
        (the agent's task is there either way: the fee never gates a showing or a walkthrough)."""
        if self.consultations is None:
            return
        try:
            consultation = self.consultations.request(
                lead_id, requested_by=f"{turn.bot}_bot", now=now, connection=connection, bot=turn.bot
            )
        except EhubError as error:
            turn.reasons.append(f"consultation link not added ({error.code})")
            return
        amount = f"${consultation.amount_cents / 100:,.0f}"
        line = say("consultation.fee", turn.language, turn.variant, amount=amount, url=consultation.url)
        if not check_text(line):
            turn.reply = f"{turn.reply} {line}"
            turn.reasons.append("offered the consultation fee")

    def register_contact(
        self,
        connection: Connection,
        ghl_contact_id: str,
        contact: Contact | None,
        *,
        actor: Actor = INTERNAL,
        agent_user_id: str | None = None,
    ) -> str:
        """Make sure a CRM contact has a lead (a ContactCreate webhook); the lead's id. The contact's
        `assignedTo` becomes the lead's agent, the one the bots book with."""
        locked = self._locked_lead(
            connection, lead_id=None, ghl_contact_id=ghl_contact_id, contact=contact, channel="sms"
        )
        if agent_user_id and _GHL_ID.fullmatch(agent_user_id):  # a GHL user id, never a stuffed name or email
            connection.execute(_AGENT_SET, {"id": locked.lead_id, "agent": agent_user_id})
        audit(connection, actor, "register_contact", locked.lead_id)
        return locked.lead_id

    def lead(self, lead_id: str) -> dict[str, Any]:
        """A lead with its contact details and conversation, decrypted (callers audit the read)."""
        return lead_detail(self.database, self.cipher, lead_id)

    def leads(self, *, temperature: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        return lead_summaries(self.database, temperature=temperature, limit=limit)
