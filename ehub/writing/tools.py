"""The read-only tools a writer may call, over the same market the bots read (ehub.market.search).

Each returns plain JSON; what it returns joins the facts a reply's figures are checked against.
Nothing here writes: a tool can look up a listing or a market figure, never change a lead.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, TypedDict

from ehub.errors import EhubError
from ehub.geography import city_of, district_zip_codes
from ehub.market.bands import BANDS as MARKET_BANDS
from ehub.market.records import ListingCriteria

if TYPE_CHECKING:
    from ehub.bots.exchange import MarketData

MAX_RESULTS = 3
BANDS = (*(name for name, _ in MARKET_BANDS), "below_entry")


class ToolSpec(TypedDict):
    """A tool as a provider declares it: its name, what it does and its arguments' JSON schema."""

    name: str
    description: str
    input_schema: dict[str, object]


TOOLS: list[ToolSpec] = [
    {
        "name": "market_stats",
        "description": "Closed sales, median price, price per sq ft, days on market and active listings "
        "of one Austin-area city or ZIP code over the last 90 days, optionally in one price band.",
        "input_schema": {
            "type": "object",
            "properties": {
                "area": {"type": "string", "description": "A city, neighbourhood or 5-digit ZIP code."},
                "band": {"type": "string", "enum": list(BANDS)},
            },
            "required": ["area"],
        },
    },
    {
        "name": "listing_details",
        "description": "The facts of one active listing by its MLS listing key.",
        "input_schema": {
            "type": "object",
            "properties": {"listing_key": {"type": "string"}},
            "required": ["listing_key"],
        },
    },
    {
        "name": "search_listings",
        "description": "Up to three active listings matching the criteria.",
        "input_schema": {
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "postal_code": {"type": "string"},
                "max_price": {"type": "integer", "minimum": 0},
                "min_bedrooms": {"type": "integer", "minimum": 0, "maximum": 10},
            },
        },
    },
    {
        "name": "comparable_sales",
        "description": "The comparable sales the engine selected for this seller's home, with its price range.",
        "input_schema": {"type": "object", "properties": {}},
    },
]


def run_tool(name: str, arguments: dict[str, Any], market: MarketData | None, facts: dict[str, Any]) -> Any:
    """What tool `name` answers (a JSON-ready value); an error is answered, never raised."""
    try:
        return _run(name, arguments, market, facts)
    except (EhubError, ValueError, TypeError, KeyError) as exc:
        return {"error": type(exc).__name__, "detail": str(exc)[:200]}


def _run(name: str, arguments: dict[str, Any], market: MarketData | None, facts: dict[str, Any]) -> Any:
    if name == "comparable_sales":
        return {"estimate": facts.get("estimate"), "comps": facts.get("comps", [])}
    if market is None:
        return {"error": "unavailable", "detail": "market data is not available"}
    if name == "market_stats":
        area = str(arguments["area"]).strip()
        band = arguments.get("band") if arguments.get("band") in BANDS else None
        is_zip = area.isdigit() and len(area) == 5
        city = None if is_zip else (city_of(area.title()) or area.title())
        codes = district_zip_codes(area.title())  # an Austin district's figures, not all of Austin's
        figures = market.area(area=area, city=city, postal_code=area if is_zip else None, band=band, postal_codes=codes)
        return asdict(figures)
    if name == "listing_details":
        key = str(arguments["listing_key"])
        found = market.listings([key]).get(key)
        return asdict(found) if found else {"listing_key": key, "listed": False}
    if name == "search_listings":
        criteria = ListingCriteria(
            city=arguments.get("city"),
            postal_code=arguments.get("postal_code"),
            max_price=_integer(arguments.get("max_price")),
            min_bedrooms=_integer(arguments.get("min_bedrooms")),
            limit=MAX_RESULTS,
        )
        return [asdict(home) for home in market.search(criteria)]
    return {"error": "unknown_tool", "detail": name}


def _integer(value: Any) -> int | None:
    return None if value is None else int(value)


def as_json(value: Any) -> str:
    """A tool result or facts as the JSON a provider reads (dates as ISO text)."""
    return json.dumps(value, default=str, ensure_ascii=False, sort_keys=True)
