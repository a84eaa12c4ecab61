"""`ehub train NAME`: fit a shipped text model on the dev split and write it to ehub/learning/models/."""

from __future__ import annotations

import typer

from ehub.errors import ValidationError
from tools.cli.output import console, emit, options


def train(name: str = typer.Argument(..., help="intents, fair_housing or steering")) -> None:
    """Train one model from evals/dev (never from evals/test) and write it; needs scikit-learn (dev tools)."""
    from ehub.learning.train import SPECS, write
    from ehub.learning.train import train as fit

    if name not in SPECS:
        raise ValidationError(f"No model {name!r}; one of {', '.join(SPECS)}", field="NAME", code="MODEL_UNKNOWN")
    model = fit(SPECS[name])
    path = write(model)
    summary = {
        "model": name,
        "path": str(path),
        "examples": model["trained_on"]["examples"],
        "features": len(model["features"]),
        "classes": model["classes"],
    }
    emit(summary)
    if not options.json:
        console.print(
            f"{name}: {summary['examples']} examples, {summary['features']:,} features, "
            f"classes {', '.join(model['classes'])} -> {path}",
            highlight=False,
        )
