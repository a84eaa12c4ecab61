"""Prometheus metrics at `GET /metrics`: requests and latency, replies by bot, handoffs, opt-outs,
queue depths, and the outbox to GoHighLevel: entries pending and parked (given up on, waiting for a
person), and how long the oldest due entry has waited, which grows while GHL is down. One registry
per app, so tests and workers never share counters."""

from __future__ import annotations

import time
from typing import Any

from litestar import Response, get
from litestar.di import NamedDependency
from litestar.types import ASGIApp, Receive, Scope, Send
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from sqlalchemy import text

from ehub.bots.engine import Turn
from ehub.db import Database


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "ehub_http_requests_total", "HTTP requests", ["method", "path", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "ehub_http_request_seconds",
            "HTTP request latency",
            ["path"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
            registry=self.registry,
        )
        self.replies = Counter("ehub_bot_replies_total", "Replies sent, by bot", ["bot"], registry=self.registry)
        self.handoffs = Counter(
            "ehub_handoffs_total", "Handoffs to a human, by reason", ["reason"], registry=self.registry
        )
        self.opt_outs = Counter("ehub_opt_outs_total", "Leads who opted out", registry=self.registry)
        self.queue_depth = Gauge("ehub_queue_depth", "Pending work", ["queue"], registry=self.registry)
        self.outbox_entries = Gauge(
            "ehub_outbox_entries", "Outbox entries by status (pending, parked)", ["status"], registry=self.registry
        )
        self.outbox_oldest_due = Gauge(
            "ehub_outbox_oldest_due_seconds",
            "How long the oldest due pending outbox entry has waited past its send time",
            registry=self.registry,
        )

    def record_turn(self, turn: Turn) -> None:
        if turn.reply is not None:
            self.replies.labels(turn.bot).inc()
        if turn.handoff_reason:
            self.handoffs.labels(turn.handoff_reason).inc()
        if turn.intent == "opt_out":
            self.opt_outs.inc()

    def middleware(self, app: ASGIApp) -> ASGIApp:
        async def measure(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            started, status = time.perf_counter(), {"code": 500}

            async def capture(message: Any) -> None:
                if message["type"] == "http.response.start":
                    status["code"] = message["status"]
                await send(message)

            try:
                await app(scope, receive, capture)
            finally:
                path = scope.get("path_template") or "unmatched"
                self.requests.labels(scope["method"], path, str(status["code"])).inc()
                self.latency.labels(path).observe(time.perf_counter() - started)

        return measure


_QUEUE_DEPTH = {
    "webhooks": text("select count(*) from app.webhook_events where status = 'pending'"),
    "outbox": text("select count(*) from app.outbox where status = 'pending'"),
}


_OUTBOX = text("""
    select count(*) filter (where status = 'pending') as pending, count(*) filter (where status = 'parked') as parked,
           coalesce(extract(epoch from now() - min(send_after) filter (
               where status = 'pending' and send_after <= now())), 0) as oldest_due_seconds
    from app.outbox where status in ('pending', 'parked')
""")


@get("/metrics", summary="Prometheus metrics.", include_in_schema=False, sync_to_thread=True)
def metrics_endpoint(metrics: NamedDependency[Metrics], database: NamedDependency[Database]) -> Response[bytes]:
    with database.engine.connect() as connection:
        for queue, query in _QUEUE_DEPTH.items():
            metrics.queue_depth.labels(queue).set(connection.execute(query).scalar() or 0)
        outbox = connection.execute(_OUTBOX).one()
    metrics.outbox_entries.labels("pending").set(outbox.pending)
    metrics.outbox_entries.labels("parked").set(outbox.parked)
    metrics.outbox_oldest_due.set(float(outbox.oldest_due_seconds))
    return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)
