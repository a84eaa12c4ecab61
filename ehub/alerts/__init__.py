"""Platform alerts: thresholds from the `alert_thresholds` seed, judged on what the platform records.

`rules` holds the thresholds and the comparison, `observe` the measurements (the bot API's
`/metrics`, recorded evaluation runs, source sync times, parked outbox entries), `notify` the Slack-compatible webhook,
and `check` one evaluation with its de-duplicating state. The Dagster sensor and `ehub alerts
check` are thin callers of `check.run_check`.
"""

from ehub.alerts.check import AlertState, CheckResult, run_check
from ehub.alerts.notify import Delivery, send_alerts, slack_payload
from ehub.alerts.rules import Alert, Observation, Threshold, evaluate, load_thresholds, parse_thresholds

__all__ = [
    "Alert",
    "AlertState",
    "CheckResult",
    "Delivery",
    "Observation",
    "Threshold",
    "evaluate",
    "load_thresholds",
    "parse_thresholds",
    "run_check",
    "send_alerts",
    "slack_payload",
]
