"""Listing search and CMA over the marts, the same queries the bots run."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromQuery, JSONBody, QueryParameter

from bot_api.access import Access
from bot_api.errors import ERROR_RESPONSES
from bot_api.market.schemas import CITY_PATTERN, MAX_PRICE, CmaRequest, CmaResponse, PropertySubType
from ehub.market.records import Listing, ListingCriteria, Subject
from ehub.market.search import MartsMarket, price_range

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
