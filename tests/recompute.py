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
