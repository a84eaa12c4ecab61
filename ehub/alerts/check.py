"""One alert evaluation: observe, compare with the thresholds, notify transitions, return the new state.

The state (a small JSON document: the API counters of the previous evaluation and which alerts
were notified as firing) belongs to the caller: the Dagster sensor keeps it in its cursor; the
CLI starts from nothing. A firing alert is notified once, when it starts firing, and once more
when it resolves; an evaluation whose notification could not be delivered leaves the notified
set as it was, so the next one tries the same transitions again.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from ehub.alerts.notify import Delivery, send_alerts
from ehub.alerts.observe import (
    ApiCounters,
    api_observations,
    intent_accuracy,
    outbox_parked,
    scrape_api,
    source_staleness,
)
from ehub.alerts.rules import Alert, Observation, Threshold, evaluate, load_thresholds, resolutions
from ehub.db.database import Database

_logger = logging.getLogger(__name__)
STATE_VERSION = 1

Window = Literal["since_previous", "since_start"]


@dataclass(frozen=True)
class AlertState:
    api: ApiCounters | None = None
    notified: tuple[str, ...] = ()

    def to_json(self) -> str:
        api = self.api.as_dict() if self.api is not None else None
        return json.dumps({"version": STATE_VERSION, "api": api, "notified": sorted(self.notified)})

    @classmethod
    def from_json(cls, raw: str | None) -> AlertState:
        """A missing or unreadable state starts afresh (at worst, one repeated notification)."""
        try:
            data = json.loads(raw) if raw else {}
            if data.get("version") != STATE_VERSION:
                return cls()
            api = ApiCounters.from_dict(data["api"]) if data.get("api") else None
            return cls(api=api, notified=tuple(str(metric) for metric in data.get("notified", [])))
        except (ValueError, TypeError, AttributeError, KeyError):
            _logger.warning("unreadable alert state; starting afresh")
            return cls()


@dataclass(frozen=True)
class CheckResult:
    thresholds: list[Threshold]
    thresholds_from: str
    observations: dict[str, Observation]
    firing: list[Alert]
    new: list[Alert] = field(default_factory=list)
    resolved: list[Alert] = field(default_factory=list)
    delivery: Delivery | None = None
    state: AlertState = field(default_factory=AlertState)

    @property
    def unobserved(self) -> list[str]:
        return [threshold.metric for threshold in self.thresholds if threshold.metric not in self.observations]

    def summary(self) -> str:
        """One line for the sensor's tick history and logs: what fires and what was sent."""
        firing = ", ".join(alert.metric for alert in self.firing)
        text = f"{len(self.firing)} firing ({firing})" if self.firing else "nothing firing"
        if self.delivery is not None and (self.new or self.resolved):
            sent = f"{len(self.new)} new, {len(self.resolved)} resolved"
            outcome = "notified" if self.delivery.delivered else f"NOT delivered ({self.delivery.error}), will retry:"
            text += f"; {outcome} {sent}"
        if self.unobserved:
            text += f"; no data for {', '.join(self.unobserved)}"
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "thresholds_from": self.thresholds_from,
            "firing": [alert.as_dict() for alert in self.firing],
            "observations": {
                metric: {"value": obs.value if math.isfinite(obs.value) else None, "detail": obs.detail}
                for metric, obs in sorted(self.observations.items())
            },
            "no_data": self.unobserved,
        }


def run_check(
    database: Database,
    api_url: str,
    state: AlertState,
    *,
    now: datetime,
    webhook_url: str | None = None,
    dagster_synced: Mapping[str, datetime | None] | None = None,
    window: Window = "since_previous",
) -> CheckResult:
    """Evaluate every threshold once and notify what changed (when `webhook_url` is given).

    `window="since_previous"` (the sensor) measures API rates since the state's snapshot; its first
    evaluation only takes the snapshot. `window="since_start"` (the CLI) uses the API's lifetime counts.
    """
    thresholds, origin = load_thresholds(database)
    current = scrape_api(api_url)
    previous = state.api
    if window == "since_previous" and previous is None:
        previous = current  # the first evaluation sets the baseline: no window yet
    since = "since the previous check" if window == "since_previous" else "since the API started"
    observed = [
        *api_observations(current, previous, since=since),
        *intent_accuracy(database),
        *source_staleness(database, now, dagster_synced),
        *outbox_parked(database),
    ]
    observations = {observation.metric: observation for observation in observed}
    firing = evaluate(thresholds, observations)
    known = {threshold.metric for threshold in thresholds}
    notified = set(state.notified) & known
    new = [alert for alert in firing if alert.metric not in notified]
    resolved = resolutions(thresholds, observations, notified - {alert.metric for alert in firing})
    api = current if current is not None else state.api
    if webhook_url is None:
        unsent = AlertState(api=api, notified=state.notified)
        return CheckResult(thresholds, origin, observations, firing, new, resolved, None, unsent)
    delivery = send_alerts(webhook_url, new, resolved)
    if delivery.delivered:
        notified = (notified | {alert.metric for alert in new}) - {alert.metric for alert in resolved}
    next_state = AlertState(api=api, notified=tuple(sorted(notified)))
    return CheckResult(thresholds, origin, observations, firing, new, resolved, delivery, next_state)
