"""Staying inside a source's rate limits instead of bouncing off them.

`WindowThrottle` enforces fixed quotas (MLS Grid: 2 requests a second, 7,200 an hour);
`HeaderThrottle` follows what the server says is left (GoHighLevel's `X-RateLimit-*` headers).
Both take injectable clocks so tests check the waits without waiting.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import httpx


class Throttle(Protocol):
    def wait(self) -> None:
        """Block until the next request may go out."""

    def observe(self, response: httpx.Response) -> None:
        """Learn from a response (its rate-limit headers)."""


class NoThrottle:
    def wait(self) -> None:
        return None

    def observe(self, response: httpx.Response) -> None:
        return None


@dataclass
class WindowThrottle:
    """At most `limit` requests in any `window` seconds, for each (limit, window) quota."""

    quotas: tuple[tuple[int, float], ...]
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _sent: deque[float] = field(default_factory=deque)

    def wait(self) -> None:
        longest = max(window for _, window in self.quotas)
        while True:
            now = self.clock()
            while self._sent and self._sent[0] <= now - longest:
                self._sent.popleft()
            delay = 0.0
            for limit, window in self.quotas:
                recent = [moment for moment in self._sent if moment > now - window]
                if len(recent) >= limit:
                    delay = max(delay, recent[-limit] + window - now)
            if delay <= 0:
                self._sent.append(now)
                return
            self.sleep(delay)

    def observe(self, response: httpx.Response) -> None:
        return None


@dataclass
class HeaderThrottle:
    """Pause for the rest of the interval when the server says the burst quota is spent."""

    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _resume_at: float = 0.0

    def wait(self) -> None:
        delay = self._resume_at - self.clock()
        if delay > 0:
            self.sleep(delay)

    def observe(self, response: httpx.Response) -> None:
        remaining = response.headers.get("X-RateLimit-Remaining")
        interval_ms = response.headers.get("X-RateLimit-Interval-Milliseconds")
        if remaining is None or interval_ms is None:
            return
        try:
            if int(remaining) <= 0:
                self._resume_at = self.clock() + int(interval_ms) / 1000
        except ValueError:
            return
