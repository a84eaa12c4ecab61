"""MLS record rules: one canonical form for lookup values, and what makes a listing implausible.

Lookup values arrive as enum members (`ActiveUnderContract`) or display strings (`Active Under
Contract`); both become the enum member. Quality rules reject what cannot be right (no price,
coordinates outside Texas, a sale closed before it was listed) instead of letting it reach a mart.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

LOOKUP_FIELDS = ("StandardStatus", "PropertyType", "PropertySubType")
TEXAS_LATITUDE = (25.8, 36.6)
TEXAS_LONGITUDE = (-106.7, -93.5)
_NOT_ALPHANUMERIC = re.compile(r"[^0-9A-Za-z]")


@lru_cache(maxsize=4096)
def _canonical(value: str) -> str:
    words = (_NOT_ALPHANUMERIC.sub("", word) for word in re.split(r"[\s/\-]+", value.strip()))
    return "".join(word[:1].upper() + word[1:] for word in words)


def canonical_lookup(value: Any) -> Any:
    """`Active Under Contract` and `ActiveUnderContract` -> `ActiveUnderContract`."""
    return _canonical(value) if isinstance(value, str) else value


def property_problem(record: dict[str, Any]) -> str | None:
    """Why a visible listing cannot be trusted, or None."""
    price = record.get("ListPrice")
    if isinstance(price, bool) or not isinstance(price, int | float) or price <= 0:
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
    bathrooms = record.get("BathroomsTotalInteger")
    if bathrooms is not None and not 0 <= bathrooms <= 30:
        return f"BathroomsTotalInteger {bathrooms} is implausible"
    living_area = record.get("LivingArea")
    if living_area is not None and not 100 <= living_area <= 50_000:
        return f"LivingArea {living_area} sqft is implausible"
    listed, closed = record.get("ListingContractDate"), record.get("CloseDate")
    if listed and closed and date.fromisoformat(closed) < date.fromisoformat(listed):
        return f"CloseDate {closed} is before ListingContractDate {listed}"
    return None
