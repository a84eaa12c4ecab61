"""The daily conversation insights (ehub.writing.insights): what a day's conversations showed.

A thin caller: the asset reads the bot service's conversations of one Austin day (yesterday unless
configured), asks Gemini, and reports what it wrote. Without `GEMINI_API_KEY` it writes nothing and
says so in its metadata, so the main job never fails for want of a key; a failed call (recorded in
the ledger) is reported the same way and leaves the day's earlier rows in place.
"""

from datetime import UTC, date, datetime

import dagster as dg

from ehub.crypto import cipher_from_settings
from ehub.writing.analysis import Analyst
from ehub.writing.insights import analyse_day, last_full_day
from pipelines.resources import PostgresResource

CONVERSATION_INSIGHTS = dg.AssetKey(["app", "conversation_insights"])


class InsightsConfig(dg.Config):
    day: str | None = None
    """The Austin day to analyse (YYYY-MM-DD); yesterday when unset."""


@dg.asset(
    key=CONVERSATION_INSIGHTS,
    group_name="insights",
    kinds={"python", "postgres", "gemini"},
    deps=[dg.AssetKey(["app", "conversation_messages"])],
    description="Per Austin day: objections, reasons leads went cold and questions Jorge could not answer "
    "(Gemini, from the conversations; counts and paraphrases, no personal data).",
)
def conversation_insights(
    context: dg.AssetExecutionContext, config: InsightsConfig, postgres: PostgresResource
) -> dg.MaterializeResult:
    settings = postgres.settings()
    now = datetime.now(UTC)
    day = date.fromisoformat(config.day) if config.day else last_full_day(now)
    with postgres.open() as database:
        report = analyse_day(database, cipher_from_settings(settings), Analyst.from_settings(settings), day, now=now)
    metadata: dict[str, object] = report.as_metadata()
    if report.outcome == "no_key":
        metadata["note"] = "GEMINI_API_KEY is not set: nothing was asked and no rows were written"
    context.log.info("insights for %s: %s, %d rows", day, report.outcome, report.rows)
    return dg.MaterializeResult(metadata=metadata)


insights_job = dg.define_asset_job(
    "daily_insights",
    selection=[CONVERSATION_INSIGHTS],
    description="Ask Gemini what yesterday's conversations showed and record it.",
)

insights_daily = dg.ScheduleDefinition(
    name="daily_insights_schedule",
    job=insights_job,
    cron_schedule="15 1 * * *",
    execution_timezone="America/Chicago",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="01:15 Austin time: yesterday's conversations are complete (one Gemini call a day).",
)

defs = dg.Definitions(assets=[conversation_insights], jobs=[insights_job], schedules=[insights_daily])
