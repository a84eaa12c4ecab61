"""The conversation a writer is shown: short ones whole, long ones as a summary and their last turns.

Up to `EHUB_WRITER_HISTORY_MESSAGES` earlier messages are sent as they were written. Past that,
the older ones are replaced by a summary built from the lead's state (what the engine knows and
did: the slots, the bot, what it asked last, homes shown, an estimate given), with no model call,
and only the last `EHUB_WRITER_RECENT_MESSAGES` are sent verbatim; so the request stays bounded
however long the conversation grows. Only those last messages are read and decrypted. The
summary holds no personal data (the state holds none; the home address is left out); the messages
go to the provider as the lead's own message does, and are never stored or logged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text

if TYPE_CHECKING:
    from ehub.bots.state import LeadState
    from ehub.crypto import PersonalDataCipher

_LATEST = text("""
    select direction, body_sealed from app.conversation_messages
    where lead_id = cast(:lead as uuid) order by message_id desc limit :limit
""")
_COUNT = text("select count(*) from app.conversation_messages where lead_id = cast(:lead as uuid)")
_KNOWN = (
    "area",
    "neighbourhood",
    "budget",
    "bedrooms",
    "bathrooms",
    "square_feet",
    "months_to_move",
    "financing",
    "has_agent",
    "plan",
    "contingency",
)


@dataclass(frozen=True)
class Conversation:
    """What came before the lead's message: a summary of the older part (None when short), and the
    latest messages verbatim, oldest first, as {"from": "lead" | "jorge", "text": ...}."""

    summary: dict[str, Any] | None
    recent: tuple[dict[str, str], ...]


def conversation(
    connection: Connection,
    cipher: PersonalDataCipher,
    lead_id: str,
    state: LeadState,
    *,
    whole_up_to: int,
    recent: int,
) -> Conversation:
    """The lead's earlier messages as a writer is shown them (see the module's docstring)."""
    rows = connection.execute(_LATEST, {"lead": lead_id, "limit": whole_up_to + 1}).all()
    if len(rows) <= whole_up_to:
        return Conversation(None, _verbatim(cipher, rows))
    total = int(connection.execute(_COUNT, {"lead": lead_id}).scalar_one())
    kept = rows[:recent]
    return Conversation(summary(state, earlier=total - len(kept)), _verbatim(cipher, kept))


def summary(state: LeadState, *, earlier: int) -> dict[str, Any]:
    """The older part of a conversation as the engine's state records it (no model call)."""
    slots = state.slots
    known: dict[str, Any] = {}
    for name in _KNOWN:
        value = getattr(slots, name)
        if value is not None and (name in slots.filled or name == "neighbourhood"):
            known[name] = {"low": value.low, "high": value.high} if name == "budget" else value
    done = {
        "wants_appointment": slots.wants_appointment,
        "urgent": slots.urgent,
        "just_browsing": slots.just_browsing,
        "estimate_given": state.estimate_given,
        "appointment_booked": state.appointment is not None,
    }
    return {
        "earlier_messages": earlier,
        "bot": state.bot,
        "temperature": state.temperature,
        "known": known,
        "flags": sorted(name for name, value in done.items() if value),
        "homes_shown": len(state.shown_listings),
        "homes_rejected": len(state.rejected_listings),
        "last_question": state.last_question,
    }


def _verbatim(cipher: PersonalDataCipher, rows: Sequence[Any]) -> tuple[dict[str, str], ...]:
    return tuple(
        {"from": "lead" if row.direction == "inbound" else "jorge", "text": cipher.decrypt(row.body_sealed) or ""}
        for row in reversed(rows)
    )
