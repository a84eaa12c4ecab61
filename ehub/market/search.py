"""Listing search and comparable sales over the marts, for the Buyer and Seller bots.

Both run one parameterised query against indexed marts: `marts.listing_search` for active
listings, and `marts.comparable_sales()` (created by the dbt project) for the CMA, so the bots and
the `cma_comps` mart rank comparables with one and the same definition, as of the same date: the
newest change in the MLS feed, as the marts measure it (never the wall clock). Rows reach the bots
as typed records, not dicts keyed by strings.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from statistics import median, quantiles

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import ProgrammingError

from ehub.errors import UnavailableError, ValidationError
from ehub.market.properties import PropertyRecord, find_property
from ehub.market.records import ComparableSale, Listing, ListingCriteria, PriceRange, Subject
from ehub.market.stats import AreaMarket, area_market

_SEARCH = text("""
    select listing_key, street_address, city, postal_code, list_price, bedrooms_total, bathrooms_total,
           living_area_sqft, price_per_sqft, property_sub_type, days_on_market, year_built, lot_size_acres,
           has_price_reduction
    from marts.listing_search
    where (cast(:city as text) is null or city = :city)
      and (cast(:postal_codes as text[]) is null or postal_code = any(cast(:postal_codes as text[])))
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

MIN_RANGE_WIDTH = 0.06  # a CMA range is never narrower than 6 % of its middle: never one price
_COMPS = text("""
    select * from marts.comparable_sales(
        cast(:sub_type as text), cast(:latitude as double precision), cast(:longitude as double precision),
        cast(:living_area as numeric), cast(:bedrooms as integer), cast(:bathrooms as integer),
        cast(:year_built as integer), cast(:lot_acres as numeric), cast(:wanted as integer),
        cast(:exclude as text), cast(:as_of as date)
    )
""")


_BY_KEYS = text("""
    select listing_key, street_address, city, postal_code, list_price, bedrooms_total, bathrooms_total,
           living_area_sqft, price_per_sqft, property_sub_type, days_on_market, year_built, lot_size_acres,
           has_price_reduction
    from marts.listing_search where listing_key = any(cast(:keys as text[]))
""")


def listings_by_key(connection: Connection, keys: list[str]) -> dict[str, Listing]:
    """The listings still active among `keys` (a sold or withdrawn one is simply absent)."""
    rows = connection.execute(_BY_KEYS, {"keys": keys}).mappings().all()
    return {row["listing_key"]: Listing.from_row(row) for row in rows}


def search_listings(connection: Connection, criteria: ListingCriteria) -> list[Listing]:
    if criteria.limit < 1 or criteria.limit > 50:
        raise ValidationError("limit must be between 1 and 50", field="limit", code="LIMIT_OUT_OF_RANGE")
    rows = (
        connection.execute(
            _SEARCH,
            {
                "city": criteria.city,
                "postal_codes": [criteria.postal_code] if criteria.postal_code else list(criteria.postal_codes) or None,
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
    return [Listing.from_row(row) for row in rows]


def comparable_sales(
    connection: Connection, subject: Subject, *, wanted: int = 5, as_of: date | None = None
) -> list[ComparableSale]:
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
                "as_of": as_of or feed_as_of(connection),
            },
        )
        .mappings()
        .all()
    )
    return [ComparableSale.from_row(row) for row in rows]


_AS_OF = text("select (max(modified_at) at time zone 'America/Chicago')::date from staging.stg_mls__properties")


def feed_as_of(connection: Connection) -> date:
    """The date the MLS feed stands at, as the marts' `as_of_date()` macro computes it."""
    return connection.execute(_AS_OF).scalar() or date.today()


def price_range(comps: list[ComparableSale]) -> PriceRange | None:
    """Low / mid / high from the comps' adjusted prices (quartiles), never a single price: the range
    is at least `MIN_RANGE_WIDTH` of its middle wide, widened evenly around the middle when the
    comps agree too closely."""
    prices = [float(comp.adjusted_price) for comp in comps if comp.adjusted_price is not None]
    if len(prices) < 2:
        return None
    low, _, high = quantiles(prices, n=4, method="inclusive")
    middle = median(prices)
    half_width = max((high - low) / 2, middle * MIN_RANGE_WIDTH / 2)
    centre = (low + high) / 2
    return PriceRange(
        low=_thousand(centre - half_width),
        mid=_thousand(middle),
        high=_thousand(centre + half_width),
        comps_used=len(prices),
    )


def _thousand(value: float | Decimal) -> int:
    return int(round(float(value), -3))


class MartsMarket:
    """The bots' view of the market: listing search and comparable sales on the marts."""

    AS_OF_SECONDS = 600.0  # the feed's date moves once a sync lands; reading it per CMA would cost a scan

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._as_of: tuple[float, date] | None = None

    def search(self, criteria: ListingCriteria) -> list[Listing]:
        with _marts_built(), self._engine.connect() as connection:
            return search_listings(connection, criteria)

    def comps(self, subject: Subject, wanted: int = 5) -> list[ComparableSale]:
        with _marts_built(), self._engine.connect() as connection:
            return comparable_sales(connection, subject, wanted=wanted, as_of=self._feed_date(connection))

    def listings(self, keys: list[str]) -> dict[str, Listing]:
        with _marts_built(), self._engine.connect() as connection:
            return listings_by_key(connection, keys)

    def find_property(self, number: str, street: str, city: str | None = None) -> PropertyRecord | None:
        with _marts_built(), self._engine.connect() as connection:
            return find_property(connection, number, street, city)

    def area(
        self,
        *,
        area: str,
        city: str | None,
        postal_code: str | None,
        band: str | None,
        bedrooms: int | None = None,
        postal_codes: tuple[str, ...] = (),
    ) -> AreaMarket:
        """The market figures a lead asked about: one city or ZIP, one band and bedroom count when known."""
        with _marts_built(), self._engine.connect() as connection:
            return area_market(
                connection,
                area=area,
                as_of=self._feed_date(connection),
                city=city,
                postal_code=postal_code,
                band=band,
                bedrooms=bedrooms,
                postal_codes=postal_codes,
            )

    def _feed_date(self, connection: Connection) -> date:
        if self._as_of is None or time.monotonic() - self._as_of[0] > self.AS_OF_SECONDS:
            self._as_of = (time.monotonic(), feed_as_of(connection))
        return self._as_of[1]


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
