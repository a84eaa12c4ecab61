"""The errors of signing in and of tokens, in the platform's one shape."""

from __future__ import annotations

from ehub.errors import EhubError


class AuthenticationError(EhubError):
    """Wrong credentials, or a token that is forged, expired, revoked or reused."""

    error = "not_authorized"
    code = "AUTHENTICATION_FAILED"
    http_status = 401


class UserNotFoundError(EhubError):
    error = "not_found"
    code = "USER_NOT_FOUND"
    http_status = 404


class UserExistsError(EhubError):
    error = "conflict"
    code = "USER_EXISTS"
    http_status = 409
