"""Figures every evaluation reports the same way: per-class precision and recall, a confusion
matrix, and every miss (expected, got, and the text, for people to read; never stored)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any


def classification(pairs: list[tuple[str, str]], labels: tuple[str, ...]) -> dict[str, Any]:
    """(expected, got) pairs -> accuracy, per_class and confusion."""
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for expected, got in pairs:
        confusion[expected][got] += 1
    per_class = {}
    for label in labels:
        predicted = sum(confusion[other][label] for other in confusion)
        actual = sum(confusion[label].values())
        per_class[label] = {
            "precision": round(confusion[label][label] / predicted, 4) if predicted else None,
            "recall": round(confusion[label][label] / actual, 4) if actual else None,
            "support": actual,
        }
    correct = sum(confusion[label][label] for label in labels)
    return {
        "n": len(pairs),
        "accuracy": round(correct / max(1, len(pairs)), 4),
        "per_class": per_class,
        "confusion": {label: dict(confusion[label]) for label in labels if confusion[label]},
    }
