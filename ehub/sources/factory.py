"""Build each source client for the configured mode: the real API, or the offline sandbox."""

from __future__ import annotations

from ehub.sandbox.reso_api import SANDBOX_TOKEN, ResoSandbox
from ehub.settings import Settings
from ehub.sources.mls.client import ResoClient


def mls_client(settings: Settings) -> ResoClient:
    """A RESO client on the real MLS feed when a token is configured, on the sandbox otherwise."""
    if settings.source_is_real("mls") and settings.mls_token is not None:
        return ResoClient(
            base_url=settings.mls_base_url,
            token=settings.mls_token.get_secret_value(),
            originating_system=settings.mls_originating_system,
        )
    sandbox = ResoSandbox(
        seed=settings.sandbox_seed, scale=settings.sandbox_scale, originating_system=settings.mls_originating_system
    )
    return ResoClient(
        base_url=settings.mls_base_url,
        token=SANDBOX_TOKEN,
        originating_system=settings.mls_originating_system,
        transport=sandbox.transport,
    )
