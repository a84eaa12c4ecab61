"""`ehub` as a user meets it: help everywhere, one clear line on bad input, stable exit codes."""

from __future__ import annotations

import json

import pytest

from tests.cli_helpers import production_environment, run_ehub

COMMANDS = [
    [],
    ["demo"],
    ["doctor"],
    ["materialize"],
    ["serve"],
    ["dbt"],
    ["db"],
    ["db", "upgrade"],
    ["db", "status"],
    ["db", "url"],
    ["db", "psql"],
    ["keys"],
    ["keys", "generate"],
    ["chat"],
    ["worker"],
    ["train"],
    ["outbox", "list"],
    ["outbox", "retry"],
    ["apikey", "create"],
    ["apikey", "revoke"],
    ["sources", "validate"],
    ["sandbox", "advance"],
    ["bench", "ingest"],
    ["bench", "dbt"],
    ["bench", "api"],
    ["eval", "intents"],
    ["alerts", "check"],
    ["dashboards", "check"],
    ["dashboards", "publish"],
    ["dashboards", "export"],
    ["dashboards", "screenshot"],
    ["dashboards", "serve"],
    ["export", "duckdb"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "ehub")
def test_every_command_has_help(command: list[str], data_dir) -> None:
    result = run_ehub(*command, "--help", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "Usage" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("EHUB_DATABASE_URL", "mysql://root@localhost/x"),
        ("EHUB_GHL_TOKEN", "bad token"),
        ("EHUB_STRIPE_API_KEY", "not-a-stripe-key"),
    ],
)
def test_bad_configuration_is_one_line_and_exit_code_3(variable: str, value: str, data_dir) -> None:
    result = run_ehub("doctor", data_dir=data_dir, **{variable: value})
    assert result.returncode == 3
    assert result.stderr.strip().count("\n") == 0
    assert variable in result.stderr and "Traceback" not in result.stderr


def test_short_production_secret_is_refused(data_dir) -> None:
    result = run_ehub("doctor", data_dir=data_dir, **production_environment(EHUB_BLIND_INDEX_KEY="too-short"))
    assert result.returncode == 3
    assert "at least 32 characters" in result.stderr


@pytest.mark.parametrize(
    ("override", "named"),
    [
        ({"EHUB_SOURCES": "sandbox"}, "EHUB_SOURCES=sandbox"),
        ({"EHUB_GHL_TOKEN": "", "EHUB_GHL_LOCATION_ID": ""}, "EHUB_GHL_TOKEN"),
        ({"EHUB_GHL_WEBHOOK_PUBLIC_KEY": ""}, "EHUB_GHL_WEBHOOK_PUBLIC_KEY"),
    ],
)
def test_doctor_fails_a_production_that_would_run_on_the_sandbox(data_dir, override, named) -> None:
    result = run_ehub("doctor", data_dir=data_dir, **production_environment(**override))
    assert result.returncode == 3, result.stderr
    assert named in result.stderr and "Traceback" not in result.stderr


def test_errors_are_json_with_the_flag(data_dir) -> None:
    result = run_ehub("--json", "doctor", data_dir=data_dir, EHUB_DATABASE_URL="mysql://x")
    assert result.returncode == 3
    error = json.loads(result.stdout)
    assert error["code"] == "SETTING_INVALID" and error["field"] == "EHUB_DATABASE_URL"


def test_unreachable_database_exits_4(data_dir) -> None:
    result = run_ehub("db", "status", data_dir=data_dir, EHUB_DATABASE_URL="postgresql://x@127.0.0.1:1/none")
    assert result.returncode == 4
    assert "Cannot connect to PostgreSQL" in result.stderr


@pytest.mark.both_backends
def test_db_upgrade_and_status_on_both_backends(database_url: str, data_dir) -> None:
    before = run_ehub("--json", "db", "status", data_dir=data_dir, EHUB_DATABASE_URL=database_url)
    assert before.returncode == 1 and json.loads(before.stdout)["at_head"] is False
    assert run_ehub("db", "upgrade", data_dir=data_dir, EHUB_DATABASE_URL=database_url).returncode == 0
    after = run_ehub("--json", "db", "status", data_dir=data_dir, EHUB_DATABASE_URL=database_url)
    assert after.returncode == 0 and json.loads(after.stdout)["at_head"] is True


def test_doctor_reports_each_source_mode(database_url: str, data_dir) -> None:
    result = run_ehub(
        "--json",
        "doctor",
        data_dir=data_dir,
        EHUB_DATABASE_URL=database_url,
        EHUB_MLS_TOKEN="real-looking-token-0123456789",
    )
    report = json.loads(result.stdout)
    details = {check["name"]: check["detail"] for check in report["checks"]}
    assert details["source: MLS (RESO Web API)"] == "real API"
    assert details["source: Stripe"] == "offline sandbox"
    assert details["reply writers"].startswith("templates only")
    assert details["analyses"].startswith("templates (no GEMINI_API_KEY)")
    assert result.returncode == 4  # migrations pending on the fresh database
    assert "pending" in details["migrations"]


@pytest.mark.both_backends
def test_dbt_passthrough_runs_dbt_against_the_configured_database(database_url: str, data_dir) -> None:
    result = run_ehub("dbt", "--", "debug", data_dir=data_dir, EHUB_DATABASE_URL=database_url)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "Connection test: [OK connection ok]" in result.stdout


def test_dbt_without_arguments_is_a_usage_error(data_dir) -> None:
    assert run_ehub("dbt", data_dir=data_dir).returncode == 2


def test_keys_generate_prints_usable_keys(data_dir) -> None:
    result = run_ehub("--json", "keys", "generate", data_dir=data_dir)
    keys = json.loads(result.stdout)
    environment = production_environment(**keys, EHUB_DATABASE_URL="postgresql://x@127.0.0.1:1/n")
    check = run_ehub("doctor", data_dir=data_dir, **environment)
    assert check.returncode == 4  # keys accepted; only the (deliberately) unreachable database fails
