"""Deterministic GoHighLevel CRM data for the sandbox: contacts, their opportunity and conversation.

Contact *i* arrives at a fixed moment and lives a seeded life: a persona (buyer, seller, investor,
information seeker), a lead source, an assigned agent, a walk down the sales pipeline, and an SMS or
email conversation with natural messages (shorthand, typos, Spanish, "talk to a human", STOP).
What the API shows is that life at the sandbox's `now`, so advancing time brings new contacts,
stage changes and messages. Every value is a pure function of `(seed, scale, i, now)`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ehub.geography import AREAS
from sandbox import ghl_scripts as scripts
from sandbox.mls_data import SANDBOX_NOW

LOCATION_ID = "ehubAustinLoc000001"
HISTORY = timedelta(days=365)
ORIGIN = SANDBOX_NOW - HISTORY
CONTACTS_PER_SCALE = 2000
MAX_LIFETIME = timedelta(days=150)  # no event of a contact happens later than this after it arrives

PIPELINE_ID = "pipeSalesAustin00001"
STAGES = (
    ("stgNewLead0000000001", "New Lead"),
    ("stgContacted00000002", "Contacted"),
    ("stgQualified00000003", "Qualified"),
    ("stgApptSet0000000004", "Appointment Set"),
    ("stgUnderContract0005", "Under Contract"),
    ("stgClosedWon00000006", "Closed Won"),
    ("stgLost0000000000007", "Lost"),
)
AGENTS = tuple(f"usrAgent{number:02d}Austin00" for number in range(1, 9))
SOURCES = (
    ("Zillow", 28),
    ("Website", 22),
    ("Facebook Ads", 16),
    ("Referral", 12),
    ("Open House", 8),
    ("Google Ads", 14),
)


def contact_count(scale: float) -> int:
    return max(1, round(CONTACTS_PER_SCALE * scale))


def _interval(scale: float) -> timedelta:
    return HISTORY / contact_count(scale)


def visible_contacts(scale: float, now: datetime) -> int:
    return max(0, int((now - ORIGIN) / _interval(scale)))


def first_changed_after(scale: float, moment: datetime) -> int:
    return max(0, int((moment - MAX_LIFETIME - ORIGIN) / _interval(scale)) - 1)


def object_id(kind: str, index: int) -> str:
    """A 20-character GHL-looking id that encodes the contact index (so paging can resume)."""
    return f"{kind}{index:09d}".ljust(20, "x")[:20]


def index_of(identifier: str) -> int:
    return int(identifier[1:10])


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


@dataclass(frozen=True)
class ContactLife:
    """A contact's whole seeded story, evaluated at a moment with the `*_at` helpers."""

    index: int
    created_at: datetime
    persona: str
    first: str
    last: str
    source: str
    agent: str
    area: str
    budget: int
    beds: int
    channel: str  # SMS or Email
    stage_times: tuple[tuple[int, datetime], ...]  # (stage position, reached at)
    outcome: str  # open, won, lost, abandoned
    messages: tuple[tuple[datetime, str, str], ...]  # (sent at, inbound/outbound, body)
    opted_out_at: datetime | None
    monetary_value: int
    phone: str
    email_domain: str

    @property
    def contact_id(self) -> str:
        return object_id("c", self.index)

    @property
    def email(self) -> str:
        return f"{self.first}.{self.last}{self.index}@{self.email_domain}".lower()

    def contact(self, now: datetime) -> dict[str, Any]:
        opted_out = self.opted_out_at is not None and self.opted_out_at <= now
        updated = max(
            [self.created_at, *(t for _, t in self.stage_times if t <= now)]
            + ([self.opted_out_at] if opted_out else [])
        )
        tags = [self.persona, self.area.lower().replace(" ", "-")] + (["opted-out"] if opted_out else [])
        return {
            "id": self.contact_id,
            "locationId": LOCATION_ID,
            "firstName": self.first,
            "lastName": self.last,
            "firstNameLowerCase": self.first.lower(),
            "lastNameLowerCase": self.last.lower(),
            "email": self.email,
            "phone": self.phone,
            "source": self.source,
            "type": "lead",
            "tags": tags,
            "assignedTo": self.agent,
            "dnd": opted_out,
            "dndSettings": {"SMS": {"status": "active" if opted_out else "inactive"}},
            "city": "Austin",
            "state": "TX",
            "country": "US",
            "customFields": [
                {"id": "cfBudget", "value": self.budget},
                {"id": "cfArea", "value": self.area},
                {"id": "cfPersona", "value": self.persona},
            ],
            "dateAdded": _iso(self.created_at),
            "dateUpdated": _iso(updated),
            "searchAfter": [_ms(updated), self.contact_id],
        }

    def opportunity(self, now: datetime) -> dict[str, Any] | None:
        reached = [(position, at) for position, at in self.stage_times if at <= now]
        if not reached:
            return None
        position, changed_at = reached[-1]
        status = "open"
        if position == 5:
            status = "won"
        elif position == 6:
            status = self.outcome if self.outcome in ("lost", "abandoned") else "lost"
        return {
            "id": object_id("o", self.index),
            "name": f"{self.first} {self.last} - {self.persona} {self.area}",
            "monetaryValue": self.monetary_value,
            "pipelineId": PIPELINE_ID,
            "pipelineStageId": STAGES[position][0],
            "assignedTo": self.agent,
            "status": status,
            "source": self.source,
            "contactId": self.contact_id,
            "locationId": LOCATION_ID,
            "contact": {
                "id": self.contact_id,
                "name": f"{self.first} {self.last}",
                "email": self.email,
                "phone": self.phone,
                "tags": [self.persona],
            },
            "lastStatusChangeAt": _iso(changed_at),
            "lastStageChangeAt": _iso(changed_at),
            "createdAt": _iso(self.stage_times[0][1]),
            "updatedAt": _iso(changed_at),
        }

    def visible_messages(self, now: datetime) -> list[dict[str, Any]]:
        conversation = object_id("v", self.index)
        return [
            {
                "id": f"m{self.index:09d}{number:03d}".ljust(20, "x"),
                "type": 2 if self.channel == "SMS" else 3,
                "messageType": "TYPE_SMS" if self.channel == "SMS" else "TYPE_EMAIL",
                "direction": direction,
                "status": "delivered",
                "body": body,
                "contentType": "text/plain",
                "conversationId": conversation,
                "contactId": self.contact_id,
                "locationId": LOCATION_ID,
                "userId": self.agent if direction == "outbound" else None,
                "source": "workflow" if direction == "outbound" and number == 1 else "app",
                "dateAdded": _iso(sent_at),
            }
            for number, (sent_at, direction, body) in enumerate(self.messages)
            if sent_at <= now
        ]

    def conversation(self, now: datetime) -> dict[str, Any] | None:
        messages = self.visible_messages(now)
        if not messages:
            return None
        last = messages[-1]
        return {
            "id": object_id("v", self.index),
            "contactId": self.contact_id,
            "locationId": LOCATION_ID,
            "lastMessageBody": last["body"],
            "lastMessageType": last["messageType"],
            "lastMessageDirection": last["direction"],
            "lastMessageDate": _ms(datetime.fromisoformat(last["dateAdded"].replace("Z", "+00:00"))),
            "type": "TYPE_PHONE" if self.channel == "SMS" else "TYPE_EMAIL",
            "unreadCount": int(last["direction"] == "inbound"),
            "fullName": f"{self.first} {self.last}",
            "contactName": f"{self.first} {self.last}",
            "email": self.email,
            "phone": self.phone,
            "dateAdded": _ms(self.created_at),
            "dateUpdated": _ms(datetime.fromisoformat(last["dateAdded"].replace("Z", "+00:00"))),
        }


