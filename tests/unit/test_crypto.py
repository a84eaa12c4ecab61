"""Personal data at rest: encryption with rotating keys and blind indexes for lookups."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from ehub.crypto import DEV_SECRETS_FILE, cipher_from_settings, normalise_phone
from ehub.errors import ConfigError, ValidationError
from ehub.settings import load_settings


def _cipher(keys: list[str], index_key: str = "i" * 40):
    settings = load_settings(encryption_keys=",".join(keys), blind_index_key=index_key)
    return cipher_from_settings(settings)


def test_round_trip_and_no_clear_text_in_the_token() -> None:
    cipher = _cipher([Fernet.generate_key().decode()])
    token = cipher.encrypt("+1 512 555 0143")
    assert "512" not in token
    assert cipher.decrypt(token) == "+1 512 555 0143"
    assert cipher.encrypt(None) is None


def test_rotation_keeps_old_data_readable_and_rewraps_it() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    token = _cipher([old]).encrypt("maria@example.com")
    rotated_cipher = _cipher([new, old])
    assert rotated_cipher.decrypt(token) == "maria@example.com"
    rewrapped = rotated_cipher.rotate(token)
    assert _cipher([new]).decrypt(rewrapped) == "maria@example.com"
    with pytest.raises(ConfigError, match="cannot be decrypted"):
        _cipher([new]).decrypt(token)


def test_blind_index_matches_the_same_phone_however_written() -> None:
    cipher = _cipher([Fernet.generate_key().decode()])
    forms = ["(512) 555-0143", "+1 512-555-0143", "512.555.0143", "15125550143"]
    assert len({cipher.blind_index("phone", form) for form in forms}) == 1
    assert cipher.blind_index("email", " Maria@Example.COM ") == cipher.blind_index("email", "maria@example.com")
    assert cipher.blind_index("phone", "512-555-0143") != cipher.blind_index("phone", "512-555-0144")


def test_blind_index_depends_on_its_key() -> None:
    key = Fernet.generate_key().decode()
    first = _cipher([key], "a" * 40).blind_index("email", "a@b.co")
    second = _cipher([key], "b" * 40).blind_index("email", "a@b.co")
    assert first != second
    assert "a@b.co" not in first


def test_invalid_phone_is_a_structured_error() -> None:
    with pytest.raises(ValidationError) as raised:
        normalise_phone("call me maybe")
    assert raised.value.to_dict() == {
        "error": "invalid_lead_data",
        "message": "Phone number format invalid",
        "field": "phone",
        "code": "PHONE_FORMAT_ERROR",
    }


def test_invalid_key_is_refused_with_its_position() -> None:
    with pytest.raises(ConfigError, match="key #2 is not a valid Fernet key"):
        _cipher([Fernet.generate_key().decode(), "not-a-key"])


def test_development_keys_are_generated_once_and_reused(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    token = cipher_from_settings(settings).encrypt("Jane Doe")
    secrets_file = tmp_path / DEV_SECRETS_FILE
    assert secrets_file.stat().st_mode & 0o777 == 0o600
    assert cipher_from_settings(load_settings(data_dir=tmp_path)).decrypt(token) == "Jane Doe"


def test_production_never_generates_keys(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path, env="development")
    object.__setattr__(settings, "env", "production")
    with pytest.raises(ConfigError):
        cipher_from_settings(settings)
    assert not (tmp_path / DEV_SECRETS_FILE).exists()
