"""Honouring an email unsubscribe at once (CAN-SPAM allows 10 business days; we take none).

The lead is marked (`app.leads.email_opted_out_at`), so the outbox cancels every email still
queued for them and sends no other; GoHighLevel gets an `email_unsubscribed` tag through the
outbox, so agents see it there too. Text messages are another consent (STOP), untouched here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text

from ehub.bots.audit import Actor, audit
from ehub.bots.records import enqueue
from ehub.crypto import PersonalDataCipher
from ehub.db.database import Database
from ehub.privacy.notices import UNSUBSCRIBED_TAG, unsubscribed_lead

_MARK = text("""
    update app.leads set email_opted_out_at = :now
    where lead_id = cast(:lead as uuid) and email_opted_out_at is null
    returning ghl_contact_id
""")


def unsubscribe(database: Database, cipher: PersonalDataCipher, token: str, now: datetime) -> bool:
    """Unsubscribe the lead a link names; False when they already were (the link works twice)."""
    lead = unsubscribed_lead(cipher, token)
    with database.engine.begin() as connection:
        row = connection.execute(_MARK, {"lead": lead, "now": now}).first()
        if row is None:
            return False
        audit(connection, Actor("lead", lead, "GET /unsubscribe"), "email_unsubscribe", lead)
        if row.ghl_contact_id:
            enqueue(connection, lead, "tag", {"type": "tag", "tag": UNSUBSCRIBED_TAG}, now=now, send_after=now)
    return True
