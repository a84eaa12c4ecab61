"""Nurture: follow-ups to warm and cold leads who went quiet, then a monthly market update.

The cadence (`EHUB_NURTURE_CADENCE_DAYS`, default 1, 3, 7, 14, 30) counts days from the lead's
last inbound message; past its last step, a market update for the lead's area and price band comes
every `EHUB_NURTURE_MONTHLY_DAYS` (30). `queue_due_follow_ups` runs in the worker (`ehub worker`,
beside the outbox it feeds) and queues, for each eligible lead, the latest step that has come due,
once: `app.nurture_steps` is keyed by lead, cadence (its anchor message) and step, and the lead's
row is locked while a step is queued, so passes run twice, or by two workers, queue nothing twice.
A pass that runs late never sends a backlog: steps it missed are skipped, only the latest goes.

Who is nurtured: warm and cold leads with a GoHighLevel contact, on SMS or email, who wrote at
least once. What stops it, and what resumes it:
- a reply: any inbound message starts a new cadence counted from it (the conversation is live again;
  a follow-up queued before the reply is cancelled by the outbox);
- an opt-out (STOP, or an email unsubscribe for an email lead): nothing until the lead sends START,
  which is a message and so starts a new cadence from day 1;
- a handoff, or the CRM pausing automation (human_handover or do-not-disturb tag, every
  opportunity closed): nothing while it lasts; once GoHighLevel lifts it, the cadence goes on from
  the step due then (the lead's calendar, not a replay of what was missed);
- an appointment (the lead asked to tour or meet): nothing more; a person takes it from there;
- the lead turning hot: hot leads are handed to agents, never nurtured.

Each text is a template in the lead's language (`nurture.*`, en/es), signed with the brokerage's
name and TREC license (22 TAC §535.155: every advertisement), ending with how to stop; it passes the
fair-housing guard or is not sent (the step is recorded as blocked). It goes out through the
outbox, which re-checks consent, pauses and the lead's calling hours at send time.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row, text

from ehub.bots.contacts import contact_locale
from ehub.bots.exchange import MarketData
from ehub.bots.market_answers import Words, summary
from ehub.bots.records import NURTURE, enqueue
from ehub.bots.state import LeadState
from ehub.bots.wording import SMS_LIMIT, money, say, sms
from ehub.compliance.fair_housing import check_text
from ehub.compliance.quiet_hours import next_send_time
from ehub.crypto import PersonalDataCipher
from ehub.db.database import Database
from ehub.errors import UnavailableError, ValidationError
from ehub.geography import city_of, district_zip_codes
from ehub.market.bands import BANDS, price_band
from ehub.privacy.notices import Notices

_logger = logging.getLogger(__name__)
DEFAULT_DAYS = (1, 3, 7, 14, 30)
FOLLOW_UP_TEMPLATES = 5  # nurture.follow_up.1 … .5; a longer cadence repeats the last
DEFAULT_CITY = "Austin"


@dataclass(frozen=True)
class Cadence:
    """Days after the lead's last message for each follow-up, then a market update every `monthly_days`."""

    days: tuple[int, ...] = DEFAULT_DAYS
    monthly_days: int = 30

    @classmethod
    def parse(cls, days: str, monthly_days: int = 30) -> Cadence:
        """'1,3,7,14,30' -> a cadence; increasing whole days, at least one."""
        try:
            values = tuple(int(part) for part in days.split(",") if part.strip())
        except ValueError:
            values = ()
        if not values or values[0] < 1 or any(b <= a for a, b in itertools.pairwise(values)):
            raise ValidationError(
                "the nurture cadence is increasing whole days, e.g. 1,3,7,14,30", code="NURTURE_CADENCE_INVALID"
            )
        return cls(values, monthly_days)

    def kind(self, step: int) -> str:
        return "follow_up" if step <= len(self.days) else "market_update"

    def due_at(self, anchor: datetime, step: int) -> datetime:
        if step <= len(self.days):
            return anchor + timedelta(days=self.days[step - 1])
        return anchor + timedelta(days=self.days[-1] + (step - len(self.days)) * self.monthly_days)

    def latest_due(self, anchor: datetime, now: datetime) -> int:
        """The latest step due at `now` (0: none yet)."""
        step = sum(1 for day in self.days if anchor + timedelta(days=day) <= now)
        if step == len(self.days):
            step += (now - anchor - timedelta(days=self.days[-1])) // timedelta(days=self.monthly_days)
        return step


