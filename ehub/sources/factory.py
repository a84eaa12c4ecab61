"""Build each source client for the configured mode: the real API, or the offline sandbox.

The sandbox is imported only when a source runs on it, so a production process (which refuses the
sandbox: see `Settings`) never loads a line of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

from ehub.settings import Settings
from ehub.sources.auth import BearerToken, ClientCredentials
from ehub.sources.ghl.client import GhlClient
from ehub.sources.mls.client import MLS_GRID_QUOTAS, ResoClient
from ehub.sources.stripe.client import StripeSource
from ehub.sources.throttle import WindowThrottle

if TYPE_CHECKING:
    from sandbox.ghl_api import GhlSandbox
    from sandbox.reso_api import ResoSandbox
    from sandbox.stripe_api import StripeSandbox


def _mls_auth(settings: Settings) -> httpx.Auth:
    if settings.mls_token is not None:
        return BearerToken(settings.mls_token.get_secret_value())
    secret = settings.mls_client_secret.get_secret_value() if settings.mls_client_secret else ""
    return ClientCredentials(settings.mls_token_url or "", settings.mls_client_id or "", secret)


def mls_sandbox(settings: Settings) -> ResoSandbox:
    from sandbox.clock import sandbox_now
    from sandbox.reso_api import ResoSandbox

    return ResoSandbox(
        seed=settings.sandbox_seed,
        scale=settings.sandbox_scale,
        now=sandbox_now(settings.data_dir),
        originating_system=settings.mls_originating_system,
    )


def mls_client(settings: Settings) -> ResoClient:
    """A RESO client on the real MLS feed when credentials exist, on the sandbox otherwise."""
    if settings.source_is_real("mls"):
        return ResoClient(
            base_url=settings.mls_base_url,
            auth=_mls_auth(settings),
            originating_system=settings.mls_originating_system,
            throttle=WindowThrottle(MLS_GRID_QUOTAS),
        )
    from sandbox.reso_api import SANDBOX_TOKEN

    return ResoClient(
        base_url=settings.mls_base_url,
        auth=BearerToken(SANDBOX_TOKEN),
        originating_system=settings.mls_originating_system,
        transport=mls_sandbox(settings).transport,
    )


def ghl_sandbox(settings: Settings) -> GhlSandbox:
    from sandbox.clock import sandbox_now
    from sandbox.ghl_api import GhlSandbox

    return GhlSandbox(seed=settings.sandbox_seed, scale=settings.sandbox_scale, now=sandbox_now(settings.data_dir))


def ghl_client(settings: Settings, *, transport: httpx.BaseTransport | None = None) -> GhlClient:
    """A GoHighLevel client on the real API when a token is configured, on the sandbox otherwise.

    `transport` replaces the sandbox's (a test's stand-in server, a shared sandbox instance)."""
    if settings.source_is_real("ghl") and settings.ghl_token is not None:
        return GhlClient(
            base_url=settings.ghl_base_url,
            token=settings.ghl_token.get_secret_value(),
            location_id=settings.ghl_location_id or "",
            transport=transport,
        )
    from sandbox.ghl_api import SANDBOX_GHL_TOKEN
    from sandbox.ghl_data import LOCATION_ID

    return GhlClient(
        base_url=settings.ghl_base_url,
        token=SANDBOX_GHL_TOKEN,
        location_id=LOCATION_ID,
        transport=transport or ghl_sandbox(settings).transport,
    )


def stripe_sandbox(settings: Settings) -> StripeSandbox:
    from sandbox.clock import sandbox_now
    from sandbox.stripe_api import StripeSandbox

    return StripeSandbox(seed=settings.sandbox_seed, scale=settings.sandbox_scale, now=sandbox_now(settings.data_dir))


def stripe_source(settings: Settings) -> StripeSource:
    """stripe-python on the real account when a secret key is configured, on the sandbox otherwise."""
    if settings.source_is_real("stripe") and settings.stripe_api_key is not None:
        return StripeSource(settings.stripe_api_key.get_secret_value())
    from sandbox.stripe_api import SANDBOX_STRIPE_KEY

    return StripeSource(SANDBOX_STRIPE_KEY, transport=stripe_sandbox(settings).transport)
