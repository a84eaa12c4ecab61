"""The bot service's unit of work: one inbound message, handled and recorded in one transaction.

The lead's row is locked (`FOR UPDATE`) while the engine decides, so two messages of the same lead
never race; the inbound message, the reply, the decision and any outbox entries commit together.
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
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Self

from psycopg.types.json import Jsonb
from sqlalchemy import Connection, text

from ehub.bots.audit import INTERNAL, Actor, audit
from ehub.bots.contacts import Contact, contact_locale, merge_contact, seal_address, seal_contact, sealed_address
from ehub.bots.crm_writeback import CrmConfig
from ehub.bots.engine import Engine, Turn
from ehub.bots.experiments import TEMPLATES_ONLY, Experiment, assign_variant, parse_experiment
from ehub.bots.lead_views import LeadNotFoundError, lead_detail, lead_summaries
from ehub.bots.records import record_turn
from ehub.bots.state import LeadState
from ehub.bots.wording import say
from ehub.compliance.fair_housing import check_text
from ehub.compliance.quiet_hours import next_send_time
from ehub.conversation.model_slots import validate
from ehub.conversation.opt_out import is_opt_out
from ehub.crypto import PersonalDataCipher
from ehub.db.database import Database
from ehub.errors import EhubError, ValidationError
from ehub.payments.consultations import ConsultationDesk
from ehub.settings import Settings
from ehub.writing import ledger
from ehub.writing.chain import ReplyWriter
from ehub.writing.context import conversation
from ehub.writing.handoff import HandoffSummarizer, store, summarize_handoff
from ehub.writing.slot_reader import SlotReader, SlotReading

CHANNELS = ("web", "sms", "email")

# A lead's row, found and locked for the message being handled (statements parsed once, not per message).
_LOCK_BY_ID = text(
    "select lead_id, state, channel, pii_sealed from app.leads where lead_id = cast(:id as uuid) for update"
)
_LOCK_BY_CRM_CONTACT = text(
    "select lead_id, state, channel, pii_sealed from app.leads where ghl_contact_id = :id for update"
)
_LOCK_BY_PHONE_OR_EMAIL = text(
    "select lead_id, state, channel, pii_sealed from app.leads where phone_index = :phone or email_index = :email "
    "order by created_at limit 1 for update"
)
_CONTACT_ATTACH = text("""
    update app.leads set pii_sealed = :pii_sealed, phone_index = :phone_index, email_index = :email_index
    where lead_id = cast(:id as uuid) and pii_sealed is null
""")
_LINK_MATCHES = text("""
    insert into app.lead_links (lead_id, linked_lead_id, matched_on)
    select cast(:lead as uuid), lead_id, case when phone_index = :phone then 'phone' else 'email' end
    from app.leads
    where lead_id <> cast(:lead as uuid) and (phone_index = :phone or email_index = :email)
    on conflict do nothing
