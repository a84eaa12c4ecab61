"""Daily insights: what one Austin day's conversations show, for the brokerage to learn from.

Gemini reads the day's conversations (each lead's messages that day, decrypted in memory, emails and
phone numbers masked by `ehub.logs.redact`, numbered rather than named) and answers in `DayInsights`'s
schema: objections, reasons leads went cold and questions Jorge could not answer, each with the
conversations that show it and a short paraphrase. The count is the number of those conversations
that exist (Gemini's own arithmetic is not trusted); the paraphrase is masked again before it is
stored. The day's rows in `app.conversation_insights` are replaced whole. Without a Gemini key, past
the day's budget or on any failure, nothing is written and the report says why; the call is in the
ledger (`purpose` daily_insights) either way.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy import Connection, text

from ehub.crypto import PersonalDataCipher
from ehub.db.database import Database
from ehub.logs import redact
from ehub.writing import ledger
from ehub.writing.analysis import Analyst
from ehub.writing.ledger import AUSTIN

PURPOSE = "daily_insights"
KINDS = ("objection", "went_cold", "unanswered_question")
TIMEOUT_SECONDS = 60.0
MAX_CONVERSATIONS = 200  # a day beyond this is sampled by its latest conversations
MESSAGE_CHARS = 600
EXAMPLE_CHARS = 200

_DAY_MESSAGES = text("""
    with day_leads as (
        select lead_id, max(message_id) as last_message from app.conversation_messages
        where created_at >= :start and created_at < :end
        group by lead_id order by last_message desc limit :limit
    )
    select cast(m.lead_id as text) as lead_id, m.direction, m.body_sealed
    from app.conversation_messages m join day_leads using (lead_id)
    where m.created_at >= :start and m.created_at < :end
    order by m.lead_id, m.message_id
""")
_DAY_LEADS = text(
    "select count(distinct lead_id) from app.conversation_messages where created_at >= :start and created_at < :end"
)
_CLEAR_DAY = text("delete from app.conversation_insights where insight_date = :day")
_INSERT = text("""
    insert into app.conversation_insights (insight_date, kind, topic, conversation_count, example,
        conversations_read, provider, model, prompt_version, created_at)
    values (:day, :kind, :topic, :count, :example, :read, :provider, :model, :version, :now)
""")

Topic = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=80)]
Example = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class Insight(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["objection", "went_cold", "unanswered_question"]
    topic: Topic = Field(description="A short lower-case label for the theme.")
    conversation_ids: list[int] = Field(min_length=1, description="The conversations that show it.")
    example: Example = Field(description="A short paraphrase with no personal data.")


class DayInsights(BaseModel):
    """The schema Gemini answers in (and its answer is checked against)."""

    model_config = ConfigDict(extra="forbid")

    insights: list[Insight] = Field(max_length=60)


@dataclass(frozen=True)
class InsightsReport:
    day: date
    conversations: int
    rows: int
    outcome: str  # written, no_conversations, or why nothing was written (no_key, gemini_timeout, ...)

    def as_metadata(self) -> dict[str, Any]:
        day, read = self.day.isoformat(), self.conversations
        return {"day": day, "conversations": read, "rows": self.rows, "outcome": self.outcome}


def last_full_day(now: datetime) -> date:
    """Yesterday in Austin: the latest day whose conversations are complete."""
    return now.astimezone(AUSTIN).date() - timedelta(days=1)


def _bounds(day: date) -> dict[str, datetime]:
    start = datetime.combine(day, time(0), tzinfo=AUSTIN)
    return {"start": start, "end": datetime.combine(day + timedelta(days=1), time(0), tzinfo=AUSTIN)}


def day_conversations(connection: Connection, cipher: PersonalDataCipher, day: date) -> list[dict[str, Any]]:
    """Each lead's messages of the Austin `day`, masked and numbered (no lead ids leave this module)."""
    rows = connection.execute(_DAY_MESSAGES, {**_bounds(day), "limit": MAX_CONVERSATIONS}).all()
    by_lead: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        who = "lead" if row.direction == "inbound" else "jorge"
        by_lead[row.lead_id].append({"from": who, "text": redact(cipher.decrypt(row.body_sealed) or "", MESSAGE_CHARS)})
    return [{"id": number, "messages": messages} for number, messages in enumerate(by_lead.values(), start=1)]


def analyse_day(
    database: Database, cipher: PersonalDataCipher, analyst: Analyst | None, day: date, *, now: datetime
) -> InsightsReport:
    """Ask Gemini about `day`'s conversations and replace that day's insight rows with its answer."""
    if analyst is None:
        with database.engine.connect() as connection:
            count: int = connection.execute(_DAY_LEADS, _bounds(day)).scalar_one()
        return InsightsReport(day, count, 0, "no_key")
    with database.engine.connect() as connection:
        conversations = day_conversations(connection, cipher, day)
        spent = ledger.spent(connection, None, now)
    if not conversations:
        with database.engine.begin() as connection:
            connection.execute(_CLEAR_DAY, {"day": day})
        return InsightsReport(day, 0, 0, "no_conversations")
    brief = {"day": day.isoformat(), "conversations": conversations}
    analysis = analyst.ask(PURPOSE, brief, DayInsights, purpose=PURPOSE, timeout=TIMEOUT_SECONDS, spent=spent)
    with database.engine.begin() as connection:
        ledger.record(connection, analysis.calls, lead=None, decision=None, now=now)
        if analysis.result is None:
            return InsightsReport(day, len(conversations), 0, analysis.fallback_reason or "no_result")
        rows = _rows(analysis.result, len(conversations))
        connection.execute(_CLEAR_DAY, {"day": day})
        if rows:
            common = {"day": day, "read": len(conversations), "provider": analyst.provider, "now": now}
            meta = {"model": analyst.model, "version": analysis.prompt_version}
            connection.execute(_INSERT, [{**common, **meta, **row} for row in rows])
    return InsightsReport(day, len(conversations), len(rows), "written")


def _rows(result: DayInsights, conversations: int) -> list[dict[str, Any]]:
    """One row per kind and topic: the count of real conversations named, the first example kept."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for insight in result.insights:
        ids = {number for number in insight.conversation_ids if 1 <= number <= conversations}
        if not ids:
            continue
        example = redact(insight.example, EXAMPLE_CHARS)
        row = merged.setdefault(
            (insight.kind, insight.topic),
            {"kind": insight.kind, "topic": insight.topic, "ids": set(), "example": example},
        )
        row["ids"] |= ids
    return [
        {"kind": row["kind"], "topic": row["topic"], "count": len(row.pop("ids")), "example": row["example"]}
        for row in merged.values()
    ]
