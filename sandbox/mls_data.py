"""Deterministic RESO `Property` records for the Austin sandbox MLS.

Listing *i* is listed at a fixed moment (`ORIGIN + i × interval`, jittered) and lives a fixed,
seeded life: coming soon, active, perhaps a price cut, then under contract and closed, or
withdrawn, expired or canceled, sometimes delisted (`MlgCanView=false`). What the feed shows is
that life evaluated at the sandbox's `now`, so moving `now` forward (`ehub sandbox advance`)
brings new listings, changes and deletes, exactly as a real feed drifts. Because listing *i* is a
pure function of `(seed, scale, i, now)`, any slice of a feed of any size is produced without
holding the rest.

Records follow RESO Data Dictionary 2.0 names with MLS Grid conventions: `ACT`-prefixed keys,
`ACT_` local fields, `MlgCanView`, and lookup values sometimes as enum members and sometimes as
display strings, as real feeds send them.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ehub.geography import AREAS, Area

ORIGINATING_SYSTEM = "actris"
SANDBOX_NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
HISTORY = timedelta(days=730)
ORIGIN = SANDBOX_NOW - HISTORY
LISTINGS_PER_SCALE = 5000
COMING_SOON_LEAD = timedelta(days=7)
DELIST_DELAY = timedelta(days=14)
MAX_MARKET_DAYS, MAX_PENDING_DAYS = 365, 45
# No event of a listing happens later than this after it is listed: bounds incremental scans.
MAX_LIFETIME = timedelta(days=MAX_MARKET_DAYS + MAX_PENDING_DAYS) + DELIST_DELAY

_AREA_WEIGHTS = [area.weight for area in AREAS]
OFFICES = (
    ("ACTO1001", "Hill Country Realty Partners"),
    ("ACTO1002", "Lone Star Urban Homes"),
    ("ACTO1003", "Capital City Brokerage"),
    ("ACTO1004", "Lakeway Luxury Group"),
    ("ACTO1005", "Williamson County Home Team"),
)
AGENT_KEYS = tuple(f"ACTM{number}" for number in range(10000, 10400))
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
    "Perfect for young professionals: walk to the office, the lake and the best tacos in {area}.",
    "Quiet, exclusive street ideal for empty nesters; no children's play area next door.",
    "Bright {beds}-bedroom {subtype_text} near a church, schools and the {area} farmers market.",
)
# The last three remarks break fair-housing advertising rules; a few listings in a hundred do.
_REMARK_WEIGHTS = (24, 24, 24, 24, 24, 1, 1, 6)

# The two forms a lookup value may arrive in: RESO enum member and display string.
_DISPLAY = {
    "ActiveUnderContract": "Active Under Contract",
    "ComingSoon": "Coming Soon",
    "SingleFamilyResidence": "Single Family Residence",
}


@dataclass(frozen=True)
class FeedShape:
    """How many listings a sandbox feed of a given scale lists, and how often."""

    scale: float

    @property
    def interval(self) -> timedelta:
        return HISTORY / max(1, round(LISTINGS_PER_SCALE * self.scale))

    def listed_at(self, index: int, jitter: float) -> datetime:
        return ORIGIN + self.interval * (index + jitter)

    def visible_count(self, now: datetime) -> int:
        """Listings whose coming-soon notice has gone out by `now` (indexes 0 … n-1)."""
        return max(0, math.floor((now + COMING_SOON_LEAD - ORIGIN) / self.interval))

    def first_changed_after(self, moment: datetime) -> int:
        """No listing before this index has any event after `moment`."""
        return max(0, math.floor((moment - MAX_LIFETIME - ORIGIN) / self.interval) - 1)


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


@dataclass(frozen=True)
class _Life:
    """A listing's whole seeded future; `at(now)` says what the feed shows."""

    listed_at: datetime
    market_days: int
    sold: bool
    off_market_status: str  # Withdrawn, Expired or Canceled when not sold
    pending_status: str  # ActiveUnderContract or Pending
    pending_days: int
    cut_day: int | None
    cut_fraction: float
    close_ratio: float
    delisted: bool

    @property
    def off_market_at(self) -> datetime:
        return self.listed_at + timedelta(days=self.market_days)

    def at(self, now: datetime) -> dict[str, Any] | None:
        coming_soon_at = self.listed_at - COMING_SOON_LEAD
        if now < coming_soon_at:
            return None
        if now < self.listed_at:
            return {"status": "ComingSoon", "dom": 0, "events": [coming_soon_at], "cut": False}
        cut_at = self.listed_at + timedelta(days=self.cut_day) if self.cut_day is not None else None
        events = [self.listed_at]
        cut = cut_at is not None and cut_at <= now
        if cut:
            events.append(cut_at)
        if now < self.off_market_at:
            return {"status": "Active", "dom": (now - self.listed_at).days, "events": events, "cut": cut}
        events.append(self.off_market_at)
        state: dict[str, Any] = {"dom": self.market_days, "events": events, "cut": cut}
        if self.sold:
            close_at = self.off_market_at + timedelta(days=self.pending_days)
            if now < close_at:
                return {**state, "status": self.pending_status}
            return {**state, "status": "Closed", "close_at": close_at, "events": [*events, close_at]}
        state["status"] = self.off_market_status
        delisted_at = self.off_market_at + DELIST_DELAY
        if self.delisted and now >= delisted_at:
            state.update(deleted=True, events=[*events, delisted_at])
        return state


