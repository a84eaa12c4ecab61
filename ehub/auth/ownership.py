"""Which leads are an agent's: those whose GoHighLevel contact is assigned to the agent's GHL user.

The assignment lives in the CRM (`assignedTo` on the contact, synced into `raw.ghl_contacts`), so
a reassignment in GoHighLevel moves the lead with its next sync. A web visitor with no CRM contact
belongs to no agent: only admins and trusted keys see such leads.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from ehub.bots.lead_views import lead_summary
from ehub.db.database import Database

_OWNED = """
    exists (
        select 1 from raw.ghl_contacts contacts
        where contacts.contact_id = leads.ghl_contact_id and contacts.payload ->> 'assignedTo' = :agent
          and not contacts._deleted
    )
"""
_OWNS = text(f"select {_OWNED} as owned from app.leads leads where lead_id = cast(:id as uuid)")  # noqa: S608 # nosec B608
_OWNED_LEADS = text(f"""
    select * from app.leads leads
    where {_OWNED} and (cast(:temperature as text) is null or temperature = :temperature)
    order by updated_at desc limit :limit
""")  # noqa: S608 # nosec B608 - built from this module's constant only


def owns_lead(database: Database, ghl_user_id: str | None, lead_id: str) -> bool:
    if not ghl_user_id:
        return False
    with database.engine.connect() as connection:
        return bool(connection.execute(_OWNS, {"agent": ghl_user_id, "id": lead_id}).scalar())


def owned_leads(
    database: Database, ghl_user_id: str | None, *, temperature: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """An agent's leads, most recently active first, in the shape of `BotService.leads`."""
    if not ghl_user_id:
        return []
    with database.engine.connect() as connection:
        rows = connection.execute(
            _OWNED_LEADS, {"agent": ghl_user_id, "temperature": temperature, "limit": limit}
        ).mappings()
        return [lead_summary(row) for row in rows]
