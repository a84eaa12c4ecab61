"""An independent recomputation of key mart figures straight from the raw tables, with polars.

It shares no code with the dbt project: the business rules are restated here from their
documentation, so a mistake in either shows up as a mismatch.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import polars as pl
import psycopg

STAGE_RANKS = {
    "New Lead": 1,
    "Contacted": 2,
    "Qualified": 3,
    "Appointment Set": 4,
    "Under Contract": 5,
    "Closed Won": 6,
    "Lost": 0,
}
AUSTIN = "America/Chicago"


def _frame(url: str, query: str, schema: list[str]) -> pl.DataFrame:
    with psycopg.connect(url) as connection:
        rows = connection.execute(query).fetchall()
    return pl.DataFrame(rows, schema=schema, orient="row")


def funnel_counts(url: str) -> dict[str, int]:
    contacts = _frame(url, "select contact_id from raw.ghl_contacts where not _deleted", ["contact_id"])
    outbound = _frame(
        url,
        "select distinct contact_id from raw.ghl_messages where direction = 'outbound' and not _deleted",
        ["contact_id"],
    )
    stage_names = {}
    for (payload,) in psycopg.connect(url).execute("select payload from raw.ghl_pipelines").fetchall():
        stage_names.update({stage["id"]: stage["name"] for stage in payload["stages"]})
    opportunities = _frame(
        url,
        "select contact_id, pipeline_stage_id, status from raw.ghl_opportunities where not _deleted",
        ["contact_id", "stage_id", "status"],
    )
    opportunities = (
        opportunities.with_columns(
            pl.col("stage_id")
            .replace_strict(stage_names, default=None)
            .replace_strict(STAGE_RANKS, default=0)
            .alias("rank")
        )
        .group_by("contact_id")
        .agg(
            pl.col("rank").max(),
            (pl.col("status") == "won").any().alias("won"),
            pl.col("status").is_in(["lost", "abandoned"]).any().alias("lost"),
        )
    )
    scores = _frame(
        url, "select contact_id, qualified_at is not null from app.lead_scores", ["contact_id", "scored_qualified"]
    )
    leads = (
        contacts.join(opportunities, on="contact_id", how="left")
        .join(scores, on="contact_id", how="left")
        .join(outbound.with_columns(pl.lit(True).alias("sent")), on="contact_id", how="left")
        .with_columns(
            pl.col("rank").fill_null(1),
            pl.col("won").fill_null(False),
            pl.col("lost").fill_null(False),
            pl.col("scored_qualified").fill_null(False),
            pl.col("sent").fill_null(False),
        )
    )
    return {
        "inquiries": leads.height,
        "contacted": leads.filter(pl.col("sent") | (pl.col("rank") >= 2)).height,
        "qualified": leads.filter(pl.col("scored_qualified") | (pl.col("rank") >= 3)).height,
        "appointments": leads.filter(pl.col("rank") >= 4).height,
        "under_contract": leads.filter(pl.col("rank") >= 5).height,
        "closed_won": leads.filter(pl.col("won") | (pl.col("rank") >= 6)).height,
        "lost": leads.filter(pl.col("lost")).height,
    }


def net_revenue_by_month(url: str) -> dict[str, float]:
    charges = _frame(
        url, "select charge_id, payload from raw.stripe_charges where not _deleted", ["charge_id", "payload"]
    )
    refunds = _frame(url, "select payload from raw.stripe_refunds", ["payload"])
    refunded: dict[str, float] = {}
    for (payload,) in refunds.iter_rows():
        if payload["status"] == "succeeded":
            refunded[payload["charge"]] = refunded.get(payload["charge"], 0) + payload["amount"] / 100
    totals: dict[str, float] = {}
    for charge_id, payload in charges.iter_rows():
        if payload["status"] != "succeeded" or not payload.get("paid"):
            continue
        amount = payload["amount"] / 100
        net = amount - max(refunded.get(charge_id, 0.0), (payload.get("amount_refunded") or 0) / 100)
        month = pl.Series([datetime.fromtimestamp(payload["created"], tz=UTC)]).dt.convert_time_zone(AUSTIN)
        key = month.dt.strftime("%Y-%m-01")[0]
        totals[key] = round(totals.get(key, 0.0) + net, 2)
    return totals


def _band(price: float) -> str:
    if price >= 1_000_000:
        return "luxury"
    if price >= 500_000:
        return "mid"
    return "entry" if price >= 300_000 else "below_entry"


def median_close_price_by_city_month(url: str) -> dict[tuple[str, str, str], float]:
    rows = _frame(url, "select payload from raw.mls_properties where not _deleted", ["payload"])
    records = []
    for (payload,) in rows.iter_rows():
        if isinstance(payload, str):
            payload = json.loads(payload)
        if not payload.get("ListingContractDate") or payload.get("StandardStatus") == "ComingSoon":
            continue
        if payload.get("CloseDate") and payload.get("ClosePrice") and payload.get("City"):
            records.append(
                (
                    payload["City"],
                    _band(payload["ListPrice"]),
                    payload["CloseDate"][:7] + "-01",
                    float(payload["ClosePrice"]),
                )
            )
    frame = pl.DataFrame(records, schema=["city", "band", "month", "price"], orient="row")
    medians = frame.group_by(["city", "band", "month"]).agg(pl.col("price").median())
    return {(city, band, month): round(price, 2) for city, band, month, price in medians.iter_rows()}


BOT_COUNTS = (
    "conversations",
    "messages",
    "inbound_messages",
    "bot_messages",
    "handoffs",
    "opt_outs",
    "replies_flagged",
)


def _austin_day(column: str) -> pl.Expr:
    return pl.col(column).dt.convert_time_zone(AUSTIN).dt.date().cast(pl.String)


def _bot_counts(messages: pl.DataFrame, keys: list[str], subject: str) -> pl.DataFrame:
    return messages.group_by(keys).agg(
        pl.col(subject).n_unique().alias("conversations"),
        pl.len().alias("messages"),
        (pl.col("direction") == "inbound").sum().alias("inbound_messages"),
        pl.col("by_bot").sum().alias("bot_messages"),
    )


def bot_performance(url: str) -> tuple[dict[tuple[str, str, str], dict[str, float]], set[tuple[str, str, str]]]:
    """bot_performance_daily restated: the bot service's records per (day, bot, variant), plus the CRM's
    messages of contacts the service never talked with as the lead bot's, variant control. Returns
    the figures and the keys that hold CRM history (where qualification and latency are not restated)."""
    keys = ["day", "bot", "variant"]
    handled = _frame(
        url,
        "select distinct ghl_contact_id from app.leads join app.conversation_messages using (lead_id) "
        "where ghl_contact_id is not null",
        ["contact_id"],
    ).cast({"contact_id": pl.String})
    crm = (
        _frame(
            url,
            "select messages.conversation_id, messages.contact_id, messages.direction, messages.payload ->> 'source', "
            "messages._source_modified_at, intents.intent from raw.ghl_messages as messages "
            "left join app.message_intents as intents using (message_id) where not messages._deleted",
            ["conversation_id", "contact_id", "direction", "source", "at", "intent"],
        )
        .join(handled, on="contact_id", how="anti")
        .with_columns(
            _austin_day("at").alias("day"),
            pl.lit("lead_bot").alias("bot"),
            pl.lit("control").alias("variant"),
            ((pl.col("direction") == "outbound") & pl.col("source").is_in(["workflow", "bot", "api"])).alias("by_bot"),
        )
    )
    crm_counts = _bot_counts(crm, keys, "conversation_id").join(
        crm.group_by(keys).agg(
            pl.col("conversation_id").filter(pl.col("intent") == "human_request").n_unique().alias("handoffs"),
            pl.col("conversation_id").filter(pl.col("intent") == "opt_out").n_unique().alias("opt_outs"),
            pl.lit(0).alias("replies_flagged"),
        ),
        on=keys,
    )
    crm_keys = {(day, bot, variant) for day, bot, variant in crm_counts.select(keys).iter_rows()}
    figures: dict[tuple[str, str, str], dict[str, float]] = {}
    for part in (crm_counts, _service_figures(url, keys)):
        for row in part.iter_rows(named=True):
            totals = figures.setdefault((row["day"], row["bot"], row["variant"]), {})
            for name, value in row.items():
                if name not in keys and value is not None:
                    totals[name] = totals.get(name, 0) + value
    return figures, crm_keys


def _service_figures(url: str, keys: list[str]) -> pl.DataFrame:
    """The bot service's part: its messages, its decisions (CRM events aside) and its outbox."""
    messages = _frame(
        url,
        "select message_id, lead_id::text, direction, messages.bot || '_bot', variant, messages.created_at "
        "from app.conversation_messages as messages join app.leads using (lead_id)",
        ["message_id", "lead_id", "direction", "bot", "variant", "at"],
    )
    if messages.is_empty():
        return pl.DataFrame(schema=dict.fromkeys(keys, pl.String))
    messages = messages.with_columns(
        pl.col("at").dt.convert_time_zone("UTC"),
        _austin_day("at").alias("day"),
        (pl.col("direction") == "outbound").alias("by_bot"),
    )
    decisions = _frame(
        url,
        "select decision_id, lead_id::text, bot_decisions.bot || '_bot', leads.variant, intent, "
        "bot_decisions.temperature, handoff_reason is not null, cardinality(compliance_flags) > 0, "
        "bot_decisions.created_at "
        "from app.bot_decisions join app.leads using (lead_id) where intent <> 'crm_event'",
        ["decision_id", "lead_id", "bot", "variant", "intent", "temperature", "handoff", "flagged", "at"],
    ).with_columns(_austin_day("at").alias("day"))
    first_hot = (
        decisions.filter(pl.col("temperature") == "hot").sort("at", "decision_id").unique("lead_id", keep="first")
    )
    outbox = _frame(
        url,
        "select (detail ->> 'message_id')::bigint, sent_at, created_at, status from app.outbox where kind = 'message'",
        ["message_id", "sent_at", "queued_at", "status"],
    ).cast({"message_id": pl.Int64, "sent_at": pl.Datetime("us", "UTC"), "queued_at": pl.Datetime("us", "UTC")})
    outbox = outbox.with_columns(pl.col("sent_at", "queued_at").dt.convert_time_zone("UTC"))
    latency = (
        messages.filter(pl.col("direction") == "outbound")
        .join(outbox, on="message_id", how="left")
        .filter(pl.col("status").is_null() | (pl.col("status") != "cancelled"))  # never sent: no response
        .with_columns((pl.coalesce("sent_at", "queued_at", "at") - pl.col("at")).dt.total_milliseconds().alias("ms"))
        .group_by(keys)
        .agg((pl.col("ms").median() / 1000).round(1).alias("median_response_seconds"))
    )
    return (
        _bot_counts(messages, keys, "lead_id")
        .join(
            decisions.group_by(keys).agg(
                pl.col("lead_id").filter(pl.col("handoff")).n_unique().alias("handoffs"),
                pl.col("lead_id").filter(pl.col("intent") == "opt_out").n_unique().alias("opt_outs"),
                pl.col("flagged").sum().alias("replies_flagged"),
            ),
            on=keys,
            how="left",
        )
        .join(first_hot.group_by(keys).agg(pl.len().alias("leads_qualified")), on=keys, how="left")
        .join(latency, on=keys, how="left")
    )
