"""Enrichments the pipelines compute with the core engine, for the marts to read.

- Lead scores and message intents: every contact with new messages since the last run has its
  whole conversation replayed (bodies decrypted in memory only) and its score, key moments and
  per-message intents upserted into `app.lead_scores` and `app.message_intents`.
- Listing-remark checks: every listing changed since the last run has its public remarks run
  through the fair-housing rules into `app.listing_remark_checks`.

Each keeps a watermark (the newest `_loaded_at` it processed) in `raw.sync_cursors`, moved only
once its results are committed, so a run that dies is simply done again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from psycopg.types.json import Jsonb
from sqlalchemy import text

from ehub.compliance.fair_housing import RULES_VERSION, check_text
from ehub.conversation.history import Message, replay
from ehub.conversation.intent import MODEL_VERSION as INTENT_MODEL
from ehub.conversation.scoring import MODEL_VERSION as SCORE_MODEL
from ehub.conversation.slots import LeadSlots
from ehub.crypto import PersonalDataCipher
from ehub.db.bulk import copy_merge
from ehub.db.cursors import read_cursor, write_cursor
from ehub.db.database import Database
from ehub.sources.landing import unseal
from ehub.sources.values import iso_timestamp

BATCH = 500


@dataclass(frozen=True)
class EnrichmentReport:
    processed: int
    written: int
    watermark: str | None

    def as_metadata(self) -> dict[str, int | str | None]:
        return {"processed": self.processed, "written": self.written, "watermark": self.watermark}


def _watermark(database: Database, stream: str, full: bool) -> datetime | None:
    if full:
        return None
    with database.engine.connect() as connection:
        stored = read_cursor(connection, "app", stream)
    return iso_timestamp(stored) if stored else None


def _rules_changed(database: Database) -> bool:
    with database.engine.connect() as connection:
        stale = connection.execute(
            text("select 1 from app.listing_remark_checks where rules_version <> :version limit 1"),
            {"version": RULES_VERSION},
        ).first()
    return stale is not None


def _changed(database: Database, query: str, since: datetime | None) -> tuple[list[str], datetime | None]:
    with database.engine.connect() as connection:
        rows = connection.execute(text(query), {"since": since}).all()
    keys = [row[0] for row in rows]
    newest = max((row[1] for row in rows), default=None)
    return keys, newest


def _batches(keys: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(keys), BATCH):
        yield keys[start : start + BATCH]


def score_leads(database: Database, cipher: PersonalDataCipher, *, full: bool = False) -> EnrichmentReport:
    since = _watermark(database, "lead_scores", full)
    contacts, newest = _changed(
        database,
        """
        select contact_id, max(_loaded_at) from raw.ghl_messages
        where contact_id is not null and (cast(:since as timestamptz) is null or _loaded_at > :since)
          and contact_id not like 'erased\\_%'  -- an erased person's score stays as it was (ehub.privacy.erase)
        group by contact_id order by contact_id
    """,
        since,
    )
    written = 0
    for batch in _batches(contacts):
        with database.engine.begin() as connection:
            rows = (
                connection.execute(
                    text("""
                select message_id, contact_id, conversation_id, direction, _source_modified_at, pii_sealed
                from raw.ghl_messages where contact_id = any(:contacts) and not _deleted
            """),
                    {"contacts": batch},
                )
                .tuples()
                .all()
            )
            by_contact: dict[str, list[Message]] = defaultdict(list)
            conversation_of: dict[str, str | None] = {}
            for message_id, contact_id, conversation_id, direction, sent_at, sealed in rows:
                body = unseal(cipher, sealed).get("body") or ""
                by_contact[contact_id].append(Message(message_id, sent_at, direction or "", body))
                conversation_of[message_id] = conversation_id
            score_rows, intent_rows = [], []
            for contact_id, messages in by_contact.items():
                history = replay(messages)
                if history.score is None:
                    continue
                score_rows.append(
                    (
                        contact_id,
                        history.score.score,
                        history.score.temperature,
                        history.primary_intent,
                        history.replies,
                        history.qualified_at,
                        history.opted_out_at,
                        history.human_requested_at,
                        history.last_inbound_at,
                        Jsonb(_slots_json(history.slots)),
                        Jsonb(list(history.score.reasons)),
                        SCORE_MODEL,
                        datetime.now().astimezone(),
                    )
                )
                intent_rows += [
                    (
                        message_id,
                        contact_id,
                        conversation_of[message_id],
                        intent,
                        confidence,
                        INTENT_MODEL,
                        datetime.now().astimezone(),
                    )
                    for message_id, intent, confidence in history.intents
                ]
            merged = copy_merge(
                connection,
                schema="app",
                table="lead_scores",
                columns=(
                    "contact_id",
                    "score",
                    "temperature",
                    "primary_intent",
                    "replies",
                    "qualified_at",
                    "opted_out_at",
                    "human_requested_at",
                    "last_inbound_at",
                    "slots",
                    "reasons",
                    "model_version",
                    "scored_at",
                ),
                key_columns=("contact_id",),
                rows=score_rows,
                newest_first_by="scored_at",
                loaded_at_column=None,
                ignore_in_comparison=("scored_at",),
            )
            written += merged.inserted + merged.updated
            copy_merge(
                connection,
                schema="app",
                table="message_intents",
                columns=(
                    "message_id",
                    "contact_id",
                    "conversation_id",
                    "intent",
                    "confidence",
                    "model_version",
                    "classified_at",
                ),
                key_columns=("message_id",),
                rows=intent_rows,
                newest_first_by="classified_at",
                loaded_at_column=None,
                ignore_in_comparison=("classified_at",),
            )
    return _finish(database, "lead_scores", len(contacts), written, newest, since)


def _slots_json(slots: LeadSlots) -> dict[str, Any]:
    """The slots as plain JSON, without the lead's home address (personal: never stored in clear)."""
    values = asdict(slots)
    values.pop("filled")
    values.pop("address", None)
    return values


