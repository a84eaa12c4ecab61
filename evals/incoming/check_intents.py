#!/usr/bin/env python3
"""Check intents.tsv and intents_notes.tsv (stdlib only).

Checks: UTF-8, headers, one text and one label per line, no tabs/newlines/CR in a text,
no text starting with a double quote, only the five labels, minimum size, label / language /
hard-negative shares within tolerance, exact duplicates (case-, space- and
punctuation-insensitive), near-duplicates (same wording with only numbers or a word or two
changed), and that the notes file has one matching row per data line.

Usage: python3 check_intents.py [directory]   (default: this script's directory)
Exit status 0 when every check passes, 1 otherwise.
"""
import difflib
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

LABELS = ["buyer_intent", "seller_intent", "information_seeking", "opt_out", "human_request"]
LANGS = ["en", "es", "spanglish"]
FORMS = {"plain", "shorthand", "typo", "voice", "caps", "emoji", "short", "rambling",
         "multi-intent", "hard-negative", "lead-form", "stylized"}
MIN_LINES = 1100
# target share, allowed absolute deviation
LABEL_TARGET = {"buyer_intent": (0.28, 0.04), "seller_intent": (0.22, 0.04),
                "information_seeking": (0.24, 0.04), "opt_out": (0.13, 0.03),
                "human_request": (0.13, 0.03)}
LANG_TARGET = {"en": (0.62, 0.04), "es": (0.23, 0.04), "spanglish": (0.15, 0.04)}
HARD_NEG_RANGE = (0.17, 0.25)
NEAR_JACCARD = 0.80     # token-set similarity after masking digits
NEAR_RATIO = 0.90       # character similarity after masking digits
NEAR_MIN_TOKENS = 4

errors = []


def err(msg):
    errors.append(msg)


def dup_key(text):
    """Case-, space- and punctuation-insensitive key (letters and digits only)."""
    t = unicodedata.normalize("NFKC", text).casefold()
    k = "".join(ch for ch in t if ch.isalnum())
    return k or text.strip()  # emoji-only messages keep their symbols


def tokens(text):
    t = unicodedata.normalize("NFKC", text).casefold()
    t = re.sub(r"\d+", "0", t)
    return [w for w in re.split(r"[^\w]+", t) if w]


def read_tsv(path, header):
    raw = path.read_bytes()
    try:
        txt = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        err(f"{path.name}: not valid UTF-8 ({e})")
        return []
    if txt.startswith("\ufeff"):
        err(f"{path.name}: has a BOM")
        txt = txt[1:]
    if "\r" in txt:
        err(f"{path.name}: contains carriage returns")
    lines = txt.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    else:
        err(f"{path.name}: does not end with a newline")
    if not lines or lines[0] != header:
        err(f"{path.name}: header must be {header!r}, got {lines[0] if lines else None!r}")
    return lines[1:]


def share_check(name, counts, total, targets):
    for key, (target, tol) in targets.items():
        share = counts.get(key, 0) / total if total else 0
        flag = "" if abs(share - target) <= tol else "  <-- out of range"
        print(f"  {key:20s} {counts.get(key, 0):5d}  {share:6.1%}  (target {target:.0%} ± {tol:.0%}){flag}")
        if flag:
            err(f"{name} share for {key} is {share:.1%}, target {target:.0%} ± {tol:.0%}")


