"""The RESO client against the sandbox feed, at the HTTP wire: paging, filters, faults, lookups."""

from __future__ import annotations

import httpx
import pytest

from ehub.errors import UnavailableError
from ehub.sources.auth import BearerToken
from ehub.sources.http import RetryPolicy, SourceRequestError
from ehub.sources.mls.client import ResoClient
from ehub.sources.mls.normalise import canonical_lookup, property_problem
from sandbox.reso_api import SANDBOX_TOKEN, ResoSandbox

FAST = RetryPolicy(max_attempts=4, base_delay=0.0, max_delay=0.0)


def _client(sandbox: ResoSandbox, transport: httpx.BaseTransport | None = None, **kwargs) -> ResoClient:
    return ResoClient(
        base_url="https://api.mlsgrid.com/v2",
        auth=BearerToken(SANDBOX_TOKEN),
        originating_system="actris",
        transport=transport or sandbox.transport,
        retry=FAST,
        **kwargs,
    )


@pytest.fixture
def sandbox() -> ResoSandbox:
    return ResoSandbox(seed=7, scale=0.1)


def test_initial_load_pages_through_next_links_and_skips_hidden_records(sandbox: ResoSandbox) -> None:
    with _client(sandbox, page_size=120) as client:
        pages = list(client.iter_pages())
    records = [record for page in pages for record in page]
    visible = [r for r in sandbox.properties if r["MlgCanView"]]
    assert len(pages) == -(-len(visible) // 120)
    assert {r["ListingKey"] for r in records} == {r["ListingKey"] for r in visible}
    assert all(r["ListingKey"].startswith("ACT") for r in records)


def test_skip_paging_is_used_when_the_server_sends_no_next_link(sandbox: ResoSandbox) -> None:
    def without_next_link(request: httpx.Request) -> httpx.Response:
        response = sandbox.handle(request)
        body = response.json()
        body.pop("@odata.nextLink", None)
        return httpx.Response(response.status_code, json=body)

    with _client(sandbox, httpx.MockTransport(without_next_link), page_size=100) as client:
        keys = [r["ListingKey"] for page in client.iter_pages() for r in page]
    assert len(keys) == len(set(keys)) == sum(r["MlgCanView"] for r in sandbox.properties)


def test_incremental_filter_returns_only_newer_records_including_deletes(sandbox: ResoSandbox) -> None:
    newest = sorted(sandbox.properties, key=lambda r: r["ModificationTimestamp"])
    cutoff = newest[-25]["ModificationTimestamp"]
    from ehub.sources.values import iso_timestamp

    with _client(sandbox) as client:
        records = [r for page in client.iter_pages(modified_after=iso_timestamp(cutoff)) for r in page]
    assert records and all(r["ModificationTimestamp"] > cutoff for r in records)


def test_every_request_names_the_originating_system(sandbox: ResoSandbox) -> None:
    seen: list[httpx.Request] = []

    def recording(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return sandbox.handle(request)

    with _client(sandbox, httpx.MockTransport(recording), page_size=200) as client:
        list(client.iter_pages())
    assert len(seen) > 1
    assert all("OriginatingSystemName eq 'actris'" in r.url.params["$filter"] for r in seen)
    assert all(r.headers["Authorization"] == f"Bearer {SANDBOX_TOKEN}" for r in seen)


def test_throttling_and_server_errors_are_retried(sandbox: ResoSandbox) -> None:
    sandbox.inject_failures(429, 503, 502)
    with _client(sandbox) as client:
        records = [r for page in client.iter_pages() for r in page]
    assert len(records) == sum(r["MlgCanView"] for r in sandbox.properties)


def test_persistent_failure_gives_up_with_a_clear_error(sandbox: ResoSandbox) -> None:
    sandbox.inject_failures(*[503] * 10)
    with _client(sandbox) as client, pytest.raises(UnavailableError, match="after 4 attempts"):
        list(client.iter_pages())
    assert sandbox.requests_served == 4


def test_a_bad_token_fails_at_once(sandbox: ResoSandbox) -> None:
    client = ResoClient(
        base_url="https://api.mlsgrid.com/v2",
        auth=BearerToken("wrong-token-value-123"),
        originating_system="actris",
        transport=sandbox.transport,
        retry=FAST,
    )
    with client, pytest.raises(SourceRequestError, match="HTTP 401"):
        list(client.iter_pages())
    assert sandbox.requests_served == 1


@pytest.mark.parametrize(
    ("received", "canonical"),
    [
        ("Active Under Contract", "ActiveUnderContract"),
        ("ActiveUnderContract", "ActiveUnderContract"),
        ("Single Family Residence", "SingleFamilyResidence"),
        ("Coming Soon", "ComingSoon"),
        ("Closed", "Closed"),
    ],
)
def test_lookup_values_in_either_form_become_one(received: str, canonical: str) -> None:
    assert canonical_lookup(received) == canonical


def test_sandbox_sends_both_lookup_forms_and_normalisation_unifies_them(sandbox: ResoSandbox) -> None:
    statuses = {r["StandardStatus"] for r in sandbox.properties}
    assert "Active Under Contract" in statuses or "Coming Soon" in statuses
    assert all(" " not in canonical_lookup(status) for status in statuses)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"ListPrice": 0}, "ListPrice must be a positive number"),
        ({"ListPrice": "550k"}, "ListPrice must be a positive number"),
        ({"Latitude": 40.7, "Longitude": -74.0}, "outside Texas"),
        ({"ListingContractDate": "2026-05-01", "CloseDate": "2026-04-01"}, "before ListingContractDate"),
        ({"LivingArea": 12}, "implausible"),
        ({"BedroomsTotal": 45}, "implausible"),
    ],
)
def test_implausible_listings_are_named_with_a_reason(sandbox: ResoSandbox, change: dict, reason: str) -> None:
    record = {**sandbox.properties[0], **change}
    assert reason in property_problem(record)


def test_sandbox_listings_are_plausible(sandbox: ResoSandbox) -> None:
    assert [r["ListingKey"] for r in sandbox.properties if property_problem(r)] == []


def test_sandbox_data_is_deterministic_and_austin_shaped() -> None:
    first, second = ResoSandbox(seed=3, scale=0.05), ResoSandbox(seed=3, scale=0.05)
    assert first.properties == second.properties
    assert first.properties != ResoSandbox(seed=4, scale=0.05).properties
    cities = {r["City"] for r in first.properties}
    assert {"Austin", "Round Rock", "Cedar Park"} <= cities
    assert {r["CountyOrParish"] for r in first.properties} <= {"Travis", "Williamson", "Hays"}
    assert all(r["PostalCode"].startswith("78") for r in first.properties)
