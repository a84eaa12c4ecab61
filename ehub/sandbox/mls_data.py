"""Deterministic RESO `Property` records for the Austin sandbox MLS.

Listing *i* is a pure function of `(seed, i, now)`, so any slice of a feed of any size can be
produced without holding the rest, and two runs with the same seed see identical data. Records
follow RESO Data Dictionary 2.0 names with MLS Grid conventions: `ACT`-prefixed keys, `ACT_`
local fields, `MlgCanView`, and lookup values sometimes as enum members and sometimes as display
strings, as real feeds send them.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ehub.sandbox.areas import AREAS, Area

ORIGINATING_SYSTEM = "actris"
SANDBOX_NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
HISTORY_DAYS = 730
LISTINGS_PER_SCALE = 5000

_AREA_WEIGHTS = [area.weight for area in AREAS]
_OFFICES = (
    ("ACTO1001", "Hill Country Realty Partners"),
    ("ACTO1002", "Lone Star Urban Homes"),
    ("ACTO1003", "Capital City Brokerage"),
    ("ACTO1004", "Lakeway Luxury Group"),
    ("ACTO1005", "Williamson County Home Team"),
)
_STREETS = (
    "Oak",
    "Live Oak",
    "Pecan",
    "Bluebonnet",
    "Mesquite",
    "Cedar",
    "Barton",
    "Lamar",
    "Riverside",
    "Shoal Creek",
    "Red Bud",
    "Cypress",
    "Limestone",
    "Hill Country",
    "Brushy Creek",
    "Ranch",
)
_STREET_TYPES = ("Dr", "Ln", "St", "Cv", "Trl", "Way", "Blvd", "Pass")
_APPLIANCES = ("Dishwasher", "Disposal", "Gas Range", "Microwave", "Refrigerator", "Stainless Steel Appliances")
_FEATURES = ("High Ceilings", "Open Floorplan", "Walk-In Closet(s)", "Quartz Counters", "Smart Home", "Pantry")
_REMARKS = (
    "Light-filled {beds}-bedroom home in {area} with an open floorplan and a shaded backyard.",
    "Updated kitchen, quartz counters and energy-efficient windows; minutes from {area} shops.",
    "Move-in ready {subtype_text} close to trails, parks and major employers.",
    "Spacious living areas, a two-car garage and a covered patio for Texas evenings.",
    "Walk to restaurants and live music; low-maintenance living in the heart of {area}.",
)

# The two forms a lookup value may arrive in: RESO enum member and display string.
_DISPLAY = {
    "ActiveUnderContract": "Active Under Contract",
    "ComingSoon": "Coming Soon",
    "SingleFamilyResidence": "Single Family Residence",
}


def listing_count(scale: float) -> int:
    return max(1, round(LISTINGS_PER_SCALE * scale))


def _lookup(rng: random.Random, member: str) -> str:
    """Send a lookup as its display string about a quarter of the time, as real feeds do."""
    return _DISPLAY.get(member, member) if rng.random() < 0.25 else member


def _subtype(rng: random.Random, area: Area) -> str:
    if rng.random() < area.condo_share:
        return "Condominium" if rng.random() < 0.7 else "Townhouse"
    return "SingleFamilyResidence"


def _living_area(rng: random.Random, subtype: str, area: Area) -> int:
    if subtype == "Condominium":
        return int(min(3200, max(520, rng.lognormvariate(7.0, 0.3))))
    luxury_bias = 0.35 if area.price_per_sqft > 600 else 0.0
    return int(min(9000, max(900, rng.lognormvariate(7.65 + luxury_bias, 0.28))))


def _seasonality(listed: date) -> float:
    """Spring prices run a little hotter than winter's."""
    return {3: 1.02, 4: 1.03, 5: 1.03, 6: 1.02, 11: 0.98, 12: 0.97, 1: 0.97}.get(listed.month, 1.0)


def _lifecycle(rng: random.Random, listed_at: datetime, now: datetime) -> dict[str, Any]:
    """Where a listing stands at `now`: status, dates, days on market."""
    market_days = max(1, int(rng.expovariate(1 / 42)))
    off_market_at = listed_at + timedelta(days=market_days)
    if listed_at > now:
        return {"status": "ComingSoon", "dom": 0, "events": [listed_at - timedelta(days=7)]}
    if off_market_at > now:
        return {"status": "Active", "dom": (now - listed_at).days, "events": [listed_at]}
    outcome = rng.random()
    if outcome < 0.76:
        close_at = off_market_at + timedelta(days=rng.randint(25, 45))
        if close_at > now:
            status = "ActiveUnderContract" if rng.random() < 0.4 else "Pending"
            return {"status": status, "dom": market_days, "events": [listed_at, off_market_at]}
        return {
            "status": "Closed",
            "dom": market_days,
            "close_at": close_at,
            "events": [listed_at, off_market_at, close_at],
        }
    status = "Withdrawn" if outcome < 0.84 else ("Expired" if outcome < 0.94 else "Canceled")
    return {"status": status, "dom": market_days, "events": [listed_at, off_market_at]}


