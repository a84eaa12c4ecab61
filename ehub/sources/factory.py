"""Build each source client: the real API where credentials exist, else an offline stand-in.

The core never imports the offline sandbox. Whoever runs without credentials (the demo, the
tests, the benchmarks) hands the sandbox's stand-ins in as `offline`; production has every
credential (see `Settings`) and hands none in, so a missing one is a configuration error there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

import httpx

from ehub.errors import ConfigError
from ehub.settings import Settings
from ehub.sources.auth import BearerToken, ClientCredentials
from ehub.sources.ghl.client import GhlClient
from ehub.sources.mls.client import MLS_GRID_QUOTAS, ResoClient
from ehub.sources.stripe.client import StripeSource
from ehub.sources.throttle import WindowThrottle

Source = Literal["mls", "ghl", "stripe"]
_CREDENTIALS = {
    "mls": "EHUB_MLS_TOKEN (or EHUB_MLS_CLIENT_ID, EHUB_MLS_CLIENT_SECRET and EHUB_MLS_TOKEN_URL)",
    "ghl": "EHUB_GHL_TOKEN",
    "stripe": "EHUB_STRIPE_API_KEY",
}


@dataclass(frozen=True)
class StandIn:
    """An offline copy of one source API: the credential it accepts, the account it serves (the
    GoHighLevel location) and the transport that answers in process."""

    credential: str
    transport: httpx.BaseTransport
    account: str = ""


class OfflineSources(Protocol):
    """Offline stand-ins for every source API and the key that signs their webhooks."""

    def mls(self, settings: Settings) -> StandIn: ...

    def ghl(self, settings: Settings) -> StandIn: ...

    def stripe(self, settings: Settings) -> StandIn: ...

    def webhook_public_key_pem(self) -> str: ...

    def stripe_webhook_secret(self) -> str: ...


def require_source(settings: Settings, source: Source, offline: OfflineSources | None) -> None:
    """Refuse before any work starts when `source` has neither a credential nor a stand-in."""
    if offline is None and not settings.source_is_real(source):
        raise ConfigError(
            f"{source} has no credential ({_CREDENTIALS[source]}) and this process has no offline stand-in: "
            "set the credential, or run through `ehub demo` or another command that uses the sandbox",
            field=_CREDENTIALS[source].split()[0],
            code="SOURCE_NOT_CONFIGURED",
        )


def _stand_in(settings: Settings, source: Source, offline: OfflineSources | None) -> StandIn:
    require_source(settings, source, offline)
    assert offline is not None  # noqa: S101 - require_source refused otherwise
    stand_ins: dict[Source, Callable[[Settings], StandIn]] = {
        "mls": offline.mls,
        "ghl": offline.ghl,
        "stripe": offline.stripe,
    }
    return stand_ins[source](settings)


def _mls_auth(settings: Settings) -> httpx.Auth:
    if settings.mls_token is not None:
        return BearerToken(settings.mls_token.get_secret_value())
    secret = settings.mls_client_secret.get_secret_value() if settings.mls_client_secret else ""
    return ClientCredentials(settings.mls_token_url or "", settings.mls_client_id or "", secret)


def mls_client(settings: Settings, *, offline: OfflineSources | None = None) -> ResoClient:
    """A RESO client on the real MLS feed when credentials exist, on the offline stand-in otherwise."""
    if settings.source_is_real("mls"):
        return ResoClient(
            base_url=settings.mls_base_url,
            auth=_mls_auth(settings),
            originating_system=settings.mls_originating_system,
            throttle=WindowThrottle(MLS_GRID_QUOTAS),
        )
    stand_in = _stand_in(settings, "mls", offline)
    return ResoClient(
        base_url=settings.mls_base_url,
        auth=BearerToken(stand_in.credential),
        originating_system=settings.mls_originating_system,
        transport=stand_in.transport,
    )


def ghl_client(
    settings: Settings, *, offline: OfflineSources | None = None, transport: httpx.BaseTransport | None = None
) -> GhlClient:
    """A GoHighLevel client on the real API when a token is configured, on the offline stand-in otherwise.

    `transport` replaces the stand-in's (a test's stand-in server, a shared sandbox instance)."""
    if settings.source_is_real("ghl") and settings.ghl_token is not None:
        return GhlClient(
            base_url=settings.ghl_base_url,
            token=settings.ghl_token.get_secret_value(),
            location_id=settings.ghl_location_id or "",
            transport=transport,
        )
    stand_in = _stand_in(settings, "ghl", offline)
    return GhlClient(
        base_url=settings.ghl_base_url,
        token=stand_in.credential,
        location_id=stand_in.account,
        transport=transport or stand_in.transport,
    )


def stripe_source(settings: Settings, *, offline: OfflineSources | None = None) -> StripeSource:
    """stripe-python on the real account when a secret key is configured, on the offline stand-in otherwise."""
    if settings.source_is_real("stripe") and settings.stripe_api_key is not None:
        return StripeSource(settings.stripe_api_key.get_secret_value())
    stand_in = _stand_in(settings, "stripe", offline)
    return StripeSource(stand_in.credential, transport=stand_in.transport)


def needs_stand_ins(settings: Settings) -> bool:
    """Whether any source lacks its credential, so a process must be handed offline stand-ins to run."""
    sources: tuple[Source, ...] = ("mls", "ghl", "stripe")
    return not all(settings.source_is_real(source) for source in sources)
