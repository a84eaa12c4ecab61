"""Finding a seller's home in the MLS records by its street address, for a CMA of that very house."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

from ehub.market.records import Subject, plain_number

# Candidates for a street address: the records of the house number, compared by street name in Python.
# Candidates for a street address: the records of the house number, compared by street name in Python.
_BY_HOUSE_NUMBER = text("""
    select property_sub_type, latitude, longitude, living_area_sqft, bedrooms_total, bathrooms_total,
           year_built, lot_size_acres, listing_key, street_address, city
    from marts.listing_search where street_address like cast(:prefix as text)
    union all
    select property_sub_type, latitude, longitude, living_area_sqft, bedrooms_total, bathrooms_total,
           year_built, lot_size_acres, listing_key, street_address, city
    from marts.closed_sales where street_address like cast(:prefix as text)
""")
_SUFFIXES = {
    "street": "st",
    "avenue": "ave",
    "drive": "dr",
    "lane": "ln",
    "road": "rd",
    "boulevard": "blvd",
    "court": "ct",
    "cove": "cv",
    "circle": "cir",
    "trail": "trl",
    "parkway": "pkwy",
    "place": "pl",
    "terrace": "ter",
    "highway": "hwy",
    "north": "n",
    "south": "s",
    "east": "e",
    "west": "w",
}


def street_key(street_address: str) -> str:
    """'4511 Avenue D.' and '4511 avenue d' alike; 'Drive' and 'Dr' alike."""
    words = "".join(char if char.isalnum() else " " for char in street_address.lower()).split()
    return " ".join(_SUFFIXES.get(word, word) for word in words)


@dataclass(frozen=True)
class PropertyRecord:
    """An MLS record of the lead's property: what the CMA needs, and how the bot names it."""

    subject: Subject
    street_address: str
    city: str


def find_property(connection: Connection, number: str, street: str, city: str | None = None) -> PropertyRecord | None:
    """The MLS record (active listing or recent sale) at `number street`, in `city` when given."""
    if not number.isdigit():
        return None
    wanted = street_key(f"{number} {street}")
    for row in connection.execute(_BY_HOUSE_NUMBER, {"prefix": f"{number} %"}).mappings():
        if street_key(row["street_address"]) == wanted and (city is None or row["city"] == city):
            subject = Subject(*(plain_number(row[name]) for name in _SUBJECT_COLUMNS))
            return PropertyRecord(subject, row["street_address"], row["city"])
    return None


_SUBJECT_COLUMNS = (
    "property_sub_type",
    "latitude",
    "longitude",
    "living_area_sqft",
    "bedrooms_total",
    "bathrooms_total",
    "year_built",
    "lot_size_acres",
    "listing_key",
)
