"""One inbound message, read once: bounded, normalised, its language known.

Every rule of the engine (consent, intent, slots, steering, the bots) reads the same `Reading`,
so a message is normalised once, not once per rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from ehub.conversation.language import LeadLanguage, language_after
from ehub.conversation.text import bounded, normalise


@dataclass(frozen=True)
class Reading:
    text: str  # as the lead wrote it, cut to the analysis bound
    clean: str  # normalised (see ehub.conversation.text.normalise)
    language: LeadLanguage  # the lead's language after this message


def read(text: str, *, language: LeadLanguage | None = None) -> Reading:
    """Read `text` from a lead whose language so far is `language` (None: not known yet)."""
    text = bounded(text)
    return Reading(text=text, clean=normalise(text), language=language_after(language, text))
