"""Austin-area geography: the areas brokers and buyers name, their ZIP codes, counties and pricing.

ZIP codes, counties and approximate centres are real; `price_per_sqft` is a plausible 2026 median
for the area, not a published statistic.
"""

from __future__ import annotations

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
