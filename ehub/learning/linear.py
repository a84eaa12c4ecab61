"""Prediction with a trained linear text model, in plain Python: TF-IDF weights, one dot product
per class, softmax (or a logistic for two classes).

A model is a JSON file written by `ehub.learning.train`: its classes, intercepts, and for each
feature its inverse document frequency and one weight per class (two-class models keep one
weight). Loading needs neither scikit-learn nor numpy, so the services and the CLI stay quick to
start; the model is read once per process, on first use, and parsed once per machine: later
processes read the parsed form from the machine's cache (`ehub.machine_cache`, keyed by the file's
content), a third of the time the JSON takes. In memory each feature is a row number and the rows'
numbers are one flat array of doubles, not a tuple of floats per feature: a process allocates a few
objects where it allocated half a million, and reads the three shipped models in 0.02-0.03 s of
CPU instead of 0.04-0.045 s.
"""

from __future__ import annotations

import hashlib
import json
import math
from array import array
from collections import Counter
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

from ehub import machine_cache
from ehub.learning.features import text_features

MODELS_DIR = Path(__file__).parent / "models"


@dataclass(frozen=True)
class LinearTextModel:
    name: str
    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    rows: dict[str, int]  # feature -> its row in `values`
    values: array[float] | memoryview[float]  # row after row: the feature's idf, then its weight per class
    sublinear_tf: bool
    trained_on: dict[str, Any]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinearTextModel:
        features: dict[str, list[float]] = data["features"]
        return cls(
            name=data["name"],
            classes=tuple(data["classes"]),
            intercept=tuple(data["intercept"]),
            rows={feature: row for row, feature in enumerate(features)},
            values=array("d", [value for values in features.values() for value in values]),
            sublinear_tf=bool(data["sublinear_tf"]),
            trained_on=data.get("trained_on", {}),
        )

    @property
    def width(self) -> int:
        """Numbers per row: the idf and one weight per class (one for two classes)."""
        return len(self.values) // max(len(self.rows), 1)

    def probabilities(self, normalised: str) -> dict[str, float]:
        """Each class's probability for text already normalised."""
        rows, values, width = self.rows, self.values, self.width
        counts = Counter(feature for feature in text_features(normalised) if feature in rows)
        weights = {
            feature: (1.0 + math.log(count) if self.sublinear_tf else float(count)) * values[rows[feature] * width]
            for feature, count in counts.items()
        }
        norm = math.sqrt(sum(value * value for value in weights.values())) or 1.0
        scores = list(self.intercept)
        for feature, value in weights.items():
            start = rows[feature] * width + 1
            for position, weight in enumerate(values[start : start + width - 1]):
                scores[position] += weight * value / norm
        if len(self.classes) == 2:  # one logit for the second class, as scikit-learn keeps it
            positive = 1.0 / (1.0 + math.exp(-scores[0]))
            return {self.classes[0]: 1.0 - positive, self.classes[1]: positive}
        top = max(scores)
        exponentials = [math.exp(score - top) for score in scores]
        total = sum(exponentials)
        return {label: value / total for label, value in zip(self.classes, exponentials, strict=True)}

    def best(self, normalised: str) -> tuple[str, float]:
        probabilities = self.probabilities(normalised)
        label = max(probabilities, key=probabilities.__getitem__)
        return label, probabilities[label]


@cache
def load_model(name: str) -> LinearTextModel:
    """The shipped model `name` (ehub/learning/models/<name>.json), read once per process."""
    source = (MODELS_DIR / f"{name}.json").read_bytes()
    # "rows": the stored form of the flat array, apart from the older form other checkouts may still read
    parsed_name = f"model-{name}-rows-{hashlib.sha256(source).hexdigest()[:16]}"
    parsed = machine_cache.read(parsed_name)
    if isinstance(parsed, dict) and parsed.keys() == _FIELDS and isinstance(parsed["values"], bytes):
        return LinearTextModel(**{**parsed, "values": memoryview(parsed["values"]).cast("d")})
    model = LinearTextModel.from_dict(json.loads(source))
    stored = {field: getattr(model, field) for field in _FIELDS}
    machine_cache.write(parsed_name, {**stored, "values": bytes(model.values)})
    return model


_FIELDS = {field.name for field in fields(LinearTextModel)}
