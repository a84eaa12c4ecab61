"""Reading source values: timestamps arrive as ISO-8601 strings, epoch seconds or epoch milliseconds."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

# The longest ISO-8601 timestamp a source sends is 35 characters (nanoseconds and an offset);
# anything much longer is not a timestamp, and is not worth parsing.
MAX_TIMESTAMP_CHARS = 64


def iso_timestamp(value: Any) -> datetime | None:
    """An ISO-8601 timestamp with an offset (`Z` included); None when missing, naive or malformed."""
    if not isinstance(value, str) or len(value) > MAX_TIMESTAMP_CHARS:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def epoch_seconds(value: Any) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return datetime.fromtimestamp(value, tz=UTC)


def epoch_millis(value: Any) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return datetime.fromtimestamp(value / 1000, tz=UTC)
