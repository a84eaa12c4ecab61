"""Alert thresholds (the `alert_thresholds` dbt seed) and the comparison of observations to them.

The seed is the one place thresholds live: dbt loads it into `staging.alert_thresholds`, and
until dbt has run the CSV itself is read. Both go through `parse_thresholds`. Its
`<source>_staleness_hours` rows are also every source's freshness limit (`source_freshness`):
the raw assets' `_fresh` checks and their Dagster freshness policies read them from here too.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal, TypeGuard

from sqlalchemy import text

from ehub.db.database import Database
from ehub.db.rows import ColumnValues
from ehub.errors import ConfigError
from ehub.paths import DBT_PROJECT_DIR

SEED_PATH = DBT_PROJECT_DIR / "seeds" / "alert_thresholds.csv"
SEED_TABLE = "staging.alert_thresholds"  # dbt_project.yml puts seeds in `staging`
COLUMNS = ("metric", "comparison", "threshold", "unit", "severity", "description")
_SEED_QUERY = text("select metric, comparison, threshold, unit, severity, description from staging.alert_thresholds")
COMPARISONS = (">", "<")
SEVERITIES = ("warning", "critical")

Comparison = Literal[">", "<"]


def _is_comparison(value: str) -> TypeGuard[Comparison]:
    return value in COMPARISONS


@dataclass(frozen=True)
class Threshold:
    metric: str
    comparison: Comparison
    threshold: float
    unit: str
    severity: str
    description: str

    def breached_by(self, value: float) -> bool:
        return value > self.threshold if self.comparison == ">" else value < self.threshold


@dataclass(frozen=True)
class Observation:
    """One measured value; `detail` says what it covers (a window, a run, a sync), never who."""

    metric: str
    value: float
    detail: str = ""


@dataclass(frozen=True)
class Alert:
    """A threshold and the observation that breaches it (`firing`) or no longer does."""

    threshold: Threshold
    observation: Observation
    firing: bool = True

    @property
    def metric(self) -> str:
        return self.threshold.metric

    @property
    def severity(self) -> str:
        return self.threshold.severity

    def summary(self) -> str:
        """E.g. `api_error_rate 12.5 % > 5.0 %`: the metric, its value and the rule it is judged by."""
        unit = self.threshold.unit
        return (
            f"{self.metric} {format_value(self.observation.value, unit)} "
            f"{self.threshold.comparison} {format_value(self.threshold.threshold, unit)}"
        )

    def as_dict(self) -> dict[str, object]:
        value = self.observation.value
        return {
            "metric": self.metric,
            "firing": self.firing,
            "severity": self.severity,
            "value": value if math.isfinite(value) else None,
            "comparison": self.threshold.comparison,
            "threshold": self.threshold.threshold,
            "unit": self.threshold.unit,
            "summary": self.summary(),
            "detail": self.observation.detail,
            "description": self.threshold.description,
        }


def format_value(value: float, unit: str) -> str:
    if not math.isfinite(value):
        return "never"
    if unit == "ratio":
        return f"{value * 100:.1f} %"
    if unit == "ms":
        return f"{value:.0f} ms"
    if unit == "hours":
        return f"{value:.1f} h"
    return f"{value:g}" if unit == "flag" else f"{value:g} {unit}"


def parse_thresholds(rows: Iterable[ColumnValues]) -> list[Threshold]:
    """Rows from the CSV (strings) or the seed table (typed) into thresholds; bad rows are config errors."""
    thresholds: dict[str, Threshold] = {}
    for number, row in enumerate(rows, start=1):
        missing = [column for column in COLUMNS if row.get(column) in (None, "") and column != "description"]
        if missing:
            raise ConfigError(f"alert threshold row {number}: missing {', '.join(missing)}", code="ALERT_SEED_INVALID")
        metric, comparison, severity = (str(row[key]).strip() for key in ("metric", "comparison", "severity"))
        if not _is_comparison(comparison) or severity not in SEVERITIES:
            raise ConfigError(
                f"alert threshold {metric}: comparison must be one of {COMPARISONS}, severity one of {SEVERITIES}",
                code="ALERT_SEED_INVALID",
            )
        try:
            value = float(str(row["threshold"]))
        except ValueError:
            message = f"alert threshold {metric}: threshold is not a number"
            raise ConfigError(message, code="ALERT_SEED_INVALID") from None
        if metric in thresholds:
            raise ConfigError(f"alert threshold {metric} appears twice", code="ALERT_SEED_INVALID")
        thresholds[metric] = Threshold(
            metric=metric,
            comparison=comparison,
            threshold=value,
            unit=str(row["unit"]).strip(),
            severity=severity,
            description=str(row.get("description") or "").strip(),
        )
    return list(thresholds.values())


def read_seed_file() -> list[Threshold]:
    with SEED_PATH.open(newline="") as handle:
        return parse_thresholds(csv.DictReader(handle))


def source_freshness(thresholds: Iterable[Threshold] | None = None) -> dict[str, timedelta]:
    """Each source's freshness limit, from the `<source>_staleness_hours` rows (the seed file's by default)."""
    rows = read_seed_file() if thresholds is None else thresholds
    suffix = "_staleness_hours"
    return {
        row.metric.removesuffix(suffix): timedelta(hours=row.threshold) for row in rows if row.metric.endswith(suffix)
    }


def load_thresholds(database: Database | None) -> tuple[list[Threshold], str]:
    """The seed table if dbt has loaded it, the CSV otherwise; returns the thresholds and where they came from."""
    if database is not None:
        with database.engine.connect() as connection:
            if connection.execute(text("select to_regclass(:name)"), {"name": SEED_TABLE}).scalar() is not None:
                rows = connection.execute(_SEED_QUERY).mappings().all()
                return parse_thresholds(rows), SEED_TABLE
    return read_seed_file(), str(SEED_PATH.relative_to(DBT_PROJECT_DIR.parent))


def evaluate(thresholds: Sequence[Threshold], observations: Mapping[str, Observation]) -> list[Alert]:
    """The firing alerts: every threshold whose metric was observed and breaches it.

    A metric without an observation (no API traffic in the window, no evaluation run yet) is
    neither firing nor resolved: there is nothing to judge.
    """
    return [
        Alert(threshold, observations[threshold.metric])
        for threshold in thresholds
        if threshold.metric in observations and threshold.breached_by(observations[threshold.metric].value)
    ]


def resolutions(
    thresholds: Sequence[Threshold], observations: Mapping[str, Observation], previously_firing: Iterable[str]
) -> list[Alert]:
    """Alerts that fired before and are now observed within their threshold."""
    by_metric = {threshold.metric: threshold for threshold in thresholds}
    resolved = []
    for metric in sorted(set(previously_firing)):
        threshold, observation = by_metric.get(metric), observations.get(metric)
        if threshold is not None and observation is not None and not threshold.breached_by(observation.value):
            resolved.append(Alert(threshold, observation, firing=False))
    return resolved
