"""A/B experiments on how the bots speak: which reply style each lead gets.

`EHUB_BOT_EXPERIMENT="reply_style:control=50,concise=50"` names one experiment and weights its
variants (non-negative integers; a weight of 0 switches a variant off). A lead's variant is a pure
function of the experiment name and the lead's id (SHA-256 into buckets), so it is reproducible
and evenly spread; it is assigned when the lead is created and stored with the lead
(`app.leads.variant`, every `app.bot_decisions.variant`), so it never changes mid-conversation,
even when the setting changes later. Unset: every lead is "control".

Variants may only be reply styles (`ehub.bots.wording.STYLES`) or reply writers (`WRITERS`:
`writer:templates=50,claude=50` keeps half the leads on the templates while a model writes for the
other half, ehub.writing): they change words, never the routing, scoring, compliance or handoff
decisions, which stay identical for every variant. A writer variant speaks in the control style.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ehub.bots.wording import STYLES

CONTROL = "control"
TEMPLATES_ONLY = "templates"  # a lead whose replies no model rewords
WRITERS = (TEMPLATES_ONLY, "claude")
VARIANTS = (*STYLES, *WRITERS)
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_VARIANT = re.compile(r"^([a-z][a-z0-9_]*)=(\d{1,4})$")


@dataclass(frozen=True)
class Experiment:
    name: str
    variants: tuple[tuple[str, int], ...]  # (variant, weight), in the order configured

    @property
    def total(self) -> int:
        return sum(weight for _, weight in self.variants)

    def assign(self, lead_id: str) -> str:
        """The lead's variant: its bucket of `sha256(name:lead_id)` walks the cumulative weights."""
        digest = hashlib.sha256(f"{self.name}:{lead_id}".encode()).digest()
        bucket = int.from_bytes(digest[:8], "big") % self.total
        for variant, weight in self.variants:
            if bucket < weight:
                return variant
            bucket -= weight
        raise AssertionError("unreachable: the buckets cover the total weight")  # pragma: no cover

    def __str__(self) -> str:
        return f"{self.name}:" + ",".join(f"{variant}={weight}" for variant, weight in self.variants)


def parse_experiment(spec: str | None) -> Experiment | None:
    """`name:variant=weight,...` as an `Experiment`; None when unset. Raises `ValueError` with the reason."""
    if spec is None or not spec.strip():
        return None
    name, colon, rest = spec.strip().partition(":")
    if not colon or not _NAME.match(name):
        raise ValueError(
            "expected name:variant=weight,... (e.g. reply_style:control=50,concise=50); "
            "the name is lower-case letters, digits and underscores"
        )
    variants: list[tuple[str, int]] = []
    for part in rest.split(","):
        match = _VARIANT.match(part.strip())
        if match is None:
            raise ValueError(f"{part.strip()!r} is not variant=weight (a whole number)")
        variant, weight = match.group(1), int(match.group(2))
        if variant not in VARIANTS:
            raise ValueError(
                f"unknown variant {variant!r}: the variants are reply styles ({', '.join(STYLES)}) "
                f"or writers ({', '.join(WRITERS)})"
            )
        if variant in dict(variants):
            raise ValueError(f"variant {variant!r} is listed twice")
        variants.append((variant, weight))
    experiment = Experiment(name, tuple(variants))
    if experiment.total <= 0:
        raise ValueError("at least one variant needs a weight above 0")
    return experiment


def assign_variant(experiment: Experiment | None, lead_id: str) -> str:
    return experiment.assign(lead_id) if experiment is not None else CONTROL
