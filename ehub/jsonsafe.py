"""Strict JSON for what callers send us: UTF-8, no NUL characters, bounded nesting, no duplicate keys.

Each check closes a way to make the service misbehave: invalid UTF-8 and NUL characters reach
PostgreSQL (which refuses NUL in text) as server errors; deep nesting costs recursion; duplicate
keys let two parsers disagree on what a request said (a signed webhook read one way by the
signature check's reader and another by ours). Every check is one linear pass.
"""

from __future__ import annotations

import json
from typing import Any

from ehub.errors import ValidationError

MAX_DEPTH = 16  # our payloads nest three or four levels; GoHighLevel's a few more


class UnsafeJsonError(ValidationError):
    error = "invalid_json"
    code = "JSON_INVALID"


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise UnsafeJsonError(f"The key {key[:40]!r} appears twice in one object", code="JSON_DUPLICATE_KEY")
        result[key] = value
    return result


def _problem(value: Any, max_depth: int) -> str | None:
    """What is wrong inside a parsed value (a NUL, too deep), walked with a stack: no recursion."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return "JSON_NUL"
        elif isinstance(item, dict | list):
            if depth >= max_depth:
                return "JSON_TOO_DEEP"
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return None


def strict_loads(body: bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """The parsed body, or `UnsafeJsonError` naming what is wrong with it."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise UnsafeJsonError("The body is not valid UTF-8", code="JSON_NOT_UTF8") from None
    if "\x00" in text:
        raise UnsafeJsonError("The body contains a NUL character", code="JSON_NUL")
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates)
    except RecursionError:  # the C parser stops itself at the interpreter's depth limit
        raise UnsafeJsonError(f"JSON nested deeper than {max_depth} levels", code="JSON_TOO_DEEP") from None
    except json.JSONDecodeError as error:
        raise UnsafeJsonError(f"The body is not JSON ({error.msg} at position {error.pos})") from None
    problem = _problem(value, max_depth)
    if problem == "JSON_NUL":
        raise UnsafeJsonError("A string contains a NUL character", code=problem)
    if problem == "JSON_TOO_DEEP":
        raise UnsafeJsonError(f"JSON nested deeper than {max_depth} levels", code=problem)
    return value
