"""Training the shipped text models from the dev split (a tool: it needs scikit-learn, the
services do not).

`ehub train NAME` reads every `evals/dev/<set>*.tsv`, normalises each text the way the engine will
at prediction time, fits TF-IDF (sublinear term frequency, features from `ehub.learning.features`)
and a logistic regression, and writes `ehub/learning/models/NAME.json` with the digests of the
files it learnt from. Training is deterministic: the same files give the same model. Before
writing, the plain-Python predictor is checked against scikit-learn's on training texts spread
evenly over the set (all of them up to `AGREEMENT_TEXTS`): a predictor that read a feature, a
weight or the normalisation differently would disagree on most texts, and the check costs under a
second where every text took seven.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from ehub.errors import ValidationError
from ehub.learning.features import text_features
from ehub.learning.linear import MODELS_DIR, LinearTextModel
from ehub.paths import PROJECT_ROOT

DEV = PROJECT_ROOT / "evals" / "dev"
AGREEMENT = 1e-6  # the plain-Python predictor must reproduce scikit-learn's probabilities this closely
AGREEMENT_TEXTS = 800  # how many training texts the check reads, evenly spaced


@dataclass(frozen=True)
class ModelSpec:
    """What a model learns from: the dev files `<set>*.tsv`, their label column, how texts are normalised."""

    name: str
    dataset: str
    label_column: str
    normaliser: str  # "module:function", imported when training
    regularisation: float = 4.0  # scikit-learn's C: larger fits the training data more closely
    class_weight: str | None = "balanced"


def _normaliser(path: str) -> Callable[[str], str]:
    module, function = path.split(":")
    imported = __import__(module, fromlist=[function])
    return cast(Callable[[str], str], getattr(imported, function))


def training_files(spec: ModelSpec, folder: Path = DEV) -> list[Path]:
    """The labelled files of the set (notes files describe examples; they are not more of them)."""
    return sorted(path for path in folder.glob(f"{spec.dataset}*.tsv") if not path.stem.endswith("notes"))


def _examples(files: list[Path], label_column: str) -> list[tuple[str, str]]:
    examples = []
    for path in files:
        with path.open(newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            if reader.fieldnames is None or "text" not in reader.fieldnames or label_column not in reader.fieldnames:
                raise ValidationError(f"{path} needs text and {label_column} columns", code="EVAL_HEADER_INVALID")
            examples += [(row["text"], row[label_column].strip()) for row in reader if row["text"]]
    return examples


def training_texts(spec: ModelSpec, files: list[Path]) -> tuple[list[str], list[str]]:
    """The files' texts normalised as the engine will read them at prediction time, and their labels."""
    examples = _examples(files, spec.label_column)
    normalise = _normaliser(spec.normaliser)
    return [normalise(text) for text, _ in examples], [label for _, label in examples]


def normalised_digest(texts: list[str]) -> str:
    """A digest of what a model learnt from, as the normaliser read it: a model trained before the
    normaliser changed (a new shorthand, say) was fitted on words the engine no longer produces."""
    return hashlib.sha256("\n".join(texts).encode()).hexdigest()


def train(spec: ModelSpec, files: list[Path] | None = None) -> dict[str, Any]:
    """The model as the JSON-ready dict `ehub.learning.linear` loads."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    files = files if files is not None else training_files(spec)
    texts, labels = training_texts(spec, files)
    if len(set(labels)) < 2:
        raise ValidationError(f"{spec.name}: the training files hold fewer than two labels", code="TRAINING_DATA")
    vectorizer = TfidfVectorizer(analyzer=text_features, sublinear_tf=True, min_df=2, norm="l2")
    matrix = vectorizer.fit_transform(texts)
    classifier = LogisticRegression(C=spec.regularisation, class_weight=spec.class_weight, max_iter=10_000)
    classifier.fit(matrix, labels)
    weights = classifier.coef_.T  # one row per feature: a weight per class (one, for two classes)
    model = {
        "name": spec.name,
        "classes": [str(label) for label in classifier.classes_],
        "intercept": [float(value) for value in classifier.intercept_],
        "sublinear_tf": True,
        "features": {
            feature: [round(float(vectorizer.idf_[index]), 7), *(round(float(w), 7) for w in weights[index])]
            for feature, index in sorted(vectorizer.vocabulary_.items())
        },
        "trained_on": {
            "examples": len(texts),
            "normalised": normalised_digest(texts),
            "files": {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in files},
            "regularisation": spec.regularisation,
            "class_weight": spec.class_weight,
            "normaliser": spec.normaliser,
        },
    }
    _check_agreement(LinearTextModel.from_dict(model), classifier.predict_proba(matrix), texts)
    return model


def _check_agreement(model: LinearTextModel, expected: Any, texts: list[str]) -> None:
    step = max(1, -(-len(texts) // AGREEMENT_TEXTS))  # ceiling: at most AGREEMENT_TEXTS rows
    worst = 0.0
    for row, text in zip(expected[::step], texts[::step], strict=True):
        got = model.probabilities(text)
        worst = max(worst, *(abs(got[label] - float(value)) for label, value in zip(model.classes, row, strict=True)))
    if worst > AGREEMENT * 100:  # rounding to 7 decimals moves probabilities by about 1e-6
        raise ValidationError(f"{model.name}: the shipped predictor disagrees with the trained one by {worst:.2e}")


def write(model: dict[str, Any], folder: Path = MODELS_DIR) -> Path:
    """Write the model atomically: a process loading it meanwhile reads the old file or the new one."""
    path = folder / f"{model['name']}.json"
    partial = path.with_suffix(".json.partial")
    partial.write_text(json.dumps(model, sort_keys=True, separators=(",", ":")) + "\n")
    partial.replace(path)
    return path


# The shipped models. Their owners (the intent rules, the fair-housing guard) choose the normaliser.
SPECS = {
    spec.name: spec
    for spec in (
        ModelSpec("intents", "intents", "intent", "ehub.conversation.text:normalise"),
        ModelSpec("fair_housing", "compliance", "expected", "ehub.conversation.text:normalise"),
        ModelSpec("steering", "steering", "expected", "ehub.conversation.text:normalise"),
    )
}
