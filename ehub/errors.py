"""One error shape for the API and the CLI.

Every failure a user can cause or meet is an `EhubError`: it carries a stable machine-readable
`error` kind and `code`, a human `message`, optionally the offending `field`, and the process exit
code the CLI uses. The API serialises `to_dict()`; the CLI prints the message (or the dict with
`--json`) and exits with `exit_code`. Nothing else should reach a user as a traceback.
"""

from __future__ import annotations

from typing import Any

# Exit codes, consistent across every `ehub` command.
EXIT_OK = 0
EXIT_FAILURE = 1  # the work ran and failed (a job, a check, a test)
EXIT_USAGE = 2  # bad command-line usage (click's own convention)
EXIT_CONFIG = 3  # configuration is invalid
EXIT_UNAVAILABLE = 4  # a dependency (database, source API) cannot be reached


class EhubError(Exception):
    """Base for every error a user may see."""

    error = "internal_error"
    code = "INTERNAL_ERROR"
    exit_code = EXIT_FAILURE
    http_status = 500

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        code: str | None = None,
        error: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code
        if error is not None:
            self.error = error

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": self.error, "message": self.message}
        if self.field is not None:
            body["field"] = self.field
        body["code"] = self.code
        return body

    def __str__(self) -> str:
        return f"{self.message} (field: {self.field})" if self.field else self.message


class ConfigError(EhubError):
    """A setting is missing, malformed or unsafe."""

    error = "invalid_configuration"
    code = "CONFIG_INVALID"
    exit_code = EXIT_CONFIG
    http_status = 500


class UnavailableError(EhubError):
    """Something we depend on (database, source API) cannot be reached."""

    error = "service_unavailable"
    code = "DEPENDENCY_UNAVAILABLE"
    exit_code = EXIT_UNAVAILABLE
    http_status = 503


class ValidationError(EhubError):
    """Input from a user or a caller is malformed."""

    error = "invalid_input"
    code = "INPUT_INVALID"
    exit_code = EXIT_USAGE
    http_status = 400


class JobFailedError(EhubError):
    """A pipeline run, a dbt command or another piece of work failed."""

    error = "job_failed"
    code = "JOB_FAILED"
    exit_code = EXIT_FAILURE
    http_status = 500
