"""Austin-area geography: the areas brokers and buyers name, their ZIP codes, counties and pricing.

ZIP codes, counties and approximate centres are real; `price_per_sqft` is a plausible 2026 median
for the area, not a published statistic.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    name: str
    city: str
    county: str
    zip_codes: tuple[str, ...]
    latitude: float
    longitude: float
    price_per_sqft: int
    condo_share: float  # share of listings that are condos or townhomes
    weight: int  # relative listing volume


AREAS: tuple[Area, ...] = (
    Area("Downtown", "Austin", "Travis", ("78701",), 30.2672, -97.7431, 640, 0.85, 5),
    Area("East Austin", "Austin", "Travis", ("78702", "78721", "78722"), 30.2630, -97.7180, 455, 0.35, 7),
    Area("Mueller", "Austin", "Travis", ("78723",), 30.2980, -97.7050, 430, 0.40, 4),
    Area("West Lake Hills", "West Lake Hills", "Travis", ("78746",), 30.2970, -97.8020, 700, 0.05, 3),
    Area("Westlake/Rollingwood", "Rollingwood", "Travis", ("78746", "78733"), 30.2760, -97.7870, 655, 0.05, 2),
    Area("Cedar Park", "Cedar Park", "Williamson", ("78613",), 30.5052, -97.8203, 265, 0.10, 9),
    Area("Leander", "Leander", "Williamson", ("78641",), 30.5788, -97.8531, 235, 0.05, 9),
    Area("Round Rock", "Round Rock", "Williamson", ("78664", "78665", "78681"), 30.5083, -97.6789, 240, 0.10, 10),
    Area("Pflugerville", "Pflugerville", "Travis", ("78660",), 30.4394, -97.6200, 228, 0.08, 9),
    Area("Georgetown", "Georgetown", "Williamson", ("78626", "78628", "78633"), 30.6333, -97.6770, 245, 0.06, 9),
    Area("Hutto", "Hutto", "Williamson", ("78634",), 30.5427, -97.5467, 212, 0.04, 6),
    Area("Kyle", "Kyle", "Hays", ("78640",), 29.9891, -97.8772, 208, 0.05, 7),
    Area("Buda", "Buda", "Hays", ("78610",), 30.0852, -97.8403, 222, 0.05, 5),
    Area("Bee Cave", "Bee Cave", "Travis", ("78738",), 30.3085, -97.9450, 385, 0.08, 3),
    Area("Lakeway", "Lakeway", "Travis", ("78734", "78738"), 30.3632, -97.9796, 365, 0.10, 4),
    Area("Dripping Springs", "Dripping Springs", "Hays", ("78620",), 30.1902, -98.0867, 335, 0.03, 4),
    Area("Manor", "Manor", "Travis", ("78653",), 30.3408, -97.5569, 200, 0.05, 5),
)


@dataclass(frozen=True)
class Place:
    """A neighbourhood, district or nearby town leads name, and the area it belongs to.

    `area` is one of `AREAS` when the place lies in one (Sun City is Georgetown, Brushy Creek is
    Round Rock); otherwise an Austin district ("Central Austin", "South Austin", ...) or the town
    itself (Taylor, Elgin). `price_per_sqft` is a plausible 2026 median, like the areas' own.
    """

    name: str
    area: str
    city: str
    zip_codes: tuple[str, ...]
    price_per_sqft: int
    latitude: float  # an approximate centre, for a CMA when only the place is known
    longitude: float


PLACES: tuple[Place, ...] = (
    # Austin districts, for "north austin", "el sur de austin" and the ZIP codes in them.
    Place("Central Austin", "Central Austin", "Austin", ("78705", "78756"), 540, 30.2900, -97.7400),
    Place(
        "North Austin", "North Austin", "Austin", ("78753", "78758", "78727", "78728", "78729"), 330, 30.3900, -97.7000
    ),
    Place(
        "Northwest Austin",
        "Northwest Austin",
        "Austin",
        ("78726", "78750", "78759", "78730", "78731"),
        360,
        30.4200,
        -97.7900,
    ),
    Place("South Austin", "South Austin", "Austin", ("78704", "78745", "78748"), 450, 30.2200, -97.7800),
    Place(
        "Southwest Austin", "Southwest Austin", "Austin", ("78735", "78736", "78749", "78739"), 360, 30.2100, -97.8600
    ),
    Place("Southeast Austin", "Southeast Austin", "Austin", ("78741", "78744", "78747"), 270, 30.1900, -97.7100),
    Place("West Austin", "Central Austin", "Austin", ("78703",), 700, 30.2950, -97.7750),
    # Neighbourhoods inside one of the areas above or one of AREAS.
    Place("Hyde Park", "Central Austin", "Austin", ("78751",), 530, 30.3060, -97.7290),
    Place("North Loop", "Central Austin", "Austin", ("78751",), 500, 30.3170, -97.7220),
    Place("Crestview", "Central Austin", "Austin", ("78757",), 480, 30.3470, -97.7360),
    Place("Allandale", "Central Austin", "Austin", ("78757",), 500, 30.3400, -97.7480),
    Place("Rosedale", "Central Austin", "Austin", ("78756",), 560, 30.3180, -97.7450),
    Place("Tarrytown", "Central Austin", "Austin", ("78703",), 760, 30.3000, -97.7750),
    Place("Clarksville", "Central Austin", "Austin", ("78703",), 720, 30.2820, -97.7600),
    Place("West Campus", "Central Austin", "Austin", ("78705",), 560, 30.2880, -97.7440),
    Place("Zilker", "South Austin", "Austin", ("78704",), 650, 30.2600, -97.7700),
    Place("Barton Hills", "South Austin", "Austin", ("78704",), 600, 30.2500, -97.7850),
    Place("Bouldin Creek", "South Austin", "Austin", ("78704",), 650, 30.2520, -97.7580),
    Place("Travis Heights", "South Austin", "Austin", ("78704",), 620, 30.2450, -97.7450),
    Place("South Congress", "South Austin", "Austin", ("78704",), 620, 30.2480, -97.7500),
    Place("Shady Hollow", "Southwest Austin", "Austin", ("78748",), 330, 30.1600, -97.8650),
    Place("Circle C", "Southwest Austin", "Austin", ("78739",), 340, 30.1950, -97.8800),
    Place("Onion Creek", "Southeast Austin", "Austin", ("78747",), 260, 30.1450, -97.7850),
    Place("Montopolis", "Southeast Austin", "Austin", ("78741",), 330, 30.2300, -97.7000),
    Place("East Riverside", "Southeast Austin", "Austin", ("78741",), 340, 30.2350, -97.7200),
    Place("Barton Creek", "West Lake Hills", "Austin", ("78735",), 480, 30.2800, -97.8500),
    Place("Steiner Ranch", "Northwest Austin", "Austin", ("78732",), 340, 30.3900, -97.8900),
    Place("Four Points", "Northwest Austin", "Austin", ("78726",), 330, 30.4050, -97.8500),
    Place("Avery Ranch", "Northwest Austin", "Austin", ("78717",), 280, 30.4950, -97.7700),
    Place("Wells Branch", "North Austin", "Austin", ("78728",), 290, 30.4450, -97.6800),
    Place("The Domain", "North Austin", "Austin", ("78758",), 380, 30.4020, -97.7250),
    Place("Windsor Park", "Mueller", "Austin", ("78723",), 420, 30.3100, -97.6900),
    Place("Cherrywood", "East Austin", "Austin", ("78722",), 520, 30.2880, -97.7150),
    Place("Govalle", "East Austin", "Austin", ("78702",), 450, 30.2600, -97.7000),
    Place("East Cesar Chavez", "East Austin", "Austin", ("78702",), 500, 30.2560, -97.7270),
    Place("Rainey Street", "Downtown", "Austin", ("78701",), 700, 30.2590, -97.7390),
    Place("Seaholm", "Downtown", "Austin", ("78701",), 700, 30.2680, -97.7530),
    Place("Brushy Creek", "Round Rock", "Round Rock", ("78681",), 260, 30.5130, -97.7400),
    Place("Teravista", "Round Rock", "Round Rock", ("78665",), 250, 30.5720, -97.6950),
    Place("Sun City", "Georgetown", "Georgetown", ("78633",), 260, 30.6900, -97.7400),
    Place("Lake Travis", "Lakeway", "Lakeway", (), 380, 30.3900, -97.9700),
    Place("Eanes", "West Lake Hills", "West Lake Hills", (), 700, 30.2950, -97.8000),
    # Towns around Austin outside the seventeen areas.
    Place("Del Valle", "Del Valle", "Del Valle", ("78617",), 210, 30.2000, -97.6200),
    Place("Elgin", "Elgin", "Elgin", ("78621",), 190, 30.3500, -97.3700),
    Place("Bastrop", "Bastrop", "Bastrop", ("78602",), 200, 30.1100, -97.3150),
    Place("San Marcos", "San Marcos", "San Marcos", ("78666",), 230, 29.8830, -97.9410),
    Place("Taylor", "Taylor", "Taylor", ("76574",), 190, 30.5710, -97.4090),
    Place("Liberty Hill", "Liberty Hill", "Liberty Hill", ("78642",), 240, 30.6650, -97.9220),
    Place("Jarrell", "Jarrell", "Jarrell", ("76537",), 190, 30.8250, -97.6040),
    Place("Wimberley", "Wimberley", "Wimberley", ("78676",), 330, 29.9970, -98.0990),
    Place("Spicewood", "Spicewood", "Spicewood", ("78669",), 330, 30.4750, -98.1570),
    Place("Lago Vista", "Lago Vista", "Lago Vista", ("78645",), 280, 30.4600, -97.9880),
    Place("Driftwood", "Dripping Springs", "Driftwood", ("78619",), 360, 30.1300, -98.0300),
)
# Other ways leads write a place (its own name, lower case, always counts).
PLACE_ALIASES: dict[str, tuple[str, ...]] = {
    "Central Austin": ("central austin", "centro de austin"),
    "North Austin": ("north austin", "el norte de austin", "norte de austin", "northeast austin"),
    "Northwest Austin": ("northwest austin", "nw austin", "noroeste de austin"),
    "South Austin": ("south austin", "el sur de austin", "sur de austin", "southside", "south side"),
    "Southwest Austin": ("southwest austin", "sw austin"),
    "Southeast Austin": ("southeast austin", "se austin"),
    "West Austin": ("west austin",),
    "West Campus": ("ut campus", "near campus"),
    "Bouldin Creek": ("bouldin",),
    "South Congress": ("soco",),
    "Circle C": ("circle c ranch",),
    "Steiner Ranch": ("steiner",),
    "The Domain": ("domain", "the domain"),
    "Rainey Street": ("rainey", "rainey st"),
    "Sun City": ("sunday city",),  # SMS shorthand reads "sun" as "sunday"
    "Eanes": ("eanes isd",),
}

_AREA_BY_NAME = {area.name: area for area in AREAS}
_PLACE_BY_NAME = {place.name: place for place in PLACES}


def city_of(name: str | None) -> str | None:
    """The city an area, district or neighbourhood name is in ('Hyde Park' -> 'Austin')."""
    if name in _AREA_BY_NAME:
        return _AREA_BY_NAME[name].city
    if name in _PLACE_BY_NAME:
        return _PLACE_BY_NAME[name].city
    return None


def centre(name: str | None) -> tuple[float, float] | None:
    """The approximate centre (latitude, longitude) of an area, district or neighbourhood."""
    if name is None:
        return None
    place = _PLACE_BY_NAME.get(name) or _AREA_BY_NAME.get(name)
    return (place.latitude, place.longitude) if place else None


def price_per_sqft(name: str | None) -> int | None:
    """The median $/sq ft of an area, district or neighbourhood, or None for a name we don't know."""
    if name in _PLACE_BY_NAME:
        return _PLACE_BY_NAME[name].price_per_sqft
    if name in _AREA_BY_NAME:
        return _AREA_BY_NAME[name].price_per_sqft
    return None


# Cities split into districts (Austin: Downtown, Mueller, Central Austin...): a city-wide figure or
# search would speak for every district of it at once.
_DISTRICTS_BY_CITY = Counter(
    [area.city for area in AREAS] + [place.city for place in PLACES if place.area == place.name]
)


def district_zip_codes(area: str | None, neighbourhood: str | None = None) -> tuple[str, ...]:
    """The ZIP codes that bound a district of a larger city, the neighbourhood's own when it has some
    ('Mueller' -> 78723; Hyde Park in Central Austin -> 78751); () for a city of its own (Round Rock,
    Kyle), which its city name bounds."""
    city = city_of(area)
    if city is None or _DISTRICTS_BY_CITY.get(city, 0) < 2:
        return ()
    place = _PLACE_BY_NAME.get(neighbourhood or "")
    if place is not None and place.zip_codes and place.area == area:
        return place.zip_codes
    found = _AREA_BY_NAME.get(area or "") or _PLACE_BY_NAME.get(area or "")
    return found.zip_codes if found else ()