""")
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
    ) -> LockedLead:
        """The lead this message belongs to, locked; created when there is none.

        With `match_contact` False (a public caller), contact details never select an existing lead."""
        row = None
        if lead_id is not None:
            row = connection.execute(_LOCK_BY_ID, {"id": lead_id}).first()
            if row is None:
                raise LeadNotFoundError(f"No lead {lead_id}", field="lead_id")
        elif ghl_contact_id is not None:
            row = connection.execute(_LOCK_BY_CRM_CONTACT, {"id": ghl_contact_id}).first()
        elif match_contact and contact is not None and (contact.phone or contact.email):
            sealed = seal_contact(self.cipher, contact)
            row = connection.execute(
                _LOCK_BY_PHONE_OR_EMAIL,
                {"phone": sealed["phone_index"], "email": sealed["email_index"]},
            ).first()
        if row is not None:
            locked = LockedLead(str(row.lead_id), LeadState.from_json(row.state), row.channel, row.pii_sealed)
            if not match_contact and contact is not None and row.pii_sealed is None:
                self._attach_contact(connection, locked.lead_id, contact)
            elif self.crm is not None and contact is not None and row.pii_sealed is not None:
                merged = merge_contact(connection, self.cipher, locked.lead_id, row.pii_sealed, contact)
                if merged and not match_contact:
                    self._link_matches(connection, locked.lead_id, merged)
            return locked
        new_id = str(uuid.uuid4())
        state = LeadState(variant=assign_variant(self.experiment, new_id))  # sticky: stored with the lead
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
            self._link_matches(connection, new_id, sealed)
        return LockedLead(new_id, state, channel, sealed["pii_sealed"])

    def _attach_contact(self, connection: Connection, lead_id: str, contact: Contact) -> None:
        """A web visitor's own lead learns the details they typed (first time only), and is linked."""
        sealed = seal_contact(self.cipher, contact)
        connection.execute(_CONTACT_ATTACH, {"id": lead_id, **sealed})
        self._link_matches(connection, lead_id, sealed)

    @staticmethod
    def _link_matches(connection: Connection, lead_id: str, sealed: dict[str, Any]) -> None:
        """Record, for agents, older leads with the same phone or email (by blind index)."""
        if sealed["phone_index"] or sealed["email_index"]:
            connection.execute(
                _LINK_MATCHES, {"lead": lead_id, "phone": sealed["phone_index"], "email": sealed["email_index"]}
            )

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
        if connection is None:
            with self.database.engine.begin() as own:
                return self.handle(
                    message,
                    channel=channel,
                    now=now,
                    lead_id=lead_id,
                    ghl_contact_id=ghl_contact_id,
                    contact=contact,
                    match_contact=match_contact,
                    source_message_id=source_message_id,
                    actor=actor,
                    connection=own,
                )
        locked = self._locked_lead(
            connection,
            lead_id=lead_id,
            ghl_contact_id=ghl_contact_id,
            contact=contact,
            channel=channel,
            match_contact=match_contact,
        )
        state = locked.state
        if state.address_sealed:  # the seller's home address lives sealed, never in the state's JSON
            state.slots = replace(state.slots, address=sealed_address(self.cipher, locked.pii_sealed))
        known_address = state.slots.address
        may_change_consent = channel != "web" or locked.channel == "web"
        uses_models = state.variant != TEMPLATES_ONLY and not state.opted_out and not is_opt_out(message)
        reading = self._read_slots(connection, locked.lead_id, state, message, now) if uses_models else None
        model_slots = validate(reading.raw) if reading is not None and reading.raw is not None else None
        turn = self.engine.respond(
            state, message, now=now, may_change_consent=may_change_consent, model_slots=model_slots
        )
        if reading is not None and reading.failure is not None:
            turn.reasons.append(f"slots read by the rules only: the model's reading failed ({reading.failure})")
        if state.slots.address is not None and state.slots.address != known_address:
            seal_address(connection, self.cipher, locked.lead_id, locked.pii_sealed, state.slots.address)
            state.address_sealed = True
        if turn.handoff and self.handoff_workflow_id:
            turn.actions.append({"type": "workflow", "workflow_id": self.handoff_workflow_id})
        # Web chat answers at once; a text waits for the lead's calling hours (their ZIP or phone).
        reply_after = now if channel == "web" else next_send_time(now, contact_locale(self.cipher, locked.pii_sealed))
        written = None
        if state.variant == TEMPLATES_ONLY:  # the writer experiment's control arm
            turn.reasons.append("writer experiment: templates")
        elif self.writer is not None and not state.opted_out and self.writer.may_reword(turn):
            before = conversation(  # the engine decided; a model may reword, seeing what came before
                connection, self.cipher, locked.lead_id, state, whole_up_to=self.history[0], recent=self.history[1]
            )
            spent = ledger.with_pending(ledger.spent(connection, locked.lead_id, now), reading.calls if reading else [])
            written = self.writer.reword(turn, message, spent, before)
        # After any rewording: the checkout link and its amount go out verbatim, never through a model.
        if turn.offer_consultation and turn.reply and (not turn.handoff or turn.handoff_reason == "appointment_booked"):
            self._offer_consultation(connection, locked.lead_id, turn, now)
        summary = summarize_handoff(self.summarizer, connection, self.cipher, locked.lead_id, state, turn, message, now)
        decision = record_turn(
            connection,
            self.cipher,
            locked.lead_id,
            state,
            turn,
            message=message,
            channel=channel,
            now=now,
            reply_after=reply_after,
            source_message_id=source_message_id,
            actor=actor,
            crm=self.crm,
            summary=summary,
        )
        calls = (reading.calls if reading is not None else []) + (written.calls if written is not None else [])
        calls += summary.calls if summary is not None else []
        ledger.record(connection, calls, lead=locked.lead_id, decision=decision, now=now)
        store(connection, self.cipher, locked.lead_id, summary)
        return ChatResult(locked.lead_id, turn)

    def _read_slots(
        self, connection: Connection, lead_id: str, state: LeadState, message: str, now: datetime
    ) -> SlotReading | None:
        """What the model read in the message (None without a reader); checked later by the engine."""
        if self.reader is None:
            return None
        spent = ledger.spent(connection, lead_id, now)
        language = state.language or "en"
        return self.reader.read(
            message, today=now.date(), language=language, bot=state.bot, last_question=state.last_question, spent=spent
        )

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
