"""`ehub eval intents|scoring|compliance|steering|conversations`: the engine on labelled sets.

Without a FILE each set is measured on both splits, `dev` (what rules and models were tuned on)
and `test` (frozen, never tuned on: the honest figure); `--split` picks one. Each report gives the
headline figure, per-class figures, a confusion matrix and every miss (`--misses` prints them;
`--json` always carries them). `conversations` runs the scripted transcripts against the
configured database's marts when it can reach them (market questions need them).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from tools.cli.output import command_group, console, emit, options

eval_app = command_group("Evaluate the engine on labelled examples (dev and frozen test splits).")


class ProviderChoice(StrEnum):
    rules = "rules"
    anthropic = "anthropic"
    gemini = "gemini"


RECORDED = ("intents", "scoring", "compliance", "conversations")  # the kinds app.eval_runs keeps


class SplitChoice(StrEnum):
    dev = "dev"
    test = "test"
    both = "both"


DATASETS = {  # evaluation -> (set name, file suffix, headline)
    "intents": ("intents", ".tsv", lambda r: f"accuracy {r['accuracy']:.3f} on {r['n']} messages"),
    "scoring": ("scoring", ".jsonl", lambda r: f"agreement {r['agreement']:.3f} on {r['n']} conversations"),
    "compliance": (
        "compliance",
        ".tsv",
        lambda r: (
            f"recall {r['recall']:.3f}, {r['false_flags']} false flags "
            f"({r['false_flag_rate']:.1%} of lawful texts) on {r['n']} texts"
        ),
    ),
    "steering": (
        "steering",
        ".tsv",
        lambda r: (
            f"{r['redirected']} of {r['should_redirect']} steering questions redirected, "
            f"{r['benign_redirected']} of {r['benign']} lawful questions redirected"
        ),
    ),
    "conversations": ("conversations", ".jsonl", lambda r: f"{r['acceptable']} of {r['n']} conversations acceptable"),
}


def _evaluate(kind: str, paths: list[Path], market: Any, model: Any) -> dict[str, Any]:
    from ehub import evaluation

    if kind == "conversations":
        return evaluation.evaluate_conversations(paths, market, model)
    if kind in ("intents", "scoring"):
        evaluate_with: Callable[[list[Path], Any], dict[str, Any]] = getattr(evaluation, f"evaluate_{kind}")
        return evaluate_with(paths, model)
    evaluate: Callable[[list[Path]], dict[str, Any]] = getattr(evaluation, f"evaluate_{kind}")
    return evaluate(paths)


def _database(stack: ExitStack, *, required: bool) -> Any:
    """The configured database when reachable (an error when `required` and it is not); None otherwise."""
    from ehub.db import open_database
    from ehub.errors import EhubError
    from ehub.settings import load_settings

    try:
        database = stack.enter_context(open_database(load_settings()))
        database.check()
    except EhubError:
        if required:
            raise
        return None
    return database


def _market(database: Any) -> Any:
    """The marts of the configured database when reachable; None otherwise."""
    from ehub.market.search import MartsMarket

    return MartsMarket(database.marts_engine) if database is not None else None


def _model(kind: str, provider: ProviderChoice) -> Any:
    """The model path for a live provider (its key checked before anything runs), None for the rules."""
    if provider == ProviderChoice.rules:
        return None
    from ehub.errors import ValidationError
    from ehub.evaluation.models import model_path
    from ehub.settings import load_settings

    if kind not in ("intents", "scoring", "conversations"):
        raise ValidationError(
            f"{kind} is checked by rules only: --provider applies to intents, scoring and conversations",
            field="provider",
            code="EVAL_PROVIDER_UNSUPPORTED",
        )
    return model_path(load_settings(), provider.value, writes=kind == "conversations")


def _run(
    kind: str,
    path: Path | None,
    split: SplitChoice,
    show_misses: bool,
    record: bool = False,
    provider: ProviderChoice = ProviderChoice.rules,
) -> None:
    from ehub.evaluation.sets import SPLITS, split_files

    dataset, suffix, headline = DATASETS[kind]
    runs = (
        {path.name: [path]}
        if path
        else {name: split_files(dataset, name, suffix) for name in SPLITS if split in (SplitChoice.both, name)}
    )
    _model(kind, provider)  # a missing key stops the run before any database or model is touched
    live = provider != ProviderChoice.rules
    with ExitStack() as stack:
        database = _database(stack, required=record) if record or live or kind == "conversations" else None
        market = _market(database) if kind == "conversations" else None
        results = {name: _evaluate(kind, paths, market, _model(kind, provider)) for name, paths in runs.items()}
        if database is not None and (record or live) and kind in RECORDED:
            _record(database, kind, results, runs, provider.value)
    if options.json:
        emit(results)
        return
    for name, result in results.items():
        via = f" via {result['provider']} ({result['model']}, {result['model_calls']} calls)" if live else ""
        console.print(f"{kind} ({name}){via}: {headline(result)}", highlight=False)
        for key in ("per_class", "confusion", "conversations"):
            if key in result:
                console.print(f"  {key}: {result[key]}", highlight=False)
        misses = result.get("misses", [])
        console.print(f"  misses: {len(misses)}" + ("" if show_misses else " (--misses to list them)"), highlight=False)
        for miss in misses if show_misses else ():
            console.print(f"    {miss}", highlight=False)


def _record(database: Any, kind: str, results: dict[str, dict[str, Any]], runs: dict[str, list[Path]], by: str) -> None:
    from ehub.evaluation_runs import record_eval_run

    for name, result in results.items():
        result["run_id"] = record_eval_run(database, kind, runs[name], result, recorded_by="cli", provider=by).run_id


_FILE = typer.Argument(None, help="A labelled file; default: the dev and test splits in evals/.")
_SPLIT = typer.Option(SplitChoice.both, "--split", help="Which split(s) of evals/ to measure.")
_MISSES = typer.Option(False, "--misses", help="List every miss (texts included).")
_PROVIDER = typer.Option(
    ProviderChoice.rules,
    "--provider",
    help="rules (the engine alone), or a model that reads the slots (and writes conversations' replies); "
    "a model run is recorded in app.eval_runs with its provider when the database is reachable.",
)
_RECORD = typer.Option(False, "--record", help="Store each split's run in app.eval_runs (the accuracy alert).")


@eval_app.command("intents", help="text<TAB>intent: accuracy, per-class precision and recall, confusion, misses.")
def eval_intents(
    path: Path | None = _FILE,
    split: SplitChoice = _SPLIT,
    misses: bool = _MISSES,
    record: bool = _RECORD,
    provider: ProviderChoice = _PROVIDER,
) -> None:
    _run("intents", path, split, misses, record, provider)


@eval_app.command("scoring", help="JSON lines of {messages, expected}: agreement of the final temperature.")
def eval_scoring(
    path: Path | None = _FILE,
    split: SplitChoice = _SPLIT,
    misses: bool = _MISSES,
    record: bool = _RECORD,
    provider: ProviderChoice = _PROVIDER,
) -> None:
    _run("scoring", path, split, misses, record, provider)


@eval_app.command("compliance", help="text<TAB>expected (flag|ok): recall per protected class, false flags.")
def eval_compliance(
    path: Path | None = _FILE,
    split: SplitChoice = _SPLIT,
    misses: bool = _MISSES,
    record: bool = _RECORD,
    provider: ProviderChoice = _PROVIDER,
) -> None:
    _run("compliance", path, split, misses, record, provider)


@eval_app.command("steering", help="text<TAB>expected (redirect|none): steering questions redirected, lawful ones not.")
def eval_steering(path: Path | None = _FILE, split: SplitChoice = _SPLIT, misses: bool = _MISSES) -> None:
    _run("steering", path, split, misses)


@eval_app.command("conversations", help="Scripted multi-turn transcripts: how many a demanding broker accepts.")
def eval_conversations(
    path: Path | None = _FILE,
    split: SplitChoice = _SPLIT,
    misses: bool = _MISSES,
    record: bool = _RECORD,
    provider: ProviderChoice = _PROVIDER,
) -> None:
    _run("conversations", path, split, misses, record, provider)
