"""HTTP plumbing every source client shares: bounded retries with jittered backoff.

429 and 5xx answers and transport failures are retried, honouring `Retry-After`; other 4xx
answers are the caller's fault and fail at once. After `max_attempts` the client gives up with a
clear `UnavailableError` naming the source, never an endless loop or a raw traceback.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from ehub.errors import EhubError, UnavailableError
from ehub.sources.throttle import NoThrottle, Throttle

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})


class SourceRequestError(EhubError):
    """The source refused a request for a reason retrying will not fix (bad token, bad query)."""

    error = "source_request_rejected"
    code = "SOURCE_REQUEST_REJECTED"


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 6
    base_delay: float = 0.5
    max_delay: float = 30.0

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Full-jitter exponential backoff, or the server's `Retry-After` when it gives one."""
        if retry_after is not None:
            return min(retry_after, self.max_delay)
        return random.uniform(0, min(self.max_delay, self.base_delay * 2**attempt))  # noqa: S311  # nosec B311


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _error_detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            return str(error.get("message") or error)
        return str(body.get("message") or error or body)[:200]
    return str(body)[:200]


def send_with_retries(
    client: httpx.Client,
    request: httpx.Request,
    *,
    source: str,
    policy: RetryPolicy,
    throttle: Throttle | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> httpx.Response:
    """Send `request` within the source's rate limits, retrying what is worth retrying."""
    throttle = throttle or NoThrottle()
    last_problem = "no attempt made"
    for attempt in range(policy.max_attempts):
        throttle.wait()
        try:
            response = client.send(request)
        except httpx.TransportError as exc:
            last_problem = f"{type(exc).__name__}: {exc}"
            sleep(policy.delay(attempt))
            continue
        throttle.observe(response)
        if response.is_success:
            return response
        if response.status_code in RETRYABLE_STATUS:
            last_problem = f"HTTP {response.status_code}"
            sleep(policy.delay(attempt, _retry_after(response)))
            continue
        raise SourceRequestError(
            f"{source} rejected {request.method} {request.url.path}: HTTP {response.status_code} "
            f"{_error_detail(response)}",
            code=f"{source.upper()}_HTTP_{response.status_code}",
        )
    raise UnavailableError(
        f"{source} did not answer successfully after {policy.max_attempts} attempts ({last_problem})",
        code=f"{source.upper()}_UNAVAILABLE",
    )