def generate_property(index: int, *, seed: int, now: datetime = SANDBOX_NOW) -> dict[str, Any]:
    """The RESO Property record of listing `index` as the feed shows it at `now`."""
    # Seeded for reproducible sandbox data; nothing secret depends on it.
    rng = random.Random(f"mls:{seed}:{index}")  # nosec B311
    area = rng.choices(AREAS, weights=_AREA_WEIGHTS)[0]
    subtype = _subtype(rng, area)
    living_area = _living_area(rng, subtype, area)
    bedrooms = max(1, min(6, round(living_area / 620 + rng.uniform(-0.6, 0.6))))
    bathrooms = max(1, min(bedrooms + 1, round(bedrooms * rng.uniform(0.6, 1.0))))
    year_built = rng.randint(2005, 2025) if area.city not in ("Austin", "West Lake Hills") else rng.randint(1950, 2025)

    listed_at = now - timedelta(days=rng.uniform(-14, HISTORY_DAYS), hours=rng.uniform(0, 12))
    life = _lifecycle(rng, listed_at, now)

    price_per_sqft = area.price_per_sqft * rng.lognormvariate(0, 0.14) * _seasonality(listed_at.date())
    original_price = max(150_000, round(price_per_sqft * living_area, -3))
    list_price = original_price
    if life["dom"] > 30 and rng.random() < 0.5:
        list_price = round(original_price * (1 - rng.uniform(0.02, 0.08)), -3)
    close_price = round(list_price * rng.gauss(0.975, 0.025), -3) if life["status"] == "Closed" else None

    modified_at = min(now, max(life["events"]) + timedelta(minutes=rng.randint(5, 600)))
    zip_code = rng.choice(area.zip_codes)
    office_key, office_name = rng.choice(_OFFICES)
    street_number = rng.randint(100, 19999)
    remark = rng.choice(_REMARKS).format(
        beds=bedrooms, area=area.name, subtype_text="condo" if subtype == "Condominium" else "home"
    )

    return {
        "ListingKey": f"ACT{210000000 + index}",
        "ListingId": f"ACT{5000000 + index}",
        "OriginatingSystemName": ORIGINATING_SYSTEM,
        "StandardStatus": _lookup(rng, life["status"]),
        "PropertyType": "Residential",
        "PropertySubType": _lookup(rng, subtype),
        "ListPrice": list_price,
        "OriginalListPrice": original_price,
        "ClosePrice": close_price,
        "CloseDate": life["close_at"].date().isoformat() if "close_at" in life else None,
        "ListingContractDate": listed_at.date().isoformat(),
        "DaysOnMarket": life["dom"],
        "CumulativeDaysOnMarket": life["dom"] + (rng.randint(0, 60) if rng.random() < 0.1 else 0),
        "BedroomsTotal": bedrooms,
        "BathroomsTotalInteger": bathrooms,
        "LivingArea": living_area,
        "LotSizeAcres": round(rng.uniform(0.1, 0.35) if subtype == "SingleFamilyResidence" else 0.0, 3),
        "YearBuilt": year_built,
        "UnparsedAddress": f"{street_number} {rng.choice(_STREETS)} {rng.choice(_STREET_TYPES)}",
        "City": area.city,
        "StateOrProvince": "TX",
        "PostalCode": zip_code,
        "CountyOrParish": area.county,
        "SubdivisionName": f"{area.name} {rng.choice(('Heights', 'Park', 'Ranch', 'Village', 'Estates'))}",
        "Latitude": round(area.latitude + rng.uniform(-0.03, 0.03), 6),
        "Longitude": round(area.longitude + rng.uniform(-0.03, 0.03), 6),
        "PublicRemarks": remark,
        "Appliances": rng.sample(_APPLIANCES, k=rng.randint(2, 5)),
        "InteriorFeatures": rng.sample(_FEATURES, k=rng.randint(1, 4)),
        "ListOfficeKey": office_key,
        "ListOfficeName": office_name,
        "ListAgentKey": f"ACTM{rng.randint(10000, 10400)}",
        "ModificationTimestamp": modified_at.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
        "MlgCanView": rng.random() >= 0.01,
        "ACT_EstimatedTaxes": round(list_price * 0.019, 2),
        "ACT_ListingAgreementType": "Exclusive Right To Sell",
    }
