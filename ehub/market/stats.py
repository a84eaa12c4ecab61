"""Market figures for a lead's question ("how's the market in Round Rock?"), from the marts.

One query over `marts.closed_sales` (the last 12 months of sales, banded by close price) and
`marts.listing_search` (active listings, banded by list price): closed sales, median close price,
$/sqft and days on market over the trailing `PERIOD_DAYS` to the feed's as-of date, and the
listings for sale now; for one city or ZIP, and one price band and bedroom count when the lead
gave them.
The answer always names its period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import SupportsFloat

from sqlalchemy import Connection, text

PERIOD_DAYS = 90

_AREA_MARKET = text("""
    with sold as (
        select close_price, price_per_sqft, days_on_market
        from marts.closed_sales
        where (cast(:city as text) is null or city = :city)
          and (cast(:postal_codes as text[]) is null or postal_code = any(cast(:postal_codes as text[])))
          and (cast(:band as text) is null or price_band = :band)
          and (cast(:bedrooms as integer) is null or bedrooms_total = :bedrooms)
          and close_date > cast(:start as date) and close_date <= cast(:end as date)
    ),
    listed as (
        select count(*) as active
        from marts.listing_search
        where (cast(:city as text) is null or city = :city)
          and (cast(:postal_codes as text[]) is null or postal_code = any(cast(:postal_codes as text[])))
          and (cast(:band as text) is null or list_price_band = :band)
          and (cast(:bedrooms as integer) is null or bedrooms_total = :bedrooms)
    )
    select
        (select count(*) from sold) as closed_sales,
        (select percentile_cont(0.5) within group (order by close_price) from sold) as median_close_price,
        (select percentile_cont(0.5) within group (order by price_per_sqft) from sold) as median_price_per_sqft,
        (select percentile_cont(0.5) within group (order by days_on_market) from sold) as median_days_on_market,
        (select active from listed) as active_listings
""")


@dataclass(frozen=True)
class AreaMarket:
    area: str
    band: str | None
    bedrooms: int | None
    period_start: date  # exclusive
    period_end: date  # inclusive: the feed's as-of date
    closed_sales: int
    median_close_price: int | None
    median_price_per_sqft: int | None
    median_days_on_market: int | None
    active_listings: int


def area_market(
    connection: Connection,
    *,
    area: str,
    as_of: date,
    city: str | None = None,
    postal_code: str | None = None,
    band: str | None = None,
    bedrooms: int | None = None,
    postal_codes: tuple[str, ...] = (),
) -> AreaMarket:
    """`postal_codes`: the ZIP codes of a district of the city (Mueller in Austin), when the question is its."""
    start = as_of - timedelta(days=PERIOD_DAYS)
    codes = [postal_code] if postal_code else list(postal_codes)
    row = (
        connection.execute(
            _AREA_MARKET,
            {
                "city": city,
                "postal_codes": codes or None,
                "band": band,
                "bedrooms": bedrooms,
                "start": start,
                "end": as_of,
            },
        )
        .mappings()
        .one()
    )
    return AreaMarket(
        area=area,
        band=band,
        bedrooms=bedrooms,
        period_start=start,
        period_end=as_of,
        closed_sales=int(row["closed_sales"]),
        median_close_price=_rounded(row["median_close_price"], -3),
        median_price_per_sqft=_rounded(row["median_price_per_sqft"], 0),
        median_days_on_market=_rounded(row["median_days_on_market"], 0),
        active_listings=int(row["active_listings"] or 0),
    )


def _rounded(value: SupportsFloat | None, digits: int) -> int | None:
    return None if value is None else int(round(float(value), digits))