def _life(rng: random.Random, listed_at: datetime) -> _Life:
    market_days = max(1, min(MAX_MARKET_DAYS, int(rng.expovariate(1 / 42))))
    outcome = rng.random()
    cut_day = rng.randint(21, 60)
    return _Life(
        listed_at=listed_at,
        market_days=market_days,
        sold=outcome < 0.76,
        off_market_status="Withdrawn" if outcome < 0.84 else ("Expired" if outcome < 0.94 else "Canceled"),
        pending_status="ActiveUnderContract" if rng.random() < 0.4 else "Pending",
        pending_days=rng.randint(25, MAX_PENDING_DAYS),
        cut_day=cut_day if cut_day < market_days and rng.random() < 0.5 else None,
        cut_fraction=rng.uniform(0.02, 0.08),
        close_ratio=rng.gauss(0.975, 0.025),
        delisted=rng.random() < 0.2,
    )


def _timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def generate_property(index: int, *, seed: int, scale: float, now: datetime = SANDBOX_NOW) -> dict[str, Any] | None:
    """The RESO Property record of listing `index` as the feed shows it at `now` (None: not yet)."""
    # Seeded for reproducible sandbox data; nothing secret depends on it.
    rng = random.Random(f"mls:{seed}:{index}")  # nosec B311
    listed_at = FeedShape(scale).listed_at(index, rng.random())
    life = _life(rng, listed_at)
    state = life.at(now)
    if state is None:
        return None

    area = rng.choices(AREAS, weights=_AREA_WEIGHTS)[0]
    subtype = _subtype(rng, area)
    living_area = _living_area(rng, subtype, area)
    bedrooms = max(1, min(6, round(living_area / 620 + rng.uniform(-0.6, 0.6))))
    bathrooms = max(1, min(bedrooms + 1, round(bedrooms * rng.uniform(0.6, 1.0))))
    urban = area.city in ("Austin", "West Lake Hills")
    year_built = rng.randint(1950, 2025) if urban else rng.randint(2005, 2025)
    price_per_sqft = area.price_per_sqft * rng.lognormvariate(0, 0.14) * _seasonality(listed_at.date())
    original_price = max(150_000, round(price_per_sqft * living_area, -3))
    list_price = round(original_price * (1 - life.cut_fraction), -3) if state["cut"] else original_price
    closed = state["status"] == "Closed"
    off_market = state["status"] not in ("Active", "ComingSoon")
    zip_code = rng.choice(area.zip_codes)
    office_key, office_name = rng.choice(OFFICES)
    street = f"{rng.randint(100, 19999)} {rng.choice(_STREETS)} {rng.choice(_STREET_TYPES)}"
    subtype_text = "condo" if subtype == "Condominium" else "home"
    remark = rng.choices(_REMARKS, weights=_REMARK_WEIGHTS)[0].format(
        beds=bedrooms, area=area.name, subtype_text=subtype_text
    )
    latitude = round(area.latitude + rng.uniform(-0.03, 0.03), 6)
    longitude = round(area.longitude + rng.uniform(-0.03, 0.03), 6)
    relisted_days = rng.randint(0, 60) if rng.random() < 0.1 else 0

    return {
        "ListingKey": f"ACT{210000000 + index}",
        "ListingId": f"ACT{5000000 + index}",
        "OriginatingSystemName": ORIGINATING_SYSTEM,
        "StandardStatus": _lookup(rng, state["status"]),
        "PropertyType": "Residential",
        "PropertySubType": _lookup(rng, subtype),
        "ListPrice": list_price,
        "OriginalListPrice": original_price,
        "ClosePrice": round(list_price * life.close_ratio, -3) if closed else None,
        "CloseDate": state["close_at"].date().isoformat() if closed else None,
        "ListingContractDate": listed_at.date().isoformat(),
        "OffMarketDate": life.off_market_at.date().isoformat() if off_market else None,
        "DaysOnMarket": state["dom"],
        "CumulativeDaysOnMarket": state["dom"] + relisted_days,
        "BedroomsTotal": bedrooms,
        "BathroomsTotalInteger": bathrooms,
        "LivingArea": living_area,
        "LotSizeAcres": round(rng.uniform(0.1, 0.35) if subtype == "SingleFamilyResidence" else 0.0, 3),
        "YearBuilt": year_built,
        "UnparsedAddress": street,
        "City": area.city,
        "StateOrProvince": "TX",
        "PostalCode": zip_code,
        "CountyOrParish": area.county,
        "SubdivisionName": f"{area.name} {rng.choice(('Heights', 'Park', 'Ranch', 'Village', 'Estates'))}",
        "Latitude": latitude,
        "Longitude": longitude,
        "PublicRemarks": remark,
        "Appliances": rng.sample(_APPLIANCES, k=rng.randint(2, 5)),
        "InteriorFeatures": rng.sample(_FEATURES, k=rng.randint(1, 4)),
        "ListOfficeKey": office_key,
        "ListOfficeName": office_name,
        "ListAgentKey": rng.choice(AGENT_KEYS),
        "ModificationTimestamp": _timestamp(max(state["events"])),
        "MlgCanView": not state.get("deleted", False),
        "ACT_EstimatedTaxes": round(list_price * 0.019, 2),
        "ACT_ListingAgreementType": "Exclusive Right To Sell",
    }
