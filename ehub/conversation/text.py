"""Text normalisation for SMS, done once before any rule looks at a message.

`normalise` is the only way rules see a lead's words, so that "𝐒𝐓𝐎𝐏", "S<ZWSP>T<ZWSP>O<ZWSP>P" (with
zero-width spaces), "S T O P", "s.t.o.p", "STOPPP" and "stop 🛑" all read as "stop", and "Recámaras",
"don’t" (the iPhone's apostrophe) and "plz" read as "recamaras", "do not" and "please". In order:

1. Bound: a message is cut to `MAX_MESSAGE_CHARS` (head and tail kept) before any other work; what
   it quotes of earlier messages (an e-mail's "> " lines and "On ..., Jorge wrote:", our own
   opt-out footer pasted back) is cut out, unless nothing else is left.
2. Unicode: NFKC (folds fullwidth, mathematical, circled and superscript letters), fancy letters
   NFKC leaves alone (small capitals, regional-indicator and negative squared letters) mapped to
   plain ones, typographic apostrophes made plain, lower case, accents removed; format characters
   (Unicode Cf: zero-width, bidi controls, joiners, tags) and variation selectors dropped; emoji,
   other symbols, private-use and unassigned characters become spaces.
3. Spelled-out words joined: a run of single letters separated by spaces (4 letters or more, or a
   whole message of 3 or more) or by '.', '-', '_' or '*' (3 or more) becomes one word. Ordinary
   sentences have no such runs; "r u a bot" (3 spaced letters) is left for the shorthand.
4. Letters repeated three times or more squeezed to one ("stooop", "pleeease").
5. Single spaces, SMS shorthand and common typos expanded.

Every pattern here is linear in the length of the text, and the text is bounded anyway.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ehub.patterns import compiled

# An SMS is at most 1,600 characters (10 segments); chat and e-mail bodies get a little more room.
MAX_MESSAGE_CHARS = 4_000
# What a long message keeps of its end: sign-offs such as "anyway, stop texting me" sit there.
_TAIL_CHARS = 1_000

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
    "hw": "how",
    "wat": "what",
}


def _letters(first: int, count: int = 26) -> dict[int, str]:
    return {first + offset: chr(ord("a") + offset) for offset in range(count)}


# Characters NFKC keeps that still read as a plain letter or an apostrophe.
_LOOKALIKES = {
    **dict(zip(map(ord, "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡʏᴢ"), "abcdefghijklmnopqrstuvwyz", strict=True)),  # small capitals
    **_letters(0x1F1E6),  # regional indicators: 🇸🇹🇴🇵
    **_letters(0x1F150),  # negative circled: 🅢🅣🅞🅟
    **_letters(0x1F170),  # negative squared: 🆂🆃🅾🅿
    **{ord(quote): "'" for quote in "’‘‛ʼ´`′"},
    **{ord(quote): '"' for quote in "“”„‟″"},
}
_SPACED = compiled(r"(?<![a-z0-9])[a-z](?:[.\-_*]? [a-z](?![a-z0-9])){3,}")
_DOTTED = compiled(r"(?<![a-z0-9])[a-z](?:[.\-_*][a-z](?![a-z0-9])){2,}")
_ONLY_LETTERS = compiled(r"[a-z](?:[.\-_*]? [a-z]|[.\-_*][a-z]){2,}[.!?]*")
_NOT_LETTER = compiled(r"[^a-z]")
_ELONGATED = compiled(r"([a-z])\1{2,}")


# What a reply quotes is not the lead's words: an e-mail's quoted lines and everything under its
# "On <date>, Jorge wrote:" header, and our own opt-out footer pasted back ("> Reply STOP to opt out").
_QUOTED_LINE = compiled(r"^[ \t]*>.*$", re.MULTILINE)
_REPLY_HEADER = compiled(
    r"^[ \t]*(?:on [^\n]{0,160}wrote:|el [^\n]{0,160}escribi[oó]:|-{2,} ?original message ?-{2,})[\s\S]*",
    re.MULTILINE | re.IGNORECASE,
)
_QUOTED_FOOTER = compiled(r">[ \t]*(?:reply|text|responde|envia|envía) (?:stop|alto)\b[^\n]{0,80}", re.IGNORECASE)


def unquoted(text: str) -> str:
    """The message without what it quotes of earlier messages (see `_QUOTED_LINE`)."""
    lowered = text.lower()
    if ">" not in text and "wrote:" not in lowered and "escribi" not in lowered:
        return text
    kept = _QUOTED_LINE.sub("", _REPLY_HEADER.sub("", _QUOTED_FOOTER.sub(" ", text)))
    return kept if kept.strip() else text


def bounded(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """`text` cut to about `limit` characters, keeping its beginning and its end."""
    if len(text) <= limit:
        return text
    tail = min(_TAIL_CHARS, limit // 4)
    return f"{text[: limit - tail]} {text[-tail:]}"


@lru_cache(maxsize=4096)
def _folded_char(char: str) -> str:
    category = unicodedata.category(char)
    if category == "Cf" or category[0] == "M":  # invisible: zero-width, bidi, joiners; accents, selectors
        return ""
    if category[0] in "CZ" or (category in ("So", "Sk") and not char.isascii()):  # controls, emoji, symbols
        return " "
    return char


def fold(text: str) -> str:
    """Lower case without accents, invisible characters or emoji: 'Recámaras 🏠' -> 'recamaras '."""
    composed = unicodedata.normalize("NFKC", text.translate(_LOOKALIKES)).lower()
    decomposed = unicodedata.normalize("NFKD", composed)
    if decomposed.isascii() and decomposed.isprintable():
        return decomposed
    return "".join(_folded_char(char) for char in decomposed)


def canonical(text: str) -> str:
    """NFKC without invisible characters, typographic quotes made plain; case and accents kept.

    For rules that read written copy (fair housing) rather than SMS: "no ch<ZWSP>ildren" with a
    zero-width space, or "isn’t suitable" with a typographic apostrophe, must read as written.
    """
    composed = unicodedata.normalize("NFKC", text.translate(_LOOKALIKES))
    if composed.isascii():
        return composed
    return "".join(char for char in composed if unicodedata.category(char) != "Cf" and not _is_selector(char))


def _is_selector(char: str) -> bool:
    return "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef"


def _joined(match: re.Match[str]) -> str:
    return _NOT_LETTER.sub("", match.group(0))


WORDS = compiled(r"[a-z0-9']+")  # the words of a normalised message


def normalise(text: str) -> str:
    """Folded, bounded text with spelled-out words joined and SMS shorthand expanded, single-spaced."""
    folded = " ".join(fold(unquoted(bounded(text))).split())
    if not folded and "🛑" in text:  # a stop sign alone says what it shows
        return "stop"
    spelled = _ONLY_LETTERS.fullmatch(folded) if len(folded) <= 64 else None
    if spelled is not None:
        folded = _joined(spelled)
    folded = _DOTTED.sub(_joined, _SPACED.sub(_joined, folded))
    folded = _ELONGATED.sub(r"\1", folded).replace("pre approved", "pre-approved")
    words = []
    for token in folded.split():
        bare = token.strip(".,!?;:")
        words.append(token.replace(bare, _SHORTHAND[bare]) if bare in _SHORTHAND else token)
    return " ".join(words)
