"""GoHighLevel webhook intake: verify, check freshness, dedupe, commit to the queue, then 200.

Anyone can call this route; only a valid signature gets anything queued. An address whose webhooks
keep being refused (forged, unsigned, stale) is throttled before any verification, so garbage
costs neither signature checks nor database work once it floods.
"""

from __future__ import annotations

from typing import Any

from anyio import to_thread
from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.exceptions import TooManyRequestsException

from bot_api.errors import ERROR_RESPONSES
from bot_api.ratelimit import RateLimiter
from ehub.bots.webhooks import WebhookKeys, WebhookRejectedError, accept
from ehub.crypto import PersonalDataCipher
from ehub.db import Database
from ehub.payments import stripe_webhooks

# A webhook is authenticated by its signature, not a key: it may be refused, malformed or too large.
WEBHOOK_RESPONSES = {status: ERROR_RESPONSES[status] for status in (400, 401, 413, 429, 503)}
REFUSED_PER_MINUTE = 60  # refused webhooks per client address before it is throttled


class WebhookController(Controller):
    path = "/webhooks/ghl"
    tags = ["webhooks"]  # noqa: RUF012

    @post(
        summary="A GoHighLevel webhook (signed): queued for the bots, or acknowledged as a duplicate.",
        status_code=200,
        responses=WEBHOOK_RESPONSES,
    )
    async def receive(
        self,
        request: Request,
        database: NamedDependency[Database],
        cipher: NamedDependency[PersonalDataCipher],
        limiter: NamedDependency[RateLimiter],
        webhook_keys: NamedDependency[WebhookKeys],
    ) -> dict[str, Any]:
        refused = await _refused_key(request, limiter)
        body, headers = await request.body(), dict(request.headers)
        try:
            # Verification and the queue insert block: run them off the event loop.
            new = await to_thread.run_sync(lambda: accept(database, cipher, webhook_keys, body, headers))
        except WebhookRejectedError:
            await limiter.hit(refused, REFUSED_PER_MINUTE)
            raise
        return {"status": "queued" if new else "duplicate"}


async def _refused_key(request: Request, limiter: RateLimiter) -> str:
    """The client address's count of refused webhooks; throttled once it reaches the limit."""
    refused = f"webhook-refused:{request.client.host if request.client else 'unknown'}"
    if await limiter.count(refused) >= REFUSED_PER_MINUTE:
        raise TooManyRequestsException("Too many refused webhooks from this address", headers={"Retry-After": "60"})
    return refused


class StripeWebhookController(Controller):
    path = "/webhooks/stripe"
    tags = ["webhooks"]  # noqa: RUF012

    @post(
        summary="A Stripe webhook (Stripe-Signature): recorded once by event id and committed before the 200.",
        status_code=200,
        responses=WEBHOOK_RESPONSES,
    )
    async def receive(
        self,
        request: Request,
        database: NamedDependency[Database],
        cipher: NamedDependency[PersonalDataCipher],
        limiter: NamedDependency[RateLimiter],
        stripe_webhook_secret: NamedDependency[str | None],
    ) -> dict[str, Any]:
        refused = await _refused_key(request, limiter)
        body, headers = await request.body(), dict(request.headers)
        try:
            outcome = await to_thread.run_sync(
                lambda: stripe_webhooks.accept(database, cipher, stripe_webhook_secret, body, headers)
            )
        except stripe_webhooks.StripeWebhookRejectedError:
            await limiter.hit(refused, REFUSED_PER_MINUTE)
            raise
        return {"status": outcome}
