"""Personal data at rest: field encryption and blind indexes.

Phones, emails, names and message bodies are stored only as Fernet tokens. `MultiFernet` lets
keys rotate: the first key encrypts, every listed key decrypts, and `rotate()` re-encrypts an old
token under the newest key. Equality lookups (find the contact with this phone) use a blind index:
an HMAC-SHA256, under a separate key, of the normalised value (E.164 phone, lower-cased email), so
the database can match without ever holding the value.

Keys come from `EHUB_ENCRYPTION_KEYS` and `EHUB_BLIND_INDEX_KEY`. Outside production, missing keys
are generated once into `<data_dir>/dev-secrets.env` (mode 0600) and reused, so a demo works with
no configuration and its data stays readable across runs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from ehub.errors import ConfigError, ValidationError
from ehub.secret_checks import keep_private
from ehub.settings import Settings

DEV_SECRETS_FILE = "dev-secrets.env"
DEFAULT_PHONE_REGION = "US"
# Character classes spelt out, so the same patterns mean the same in Python and in the API's
# OpenAPI document (ECMA regexes, whose `\s` differs): whitespace is exactly what str.isspace() says.
WHITESPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# An address: no whitespace, one @, a domain of dot-separated labels. Unambiguous, so linear on any input.
EMAIL_PATTERN = rf"^[^@{WHITESPACE}\x00]+@[^@.{WHITESPACE}\x00]+(?:\.[^@.{WHITESPACE}\x00]+)+$"
_EMAIL = re.compile(EMAIL_PATTERN)
MAX_EMAIL_CHARS = 320  # RFC 5321's limit for a path

BlindIndexKind = Literal["phone", "email"]


def normalise_phone(raw: str, region: str = DEFAULT_PHONE_REGION) -> str:
    """E.164 form of a phone number, e.g. '(512) 555-0143' -> '+15125550143'."""
    import phonenumbers  # its metadata tables load only when a number is given

    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_possible_number(parsed):
        raise ValidationError(
            "Phone number format invalid", field="phone", code="PHONE_FORMAT_ERROR", error="invalid_lead_data"
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(raw: str) -> str:
    """Trimmed, lower-cased email address."""
    email = raw.strip().lower()
    if len(email) > MAX_EMAIL_CHARS or not _EMAIL.match(email):
        raise ValidationError(
            "Email address format invalid", field="email", code="EMAIL_FORMAT_ERROR", error="invalid_lead_data"
        )
    return email


@dataclass(frozen=True)
class PersonalDataCipher:
    """Encrypts personal fields and computes their blind indexes."""

    fernet: MultiFernet
    blind_index_key: bytes
    newest_key: str | None = field(default=None, repr=False)  # the first of EHUB_ENCRYPTION_KEYS
    previous_blind_index_key: bytes | None = field(default=None, repr=False)  # after a blind-index rotation

    def encrypt(self, plaintext: str | None) -> str | None:
        if plaintext is None:
            return None
        return self.fernet.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str | None) -> str | None:
        if token is None:
            return None
        try:
            return self.fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken:
            raise ConfigError(
                "A stored value cannot be decrypted with the configured keys (was a key removed?)",
                field="EHUB_ENCRYPTION_KEYS",
                code="DECRYPT_FAILED",
            ) from None

    def rotate(self, token: str) -> str:
        """Re-encrypt a token under the newest key."""
        return self.fernet.rotate(token.encode("ascii")).decode("ascii")

    def _newest(self) -> str:
        if self.newest_key is None:
            raise ConfigError("This cipher does not know its newest key", code="CIPHER_WITHOUT_KEYS")
        return self.newest_key

    def newest_only(self) -> PersonalDataCipher:
        """The same cipher with only the newest encryption key: what remains once older keys go."""
        return PersonalDataCipher(MultiFernet([Fernet(self._newest())]), self.blind_index_key, self.newest_key)

    def is_current(self, token: str) -> bool:
        """Whether a token is sealed under the newest key (it needs no rotation)."""
        try:
            Fernet(self._newest()).decrypt(token.encode("ascii"))
        except InvalidToken:
            return False
        return True

    @property
    def newest_key_fingerprint(self) -> str:
        """A short, non-secret name of the newest encryption key, for rotation progress records."""
        digest = hmac.new(self._newest().encode(), b"ehub key fingerprint", hashlib.sha256).hexdigest()
        return digest[:16]

    def derived_key(self, purpose: str) -> bytes:
        """A key for another use (signing chat sessions), derived from the blind-index key so one
        secret to keep serves both, without ever using the same key for two purposes."""
        return hmac.new(self.blind_index_key, f"ehub derived key: {purpose}".encode(), hashlib.sha256).digest()

    def derived_keys(self, purpose: str) -> list[bytes]:
        """The derived key, then the one derived from the previous blind-index key (if any): what
        verifies a long-lived link (an email's unsubscribe link) signed before a rotation."""
        keys = [self.derived_key(purpose)]
        if self.previous_blind_index_key:
            keys.append(
                hmac.new(
                    self.previous_blind_index_key, f"ehub derived key: {purpose}".encode(), hashlib.sha256
                ).digest()
            )
        return keys

    def blind_index(self, kind: BlindIndexKind, value: str) -> str:
        """Keyed hash of the normalised value, for equality lookups."""
        normalised = normalise_phone(value) if kind == "phone" else normalise_email(value)
        message = f"{kind}:{normalised}".encode()
        return hmac.new(self.blind_index_key, message, hashlib.sha256).hexdigest()


def _parse_fernet_keys(raw: str) -> MultiFernet:
    keys = [key.strip() for key in raw.split(",") if key.strip()]
    if not keys:
        raise ConfigError("EHUB_ENCRYPTION_KEYS is empty", field="EHUB_ENCRYPTION_KEYS")
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key))
        except ValueError:
            raise ConfigError(
                f"EHUB_ENCRYPTION_KEYS key #{position} is not a valid Fernet key "
                "(32 url-safe base64-encoded bytes; make one with `ehub keys generate`)",
                field="EHUB_ENCRYPTION_KEYS",
                code="ENCRYPTION_KEY_INVALID",
            ) from None
    return MultiFernet(fernets)


