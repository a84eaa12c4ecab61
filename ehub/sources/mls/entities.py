"""How MLS records land: `Property` (with inline `Media`), `Member` and `Office`."""

from __future__ import annotations

from datetime import datetime

from ehub.sources.landing import Entity, PersonalFields, Record
from ehub.sources.mls.normalise import LOOKUP_FIELDS, canonical_lookup, property_problem
from ehub.sources.values import iso_timestamp

# Agents are people: their names and how to reach them are personal data even when professional, and
# nothing downstream needs them (listings link to agents and offices by key). Offices are firms:
# their names, phones and addresses are business data, kept in clear (and staging reads them).
_AGENT_DETAILS = (
    "FullName",
    "FirstName",
    "MiddleName",
    "LastName",
    "NamePrefix",
    "NameSuffix",
    "Nickname",
    "Email",
    "DirectPhone",
    "MobilePhone",
    "HomePhone",
    "OfficePhone",
    "OfficePhoneExt",
    "PreferredPhone",
    "PreferredPhoneExt",
    "TollFreePhone",
    "Fax",
    "Pager",
    "VoiceMail",
    "VoiceMailExt",
    "URL",
    "StateLicense",
)
_LISTING_ROLES = ("ListAgent", "CoListAgent", "BuyerAgent", "CoBuyerAgent")

# Agent, owner, occupant and showing contacts some feeds put on listings, and the agents-only
# remarks that quote them (phone numbers, names, access codes): personal, so sealed. The public
# remarks and the listing's address are published to consumers, and staging reads them.
_LISTING_PERSONAL = PersonalFields(
    paths=(
        *(f"{role}{detail}" for role in _LISTING_ROLES for detail in _AGENT_DETAILS),
        "OwnerName",
        "OwnerPhone",
        "OccupantName",
        "OccupantPhone",
        "ShowingContactName",
        "ShowingContactPhone",
        "ShowingContactPhoneExt",
        "ShowingInstructions",
        "PrivateRemarks",
        "PrivateOfficeRemarks",
    ),
    email="ListAgentEmail",
    phone="ListAgentDirectPhone",
)


def _canonical_lookups(record: Record) -> Record:
    return {**record, **{name: canonical_lookup(record[name]) for name in LOOKUP_FIELDS if name in record}}


def _modified(record: Record) -> datetime | None:
    return iso_timestamp(record.get("ModificationTimestamp"))


def _hidden(record: Record) -> bool:
    return record.get("MlgCanView") is False


PROPERTIES = Entity(
    source="mls",
    name="Property",
    table="mls_properties",
    key_column="listing_key",
    key=lambda r: r.get("ListingKey"),
    modified_at=_modified,
    columns={
        "listing_id": lambda r: r.get("ListingId"),
        "originating_system": lambda r: str(r.get("OriginatingSystemName") or ""),
        "standard_status": lambda r: r.get("StandardStatus"),
    },
    personal=_LISTING_PERSONAL,
    validate=property_problem,
    normalise=_canonical_lookups,
    deleted=_hidden,
)

MEMBERS = Entity(
    source="mls",
    name="Member",
    table="mls_members",
    key_column="member_key",
    key=lambda r: r.get("MemberKey"),
    modified_at=_modified,
    columns={"office_key": lambda r: r.get("OfficeKey")},
    personal=PersonalFields(
        paths=(
            *(f"Member{detail}" for detail in _AGENT_DETAILS),
            "MemberPhoneTTYTDD",
            "MemberAddress1",
            "MemberAddress2",
            "MemberPostalCode",
            "MemberPostalCodePlus4",
            "MemberCarrierRoute",
            "MemberLoginId",
            "MemberPassword",
            "MemberAssociationComments",
            "SocialMedia",
        ),
        email="MemberEmail",
        phone="MemberMobilePhone",
    ),
    deleted=_hidden,
)

OFFICES = Entity(
    source="mls",
    name="Office",
    table="mls_offices",
    key_column="office_key",
    key=lambda r: r.get("OfficeKey"),
    modified_at=_modified,
    deleted=_hidden,
)

MLS_ENTITIES = (PROPERTIES, MEMBERS, OFFICES)
