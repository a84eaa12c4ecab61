"""Checks on secrets and the files that hold them: how strong a key looks, which public key a PEM
is, and that a secrets file is not readable by other users. Settings validation uses them; they know
nothing of settings."""

from __future__ import annotations

import hashlib
import logging
import math
import zlib
from collections import Counter
from pathlib import Path

from ehub.errors import ConfigError

_logger = logging.getLogger(__name__)
ZLIB_OVERHEAD_BYTES = 8


def estimated_entropy_bits(secret: str) -> float:
    """A rough strength estimate: the per-character Shannon entropy of the string, times its length
    after compression (so repetition counts once). It cannot prove a key random, but it catches
    `xxxx…`, `changeme` repeated and other keys typed by hand."""
    if not secret:
        return 0.0
    counts, length = Counter(secret), len(secret)
    per_char = -sum(n / length * math.log2(n / length) for n in counts.values())
    compressed = len(zlib.compress(secret.encode(), 9)) - ZLIB_OVERHEAD_BYTES
    return per_char * max(1, min(length, compressed))


def public_key_fingerprint(pem: str) -> str | None:
    """SHA-256 of a PEM public key's raw bytes (None when it is not a key we can read)."""
    from cryptography.hazmat.primitives import serialization

    try:
        key = serialization.load_pem_public_key(pem.replace("\\n", "\n").encode())
    except ValueError:
        return None
    try:
        raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    except ValueError:  # RSA keys have no raw form
        raw = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(raw).hexdigest()


def keep_private(path: Path, *, refuse: bool = False) -> None:
    """A secrets file that other users can read is made private (0600) with a warning, or, with
    `refuse` (production), refused: its keys may already have been read."""
    if not path.is_file() or not path.stat().st_mode & 0o077:
        return
    if refuse:
        raise ConfigError(
            f"{path} holds secrets and is readable by other users: `chmod 600 {path}`, and rotate what it holds",
            code="SECRETS_FILE_EXPOSED",
        )
    path.chmod(0o600)
    _logger.warning("%s holds secrets and was readable by other users; its mode is now 0600", path)
