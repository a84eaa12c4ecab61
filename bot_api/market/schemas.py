"""What the market routes take and answer: listings as the bots show them (`ehub.market.records`),
and a CMA's comparable sales with their price range."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

import msgspec

from ehub.market.records import ComparableSale, PriceRange

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
