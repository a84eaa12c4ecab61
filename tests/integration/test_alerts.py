"""Platform alerts: thresholds from the seed, judged on what the platform records, posted to a webhook.

The outside world is one local HTTP server that receives the Slack-compatible posts (and, where a
test needs exact figures, serves a /metrics exposition produced by the bot API's own `Metrics`).
The Dagster sensor is evaluated for real, with the code location's resources, tick after tick,
its cursor carried over as the daemon would.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import dagster as dg
import httpx
import pytest
from prometheus_client import generate_latest
from sqlalchemy import text

from bot_api.app import create_app
from bot_api.metrics import Metrics
from ehub.alerts import Observation, evaluate, load_thresholds, parse_thresholds, send_alerts
from ehub.alerts.observe import SOURCE_TABLES, api_observations, scrape_api
from ehub.alerts.rules import SEED_TABLE, read_seed_file
from ehub.bots.apikeys import create_key
from ehub.db import Database
from ehub.errors import ConfigError
from ehub.evaluation_runs import LABELLED_INTENTS, latest_eval_run, record_eval_run
from ehub.settings import load_settings
from tests.cli_helpers import run_ehub
from tools.runtime import free_port, run_dbt, serve_in_process

HOOK = "/hook"


class Outside:
    """A Slack-like webhook receiver and, when `metrics` is set, a bot API's /metrics, on one local port."""

    def __init__(self) -> None:
        self.posts: list[dict] = []
        self.attempts = 0
        self.webhook_status = 200
        self.metrics: bytes | None = None
        outside = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outside.attempts += 1
                if outside.webhook_status < 300:
                    outside.posts.append(body)
                self._answer(outside.webhook_status, b"ok", "text/plain")

            def do_GET(self) -> None:
                if self.path == "/metrics" and outside.metrics is not None:
                    self._answer(200, outside.metrics, "text/plain; version=0.0.4")
                else:
                    self._answer(404, b"not found", "text/plain")

            def _answer(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def alerted(self, index: int = -1) -> dict[str, str]:
        """metric -> FIRING severity or RESOLVED, read back from a post's blocks."""
        states = {}
        for block in self.posts[index]["blocks"][1:]:
            state, summary = block["text"]["text"].split("\n")[0].split(" ", 1)[1].split(" ", 1)
            states[summary.strip("`").split(" ")[0]] = state.strip("*")
        return states


def exposition(*, ok: int = 0, failed: int = 0, seconds: float = 0.02) -> bytes:
    """What the bot API's /metrics serves after this traffic (plus scrapes, which must not count)."""
    metrics = Metrics()
    for status, count in (("200", ok), ("503", failed)):
        metrics.requests.labels("POST", "/v1/chat", status).inc(count)
        for _ in range(count):
            metrics.latency.labels("/v1/chat").observe(seconds)
    metrics.requests.labels("GET", "/metrics", "500").inc(7)
    metrics.latency.labels("/metrics").observe(30.0)
    return generate_latest(metrics.registry)


@pytest.fixture
def outside() -> Iterator[Outside]:
    server = Outside()
    yield server
    server.server.shutdown()


@pytest.fixture(scope="module")
def defs(dbt_manifest: Path) -> dg.Definitions:
    """The code location, loaded after `dbt parse` has written the manifest it reads (with the seed)."""
    from pipelines.definitions import defs

    return defs


@pytest.fixture
def configured(monkeypatch: pytest.MonkeyPatch, migrated: Database, data_dir: Path, outside: Outside) -> Database:
    """The environment a deployment gives the daemon: database, webhook, bot API (healthy, recorded)."""
    monkeypatch.setenv("EHUB_DATABASE_URL", migrated.url)
    monkeypatch.setenv("EHUB_DATA_DIR", str(data_dir))
    monkeypatch.setenv("EHUB_ALERT_WEBHOOK_URL", f"{outside.url}{HOOK}")
    monkeypatch.setenv("EHUB_BOT_API_URL", outside.url)
    outside.metrics = exposition(ok=10)
    _sync_cursors(migrated, hours_ago=0)
    return migrated


class Sensor:
    """The `platform_alerts` sensor evaluated tick after tick, its cursor kept as the daemon keeps it."""

    def __init__(self, defs: dg.Definitions) -> None:
        self.defs, self.cursor = defs, None
        self.instance = dg.DagsterInstance.ephemeral()

    def tick(self) -> str:
        context = dg.build_sensor_context(instance=self.instance, cursor=self.cursor, resources=self.defs.resources)
        result = self.defs.resolve_sensor_def("platform_alerts").evaluate_tick(context)
        assert not result.run_requests
        self.cursor = result.cursor
        return result.skip_message or ""


def _sync_cursors(database: Database, *, hours_ago: float, sources: tuple[str, ...] = tuple(SOURCE_TABLES)) -> None:
    with database.engine.begin() as connection:
        for source in sources:
            connection.execute(
                text(
                    """
                    insert into raw.sync_cursors (source, stream, cursor_value, updated_at)
                    values (:source, 'test', '2026-01-01T00:00:00+00:00', now() - make_interval(secs => :secs))
                    on conflict (source, stream) do update set updated_at = excluded.updated_at
                    """
                ),
                {"source": source, "secs": hours_ago * 3600},
            )


# -- the rules, without a database ------------------------------------------------------------------


def test_the_seed_covers_every_metric_and_its_comparisons_fire_on_the_right_side() -> None:
    thresholds = {threshold.metric: threshold for threshold in read_seed_file()}
    assert {"api_unreachable", "api_error_rate", "api_avg_response_ms", "bot_intent_accuracy"} <= set(thresholds)
    assert {f"{source}_staleness_hours" for source in SOURCE_TABLES} <= set(thresholds)
    observed = {
        "api_error_rate": Observation("api_error_rate", 0.06),
        "api_avg_response_ms": Observation("api_avg_response_ms", 500.0),
        "bot_intent_accuracy": Observation("bot_intent_accuracy", 0.84),
        "ghl_staleness_hours": Observation("ghl_staleness_hours", float("inf"), "never synced"),
    }
    firing = {alert.metric: alert for alert in evaluate(list(thresholds.values()), observed)}
    assert set(firing) == {"api_error_rate", "bot_intent_accuracy", "ghl_staleness_hours"}
    assert firing["api_error_rate"].summary() == "api_error_rate 6.0 % > 5.0 %"
    assert firing["ghl_staleness_hours"].as_dict()["value"] is None
    with pytest.raises(ConfigError, match="comparison must be one of"):
        parse_thresholds([{"metric": "x", "comparison": "=", "threshold": "1", "unit": "ms", "severity": "warning"}])


def test_api_rates_are_windows_of_the_real_counters_and_survive_a_restart(outside: Outside) -> None:
    outside.metrics = exposition(ok=90, failed=10, seconds=0.9)
    first = scrape_api(outside.url)
    assert first is not None and (first.requests, first.errors) == (100, 10)  # the scrapes are not traffic
    rates = {o.metric: o.value for o in api_observations(first, None, since="since the API started")}
    assert rates == {"api_unreachable": 0.0, "api_error_rate": 0.1, "api_avg_response_ms": pytest.approx(900.0)}

    outside.metrics = exposition(ok=190, failed=10, seconds=0.9)
    window = {o.metric: o.value for o in api_observations(scrape_api(outside.url), first, since="")}
    assert window["api_error_rate"] == 0.0  # 100 more requests, no more errors

    outside.metrics = exposition(ok=3, failed=1)  # counters went down: the API restarted
    restarted = {o.metric: o.value for o in api_observations(scrape_api(outside.url), first, since="")}
    assert restarted["api_error_rate"] == 0.25

    outside.metrics = None
    assert scrape_api(outside.url) is None
    assert [(o.metric, o.value) for o in api_observations(None, first, since="")] == [("api_unreachable", 1.0)]


def test_a_failing_webhook_is_retried_and_never_raises(outside: Outside, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO")
    alert = evaluate(read_seed_file(), {"api_unreachable": Observation("api_unreachable", 1.0, "GET /metrics failed")})
    outside.webhook_status = 503
    delivery = send_alerts(f"{outside.url}{HOOK}", alert, backoff=0.01)
    assert (delivery.delivered, delivery.attempts, delivery.error, outside.attempts) == (False, 3, "HTTP 503", 3)
    closed = send_alerts(f"http://127.0.0.1:{free_port()}{HOOK}", alert, backoff=0.01)
    assert not closed.delivered and closed.error == "ConnectError"
    assert "HTTP Request: POST [alert webhook]" in caplog.text and HOOK not in caplog.text  # the URL is the secret


def test_without_a_webhook_the_sensor_skips_and_says_how_to_configure(defs: dg.Definitions) -> None:
    assert "EHUB_ALERT_WEBHOOK_URL" in Sensor(defs).tick()


# -- the sensor on a real database ------------------------------------------------------------------


@pytest.fixture
def bot_api(configured: Database, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The real bot API served on a local port, on a database whose marts are not built (searches 503)."""
    app = create_app(load_settings(database_url=configured.url, data_dir=data_dir))
    with serve_in_process(app, "alerts-api") as url:
        monkeypatch.setenv("EHUB_BOT_API_URL", url)
        yield url


def _traffic(url: str, key: str, *, healthy: int, failing: int) -> None:
    with httpx.Client(base_url=url, timeout=10) as client:
        for _ in range(healthy):
            assert client.get("/health").status_code == 200
        for _ in range(failing):
            assert client.get("/v1/properties/search", headers={"X-API-Key": key}).status_code == 503


def test_api_errors_are_notified_once_then_resolved(
    defs: dg.Definitions, configured: Database, bot_api, outside
) -> None:
    _, key = create_key(configured, "alerts test", ["market"])
    sensor = Sensor(defs)
    assert sensor.tick().startswith("nothing firing") and outside.posts == []  # the first tick is the baseline

    _traffic(bot_api, key, healthy=10, failing=2)
    assert "api_error_rate" in sensor.tick()
    assert len(outside.posts) == 1 and outside.alerted() == {"api_error_rate": "CRITICAL"}
    post = outside.posts[0]
    assert post["text"].startswith("EnterpriseHub: 1 alert firing: api_error_rate 16.7 % > 5.0 %")
    assert post["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "EnterpriseHub: 1 alert firing"},
    }
    assert (
        post["blocks"][1]["type"] == "section" and "2 of 12 requests answered 5xx" in post["blocks"][1]["text"]["text"]
    )

    _traffic(bot_api, key, healthy=1, failing=1)
    assert "1 firing (api_error_rate)" in sensor.tick()
    assert len(outside.posts) == 1  # still firing: not notified again

    _traffic(bot_api, key, healthy=20, failing=0)
    assert sensor.tick().startswith("nothing firing; notified 0 new, 1 resolved")
    assert len(outside.posts) == 2 and outside.alerted() == {"api_error_rate": "RESOLVED"}
    assert "1 resolved" in outside.posts[1]["text"]


def test_low_accuracy_and_a_stale_source_fire_and_resolve(
    defs: dg.Definitions, configured: Database, outside: Outside, tmp_path: Path
) -> None:
    mislabelled = tmp_path / "intents.tsv"  # the labelled set with every label moved to the next intent
    lines = LABELLED_INTENTS.read_text().splitlines()
    labels = sorted({line.split("\t")[1] for line in lines[1:]})
    shifted = [f"{t}\t{labels[(labels.index(i) + 1) % len(labels)]}" for t, i in (x.split("\t") for x in lines[1:])]
    mislabelled.write_text("\n".join([lines[0], *shifted]) + "\n")
    recorded = run_ehub(
        "eval", "intents", str(mislabelled), "--record", data_dir=tmp_path, EHUB_DATABASE_URL=configured.url
    )
    assert recorded.returncode == 0, recorded.stderr
    assert latest_eval_run(configured, "intents").score < 0.2
    _sync_cursors(configured, hours_ago=3, sources=("mls",))

    sensor = Sensor(defs)
    sensor.tick()
    assert len(outside.posts) == 1
    assert outside.alerted() == {"bot_intent_accuracy": "WARNING", "mls_staleness_hours": "WARNING"}
    blocks = json.dumps(outside.posts[0])
    assert "intents.tsv" in blocks and "replication cursor last moved" in blocks
    sensor.tick()
    assert len(outside.posts) == 1

    assert defs.resolve_job_def("eval_intents").execute_in_process(instance=sensor.instance).success  # the daily job
    for table in SOURCE_TABLES["mls"]:  # Dagster's record of a sync outranks the old cursor
        sensor.instance.report_runless_asset_event(dg.AssetMaterialization(dg.AssetKey(["raw", table])))
    assert sensor.tick().startswith("nothing firing; notified 0 new, 2 resolved")
    assert outside.alerted() == {"bot_intent_accuracy": "RESOLVED", "mls_staleness_hours": "RESOLVED"}
    assert "last Dagster materialization" in json.dumps(outside.posts[-1])


def test_an_unreachable_webhook_or_api_never_crashes_the_sensor(
    defs: dg.Definitions, configured: Database, outside: Outside, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside.metrics = None  # the bot API is down: that is an alert, not an error
    monkeypatch.setenv("EHUB_ALERT_WEBHOOK_URL", f"http://127.0.0.1:{free_port()}{HOOK}")
    sensor = Sensor(defs)
    assert "NOT delivered (ConnectError), will retry: 1 new" in sensor.tick()
    assert json.loads(sensor.cursor)["notified"] == []

    monkeypatch.setenv("EHUB_ALERT_WEBHOOK_URL", f"{outside.url}{HOOK}")
    assert "notified 1 new" in sensor.tick()
    assert outside.alerted() == {"api_unreachable": "CRITICAL"}


def test_thresholds_come_from_the_seed_table_once_dbt_has_loaded_it(migrated: Database, data_dir: Path) -> None:
    assert load_thresholds(migrated) == (read_seed_file(), "dbt/seeds/alert_thresholds.csv")
    settings = load_settings(database_url=migrated.url, data_dir=data_dir)
    assert run_dbt(settings, migrated, ["build", "--select", "alert_thresholds", "--quiet"]) == 0  # seed + its tests
    assert load_thresholds(migrated) == (read_seed_file(), SEED_TABLE)


def test_cli_check_prints_the_alerts_and_fails_when_any_fires(configured: Database, outside: Outside, data_dir) -> None:
    outside.metrics = exposition(ok=1, failed=1, seconds=0.7)
    environment = {
        "EHUB_DATABASE_URL": configured.url,
        "EHUB_BOT_API_URL": outside.url,
        "EHUB_ALERT_WEBHOOK_URL": f"{outside.url}{HOOK}",
    }
    result = run_ehub("--json", "alerts", "check", data_dir=data_dir, **environment)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert {alert["metric"] for alert in report["firing"]} == {"api_error_rate", "api_avg_response_ms"}
    assert report["no_data"] == ["bot_intent_accuracy"] and report["notified"] is None
    record_eval_run(configured, "intents", LABELLED_INTENTS, {"n": 1, "accuracy": 1.0}, recorded_by="test")
    outside.metrics = exposition(ok=5)
    assert "--notify" in run_ehub("alerts", "check", "--help", data_dir=data_dir).stdout
    quiet = run_ehub("alerts", "check", "--notify", data_dir=data_dir, **environment)
    assert quiet.returncode == 0, quiet.stdout + quiet.stderr
    assert "nothing firing" in quiet.stdout and outside.posts == []  # nothing to notify
