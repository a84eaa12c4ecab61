"""Run the real `ehub` console script the way a user does."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

EHUB = str(Path(sys.executable).parent / "ehub")


def ehub_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("EHUB_")}
    env.update(
        {
            "EHUB_DATA_DIR": str(data_dir),
            "EHUB_ENV_FILE": "",
            "NO_COLOR": "1",
            "DBT_USE_COLORS": "false",
            "COLUMNS": "200",
        }
    )
    env.update(extra)
    return env


def run_ehub(*args: str, data_dir: Path, timeout: float = 600, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [EHUB, *args],
        env=ehub_env(data_dir, **extra),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=data_dir,
        check=False,
    )


def production_environment(**overrides: str) -> dict[str, str]:
    """A complete production configuration: strong keys, a credential for every source, a webhook key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from ehub.crypto import generate_keys

    pem = (
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return {
        "EHUB_ENV": "production",
        "EHUB_SOURCES": "auto",
        **generate_keys(),
        # Credentials shaped like production's, made up for each run: none is ever committed.
        "EHUB_MLS_TOKEN": f"mls-{secrets.token_hex(8)}",
        "EHUB_GHL_TOKEN": f"pit-{secrets.token_hex(10)}",
        "EHUB_GHL_LOCATION_ID": "loc123",
        "EHUB_STRIPE_API_KEY": "sk_" + "live_" + secrets.token_hex(12),
        "EHUB_STRIPE_WEBHOOK_SECRET": f"whsec_{secrets.token_hex(16)}",
        "EHUB_GHL_WEBHOOK_PUBLIC_KEY": pem,
        "EHUB_BROKERAGE_NAME": "Jorge Realty Group",
        "EHUB_BROKERAGE_LICENSE": "9012345",
        "EHUB_BROKERAGE_ADDRESS": "100 Congress Ave, Suite 200, Austin, TX 78701",
        "EHUB_IABS_URL": "https://jorge-realty.example/iabs.pdf",
        "EHUB_PUBLIC_URL": "https://api.jorge-realty.example",
        **overrides,
    }