def _stage_times(
    rng: random.Random, created_at: datetime, persona: str
) -> tuple[tuple[tuple[int, datetime], ...], str]:
    times = [(0, created_at)]
    advance = {"buyer": 0.62, "investor": 0.55, "seller": 0.58, "info": 0.3, "spanish": 0.5}[persona]
    moment = created_at
    for position, days in ((1, 0.05), (2, 3), (3, 7), (4, 25), (5, 40)):
        if rng.random() > (0.92 if position == 1 else advance):
            roll = rng.random()
            outcome = "lost" if roll < 0.55 else ("abandoned" if roll < 0.75 else "open")
            if outcome != "open":
                times.append((6, moment + timedelta(days=rng.uniform(5, 30))))
            return tuple(times), outcome
        moment += timedelta(days=rng.uniform(0.5, 1.5) * days)
        times.append((position, moment))
    return tuple(times), "won"


def _messages(
    rng: random.Random, created_at: datetime, persona: str, fill: dict[str, str]
) -> tuple[tuple[tuple[datetime, str, str], ...], datetime | None]:
    script = list(scripts.SCRIPTS[persona])
    if rng.random() < 0.25:
        script.insert(min(len(script), 2), ("in", rng.choice(scripts.HUMAN)))
        script.insert(min(len(script), 3), ("out", "Of course, I'm connecting you with {agent_name} now."))
    follow_ups = rng.randint(0, len(scripts.FOLLOW_UPS))
    script += [scripts.FOLLOW_UPS[rng.randrange(len(scripts.FOLLOW_UPS))] for _ in range(follow_ups)]
    opted_out_at = None
    if rng.random() < 0.08:
        cut = rng.randint(1, max(1, len(script) - 1))
        script = [
            *script[:cut],
            ("in", rng.choice(scripts.STOP)),
            ("out", "You're unsubscribed and won't get more texts. Reply START to opt back in."),
        ]
    messages, moment = [], created_at + timedelta(minutes=rng.uniform(0, 5))
    for direction, template in script:
        gap = timedelta(hours=rng.expovariate(1 / 6)) if direction == "in" else timedelta(seconds=rng.uniform(20, 180))
        if len(messages) >= len(scripts.SCRIPTS[persona]):
            gap += timedelta(days=rng.uniform(3, 9))  # follow-ups come days apart
        moment += gap
        body = template.format(**fill)
        messages.append((moment, "inbound" if direction == "in" else "outbound", body))
        if direction == "in" and body in scripts.STOP:
            opted_out_at = moment
    return tuple(messages), opted_out_at


