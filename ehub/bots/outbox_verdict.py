"""What the outbox does with a claimed entry instead of sending it, judged against the lead as it is
now (see `ehub.bots.outbox`, step 1): cancelled (an opt-out or a STOP since it was queued, a person
who took over, the CRM pausing automation, a nurture follow-up the lead outran), deferred (the lead's
contact still being upserted, or outside the lead's calling hours), parked (no contact to send to),
or sent. The opt-out confirmation always goes; CRM actions reach the brokerage, not the lead.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row, text

from ehub.bots.contacts import contact_locale
from ehub.bots.records import NURTURE, OPT_OUT_CONFIRMATION
from ehub.compliance.quiet_hours import next_send_time
from ehub.crypto import PersonalDataCipher

NO_CONTACT_YET = timedelta(minutes=1)  # an entry waiting for its lead's contact upsert

# A STOP since the entry was queued, even one START has undone since (by the lead's messages' index).
# Web chat's STOP changes no SMS consent, yet counts here too: in doubt, the outbox stays silent.
_OPTED_OUT_SINCE = text("""
    select exists (
        select 1 from app.conversation_messages
        where lead_id = :lead and created_at > :queued and direction = 'inbound' and intent = 'opt_out'
    )
""")
_WROTE_SINCE = text("""
    select exists (
        select 1 from app.conversation_messages
        where lead_id = :lead and created_at > :queued and direction = 'inbound'
    )
""")


def verdict(
    connection: Connection, cipher: PersonalDataCipher, row: Row[Any], now: datetime
) -> tuple[str, str | None, datetime | None]:
    """What to do with a claimed entry instead of sending it: ('cancelled', reason, None),
    ('deferred', None, until), ('parked', reason, None), or ('send', None, None)."""
    if row.ghl_contact_id is None and row.kind != "contact":
        if row.contact_pending:  # a web lead's contact is being upserted: this goes right after
            return "deferred", None, now + NO_CONTACT_YET
        return "parked", "the lead has no GoHighLevel contact to send to", None
    if row.kind == "message" and row.detail.get("channel") == "email" and row.email_opted_out_at is not None:
        return "cancelled", "cancelled: the lead unsubscribed from email", None  # CAN-SPAM: at once, every email
    if row.kind != "message" or row.detail.get("purpose") == OPT_OUT_CONFIRMATION:
        return "send", None, None
    if row.opted_out_at is not None:
        return "cancelled", "cancelled: the lead has opted out", None
    if _opted_out_since(connection, row):
        return "cancelled", "cancelled: the lead opted out (and back in) after this was queued", None
    if row.handed_off_at is not None and row.handed_off_at > row.created_at:
        return "cancelled", "cancelled: a person took the lead over after this was queued", None
    if row.crm_pauses:
        return "cancelled", f"cancelled: the CRM paused automation ({', '.join(row.crm_pauses)})", None
    if row.detail.get("purpose") == NURTURE:
        if row.appointment:
            return "cancelled", "cancelled: the lead asked for an appointment", None
        if connection.execute(_WROTE_SINCE, {"lead": row.lead_id, "queued": row.created_at}).scalar():
            return "cancelled", "cancelled: the lead wrote after this follow-up was queued", None
    allowed = next_send_time(now, contact_locale(cipher, row.pii_sealed))
    if allowed > now:
        return "deferred", None, allowed
    return "send", None, None


def _opted_out_since(connection: Connection, row: Row[Any]) -> bool:
    return bool(connection.execute(_OPTED_OUT_SINCE, {"lead": row.lead_id, "queued": row.created_at}).scalar())
