"""From a RESO `Property` record as received to a row we can trust, or a reject with a reason.

Lookup values arrive as enum members (`ActiveUnderContract`) or display strings (`Active Under
Contract`); both become the enum member. Quality rules reject what cannot be right (no key, no
price, coordinates outside Texas) instead of letting it reach a mart or crash a run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

LOOKUP_FIELDS = ("StandardStatus", "PropertyType", "PropertySubType")
TEXAS_LATITUDE = (25.8, 36.6)
TEXAS_LONGITUDE = (-106.7, -93.5)
_NOT_ALPHANUMERIC = re.compile(r"[^0-9A-Za-z]")


def canonical_lookup(value: Any) -> Any:
    """`Active Under Contract` and `ActiveUnderContract` -> `ActiveUnderContract`."""
    if not isinstance(value, str):
        return value
    words = (_NOT_ALPHANUMERIC.sub("", word) for word in re.split(r"[\s/\-]+", value.strip()))
    return "".join(word[:1].upper() + word[1:] for word in words)


def parse_timestamp(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


@dataclass(frozen=True)
class PropertyRow:
    listing_key: str
    listing_id: str | None
    originating_system: str
    standard_status: str | None
    modified_at: datetime
    deleted: bool
    payload: dict[str, Any]


@dataclass(frozen=True)
class PropertyReject:
    listing_key: str | None
    reason: str
    payload: dict[str, Any]


def _quality_problem(record: dict[str, Any]) -> str | None:
    price = record.get("ListPrice")
    if not isinstance(price, int | float) or price <= 0:
        return f"ListPrice must be a positive number, got {price!r}"
    latitude, longitude = record.get("Latitude"), record.get("Longitude")
    if (
        latitude is not None
        and longitude is not None
        and not (
            TEXAS_LATITUDE[0] <= latitude <= TEXAS_LATITUDE[1] and TEXAS_LONGITUDE[0] <= longitude <= TEXAS_LONGITUDE[1]
        )
    ):
        return f"Coordinates ({latitude}, {longitude}) are outside Texas"
    bedrooms = record.get("BedroomsTotal")
    if bedrooms is not None and not 0 <= bedrooms <= 30:
        return f"BedroomsTotal {bedrooms} is implausible"
    living_area = record.get("LivingArea")
    if living_area is not None and not 100 <= living_area <= 50_000:
        return f"LivingArea {living_area} sqft is implausible"
    listed, closed = record.get("ListingContractDate"), record.get("CloseDate")
    if listed and closed and date.fromisoformat(closed) < date.fromisoformat(listed):
        return f"CloseDate {closed} is before ListingContractDate {listed}"
    return None


def normalise_property(record: dict[str, Any]) -> PropertyRow | PropertyReject:
    """Validate and canonicalise one record."""
    key = record.get("ListingKey")
    if not isinstance(key, str) or not key.strip():
        return PropertyReject(None, "ListingKey is missing", record)
    modified_at = parse_timestamp(record.get("ModificationTimestamp"))
    if modified_at is None:
        return PropertyReject(key, "ModificationTimestamp is missing or not an ISO-8601 UTC timestamp", record)
    deleted = record.get("MlgCanView") is False
    if not deleted:
        try:
            problem = _quality_problem(record)
        except (TypeError, ValueError) as exc:
            problem = f"Malformed value: {exc}"
        if problem:
            return PropertyReject(key, problem, record)
    payload = {**record, **{name: canonical_lookup(record.get(name)) for name in LOOKUP_FIELDS if name in record}}
    return PropertyRow(
        listing_key=key,
        listing_id=record.get("ListingId"),
        originating_system=str(record.get("OriginatingSystemName") or ""),
        standard_status=payload.get("StandardStatus"),
        modified_at=modified_at,
        deleted=deleted,
        payload=payload,
    )
