"""Where the project's non-Python parts live (the dbt project, dashboards, this environment's console
scripts), found from the code."""

import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt"
DASHBOARDS_DIR = PROJECT_ROOT / "dashboards"
DASHBOARD_BUNDLE_DIR = DASHBOARDS_DIR / "bundle"


def tool(name: str) -> str:
    """The console script `name` from this environment (dbt, dagster, uvicorn)."""
    return str(Path(sys.executable).parent / name)
