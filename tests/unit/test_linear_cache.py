"""A shipped model read back from the machine's cache is the model its JSON file holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ehub import machine_cache
from ehub.conversation.text import normalise
from ehub.learning.linear import MODELS_DIR, LinearTextModel, load_model

MESSAGES = ("Hi, looking for a 3 bed in Round Rock under 450k", "quiero vender mi casa", "no kids please", "STOP")


@pytest.mark.parametrize("name", ["intents", "fair_housing", "steering"])
def test_the_cached_model_predicts_as_the_json_one(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(machine_cache, "CACHE_DIR", tmp_path)
    from_json = LinearTextModel.from_dict(json.loads((MODELS_DIR / f"{name}.json").read_text()))
    first = load_model.__wrapped__(name)  # parses the JSON and stores the parsed form
    assert list(tmp_path.glob(f"model-{name}-*"))
    second = load_model.__wrapped__(name)  # reads the stored form
    assert first == second == from_json
    for message in MESSAGES:
        assert second.probabilities(normalise(message)) == from_json.probabilities(normalise(message))
