"""Claude as the reply writer, through the `anthropic` SDK's Messages API.

The system prompt and the tool definitions carry `cache_control`, so repeated turns read them from
the prompt cache. Claude may call the read-only tools (ehub.writing.tools) a few rounds before it
answers. The SDK's own retries are off: this writer retries a 429 or 529 once, when the
`retry-after` it was given still fits in the reply's time budget, so a reply never waits longer
than its budget.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, cast

import anthropic

from ehub.writing.base import Draft, Exchange, ProviderFailure, Usage, WritingRequest
from ehub.writing.prompts import prompt
from ehub.writing.tools import TOOLS, as_json, run_tool

if TYPE_CHECKING:
    from anthropic.types import ContentBlock, ContentBlockParam, Message, MessageParam, ToolParam, ToolResultBlockParam

    from ehub.bots.exchange import MarketData

MAX_TOOL_ROUNDS = 3
MAX_OUTPUT_TOKENS = 400
RETRYABLE = {429: "rate_limited", 529: "overloaded"}


class ClaudeWriter:
    provider = "anthropic"

    def __init__(
        self, api_key: str, model: str, *, base_url: str | None = None, market: MarketData | None = None
    ) -> None:
        self.model, self.market = model, market
        self.client = anthropic.Anthropic(api_key=api_key, base_url=base_url, max_retries=0)
        self.prompt = prompt("reply")
        tools: list[ToolParam] = [
            {"name": tool["name"], "description": tool["description"], "input_schema": tool["input_schema"]}
            for tool in TOOLS
        ]
        tools[-1] = {**tools[-1], "cache_control": {"type": "ephemeral"}}  # caches every tool before it too
        self.tools = tools

    def write(self, request: WritingRequest, timeout: float) -> Draft:
        """Claude's reply to `request`, after any tool calls, within `timeout` seconds in all."""
        deadline = time.monotonic() + timeout
        draft = Draft(text="", provider=self.provider, model=self.model)
        messages: list[MessageParam] = [{"role": "user", "content": as_json(request.brief())}]
        for _ in range(MAX_TOOL_ROUNDS + 1):
            response = self._create(messages, deadline, draft)
            calls = [block for block in response.content if block.type == "tool_use"]
            if response.stop_reason != "tool_use" or not calls:
                draft.text = "".join(block.text for block in response.content if block.type == "text").strip()
                return draft
            messages.append({"role": "assistant", "content": [_as_param(block) for block in response.content]})
            results: list[ToolResultBlockParam] = []
            for call in calls:
                result = run_tool(call.name, dict(call.input or {}), self.market, request.facts)
                draft.tool_results.append(result)
                results.append({"type": "tool_result", "tool_use_id": call.id, "content": as_json(result)})
            messages.append({"role": "user", "content": results})
        raise ProviderFailure("tool_loop", draft.exchanges)

    def _create(self, messages: list[MessageParam], deadline: float, draft: Draft) -> Message:
        return create(
            self.client,
            deadline,
            draft.exchanges,
            model=self.model,
            max_tokens=MAX_OUTPUT_TOKENS,
            system=[{"type": "text", "text": self.prompt.text, "cache_control": {"type": "ephemeral"}}],
            tools=self.tools,
            messages=messages,
        )


def create(client: anthropic.Anthropic, deadline: float, exchanges: list[Exchange], **request: Any) -> Message:
    """One Messages API call by `deadline`, a 429 or 529 retried once when its `retry-after` fits;
    each exchange is added to `exchanges`, a failure raised as ProviderFailure."""
    for attempt in (1, 2):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise ProviderFailure("timeout", exchanges)
        started = time.monotonic()
        try:
            response: Message = client.with_options(timeout=remaining).messages.create(**request)
        except anthropic.APIStatusError as failure:
            kind = RETRYABLE.get(failure.status_code, "server_error" if failure.status_code >= 500 else "refused")
            exchanges.append(Exchange(Usage(), _ms(started), kind))
            wait = _retry_after(failure.response.headers.get("retry-after"))
            if attempt == 1 and kind in RETRYABLE.values() and wait is not None and wait < deadline - time.monotonic():
                time.sleep(wait)
                continue
            raise ProviderFailure(kind, exchanges) from failure
        except anthropic.APITimeoutError as failure:
            exchanges.append(Exchange(Usage(), _ms(started), "timeout"))
            raise ProviderFailure("timeout", exchanges) from failure
        except anthropic.APIConnectionError as failure:
            exchanges.append(Exchange(Usage(), _ms(started), "connection"))
            raise ProviderFailure("connection", exchanges) from failure
        except anthropic.APIResponseValidationError as failure:
            exchanges.append(Exchange(Usage(), _ms(started), "bad_response"))
            raise ProviderFailure("bad_response", exchanges) from failure
        usage = response.usage
        exchanges.append(
            Exchange(
                Usage(
                    usage.input_tokens,
                    usage.output_tokens,
                    usage.cache_read_input_tokens or 0,
                    usage.cache_creation_input_tokens or 0,
                ),
                _ms(started),
                "ok",
            )
        )
        return response
    raise ProviderFailure("rate_limited", exchanges)


def _as_param(block: ContentBlock) -> ContentBlockParam:
    """An answer's content block as it is sent back: only the fields the Messages API takes."""
    if block.type == "tool_use":
        return {"type": "tool_use", "id": block.id, "name": block.name, "input": block.input}
    if block.type == "text":
        return {"type": "text", "text": block.text}
    # The SDK types a block's dump as a plain dict; the dump of a response block is its request shape.
    return cast("ContentBlockParam", block.model_dump(exclude_none=True))


def _retry_after(header: str | None) -> float | None:
    try:
        return max(0.0, float(header)) if header is not None else None
    except ValueError:
        return None


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