def contact_life(index: int, *, seed: int, scale: float) -> ContactLife:
    # Seeded for reproducible sandbox data; nothing secret depends on it.
    rng = random.Random(f"ghl:{seed}:{index}")  # nosec B311
    created_at = ORIGIN + _interval(scale) * (index + rng.random())
    persona = rng.choices(("buyer", "seller", "investor", "info", "spanish"), weights=(40, 24, 10, 16, 10))[0]
    first, last = rng.choice(scripts.FIRST), rng.choice(scripts.LAST)
    area = rng.choice(AREAS)
    budget = int(round(area.price_per_sqft * rng.uniform(1400, 3200), -4))
    beds = rng.randint(2, 5)
    fill = {
        "first": first,
        "area": area.name,
        "beds": str(beds),
        "budget": f"{budget // 1000}k",
        "source": "",
        "preapproval": rng.choice(scripts.PREAPPROVAL),
        "timeline": rng.choice(scripts.TIMELINE),
        "timeline_short": rng.choice(("this spring", "next year", "soon")),
        "street": f"{rng.randint(100, 9999)} {rng.choice(('Pecan', 'Oak', 'Mesquite'))} St",
        "agent_name": rng.choice(("Ana", "Ben", "Carla", "Diego")),
    }
    source = rng.choices([name for name, _ in SOURCES], weights=[weight for _, weight in SOURCES])[0]
    fill["source"] = source
    stage_times, outcome = _stage_times(rng, created_at, persona)
    messages, opted_out_at = _messages(rng, created_at, persona, fill)
    return ContactLife(
        index=index,
        created_at=created_at,
        persona=persona,
        first=first,
        last=last,
        source=source,
        agent=rng.choice(AGENTS),
        area=area.name,
        budget=budget,
        beds=beds,
        channel="SMS" if rng.random() < 0.85 else "Email",
        stage_times=stage_times,
        outcome=outcome,
        messages=messages,
        opted_out_at=opted_out_at,
        monetary_value=int(budget * 0.03),
        phone=f"+1{rng.choice(('512', '737'))}555{rng.randint(0, 9999):04d}",
        email_domain=rng.choice(("example.com", "example.net", "example.org")),
    )


def pipelines() -> list[dict[str, Any]]:
    return [
        {
            "id": PIPELINE_ID,
            "name": "Austin Sales",
            "locationId": LOCATION_ID,
            "stages": [
                {"id": stage_id, "name": name, "position": position, "showInFunnel": True}
                for position, (stage_id, name) in enumerate(STAGES)
            ],
            "dateAdded": _iso(ORIGIN),
            "dateUpdated": _iso(ORIGIN),
        }
    ]
