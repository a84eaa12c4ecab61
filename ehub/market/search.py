"""Listing search and comparable sales over the marts, for the Buyer and Seller bots.

Both run one parameterised query against indexed marts: `marts.listing_search` for active
listings, and `marts.comparable_sales()` (created by the dbt project) for the CMA, so the bots and
the `cma_comps` mart rank comparables with one and the same definition.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from statistics import median, quantiles

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import ProgrammingError

from ehub.errors import UnavailableError, ValidationError


@dataclass(frozen=True)
class ListingCriteria:
    city: str | None = None
    postal_code: str | None = None
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
class PriceRange:
    low: int
    mid: int
    high: int
    comps_used: int


_SEARCH = text("""
    select listing_key, street_address, city, postal_code, list_price, bedrooms_total, bathrooms_total,
           living_area_sqft, price_per_sqft, property_sub_type, days_on_market
    from marts.listing_search
    where (cast(:city as text) is null or city = :city)
      and (cast(:postal_code as text) is null or postal_code = :postal_code)
      and (cast(:max_price as numeric) is null or list_price <= :max_price)
      and (cast(:min_price as numeric) is null or list_price >= :min_price)
      and (cast(:min_bedrooms as integer) is null or bedrooms_total >= :min_bedrooms)
      and (cast(:min_bathrooms as integer) is null or bathrooms_total >= :min_bathrooms)
      and (cast(:sub_type as text) is null or property_sub_type = :sub_type)
      and not (listing_key = any(cast(:exclude as text[])))
    order by
        case when cast(:max_price as numeric) is null then 0 else abs(:max_price * 0.95 - list_price) end,
        days_on_market, listing_key
    limit :limit
""")

_COMPS = text("""
    select * from marts.comparable_sales(
        cast(:sub_type as text), cast(:latitude as double precision), cast(:longitude as double precision),
        cast(:living_area as numeric), cast(:bedrooms as integer), cast(:bathrooms as integer),
        cast(:year_built as integer), cast(:lot_acres as numeric), cast(:wanted as integer),
        cast(:exclude as text), cast(:as_of as date)
    )
""")


def search_listings(connection: Connection, criteria: ListingCriteria) -> list[dict]:
    if criteria.limit < 1 or criteria.limit > 50:
        raise ValidationError("limit must be between 1 and 50", field="limit", code="LIMIT_OUT_OF_RANGE")
    rows = (
        connection.execute(
            _SEARCH,
            {
                "city": criteria.city,
                "postal_code": criteria.postal_code,
                "max_price": criteria.max_price,
                "min_price": criteria.min_price,
                "min_bedrooms": criteria.min_bedrooms,
                "min_bathrooms": criteria.min_bathrooms,
                "sub_type": criteria.property_sub_type,
                "exclude": list(criteria.exclude),
                "limit": criteria.limit,
            },
        )
        .mappings()
        .all()
    )
    return [dict(row) for row in rows]


def comparable_sales(
    connection: Connection, subject: Subject, *, wanted: int = 5, as_of: date | None = None
) -> list[dict]:
    if subject.living_area_sqft <= 0:
        raise ValidationError("living area must be positive", field="living_area_sqft", code="AREA_INVALID")
    rows = (
        connection.execute(
            _COMPS,
            {
                "sub_type": subject.property_sub_type,
                "latitude": subject.latitude,
                "longitude": subject.longitude,
                "living_area": subject.living_area_sqft,
                "bedrooms": subject.bedrooms,
                "bathrooms": subject.bathrooms,
                "year_built": subject.year_built,
                "lot_acres": subject.lot_size_acres,
                "wanted": wanted,
                "exclude": subject.listing_key,
                "as_of": as_of or date.today(),
            },
        )
        .mappings()
        .all()
    )
    return [dict(row) for row in rows]


def price_range(comps: list[dict]) -> PriceRange | None:
    """Low / mid / high from the comps' adjusted prices (quartiles), never a single price."""
    prices = [float(comp["adjusted_price"]) for comp in comps if comp["adjusted_price"] is not None]
    if len(prices) < 2:
        return None
    low, _, high = quantiles(prices, n=4, method="inclusive")
    return PriceRange(low=_thousand(low), mid=_thousand(median(prices)), high=_thousand(high), comps_used=len(prices))


def _thousand(value: float | Decimal) -> int:
    return int(round(float(value), -3))


class MartsMarket:
    """The bots' view of the market: listing search and comparable sales on the marts."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def search(self, criteria: ListingCriteria) -> list[dict]:
        with _marts_built(), self._engine.connect() as connection:
            return search_listings(connection, criteria)

    def comps(self, subject: Subject, wanted: int = 5) -> list[dict]:
        with _marts_built(), self._engine.connect() as connection:
            return comparable_sales(connection, subject, wanted=wanted)


@contextmanager
def _marts_built() -> Iterator[None]:
    """A missing mart (never materialized yet) is an unavailable dependency, not a crash."""
    try:
        yield
    except ProgrammingError as error:
        if getattr(error.orig, "sqlstate", None) not in ("42P01", "42883", "3F000"):  # table, function, schema
            raise
        raise UnavailableError(
            "The market marts are not built yet: run the main job (ehub materialize)", code="MARTS_NOT_BUILT"
        ) from None
