"""The features a text model sees: words, word pairs and character n-grams of normalised text.

One function for training and for prediction, so the two can never drift apart. Character
n-grams (3 to 5, inside word boundaries) carry typos, inflections and Spanish word forms; word
pairs carry phrases ("not selling", "pre approved").
"""

from __future__ import annotations

import re
from itertools import pairwise

_WORD = re.compile(r"[a-z0-9$']+")
CHAR_NGRAMS = (3, 5)


def text_features(normalised: str) -> list[str]:
    """Features of text already normalised (lower case, accents folded, shorthand expanded)."""
    words = _WORD.findall(normalised)
    features = [f"w:{word}" for word in words]
    features += [f"b:{first} {second}" for first, second in pairwise(words)]
    low, high = CHAR_NGRAMS
    for word in words:
        padded = f" {word} "
        for size in range(low, min(high, len(padded)) + 1):
            features += [f"c:{padded[start : start + size]}" for start in range(len(padded) - size + 1)]
    return features
