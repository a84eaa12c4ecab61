"""The evaluation harness: how well the engine does on labelled examples it was not tuned on.

Sets live in `evals/dev/` (tune on it) and `evals/test/` (report it, never tune): see
`ehub.evaluation.sets`. Every evaluation returns its headline figure, per-class figures, a
confusion matrix where there are classes, and every miss with its text (for people; misses are
never stored with a recorded run).
"""

from ehub.evaluation.transcripts import evaluate_conversations
from ehub.evaluation.understanding import (
    REFERENCE_TIME,
    evaluate_compliance,
    evaluate_intents,
    evaluate_scoring,
    evaluate_steering,
)

__all__ = [
    "REFERENCE_TIME",
    "evaluate_compliance",
    "evaluate_conversations",
    "evaluate_intents",
    "evaluate_scoring",
    "evaluate_steering",
]
