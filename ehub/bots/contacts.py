"""A lead's personal details, kept sealed in `app.leads.pii_sealed`: name, phone, email, the ZIP they
live in (from the CRM), and the home address a seller gives. Only blind indexes of the phone and
email are stored in clear, for lookups: a message's lead is found by its id, its CRM contact, or
(for trusted callers) those indexes, locked to decide and record a turn or read for a snapshot.

The conversation state (`app.leads.state`) is stored as plain JSON, so it never holds the address:
`LeadState.to_json` leaves it out and the service seals it here, then restores it into the slots
when the lead writes again (`state.address_sealed` says there is one to restore).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, Row, text

from ehub.compliance.quiet_hours import LeadLocale, lead_locale
from ehub.conversation.address import Address
from ehub.crypto import PersonalDataCipher

_ADDRESS_UPDATE = text("update app.leads set pii_sealed = :pii_sealed where lead_id = cast(:id as uuid)")
# A lead's row, found for the message being handled: locked to decide and record, or read for a
# snapshot (statements parsed once, not per message).
_FIND = {
    "id": "select lead_id, state, channel, pii_sealed from app.leads where lead_id = cast(:id as uuid)",
    "crm_contact": "select lead_id, state, channel, pii_sealed from app.leads where ghl_contact_id = :id",
    "phone_or_email": "select lead_id, state, channel, pii_sealed from app.leads "
    "where phone_index = :phone or email_index = :email order by created_at limit 1",
}
_LOCK = {name: text(f"{sql} for update") for name, sql in _FIND.items()}
_READ = {name: text(sql) for name, sql in _FIND.items()}
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


@dataclass(frozen=True)
class Contact:
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    postal_code: str | None = None  # where they live: their calling hours' time zone and state
    # When the person agreed, in the web widget's words, to calls and texts at `phone` (TCPA); kept sealed with it.
    sms_consent_at: str | None = None


def seal_contact(cipher: PersonalDataCipher, contact: Contact | None) -> dict[str, Any]:
    """The sealed details and their blind indexes, as `app.leads` columns."""
    if contact is None or not any(asdict(contact).values()):
        return {"pii_sealed": None, "phone_index": None, "email_index": None}
    values = {key: value for key, value in asdict(contact).items() if value}
    return {
        "pii_sealed": cipher.encrypt(json.dumps(values, sort_keys=True)),
        "phone_index": cipher.blind_index("phone", contact.phone) if contact.phone else None,
        "email_index": cipher.blind_index("email", contact.email) if contact.email else None,
    }


def contact_locale(cipher: PersonalDataCipher, pii_sealed: str | None) -> LeadLocale:
    """Where the lead is, for their calling hours: from their sealed ZIP or phone (Austin by default)."""
    details = json.loads(cipher.decrypt(pii_sealed) or "{}") if pii_sealed else {}
    return lead_locale(phone=details.get("phone"), postal_code=details.get("postal_code"))


def sealed_address(cipher: PersonalDataCipher, pii_sealed: str | None) -> Address | None:
    """The home address kept with the lead's details, if any."""
    details = json.loads(cipher.decrypt(pii_sealed) or "{}") if pii_sealed else {}
    return Address(**details["address"]) if details.get("address") else None


def seal_address(
    connection: Connection, cipher: PersonalDataCipher, lead_id: str, pii_sealed: str | None, address: Address
) -> None:
    """Keep `address` with the lead's sealed details (in the caller's transaction)."""
    details = json.loads(cipher.decrypt(pii_sealed) or "{}") if pii_sealed else {}
    details["address"] = asdict(address)
    sealed = cipher.encrypt(json.dumps(details, sort_keys=True))
    connection.execute(_ADDRESS_UPDATE, {"id": lead_id, "pii_sealed": sealed})


_CONTACT_MERGE = text("""
    update app.leads set pii_sealed = :pii_sealed, phone_index = coalesce(phone_index, :phone_index),
        email_index = coalesce(email_index, :email_index)
    where lead_id = cast(:id as uuid)
""")


def merge_contact(
    connection: Connection, cipher: PersonalDataCipher, lead_id: str, pii_sealed: str, contact: Contact
) -> dict[str, Any] | None:
    """Add the details the lead had not given yet (an email, then a phone); never overwrite one.
    The new blind indexes when something was added, else None."""
    details = json.loads(cipher.decrypt(pii_sealed) or "{}")
    added = {key: value for key, value in asdict(contact).items() if value and not details.get(key)}
    if not added:
        return None
    sealed = seal_contact(cipher, Contact(**added))
    details.update(added)
    params = {"phone_index": sealed["phone_index"], "email_index": sealed["email_index"]}
    connection.execute(
        _CONTACT_MERGE, {"id": lead_id, "pii_sealed": cipher.encrypt(json.dumps(details, sort_keys=True)), **params}
    )
    return params


def find_lead(
    connection: Connection,
    cipher: PersonalDataCipher,
    *,
    lead_id: str | None,
    ghl_contact_id: str | None,
    contact: Contact | None,
    match_contact: bool,
    lock: bool = True,
) -> Row[Any] | None:
    """The lead's row by id, CRM contact or (`match_contact`) phone or email; locked when `lock`."""
    lookups = _LOCK if lock else _READ
    if lead_id is not None:
        return connection.execute(lookups["id"], {"id": lead_id}).first()
    if ghl_contact_id is not None:
        return connection.execute(lookups["crm_contact"], {"id": ghl_contact_id}).first()
    if match_contact and contact is not None and (contact.phone or contact.email):
        sealed = seal_contact(cipher, contact)
        return connection.execute(
            lookups["phone_or_email"], {"phone": sealed["phone_index"], "email": sealed["email_index"]}
        ).first()
    return None


def attach_contact(connection: Connection, cipher: PersonalDataCipher, lead_id: str, contact: Contact) -> None:
    """A web visitor's own lead learns the details they typed (first time only), and is linked."""
    sealed = seal_contact(cipher, contact)
    connection.execute(_CONTACT_ATTACH, {"id": lead_id, **sealed})
    link_matches(connection, lead_id, sealed)


def link_matches(connection: Connection, lead_id: str, sealed: dict[str, Any]) -> None:
    """Record, for agents, older leads with the same phone or email (by blind index)."""
    if sealed["phone_index"] or sealed["email_index"]:
        connection.execute(
            _LINK_MATCHES, {"lead": lead_id, "phone": sealed["phone_index"], "email": sealed["email_index"]}
        )
