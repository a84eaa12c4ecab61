"""Rate-limit counters that hold across API processes: fixed one-minute windows, counted atomically.

With Redis (`EHUB_REDIS_URL`) each hit is one `INCR` and an `EXPIRE … NX` in a MULTI block, so N
uvicorn workers or hosts never let more than the limit through together. Without Redis the counters
live in this process (one worker only, which is the default). If Redis is configured and cannot be
reached, limited routes answer 503 with `Retry-After` rather than run unlimited: a flood during an
outage would otherwise be waved through. A window resets on the minute, so a caller can at most
double up across a boundary; that is the accepted cost of one atomic counter per window.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

WINDOW_SECONDS = 60
REDIS_TIMEOUT_SECONDS = 0.5


class LimiterUnavailableError(Exception):
    """The shared counters cannot be reached."""


@dataclass(frozen=True)
class Hit:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int  # until the window ends


@runtime_checkable  # a route's dependency: Litestar checks what it is handed
class RateLimiter(Protocol):
    async def hit(self, bucket: str, limit: int) -> Hit: ...

    async def count(self, bucket: str) -> int: ...

    async def ping(self) -> bool: ...


def _window(now: float) -> tuple[int, int]:
    """The current window's number and the seconds until it ends."""
    number = int(now // WINDOW_SECONDS)
    return number, max(1, int((number + 1) * WINDOW_SECONDS - now))


def _hit(count: int, limit: int, reset: int) -> Hit:
    return Hit(count <= limit, limit, max(0, limit - count), reset)


class MemoryRateLimiter:
    """Counters in this process: correct for one worker, which is why Redis is needed for more."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()

    async def hit(self, bucket: str, limit: int) -> Hit:
        window, reset = _window(time.time())
        with self._lock:
            if len(self._counts) > 100_000:  # drop finished windows; bounded memory under a flood
                self._counts = {key: n for key, n in self._counts.items() if key[1] >= window}
            count = self._counts[(bucket, window)] = self._counts.get((bucket, window), 0) + 1
        return _hit(count, limit, reset)

    async def count(self, bucket: str) -> int:
        window, _ = _window(time.time())
        with self._lock:
            return self._counts.get((bucket, window), 0)

    async def ping(self) -> bool:
        return True


class RedisRateLimiter:
    """Counters in Redis, shared by every API process using the same `namespace`."""

    def __init__(self, url: str, namespace: str) -> None:
        from redis.asyncio import Redis

        self._redis = Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
        )
        self._namespace = namespace

    def _key(self, bucket: str, window: int) -> str:
        return f"{self._namespace}:rate:{bucket}:{window}"

    async def hit(self, bucket: str, limit: int) -> Hit:
        from redis.exceptions import RedisError

        window, reset = _window(time.time())
        key = self._key(bucket, window)
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.incr(key)
                pipe.expire(key, WINDOW_SECONDS * 2, nx=True)
                count, _ = await pipe.execute()
        except (RedisError, OSError) as error:
            raise LimiterUnavailableError(str(error)) from None
        return _hit(int(count), limit, reset)

    async def count(self, bucket: str) -> int:
        from redis.exceptions import RedisError

        window, _ = _window(time.time())
        try:
            value = await self._redis.get(self._key(bucket, window))
        except (RedisError, OSError) as error:
            raise LimiterUnavailableError(str(error)) from None
        return int(value or 0)

    async def ping(self) -> bool:
        from redis.exceptions import RedisError

        try:
            return bool(await self._redis.ping())
        except (RedisError, OSError):
            return False

    async def close(self) -> None:
        await self._redis.aclose()


def limiter_for(redis_url: str | None, namespace: str) -> RateLimiter:
    return RedisRateLimiter(redis_url, namespace) if redis_url else MemoryRateLimiter()
