"""The sandbox's simulated `now`, kept in the data directory so every process sees the same time.

`ehub sandbox advance --days N` moves it forward; the next sync then sees the new, changed and
deleted records those days brought. Without the file the sandbox stands at `SANDBOX_NOW`.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from ehub.errors import ValidationError
from sandbox.mls_data import SANDBOX_NOW

CLOCK_FILE = "sandbox-clock.json"


def _path(data_dir: Path) -> Path:
    return data_dir / CLOCK_FILE


def sandbox_now(data_dir: Path) -> datetime:
    path = _path(data_dir)
    if not path.exists():
        return SANDBOX_NOW
    return datetime.fromisoformat(json.loads(path.read_text())["now"])


def advance(data_dir: Path, days: float) -> datetime:
    """Move the sandbox clock forward by `days` (never backward) and return the new time."""
    if days <= 0:
        raise ValidationError("The sandbox clock only moves forward: give a positive number of days", field="days")
    moved = sandbox_now(data_dir) + timedelta(days=days)
    data_dir.mkdir(parents=True, exist_ok=True)
    _path(data_dir).write_text(json.dumps({"now": moved.isoformat()}))
    return moved
