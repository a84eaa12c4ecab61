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


@cache
def _quick_detector() -> LanguageDetector:
    """Trigrams only (lingua's low accuracy mode): about 0.03 s to load, but wrong more often on
    short text than the full models, so it only confirms what a message's function words say."""
    return LanguageDetectorBuilder.from_languages(*_CODES).with_low_accuracy_mode().build()


def _likelier(detector: LanguageDetector, text: str) -> tuple[LeadLanguage, float]:
    values = detector.compute_language_confidence_values(text)
    if not values:
        return DEFAULT_LANGUAGE, 0.0
    best = values[0]
    return _CODES[best.language], float(best.value)


def detect(text: str) -> tuple[LeadLanguage, float]:
    """The likelier of English and Spanish for `text`, with the detector's confidence."""
    return _likelier(_detector(), text)


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

# Closed-class words of one language, leaving out those spelled like a word of the other
# ("a", "no", "me", "he", "has", "son", "so", "se", "lo", "al", "y", "o", "do", "as").
_FUNCTION_WORDS: dict[LeadLanguage, frozenset[str]] = {
    "en": frozenset({"the", "an", "and", "or", "but", "if", "of", "to", "in", "on", "at", "for", "from", "with"})
    | {"without", "about", "into", "by", "under", "over", "after", "before", "between", "through", "than"}
    | {"i", "you", "she", "it", "we", "they", "him", "her", "us", "them", "my", "your", "his", "its"}
    | {"our", "their", "this", "that", "these", "those", "what", "which", "who", "whom", "whose", "where"}
    | {"when", "why", "how", "is", "are", "was", "were", "be", "been", "being", "am", "does", "did"}
    | {"have", "had", "will", "would", "can", "could", "should", "shall", "might", "must", "not", "there"}
    | {"here", "it's", "i'm", "i've", "i'll", "i'd", "we're", "we've", "we'll", "you're", "they're"}
    | {"don't", "doesn't", "didn't", "can't", "won't", "isn't", "aren't"},
    "es": frozenset({"el", "la", "los", "las", "un", "una", "unos", "unas", "de", "del", "en", "que", "qué", "por"})
    | {"para", "con", "sin", "sobre", "entre", "hasta", "desde", "es", "está", "están", "estoy"}
    | {"estamos", "soy", "somos", "eres", "fue", "ser", "estar", "hay", "mi", "mis", "tu", "tú", "su"}
    | {"sus", "nuestro", "nuestra", "nuestros", "nuestras", "yo", "él", "ella", "ellos", "ellas"}
    | {"nosotros", "usted", "ustedes", "te", "le", "les", "nos", "pero", "como", "cuando", "cuándo"}
    | {"donde", "dónde", "porque", "pues", "muy", "más", "también", "este", "esta", "esto", "estos"}
    | {"estas", "ese", "esa", "eso", "aquí", "ahí", "sí", "ni", "cual", "cuál", "cuanto", "cuánto"}
    | {"quien", "quién"},
}
PLAIN_MIN_WORDS = 2  # function words of one language (and none of the other) that make a message plain
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
    words = set(_WORD.findall(text.lower()))
    if current is not None and len(words & _OWN_WORDS[current]) >= MIXED_MIN_WORDS:
        return current  # Spanglish holding a few of the lead's own words stays, whatever the detector says
    plain = _plainly_in(text, words)
    if plain is not None and current in (None, plain):
        return plain
    language, confidence = detect(text)
    if current is None:
        if confidence < SWITCH_CONFIDENCE and _SPANISH_MARKS.search(text):
            return "es"
        return language if wordy or confidence >= SWITCH_CONFIDENCE else DEFAULT_LANGUAGE
    return current if language == current or confidence < SWITCH_CONFIDENCE else language


def _plainly_in(text: str, words: set[str]) -> LeadLanguage | None:
    """The language `text` is plainly written in (see the module's docstring), or None when telling
    takes the full models."""
    counts = {code: len(words & function_words) for code, function_words in _FUNCTION_WORDS.items()}
    candidates = [code for code, count in counts.items() if count >= PLAIN_MIN_WORDS]
    if len(candidates) != 1 or min(counts.values()) > 0:
        return None
    return candidates[0] if _likelier(_quick_detector(), text)[0] == candidates[0] else None
