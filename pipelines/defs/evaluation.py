"""The daily evaluation of the intent classifier on the labelled set, recorded in `app.eval_runs`.

The `bot_intent_accuracy` alert reads the newest run, so the run is an asset with its own daily
schedule: the figure stays fresh without anyone remembering `ehub eval intents --record`.
"""

import dagster as dg

from ehub.evaluation_runs import LABELLED_INTENTS, evaluate_and_record_intents
from pipelines.resources import PostgresResource

EVAL_RUNS = dg.AssetKey(["app", "eval_runs"])


@dg.asset(
    key=EVAL_RUNS,
    group_name="evaluation",
    kinds={"python", "postgres"},
    description=f"Intent accuracy on the labelled set ({LABELLED_INTENTS.name}), one row per run.",
)
def eval_runs(context: dg.AssetExecutionContext, postgres: PostgresResource) -> dg.MaterializeResult:
    with postgres.open() as database:
        run = evaluate_and_record_intents(database, recorded_by="dagster")
    context.log.info("intents evaluation: accuracy %.4f on %d messages (run %d)", run.score, run.n, run.run_id)
    return dg.MaterializeResult(
        metadata={
            "accuracy": run.score,
            "n": run.n,
            "dataset": run.dataset,
            "dataset_sha256": run.dataset_sha256,
            "run_id": run.run_id,
        }
    )


eval_intents_job = dg.define_asset_job(
    "eval_intents",
    selection=[EVAL_RUNS],
    description="Evaluate the intent classifier on the labelled set and record the run.",
)

eval_intents_daily = dg.ScheduleDefinition(
    name="eval_intents_daily",
    job=eval_intents_job,
    cron_schedule="30 5 * * *",
    execution_timezone="America/Chicago",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="05:30 Austin time: keeps the bot accuracy alert's figure fresh (a few seconds, no external calls).",
)

defs = dg.Definitions(assets=[eval_runs], jobs=[eval_intents_job], schedules=[eval_intents_daily])
