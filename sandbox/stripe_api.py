"""An in-process Stripe API serving the sandbox payments, for stripe-python to talk to.

Implements the list endpoints our client uses, as Stripe shapes them: `GET /v1/charges`,
`/v1/payment_intents`, `/v1/checkout/sessions`, `/v1/refunds` and `/v1/events`, newest first,
`limit` (at most 100), `starting_after` paging, `created[gt|gte|lt|lte]` filters and `types[]` on
events, the `list` envelope with `has_more`, Stripe's error envelope, bearer secret keys, and
events kept only for 30 days. `inject_failures` queues 429/5xx answers. Checkout Sessions created
through `POST /v1/checkout/sessions` (and their payments and events) live in `live`
(`sandbox.stripe_checkout`), listed with the seeded history.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cached_property
from typing import Any

import httpx

from ehub.sources.stripe.client import EVENT_RETENTION
from sandbox import ghl_data
from sandbox.mls_data import SANDBOX_NOW
from sandbox.stripe_checkout import CheckoutError, LiveCheckouts, decode_form
from sandbox.stripe_data import Payment, payment_of

# The documented credential of the offline sandbox, public by design.
SANDBOX_STRIPE_KEY = "sk_test_EhubSandbox000000000000"  # nosec B105
RESOURCES = {
    "/v1/charges": "charge",
    "/v1/payment_intents": "payment_intent",
    "/v1/checkout/sessions": "checkout.session",
    "/v1/refunds": "refund",
}
_SESSION = re.compile(r"^/v1/checkout/sessions/([A-Za-z0-9_]+)$")
_CREATED = re.compile(r"^created\[(gt|gte|lt|lte)\]$")
_TYPES = re.compile(r"^types\[\d*\]$")
_COMPARE = {"gt": int.__gt__, "gte": int.__ge__, "lt": int.__lt__, "lte": int.__le__}


class StripeApiError(Exception):
    def __init__(self, status: int, message: str, kind: str = "invalid_request_error", code: str | None = None) -> None:
        super().__init__(message)
        self.status, self.body = status, {"error": {"type": kind, "message": message, "code": code}}


class StripeSandbox:
    """The sandbox Stripe account; `transport` plugs into stripe-python's httpx client."""

    def __init__(
        self, *, seed: int, scale: float, now: datetime = SANDBOX_NOW, api_key: str = SANDBOX_STRIPE_KEY
    ) -> None:
        self.seed, self.scale, self.now, self.api_key = seed, scale, now, api_key
        self._injected: list[int] = []
        self.requests_served = 0
        self.live = LiveCheckouts()

    def inject_failures(self, *statuses: int) -> None:
        self._injected.extend(statuses)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    @cached_property
    def payments(self) -> list[Payment]:
        visible = ghl_data.visible_contacts(self.scale, self.now)
        found = (payment_of(index, seed=self.seed, scale=self.scale) for index in range(visible))
        return [payment for payment in found if payment is not None and payment.paid_at <= self.now]

    def objects(self, kind: str) -> list[dict[str, Any]]:
        """Every object of a kind as it stands now, newest first (Stripe's list order)."""
        rows = [obj for payment in self.payments for obj in payment.objects(self.now).get(kind, [])]
        rows += self.live.listed(kind)
        return sorted(rows, key=lambda obj: (obj["created"], obj["id"]), reverse=True)

    def events(self) -> list[dict[str, Any]]:
        oldest = int((self.now - EVENT_RETENTION).timestamp())
        now = int(self.now.timestamp())
        rows = [event for payment in self.payments for event in payment.events() if oldest <= event["created"] <= now]
        rows += [event for event in self.live.events if event["created"] >= oldest]  # made at the wall clock's time
        return sorted(rows, key=lambda event: (event["created"], event["id"]), reverse=True)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests_served += 1
        if self._injected:
            status = self._injected.pop(0)
            body = StripeApiError(status, "Injected failure", "api_error").body
            return httpx.Response(status, json=body, headers={"Stripe-Should-Retry": "true"})
        try:
            if request.headers.get("Authorization") != f"Bearer {self.api_key}":
                raise StripeApiError(401, "Invalid API Key provided.")
            path = request.url.path
            if request.method == "POST" and path == "/v1/checkout/sessions":
                session = self.live.create(decode_form(request.content), request.headers.get("Idempotency-Key"))
                return httpx.Response(200, json=self.live.public(session))
            if request.method != "GET":
                raise StripeApiError(405, f"{request.method} is not served by the sandbox")
            one = _SESSION.match(path)
            if one:
                return httpx.Response(200, json=self.live.retrieve(one.group(1)))
            if path == "/v1/events":
                return httpx.Response(200, json=self._list(request, self.events()))
            if path in RESOURCES:
                return httpx.Response(200, json=self._list(request, self.objects(RESOURCES[path])))
            raise StripeApiError(404, f"Unrecognized request URL (GET: {path}).")
        except (StripeApiError, CheckoutError) as error:
            return httpx.Response(error.status, json=error.body)

    @staticmethod
    def _list(request: httpx.Request, rows: list[dict[str, Any]]) -> dict[str, Any]:
        params = request.url.params
        limit = int(params.get("limit", "10"))
        if not 1 <= limit <= 100:
            raise StripeApiError(
                400, "Invalid integer: limit must be between 1 and 100", code="parameter_invalid_integer"
            )
        for name, value in params.multi_items():
            match = _CREATED.match(name)
            if match:
                rows = [row for row in rows if _COMPARE[match.group(1)](row["created"], int(value))]
        # stripe-python sends arrays as types[0]=…&types[1]=…; curl users send types[]=….
        types = [value for name, value in params.multi_items() if _TYPES.match(name)]
        types += [params["type"]] if "type" in params else []
        if types:
            rows = [row for row in rows if row["type"] in types]
        after = params.get("starting_after")
        if after:
            ids = [row["id"] for row in rows]
            if after not in ids:
                raise StripeApiError(400, f"No such object: '{after}'", code="resource_missing")
            rows = rows[ids.index(after) + 1 :]
        return {"object": "list", "url": request.url.path, "has_more": len(rows) > limit, "data": rows[:limit]}
