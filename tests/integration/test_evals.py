"""The evaluation harness on the labelled sets we ship: CI fails if the engine gets worse.

Floors are set on the frozen `test` split (evals/README.md), just under the figures the engine
reaches on it (never tuned on it); they rise as the engine improves.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ehub.evaluation import evaluate_compliance, evaluate_intents, evaluate_scoring, evaluate_steering
from ehub.paths import PROJECT_ROOT
from tests.cli_helpers import run_ehub

EVALS = PROJECT_ROOT / "evals"
TEST = EVALS / "test"


def test_the_test_split_is_frozen() -> None:
    """Nobody tunes on the test split, and nobody edits it: its digests are recorded at the freeze."""
    recorded = dict(
        reversed(line.split("  ", 1)) for line in (TEST / "SHA256SUMS").read_text().splitlines() if line.strip()
    )
    present = {path.name for path in TEST.iterdir() if path.name != "SHA256SUMS"}
    assert set(recorded) == present
    for name, digest in recorded.items():
        assert hashlib.sha256((TEST / name).read_bytes()).hexdigest() == digest, f"{name} changed after the freeze"


def test_intent_accuracy_stays_above_its_floor() -> None:
    result = evaluate_intents(TEST / "intents.tsv")
    assert result["n"] >= 600
    assert result["accuracy"] >= 0.945, result["confusion"]  # 0.948 on 2026-11-28


def test_scoring_agrees_with_the_labelled_conversations() -> None:
    result = evaluate_scoring(TEST / "scoring.jsonl")
    assert result["n"] >= 120 and result["agreement"] >= 0.92, result["confusion"]  # 0.926


def test_compliance_catches_preferences_without_flagging_lawful_copy() -> None:
    result = evaluate_compliance(TEST / "compliance.tsv")
    assert result["n"] >= 250 and result["recall"] >= 0.97, result["per_class"]  # 0.976
    assert result["false_flag_rate"] <= 0.03, "at most 3 % of the lawful texts"


def test_steering_questions_are_redirected_and_lawful_ones_answered() -> None:
    # 31 of 31 redirected and no benign question on 2026-11-28
    result = evaluate_steering(TEST / "steering.tsv")
    assert result["n"] >= 60 and result["redirected"] >= 30 and result["benign_redirected"] <= 1, result["misses"]


def test_eval_reports_both_splits_per_class_with_every_miss(data_dir: Path) -> None:
    both = json.loads(run_ehub("--json", "eval", "intents", data_dir=data_dir).stdout)
    assert set(both) == {"dev", "test"}
    assert {"n", "accuracy", "per_class", "confusion", "misses"} <= set(both["test"])
    assert all({"text", "expected", "got"} <= set(miss) for miss in both["test"]["misses"])
    one = json.loads(run_ehub("--json", "eval", "scoring", str(TEST / "scoring.jsonl"), data_dir=data_dir).stdout)
    assert {"n", "agreement", "per_class", "confusion", "misses"} <= set(one["scoring.jsonl"])
    compliance = json.loads(run_ehub("--json", "eval", "compliance", "--split", "test", data_dir=data_dir).stdout)
    assert set(compliance) == {"test"} and set(compliance["test"]["per_class"]) >= {"race", "religion", "disability"}
    bad = run_ehub("eval", "intents", str(TEST / "scoring.jsonl"), data_dir=data_dir)
    assert bad.returncode == 2 and "header" in bad.stderr