# Who may be nurtured now; the same filter finds candidates and re-checks a candidate under its lock.
_ELIGIBLE = """
    leads.temperature in ('warm', 'cold') and leads.opted_out_at is null and leads.handed_off_at is null
    and leads.ghl_contact_id is not null and leads.channel in ('sms', 'email')
    and (leads.channel <> 'email' or leads.email_opted_out_at is null)
    and jsonb_array_length(coalesce(leads.state -> 'crm_pauses', '[]'::jsonb)) = 0
    and not coalesce((leads.state -> 'slots' ->> 'wants_appointment')::boolean, false)
    and not exists (
        select 1 from app.appointments
        where appointments.lead_id = leads.lead_id and appointments.status in ('requested', 'booked')
    )
"""
_LAST_INBOUND = """
    cross join lateral (
        select message_id, created_at from app.conversation_messages
        where conversation_messages.lead_id = leads.lead_id and direction = 'inbound'
        order by created_at desc, message_id desc limit 1
    ) last_in
"""
_CANDIDATES = text(f"""
    select leads.lead_id from app.leads {_LAST_INBOUND}
    where {_ELIGIBLE} and last_in.created_at <= :first_due_before
    order by last_in.created_at limit :limit
""")  # noqa: S608  # nosec B608 - this module's constants only
_LOCK = text(f"""
    select leads.lead_id, leads.channel, leads.state, leads.pii_sealed,
           last_in.message_id as anchor_id, last_in.created_at as anchor_at,
           (select coalesce(max(step), 0) from app.nurture_steps
            where nurture_steps.lead_id = leads.lead_id and anchor_message_id = last_in.message_id) as last_step
    from app.leads {_LAST_INBOUND}
    where leads.lead_id = :lead and {_ELIGIBLE}
    for update of leads skip locked
""")  # noqa: S608  # nosec B608 - this module's constants only
_CLAIM = text("""
    insert into app.nurture_steps (lead_id, anchor_message_id, step, kind, due_at, outcome, created_at)
    values (:lead, :anchor, :step, :kind, :due_at, :outcome, :now)
    on conflict do nothing returning step
""")
_LINK_OUTBOX = text("""
    update app.nurture_steps set outbox_id = :outbox_id
    where lead_id = :lead and anchor_message_id = :anchor and step = :step
""")


