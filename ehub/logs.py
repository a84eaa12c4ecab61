"""Logging that never writes personal data: emails and phone numbers are masked on the way out.

Our code logs identifiers, not people; this filter is the safety net for what slips through
(an exception message quoting a payload, a third-party library echoing a request).

Redaction must never be what makes the service slow: a record's text is cut to a bound first, and
the patterns run in linear time. The email pattern may only start where a run of address
characters starts, and its runs are possessive, so text like 'aaaa…' or '1.1.1.…' is scanned
once, not once per position (the old pattern took 13 s on a 30 KB field).
"""

from __future__ import annotations

import logging
import re

# A log line is read by a person; beyond 8 KB it is a payload dump, and redaction time grows with it.
MAX_LOG_CHARS = 8_192
# Tracebacks legitimately run longer (chained exceptions through Dagster and the database driver).
MAX_TRACEBACK_CHARS = 32_768
# Matches are looked for a little past the cut, so an address or number straddling it is still masked
# whole (an address is at most 254 characters, RFC 5321).
_STRADDLE = 256

_EMAIL = r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++"
_PHONE = r"(?<!\w)(?:\+?1[-. ]?)?\(?\d{3}\)?[-. ]?\d{3}[-. ]?\d{4}(?!\w)"
_PERSONAL = re.compile(rf"(?P<email>{_EMAIL})|{_PHONE}")
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def redact(text: str, limit: int = MAX_LOG_CHARS) -> str:
    """`text` with emails and phone numbers masked, cut to `limit` characters (the cut is marked)."""
    window = text[: limit + _STRADDLE]
    parts: list[str] = []
    position = 0
    for match in _PERSONAL.finditer(window):
        if match.start() >= limit:
            break
        parts += [window[position : match.start()], "[email]" if match.group("email") else "[phone]"]
        position = match.end()
    parts.append(window[position:limit])
    if len(text) > max(limit, position):
        parts.append(f" [truncated: {len(text):,} characters in all]")
    return "".join(parts)


class RedactingFilter(logging.Filter):
    """Render each record's message once, masked, so no handler ever sees the clear text."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info), MAX_TRACEBACK_CHARS)
        return True


def configure_logging(level: str = "INFO") -> None:
    """Root logging to stderr with redaction on every handler."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
