"""Where the project's non-Python parts live (the dbt project, dashboards), found from the code."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt"
DASHBOARDS_DIR = PROJECT_ROOT / "dashboards"
