"""HTTP plumbing every source client shares: bounded retries with jittered backoff.

Reads and idempotent writes (GET, PUT, DELETE, or a request the caller marks idempotent) are retried
on 429, 5xx and transport failures, honouring `Retry-After`; other 4xx answers are the caller's
fault and fail at once. After `max_attempts` the client gives up with a clear `UnavailableError`
naming the source, never an endless loop or a raw traceback.

A POST that is not idempotent (send a message, create a task) is retried only when it certainly
never reached the server: a connection that could not be opened, or a 429, which GHL documents as
not processed. Once it may have been sent (the connection dropped, a read timed out, a 5xx came
back) the client stops with `UncertainOutcomeError`: resending blindly delivered replies twice. The
caller (the outbox) checks whether the first attempt landed before it sends again.
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
NOT_PROCESSED_STATUS = 429  # rate limited: refused before any work was done
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# The request never left: no connection was opened, or none was free in the pool.
NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class SourceRequestError(EhubError):
    """The source refused a request for a reason retrying will not fix (bad token, bad query)."""

    error = "source_request_rejected"
    code = "SOURCE_REQUEST_REJECTED"


class UncertainOutcomeError(UnavailableError):
    """A write was sent but no usable answer came back: it may have been applied, or not."""

    code = "SOURCE_OUTCOME_UNKNOWN"


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
    idempotent: bool | None = None,
) -> httpx.Response:
    """Send `request` within the source's rate limits, retrying what is safe and worth retrying.

    `idempotent` defaults to the method's nature; pass True for a POST that reads (a search) or
    whose repetition changes nothing (adding a tag), False never to repeat a request that may
    have been applied."""
    throttle = throttle or NoThrottle()
    repeatable = request.method in IDEMPOTENT_METHODS if idempotent is None else idempotent
    last_problem = "no attempt made"
    for attempt in range(policy.max_attempts):
        throttle.wait()
        try:
            response = client.send(request)
        except httpx.TransportError as exc:
            last_problem = f"{type(exc).__name__}: {exc}"
            if not repeatable and not isinstance(exc, NEVER_SENT):
                raise _uncertain(source, request, type(exc).__name__) from exc
            sleep(policy.delay(attempt))
            continue
        throttle.observe(response)
        if response.is_success:
            return response
        if response.status_code in RETRYABLE_STATUS:
            last_problem = f"HTTP {response.status_code}"
            if not repeatable and response.status_code != NOT_PROCESSED_STATUS:
                raise _uncertain(source, request, last_problem)
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


def _uncertain(source: str, request: httpx.Request, problem: str) -> UncertainOutcomeError:
    return UncertainOutcomeError(
        f"{source} {request.method} {request.url.path}: {problem} after the request was sent; "
        "it may have been applied, so it is not repeated blindly",
        code=f"{source.upper()}_OUTCOME_UNKNOWN",
    )
