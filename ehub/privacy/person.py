"""Finding one person everywhere the platform holds them, from an email address or a phone number.

The blind indexes of the email and phone find the CRM contacts, the bot's leads and the Stripe
objects that name them; from those, the source ids reach everything else: opportunities,
conversations and messages by the contact, payment intents, charges, sessions and refunds by
their links to each other and to the contact (`metadata.ghl_contact_id`), the bot's messages,
decisions, outbox entries and links by the lead, and the webhook events by the contact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, text

from ehub.crypto import PersonalDataCipher, normalise_email, normalise_phone
from ehub.errors import ValidationError


@dataclass
class Person:
    """The ids of everything found for one person (indexes: the blind indexes of their details)."""

    email: str | None = None
    phone: str | None = None
    email_indexes: set[str] = field(default_factory=set)
    phone_indexes: set[str] = field(default_factory=set)
    contact_ids: set[str] = field(default_factory=set)
    lead_ids: set[str] = field(default_factory=set)
    opportunity_ids: set[str] = field(default_factory=set)
    conversation_ids: set[str] = field(default_factory=set)
    message_ids: set[str] = field(default_factory=set)
    charge_ids: set[str] = field(default_factory=set)
    payment_intent_ids: set[str] = field(default_factory=set)
    checkout_session_ids: set[str] = field(default_factory=set)
    refund_ids: set[str] = field(default_factory=set)
    customer_ids: set[str] = field(default_factory=set)

    @property
    def found(self) -> bool:
        return bool(self.contact_ids or self.lead_ids or self.charge_ids or self.payment_intent_ids)

    def source_ids(self) -> set[str]:
        """Every source-system id of theirs: each is replaced by a pseudonym at erasure."""
        return (
            self.contact_ids
            | self.opportunity_ids
            | self.conversation_ids
            | self.message_ids
            | self.charge_ids
            | self.payment_intent_ids
            | self.checkout_session_ids
            | self.refund_ids
            | self.customer_ids
        )


def _ids(connection: Connection, sql: str, **params: Any) -> set[str]:
    return {str(value) for value in connection.scalars(text(sql), params) if value is not None}


def _stripe(connection: Connection, person: Person) -> None:
    """Stripe objects by the person's indexes or contact, then by their links, until nothing new."""
    email, phone, contacts = list(person.email_indexes), list(person.phone_indexes), list(person.contact_ids)
    person.charge_ids |= _ids(
        connection,
        "select charge_id from raw.stripe_charges where email_index = any(:e) or phone_index = any(:p) "
        "or payload -> 'metadata' ->> 'ghl_contact_id' = any(:c)",
        e=email,
        p=phone,
        c=contacts,
    )
    person.payment_intent_ids |= _ids(
        connection,
        "select payment_intent_id from raw.stripe_payment_intents where email_index = any(:e) "
        "or payload -> 'metadata' ->> 'ghl_contact_id' = any(:c)",
        e=email,
        c=contacts,
    )
    person.checkout_session_ids |= _ids(
        connection,
        "select checkout_session_id from raw.stripe_checkout_sessions where email_index = any(:e) "
        "or payload -> 'metadata' ->> 'ghl_contact_id' = any(:c)",
        e=email,
        c=contacts,
    )
    for _ in range(3):  # charge <-> payment intent <-> checkout session: a short chain
        intents, charges = list(person.payment_intent_ids), list(person.charge_ids)
        person.payment_intent_ids |= _ids(
            connection,
            "select payload ->> 'payment_intent' from raw.stripe_charges where charge_id = any(:ch) "
            "union select payload ->> 'payment_intent' from raw.stripe_checkout_sessions "
            "where checkout_session_id = any(:cs)",
            ch=charges,
            cs=list(person.checkout_session_ids),
        )
        person.charge_ids |= _ids(
            connection,
            "select charge_id from raw.stripe_charges where payload ->> 'payment_intent' = any(:pi) "
            "union select payload ->> 'latest_charge' from raw.stripe_payment_intents "
            "where payment_intent_id = any(:pi)",
            pi=intents,
        )
        person.checkout_session_ids |= _ids(
            connection,
            "select checkout_session_id from raw.stripe_checkout_sessions "
            "where payload ->> 'payment_intent' = any(:pi)",
            pi=intents,
        )
    person.refund_ids |= _ids(
        connection, "select refund_id from raw.stripe_refunds where charge_id = any(:ch)", ch=list(person.charge_ids)
    )
    person.customer_ids |= _ids(
        connection,
        "select payload ->> 'customer' from raw.stripe_charges where charge_id = any(:ch) "
        "union select payload ->> 'customer' from raw.stripe_payment_intents where payment_intent_id = any(:pi) "
        "union select payload ->> 'customer' from raw.stripe_checkout_sessions where checkout_session_id = any(:cs)",
        ch=list(person.charge_ids),
        pi=list(person.payment_intent_ids),
        cs=list(person.checkout_session_ids),
    )


def find_person(
    connection: Connection, cipher: PersonalDataCipher, *, email: str | None = None, phone: str | None = None
) -> Person:
    """Everything held about the person with this email and/or phone (at least one is needed)."""
    if not email and not phone:
        raise ValidationError("Give the person's email or phone", field="email", code="PERSON_UNSPECIFIED")
    person = Person(email=normalise_email(email) if email else None, phone=normalise_phone(phone) if phone else None)
    if email:
        person.email_indexes.add(cipher.blind_index("email", email))
    if phone:
        person.phone_indexes.add(cipher.blind_index("phone", phone))
    e, p = list(person.email_indexes), list(person.phone_indexes)
    person.contact_ids = _ids(
        connection,
        "select contact_id from raw.ghl_contacts where email_index = any(:e) or phone_index = any(:p)",
        e=e,
        p=p,
    )
    person.lead_ids = _ids(
        connection,
        "select lead_id from app.leads where email_index = any(:e) or phone_index = any(:p) "
        "or ghl_contact_id = any(:c)",
        e=e,
        p=p,
        c=list(person.contact_ids),
    )
    person.contact_ids |= _ids(
        connection,
        "select ghl_contact_id from app.leads where lead_id = any(cast(:l as uuid[]))",
        l=list(person.lead_ids),
    )
    # Every email and phone on their records (a contact may carry more than the one asked about).
    for table in ("raw.ghl_contacts", "app.leads"):
        key = "contact_id" if table == "raw.ghl_contacts" else "ghl_contact_id"
        rows = connection.execute(
            text(f"select email_index, phone_index from {table} where {key} = any(:c)"),  # noqa: S608 # nosec B608
            {"c": list(person.contact_ids)},
        ).all()
        person.email_indexes |= {row.email_index for row in rows if row.email_index}
        person.phone_indexes |= {row.phone_index for row in rows if row.phone_index}
    contacts = list(person.contact_ids)
    person.opportunity_ids = _ids(
        connection, "select opportunity_id from raw.ghl_opportunities where contact_id = any(:c)", c=contacts
    )
    person.conversation_ids = _ids(
        connection, "select conversation_id from raw.ghl_conversations where contact_id = any(:c)", c=contacts
    )
    person.message_ids = _ids(
        connection,
        "select message_id from raw.ghl_messages where contact_id = any(:c) or conversation_id = any(:v)",
        c=contacts,
        v=list(person.conversation_ids),
    )
    _stripe(connection, person)
    return person
