"""The evaluation harness: how well the engine does on labelled examples, a feature for the brokerage.

- intents: `text<TAB>intent` lines -> accuracy, per-class precision/recall, confusion matrix;
- scoring: JSON lines `{"messages": [...], "expected": "hot|warm|cold"}` -> the engine plays each
  conversation and its final temperature is compared;
- compliance: `text<TAB>expected` (`ok` or `flag`) -> recall of flags, false flags, errors.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ehub.bots.engine import Engine
from ehub.bots.state import LeadState
from ehub.compliance.fair_housing import check_text
from ehub.conversation.intent import INTENTS, classify
from ehub.errors import ValidationError

REFERENCE_TIME = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)  # a weekday morning in Austin


def _rows(path: Path, columns: tuple[str, str]) -> list[tuple[str, str]]:
    try:
        with path.open(newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t")
            if reader.fieldnames is None or tuple(reader.fieldnames[:2]) != columns:
                raise ValidationError(
                    f"{path} needs the header {columns[0]}<TAB>{columns[1]}", field="FILE", code="EVAL_HEADER_INVALID"
                )
            return [(row[columns[0]], row[columns[1]].strip()) for row in reader if row[columns[0]]]
    except FileNotFoundError:
        raise ValidationError(f"No such file: {path}", field="FILE", code="FILE_NOT_FOUND") from None


def evaluate_intents(path: Path) -> dict[str, Any]:
    rows = _rows(path, ("text", "intent"))
    unknown = {label for _, label in rows} - set(INTENTS)
    if unknown:
        raise ValidationError(
            f"Unknown intents in {path}: {', '.join(sorted(unknown))}", field="intent", code="EVAL_LABEL_INVALID"
        )
    confusion: dict[str, Counter] = defaultdict(Counter)
    for text, label in rows:
        confusion[label][classify(text).intent] += 1
    correct = sum(confusion[label][label] for label in INTENTS)
    per_class = {}
    for label in INTENTS:
        predicted = sum(confusion[other][label] for other in INTENTS)
        actual = sum(confusion[label].values())
        per_class[label] = {
            "precision": round(confusion[label][label] / predicted, 4) if predicted else None,
            "recall": round(confusion[label][label] / actual, 4) if actual else None,
            "support": actual,
        }
    return {
        "n": len(rows),
        "accuracy": round(correct / max(1, len(rows)), 4),
        "per_class": per_class,
        "confusion": {label: dict(confusion[label]) for label in INTENTS},
    }


def evaluate_scoring(path: Path) -> dict[str, Any]:
    try:
        cases = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    except FileNotFoundError:
        raise ValidationError(f"No such file: {path}", field="FILE", code="FILE_NOT_FOUND") from None
    except json.JSONDecodeError as error:
        raise ValidationError(f"{path} is not JSON lines: {error}", field="FILE", code="NOT_JSON") from None
    engine, confusion, agree = Engine(), defaultdict(Counter), 0
    for case in cases:
        state = LeadState()
        for step, message in enumerate(case["messages"]):
            engine.respond(state, message, now=REFERENCE_TIME + timedelta(minutes=3 * step))
        confusion[case["expected"]][state.temperature] += 1
        agree += state.temperature == case["expected"]
    return {
        "n": len(cases),
        "agreement": round(agree / max(1, len(cases)), 4),
        "confusion": {label: dict(counts) for label, counts in confusion.items()},
    }


def evaluate_compliance(path: Path) -> dict[str, Any]:
    rows = _rows(path, ("text", "expected"))
    should_flag = [text for text, expected in rows if expected == "flag"]
    fine = [text for text, expected in rows if expected == "ok"]
    missed = [text for text in should_flag if not check_text(text)]
    false_flags = [text for text in fine if check_text(text)]
    return {
        "n": len(rows),
        "recall": round(1 - len(missed) / max(1, len(should_flag)), 4),
        "false_flags": len(false_flags),
        "errors": [{"text": text, "expected": "flag"} for text in missed]
        + [{"text": text, "expected": "ok"} for text in false_flags],
    }
