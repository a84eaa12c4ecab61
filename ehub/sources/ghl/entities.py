"""How GoHighLevel records land: what identifies them, when they changed, what is personal.

Sealed: every field that names, reaches or locates a person, or that a person typed (per GHL's
contact, opportunity and conversation schemas). Kept in clear because staging reads them:
`customFields` (the budget and area fields; other custom fields may hold anything a person typed),
`tags` and `source` (free text that agents type), and the contact's city, state, postal code and
country (coarse location; the street address is sealed).
"""

from __future__ import annotations

from ehub.sources.landing import Entity, PersonalFields
from ehub.sources.values import epoch_millis, iso_timestamp

CONTACTS = Entity(
    source="ghl",
    name="contacts",
    table="ghl_contacts",
    key_column="contact_id",
    key=lambda r: r.get("id"),
    modified_at=lambda r: iso_timestamp(r.get("dateUpdated")) or iso_timestamp(r.get("dateAdded")),
    columns={"location_id": lambda r: r.get("locationId"), "source": lambda r: r.get("source")},
    personal=PersonalFields(
        paths=(
            "firstName",
            "lastName",
            "name",
            "firstNameLowerCase",
            "lastNameLowerCase",
            "fullNameLowerCase",
            "email",
            "phone",
            "emailLowerCase",
            "additionalEmails",
            "additionalPhones",
            "address1",
            "address",
            "dateOfBirth",
            "gender",
            "ssn",
            "companyName",
            "businessName",
            "website",
            "profilePhoto",
            "attachments",
            "attributionSource",  # the visitor's IP, user agent, referrer and ad click ids
            "lastAttributionSource",
        ),
        email="email",
        phone="phone",
    ),
)

OPPORTUNITIES = Entity(
    source="ghl",
    name="opportunities",
    table="ghl_opportunities",
    key_column="opportunity_id",
    key=lambda r: r.get("id"),
    modified_at=lambda r: iso_timestamp(r.get("updatedAt")) or iso_timestamp(r.get("createdAt")),
    columns={
        "contact_id": lambda r: r.get("contactId"),
        "pipeline_id": lambda r: r.get("pipelineId"),
        "pipeline_stage_id": lambda r: r.get("pipelineStageId"),
        "status": lambda r: r.get("status"),
    },
    personal=PersonalFields(
        paths=(
            "name",
            "contact.name",
            "contact.companyName",
            "contact.email",
            "contact.phone",
            "notes",
            "tasks",
            "calendarEvents",
            "customFields",
            "attributions",
        )
    ),
    validate=lambda r: (
        None
        if r.get("status") in ("open", "won", "lost", "abandoned")
        else f"status {r.get('status')!r} is not open, won, lost or abandoned"
    ),
)

PIPELINES = Entity(
    source="ghl",
    name="pipelines",
    table="ghl_pipelines",
    key_column="pipeline_id",
    key=lambda r: r.get("id"),
    modified_at=lambda r: iso_timestamp(r.get("dateUpdated")) or iso_timestamp(r.get("dateAdded")),
)

CONVERSATIONS = Entity(
    source="ghl",
    name="conversations",
    table="ghl_conversations",
    key_column="conversation_id",
    key=lambda r: r.get("id"),
    modified_at=lambda r: epoch_millis(r.get("lastMessageDate")) or epoch_millis(r.get("dateUpdated")),
    columns={"contact_id": lambda r: r.get("contactId")},
    personal=PersonalFields(
        paths=("fullName", "contactName", "companyName", "email", "phone", "profilePhoto", "lastMessageBody")
    ),
)

MESSAGES = Entity(
    source="ghl",
    name="messages",
    table="ghl_messages",
    key_column="message_id",
    key=lambda r: r.get("id"),
    modified_at=lambda r: iso_timestamp(r.get("dateAdded")),
    columns={
        "conversation_id": lambda r: r.get("conversationId"),
        "contact_id": lambda r: r.get("contactId"),
        "direction": lambda r: r.get("direction"),
    },
    personal=PersonalFields(paths=("body", "html", "subject", "from", "to", "cc", "bcc", "attachments", "meta.email")),
    validate=lambda r: (
        None
        if r.get("direction") in ("inbound", "outbound")
        else f"direction {r.get('direction')!r} is not inbound or outbound"
    ),
)

GHL_ENTITIES = (CONTACTS, OPPORTUNITIES, PIPELINES, CONVERSATIONS, MESSAGES)
