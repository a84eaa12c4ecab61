"""A RESO Web API client for the `Property` resource, as MLS Grid serves it.

Every request filters on `OriginatingSystemName`; the initial load asks only for `MlgCanView eq
true` records, incremental loads ask for everything modified after the cursor (a record that
turns `MlgCanView=false` is a delete). Pages are followed through `@odata.nextLink`, with `$skip`
as the fallback for servers that omit it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import orjson

from ehub.sources.http import RetryPolicy, send_with_retries
from ehub.sources.throttle import NoThrottle, Throttle

MAX_PAGE_SIZE = 5000
# MLS Grid's published limits; beyond them it answers 429 and may suspend access.
MLS_GRID_QUOTAS = ((2, 1.0), (7200, 3600.0))


def odata_timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class ResoClient:
    """Reads RESO resources page by page; `transport` selects the real API or the sandbox."""

    def __init__(
        self,
        *,
        base_url: str,
        auth: httpx.Auth,
        originating_system: str,
        transport: httpx.BaseTransport | None = None,
        page_size: int = MAX_PAGE_SIZE,
        retry: RetryPolicy | None = None,
        throttle: Throttle | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.originating_system = originating_system
        self.page_size = min(page_size, MAX_PAGE_SIZE)
        self.retry = retry or RetryPolicy()
        self.throttle = throttle or NoThrottle()
        self._http = httpx.Client(
            base_url=base_url.rstrip("/") + "/",
            auth=auth,
            headers={"Accept": "application/json"},
            transport=transport,
            timeout=timeout,
        )

    def __enter__(self) -> ResoClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _filter(self, modified_after: datetime | None) -> str:
        system = self.originating_system.replace("'", "''")
        clauses = [f"OriginatingSystemName eq '{system}'"]
        if modified_after is None:
            clauses.append("MlgCanView eq true")
        else:
            clauses.append(f"ModificationTimestamp gt {odata_timestamp(modified_after)}")
        return " and ".join(clauses)

    def iter_pages(
        self, resource: str = "Property", *, modified_after: datetime | None = None, expand: str | None = None
    ) -> Iterator[list[dict[str, Any]]]:
        """Yield the records of `resource`, one page at a time (`expand="Media"` inlines photos)."""
        params = {"$filter": self._filter(modified_after), "$top": str(self.page_size)}
        if expand:
            params["$expand"] = expand
        request = self._http.build_request("GET", resource, params=params)
        fetched = 0
        while True:
            response = send_with_retries(self._http, request, source="mls", policy=self.retry, throttle=self.throttle)
            body = orjson.loads(response.content)
            records = body.get("value", [])
            fetched += len(records)
            if records:
                yield records
            next_link = body.get("@odata.nextLink")
            if next_link:
                request = self._http.build_request("GET", next_link)
            elif len(records) == self.page_size:
                request = self._http.build_request("GET", resource, params={**params, "$skip": str(fetched)})
            else:
                return
