"""Rate limits, OAuth2 client credentials and the sandbox clock: the plumbing every client uses."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from ehub.errors import ValidationError
from ehub.sources.auth import BearerToken, ClientCredentials, SourceAuthError
from ehub.sources.http import RetryPolicy
from ehub.sources.mls.client import MLS_GRID_QUOTAS, ResoClient
from ehub.sources.throttle import HeaderThrottle, WindowThrottle
from sandbox.clock import advance, sandbox_now
from sandbox.mls_data import SANDBOX_NOW
from sandbox.reso_api import SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_TOKEN, ResoSandbox


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_window_throttle_keeps_mls_grid_to_two_requests_a_second() -> None:
    clock = FakeClock()
    throttle = WindowThrottle(MLS_GRID_QUOTAS, clock=clock, sleep=clock.sleep)
    for _ in range(10):
        throttle.wait()
    assert clock.now == pytest.approx(4.0)  # 10 requests: pairs at t = 0, 1, 2, 3, 4


def test_window_throttle_enforces_the_hourly_quota_too() -> None:
    clock = FakeClock()
    throttle = WindowThrottle(((100, 1.0), (150, 3600.0)), clock=clock, sleep=clock.sleep)
    for _ in range(151):
        throttle.wait()
    assert clock.now == pytest.approx(3600.0)


def test_header_throttle_pauses_when_the_burst_quota_is_spent() -> None:
    clock = FakeClock()
    throttle = HeaderThrottle(clock=clock, sleep=clock.sleep)
    throttle.observe(
        httpx.Response(200, headers={"X-RateLimit-Remaining": "5", "X-RateLimit-Interval-Milliseconds": "10000"})
    )
    throttle.wait()
    assert clock.slept == []
    throttle.observe(
        httpx.Response(200, headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Interval-Milliseconds": "10000"})
    )
    throttle.wait()
    assert clock.slept == [pytest.approx(10.0)]


def _oauth_client(sandbox: ResoSandbox, secret: str = SANDBOX_CLIENT_SECRET) -> ResoClient:
    auth = ClientCredentials("https://api.mlsgrid.com/oauth2/token", SANDBOX_CLIENT_ID, secret)
    return ResoClient(
        base_url="https://api.mlsgrid.com/v2",
        auth=auth,
        originating_system="actris",
        transport=sandbox.transport,
        page_size=100,
        retry=RetryPolicy(2, 0, 0),
    )


def test_client_credentials_fetch_a_token_once_and_refresh_it_on_401() -> None:
    sandbox = ResoSandbox(seed=1, scale=0.05)
    with _oauth_client(sandbox) as client:
        pages = client.iter_pages()
        first = next(pages)
        sandbox.expire_tokens()
        rest = [record for page in pages for record in page]
    assert len(first) + len(rest) == sum(r["MlgCanView"] for r in sandbox.properties)


def test_wrong_client_secret_is_a_clear_authentication_error() -> None:
    with (
        _oauth_client(ResoSandbox(seed=1, scale=0.05), secret="wrong") as client,
        pytest.raises(SourceAuthError, match="refused the client credentials"),
    ):
        list(client.iter_pages())


def test_sandbox_clock_moves_forward_only_and_is_shared_through_the_data_dir(tmp_path) -> None:
    assert sandbox_now(tmp_path) == SANDBOX_NOW
    assert advance(tmp_path, 3) == SANDBOX_NOW + timedelta(days=3)
    assert sandbox_now(tmp_path) == SANDBOX_NOW + timedelta(days=3)
    with pytest.raises(ValidationError):
        advance(tmp_path, -1)


def test_advancing_time_brings_new_changed_and_deleted_listings() -> None:
    before = {r["ListingKey"]: r for r in ResoSandbox(seed=9, scale=0.2).properties}
    later = ResoSandbox(seed=9, scale=0.2, now=SANDBOX_NOW + timedelta(days=30))
    after = {r["ListingKey"]: r for r in later.properties}
    new = set(after) - set(before)
    changed = {
        k for k in before if k in after and after[k]["ModificationTimestamp"] != before[k]["ModificationTimestamp"]
    }
    deleted = {k for k in changed if not after[k]["MlgCanView"]}
    assert len(new) > 20 and len(changed) > 20 and deleted
    assert set(before) <= set(after)  # a delisted record stays in the feed, flagged
    statuses = {(before[k]["StandardStatus"], after[k]["StandardStatus"]) for k in changed}
    assert any(old in ("Pending", "ActiveUnderContract") and new == "Closed" for old, new in statuses)


def test_incremental_pages_skip_listings_too_old_to_have_changed() -> None:
    sandbox = ResoSandbox(seed=9, scale=1.0)
    cutoff = SANDBOX_NOW - timedelta(days=1)
    expected = [r for r in sandbox.properties if r["ModificationTimestamp"] > cutoff.strftime("%Y-%m-%dT%H:%M:%S")]
    served_before = sandbox.requests_served
    with ResoClient(
        base_url="https://api.mlsgrid.com/v2",
        auth=BearerToken(SANDBOX_TOKEN),
        originating_system="actris",
        transport=sandbox.transport,
    ) as client:
        records = [r for page in client.iter_pages(modified_after=cutoff) for r in page]
    assert {r["ListingKey"] for r in records} == {r["ListingKey"] for r in expected}
    assert sandbox.requests_served - served_before == 1


@pytest.mark.parametrize("build", ["mls_client", "ghl_client", "stripe_source"])
def test_a_source_without_credential_or_stand_in_is_refused_and_the_sandbox_is_handed_in(build, tmp_path) -> None:
    """The core never falls back to the sandbox by itself: no credential and nothing handed in is a
    configuration error; the sandbox handed in answers the same client code."""
    from ehub.errors import ConfigError
    from ehub.settings import load_settings
    from ehub.sources import factory
    from sandbox.sources import SANDBOX

    no_credentials = {"mls_token": None, "mls_client_id": None, "ghl_token": None, "stripe_api_key": None}
    settings = load_settings(data_dir=tmp_path, sandbox_scale=0.05, **no_credentials)
    with pytest.raises(ConfigError) as refused:
        getattr(factory, build)(settings)
    assert refused.value.code == "SOURCE_NOT_CONFIGURED"
    with getattr(factory, build)(settings, offline=SANDBOX) as client:
        if build == "mls_client":
            assert next(client.iter_pages("Property"))