def check_listing_remarks(database: Database, *, full: bool = False) -> EnrichmentReport:
    """Check the remarks of listings loaded since the last run; all of them when the rules changed
    since (a stored verdict of older rules is re-checked, never kept)."""
    since = _watermark(database, "listing_remark_checks", full or _rules_changed(database))
    listings, newest = _changed(
        database,
        """
        select listing_key, _loaded_at from raw.mls_properties
        where cast(:since as timestamptz) is null or _loaded_at > :since order by listing_key
    """,
        since,
    )
    flagged = 0
    for batch in _batches(listings):
        with database.engine.begin() as connection:
            rows = (
                connection.execute(
                    text("""
                select listing_key, payload ->> 'PublicRemarks', _source_modified_at
                from raw.mls_properties where listing_key = any(:keys)
            """),
                    {"keys": batch},
                )
                .tuples()
                .all()
            )
            checks = []
            for listing_key, remarks, modified_at in rows:
                flags = [flag.__dict__ for flag in check_text(remarks)]
                flagged += bool(flags)
                checks.append(
                    (listing_key, modified_at, len(flags), Jsonb(flags), RULES_VERSION, datetime.now().astimezone())
                )
            copy_merge(
                connection,
                schema="app",
                table="listing_remark_checks",
                columns=("listing_key", "source_modified_at", "flag_count", "flags", "rules_version", "checked_at"),
                key_columns=("listing_key",),
                rows=checks,
                newest_first_by="checked_at",
                loaded_at_column=None,
                ignore_in_comparison=("checked_at",),
            )
    return _finish(database, "listing_remark_checks", len(listings), flagged, newest, since)


def _finish(
    database: Database, stream: str, processed: int, written: int, newest: datetime | None, since: datetime | None
) -> EnrichmentReport:
    mark = newest if newest is not None and (since is None or newest > since) else since
    if mark is not None and mark != since:
        with database.engine.begin() as connection:
            write_cursor(connection, "app", stream, mark.isoformat())
    return EnrichmentReport(processed, written, mark.isoformat() if mark else None)