def queue_due_follow_ups(
    database: Database,
    cipher: PersonalDataCipher,
    market: MarketData | None,
    *,
    notices: Notices,
    now: datetime,
    cadence: Cadence | None = None,
    limit: int = 500,
) -> dict[str, int]:
    """Queue each eligible lead's latest due step not queued yet; counts by outcome (queued,
    blocked, unavailable: the marts could not be read, tried again next pass)."""
    cadence = cadence or Cadence()
    with database.engine.connect() as connection:
        first_due_before = now - timedelta(days=cadence.days[0])
        leads = connection.scalars(_CANDIDATES, {"first_due_before": first_due_before, "limit": limit})
        candidates = list(leads)
    outcomes: dict[str, int] = {}
    for lead_id in candidates:
        with database.engine.begin() as connection:
            outcome = _queue_for_lead(connection, cipher, market, str(lead_id), now, cadence, notices)
        if outcome is not None:
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def _queue_for_lead(
    connection: Connection,
    cipher: PersonalDataCipher,
    market: MarketData | None,
    lead_id: str,
    now: datetime,
    cadence: Cadence,
    notices: Notices,
) -> str | None:
    """The lead's latest due step, queued in the caller's transaction (None: nothing to do)."""
    lead = connection.execute(_LOCK, {"lead": lead_id}).first()
    if lead is None:  # taken by another pass, or no longer eligible since the candidates were read
        return None
    step = cadence.latest_due(lead.anchor_at, now)
    if step <= lead.last_step:
        return None
    kind = cadence.kind(step)
    try:
        body = follow_up_text(LeadState.from_json(lead.state), step, kind, market, notices)
    except UnavailableError as unavailable:
        _logger.warning("nurture: market figures unavailable for a monthly update (%s)", unavailable.code)
        return "unavailable"
    outcome = "blocked" if check_text(body) else "queued"
    # The step is claimed by its row first: a pass whose snapshot predates another's commit finds the
    # row taken here and queues nothing (the lock alone cannot see a step committed after it read).
    if connection.execute(_CLAIM, _record(lead, step, kind, cadence, outcome, now)).first() is None:
        return None
    if outcome == "queued":
        outbox_id = enqueue(
            connection,
            lead_id,
            "message",
            {"channel": lead.channel, "purpose": NURTURE, "step": step, "kind": kind},
            now=now,
            send_after=next_send_time(now, contact_locale(cipher, lead.pii_sealed)),
            body_sealed=cipher.encrypt(body),
        )
        connection.execute(
            _LINK_OUTBOX, {"lead": lead.lead_id, "anchor": lead.anchor_id, "step": step, "outbox_id": outbox_id}
        )
    return outcome


def _record(lead: Row[Any], step: int, kind: str, cadence: Cadence, outcome: str, now: datetime) -> dict[str, Any]:
    return {
        "lead": lead.lead_id,
        "anchor": lead.anchor_id,
        "step": step,
        "kind": kind,
        "due_at": cadence.due_at(lead.anchor_at, step),
        "outcome": outcome,
        "now": now,
    }


def follow_up_text(state: LeadState, step: int, kind: str, market: MarketData | None, notices: Notices) -> str:
    """The follow-up's words: the brokerage and its license, the template, how to stop; one SMS."""
    language, variant = state.language or "en", state.variant

    def words(key: str, **values: object) -> str:
        return say(key, language, variant, **values)

    signature = words("notice.identity.short", **notices.values()) + ":"
    stop = words("nurture.stop")
    if kind == "market_update":
        body = _market_update(state, words, market)
    else:
        area = state.slots.where or words("austin_area")
        body = words(f"nurture.follow_up.{min(step, FOLLOW_UP_TEMPLATES)}", area=area)
    room = len(signature) + len(stop) + 2
    return f"{signature} {sms(body, limit=SMS_LIMIT - room)} {stop}"


def _market_update(state: LeadState, words: Words, market: MarketData | None) -> str:
    """The marts' figures for the lead's area (a city or ZIP; Austin when none) and price band."""
    if market is None:
        raise UnavailableError("no market data configured", code="MARKET_UNAVAILABLE")
    area = state.slots.area or DEFAULT_CITY
    is_zip = area.isdigit() and len(area) == 5
    city = None if is_zip else city_of(area) or DEFAULT_CITY
    band = price_band(state.slots.budget.high) if state.slots.budget else None
    figures = market.area(
        area=area,
        city=city,
        postal_code=area if is_zip else None,
        band=band,
        postal_codes=district_zip_codes(area, state.slots.neighbourhood),  # Mueller's figures, not all of Austin's
    )
    band_words = words("nurture.band", range=band_range(band)) if band else words("nurture.band.all")
    return words("nurture.market_update", band=band_words, summary=summary(words, figures))


def band_range(band: str) -> str:
    """'$300k-$500k', '$1.00M+', 'under $300k': a band as its prices (ehub.market.bands)."""
    floors = dict(BANDS)
    if band == "below_entry":
        return f"under {money(floors['entry'])}"
    ordered = sorted(floors.items(), key=lambda item: item[1])
    for (name, floor), (_, ceiling) in zip(ordered, [*ordered[1:], (None, None)], strict=True):
        if name == band:
            return f"{money(floor)}-{money(ceiling)}" if ceiling else f"{money(floor)}+"
    return band
