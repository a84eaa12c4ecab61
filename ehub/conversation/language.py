"""Which language a lead writes in: English or Spanish, by `lingua` (its models ship in the wheel).

Short replies ("ok", "450 mil", "sí?") say little, so a lead's language is sticky: a message
changes it only when the detector is confident, the message has a few words and fewer than two of
them are everyday words of the lead's own language (Spanglish stays where it was); a language asked
for outright ("can you write me in Spanish?") is taken at once. A first message the detector is unsure of
is Spanish when it opens a question or an exclamation the Spanish way ("¿Eres un robot?"). The detector is
built on first use and kept; it knows only the two languages Jorge speaks.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from ehub.patterns import compiled

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


# Everyday words of one language only: a message with a few of the lead's own is Spanglish, not a switch
# ("Es 2 bedrooms 1 bath, como 900 sqft" from a lead writing Spanish stays Spanish).
_OWN_WORDS: dict[LeadLanguage, frozenset[str]] = {
    "es": frozenset({"es", "como", "el", "los", "las", "que", "mi", "mis", "su", "sus", "tengo", "tenemos", "quiero"})
    | {"queremos", "para", "pero", "una", "con", "casa", "esta", "está", "hay", "muy", "gracias", "tiene", "somos"}
    | {"estamos", "estoy", "nuestra", "nuestro", "cuanto", "cuánto", "también", "tambien", "ya"},
    "en": frozenset({"the", "is", "are", "and", "my", "we", "i", "you", "our", "have", "has", "want", "with", "of"})
    | {"this", "that", "what", "how", "can", "it's", "i'm", "we're", "would"},
}
MIXED_MIN_WORDS = 2  # own-language words that keep a mixed message in the lead's language
_WORD = compiled(r"[^\W\d_]+(?:'[a-z]+)?")  # letters of either language, accents included ("está", "it's")
# Asked outright: "can you write me in Spanish porfa?", "¿me escribe en inglés?".
_ASKED_FOR: dict[LeadLanguage, re.Pattern[str]] = {
    "es": compiled(r"\b(?:in spanish|en espa(?:n|ñ)ol)\b", re.IGNORECASE),
    "en": compiled(r"\b(?:in english|en ingl(?:e|é)s)\b", re.IGNORECASE),
}


# Opening question and exclamation marks are written only in Spanish: where the detector is unsure of a first
# message ("¿Eres un robot?" reads 52 % English), they decide.
_SPANISH_MARKS = compiled(r"[¿¡]")


def language_after(current: LeadLanguage | None, text: str) -> LeadLanguage:
    """The lead's language once `text` is read: a first message decides unless it says too little;
    a language asked for outright is taken; later ones switch it only when the detector is confident,
    the message has a few words and it is not Spanglish holding a few words of the lead's language."""
    asked = next((code for code, pattern in _ASKED_FOR.items() if pattern.search(text)), None)
    if asked is not None:
        return asked
    wordy = len(text.split()) >= SWITCH_MIN_WORDS
    if current is not None and not wordy:
        return current  # a short reply never switches: no need to ask the detector (and load its models)
    language, confidence = detect(text)
    if current is None:
        if confidence < SWITCH_CONFIDENCE and _SPANISH_MARKS.search(text):
            return "es"
        return language if wordy or confidence >= SWITCH_CONFIDENCE else DEFAULT_LANGUAGE
    if language == current or confidence < SWITCH_CONFIDENCE:
        return current
    own = set(_WORD.findall(text.lower())) & _OWN_WORDS[current]
    return current if len(own) >= MIXED_MIN_WORDS else language
