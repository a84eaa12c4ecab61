"""The web widget's routes: the script, its texts, and the demo page.

- `GET /widget.js` (anyone): the widget, a plain JS file kept beside this module, cached by the
  browser for five minutes and revalidated by its ETag; a site embeds it with one script tag.
- `GET /v1/widget` (a public `chat` key): the panel's words in the visitor's language (from
  `ehub.bots.wording`, like every word Jorge says) and the brokerage's TREC notices. A key that may
  read leads is refused: a widget key sits in a web page for anyone to copy.
- `GET /` (only while `ehub demo` runs, which sets `EHUB_WIDGET_DEMO_KEY`; never in production): a
  page embedding the widget with that key.
"""

from __future__ import annotations

import functools
import hashlib
import html
from pathlib import Path
from typing import Annotated, Literal

import msgspec
from litestar import Controller, MediaType, Request, Response, get
from litestar.di import NamedDependency
from litestar.exceptions import PermissionDeniedException, TooManyRequestsException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import QueryParameter

from bot_api.access import Access, current_principal
from bot_api.chat.schemas import MAX_MESSAGE_CHARS
from bot_api.errors import ERROR_RESPONSES
from bot_api.notices.controllers import NoticesOut
from bot_api.ratelimit import LimiterUnavailableError, RateLimiter
from ehub.bots.wording import LANGUAGES, say
from ehub.errors import UnavailableError
from ehub.privacy.notices import Notices
from ehub.settings import Settings

STATIC = Path(__file__).parent / "static"
SCRIPT_MEDIA_TYPE = "text/javascript"  # Litestar adds "; charset=utf-8"
SCRIPT_CACHE = "public, max-age=300, must-revalidate"  # a new release reaches every site within 5 minutes
PAGES_PER_MINUTE = 120  # per client address, for the script and the demo page
# The words the panel shows: its own, and the listing facts of the cards.
WIDGET_TEXTS = (
    *(key for key in LANGUAGES["en"] if key.startswith("widget.")),
    "listing.rooms",
    "listing.size",
    "listing.days",
    "notice.identity.short",
)
# Placeholders the widget fills in itself (a countdown, a card's figures).
CLIENT_VALUES = {name: f"{{{name}}}" for name in ("seconds", "beds", "baths", "sqft", "days")}
DEMO_PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SCRIPT_RESPONSES = {
    304: ResponseSpec(data_container=None, description="Not modified: the copy the browser holds is current"),
    **{status: ERROR_RESPONSES[status] for status in (429, 503)},
}
WIDGET_ACCESS = Access(scopes=("chat",))


class WidgetConfig(msgspec.Struct):
    language: Literal["en", "es"]
    texts: dict[str, str]
    notices: NoticesOut
    max_message_chars: int


@functools.cache
def _asset(name: str) -> tuple[bytes, str]:
    """A static file's bytes and its ETag, read once per process."""
    body = (STATIC / name).read_bytes()
    return body, f'"{hashlib.sha256(body).hexdigest()[:20]}"'


async def _per_address(request: Request, limiter: RateLimiter, bucket: str, limit: int) -> None:
    """The public pages are limited per client address like every other route."""
    address = request.client.host if request.client else "unknown"
    try:
        hit = await limiter.hit(f"{bucket}:{address}", limit)
    except LimiterUnavailableError:
        message = "Rate limiting is unavailable; try again shortly"
        raise UnavailableError(message, code="RATE_LIMITER_UNAVAILABLE") from None
    if not hit.allowed:
        raise TooManyRequestsException(
            f"Rate limit of {limit} requests a minute exceeded", headers={"Retry-After": str(hit.reset_seconds)}
        )


class WidgetController(Controller):
    tags = ["widget"]  # noqa: RUF012

    @get(
        "/widget.js",
        summary='The web widget: `<script src=".../widget.js" data-key="<chat key>" async></script>`.',
        media_type=SCRIPT_MEDIA_TYPE,
        responses=SCRIPT_RESPONSES,
    )
    async def script(self, request: Request, limiter: NamedDependency[RateLimiter]) -> Response[bytes]:
        await _per_address(request, limiter, "widget-script", PAGES_PER_MINUTE)
        body, etag = _asset("widget.js")
        headers = {
            "Cache-Control": SCRIPT_CACHE,
            "ETag": etag,
            "X-Content-Type-Options": "nosniff",
            "Cross-Origin-Resource-Policy": "cross-origin",  # other sites load it, by design
        }
        if etag in (request.headers.get("If-None-Match") or ""):
            return Response(b"", status_code=304, headers=headers, media_type=SCRIPT_MEDIA_TYPE)
        return Response(body, headers=headers, media_type=SCRIPT_MEDIA_TYPE)


class WidgetConfigController(Controller):
    tags = ["widget"]  # noqa: RUF012

    @get(
        "/v1/widget",
        summary="The widget panel's words in the visitor's language and the brokerage's TREC notices.",
        responses=ERROR_RESPONSES,
        opt=WIDGET_ACCESS.opt,
        security=WIDGET_ACCESS.security,
    )
    async def config(
        self,
        request: Request,
        notices: NamedDependency[Notices],
        lang: Annotated[Literal["en", "es"], QueryParameter(description="The panel's language")] = "en",
    ) -> WidgetConfig:
        key = current_principal(request).key
        if key is None or key.trusted:
            raise PermissionDeniedException(
                "A widget key must have only the chat scope: it sits in a web page for anyone to copy"
            )
        values = {**notices.values(), **CLIENT_VALUES}
        texts = {name: say(name, lang, **values) for name in WIDGET_TEXTS}
        return WidgetConfig(
            language=lang, texts=texts, notices=NoticesOut(**notices.public()), max_message_chars=MAX_MESSAGE_CHARS
        )


class DemoPageController(Controller):
    """Registered only when `EHUB_WIDGET_DEMO_KEY` is set (by `ehub demo`; production refuses it)."""

    tags = ["widget"]  # noqa: RUF012

    @get("/", media_type=MediaType.HTML, include_in_schema=False)
    async def demo_page(
        self,
        request: Request,
        limiter: NamedDependency[RateLimiter],
        settings: NamedDependency[Settings],
        notices: NamedDependency[Notices],
    ) -> Response[str]:
        await _per_address(request, limiter, "widget-demo", PAGES_PER_MINUTE)
        demo_key = settings.widget_demo_key.get_secret_value() if settings.widget_demo_key else ""
        page = _asset("demo.html")[0].decode()
        page = page.replace("{{key}}", html.escape(demo_key)).replace(
            "{{brokerage}}", html.escape(notices.brokerage_name)
        )
        headers = {"Cache-Control": "no-store", "Content-Security-Policy": DEMO_PAGE_POLICY}
        return Response(page, media_type=MediaType.HTML, headers=headers)
