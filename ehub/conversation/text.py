"""Text normalisation for SMS: lower case, accents folded, shorthand and common typos expanded."""

from __future__ import annotations

import re
import unicodedata

_SHORTHAND = {
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "ty": "thank you",
    "u": "you",
    "ur": "your",
    "r": "are",
    "w/": "with",
    "w": "with",
    "wknd": "weekend",
    "asap": "as soon as possible",
    "bc": "because",
    "br": "bedroom",
    "bd": "bedroom",
    "bdrm": "bedroom",
    "bed": "bedroom",
    "beds": "bedrooms",
    "ba": "bathroom",
    "sqft": "square feet",
    "hse": "house",
    "hous": "house",
    "hosue": "house",
    "hom": "home",
    "lokking": "looking",
    "lookin": "looking",
    "buyng": "buying",
    "sel": "sell",
    "sellin": "selling",
    "preapproved": "pre-approved",
    "pre approved": "pre-approved",
    "im": "i am",
    "i'm": "i am",
    "dont": "do not",
    "don't": "do not",
    "cant": "can not",
    "can't": "can not",
    "wanna": "want to",
    "gonna": "going to",
    "idk": "i do not know",
    "rn": "right now",
    "mo": "month",
    "yr": "year",
    "sat": "saturday",
    "sun": "sunday",
    "wk": "week",
}
_WORD = re.compile(r"[a-z0-9$.,'/+-]+|[^\sa-z0-9]")


def fold(text: str) -> str:
    """Lower case without accents: 'Recámaras' -> 'recamaras'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalise(text: str) -> str:
    """Folded text with SMS shorthand expanded, single-spaced."""
    folded = fold(text).replace("pre approved", "pre-approved")
    words = []
    for token in folded.split():
        bare = token.strip(".,!?;:")
        words.append(token.replace(bare, _SHORTHAND[bare]) if bare in _SHORTHAND else token)
    return " ".join(words)
