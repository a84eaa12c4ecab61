"""How well the guard does on the dev split, measured honestly, and the model thresholds it ships with.

`python -m ehub.compliance.crossval` (a tool: it needs scikit-learn, the services do not):

1. splits every dev example of the fair-housing and steering sets into k folds (stratified by label,
   a fixed seed, repeated); for each fold it trains the shipped model *exactly as `ehub train`
   does* (`ehub.learning.train.train`) on the other folds and scores the held-out texts the way the
   guard does at run time (`model.best_chunk`, sentence by sentence);
2. chooses the two thresholds of the combination "rules, or the model alone at `alone`, or the
   model at `mentioned` when the text names a protected group": the lowest thresholds (most
   recall) whose extra false flags stay within the budget, picked for each fold on the *other*
   folds' out-of-fold scores (nested), so the reported combination never saw its own fold;
3. prints recall per protected class, false flags per look-alike type (from the notes files),
   every miss with its category, and the thresholds chosen on all out-of-fold scores, which are
   the ones `model.py` ships.

The rules are not fitted, but they were written while reading the dev split, so their dev
figures are in-sample; fresh data written after a rule change is the honest check for them.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ehub.compliance import model as guard_model
from ehub.compliance.fair_housing import MAX_AD_TEXT_CHARS
from ehub.compliance.reading import read
from ehub.compliance.rules import hits, names_group
from ehub.compliance.steering import _rule_hits
from ehub.conversation.text import MAX_MESSAGE_CHARS, normalise
from ehub.learning.linear import LinearTextModel
from ehub.learning.train import DEV, SPECS, train, training_files

BULK = "lead-message"  # the ordinary lead messages (`*_leads.tsv`), reported apart from the curated look-alikes
# The false flags the model may add, as a share of the curated lawful texts: fair housing may spend half
# of its 3 % target (the rules' own false flags on fresh text take about 1 %); steering's target is no
# benign question redirected, so its model may add none.
BUDGETS = {"fair_housing": 0.015, "steering": 0.0}
GRID = tuple(round(0.30 + 0.01 * step, 2) for step in range(70))  # 0.30 .. 0.99


@dataclass
class Example:
    text: str
    positive: bool
    group: str  # protected class (positives) or look-alike type (negatives), from the notes files
    rule: bool = False  # the rules flag it
    mentioned: bool = False  # it names a protected group
    scores: list[float] = field(default_factory=list)  # out-of-fold model scores, one per repeat


def _notes(path: Path) -> dict[str, str]:
    notes = path.with_name(f"{path.stem}_notes.tsv")
    if not notes.exists():
        return {}
    with notes.open(newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    found = {}
    for row in rows:
        positive = row["expected"] in ("flag", "redirect")
        kind = row.get("protected_class") if positive and row.get("protected_class") else None
        kind = kind or row.get("form_or_lookalike") or row.get("form") or row.get("category") or "-"
        found[row["text"]] = kind
    return found


def examples(name: str) -> list[Example]:
    spec = SPECS[name]
    found = []
    for path in training_files(spec, DEV):
        notes = _notes(path)
        with path.open(newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                positive = row[spec.label_column].strip() in ("flag", "redirect")
                found.append(Example(row["text"], positive, notes.get(row["text"], "legacy")))
    for example in found:
        example.rule, example.mentioned = _rule_view(name, example.text)
    return found


def _rule_view(name: str, text: str) -> tuple[bool, bool]:
    """What the rules say about a text, and whether it names a protected group, as the guard sees it."""
    if name == "steering":
        reading = read(normalise(text), MAX_MESSAGE_CHARS)
        return bool(_rule_hits(reading)), names_group(reading)
    reading = read(text, MAX_AD_TEXT_CHARS)
    return bool(hits(reading)), names_group(reading)


def score_out_of_fold(name: str, found: list[Example], folds: int, repeats: int, seed: int) -> list[list[int]]:
    """Fill each example's out-of-fold scores; return the fold of each example in each repeat."""
    spec, assignments = SPECS[name], []
    for repeat in range(repeats):
        fold_of = _stratified(found, folds, random.Random(seed + repeat))  # noqa: S311  # nosec B311
        assignments.append(fold_of)
        for fold in range(folds):
            trained = _fit(spec, [example for example, held in zip(found, fold_of, strict=True) if held != fold])
            for example, held in zip(found, fold_of, strict=True):
                if held == fold:
                    example.scores.append(_score(name, trained, example.text))
    return assignments


def _stratified(found: list[Example], folds: int, rng: random.Random) -> list[int]:
    fold_of = [0] * len(found)
    for positive in (True, False):
        indexes = [index for index, example in enumerate(found) if example.positive is positive]
        rng.shuffle(indexes)
        for position, index in enumerate(indexes):
            fold_of[index] = position % folds
    return fold_of


def _fit(spec: Any, training: list[Example]) -> LinearTextModel:
    positive, negative = ("flag", "ok") if spec.name == "fair_housing" else ("redirect", "none")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{spec.dataset}_fold.tsv"
        lines = [f"text\t{spec.label_column}"]
        lines += [f"{example.text}\t{positive if example.positive else negative}" for example in training]
        path.write_text("\n".join(lines) + "\n")
        return LinearTextModel.from_dict(train(spec, [path]))


