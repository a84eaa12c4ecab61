"""Passwords, hashed with argon2id (argon2-cffi's defaults: 64 MiB, 3 passes, 4 lanes).

Memory-hard, so a stolen table costs an attacker memory per guess, not just a GPU core. A hash
made with older parameters is upgraded at the next successful sign-in. Signing in as an unknown
user still costs one verification, so response times do not tell which usernames exist.
"""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ehub.errors import ValidationError

MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_CHARS = 256  # argon2 takes any length; a bound keeps a sign-in request cheap to refuse
_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash(secrets.token_urlsafe(16))


def check_strength(password: str) -> None:
    if not MIN_PASSWORD_CHARS <= len(password) <= MAX_PASSWORD_CHARS:
        raise ValidationError(
            f"A password has {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters",
            field="password",
            code="PASSWORD_WEAK",
        )
    if len(set(password)) < 5:
        raise ValidationError(
            "A password needs more than a few distinct characters", field="password", code="PASSWORD_WEAK"
        )


def hash_password(password: str, *, checked: bool = True) -> str:
    """The argon2id hash of a new password (checked against the policy unless `checked` is False:
    a stored password upgraded to new parameters at sign-in)."""
    if checked:
        check_strength(password)
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether `password` matches `stored`; with no stored hash, the same work for a certain no."""
    try:
        return _HASHER.verify(stored or _DUMMY, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _HASHER.check_needs_rehash(stored)


def generate_password() -> str:
    """A random password for a new or reset account, shown once."""
    return secrets.token_urlsafe(18)
