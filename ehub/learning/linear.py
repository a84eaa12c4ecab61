"""Prediction with a trained linear text model, in plain Python: TF-IDF weights, one dot product
per class, softmax (or a logistic for two classes).

A model is a JSON file written by `ehub.learning.train`: its classes, intercepts, and for each
feature its inverse document frequency and one weight per class (two-class models keep one
weight). Loading needs neither scikit-learn nor numpy, so the services and the CLI stay quick to
start; the model is read once per process, on first use, and parsed once per machine: later
processes read the parsed form from the machine's cache (`ehub.machine_cache`, keyed by the file's
content), a third of the time the JSON takes.
"""

from __future__ import annotations

import hashlib
import json
import math
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
    features: dict[str, tuple[float, ...]]  # feature -> (idf, weight per class...)
    sublinear_tf: bool
    trained_on: dict[str, Any]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinearTextModel:
        return cls(
            name=data["name"],
            classes=tuple(data["classes"]),
            intercept=tuple(data["intercept"]),
            features={feature: tuple(values) for feature, values in data["features"].items()},
            sublinear_tf=bool(data["sublinear_tf"]),
            trained_on=data.get("trained_on", {}),
        )

    def probabilities(self, normalised: str) -> dict[str, float]:
        """Each class's probability for text already normalised."""
        counts = Counter(feature for feature in text_features(normalised) if feature in self.features)
        weights = {
            feature: (1.0 + math.log(count) if self.sublinear_tf else float(count)) * self.features[feature][0]
            for feature, count in counts.items()
        }
        norm = math.sqrt(sum(value * value for value in weights.values())) or 1.0
        scores = list(self.intercept)
        for feature, value in weights.items():
            for position, weight in enumerate(self.features[feature][1:]):
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
    parsed_name = f"model-{name}-{hashlib.sha256(source).hexdigest()[:16]}"
    parsed = machine_cache.read(parsed_name)
    if isinstance(parsed, dict) and parsed.keys() == _FIELDS:
        return LinearTextModel(**parsed)
    model = LinearTextModel.from_dict(json.loads(source))
    machine_cache.write(parsed_name, {field: getattr(model, field) for field in _FIELDS})
    return model


_FIELDS = {field.name for field in fields(LinearTextModel)}
