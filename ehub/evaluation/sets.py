"""Where the labelled sets are and how they are read: `evals/dev/` (tune on it) and `evals/test/`
(report it, never tune on it). A set's dev split is every `<set>*.tsv` (or `.jsonl`) in dev, notes
files aside; its test split is the one file `test/<set>.tsv`."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Literal

from ehub.errors import ValidationError
from ehub.paths import PROJECT_ROOT

EVALS = PROJECT_ROOT / "evals"
Split = Literal["dev", "test"]
SPLITS: tuple[Split, ...] = ("dev", "test")


def split_files(dataset: str, split: Split, suffix: str = ".tsv") -> list[Path]:
    if split == "test":
        return [EVALS / "test" / f"{dataset}{suffix}"]
    return sorted(path for path in (EVALS / "dev").glob(f"{dataset}*{suffix}") if not path.stem.endswith("notes"))


def read_tsv(paths: list[Path], columns: tuple[str, str]) -> list[tuple[str, str]]:
    """(text, label) rows of tab-separated files with a header naming `columns`."""
    rows: list[tuple[str, str]] = []
    for path in paths:
        try:
            with path.open(newline="") as handle:
                reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
                if reader.fieldnames is None or tuple(reader.fieldnames[:2]) != columns:
                    raise ValidationError(
                        f"{path} needs the header {columns[0]}<TAB>{columns[1]}",
                        field="FILE",
                        code="EVAL_HEADER_INVALID",
                    )
                rows += [(row[columns[0]], row[columns[1]].strip()) for row in reader if row[columns[0]]]
        except FileNotFoundError:
            raise ValidationError(f"No such file: {path}", field="FILE", code="FILE_NOT_FOUND") from None
    return rows


def read_jsonl(paths: list[Path]) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in paths:
        try:
            lines = path.read_text().splitlines()
        except FileNotFoundError:
            raise ValidationError(f"No such file: {path}", field="FILE", code="FILE_NOT_FOUND") from None
        try:
            cases += [json.loads(line) for line in lines if line.strip()]
        except json.JSONDecodeError as error:
            raise ValidationError(f"{path} is not JSON lines: {error}", field="FILE", code="NOT_JSON") from None
    return cases


def notes_by_text(paths: list[Path], column: str) -> dict[str, str]:
    """What the notes files next to `paths` say of each text in `column` (e.g. its protected class)."""
    notes: dict[str, str] = {}
    for path in paths:
        notes_path = path.with_name(f"{path.stem}_notes.tsv")
        if not notes_path.exists():
            continue
        with notes_path.open(newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if row.get("text") and row.get(column):
                    notes[row["text"]] = row[column]
    return notes
