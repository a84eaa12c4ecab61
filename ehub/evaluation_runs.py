"""Recorded runs of the evaluation harness (`app.eval_runs`), so accuracy is a metric over time.

The harness (`ehub.evaluation`) stays pure; this module stores what a run measured, keyed by the
file's name and SHA-256 so a changed labelled set is visible. Example texts are never stored.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from psycopg.types.json import Jsonb
from sqlalchemy import text

from ehub.db.database import Database
from ehub.paths import PROJECT_ROOT

EvalKind = Literal["intents", "scoring", "compliance", "conversations"]

LABELLED_INTENTS = PROJECT_ROOT / "evals" / "test" / "intents.tsv"  # the frozen split: an honest figure
HEADLINE = {"intents": "accuracy", "scoring": "agreement", "compliance": "recall", "conversations": "acceptable_rate"}
# Never "misses": those quote example texts. A model run adds its model, calls, cost and fallbacks.
_DETAILS = ("per_class", "confusion", "false_flags", "conversations", "model", "model_calls", "cost_usd", "fallbacks")


@dataclass(frozen=True)
class EvalRun:
    run_id: int
    kind: str
    dataset: str
    dataset_sha256: str
    n: int
    metric: str
    score: float
    run_at: datetime
    provider: str = "rules"


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def record_eval_run(
    database: Database,
    kind: EvalKind,
    path: Path | list[Path],
    result: dict[str, Any],
    *,
    recorded_by: str,
    provider: str = "rules",
) -> EvalRun:
    """Store one harness result (as returned by `ehub.evaluation`); returns the stored row. Several
    files (the dev split) are one dataset named after the first, their digest taken over theirs."""
    paths = path if isinstance(path, list) else [path]
    name = paths[0].name if len(paths) == 1 else f"{paths[0].name} and {len(paths) - 1} more"
    digest = file_sha256(paths[0]) if len(paths) == 1 else _digest_of(paths)
    metric = HEADLINE[kind]
    details = {key: value for key, value in result.items() if key in _DETAILS}
    with database.engine.begin() as connection:
        row = connection.execute(
            text(
                """
                insert into app.eval_runs (kind, dataset, dataset_sha256, n, metric, score, details, recorded_by,
                                           provider)
                values (:kind, :dataset, :sha, :n, :metric, :score, :details, :recorded_by, :provider)
                returning run_id, kind, dataset, dataset_sha256, n, metric, score, run_at, provider
                """
            ),
            {
                "kind": kind,
                "dataset": name,
                "sha": digest,
                "n": result["n"],
                "metric": metric,
                "score": result[metric],
                "details": Jsonb(details),
                "recorded_by": recorded_by,
                "provider": provider,
            },
        ).one()
    return _run(row)


def latest_eval_run(database: Database, kind: EvalKind, provider: str = "rules") -> EvalRun | None:
    """The newest run of `kind` by `provider` (the rules by default: the engine's own figure)."""
    with database.engine.connect() as connection:
        row = connection.execute(
            text(
                """
                select run_id, kind, dataset, dataset_sha256, n, metric, score, run_at, provider
                from app.eval_runs where kind = :kind and provider = :provider
                order by run_at desc, run_id desc limit 1
                """
            ),
            {"kind": kind, "provider": provider},
        ).one_or_none()
    return _run(row) if row is not None else None


def evaluate_and_record_intents(
    database: Database, path: Path = LABELLED_INTENTS, *, recorded_by: str = "dagster"
) -> EvalRun:
    """Run the intents harness on the labelled set and record it: what the daily job does."""
    from ehub.evaluation import evaluate_intents  # the engine is imported only when evaluating

    return record_eval_run(database, "intents", path, evaluate_intents(path), recorded_by=recorded_by)


def _run(row: Any) -> EvalRun:
    return EvalRun(
        run_id=row.run_id,
        kind=row.kind,
        dataset=row.dataset,
        dataset_sha256=row.dataset_sha256,
        n=row.n,
        metric=row.metric,
        score=float(row.score),
        run_at=row.run_at,
        provider=row.provider,
    )


def _digest_of(paths: list[Path]) -> str:
    return hashlib.sha256("".join(file_sha256(path) for path in paths).encode()).hexdigest()