def _score(name: str, trained: LinearTextModel, text: str) -> float:
    if name == "steering":
        return trained.probabilities(normalise(text)).get("redirect", 0.0)
    return guard_model.best_chunk(trained, read(text, MAX_AD_TEXT_CHARS))[0]


def by_model(example: Example, score: float, alone: float, mentioned: float) -> bool:
    return guard_model.Thresholds(alone, mentioned).decides(score, example.mentioned)


def decide(example: Example, score: float, alone: float, mentioned: float) -> bool:
    return example.rule or by_model(example, score, alone, mentioned)


def choose(found: list[Example], scores: list[float], budget: float) -> tuple[float, float]:
    """The thresholds with the most model recall whose own false flags stay within `budget`.

    The model is judged as a detector of its own, not by what the rules leave it: the rules were
    written on this split, so here they miss almost nothing, while on new text they will miss more.
    """
    negatives = [index for index, example in enumerate(found) if not example.positive]
    # The budget is a share of the curated lawful texts; false flags on the bulk of ordinary lead
    # messages count against it too, so those messages can only make the thresholds stricter.
    allowed = int(budget * sum(found[index].group != BULK for index in negatives))
    best, best_key = (1.0, 1.0), (-1, 0.0)
    for alone in GRID:
        for mentioned in (value for value in GRID if value <= alone):
            flagged = [by_model(example, score, alone, mentioned) for example, score in zip(found, scores, strict=True)]
            if sum(flagged[index] for index in negatives) > allowed:
                continue
            caught = sum(flag for flag, example in zip(flagged, found, strict=True) if example.positive)
            if (caught, alone + mentioned) > best_key:
                best, best_key = (alone, mentioned), (caught, alone + mentioned)
    return best


def report(name: str, folds: int, repeats: int, seed: int, budget: float) -> dict[str, Any]:
    found = examples(name)
    assignments = score_out_of_fold(name, found, folds, repeats, seed)
    nested = []  # (example, decision) per repeat, thresholds chosen without the example's fold
    for repeat, fold_of in enumerate(assignments):
        scores = [example.scores[repeat] for example in found]
        for fold in range(folds):
            others = [index for index, held in enumerate(fold_of) if held != fold]
            alone, mentioned = choose([found[i] for i in others], [scores[i] for i in others], budget)
            nested += [
                (found[i], decide(found[i], scores[i], alone, mentioned))
                for i, held in enumerate(fold_of)
                if held == fold
            ]
    mean = [sum(example.scores) / len(example.scores) for example in found]
    final = choose(found, mean, budget)
    model_only = [(example, by_model(example, score, *final)) for example, score in zip(found, mean, strict=True)]
    return {
        "set": name,
        "examples": len(found),
        "positives": sum(example.positive for example in found),
        "folds": folds,
        "repeats": repeats,
        "budget": budget,
        "thresholds": {"alone": final[0], "mentioned": final[1]},
        "rules": _figures([(example, example.rule) for example in found]),
        "model_alone_at_thresholds": _figures(model_only),
        "combined_nested_cv": _figures(nested),
    }


def _figures(decisions: list[tuple[Example, bool]]) -> dict[str, Any]:
    positives = [(example, flag) for example, flag in decisions if example.positive]
    negatives = [(example, flag) for example, flag in decisions if not example.positive]
    per_class: defaultdict[str, Counter[str]] = defaultdict(Counter)
    per_lookalike: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for example, flag in positives:
        per_class[example.group]["caught" if flag else "missed"] += 1
    for example, flag in negatives:
        per_lookalike[example.group]["flagged" if flag else "passed"] += 1
    misses = sorted({(example.group, example.text) for example, flag in positives if not flag})
    false = sorted({(example.group, example.text) for example, flag in negatives if flag})
    curated = [(example, flag) for example, flag in negatives if example.group != BULK]
    bulk = [(example, flag) for example, flag in negatives if example.group == BULK]
    return {
        "recall": round(sum(flag for _, flag in positives) / max(1, len(positives)), 4),
        "false_flag_rate": round(sum(flag for _, flag in curated) / max(1, len(curated)), 4),
        "false_flag_rate_lead_messages": round(sum(flag for _, flag in bulk) / max(1, len(bulk)), 4),
        "per_class": {key: dict(value) for key, value in sorted(per_class.items())},
        "false_flags_per_lookalike": {
            key: value["flagged"] for key, value in sorted(per_lookalike.items()) if value["flagged"]
        },
        "misses": [f"{group}: {text}" for group, text in misses],
        "false_flags": [f"{group}: {text}" for group, text in false if group != BULK],
        "false_flags_lead_messages": [text for group, text in false if group == BULK],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", default=["fair_housing", "steering"])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--budget", type=float, help="model false flags allowed, share of the curated lawful texts")
    arguments = parser.parse_args()
    for name in arguments.sets:
        budget = BUDGETS[name] if arguments.budget is None else arguments.budget
        print(json.dumps(report(name, arguments.folds, arguments.repeats, arguments.seed, budget), indent=1))


if __name__ == "__main__":
    main()
