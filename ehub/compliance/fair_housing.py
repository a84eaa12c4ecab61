"""The fair-housing guard (federal Fair Housing Act, Texas Fair Housing Act, HUD guidance): one check for
listing remarks, every outbound bot text and inbound steering questions.

A text is flagged when it states or implies a preference, a limitation or discrimination based on
a protected class: race, color, religion, sex (with sexual orientation and gender identity, as
HUD reads it), national origin (with citizenship, immigration status and language), familial
status (with pregnancy) or disability. HUD's test is what a text does with people: describing the
property, its amenities and services is lawful ("master bedroom", "family room", "walking
distance", "55+ community", "near St. Mary's", "wheelchair accessible", "Section 8 accepted"),
describing the preferred or excluded occupants is not.

Two opinions, each named on its flag:

- **rules** (`rules`): constructions (exclusion, preference, requirement, area make-up,
  steering, coded appeals) applied to vocabularies of protected groups in English and Spanish,
  after lawful phrases are masked;
- **model** (`model`): a TF-IDF + logistic-regression classifier trained by `ehub train
  fair_housing` on the dev split, with a threshold chosen by cross-validation, as a second
  opinion for what the rules do not yet know.

Where things live: `vocabulary` and `lexicon` (who is protected, in which words), `lawful` (what
lawful copy looks like), `constructions` (the cues) and `coded` (the coded phrases), `reading` (one
pass over a text), `rules` and `targeting` (constructions applied to group terms; steering replies and
ad audiences), `steering` (inbound questions), `model` (the second opinion) and `crossval` (the honest
figures, a dev tool).

Every flag says which protected class, which rule or model, which words and how sure. Text is
read without tricks (NFKC, invisible characters removed, typographic apostrophes made plain) and
in linear time: ad copy is cut at `MAX_AD_TEXT_CHARS`, inbound questions at the engine's bound.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ehub.compliance import model
from ehub.compliance.reading import Hit, read
from ehub.compliance.rules import hits, names_group
from ehub.compliance.steering import steering_topic, steering_topic_clean

RULES_VERSION = "fha-2027.08"
# Twice RESO's 4,000-character PublicRemarks: a listing's remarks with room to spare, never a dump.
MAX_AD_TEXT_CHARS = 8_000


@dataclass(frozen=True)
class Flag:
    """One fair-housing concern. `category` is the protected class (the name the marts read)."""

    category: str
    phrase: str
    reason: str
    rule: str = ""
    source: str = "rule"  # "rule" or "model"
    score: float = 1.0
    span: tuple[int, int] = field(default=(0, 0))

    @property
    def protected_class(self) -> str:
        return self.category


_REASONS = {
    "exclusion": "excludes or discourages people by {cls}",
    "preference": "states a preferred occupant by {cls}",
    "requirement": "demands a trait tied to {cls}",
    "group-rule": "sets a rule for people by {cls}",
    "group-trait": "describes people by {cls}",
    "area-makeup": "describes an area by who lives there ({cls})",
    "steering": "steers by {cls}",
    "steering-tendency": "says where people of one {cls} go",
    "ad-targeting": "targets or excludes an audience by {cls}",
    "age-limit": "limits ages outside housing for older persons",
    "occupancy-cap": "caps the household below the occupancy standard",
    "child-charge": "charges more for each child in the household",
    "assistance-animal": "refuses assistance animals",
    "modification-refusal": "refuses reasonable modifications or accommodations",
    "ability-requirement": "demands a physical or mental ability",
}


# Constructions any class takes part in; a rule of its own ("assistance-animal") says more on the same words.
_GENERAL_RULES = frozenset(("exclusion", "preference", "requirement", "group-rule", "group-trait", "area-makeup"))


def _reason(rule: str, cls: str) -> str:
    template = _REASONS.get(rule) or ("a coded appeal to {cls}" if rule.startswith("coded") else "flagged by {cls}")
    return template.format(cls=cls.replace("_", " "))


def check_text(text: str | None) -> list[Flag]:
    """Every fair-housing concern in `text` (empty when it reads as lawful)."""
    if not text:
        return []
    reading = read(text, MAX_AD_TEXT_CHARS)
    flags = [_flag(hit) for hit in _outermost(hits(reading))]
    if not flags:
        opinion = model.second_opinion(reading, names_group(reading))
        if opinion is not None:
            flags.append(
                Flag(
                    opinion.protected_class,
                    opinion.phrase,
                    "the fair-housing model reads a preference or steer",
                    rule=opinion.rule,
                    source="model",
                    score=round(opinion.score, 4),
                    span=opinion.span,
                )
            )
    return flags


def _flag(hit: Hit) -> Flag:
    return Flag(
        hit.protected_class,
        hit.phrase,
        _reason(hit.rule, hit.protected_class),
        rule=hit.rule,
        span=(hit.start, hit.end),
    )


def _outermost(found: list[Hit]) -> list[Hit]:
    """One flag per span: hits inside a longer hit of the same class are one concern (the most specific rule)."""
    ordered = sorted(found, key=lambda hit: (hit.start, -hit.end, hit.rule in _GENERAL_RULES))
    kept: list[Hit] = []
    reach: dict[str, int] = {}  # protected class -> the end of its outermost hit so far
    for hit in ordered:
        if reach.get(hit.protected_class, -1) >= hit.end:
            continue
        kept.append(hit)
        reach[hit.protected_class] = max(reach.get(hit.protected_class, -1), hit.end)
    return kept


__all__ = ["MAX_AD_TEXT_CHARS", "RULES_VERSION", "Flag", "check_text", "steering_topic", "steering_topic_clean"]
