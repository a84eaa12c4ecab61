"""The sandbox as the source factory's offline stand-ins: what the demo, the tests and the
benchmarks hand to `ehub.sources.factory` (production code never imports this package)."""

from __future__ import annotations

from ehub.settings import Settings
from ehub.sources.factory import StandIn
from sandbox.clock import sandbox_now
from sandbox.ghl_api import SANDBOX_GHL_TOKEN, GhlSandbox
from sandbox.ghl_data import LOCATION_ID
from sandbox.ghl_webhooks import SANDBOX_PUBLIC_KEY_PEM
from sandbox.reso_api import SANDBOX_TOKEN, ResoSandbox
from sandbox.stripe_api import SANDBOX_STRIPE_KEY, StripeSandbox
from sandbox.stripe_checkout import SANDBOX_WEBHOOK_SECRET


def mls_sandbox(settings: Settings) -> ResoSandbox:
    return ResoSandbox(
        seed=settings.sandbox_seed,
        scale=settings.sandbox_scale,
        now=sandbox_now(settings.data_dir),
        originating_system=settings.mls_originating_system,
    )


def ghl_sandbox(settings: Settings) -> GhlSandbox:
    return GhlSandbox(seed=settings.sandbox_seed, scale=settings.sandbox_scale, now=sandbox_now(settings.data_dir))


def stripe_sandbox(settings: Settings) -> StripeSandbox:
    return StripeSandbox(seed=settings.sandbox_seed, scale=settings.sandbox_scale, now=sandbox_now(settings.data_dir))


class SandboxSources:
    """Every source API answered in process by the sandbox, at the settings' seed, scale and clock."""

    def mls(self, settings: Settings) -> StandIn:
        return StandIn(SANDBOX_TOKEN, mls_sandbox(settings).transport)

    def ghl(self, settings: Settings) -> StandIn:
        return StandIn(SANDBOX_GHL_TOKEN, ghl_sandbox(settings).transport, account=LOCATION_ID)

    def stripe(self, settings: Settings) -> StandIn:
        return StandIn(SANDBOX_STRIPE_KEY, stripe_sandbox(settings).transport)

    def webhook_public_key_pem(self) -> str:
        return SANDBOX_PUBLIC_KEY_PEM

    def stripe_webhook_secret(self) -> str:
        return SANDBOX_WEBHOOK_SECRET


SANDBOX = SandboxSources()
