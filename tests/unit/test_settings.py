"""Settings: read from the environment, wrong values refused with one clear, named error."""

from __future__ import annotations

import pytest

from ehub.errors import ConfigError
from ehub.settings import load_settings


def test_defaults_use_the_embedded_database_and_sandbox_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings()
    assert settings.uses_embedded_database
    assert not settings.source_is_real("mls")
    assert not settings.source_is_real("stripe")


def test_environment_variables_override_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("EHUB_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("EHUB_DATABASE_URL", "postgresql://u:p@db.example:5433/ehub")
    monkeypatch.setenv("EHUB_API_PORT", "8123")
    settings = load_settings()
    assert settings.data_dir == tmp_path
    assert not settings.uses_embedded_database
    assert settings.api_port == 8123


def test_dotenv_file_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    env_file = tmp_path / "custom.env"
    env_file.write_text("EHUB_API_PORT=8999\n")
    monkeypatch.setenv("EHUB_ENV_FILE", str(env_file))
    assert load_settings().api_port == 8999


def test_a_credential_makes_a_source_real_unless_sandbox_is_forced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EHUB_STRIPE_API_KEY", "sk_test_" + "a" * 24)
    assert load_settings().source_is_real("stripe")
    monkeypatch.setenv("EHUB_SOURCES", "sandbox")
    assert not load_settings().source_is_real("stripe")


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("EHUB_DATABASE_URL", "mysql://root@localhost/db", "must be a postgresql:// URL"),
        ("EHUB_STRIPE_API_KEY", "pk_test_123", "malformed Stripe key"),
        ("EHUB_GHL_TOKEN", "short", "malformed token"),
        ("EHUB_MLS_TOKEN", "has spaces in the token value", "malformed token"),
        ("EHUB_API_PORT", "99999", "less than or equal to 65535"),
    ],
)
def test_malformed_values_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert raised.value.field == variable
    assert expected in raised.value.message
    assert "\n" not in raised.value.message


def _production(monkeypatch: pytest.MonkeyPatch, **overrides: str) -> None:
    from tests.cli_helpers import production_environment

    for name, value in production_environment(**overrides).items():
        monkeypatch.setenv(name, value)


def test_production_refuses_short_or_guessable_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    _production(monkeypatch, EHUB_BLIND_INDEX_KEY="x" * 31)
    with pytest.raises(ConfigError, match="at least 32 characters"):
        load_settings()
    monkeypatch.setenv("EHUB_BLIND_INDEX_KEY", "x" * 64)
    with pytest.raises(ConfigError, match="guessable"):
        load_settings()
    monkeypatch.setenv("EHUB_BLIND_INDEX_KEY", "changeme" * 8)
    with pytest.raises(ConfigError, match="guessable"):
        load_settings()
    _production(monkeypatch)
    assert load_settings().env == "production"


def test_production_refuses_the_sandbox_and_names_each_missing_credential(monkeypatch: pytest.MonkeyPatch) -> None:
    _production(monkeypatch, EHUB_SOURCES="sandbox")
    with pytest.raises(ConfigError, match="EHUB_SOURCES=sandbox is refused in production"):
        load_settings()
    _production(monkeypatch)
    monkeypatch.delenv("EHUB_STRIPE_API_KEY")
    monkeypatch.delenv("EHUB_GHL_WEBHOOK_PUBLIC_KEY")
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert "EHUB_STRIPE_API_KEY" in raised.value.message and "EHUB_GHL_WEBHOOK_PUBLIC_KEY" in raised.value.message
    assert "EHUB_GHL_TOKEN" not in raised.value.message


def test_production_refuses_the_published_sandbox_webhook_key(monkeypatch: pytest.MonkeyPatch) -> None:
    from ehub.secret_checks import public_key_fingerprint
    from ehub.settings import SANDBOX_WEBHOOK_KEY_SHA256
    from sandbox.ghl_webhooks import SANDBOX_PUBLIC_KEY_PEM

    assert public_key_fingerprint(SANDBOX_PUBLIC_KEY_PEM) == SANDBOX_WEBHOOK_KEY_SHA256
    _production(monkeypatch, EHUB_GHL_WEBHOOK_PUBLIC_KEY=SANDBOX_PUBLIC_KEY_PEM)
    with pytest.raises(ConfigError, match="sandbox's published test key"):
        load_settings()


def test_production_requires_a_stripe_webhook_secret_and_refuses_the_sandbox_s(monkeypatch: pytest.MonkeyPatch) -> None:
    from sandbox.stripe_checkout import SANDBOX_WEBHOOK_SECRET

    _production(monkeypatch)
    monkeypatch.delenv("EHUB_STRIPE_WEBHOOK_SECRET")
    with pytest.raises(ConfigError, match="EHUB_STRIPE_WEBHOOK_SECRET"):
        load_settings()
    _production(monkeypatch, EHUB_STRIPE_WEBHOOK_SECRET=SANDBOX_WEBHOOK_SECRET)
    with pytest.raises(ConfigError, match="sandbox's published secret"):
        load_settings()


def test_secrets_never_print(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EHUB_DATABASE_URL", "postgresql://u:hunter2-password@db/ehub")
    monkeypatch.setenv("EHUB_GHL_TOKEN", "pit-0123456789abcdef0123")
    monkeypatch.setenv("EHUB_GHL_LOCATION_ID", "loc123")
    text = repr(load_settings())
    assert "hunter2" not in text
    assert "pit-0123456789abcdef0123" not in text


def test_the_documented_example_file_loads_as_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    from ehub.paths import PROJECT_ROOT

    monkeypatch.setenv("EHUB_ENV_FILE", str(PROJECT_ROOT / ".env.example"))
    settings = load_settings()
    assert settings.uses_embedded_database
    assert settings.encryption_keys is None and settings.redis_url is None
    assert not settings.source_is_real("ghl")


def test_every_setting_is_documented_in_env_example() -> None:
    from ehub.paths import PROJECT_ROOT
    from ehub.settings import ENV_PREFIX, Settings

    documented = {
        line.split("=", 1)[0]
        for line in (PROJECT_ROOT / ".env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    }
    expected = {f"{ENV_PREFIX}{name.upper()}" for name in Settings.model_fields} | {"EHUB_ENV_FILE"}
    assert expected <= documented, expected - documented


def test_a_secrets_file_others_can_read_is_made_private_or_refused_in_production(
    tmp_path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("EHUB_LOG_LEVEL=DEBUG\n")
    env_file.chmod(0o644)
    monkeypatch.setenv("EHUB_ENV_FILE", str(env_file))
    assert load_settings().log_level == "DEBUG"
    assert env_file.stat().st_mode & 0o777 == 0o600 and "readable by other users" in caplog.text
    env_file.chmod(0o640)
    _production(monkeypatch, EHUB_ENV_FILE=str(env_file))
    with pytest.raises(ConfigError, match="chmod 600"):
        load_settings()


def test_development_keys_readable_by_others_are_made_private(tmp_path) -> None:
    from ehub.crypto import DEV_SECRETS_FILE, cipher_from_settings

    settings = load_settings(data_dir=tmp_path)
    cipher = cipher_from_settings(settings)
    secrets_file = tmp_path / DEV_SECRETS_FILE
    secrets_file.chmod(0o666)
    again = cipher_from_settings(settings)
    assert secrets_file.stat().st_mode & 0o777 == 0o600
    assert again.decrypt(cipher.encrypt("same keys")) == "same keys"
