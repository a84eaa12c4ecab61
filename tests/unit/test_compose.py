"""docker-compose.yml cannot run here (no Docker engine), so check that everything it names exists."""

from __future__ import annotations

import re

import pytest
import typer.main
import yaml

from ehub.paths import PROJECT_ROOT
from ehub.settings import ENV_PREFIX, Settings
from tools.cli import app

COMPOSE = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
RAW = (PROJECT_ROOT / "docker-compose.yml").read_text()
DOCUMENTED = {
    line.split("=", 1)[0]
    for line in (PROJECT_ROOT / ".env.example").read_text().splitlines()
    if "=" in line and not line.startswith("#")
}


def test_the_production_services_are_all_there() -> None:
    assert {"postgres", "redis", "dagster-webserver", "dagster-daemon", "bot-api", "superset"} <= set(SERVICES)
    assert SERVICES["postgres"]["image"] == "postgres:16"


@pytest.mark.parametrize("name", sorted(name for name, spec in SERVICES.items() if spec.get("restart") != "no"))
def test_every_long_running_service_has_a_health_check(name: str) -> None:
    assert SERVICES[name]["healthcheck"]["test"]


def test_every_compose_variable_is_documented_in_env_example() -> None:
    referenced = set(re.findall(r"\$\{(\w+)", RAW))
    assert referenced and referenced <= DOCUMENTED, referenced - DOCUMENTED


def test_every_platform_variable_is_a_real_setting() -> None:
    settings = {f"{ENV_PREFIX}{name.upper()}" for name in Settings.model_fields}
    for spec in SERVICES.values():
        names = set(spec.get("environment") or {})
        assert {name for name in names if name.startswith(ENV_PREFIX)} <= settings


def test_build_files_and_what_they_copy_exist() -> None:
    for spec in SERVICES.values():
        build = spec.get("build")
        if not build:
            continue
        dockerfile = PROJECT_ROOT / build["context"] / build["dockerfile"]
        assert dockerfile.exists(), dockerfile
        for line in dockerfile.read_text().splitlines():
            if line.startswith("COPY "):
                for source in line.split()[1:-1]:
                    assert (PROJECT_ROOT / build["context"] / source).exists(), f"{dockerfile.name}: {source}"


def _ehub_commands() -> list[list[str]]:
    return [spec["command"][1:] for spec in SERVICES.values() if (spec.get("command") or [""])[0] == "ehub"]


@pytest.mark.parametrize("args", _ehub_commands(), ids=" ".join)
def test_every_ehub_command_in_compose_parses(args: list[str]) -> None:
    group = typer.main.get_command(app)
    context = group.make_context("ehub", list(args), resilient_parsing=False)
    name, command, rest = group.resolve_command(context, list(args))
    while hasattr(command, "resolve_command"):  # a group: descend to the subcommand
        context = command.make_context(name, rest)
        name, command, rest = command.resolve_command(context, rest)
    command.make_context(name, rest)  # raises on an unknown option or an invalid argument value


def test_health_check_paths_exist_in_the_api() -> None:
    from bot_api.app import create_app

    routes = {route.path for route in create_app().routes}
    check = " ".join(SERVICES["bot-api"]["healthcheck"]["test"])
    path = re.search(r"127\.0\.0\.1:\d+(/\w+)", check).group(1)
    assert path in routes


def test_no_login_less_ui_is_published_on_every_interface() -> None:
    """Dagster's UI launches runs and shows every asset, with no login: loopback only."""
    published = SERVICES["dagster-webserver"].get("ports", [])
    assert published and all(str(port).startswith("127.0.0.1:") for port in published), published
