"""Superset configuration for EnterpriseHub, read from the environment (no secrets in files).

Used by the docker-compose image and by `ehub dashboards serve` / the integration tests alike.
"""

import os

SECRET_KEY = os.environ["SUPERSET_SECRET_KEY"]
SQLALCHEMY_DATABASE_URI = os.environ.get("SUPERSET_METADATA_URL", "sqlite:////app/superset_home/superset.db")
FEATURE_FLAGS = {"DASHBOARD_NATIVE_FILTERS": True}
WTF_CSRF_ENABLED = True
TALISMAN_ENABLED = False
