"""Run the real `ehub` console script the way a user does."""

from __future__ import annotations

import os
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
