"""Which language a lead writes in: English or Spanish, by `lingua` (its models ship in the wheel).

Short replies ("ok", "450 mil", "sí?") say little, so a lead's language is sticky: a message
changes it only when the detector is confident and the message has a few words. The detector is
built on first use and kept; it knows only the two languages Jorge speaks.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

LeadLanguage = Literal["en", "es"]
DEFAULT_LANGUAGE: LeadLanguage = "en"
SWITCH_CONFIDENCE = 0.8  # how sure the detector must be to change a lead's language
SWITCH_MIN_WORDS = 2
_CODES: dict[Language, LeadLanguage] = {Language.ENGLISH: "en", Language.SPANISH: "es"}


@cache
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*_CODES).build()


def detect(text: str) -> tuple[LeadLanguage, float]:
    """The likelier of English and Spanish for `text`, with the detector's confidence."""
    values = _detector().compute_language_confidence_values(text)
    if not values:
        return DEFAULT_LANGUAGE, 0.0
    best = values[0]
    return _CODES[best.language], float(best.value)


def language_after(current: LeadLanguage | None, text: str) -> LeadLanguage:
    """The lead's language once `text` is read: a first message decides unless it says too little;
    later ones switch it only when the detector is confident and the message has a few words."""
    wordy = len(text.split()) >= SWITCH_MIN_WORDS
    if current is not None and not wordy:
        return current  # a short reply never switches: no need to ask the detector (and load its models)
    language, confidence = detect(text)
    if current is None:
        return language if wordy or confidence >= SWITCH_CONFIDENCE else DEFAULT_LANGUAGE
    return language if language != current and wordy and confidence >= SWITCH_CONFIDENCE else current
