"""What the bots and the API get from the market marts: typed records, never dicts keyed by strings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ehub.db.rows import ColumnValues


@dataclass(frozen=True)
class ListingCriteria:
    city: str | None = None
    postal_code: str | None = None
    postal_codes: tuple[str, ...] = ()  # a district of the city (Mueller in Austin); `postal_code` wins
    max_price: int | None = None
    min_price: int | None = None
    min_bedrooms: int | None = None
    min_bathrooms: int | None = None
    property_sub_type: str | None = None
    exclude: tuple[str, ...] = ()
    limit: int = 3


@dataclass(frozen=True)
class Subject:
    """The property to price: from an MLS record, or from what a seller tells us."""

    property_sub_type: str
    latitude: float
    longitude: float
    living_area_sqft: float
    bedrooms: int | None = None
    bathrooms: int | None = None
    year_built: int | None = None
    lot_size_acres: float | None = None
    listing_key: str | None = None


@dataclass(frozen=True)
class Listing:
    """An active listing as the Buyer bot shows it."""

    listing_key: str
    street_address: str
    city: str
    postal_code: str
    list_price: int
    bedrooms_total: int | None
    bathrooms_total: int | None
    living_area_sqft: float | None
    price_per_sqft: float | None
    property_sub_type: str
    days_on_market: int | None
    year_built: int | None = None
    lot_size_acres: float | None = None
    has_price_reduction: bool | None = None

    @classmethod
    def from_row(cls, row: ColumnValues) -> Listing:
        return cls(**{name: plain_number(row[name]) for name in cls.__dataclass_fields__})


@dataclass(frozen=True)
class ComparableSale:
    """A closed sale like the subject, and its price adjusted to the subject's size."""

    listing_key: str
    street_address: str
    city: str
    close_price: int
    close_date: date
    living_area_sqft: float | None
    bedrooms_total: int | None
    bathrooms_total: int | None
    year_built: int | None
    price_per_sqft: float | None
    distance_miles: float
    similarity: float
    adjusted_price: int | None

    @classmethod
    def from_row(cls, row: ColumnValues) -> ComparableSale:
        return cls(**{name: plain_number(row[name]) for name in cls.__dataclass_fields__})


def plain_number(value: Any) -> Any:
    """Decimals as JSON and people read them: whole numbers as int, others as float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@dataclass(frozen=True)
class PriceRange:
    low: int
    mid: int
    high: int
    comps_used: int
