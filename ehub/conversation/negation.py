"""Phrase patterns and negation for the readers of a lead's words (`signals`, `readiness`).

A reader is a handful of linear patterns over normalised text (bounded repetitions only); a match
counts unless a negation stands just before it ("not selling", "no plans to", "sin").
"""

from __future__ import annotations

import re

from ehub.patterns import compiled

# Text arrives normalised: "don't", "can't" and "I'm" read as "do not", "can not" and "i am".
NOT = r"(?:not|no|never|aren't|isn't|haven't|hasn't|havent|didn't|do not|did not|can not|won't|todavia no|aun no|nunca)"


def phrases(*alternatives: str) -> re.Pattern[str]:
    return compiled(r"\b(?:" + "|".join(alternatives) + ")")


_NEGATED_BEFORE = compiled(rf"\b(?:{NOT}|without|sin|no plans)(?: \w+){{0,2}} ?$")


def unnegated(pattern: re.Pattern[str], text: str) -> bool:
    return any(
        not _NEGATED_BEFORE.search(text[max(0, match.start() - 24) : match.start()]) for match in pattern.finditer(text)
    )
