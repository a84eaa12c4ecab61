#!/usr/bin/env bash
# Bring a fresh Superset up: schema, admin user, roles, then serve.
set -euo pipefail
superset db upgrade
superset fab create-admin --username "${SUPERSET_ADMIN_USER:-admin}" --firstname Admin --lastname EnterpriseHub \
    --email admin@enterprisehub.invalid --password "${SUPERSET_ADMIN_PASSWORD}" || true
superset init
exec gunicorn --bind 0.0.0.0:8088 --workers 2 --timeout 120 "superset.app:create_app()"
