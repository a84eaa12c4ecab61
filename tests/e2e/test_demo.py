"""The first README command, end to end: `ehub demo` on the embedded and on a server PostgreSQL."""

from __future__ import annotations

import re
import signal
import subprocess
import time
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.cli_helpers import EHUB, ehub_env, run_ehub
from tools.runtime import free_port

pytestmark = pytest.mark.slow

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b|\+1\d{10}\b")

# The sandbox at a tenth of its size: the embedded run is about the command, not the volume.
SCALE = "0.1"

COUNTED = {
    "raw": "select count(*) from raw.mls_properties",
    "mart_rows": "select count(*) from marts.active_listings_by_area",
    "mart_active": "select coalesce(sum(active_listings), 0) from marts.active_listings_by_area",
    "dagster_runs": "select count(*) from dagster.runs where status = 'SUCCESS'",
    "ghl_contacts": "select count(*) from raw.ghl_contacts",
    "ghl_messages": "select count(*) from raw.ghl_messages",
    "stripe_charges": "select count(*) from raw.stripe_charges",
    "mls_members": "select count(*) from raw.mls_members",
}


def _counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as connection:
        return {name: connection.execute(query).fetchone()[0] for name, query in COUNTED.items()}


def _personal_data_in_clear(url: str) -> list[str]:
    """Every text or JSON column of our schemas whose values look like an email or a phone number."""
    found = []
    with psycopg.connect(url) as connection:
        columns = connection.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where table_schema in ('raw', 'app', 'staging', 'intermediate', 'marts') "
            "and data_type in ('text', 'character varying', 'jsonb', 'json')"
        ).fetchall()
        for schema, table, column in columns:
            values = connection.execute(
                psycopg.sql.SQL("select {}::text from {}.{}").format(
                    psycopg.sql.Identifier(column), psycopg.sql.Identifier(schema), psycopg.sql.Identifier(table)
                )
            ).fetchall()
            if any(value and (EMAIL.search(value) or PHONE.search(value)) for (value,) in values):
                found.append(f"{schema}.{table}.{column}")
    return found


def _demo_once(data_dir: Path, *, scale: str, **extra: str) -> subprocess.CompletedProcess[str]:
    result = run_ehub("demo", "--once", "--scale", scale, data_dir=data_dir, **extra)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def test_demo_once_on_a_server_database_builds_the_marts_with_no_personal_data_in_clear(
    server_database_url: str, data_dir: Path
) -> None:
    first = _demo_once(data_dir, scale=SCALE, EHUB_DATABASE_URL=server_database_url)
    assert "Materializing all assets" in first.stdout
    counts = _counts(server_database_url)
    assert counts["raw"] > 300 and counts["mart_rows"] > 5 and counts["dagster_runs"] == 1
    assert counts["ghl_contacts"] == 200 and counts["ghl_messages"] > 1000 and counts["stripe_charges"] > 20
    assert _personal_data_in_clear(server_database_url) == []


def _serve_demo(data_dir: Path) -> tuple[str, str]:
    """`ehub demo` until it says Ctrl-C stops everything: the routes a visitor and an engineer use are
    checked while it serves; then Ctrl-C. Its output before and after the interrupt."""
    dagster_port, api_port = free_port(), free_port()
    env = ehub_env(data_dir, EHUB_SANDBOX_SCALE=SCALE, EHUB_DAGSTER_PORT=str(dagster_port), EHUB_API_PORT=str(api_port))
    process = subprocess.Popen(
        [EHUB, "demo"], env=env, cwd=data_dir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        deadline = time.monotonic() + 300
        lines = []
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            lines.append(line)
            if "Ctrl-C stops everything" in line or process.poll() is not None:
                break
        output = "".join(lines)
        assert f"http://127.0.0.1:{dagster_port}" in output, output
        assert httpx.get(f"http://127.0.0.1:{api_port}/ready").json()["status"] == "ready"
        assert f"http://127.0.0.1:{api_port}/ (demo page" in output, output
        page = httpx.get(f"http://127.0.0.1:{api_port}/").text
        demo_key = re.search(r'<script src="/widget.js" data-key="(ehk_[^"]+)"', page).group(1)
        words = httpx.get(f"http://127.0.0.1:{api_port}/v1/widget", headers={"X-API-Key": demo_key})
        assert words.status_code == 200 and "AI assistant" in words.json()["texts"]["widget.disclosure"]
        graph = httpx.post(
            f"http://127.0.0.1:{dagster_port}/graphql", json={"query": "{ assetNodes { assetKey { path } } }"}
        ).json()
        keys = {"/".join(node["assetKey"]["path"]) for node in graph["data"]["assetNodes"]}
        assert {"raw/mls_properties", "staging/stg_mls__properties", "marts/active_listings_by_area"} <= keys
    finally:
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=60)
    assert process.returncode == 0, rest[-2000:]
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{api_port}/health")
    return output, rest


def test_demo_on_the_embedded_default_runs_again_on_its_kept_data_then_serves_until_ctrl_c(data_dir: Path) -> None:
    """The README's first command twice on one data directory: once without servers (CI's form),
    then as a user runs it, which materializes again on the data the first run kept and serves."""
    first = _demo_once(data_dir, scale=SCALE)
    assert "embedded PostgreSQL" in first.stdout
    assert (data_dir / "postgres" / "PG_VERSION").exists()
    assert not (data_dir / "postgres" / "postmaster.pid").exists(), "the embedded server must stop on exit"

    _, after_interrupt = _serve_demo(data_dir)
    assert "Stopped." in after_interrupt
    assert not (data_dir / "postgres" / "postmaster.pid").exists()
    log = next(data_dir.glob("logs/materialize-*.log")).read_text()
    assert "RUN_SUCCESS" in log
    import pgserver

    with pgserver.get_server(data_dir / "postgres", cleanup_mode="stop") as server:
        counts = _counts(server.get_uri(database="ehub"))
    assert counts["dagster_runs"] == 2 and counts["raw"] > 300 and counts["mart_active"] > 0
