"""A lead's personal details, kept sealed in `app.leads.pii_sealed`: name, phone, email, the ZIP they
live in (from the CRM), and the home address a seller gives. Only blind indexes of the phone and
email are stored in clear, for lookups.

The conversation state (`app.leads.state`) is stored as plain JSON, so it never holds the address:
`LeadState.to_json` leaves it out and the service seals it here, then restores it into the slots
when the lead writes again (`state.address_sealed` says there is one to restore).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, text

from ehub.compliance.quiet_hours import LeadLocale, lead_locale
from ehub.conversation.address import Address
from ehub.crypto import PersonalDataCipher

_ADDRESS_UPDATE = text("update app.leads set pii_sealed = :pii_sealed where lead_id = cast(:id as uuid)")


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
