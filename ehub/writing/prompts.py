"""The writers' prompts: kept in `prompts/*.md`, each opening with its version, recorded per call."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PROMPTS_DIR = Path(__file__).parent / "prompts"
_VERSION = re.compile(r"\A<!-- version: ([A-Za-z0-9._-]+) -->\n")


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str
    text: str


@cache
def prompt(name: str) -> Prompt:
    """The prompt `name` (a file in prompts/), its version line taken off the text."""
    raw = (PROMPTS_DIR / f"{name}.md").read_text(encoding="utf-8")
    found = _VERSION.match(raw)
    if found is None:
        raise ValueError(f"prompt {name} does not open with its version line")
    return Prompt(name, found.group(1), raw[found.end() :].strip())
