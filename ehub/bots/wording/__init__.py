"""Every word Jorge says, in English and Spanish, in each A/B reply style.

`say(key, language, style, **values)` looks a template up as `key.<style>` first (only the
"concise" style has its own wording for some keys), then `key`; every key exists in every language
(a test checks). Compliance wording (consent, fair-housing answers, handoffs, the safe fallback)
has no style variant: it is not ours to experiment on. SMS replies are at most `SMS_LIMIT`.
"""

from __future__ import annotations

from ehub.bots.wording import en, es

BROKERAGE = "the Jorge team"
SMS_LIMIT = 320
STYLES = ("control", "concise")
LANGUAGES = {"en": en.TEXTS, "es": es.TEXTS}


def style_of(variant: str) -> str:
    """The reply style of an experiment variant; anything unknown speaks as the control."""
    return variant if variant in STYLES else "control"


def template(key: str, language: str = "en", variant: str = "control") -> str:
    texts = LANGUAGES.get(language, en.TEXTS)
    styled = f"{key}.{style_of(variant)}"
    return texts.get(styled) or texts[key]


def say(key: str, language: str = "en", variant: str = "control", **values: object) -> str:
    """The template `key` in the lead's language and style, with `values` filled in."""
    return template(key, language, variant).format(brokerage=BROKERAGE, **values)


def sms(text: str, limit: int = SMS_LIMIT) -> str:
    """Fit a reply in one SMS-sized message, cutting at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def money(value: float) -> str:
    """$415k, $1.25M: how prices read in a text."""
    return f"${value / 1_000_000:.2f}M" if value >= 1_000_000 else f"${round(value / 1000):,.0f}k"
