"""The one settings object, read from the environment and `.env` (prefix `EHUB_`).

Secrets are `SecretStr` so they never print; they come from the environment (or a local,
git-ignored `.env`), never from a committed file. `.env.example` documents every variable.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import re
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic import ValidationError as PydanticValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from ehub.bots.experiments import parse_experiment
from ehub.errors import ConfigError
from ehub.secret_checks import estimated_entropy_bits, keep_private, public_key_fingerprint

ENV_PREFIX = "EHUB_"
MIN_PRODUCTION_SECRET_LENGTH = 32
MIN_PRODUCTION_KEY_BITS = 96  # estimated; 32 random hex characters score about 107
# The offline sandbox's webhook signing key is published (sandbox.ghl_webhooks); its fingerprint
# lets production refuse it without importing the sandbox.
SANDBOX_WEBHOOK_KEY_SHA256 = "56475aa75463474c0285df5dbf2bcab73da651358839e9b77481b2eab107708c"
# Likewise the sandbox's Stripe webhook signing secret (sandbox.stripe_checkout.SANDBOX_WEBHOOK_SECRET).
SANDBOX_STRIPE_WEBHOOK_SECRET_SHA256 = "c8da719946d1722e9f989faeaff8eb8397cb6a744baa3ee7c48aa17b29fac61a"  # noqa: S105  # nosec B105

_STRIPE_KEY = re.compile(r"^(sk|rk)_(test|live)_[0-9A-Za-z]{10,}$")
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?/?")
_BEARER_TOKEN = re.compile(r"^[\x21-\x7e]{16,}$")  # printable, no whitespace, not trivially short

Environment = Literal["development", "test", "production"]
SourceMode = Literal["auto", "sandbox"]


class Settings(BaseSettings):
    """Platform configuration. Build it with `load_settings()`, not directly."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
    )

    env: Environment = "development"
    data_dir: Path = Path(".ehub")
    log_level: str = "INFO"

    # Database: unset means the embedded PostgreSQL under `data_dir`.
    database_url: SecretStr | None = None

    # Personal-data protection (see ehub.crypto).
    encryption_keys: SecretStr | None = Field(default=None, description="Comma-separated Fernet keys, newest first.")
    blind_index_key: SecretStr | None = None
    previous_blind_index_key: SecretStr | None = Field(default=None, description="Kept a while after a re-index.")

    # Sources: `auto` uses a real API where credentials exist, the sandbox otherwise.
    sources: SourceMode = "auto"
    sandbox_seed: int = 42
    sandbox_scale: float = Field(default=1.0, gt=0)

    mls_base_url: str = "https://api.mlsgrid.com/v2"
    mls_token: SecretStr | None = None
    mls_token_url: str | None = None
    mls_client_id: str | None = None
    mls_client_secret: SecretStr | None = None
    mls_originating_system: str = "actris"

    ghl_base_url: str = "https://services.leadconnectorhq.com"
    ghl_token: SecretStr | None = None
    ghl_location_id: str | None = None
    ghl_webhook_public_key: str | None = Field(default=None, description="Ed25519 PEM for X-GHL-Signature.")
    ghl_legacy_webhook_public_key: str | None = Field(default=None, description="RSA PEM for x-wh-signature.")
    ghl_handoff_workflow_id: str | None = Field(
        default=None, description="A GHL workflow every handed-off contact is enrolled in (unset: none)."
    )

    ghl_writeback: bool = Field(
        default=True, description="Two-way GHL: upsert web leads, write fields, notes, opportunity, bookings."
    )
    ghl_pipeline_id: str | None = Field(default=None, description="The pipeline the bots' opportunities live in.")
    ghl_qualified_stage_id: str | None = None
    ghl_appointment_stage_id: str | None = None
    ghl_calendar_id: str | None = Field(default=None, description="The calendar the bots book (unset: no bookings).")
    ghl_default_agent_user_id: str | None = Field(
        default=None, description="The agent booked for a lead whose contact has none assigned."
    )

    # The bots' A/B experiment, e.g. "reply_style:control=50,concise=50" (unset: every lead is control).
    bot_experiment: str | None = None
    # Nurture (ehub.bots.nurture): days after a quiet lead's last message for each follow-up, then a
    # market update every `nurture_monthly_days`.
    nurture_cadence_days: str = "1,3,7,14,30"
    nurture_monthly_days: int = Field(default=30, ge=7, le=92)

    stripe_api_key: SecretStr | None = None
    stripe_webhook_secret: SecretStr | None = Field(
        default=None, description="The endpoint's signing secret (whsec_...) that verifies Stripe-Signature."
    )
    # The consultation fee (ehub.payments): what a Checkout Session charges, and where Stripe sends the
    # lead back (unset: the public URL's /consultation/paid and /consultation/cancelled).
    consultation_fee_cents: int = Field(default=15_000, ge=50, le=1_000_000)
    consultation_currency: Literal["usd"] = "usd"
    consultation_success_url: str | None = Field(default=None, pattern=r"^https?://[^\s]{1,500}$")
    consultation_cancel_url: str | None = Field(default=None, pattern=r"^https?://[^\s]{1,500}$")

    # Services
    api_host: str = "127.0.0.1"
    api_port: int = Field(default=8000, ge=1, le=65535)
    dagster_host: str = "127.0.0.1"
    dagster_port: int = Field(default=3000, ge=1, le=65535)
    dagster_run_queue: bool = Field(
        default=False, description="Queue runs for dagster-daemon (deployments) instead of launching them at once."
    )
    redis_url: str | None = None
    chat_visitor_requests_per_minute: int = Field(
        default=60, ge=1, le=100_000, description="What one client address may send through a public (widget) key."
    )
    redis_namespace: str = Field(
        default="ehub", pattern=r"^[A-Za-z0-9_.-]{1,64}$", description="Prefix of this platform's Redis keys."
    )
    # The web widget (bot_api/widget): the sites that may embed it (CORS), comma-separated origins;
    # the chat key of the demo page `ehub demo` serves at `/` (set by `ehub demo`; refused in production).
    widget_origins: str | None = Field(default=None, description="e.g. https://www.example.com,https://example.com")
    widget_demo_key: SecretStr | None = None

    # Alerts (ehub.alerts): a Slack-compatible incoming webhook; unset, the alerts sensor skips.
    alert_webhook_url: SecretStr | None = Field(default=None, description="Where alert notifications are posted.")
    bot_api_url: str | None = Field(
        default=None, description="The bot API whose /metrics the alerts read; unset: api_host and api_port."
    )

    # Accounts and audit (ehub.auth, ehub.bots.audit): how often the API logs the audit chain's head.
    audit_anchor_seconds: int = Field(default=3600, ge=10, le=86_400, description="Audit anchor interval.")

    # The brokerage, as TREC and CAN-SPAM require it named (ehub.privacy.notices); required in production.
    brokerage_name: str | None = Field(default=None, max_length=60, pattern=r"^[^\x00-\x1f{}]+$")
    brokerage_license: str | None = Field(default=None, pattern=r"^[0-9]{4,10}$", description="TREC license number.")
    brokerage_address: str | None = Field(default=None, max_length=200, description="Postal address for emails.")
    iabs_url: str | None = Field(default=None, description="The brokerage's TREC IABS 1-1 form, filled in.")
    consumer_protection_url: str = "https://www.trec.texas.gov/forms/consumer-protection-notice"
    public_url: str | None = Field(default=None, description="Where leads reach the API (unsubscribe links).")

    # Language-model writers (ehub.writing): Claude writes replies, Gemini is its fallback; no key, templates.
    # The SDKs' own variables work as well (ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL, GEMINI_API_KEY).
    anthropic_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("EHUB_ANTHROPIC_API_KEY", "ANTHROPIC_API_KEY")
    )
    anthropic_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("EHUB_ANTHROPIC_BASE_URL", "ANTHROPIC_BASE_URL")
    )
    anthropic_model: str = Field(default="claude-sonnet-4-6", pattern=r"^[A-Za-z0-9._@:-]{1,100}$")
    gemini_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("EHUB_GEMINI_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY")
    )
    gemini_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("EHUB_GEMINI_BASE_URL", "GOOGLE_GEMINI_BASE_URL")
    )
    gemini_model: str = Field(default="gemini-2.5-flash", pattern=r"^[A-Za-z0-9._@:-]{1,100}$")
    reply_budget_seconds: float = Field(default=3.0, gt=0, le=60, description="Wall time for one written reply.")
    handoff_summary_seconds: float = Field(
        default=5.0, gt=0, le=60, description="Wall time for Gemini's handoff summary (ehub.writing.handoff)."
    )
    model_slots: bool = Field(default=True, description="With Claude configured, it also reads each message's slots.")
    writer_history_messages: int = Field(default=12, ge=0, le=200, description="Earlier messages a writer sees whole.")
    writer_recent_messages: int = Field(default=4, ge=0, le=50, description="Kept verbatim past those, with a summary.")
    answer_cache_seconds: int = Field(default=21_600, ge=0, le=604_800, description="Market answers reused (0: off).")
    slot_budget_seconds: float = Field(default=2.0, gt=0, le=60, description="Wall time for the model's slot reading.")
    model_budget_per_lead_usd: float = Field(default=0.50, ge=0, description="Model spend one lead may cause.")
    model_budget_per_day_usd: float = Field(default=25.0, ge=0, description="Model spend a day (Austin time).")
    model_prices: dict[str, dict[str, float]] = Field(
        default_factory=lambda: {
            "claude-sonnet-4-6": {"input": 3.0, "output": 15.0, "cache_read": 0.30, "cache_write": 3.75},
            "claude-haiku-4-5": {"input": 1.0, "output": 5.0, "cache_read": 0.10, "cache_write": 1.25},
            "gemini-2.5-flash": {"input": 0.30, "output": 2.50, "cache_read": 0.075, "cache_write": 0.30},
        },
        description="USD per million tokens by model: input, output, cache_read, cache_write (JSON).",
    )

    # Dashboards (ehub dashboards publish|export): the Superset to publish to, and who logs in.
    superset_url: str | None = Field(default=None, description="e.g. http://localhost:8088")
    superset_username: str = "admin"
    superset_password: SecretStr | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _blank_means_unset(cls, value: object, info: ValidationInfo) -> object:
        """`EHUB_X=` (as in .env.example) leaves an optional setting unset rather than empty."""
        if value == "" and info.field_name and cls.model_fields[info.field_name].default is None:
            return None
        return value

    @field_validator("data_dir")
    @classmethod
    def _absolute_data_dir(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @field_validator("database_url")
    @classmethod
    def _postgres_only(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        url = value.get_secret_value().strip()
        if not re.match(r"^postgres(ql)?(\+\w+)?://", url):
            raise ValueError("must be a postgresql:// URL")
        return SecretStr(url)

    @field_validator("alert_webhook_url")
    @classmethod
    def _webhook_is_http(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        url = value.get_secret_value().strip()
        if not re.match(r"^https?://[^\s/]+", url):
            raise ValueError("must be an http(s):// URL")
        return SecretStr(url)

    @field_validator(
        "bot_api_url",
        "superset_url",
        "iabs_url",
        "consumer_protection_url",
        "public_url",
        "anthropic_base_url",
        "gemini_base_url",
    )
    @classmethod
    def _api_url_is_http(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must be an http(s):// URL")
        return value.rstrip("/") if value else None

    @field_validator("mls_token", "ghl_token")
    @classmethod
    def _bearer_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not _BEARER_TOKEN.match(value.get_secret_value()):
            raise ValueError("malformed token: expected 16+ printable characters, no spaces")
        return value

    @field_validator("bot_experiment")
    @classmethod
    def _experiment_shape(cls, value: str | None) -> str | None:
        experiment = parse_experiment(value)
        return str(experiment) if experiment is not None else None

    @field_validator("nurture_cadence_days")
    @classmethod
    def _cadence_shape(cls, value: str) -> str:
        days = [part.strip() for part in value.split(",")]
        if not all(part.isdigit() for part in days) or [int(d) for d in days] != sorted({int(d) for d in days}):
            raise ValueError("expected increasing whole days, e.g. 1,3,7,14,30")
        if int(days[0]) < 1:
            raise ValueError("the first follow-up is at least a day after the lead's last message")
        return ",".join(days)

    @field_validator("ghl_handoff_workflow_id")
    @classmethod
    def _workflow_id_shape(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not re.match(r"^[A-Za-z0-9_-]{1,64}$", value.strip()):
            raise ValueError("expected a GoHighLevel workflow id (letters, digits, '-' or '_')")
        return value.strip()

    @field_validator("stripe_api_key")
    @classmethod
    def _stripe_key_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not _STRIPE_KEY.match(value.get_secret_value()):
            raise ValueError("malformed Stripe key: expected a secret (sk_) or restricted (rk_) key, test or live")
        return value

    @field_validator("widget_origins")
    @classmethod
    def _origins_shape(cls, value: str | None) -> str | None:
        for origin in (value or "").split(","):
            if origin.strip() and not _ORIGIN.fullmatch(origin.strip()):
                raise ValueError(f"{origin.strip()!r} is not an origin: scheme://host[:port], no path, no wildcard")
        return value

    @model_validator(mode="after")
    def _production_serves_no_demo_key(self) -> Settings:
        if self.env == "production" and self.widget_demo_key is not None:
            raise ValueError("EHUB_WIDGET_DEMO_KEY is refused in production: the demo page is for `ehub demo` only")
        return self

    @model_validator(mode="after")
    def _ghl_needs_a_location(self) -> Settings:
        if self.ghl_token is not None and not self.ghl_location_id:
            raise ValueError("EHUB_GHL_LOCATION_ID is required with EHUB_GHL_TOKEN (the sub-account to read)")
        return self

    @model_validator(mode="after")
    def _production_secrets(self) -> Settings:
        if self.env != "production":
            return self
        if self.encryption_keys is None:
            raise ValueError("EHUB_ENCRYPTION_KEYS is required in production")
        if self.blind_index_key is None:
            raise ValueError("EHUB_BLIND_INDEX_KEY is required in production")
        index_key = self.blind_index_key.get_secret_value()
        if len(index_key) < MIN_PRODUCTION_SECRET_LENGTH:
            raise ValueError(
                f"EHUB_BLIND_INDEX_KEY must be at least {MIN_PRODUCTION_SECRET_LENGTH} characters in production"
            )
        if estimated_entropy_bits(index_key) < MIN_PRODUCTION_KEY_BITS:
            raise ValueError(
                "EHUB_BLIND_INDEX_KEY looks guessable (repeated or few distinct characters): "
                "make one with `ehub keys generate`"
            )
        return self

    @model_validator(mode="after")
    def _production_names_the_brokerage(self) -> Settings:
        if self.env != "production":
            return self
        for name in ("brokerage_name", "brokerage_license", "brokerage_address", "iabs_url", "public_url"):
            if not getattr(self, name):
                raise ValueError(f"EHUB_{name.upper()} is required in production (TREC and CAN-SPAM notices)")
        return self

    @model_validator(mode="after")
    def _production_uses_real_sources(self) -> Settings:
        """Production never runs on the offline sandbox, whose data is made up and whose webhook
        signing key is published: every source needs its credential, the webhooks a real key."""
        if self.env != "production":
            return self
        if self.sources == "sandbox":
            raise ValueError("EHUB_SOURCES=sandbox is refused in production: the sandbox serves made-up data")
        missing = [name for name, present in self._credentials().items() if not present]
        if missing:
            raise ValueError(f"production needs every source's credential; missing: {', '.join(missing)}")
        for name, pem in (
            ("EHUB_GHL_WEBHOOK_PUBLIC_KEY", self.ghl_webhook_public_key),
            ("EHUB_GHL_LEGACY_WEBHOOK_PUBLIC_KEY", self.ghl_legacy_webhook_public_key),
        ):
            if pem and public_key_fingerprint(pem) == SANDBOX_WEBHOOK_KEY_SHA256:
                raise ValueError(f"{name} is the sandbox's published test key: refused in production")
        stripe_secret = self.stripe_webhook_secret.get_secret_value() if self.stripe_webhook_secret else ""
        if hashlib.sha256(stripe_secret.encode()).hexdigest() == SANDBOX_STRIPE_WEBHOOK_SECRET_SHA256:
            raise ValueError("EHUB_STRIPE_WEBHOOK_SECRET is the sandbox's published secret: refused in production")
        return self

    def _credentials(self) -> dict[str, bool]:
        """Each credential production requires, by the variable(s) that provide it."""
        mls_client = self.mls_client_id and self.mls_client_secret and self.mls_token_url
        return {
            "EHUB_MLS_TOKEN (or EHUB_MLS_CLIENT_ID, EHUB_MLS_CLIENT_SECRET and EHUB_MLS_TOKEN_URL)": bool(
                self.mls_token or mls_client
            ),
            "EHUB_GHL_TOKEN": self.ghl_token is not None,
            "EHUB_STRIPE_API_KEY": self.stripe_api_key is not None,
            "EHUB_STRIPE_WEBHOOK_SECRET": self.stripe_webhook_secret is not None,
            "EHUB_GHL_WEBHOOK_PUBLIC_KEY (or EHUB_GHL_LEGACY_WEBHOOK_PUBLIC_KEY)": bool(
                self.ghl_webhook_public_key or self.ghl_legacy_webhook_public_key
            ),
        }

    # -- derived facts ---------------------------------------------------------------------

    @property
    def uses_embedded_database(self) -> bool:
        return self.database_url is None

    @property
    def bot_api_base_url(self) -> str:
        """Where other processes reach the bot API: `bot_api_url`, else the address it is served on."""
        if self.bot_api_url:
            return self.bot_api_url
        host = "127.0.0.1" if _binds_every_interface(self.api_host) else self.api_host
        return f"http://{host}:{self.api_port}"

    @property
    def widget_origin_list(self) -> frozenset[str]:
        """The origins that may embed the widget, lower-cased, without a trailing slash."""
        return frozenset(o.strip().rstrip("/").lower() for o in (self.widget_origins or "").split(",") if o.strip())

    def consultation_urls(self) -> tuple[str, str]:
        """Where Stripe Checkout sends the lead after paying, and after giving up."""
        base = (self.public_url or self.bot_api_base_url).rstrip("/")
        success = self.consultation_success_url or f"{base}/consultation/paid?session_id={{CHECKOUT_SESSION_ID}}"
        return success, self.consultation_cancel_url or f"{base}/consultation/cancelled"

    def source_is_real(self, source: Literal["mls", "ghl", "stripe"]) -> bool:
        """A source talks to the real API only with credentials and outside forced sandbox mode."""
        if self.sources == "sandbox":
            return False
        mls_credential = self.mls_token or (self.mls_client_id and self.mls_client_secret and self.mls_token_url)
        credential = {"mls": mls_credential, "ghl": self.ghl_token, "stripe": self.stripe_api_key}[source]
        return bool(credential)


def _binds_every_interface(host: str) -> bool:
    """0.0.0.0 or :: (a server's bind address) is not an address to connect to."""
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def load_settings(**overrides: object) -> Settings:
    """Build settings, turning validation failures into one clear `ConfigError`.

    `EHUB_ENV_FILE` names the dotenv file to read (default `.env`; empty reads none); a file others
    can read is made private, or refused in production.
    """
    env_file = os.environ.get("EHUB_ENV_FILE", ".env") or None
    if env_file is not None:
        production = (overrides.get("env") or os.environ.get(f"{ENV_PREFIX}ENV")) == "production"
        keep_private(Path(env_file), refuse=production)
    try:
        # pydantic-settings takes `_env_file` at run time; the model's typed signature does not show it.
        return Settings(_env_file=env_file, **overrides)  # type: ignore[arg-type, call-arg]
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        location = first.get("loc") or ()
        field = f"{ENV_PREFIX}{str(location[0]).upper()}" if location else None
        message = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
        text = f"{field}: {message}" if field else message
        raise ConfigError(text, field=field, code="SETTING_INVALID") from None
