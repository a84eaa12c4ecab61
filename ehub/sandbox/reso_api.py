"""An in-process RESO Web API (OData v4) serving the sandbox MLS, MLS Grid flavoured.

It implements what our client uses: `GET /Property` with `$filter` (`and`-joined comparisons),
`$orderby`, `$top` (at most 5000) and `$skip`, bearer authentication, the OData envelope with
`@odata.nextLink`, and MLS Grid's rule that every request filters on `OriginatingSystemName`.
Errors use the OData error envelope.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

import httpx

from ehub.sandbox.mls_data import SANDBOX_NOW, generate_property, listing_count

# The documented credential of the offline sandbox, public by design.
SANDBOX_TOKEN = "sandbox-mls-token-0000"  # noqa: S105  # nosec B105
MAX_TOP = 5000
_CLAUSE = re.compile(r"^\s*(\w+)\s+(eq|ne|gt|ge|lt|le)\s+(.+?)\s*$", re.IGNORECASE)
_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "gt": lambda a, b: a is not None and a > b,
    "ge": lambda a, b: a is not None and a >= b,
    "lt": lambda a, b: a is not None and a < b,
    "le": lambda a, b: a is not None and a <= b,
}


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


def _comparable(record: dict[str, Any], field: str, literal: Any) -> Any:
    value = record.get(field)
    if isinstance(literal, datetime) and isinstance(value, str):
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value


def parse_filter(expression: str) -> list[tuple[str, str, Any]]:
    """`A eq 'x' and B gt 2026-01-01T00:00:00Z` -> [(A, eq, 'x'), (B, gt, datetime)]."""
    clauses = []
    for part in re.split(r"\s+and\s+", expression.strip(), flags=re.IGNORECASE):
        match = _CLAUSE.match(part)
        if not match:
            raise ODataError(400, "InvalidFilter", f"Unsupported filter clause: {part}")
        field, operator, literal = match.groups()
        clauses.append((field, operator.lower(), _literal(literal)))
    return clauses


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
        self.token = token
        self.originating_system = originating_system
        self.requests_served = 0
        self._injected: list[int] = []

    def inject_failures(self, *statuses: int) -> None:
        """Answer the next requests with these HTTP statuses (429 comes with `Retry-After: 1`)."""
        self._injected.extend(statuses)

    @cached_property
    def properties(self) -> list[dict[str, Any]]:
        return [generate_property(i, seed=self.seed, now=self.now) for i in range(listing_count(self.scale))]

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests_served += 1
        if self._injected:
            status = self._injected.pop(0)
            headers = {"Retry-After": "1"} if status == 429 else {}
            return httpx.Response(
                status, headers=headers, json={"error": {"code": "Injected", "message": f"injected HTTP {status}"}}
            )
        try:
            if request.headers.get("Authorization") != f"Bearer {self.token}":
                raise ODataError(401, "Unauthorized", "Missing or invalid bearer token")
            resource = request.url.path.rstrip("/").rsplit("/", 1)[-1]
            if request.method != "GET" or resource != "Property":
                raise ODataError(404, "NotFound", f"No resource {request.method} {request.url.path}")
            return httpx.Response(200, json=self._query(request))
        except ODataError as error:
            return httpx.Response(error.status, json={"error": {"code": error.code, "message": error.message}})

    def _query(self, request: httpx.Request) -> dict[str, Any]:
        params = request.url.params
        clauses = parse_filter(params.get("$filter", ""))
        if not any(f == "OriginatingSystemName" and op == "eq" for f, op, _ in clauses):
            raise ODataError(400, "InvalidFilter", "Every request must filter on OriginatingSystemName")
        top = int(params.get("$top", "500"))
        skip = int(params.get("$skip", "0"))
        if not 0 < top <= MAX_TOP or skip < 0:
            raise ODataError(400, "InvalidQuery", f"$top must be between 1 and {MAX_TOP}")

        matches = [
            record
            for record in self.properties
            if all(_OPERATORS[op](_comparable(record, field, value), value) for field, op, value in clauses)
        ]
        order_by = params.get("$orderby")
        if order_by:
            field, _, direction = order_by.partition(" ")
            matches.sort(
                key=lambda record: (record.get(field) is None, record.get(field)),
                reverse=direction.strip().lower() == "desc",
            )
        page = matches[skip : skip + top]
        body: dict[str, Any] = {
            "@odata.context": f"{request.url.scheme}://{request.url.host}/$metadata#Property",
            "value": page,
        }
        if skip + top < len(matches):
            next_params = {**dict(params), "$skip": str(skip + top)}
            body["@odata.nextLink"] = str(request.url.copy_with(query=urlencode(next_params).encode()))
        return body
