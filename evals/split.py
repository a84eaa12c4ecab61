"""Split freshly written labelled sets into `dev/` (tune on it) and `test/` (report it; never tune).

Run once per new batch of data, before any rule or model is tuned on it:

    python evals/split.py evals/incoming

Each example goes to test or dev by the SHA-256 of its text (a conversation: of its name), taken
within its label in hash order, alternately: the split is a pure function of the data, balanced
per label, and adding examples later never moves an existing one. Notes files follow their rows.
Examples the engine was already tuned on (`--tuned FILE`) go to dev only. Stdlib only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).parent
TSV_SETS = {"intents": "intent", "compliance": "expected", "steering": "expected"}
JSONL_SETS = {"scoring": ("expected", "messages"), "conversations": ("kind", "name")}


def _digest(key: str) -> str:
    return hashlib.sha256(" ".join(key.lower().split()).encode()).hexdigest()


def _assign(items: list[tuple[str, str]]) -> dict[str, str]:
    """key -> "test" | "dev", alternating within each label in hash order (test first)."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for key, label in items:
        by_label[label].append(key)
    split = {}
    for keys in by_label.values():
        for position, key in enumerate(sorted(keys, key=_digest)):
            split[key] = "test" if position % 2 == 0 else "dev"
    return split


def _split_tsv(source: Path, name: str, label_column: str) -> dict[str, list[str]]:
    header, *lines = (source / f"{name}.tsv").read_text().splitlines()
    columns = header.split("\t")
    rows = [dict(zip(columns, line.split("\t"), strict=True)) for line in lines if line.strip()]
    split = _assign([(row["text"], row[label_column]) for row in rows])
    out: dict[str, list[str]] = {"dev": [header], "test": [header]}
    for line, row in zip(lines, rows, strict=True):
        out[split[row["text"]]].append(line)
    notes = source / f"{name}_notes.tsv"
    if notes.exists():
        notes_header, *note_lines = notes.read_text().splitlines()
        kept: dict[str, list[str]] = {"dev": [notes_header.replace("line\t", "", 1)], "test": []}
        kept["test"].append(kept["dev"][0])
        for note in note_lines:  # drop the line number: it pointed into the unsplit file
            fields = note.split("\t")
            kept[split[fields[-1]]].append("\t".join(fields[1:]))
        for part in ("dev", "test"):
            (HERE / part / f"{name}_notes.tsv").write_text("\n".join(kept[part]) + "\n")
    return out


def _split_jsonl(source: Path, name: str, label_key: str, identity_key: str) -> dict[str, list[str]]:
    lines = [line for line in (source / f"{name}.jsonl").read_text().splitlines() if line.strip()]
    cases = [json.loads(line) for line in lines]
    identity = [json.dumps(case[identity_key], ensure_ascii=False) for case in cases]
    split = _assign([(key, str(case[label_key])) for key, case in zip(identity, cases, strict=True)])
    out: dict[str, list[str]] = {"dev": [], "test": []}
    for key, line in zip(identity, lines, strict=True):
        out[split[key]].append(line)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="folder of freshly written sets")
    parser.add_argument("--tuned", type=Path, action="append", default=[], help="an already-tuned file: dev only")
    args = parser.parse_args()
    for part in ("dev", "test"):
        (HERE / part).mkdir(exist_ok=True)
    outputs: dict[str, dict[str, list[str]]] = {}
    for name, label in TSV_SETS.items():
        if (args.source / f"{name}.tsv").exists():
            outputs[f"{name}.tsv"] = _split_tsv(args.source, name, label)
    for name, (label, identity) in JSONL_SETS.items():
        if (args.source / f"{name}.jsonl").exists():
            outputs[f"{name}.jsonl"] = _split_jsonl(args.source, name, label, identity)
    for tuned in args.tuned:  # appended to dev after the fresh rows, header dropped for TSVs
        lines = tuned.read_text().splitlines()
        target = "intents.tsv" if tuned.name.startswith("intents") else tuned.name
        body = lines[1:] if tuned.suffix == ".tsv" else lines
        outputs[target]["dev"].extend(line for line in body if line.strip())
    for filename, parts in outputs.items():
        for part, lines in parts.items():
            (HERE / part / filename).write_text("\n".join(lines) + "\n")
            print(f"{part}/{filename}: {len(lines) - (1 if filename.endswith('.tsv') else 0)} examples")


if __name__ == "__main__":
    main()
