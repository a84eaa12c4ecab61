"""An in-process RESO Web API (OData v4) serving the sandbox MLS, MLS Grid flavoured.

It implements what our client uses: `GET /Property`, `/Member` and `/Office` with `$filter`
(`and`-joined comparisons), `$top` (at most 5000), `$skip`, `$orderby`, `$expand=Media`, the OData
envelope with an opaque `@odata.nextLink`, bearer tokens (static, or issued by `POST
/oauth2/token` for client credentials), MLS Grid's rule that every request filters on
`OriginatingSystemName`, and injected 429/5xx answers on demand. Errors use the OData envelope.

Property pages are produced by scanning listing indexes lazily, so a feed of half a million
listings is served without ever holding it: the next link carries the index to resume from, and a
`ModificationTimestamp` lower bound skips listings too old to have changed.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode

import httpx

from sandbox.mls_data import (
    AGENT_KEYS,
    OFFICES,
    ORIGIN,
    SANDBOX_NOW,
    FeedShape,
    generate_property,
)

# The documented credentials of the offline sandbox, public by design.
SANDBOX_TOKEN = "sandbox-mls-token-0000"  # noqa: S105  # nosec B105
SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET = "sandbox-client", "sandbox-client-secret"  # nosec B105
MAX_TOP = 5000
TOKEN_LIFETIME_SECONDS = 3600
_CLAUSE = re.compile(r"^\s*(\w+)\s+(eq|ne|gt|ge|lt|le)\s+(.+?)\s*$", re.IGNORECASE)
_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "gt": lambda a, b: a is not None and a > b,
    "ge": lambda a, b: a is not None and a >= b,
    "lt": lambda a, b: a is not None and a < b,
    "le": lambda a, b: a is not None and a <= b,
}
Clause = tuple[str, str, Any]


class ODataError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _literal(text: str) -> Any:
    if text.startswith("'") and text.endswith("'"):
        return text[1:-1].replace("''", "'")
    if text in ("true", "false"):
        return text == "true"
    if re.match(r"^\d{4}-\d{2}-\d{2}T", text):
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    try:
        return float(text)
    except ValueError:
        raise ODataError(400, "InvalidFilter", f"Unrecognised literal: {text}") from None


def parse_filter(expression: str) -> list[Clause]:
    """`A eq 'x' and B gt 2026-01-01T00:00:00Z` -> [(A, eq, 'x'), (B, gt, datetime)]."""
    clauses = []
    for part in re.split(r"\s+and\s+", expression.strip(), flags=re.IGNORECASE):
        match = _CLAUSE.match(part)
        if not match:
            raise ODataError(400, "InvalidFilter", f"Unsupported filter clause: {part}")
        field, operator, literal = match.groups()
        clauses.append((field, operator.lower(), _literal(literal)))
    return clauses


def _matches(record: dict[str, Any], clauses: list[Clause]) -> bool:
    for field, operator, literal in clauses:
        value = record.get(field)
        if isinstance(literal, datetime) and isinstance(value, str):
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if not _OPERATORS[operator](value, literal):
            return False
    return True


def _modified_lower_bound(clauses: list[Clause]) -> datetime | None:
    bounds = [v for f, op, v in clauses if f == "ModificationTimestamp" and op in ("gt", "ge", "eq")]
    return max(bounds) if bounds else None


def media_for(record: dict[str, Any]) -> list[dict[str, Any]]:
    key = record["ListingKey"]
    count = 5 + int(key[-2:]) % 20
    return [
        {
            "MediaKey": f"{key}-M{order:02d}",
            "ResourceRecordKey": key,
            "MediaCategory": "Photo",
            "MediaURL": f"https://media.sandbox.mls.invalid/{key}/{order:02d}.jpg",
            "Order": order,
            "ModificationTimestamp": record["ModificationTimestamp"],
        }
        for order in range(1, count + 1)
    ]


def _members() -> list[dict[str, Any]]:
    first = ("Ana", "Ben", "Carla", "Diego", "Erin", "Farah", "Grant", "Hana", "Isaac", "Julia")
    last = ("Nguyen", "Garcia", "Smith", "Patel", "Johnson", "Lopez", "Kim", "Brown", "Davis", "Martinez")
    stamp = (ORIGIN + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return [
        {
            "MemberKey": key,
            "MemberMlsId": key.removeprefix("ACTM"),
            "MemberFirstName": first[i % 10],
            "MemberLastName": last[(i // 10) % 10],
            "MemberEmail": f"agent{i}@{OFFICES[i % len(OFFICES)][1].split()[0].lower()}.example",
            "MemberMobilePhone": f"512-555-{1000 + i:04d}",
            "MemberStatus": "Active",
            "OfficeKey": OFFICES[i % len(OFFICES)][0],
            "OriginatingSystemName": "actris",
            "ModificationTimestamp": stamp,
            "MlgCanView": True,
        }
        for i, key in enumerate(AGENT_KEYS)
    ]


def _offices() -> list[dict[str, Any]]:
    stamp = ORIGIN.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return [
        {
            "OfficeKey": key,
            "OfficeName": name,
            "OfficeCity": "Austin",
            "OfficeStateOrProvince": "TX",
            "OfficePostalCode": "78701",
            "OfficeStatus": "Active",
            "OriginatingSystemName": "actris",
            "ModificationTimestamp": stamp,
            "MlgCanView": True,
        }
        for key, name in OFFICES
    ]


class ResoSandbox:
    """The sandbox MLS feed; pass `transport` to an httpx client."""

    def __init__(
        self,
        *,
        seed: int,
        scale: float,
        now: datetime = SANDBOX_NOW,
        token: str = SANDBOX_TOKEN,
        originating_system: str = "actris",
    ) -> None:
        self.seed, self.scale, self.now = seed, scale, now
        self.shape = FeedShape(scale)
        self.originating_system = originating_system
        self.requests_served = 0
        self._tokens = {token: datetime.max.replace(tzinfo=UTC)}
        self._injected: list[int] = []

    def inject_failures(self, *statuses: int) -> None:
        """Answer the next requests with these HTTP statuses (429 comes with `Retry-After: 1`)."""
        self._injected.extend(statuses)

    def iter_properties(self, start: int = 0) -> Iterator[tuple[int, dict[str, Any]]]:
        """(index, record) of every listing visible at `now`, from index `start` on."""
        for index in range(start, self.shape.visible_count(self.now)):
            record = generate_property(index, seed=self.seed, scale=self.scale, now=self.now)
            if record is not None:
                yield index, record

    @property
    def properties(self) -> list[dict[str, Any]]:
        """The whole feed as a list: for tests and small scales only."""
        return [record for _, record in self.iter_properties()]

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests_served += 1
        if self._injected:
            status = self._injected.pop(0)
            headers = {"Retry-After": "1"} if status == 429 else {}
            body = {"error": {"code": "Injected", "message": f"injected HTTP {status}"}}
            return httpx.Response(status, headers=headers, json=body)
        try:
            resource = request.url.path.rstrip("/").rsplit("/", 1)[-1]
            if request.method == "POST" and resource == "token":
                return httpx.Response(200, json=self._issue_token(request))
            self._authenticate(request)
            if request.method != "GET" or resource not in ("Property", "Member", "Office"):
                raise ODataError(404, "NotFound", f"No resource {request.method} {request.url.path}")
            return httpx.Response(200, json=self._query(request, resource))
        except ODataError as error:
            return httpx.Response(error.status, json={"error": {"code": error.code, "message": error.message}})

    def _issue_token(self, request: httpx.Request) -> dict[str, Any]:
        form = {name: values[0] for name, values in parse_qs(request.content.decode()).items()}
        if form.get("grant_type") != "client_credentials":
            raise ODataError(400, "unsupported_grant_type", "Only client_credentials is supported")
        if (form.get("client_id"), form.get("client_secret")) != (SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET):
            raise ODataError(401, "invalid_client", "Unknown client or wrong secret")
        token = secrets.token_urlsafe(24)
        self._tokens[token] = datetime.now(UTC) + timedelta(seconds=TOKEN_LIFETIME_SECONDS)
        return {"access_token": token, "token_type": "Bearer", "expires_in": TOKEN_LIFETIME_SECONDS}  # nosec B105

    def expire_tokens(self) -> None:
        """Make every issued (non-static) token expire now, as a long sync would see."""
        for token, expiry in list(self._tokens.items()):
            if expiry.year != datetime.max.year:
                self._tokens[token] = datetime.now(UTC) - timedelta(seconds=1)

    def _authenticate(self, request: httpx.Request) -> None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        expiry = self._tokens.get(token)
        if scheme != "Bearer" or expiry is None or expiry <= datetime.now(UTC):
            raise ODataError(401, "Unauthorized", "Missing, invalid or expired bearer token")

    def _query(self, request: httpx.Request, resource: str) -> dict[str, Any]:
        params = request.url.params
        clauses = parse_filter(params.get("$filter", ""))
        if not any(field == "OriginatingSystemName" and op == "eq" for field, op, _ in clauses):
            raise ODataError(400, "InvalidFilter", "Every request must filter on OriginatingSystemName")
        top, skip = int(params.get("$top", "500")), int(params.get("$skip", "0"))
        if not 0 < top <= MAX_TOP or skip < 0:
            raise ODataError(400, "InvalidQuery", f"$top must be between 1 and {MAX_TOP}")
        expand_media = params.get("$expand") == "Media"
        if params.get("$expand") not in (None, "Media"):
            raise ODataError(400, "InvalidQuery", "Only $expand=Media is supported")

        resume: int | None = None
        if resource == "Property" and "$orderby" not in params and "$skip" not in params:
            page, resume = self._property_page(clauses, top, int(params.get("$skiptoken", "-1")))
        else:
            records = (
                self.iter_properties()
                if resource == "Property"
                else (iter((i, r) for i, r in enumerate(_members() if resource == "Member" else _offices())))
            )
            matches = [record for _, record in records if _matches(record, clauses)]
            if "$orderby" in params:
                field, _, direction = params["$orderby"].partition(" ")
                matches.sort(
                    key=lambda r: (r.get(field) is None, r.get(field)), reverse=direction.strip().lower() == "desc"
                )
            page = matches[skip : skip + top]
            resume = skip + top if skip + top < len(matches) else None
        if expand_media:
            page = [{**record, "Media": media_for(record)} for record in page]

        body: dict[str, Any] = {"@odata.context": f"https://{request.url.host}/$metadata#{resource}", "value": page}
        if resume is not None:
            name = "$skiptoken" if resource == "Property" and "$skip" not in params else "$skip"
            query = {**dict(params), name: str(resume)}
            body["@odata.nextLink"] = str(request.url.copy_with(query=urlencode(query).encode()))
        return body

    def _property_page(
        self, clauses: list[Clause], top: int, resume_after: int
    ) -> tuple[list[dict[str, Any]], int | None]:
        lower_bound = _modified_lower_bound(clauses)
        start = self.shape.first_changed_after(lower_bound) if lower_bound else 0
        start = max(start, resume_after + 1)
        page: list[dict[str, Any]] = []
        last = start - 1
        for index, record in self.iter_properties(start):
            last = index
            if _matches(record, clauses):
                page.append(record)
                if len(page) == top:
                    break
        more = len(page) == top and last + 1 < self.shape.visible_count(self.now)
        return page, (last if more else None)
