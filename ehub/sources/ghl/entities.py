"""How GoHighLevel records land: what identifies them, when they changed, what is personal."""

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
            "additionalEmails",
            "additionalPhones",
            "address1",
            "dateOfBirth",
            "companyName",
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
    personal=PersonalFields(paths=("name", "contact.name", "contact.email", "contact.phone")),
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
    personal=PersonalFields(paths=("fullName", "contactName", "email", "phone", "lastMessageBody")),
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
    personal=PersonalFields(paths=("body", "from", "to", "meta.email", "subject")),
    validate=lambda r: (
        None
        if r.get("direction") in ("inbound", "outbound")
        else f"direction {r.get('direction')!r} is not inbound or outbound"
    ),
)

GHL_ENTITIES = (CONTACTS, OPPORTUNITIES, PIPELINES, CONVERSATIONS, MESSAGES)
