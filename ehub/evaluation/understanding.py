"""How well the engine understands leads: intents, temperatures of whole conversations, and the
fair-housing guard on ad copy and on leads' steering questions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ehub.evaluation.measures import classification
from ehub.evaluation.sets import notes_by_text, read_jsonl, read_tsv

if TYPE_CHECKING:
    from ehub.conversation.intent import Intent
    from ehub.evaluation.models import ModelPath

REFERENCE_TIME = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)  # a weekday morning in Austin
TEMPERATURES = ("hot", "warm", "cold")


def evaluate_intents(paths: Path | list[Path], model: ModelPath | None = None) -> dict[str, Any]:
    """Accuracy of the intents; with `model`, of the model's reading (the rules' where it gave none)."""
    from ehub.conversation.intent import INTENTS
    from ehub.errors import ValidationError

    rows = read_tsv(_paths(paths), ("text", "intent"))
    unknown = {label for _, label in rows} - set(INTENTS)
    if unknown:
        raise ValidationError(
            f"Unknown intents: {', '.join(sorted(unknown))}", field="intent", code="EVAL_LABEL_INVALID"
        )
    decided = [(text, label, _intent(text, model)) for text, label in rows]
    result = classification([(label, got.intent) for _, label, got in decided], INTENTS)
    result["misses"] = [
        {"text": text, "expected": label, "got": got.intent, "confidence": got.confidence}
        for text, label, got in decided
        if got.intent != label
    ]
    return {**result, **(model.report() if model else {"provider": "rules"})}


def _intent(text: str, model: ModelPath | None) -> Intent:
    """The rules' intent, or the model's when it read one (a structured answer has no confidence:
    recorded as 1.0)."""
    from ehub.conversation.intent import Intent, classify

    read = model.intent(text, REFERENCE_TIME) if model is not None else None
    return Intent(read, 1.0) if read is not None else classify(text)


def evaluate_scoring(paths: Path | list[Path], model: ModelPath | None = None) -> dict[str, Any]:
    """Each conversation played through the engine; its final temperature against the label. With
    `model`, the model reads every message's slots and the engine checks and adds them."""
    from ehub.bots.engine import Engine
    from ehub.bots.state import LeadState

    engine, outcomes = Engine(), []
    for case in read_jsonl(_paths(paths)):
        state = LeadState()
        if model is not None:
            model.new_lead()
        for step, message in enumerate(case["messages"]):
            now = REFERENCE_TIME + timedelta(minutes=3 * step)
            slots = model.read(message, state, now)[0] if model is not None else None
            engine.respond(state, message, now=now, model_slots=slots)
        outcomes.append((case, state))
    result = classification([(case["expected"], state.temperature) for case, state in outcomes], TEMPERATURES)
    result["agreement"] = result.pop("accuracy")
    result["misses"] = [
        {"messages": case["messages"], "expected": case["expected"], "got": state.temperature, "score": state.score}
        for case, state in outcomes
        if state.temperature != case["expected"]
    ]
    return {**result, **(model.report() if model else {"provider": "rules"})}


def evaluate_compliance(paths: Path | list[Path]) -> dict[str, Any]:
    """Recall of what must be flagged (per protected class, from the notes), false flags of lawful copy."""
    from ehub.compliance.fair_housing import check_text

    files = _paths(paths)
    rows = read_tsv(files, ("text", "expected"))
    classes = notes_by_text(files, "protected_class")
    checked = [(text, expected, check_text(text)) for text, expected in rows]
    should_flag = [(text, bool(flags)) for text, expected, flags in checked if expected == "flag"]
    lawful = [(text, flags) for text, expected, flags in checked if expected == "ok"]
    per_class: dict[str, dict[str, int]] = {}
    for text, flagged in should_flag:
        counts = per_class.setdefault(classes.get(text, "unknown"), {"flag": 0, "caught": 0})
        counts["flag"] += 1
        counts["caught"] += flagged
    false_flags = [(text, flags) for text, flags in lawful if flags]
    return {
        "n": len(rows),
        "recall": round(sum(flagged for _, flagged in should_flag) / max(1, len(should_flag)), 4),
        "false_flags": len(false_flags),
        "false_flag_rate": round(len(false_flags) / max(1, len(lawful)), 4),
        "per_class": {
            name: {**counts, "recall": round(counts["caught"] / counts["flag"], 4)}
            for name, counts in sorted(per_class.items())
        },
        "misses": [{"text": text, "expected": "flag"} for text, flagged in should_flag if not flagged]
        + [{"text": text, "expected": "ok", "fired": [_fired(flag) for flag in flags]} for text, flags in false_flags],
    }


def evaluate_steering(paths: Path | list[Path]) -> dict[str, Any]:
    """Steering questions redirected to neutral sources, and lawful questions left to be answered."""
    from ehub.compliance.fair_housing import steering_topic

    rows = read_tsv(_paths(paths), ("text", "expected"))
    decided = [(text, expected, steering_topic(text)) for text, expected in rows]
    redirect = [(text, topic) for text, expected, topic in decided if expected == "redirect"]
    benign = [(text, topic) for text, expected, topic in decided if expected == "none"]
    return {
        "n": len(rows),
        "redirected": sum(topic is not None for _, topic in redirect),
        "should_redirect": len(redirect),
        "redirect_recall": round(sum(topic is not None for _, topic in redirect) / max(1, len(redirect)), 4),
        "benign_redirected": sum(topic is not None for _, topic in benign),
        "benign": len(benign),
        "misses": [{"text": text, "expected": "redirect"} for text, topic in redirect if topic is None]
        + [{"text": text, "expected": "none", "got": topic} for text, topic in benign if topic is not None],
    }


def _fired(flag: object) -> str:
    return str(getattr(flag, "rule", None) or getattr(flag, "category", None) or flag)


def _paths(paths: Path | list[Path]) -> list[Path]:
    return [paths] if isinstance(paths, Path) else list(paths)
