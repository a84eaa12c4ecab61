"""When a text may reach a lead: the stricter of the federal and the state calling hours, in the
lead's own time zone. The one place every outbound text's timing is decided (the bot service's
replies, the outbox at send time, nurture follow-ups).

- Federal: 47 CFR §64.1200(c)(1) (TCPA): no telephone solicitation before 8 a.m. or after 9 p.m.
  local time at the called party's location. The FCC treats a text message as a call.
- State: the rule of the state where the lead lives (`STATE_RULES`). Texas, the default:
  Tex. Bus. & Com. Code §301.051 forbids a telephone solicitation before 9 a.m. or after 9 p.m. on a
  weekday or Saturday, and before noon or after 9 p.m. on a Sunday (since S.B. 140, 2023, chapter
  302's "telephone solicitation" includes text messages). States not in the table get the federal
  window only: add a row, with its citation, before the brokerage texts leads there.

Where the lead is: the ZIP they gave (where they live) first, then the phone's area code
(`phonenumbers`' offline time-zone and geocoding data), else Austin, Texas. When the place spans
several time zones (an area code or a state), a moment is allowed only if it is allowed in every
one of them: in doubt, later, never earlier.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

AUSTIN_ZONE = "America/Chicago"
DEFAULT_STATE = "TX"
_MAX_PHONE_ZONES = 4  # more means the prefix says nothing about a place (an unassigned area code)


@dataclass(frozen=True)
class Window:
    """Allowed from `start` (inclusive) to `end` (exclusive), local time."""

    start: time
    end: time


@dataclass(frozen=True)
class CallingHours:
    """A window for each weekday, Monday first; None: no texts that day."""

    days: tuple[Window | None, ...]
    citation: str

    @classmethod
    def every_day(cls, start: int, end: int, citation: str) -> CallingHours:
        return cls((Window(time(start), time(end)),) * 7, citation)

    def window(self, day: date) -> Window | None:
        return self.days[day.weekday()]

    def within(self, other: CallingHours) -> CallingHours:
        """The hours both allow."""
        days: list[Window | None] = []
        for mine, theirs in zip(self.days, other.days, strict=True):
            if mine is None or theirs is None:
                days.append(None)
                continue
            start, end = max(mine.start, theirs.start), min(mine.end, theirs.end)
            days.append(Window(start, end) if start < end else None)
        return CallingHours(tuple(days), f"{self.citation}; {other.citation}")


FEDERAL = CallingHours.every_day(8, 21, "47 CFR §64.1200(c)(1)")
_TEXAS_WEEKDAY = Window(time(9), time(21))
STATE_RULES: dict[str, CallingHours] = {
    "TX": CallingHours((_TEXAS_WEEKDAY,) * 6 + (Window(time(12), time(21)),), "Tex. Bus. & Com. Code §301.051"),
    "FL": CallingHours.every_day(8, 20, "Fla. Stat. §501.616(6)(a)"),
    "OK": CallingHours.every_day(8, 20, "Okla. Stat. tit. 15, §775C.4"),
    "WA": CallingHours.every_day(8, 20, "RCW 80.36.390"),
    "MD": CallingHours.every_day(8, 20, "Md. Code, Com. Law §14-4503"),
    "CT": CallingHours.every_day(9, 20, "Conn. Gen. Stat. §42-288a"),
}

# The first three digits of a ZIP code -> its state (USPS ranges), and the exceptions inside them.
_ZIP_RANGES: tuple[tuple[int, int, str], ...] = (
    (5, 5, "NY"), (6, 9, "PR"), (10, 27, "MA"), (28, 29, "RI"), (30, 38, "NH"), (39, 49, "ME"),
    (50, 59, "VT"), (60, 69, "CT"), (70, 89, "NJ"), (100, 149, "NY"), (150, 196, "PA"), (197, 199, "DE"),
    (200, 205, "DC"), (206, 219, "MD"), (220, 246, "VA"), (247, 268, "WV"), (270, 289, "NC"), (290, 299, "SC"),
    (300, 319, "GA"), (320, 349, "FL"), (350, 369, "AL"), (370, 385, "TN"), (386, 397, "MS"), (398, 399, "GA"),
    (400, 427, "KY"), (430, 459, "OH"), (460, 479, "IN"), (480, 499, "MI"), (500, 528, "IA"), (530, 549, "WI"),
    (550, 567, "MN"), (569, 569, "DC"), (570, 577, "SD"), (580, 588, "ND"), (590, 599, "MT"), (600, 629, "IL"),
    (630, 658, "MO"), (660, 679, "KS"), (680, 693, "NE"), (700, 714, "LA"), (716, 729, "AR"), (730, 749, "OK"),
    (750, 799, "TX"), (800, 816, "CO"), (820, 831, "WY"), (832, 838, "ID"), (840, 847, "UT"), (850, 865, "AZ"),
    (870, 884, "NM"), (885, 885, "TX"), (889, 898, "NV"), (900, 961, "CA"), (967, 968, "HI"), (970, 979, "OR"),
    (980, 994, "WA"), (995, 999, "AK"),
)  # fmt: skip
_ZIP_STATE_EXCEPTIONS = {55: "MA", 201: "VA", 733: "TX"}
# Texas is mostly Central; El Paso and Hudspeth counties (798-799, 885) keep Mountain time.
_ZIP_ZONE_EXCEPTIONS = {798: ("America/Denver",), 799: ("America/Denver",), 885: ("America/Denver",)}
_STATE_ZONE_OVERRIDES = {"TX": (AUSTIN_ZONE,), "PR": ("America/Puerto_Rico",)}


@dataclass(frozen=True)
class LeadLocale:
    """Where a lead is, as far as calling hours go: the state whose rule applies, its time zones,
    and what told us (zip, phone or default)."""

    state: str
    zones: tuple[str, ...]
    source: str

    @property
    def hours(self) -> CallingHours:
        state_rule = STATE_RULES.get(self.state)
        return FEDERAL.within(state_rule) if state_rule else FEDERAL


AUSTIN = LeadLocale(DEFAULT_STATE, (AUSTIN_ZONE,), "default")


def _zip_prefix(postal_code: str | None) -> int | None:
    digits = (postal_code or "").strip()[:5]
    return int(digits[:3]) if len(digits) == 5 and digits.isdigit() else None


def state_of_zip(postal_code: str | None) -> str | None:
    prefix = _zip_prefix(postal_code)
    if prefix is None:
        return None
    if prefix in _ZIP_STATE_EXCEPTIONS:
        return _ZIP_STATE_EXCEPTIONS[prefix]
    return next((state for low, high, state in _ZIP_RANGES if low <= prefix <= high), None)


@functools.cache
def _state_zones(state: str) -> tuple[str, ...]:
    if state in _STATE_ZONE_OVERRIDES:
        return _STATE_ZONE_OVERRIDES[state]
    import us  # its state tables load only for a lead whose ZIP or phone is known

    found = us.states.lookup(state)
    return tuple(found.time_zones) if found and found.time_zones else ()


def _from_zip(postal_code: str | None) -> LeadLocale | None:
    state = state_of_zip(postal_code)
    if state is None:
        return None
    zones = _ZIP_ZONE_EXCEPTIONS.get(_zip_prefix(postal_code) or -1) or _state_zones(state)
    return LeadLocale(state, zones, "zip") if zones else None


def _from_phone(phone: str | None) -> LeadLocale | None:
    if not phone:  # what parsing an empty number says, without loading phonenumbers' tables
        return None
    import phonenumbers
    import us
    from phonenumbers import timezone as phone_timezones

    try:
        number = phonenumbers.parse(phone, "US")
    except phonenumbers.NumberParseException:
        return None
    zones = tuple(zone for zone in phone_timezones.time_zones_for_number(number) if zone != "Etc/Unknown")
    if not zones or len(zones) > _MAX_PHONE_ZONES:
        return None
    # The geocoder's data for every language loads on import (0.35 s of CPU): only when a phone is read.
    from phonenumbers import geocoder

    place = geocoder.description_for_number(number, "en")  # "Texas", "New York, NY"
    found = us.states.lookup(place.rsplit(", ", 1)[-1]) if place else None
    state = found.abbr if found else DEFAULT_STATE  # a place the data does not name: the default rule
    return LeadLocale(state, zones, "phone")


def lead_locale(*, phone: str | None = None, postal_code: str | None = None) -> LeadLocale:
    """Where the lead is: their ZIP, else their phone's area code, else Austin."""
    return _from_zip(postal_code) or _from_phone(phone) or AUSTIN


def _earliest_in_zone(moment: datetime, zone: ZoneInfo, hours: CallingHours) -> datetime:
    local = moment.astimezone(zone)
    for offset in range(8):
        day = local.date() + timedelta(days=offset)
        window = hours.window(day)
        if window is None:
            continue
        start, end = datetime.combine(day, window.start, zone), datetime.combine(day, window.end, zone)
        if offset == 0 and local >= end:
            continue
        return max(moment, start)
    raise ValueError(f"no allowed hours in a week: {hours.citation}")


def next_send_time(now: datetime, locale: LeadLocale = AUSTIN) -> datetime:
    """`now` if a text may reach the lead now, else the first moment it may (in every one of the
    lead's time zones, under the stricter of the federal and the state rule)."""
    hours, zones = locale.hours, [ZoneInfo(zone) for zone in locale.zones]
    moment = now
    for _ in range(16):  # a fixed point: allowed in every zone at once
        latest = max(_earliest_in_zone(moment, zone, hours) for zone in zones)
        if latest == moment:
            return moment
        moment = latest
    raise ValueError(f"the time zones {locale.zones} share no allowed hour")
