"""The evaluation harness on the labelled sets we ship: CI fails if the engine gets worse."""

from __future__ import annotations

import json
from pathlib import Path

from ehub.evaluation import evaluate_compliance, evaluate_intents, evaluate_scoring
from ehub.paths import PROJECT_ROOT
from tests.cli_helpers import run_ehub

EVALS = PROJECT_ROOT / "evals"


def test_intent_accuracy_stays_at_or_above_ninety_percent() -> None:
    result = evaluate_intents(EVALS / "intents.tsv")
    assert result["n"] >= 300
    assert result["accuracy"] >= 0.90, result["confusion"]
    assert all(stats["recall"] >= 0.85 for stats in result["per_class"].values()), result["per_class"]
    assert evaluate_intents(EVALS / "intents_holdout.tsv")["accuracy"] >= 0.85


def test_scoring_agrees_with_the_labelled_conversations() -> None:
    result = evaluate_scoring(EVALS / "scoring.jsonl")
    assert result["n"] >= 50 and result["agreement"] >= 0.90, result["confusion"]


def test_compliance_catches_preferences_without_flagging_lawful_copy() -> None:
    result = evaluate_compliance(EVALS / "compliance.tsv")
    assert result["n"] >= 80 and result["recall"] >= 0.90 and result["false_flags"] == 0, result["errors"]


def test_eval_commands_print_the_documented_json(data_dir: Path) -> None:
    intents = json.loads(run_ehub("--json", "eval", "intents", str(EVALS / "intents.tsv"), data_dir=data_dir).stdout)
    assert set(intents) == {"n", "accuracy", "per_class", "confusion"}
    scoring = json.loads(run_ehub("--json", "eval", "scoring", str(EVALS / "scoring.jsonl"), data_dir=data_dir).stdout)
    assert set(scoring) == {"n", "agreement", "confusion"}
    compliance = json.loads(
        run_ehub("--json", "eval", "compliance", str(EVALS / "compliance.tsv"), data_dir=data_dir).stdout
    )
    assert set(compliance) == {"n", "recall", "false_flags", "errors"}
    bad = run_ehub("eval", "intents", str(EVALS / "scoring.jsonl"), data_dir=data_dir)
    assert bad.returncode == 2 and "header" in bad.stderr
