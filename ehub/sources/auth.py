"""Authentication for source APIs: a static bearer token, or OAuth2 client credentials.

The client-credentials flow fetches a token on first use, reuses it until shortly before it
expires, and fetches a fresh one once if the API answers 401 (a token revoked or expired early).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator

import httpx

from ehub.errors import EhubError

REFRESH_MARGIN_SECONDS = 60


class SourceAuthError(EhubError):
    error = "source_authentication_failed"
    code = "SOURCE_AUTH_FAILED"


class BearerToken(httpx.Auth):
    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request


class ClientCredentials(httpx.Auth):
    """OAuth2 client-credentials grant (RFC 6749 §4.4) with a cached, refreshed access token."""

    requires_response_body = True

    def __init__(
        self, token_url: str, client_id: str, client_secret: str, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.token_url, self.client_id, self._secret = token_url, client_id, client_secret
        self._clock = clock
        self._token: str | None = None
        self._expires_at = 0.0

    def _token_request(self) -> httpx.Request:
        form = {"grant_type": "client_credentials", "client_id": self.client_id, "client_secret": self._secret}
        return httpx.Request("POST", self.token_url, data=form, headers={"Accept": "application/json"})

    def _store(self, response: httpx.Response) -> None:
        if not response.is_success:
            raise SourceAuthError(
                f"The token endpoint {self.token_url} refused the client credentials (HTTP {response.status_code})"
            )
        body = response.json()
        self._token = body["access_token"]
        self._expires_at = self._clock() + float(body.get("expires_in", 3600)) - REFRESH_MARGIN_SECONDS

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._token is None or self._clock() >= self._expires_at:
            self._store((yield self._token_request()))
        request.headers["Authorization"] = f"Bearer {self._token}"
        response = yield request
        if response.status_code == 401:
            self._store((yield self._token_request()))
            request.headers["Authorization"] = f"Bearer {self._token}"
            yield request
