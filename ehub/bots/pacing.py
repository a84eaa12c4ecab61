"""How the outbox paces its tries: when a failed entry is tried again, and when GoHighLevel itself
is failing so that no entry is tried until it recovers."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Backoff:
    """When a failed entry is tried again: `base` after its first try, doubling, at most `cap`."""

    base: timedelta = timedelta(seconds=30)
    cap: timedelta = timedelta(minutes=30)

    def after(self, attempts: int) -> timedelta:
        doublings: int = 2 ** max(0, attempts - 1)  # `int ** int` is typed Any: it may be a float
        return min(self.cap, self.base * doublings)


class CircuitBreaker:
    """Opens after `threshold` consecutive failures that are GHL's (unreachable, 5xx, 429, no usable
    answer), not the entry's (a 4xx); while open no entry is tried. After `cooldown` seconds one
    entry probes GHL: a success closes the breaker, a failure opens it again."""

    def __init__(
        self, *, threshold: int = 3, cooldown: float = 30.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.threshold, self.cooldown, self._clock = threshold, cooldown, clock
        self.failures = 0
        self.opened_at: float | None = None

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None and self._clock() - self.opened_at < self.cooldown

    def record(self, *, outage: bool) -> None:
        if not outage:
            self.failures, self.opened_at = 0, None
            return
        self.failures += 1
        if self.failures >= self.threshold or self.opened_at is not None:
            self.opened_at = self._clock()
