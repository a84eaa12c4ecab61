"""A Superset REST client for the few calls that keep dashboards as code: log in, import, export.

Superset's API wants a JWT from `/api/v1/security/login` and, for every form POST, the CSRF
token from `/api/v1/security/csrf_token/` with the session cookie that came with it; the httpx
client keeps that cookie. Imports go through the documented `/api/v1/<kind>/import/` endpoints.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

import httpx
import yaml

from ehub.errors import EhubError, UnavailableError, ValidationError

TIMEOUT = httpx.Timeout(120.0, connect=10.0)


class SupersetError(EhubError):
    """Superset refused a call (bad credentials, an invalid bundle)."""

    error = "superset_rejected"
    code = "SUPERSET_REJECTED"


@dataclass(frozen=True)
class SupersetCredentials:
    url: str
    username: str
    password: str


class SupersetClient:
    """One logged-in session against a Superset instance."""

    def __init__(self, credentials: SupersetCredentials, *, transport: httpx.BaseTransport | None = None) -> None:
        if not credentials.url.startswith(("http://", "https://")):
            raise ValidationError("The Superset URL must start with http:// or https://", field="superset_url")
        self._credentials = credentials
        self._http = httpx.Client(base_url=credentials.url.rstrip("/"), timeout=TIMEOUT, transport=transport)
        self._login()

    def __enter__(self) -> SupersetClient:
        return self

    def __exit__(self, *_: object) -> None:
        self._http.close()

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as error:
            raise UnavailableError(
                f"Superset at {self._credentials.url} cannot be reached: {error}", code="SUPERSET_UNREACHABLE"
            ) from error
        if response.status_code >= 400:
            raise SupersetError(f"Superset answered {response.status_code} to {method} {path}: {_message(response)}")
        return response

    def _login(self) -> None:
        body = {
            "username": self._credentials.username,
            "password": self._credentials.password,
            "provider": "db",
            "refresh": True,
        }
        try:
            token = self._request("POST", "/api/v1/security/login", json=body).json()["access_token"]
        except SupersetError as error:
            raise SupersetError(
                f"Superset refused the login of {self._credentials.username!r}: check the credentials",
                code="SUPERSET_LOGIN_FAILED",
            ) from error
        self._http.headers["Authorization"] = f"Bearer {token}"
        csrf = self._request("GET", "/api/v1/security/csrf_token/").json()["result"]
        self._http.headers["X-CSRFToken"] = csrf
        self._http.headers["Referer"] = self._credentials.url

    def import_zip(self, kind: str, archive: bytes, *, passwords: dict[str, str]) -> None:
        """POST one bundle zip to `/api/v1/<kind>/import/` with `overwrite=true`."""
        endpoint = {"databases": "database", "datasets": "dataset", "charts": "chart", "dashboards": "dashboard"}[kind]
        self._request(
            "POST",
            f"/api/v1/{endpoint}/import/",
            files={"formData": ("bundle.zip", archive, "application/zip")},
            data={"overwrite": "true", "passwords": json.dumps(passwords)},
        )

    def dashboard_id(self, id_or_slug: str | int) -> int | None:
        try:
            return int(self._request("GET", f"/api/v1/dashboard/{id_or_slug}").json()["result"]["id"])
        except SupersetError as error:
            if "404" in error.message:
                return None
            raise

    def export_dashboards(self, ids: list[int]) -> dict[str, dict[str, Any]]:
        """The dashboards, their charts, datasets and database as Superset exports them, by path."""
        if not ids:
            return {}
        query = "!(" + ",".join(str(number) for number in ids) + ")"
        archive = self._request("GET", "/api/v1/dashboard/export/", params={"q": query}).content
        files: dict[str, dict[str, Any]] = {}
        with zipfile.ZipFile(io.BytesIO(archive)) as opened:
            for name in opened.namelist():
                relative = name.split("/", 1)[1] if "/" in name else name
                if relative.endswith(".yaml") and relative != "metadata.yaml":
                    files[relative] = yaml.safe_load(opened.read(name))
        return files

    def charts_of_dashboard(self, dashboard_id: int) -> list[dict[str, Any]]:
        return self._request("GET", f"/api/v1/dashboard/{dashboard_id}/charts").json()["result"]

    def chart_data(self, chart_id: int) -> dict[str, Any]:
        """What `/api/v1/chart/{id}/data/` returns: the chart's saved query run against its database."""
        return self._request("GET", f"/api/v1/chart/{chart_id}/data/").json()

    def get(self, path: str, **params: Any) -> dict[str, Any]:
        return self._request("GET", path, params=params or None).json()


def _message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:300]
    if isinstance(body, dict):
        for key in ("message", "errors", "msg"):
            if key in body:
                return json.dumps(body[key])[:600]
    return json.dumps(body)[:600]
