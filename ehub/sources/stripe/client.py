"""Stripe through stripe-python's `StripeClient`, over its httpx-based HTTP client.

stripe-python does its own bounded retries (429, 5xx, `Stripe-Should-Retry`) with jittered backoff;
we turn its exceptions into the platform's errors. Objects come back as `StripeObject`s, which are
no longer dicts in stripe-python 15+, so every record is taken with `to_dict()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

import httpx
import stripe
from stripe import HTTPXClient

from ehub.errors import UnavailableError
from ehub.sources.http import SourceRequestError
from ehub.sources.values import epoch_seconds

if TYPE_CHECKING:
    from stripe.params.checkout import SessionCreateParams

PAGE = 100
EVENT_RETENTION = timedelta(days=30)  # Stripe keeps events for 30 days
MAX_NETWORK_RETRIES = 4
LISTS = {
    "charge": lambda c: c.v1.charges,
    "payment_intent": lambda c: c.v1.payment_intents,
    "checkout.session": lambda c: c.v1.checkout.sessions,
    "refund": lambda c: c.v1.refunds,
}


class _TransportHTTPXClient(HTTPXClient):
    """stripe-python's httpx client on a given transport (the offline sandbox).

    HTTPXClient builds its own `httpx.Client`; we swap in one on our transport. `_client` is the
    attribute HTTPXClient sends synchronous requests through.
    """

    def __init__(self, transport: httpx.BaseTransport) -> None:
        super().__init__(allow_sync_methods=True)
        self._client = httpx.Client(transport=transport)


class StripeSource:
    """Lists and events of one Stripe account."""

    def __init__(self, api_key: str, *, transport: httpx.BaseTransport | None = None) -> None:
        http_client = _TransportHTTPXClient(transport) if transport else HTTPXClient(allow_sync_methods=True)
        self._client = stripe.StripeClient(api_key, http_client=http_client, max_network_retries=MAX_NETWORK_RETRIES)

    def __enter__(self) -> StripeSource:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def _call(self, call: Callable[[], stripe.StripeObject]) -> dict[str, Any]:
        """One request through stripe-python, its errors as the platform's."""
        try:
            return call().to_dict()
        except stripe.AuthenticationError as error:
            raise SourceRequestError(
                f"Stripe refused the API key: {error.user_message}", code="STRIPE_HTTP_401"
            ) from None
        except (stripe.InvalidRequestError, stripe.IdempotencyError) as error:
            raise SourceRequestError(
                f"Stripe rejected the request: {error.user_message}", code="STRIPE_HTTP_400"
            ) from None
        except (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError) as error:
            raise UnavailableError(
                f"stripe did not answer successfully after {MAX_NETWORK_RETRIES + 1} attempts ({type(error).__name__})",
                code="STRIPE_UNAVAILABLE",
            ) from None

    def create_checkout_session(self, params: SessionCreateParams, *, idempotency_key: str) -> dict[str, Any]:
        """`POST /v1/checkout/sessions` (form-encoded by stripe-python); a retry with the same
        `Idempotency-Key` gets the same session back instead of a second one."""
        sessions = self._client.v1.checkout.sessions
        return self._call(lambda: sessions.create(params=params, options={"idempotency_key": idempotency_key}))

    def retrieve_checkout_session(self, session_id: str) -> dict[str, Any]:
        """`GET /v1/checkout/sessions/{id}`."""
        return self._call(lambda: self._client.v1.checkout.sessions.retrieve(session_id))

    def _pages(self, service: Any, params: dict[str, Any]) -> Iterator[list[dict[str, Any]]]:
        params = {"limit": PAGE, **params}
        while True:
            page = self._call(partial(service.list, params=params))
            records = page["data"]
            if records:
                yield records
            if not page["has_more"] or not records:
                return
            params = {**params, "starting_after": records[-1]["id"]}

    def list_objects(self, kind: str, *, created_after: datetime | None = None) -> Iterator[list[dict[str, Any]]]:
        """Every object of a kind (`charge`, `payment_intent`, `checkout.session`, `refund`), newest first."""
        params: dict[str, Any] = {}
        if created_after is not None:
            params["created"] = {"gt": int(created_after.timestamp())}
        return self._pages(LISTS[kind](self._client), params)

    def list_events(self, *, since: datetime, types: list[str]) -> Iterator[list[dict[str, Any]]]:
        """Events created at or after `since`, newest first (Stripe keeps them 30 days)."""
        return self._pages(self._client.v1.events, {"created": {"gte": int(since.timestamp())}, "types": types})

    def newest_event_time(self) -> datetime | None:
        for page in self._pages(self._client.v1.events, {"limit": 1}):
            return epoch_seconds(page[0]["created"])
        return None
