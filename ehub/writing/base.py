"""What every writer shares: the request it is given, the draft it returns, the usage it reports.

A writer is provider-neutral: `write(request, timeout)` returns a `Draft` or raises
`ProviderFailure` with a short kind (rate_limited, overloaded, server_error, timeout, connection,
bad_response), so the chain in `ehub.writing.chain` can fall back in order without knowing SDKs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.input_tokens + other.input_tokens,
            self.output_tokens + other.output_tokens,
            self.cache_read_tokens + other.cache_read_tokens,
            self.cache_write_tokens + other.cache_write_tokens,
        )

    def public(self) -> dict[str, int]:
        return {
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "cache_read_tokens": self.cache_read_tokens,
            "cache_write_tokens": self.cache_write_tokens,
        }


@dataclass(frozen=True)
class WritingRequest:
    """One reply to write: the engine's template and the facts it was built from."""

    template: str  # the engine's reply, without the introduction (kept verbatim in front)
    language: str
    bot: str
    intent: str
    message: str  # what the lead said (sent to the provider, never stored)
    facts: dict[str, Any] = field(default_factory=dict)
    # The conversation before this message (ehub.writing.context): a summary of its older part and
    # its latest messages verbatim; sent to the provider, never stored.
    summary: dict[str, Any] | None = None
    history: tuple[dict[str, str], ...] = ()

    def brief(self) -> dict[str, Any]:
        brief: dict[str, Any] = {
            "language": self.language,
            "bot": self.bot,
            "intent": self.intent,
            "lead_message": self.message,
            "template_reply": self.template,
            "facts": self.facts,
        }
        if self.summary is not None:
            brief["conversation_summary"] = self.summary
        if self.history:
            brief["latest_messages"] = list(self.history)
        return brief


@dataclass(frozen=True)
class Exchange:
    """One HTTP exchange with a provider (a tool loop makes several): what the ledger records."""

    usage: Usage
    latency_ms: int
    outcome: str  # "ok", or the failure kind


@dataclass
class Draft:
    text: str
    provider: str
    model: str
    exchanges: list[Exchange] = field(default_factory=list)
    tool_results: list[Any] = field(default_factory=list)  # what the tools returned: facts too


class ProviderFailure(Exception):  # noqa: N818 - a failure of the provider, not of this code
    def __init__(self, kind: str, exchanges: list[Exchange] | None = None) -> None:
        super().__init__(kind)
        self.kind, self.exchanges = kind, exchanges or []


class Writer(Protocol):
    provider: str
    model: str

    def write(self, request: WritingRequest, timeout: float) -> Draft: ...
