"""Scripted multi-turn conversations, judged the way a demanding broker would judge them.

Each transcript is a list of lead messages with what the bot must (and must not) do after each:
which bot answers, the intent, the reply's language, words it must or must not contain, the one
question it asks, whether the lead is with a person by then, silence, the temperature and the
compliance flags. A conversation is acceptable only when every expectation of every turn holds.
The engine runs with the real market data when a `MarketData` is given (market questions need the
marts), without it otherwise.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ehub.evaluation.sets import read_jsonl
from ehub.evaluation.understanding import REFERENCE_TIME

if TYPE_CHECKING:
    from ehub.evaluation.models import ModelPath


def _checks(expect: dict[str, Any], turn: Any, state: Any) -> list[str]:
    """What went wrong with one turn (empty: all good)."""
    reply = (turn.reply or "").lower()
    problems = []
    if "bot" in expect and state.bot != expect["bot"]:
        problems.append(f"bot {state.bot}, expected {expect['bot']}")
    if "intent" in expect and turn.intent != expect["intent"]:
        problems.append(f"intent {turn.intent}, expected {expect['intent']}")
    if "reply_language" in expect and turn.reply and turn.language != expect["reply_language"]:
        problems.append(f"replied in {turn.language}, expected {expect['reply_language']}")
    problems += [f"reply lacks {word!r}" for word in expect.get("reply_mentions", []) if word.lower() not in reply]
    problems += [f"reply says {word!r}" for word in expect.get("reply_must_not_mention", []) if word.lower() in reply]
    if "asks_about" in expect and not _asks(expect["asks_about"], turn):
        problems.append(f"asked about {turn.asked}, expected {expect['asks_about']}")
    if "handoff" in expect and state.handed_off != expect["handoff"]:  # the lead is (not) with a person now
        problems.append(f"handed off {state.handed_off}, expected {expect['handoff']}")
    if expect.get("no_reply") and turn.reply is not None:
        problems.append("replied, expected silence")
    if "temperature" in expect and turn.temperature != expect["temperature"]:
        problems.append(f"temperature {turn.temperature}, expected {expect['temperature']}")
    missing_flags = set(expect.get("flags", [])) - set(turn.compliance_flags)
    problems += [f"flag {flag} missing" for flag in sorted(missing_flags)]
    return problems


def _asks(wanted: str, turn: Any) -> bool:
    if wanted == "none":
        return turn.asked is None
    if turn.asked == wanted:
        return True
    # Setting the visit up (a showing task, or an agent taking it from here) answers "appointment".
    scheduling = any(action.get("type") == "task" for action in turn.actions) or turn.handoff
    return wanted == "appointment" and scheduling


def evaluate_conversations(
    paths: Path | list[Path], market: Any = None, model: ModelPath | None = None
) -> dict[str, Any]:
    """With `model`, the model reads each message's slots and writes the replies the checks read."""
    from ehub.bots.engine import Engine
    from ehub.bots.state import LeadState

    engine = Engine(market)
    results = []
    for case in read_jsonl([paths] if isinstance(paths, Path) else list(paths)):
        state, problems = LeadState(), []
        if model is not None:
            model.new_lead()
        for step, expected in enumerate(case["turns"]):
            now, message = REFERENCE_TIME + timedelta(minutes=2 * step), expected["lead"]
            slots = model.read(message, state, now)[0] if model is not None and not state.opted_out else None
            turn = engine.respond(state, message, now=now, model_slots=slots)
            if model is not None and not state.opted_out:
                model.reword(turn, message)
            problems += [
                {"turn": step + 1, "lead": expected["lead"], "reply": turn.reply, "problem": problem}
                for problem in _checks(expected.get("expect", {}), turn, state)
            ]
        results.append((case["name"], problems))
    acceptable = sum(not problems for _, problems in results)
    return {
        "n": len(results),
        "acceptable": acceptable,
        "acceptable_rate": round(acceptable / len(results), 4) if results else 0.0,
        "conversations": {name: "ok" if not problems else f"{len(problems)} problem(s)" for name, problems in results},
        "misses": [{"conversation": name, **problem} for name, problems in results for problem in problems],
        **(model.report() if model else {"provider": "rules"}),
    }
