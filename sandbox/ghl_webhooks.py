"""The sandbox's webhook signing key: GoHighLevel signs webhooks with its private key; in sandbox
mode this published test key pair stands in for it, so signatures are still checked end to end."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

# A fixed, public test key (32 bytes of seed): it protects nothing but sandbox demos.
_SEED = bytes(range(32))
SANDBOX_PRIVATE_KEY = Ed25519PrivateKey.from_private_bytes(_SEED)
SANDBOX_PUBLIC_KEY_PEM = (
    SANDBOX_PRIVATE_KEY.public_key()
    .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    .decode()
)


def signed_webhook(
    event: dict[str, Any], *, private_key: Ed25519PrivateKey = SANDBOX_PRIVATE_KEY, now: datetime | None = None
) -> tuple[bytes, dict[str, str]]:
    """The raw body and headers GoHighLevel would send for `event` (timestamp added if missing)."""
    body = json.dumps({"timestamp": (now or datetime.now(UTC)).isoformat(), **event}).encode()
    return body, {
        "X-GHL-Signature": base64.b64encode(private_key.sign(body)).decode(),
        "Content-Type": "application/json",
    }
