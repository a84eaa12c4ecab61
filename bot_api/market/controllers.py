"""Listing search and CMA over the marts, the same queries the bots run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

import msgspec
from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromQuery, JSONBody, QueryParameter

from bot_api.access import Access
from bot_api.errors import ERROR_RESPONSES
from ehub.market.records import ComparableSale, Listing, ListingCriteria, PriceRange, Subject
from ehub.market.search import MartsMarket, price_range

# The RESO PropertySubType values of the residential listings the marts hold.
PropertySubType = Literal["SingleFamilyResidence", "Condominium", "Townhouse"]
MAX_PRICE = 1_000_000_000
CITY_PATTERN = r"^[A-Za-z][A-Za-z .'-]{0,63}$"


class CmaRequest(msgspec.Struct, forbid_unknown_fields=True):
    property_sub_type: PropertySubType
    latitude: Annotated[float, msgspec.Meta(ge=25.8, le=36.6)]
    longitude: Annotated[float, msgspec.Meta(ge=-106.7, le=-93.5)]
    living_area_sqft: Annotated[float, msgspec.Meta(gt=100, lt=50_000)]
    bedrooms: Annotated[int, msgspec.Meta(ge=0, le=30)] | None = None
    bathrooms: Annotated[int, msgspec.Meta(ge=0, le=30)] | None = None
    year_built: Annotated[int, msgspec.Meta(ge=1800, le=2100)] | None = None
    lot_size_acres: Annotated[float, msgspec.Meta(ge=0, le=100_000)] | None = None
    comps: Annotated[int, msgspec.Meta(ge=2, le=20)] = 5


@dataclass(frozen=True)
class CmaResponse:
    comps: list[ComparableSale]
    range: PriceRange | None  # low / mid / high from the comps' adjusted prices; None with fewer than two


MARKET_ACCESS = Access(roles=("admin", "agent", "analyst"), scopes=("market",))  # figures, no personal data


class MarketController(Controller):
    tags = ["market"]  # noqa: RUF012

    @get(
        "/v1/properties/search",
        summary="Active listings matching the criteria.",
        sync_to_thread=True,
        responses=ERROR_RESPONSES,
        opt=MARKET_ACCESS.opt,
        security=MARKET_ACCESS.security,
    )
    def search(
        self,
        market: NamedDependency[MartsMarket],
        city: Annotated[str | None, QueryParameter(pattern=CITY_PATTERN, max_length=64)] = None,
        postal_code: Annotated[str | None, QueryParameter(pattern=r"^\d{5}$")] = None,
        # Bounds of 0 are written another way (ge=1, gt=-1): Litestar's document drops a bound of 0.
        max_price: Annotated[int | None, QueryParameter(ge=1, le=MAX_PRICE)] = None,
        min_price: Annotated[int | None, QueryParameter(gt=-1, le=MAX_PRICE)] = None,
        min_bedrooms: Annotated[int | None, QueryParameter(gt=-1, le=20)] = None,
        property_sub_type: FromQuery[PropertySubType | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=50)] = 10,
    ) -> list[Listing]:
        return market.search(
            ListingCriteria(
                city=city,
                postal_code=postal_code,
                max_price=max_price,
                min_price=min_price,
                min_bedrooms=min_bedrooms,
                property_sub_type=property_sub_type,
                limit=limit,
            )
        )

    @post(
        "/v1/cma",
        summary="Comparable sales and a low/mid/high price range for a property.",
        status_code=200,
        sync_to_thread=True,
        responses=ERROR_RESPONSES,
        opt=MARKET_ACCESS.opt,
        security=MARKET_ACCESS.security,
    )
    def cma(self, data: JSONBody[CmaRequest], market: NamedDependency[MartsMarket]) -> CmaResponse:
        subject = Subject(
            data.property_sub_type,
            data.latitude,
            data.longitude,
            data.living_area_sqft,
            data.bedrooms,
            data.bathrooms,
            data.year_built,
            data.lot_size_acres,
        )
        comps = market.comps(subject, wanted=data.comps)
        return CmaResponse(comps=comps, range=price_range(comps))
