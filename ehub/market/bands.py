"""Austin price bands, as the README defines them and the dbt macro `price_band` computes them:
entry $300k to under $500k, mid $500k to under $1M, luxury $1M and up; below $300k is below_entry."""

from __future__ import annotations

BANDS = (("luxury", 1_000_000), ("mid", 500_000), ("entry", 300_000))


def price_band(price: float | None) -> str | None:
    if price is None:
        return None
    return next((band for band, floor in BANDS if price >= floor), "below_entry")
