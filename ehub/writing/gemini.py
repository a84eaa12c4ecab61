"""Gemini through the `google-genai` SDK: the fallback reply writer when Claude fails.

It writes from the same brief and prompt as Claude, without tools (the facts the engine gathered
are in the brief), in one `generateContent` call bounded by what is left of the reply's budget.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
from google import genai
from google.genai import errors, types

from ehub.writing.base import Draft, Exchange, ProviderFailure, Usage, WritingRequest
from ehub.writing.prompts import Prompt, prompt
from ehub.writing.tools import as_json

MAX_OUTPUT_TOKENS = 400


class GeminiWriter:
    provider = "gemini"

    def __init__(self, api_key: str, model: str, *, base_url: str | None = None) -> None:
        self.model = model
        options = types.HttpOptions(base_url=base_url) if base_url else None
        self.client = genai.Client(api_key=api_key, http_options=options)
        self.prompt = prompt("reply")

    def write(self, request: WritingRequest, timeout: float) -> Draft:
        draft = Draft(text="", provider=self.provider, model=self.model)
        draft.text = generate(self.client, self.model, self.prompt, as_json(request.brief()), timeout, draft)
        return draft


def generate(
    client: genai.Client,
    model: str,
    system: Prompt,
    content: str,
    timeout: float,
    draft: Draft,
    *,
    json_schema: dict[str, Any] | None = None,
    max_output_tokens: int = MAX_OUTPUT_TOKENS,
    temperature: float = 0.4,
) -> str:
    """One generateContent call; its exchange is added to `draft`, a failure raised as ProviderFailure.

    With `json_schema` the answer is JSON in that schema (structured output); the caller validates it."""
    if timeout <= 0:
        raise ProviderFailure("timeout", draft.exchanges)
    started = time.monotonic()
    try:
        response = client.models.generate_content(
            model=model,
            contents=content,
            config=types.GenerateContentConfig(
                system_instruction=system.text,
                max_output_tokens=max_output_tokens,
                temperature=temperature,
                response_mime_type="application/json" if json_schema is not None else None,
                response_json_schema=json_schema,
                http_options=types.HttpOptions(timeout=max(1, int(timeout * 1000))),
            ),
        )
    except errors.APIError as failure:
        kind = {429: "rate_limited", 503: "overloaded"}.get(
            failure.code, "server_error" if failure.code >= 500 else "refused"
        )
        draft.exchanges.append(Exchange(Usage(), _ms(started), kind))
        raise ProviderFailure(kind, draft.exchanges) from failure
    except httpx.TimeoutException as failure:
        draft.exchanges.append(Exchange(Usage(), _ms(started), "timeout"))
        raise ProviderFailure("timeout", draft.exchanges) from failure
    except httpx.HTTPError as failure:
        draft.exchanges.append(Exchange(Usage(), _ms(started), "connection"))
        raise ProviderFailure("connection", draft.exchanges) from failure
    meta = response.usage_metadata
    cached = (meta.cached_content_token_count or 0) if meta else 0
    usage = (
        Usage((meta.prompt_token_count or 0) - cached, meta.candidates_token_count or 0, cached, 0) if meta else Usage()
    )
    draft.exchanges.append(Exchange(usage, _ms(started), "ok"))
    return (response.text or "").strip()


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
