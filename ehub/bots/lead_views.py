"""What the leads routes show of a lead: a summary for lists, and the whole lead with its contact
details and conversation decrypted. Reads only; callers audit them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from ehub.crypto import PersonalDataCipher
from ehub.db.database import Database
from ehub.errors import EhubError
from ehub.sources.landing import unseal

_LINKS_OF = text("""
    select cast(linked_lead_id as text) as other, matched_on from app.lead_links where lead_id = cast(:id as uuid)
    union
    select cast(lead_id as text), matched_on from app.lead_links where linked_lead_id = cast(:id as uuid)
    order by 1
""")


class LeadNotFoundError(EhubError):
    error = "not_found"
    code = "LEAD_NOT_FOUND"
    http_status = 404


def lead_detail(database: Database, cipher: PersonalDataCipher, lead_id: str) -> dict[str, Any]:
    """A lead with its contact details, conversation and handoff summary, decrypted (callers audit the read)."""
    with database.engine.connect() as connection:
        row = (
            connection.execute(text("select * from app.leads where lead_id = cast(:id as uuid)"), {"id": lead_id})
            .mappings()
            .first()
        )
        if row is None:
            raise LeadNotFoundError(f"No lead {lead_id}", field="lead_id")
        messages = connection.execute(
            text(
                "select direction, body_sealed, bot, intent, created_at from app.conversation_messages "
                "where lead_id = cast(:id as uuid) order by created_at, message_id"
            ),
            {"id": lead_id},
        ).all()
        links = connection.execute(_LINKS_OF, {"id": lead_id}).all()
    return {
        **lead_summary(row),
        "contact": unseal(cipher, row["pii_sealed"]),
        "linked_leads": [{"lead_id": link.other, "matched_on": link.matched_on} for link in links],
        "handoff_summary": cipher.decrypt(row["summary_sealed"]) if row["summary_sealed"] else None,
        "conversation": [
            {
                "direction": m.direction,
                "text": cipher.decrypt(m.body_sealed),
                "bot": m.bot,
                "intent": m.intent,
                "at": m.created_at.isoformat(),
            }
            for m in messages
        ],
    }


def lead_summaries(database: Database, *, temperature: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    with database.engine.connect() as connection:
        rows = connection.execute(
            text(
                "select * from app.leads where cast(:temperature as text) is null or temperature = :temperature "
                "order by updated_at desc limit :limit"
            ),
            {"temperature": temperature, "limit": limit},
        ).mappings()
        return [lead_summary(row) for row in rows]


def lead_summary(row: Any) -> dict[str, Any]:
    """The fields every leads list shows, without personal data."""
    return {
        "lead_id": str(row["lead_id"]),
        "bot": row["bot"],
        "channel": row["channel"],
        "score": float(row["score"]),
        "temperature": row["temperature"],
        "variant": row["variant"],
        "opted_out": row["opted_out_at"] is not None,
        "handed_off": row["handed_off_at"] is not None,
        "ghl_contact_id": row["ghl_contact_id"],
        "updated_at": row["updated_at"].isoformat(),
    }
