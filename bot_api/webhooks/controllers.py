"""GoHighLevel webhook intake: verify, check freshness, dedupe, commit to the queue, then 200."""

from __future__ import annotations

from typing import Any

from anyio import to_thread
from litestar import Controller, Request, post

from bot_api.errors import ERROR_RESPONSES
from ehub.bots.webhooks import accept

# A webhook is authenticated by its signature, not a key: it may be refused, malformed or too large.
WEBHOOK_RESPONSES = {status: ERROR_RESPONSES[status] for status in (400, 401, 413, 503)}


class WebhookController(Controller):
    path = "/webhooks/ghl"
    tags = ["webhooks"]  # noqa: RUF012

    @post(
        summary="A GoHighLevel webhook (signed): queued for the bots, or acknowledged as a duplicate.",
        status_code=200,
        responses=WEBHOOK_RESPONSES,
    )
    async def receive(self, request: Request) -> dict[str, Any]:
        body = await request.body()
        state = request.app.state
        new = await _accept_in_thread(state, body, dict(request.headers))
        return {"status": "queued" if new else "duplicate"}


async def _accept_in_thread(state: Any, body: bytes, headers: dict[str, str]) -> bool:
    """Verification and the queue insert block: run them off the event loop."""
    return await to_thread.run_sync(lambda: accept(state.database, state.cipher, state.webhook_keys, body, headers))
