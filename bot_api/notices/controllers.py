"""The brokerage's notices for the website widget, and the unsubscribe link every email carries.

Both are public: the widget shows `GET /notices` (the brokerage, its TREC license, the IABS and
Consumer Protection links) beside every chat; `GET /unsubscribe?token=…` is the link in every
email's footer, honoured at once and answered with a short page.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Annotated

import msgspec
from anyio import to_thread
from litestar import Controller, MediaType, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from bot_api.errors import ERROR_RESPONSES
from ehub.crypto import PersonalDataCipher
from ehub.db import Database
from ehub.privacy.notices import Notices
from ehub.privacy.unsubscribe import unsubscribe

_JWT_SHAPE = r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$"
PUBLIC_RESPONSES = {status: ERROR_RESPONSES[status] for status in (400, 404, 503)}


class NoticesOut(msgspec.Struct):
    brokerage_name: str
    license_number: str
    postal_address: str
    iabs_url: str
    consumer_protection_url: str


class NoticesController(Controller):
    tags = ["notices"]  # noqa: RUF012

    @get("/notices", summary="The brokerage's TREC notices, for the website widget (IABS, Consumer Protection).")
    async def notices(self, notices: NamedDependency[Notices]) -> NoticesOut:
        return NoticesOut(**notices.public())

    @get(
        "/unsubscribe",
        summary="The unsubscribe link of every email: no more email to this lead, at once.",
        media_type=MediaType.HTML,
        responses=PUBLIC_RESPONSES,
    )
    async def unsubscribe(
        self,
        token: Annotated[str, QueryParameter(max_length=2048, pattern=_JWT_SHAPE)],
        database: NamedDependency[Database],
        cipher: NamedDependency[PersonalDataCipher],
        notices: NamedDependency[Notices],
    ) -> Response[str]:
        await to_thread.run_sync(lambda: unsubscribe(database, cipher, token, datetime.now(UTC)))
        name = html.escape(notices.brokerage_name)
        page = (
            "<!doctype html><html><head><meta charset='utf-8'><title>Unsubscribed</title></head><body>"
            f"<p>You are unsubscribed: {name} will send you no more email.</p></body></html>"
        )
        return Response(page, media_type=MediaType.HTML)