def main():
    base = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    data_path, notes_path = base / "intents.tsv", base / "intents_notes.tsv"

    # ---- intents.tsv
    rows = []
    for n, line in enumerate(read_tsv(data_path, "text\tintent"), start=2):
        parts = line.split("\t")
        if len(parts) != 2:
            err(f"intents.tsv line {n}: expected 2 tab-separated fields, got {len(parts)}")
            continue
        text, label = parts
        if not text.strip():
            err(f"intents.tsv line {n}: empty text")
        if text != text.strip():
            err(f"intents.tsv line {n}: leading/trailing whitespace")
        if text.startswith('"'):
            err(f"intents.tsv line {n}: text starts with a double quote")
        if label not in LABELS:
            err(f"intents.tsv line {n}: unknown label {label!r}")
        rows.append((n, text, label))
    total = len(rows)
    if total < MIN_LINES:
        err(f"intents.tsv: {total} data lines, need at least {MIN_LINES}")

    print(f"intents.tsv: {total} data lines")
    print("labels:")
    share_check("label", Counter(r[2] for r in rows), total, LABEL_TARGET)

    # exact duplicates
    seen = {}
    for n, text, _ in rows:
        k = dup_key(text)
        if k in seen:
            err(f"duplicate: line {n} {text!r} == line {seen[k][0]} {seen[k][1]!r}")
        else:
            seen[k] = (n, text)

    # near-duplicates
    toks = [(n, text, set(tokens(text)), " ".join(tokens(text))) for n, text, _ in rows]
    near = 0
    for i in range(len(toks)):
        ni, ti, si, ji = toks[i]
        for j in range(i + 1, len(toks)):
            nj, tj, sj, jj = toks[j]
            if len(si) >= NEAR_MIN_TOKENS and len(sj) >= NEAR_MIN_TOKENS:
                jac = len(si & sj) / len(si | sj)
                if jac >= NEAR_JACCARD:
                    err(f"near-duplicate (jaccard {jac:.2f}): line {ni} {ti!r} ~ line {nj} {tj!r}")
                    near += 1
                    continue
            if min(len(ji), len(jj)) >= 15:
                sm = difflib.SequenceMatcher(None, ji, jj, autojunk=False)
                if sm.real_quick_ratio() >= NEAR_RATIO and sm.quick_ratio() >= NEAR_RATIO \
                        and sm.ratio() >= NEAR_RATIO:
                    err(f"near-duplicate (ratio {sm.ratio():.2f}): line {ni} {ti!r} ~ line {nj} {tj!r}")
                    near += 1
    print(f"duplicates: {total - len(seen)}, near-duplicates: {near}")

    # ---- intents_notes.tsv
    notes = read_tsv(notes_path, "line\tintent\tlanguage\tform\ttext")
    if len(notes) != total:
        err(f"intents_notes.tsv: {len(notes)} rows but intents.tsv has {total} data lines")
    by_line = {n: (text, label) for n, text, label in rows}
    langs, forms, cross = Counter(), Counter(), Counter()
    for k, line in enumerate(notes, start=2):
        parts = line.split("\t")
        if len(parts) != 5:
            err(f"intents_notes.tsv row {k}: expected 5 fields, got {len(parts)}")
            continue
        ln, label, lang, form, text = parts
        if not ln.isdigit() or int(ln) != k:
            err(f"intents_notes.tsv row {k}: line number {ln!r} should be {k}")
            continue
        if int(ln) not in by_line:
            err(f"intents_notes.tsv row {k}: no line {ln} in intents.tsv")
            continue
        dtext, dlabel = by_line[int(ln)]
        if text != dtext:
            err(f"intents_notes.tsv row {k}: text differs from intents.tsv line {ln}")
        if label != dlabel:
            err(f"intents_notes.tsv row {k}: intent {label!r} but intents.tsv says {dlabel!r}")
        if lang not in LANGS:
            err(f"intents_notes.tsv row {k}: unknown language {lang!r}")
        if form not in FORMS:
            err(f"intents_notes.tsv row {k}: unknown form {form!r}")
        langs[lang] += 1
        forms[form] += 1
        cross[(dlabel, lang)] += 1

    print("languages:")
    share_check("language", langs, total, LANG_TARGET)
    print("forms:")
    for f, c in forms.most_common():
        print(f"  {f:20s} {c:5d}  {c / total:6.1%}" if total else f)
    hn = forms.get("hard-negative", 0) / total if total else 0
    if not HARD_NEG_RANGE[0] <= hn <= HARD_NEG_RANGE[1]:
        err(f"hard-negative share {hn:.1%} outside {HARD_NEG_RANGE[0]:.0%}-{HARD_NEG_RANGE[1]:.0%}")
    for f in FORMS - {"lead-form", "stylized"}:
        if forms.get(f, 0) == 0:
            err(f"no rows with form {f!r}")
    print("label x language:")
    print("  " + " " * 20 + "".join(f"{l:>11s}" for l in LANGS))
    for lab in LABELS:
        print(f"  {lab:20s}" + "".join(f"{cross[(lab, l)]:11d}" for l in LANGS))

    if errors:
        print(f"\nFAIL: {len(errors)} problem(s)")
        for e in errors[:200]:
            print("  - " + e)
        if len(errors) > 200:
            print(f"  ... and {len(errors) - 200} more")
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
