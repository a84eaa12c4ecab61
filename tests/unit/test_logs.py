"""Logs never carry personal data in clear."""

from __future__ import annotations

import logging

import pytest

from ehub.logs import MAX_LOG_CHARS, RedactingFilter, redact


@pytest.mark.parametrize(
    "text",
    [
        "lead maria.garcia+zillow@example.com replied",
        "inbound from (512) 555-0143",
        "inbound from +15125550143",
        "call 512.555.0143 now",
    ],
)
def test_personal_data_is_masked(text: str) -> None:
    masked = redact(text)
    assert "@example.com" not in masked and "555" not in masked


def test_ids_prices_and_timestamps_survive() -> None:
    text = "listing ACT210000123 at $550,000 modified 2026-11-20T12:00:00Z, zip 78704"
    assert redact(text) == text


def test_filter_masks_arguments_and_exceptions(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("ehub.test.redaction")
    logger.addFilter(RedactingFilter())
    with caplog.at_level(logging.INFO, logger="ehub.test.redaction"):
        logger.info("contact %s wrote", "jane@example.com")
        try:
            raise ValueError("bad phone 512-555-0199")
        except ValueError:
            logger.exception("failed")
    assert "jane@example.com" not in caplog.text
    assert "512-555-0199" not in caplog.text
    assert "[email]" in caplog.text


def test_a_long_message_is_cut_and_marked_and_an_address_on_the_cut_is_still_masked() -> None:
    text = "x " * (MAX_LOG_CHARS // 2 - 3) + "maria.garcia@example.com or (512) 555-0143" + " y" * 10_000
    masked = redact(text)
    assert "garcia" not in masked and "example.com" not in masked and "555" not in masked
    assert masked.endswith(f"[truncated: {len(text):,} characters in all]")
    assert len(masked) < MAX_LOG_CHARS + 100


def test_a_short_message_is_never_marked() -> None:
    assert redact("sync finished: 120 listings") == "sync finished: 120 listings"