def _dev_secrets(data_dir: Path) -> dict[str, str]:
    """Read, or create once, the development key file under the data directory."""
    path = data_dir / DEV_SECRETS_FILE
    if path.exists():
        keep_private(path)
    else:
        data_dir.mkdir(parents=True, exist_ok=True)
        content = (
            "# Generated once by EnterpriseHub for local development. Never use in production.\n"
            f"EHUB_ENCRYPTION_KEYS={Fernet.generate_key().decode()}\n"
            f"EHUB_BLIND_INDEX_KEY={secrets.token_urlsafe(48)}\n"
        )
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(content)
    values: dict[str, str] = {}
    for line in path.read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            values[name.strip()] = value.strip()
    return values


def cipher_from_settings(settings: Settings) -> PersonalDataCipher:
    """The cipher for the configured keys (development keys are generated once if absent)."""
    keys = settings.encryption_keys.get_secret_value() if settings.encryption_keys else None
    index_key = settings.blind_index_key.get_secret_value() if settings.blind_index_key else None
    if keys is None or index_key is None:
        if settings.env == "production":
            raise ConfigError("Encryption keys are required in production", field="EHUB_ENCRYPTION_KEYS")
        dev = _dev_secrets(settings.data_dir)
        keys = keys or dev["EHUB_ENCRYPTION_KEYS"]
        index_key = index_key or dev["EHUB_BLIND_INDEX_KEY"]
    newest = next(key.strip() for key in keys.split(",") if key.strip()) if keys.strip() else None
    previous = settings.previous_blind_index_key.get_secret_value() if settings.previous_blind_index_key else None
    return PersonalDataCipher(
        fernet=_parse_fernet_keys(keys),
        blind_index_key=index_key.encode("utf-8"),
        newest_key=newest,
        previous_blind_index_key=previous.encode("utf-8") if previous else None,
    )


def generate_keys() -> dict[str, str]:
    """Fresh production-grade values for the two key variables."""
    return {
        "EHUB_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "EHUB_BLIND_INDEX_KEY": base64.urlsafe_b64encode(secrets.token_bytes(48)).decode(),
    }
