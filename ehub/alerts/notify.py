"""Alert notifications as Slack-compatible JSON (`{"text", "blocks"}`) posted to a webhook.

Delivery never raises: a monitoring loop that crashes on a network error would stop watching.
Failures are logged (without the URL, which is the credential) and returned to the caller, which
keeps its state so the same transitions are tried again on the next evaluation.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from ehub.alerts.rules import Alert

_logger = logging.getLogger(__name__)

ATTEMPTS = 3
TIMEOUT_SECONDS = 5.0
BACKOFF_SECONDS = 0.5
MAX_RETRY_AFTER_SECONDS = 10.0
MAX_BLOCKS = 50  # Slack's limit per message
MAX_SECTION_CHARS = 3000
ICONS = {"critical": ":red_circle:", "warning": ":large_orange_circle:", "resolved": ":white_check_mark:"}


class _MaskWebhookUrls(logging.Filter):
    """httpx logs every request's URL at INFO, and a webhook's URL is its credential: mask it."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(url in message for url in self.urls):
            for url in self.urls:
                message = message.replace(url, "[alert webhook]")
            record.msg, record.args = message, None
        return True


_MASK = _MaskWebhookUrls()
logging.getLogger("httpx").addFilter(_MASK)


@dataclass(frozen=True)
class Delivery:
    delivered: bool
    attempts: int
    error: str | None = None


def slack_payload(
    firing: Sequence[Alert], resolved: Sequence[Alert] = (), *, title: str = "EnterpriseHub"
) -> dict[str, Any]:
    """One message for one evaluation: new firing alerts first (critical before warning), then resolutions."""
    ordered = sorted(firing, key=lambda alert: (alert.severity != "critical", alert.metric))
    parts = [f"{len(ordered)} alert{'s' * (len(ordered) != 1)} firing"] if ordered else []
    parts += [f"{len(resolved)} resolved"] if resolved else []
    headline = f"{title}: {', '.join(parts) or 'no change'}"
    blocks: list[dict[str, Any]] = [{"type": "header", "text": {"type": "plain_text", "text": headline[:150]}}]
    for alert in [*ordered, *resolved]:
        icon = ICONS[alert.severity if alert.firing else "resolved"]
        state = alert.severity.upper() if alert.firing else "RESOLVED"
        lines = [f"{icon} *{state}* `{alert.summary()}`", alert.threshold.description, f"_{alert.observation.detail}_"]
        body = "\n".join(line for line in lines if line.strip("_"))
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": body[:MAX_SECTION_CHARS]}})
    if len(blocks) > MAX_BLOCKS:
        hidden = len(blocks) - MAX_BLOCKS + 1
        blocks = [*blocks[: MAX_BLOCKS - 1], _context(f"…and {hidden} more; run `ehub alerts check` for all.")]
    summary = "; ".join(alert.summary() for alert in ordered)
    text = f"{headline}: {summary}" if summary else headline
    return {"text": text, "blocks": blocks}


def send_alerts(
    webhook_url: str,
    firing: Sequence[Alert],
    resolved: Sequence[Alert] = (),
    *,
    attempts: int = ATTEMPTS,
    timeout: float = TIMEOUT_SECONDS,
    backoff: float = BACKOFF_SECONDS,
) -> Delivery:
    """Post the alerts; retry on network errors, 5xx and 429 (honouring Retry-After); never raise."""
    if not firing and not resolved:
        return Delivery(delivered=True, attempts=0)
    _MASK.urls.update({webhook_url, str(httpx.URL(webhook_url))})
    payload, error, attempt = slack_payload(firing, resolved), None, 0
    with httpx.Client(timeout=timeout) as client:
        for attempt in range(1, max(1, attempts) + 1):
            wait = backoff * 2 ** (attempt - 1)
            try:
                response = client.post(webhook_url, json=payload)
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}"
            else:
                if response.status_code < 300:
                    _logger.info("alerts delivered: %d firing, %d resolved", len(firing), len(resolved))
                    return Delivery(delivered=True, attempts=attempt)
                error = f"HTTP {response.status_code}"
                if response.status_code == 429:
                    wait = _retry_after(response, default=wait)
                elif response.status_code < 500:
                    break  # the webhook refuses the message itself (revoked, malformed): retrying will not help
            _logger.warning("alert webhook attempt %d/%d failed: %s", attempt, attempts, error)
            if attempt < attempts:
                time.sleep(wait)
    _logger.error("alerts not delivered (%s): %d firing, %d resolved", error, len(firing), len(resolved))
    return Delivery(delivered=False, attempts=attempt, error=error)


def _retry_after(response: httpx.Response, *, default: float) -> float:
    try:
        return min(MAX_RETRY_AFTER_SECONDS, max(0.0, float(response.headers.get("Retry-After", default))))
    except ValueError:
        return default


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}
